"""A token index, built once per table and cached: fast word, phrase and regex search.

The index turns the token table into numpy arrays (one entry per token) and
an inverted list from each lower-cased word to the rows where it occurs.  A
word or phrase is then found by array look-ups instead of a scan of the
text, which is what makes a concordance on a million tokens take
milliseconds.  The index is kept while its token table lives and is rebuilt
if the table is replaced.

>>> import kit
>>> ix = index_for(kit.load("lavrov-new-regions-2025"))
>>> hits = ix.find("collective West")
>>> len(hits), [ix.originals[ix.text_of(r)][s:e] for r, s, e in hits][:2]
(3, ['collective West', 'collective West'])
>>> len(ix.find(r"western|westerner", regex=True))
4
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..nlp import WORD_RE
from ..tables import code_order
from .base import originals, tokens_of

__all__ = ["TokenIndex", "Hits", "index_for", "query_parts", "hint"]

_CACHE: dict[int, tuple] = {}
_HINTS: dict[int, tuple] = {}


def hint(tokens: pd.DataFrame, codes: np.ndarray, vocabulary, order: np.ndarray | None = None) -> None:
    """Tell the index the lower-case code of each row of ``tokens`` (and the forms), known from building.

    The index then skips factorising the lower-case column; ``order`` (rows sorted by code) can
    come from the disk cache too.  Only for token tables as built (rows ordered by text and
    offset, each segment's rows together), which the index then need not check.
    """
    key = id(tokens)
    _HINTS[key] = (weakref.ref(tokens, lambda _ref, k=key, c=_HINTS: c.pop(k, None)), codes, vocabulary, order)


def index_for(data) -> "TokenIndex":
    """The (cached) index of the tokens behind ``data``."""
    tokens = tokens_of(data)
    key = id(tokens)
    hit = _CACHE.get(key)
    if hit is not None and hit[0]() is tokens:
        return hit[1]
    h = _HINTS.get(key)
    h = h[1:] if h is not None and h[0]() is tokens else None
    ix = TokenIndex(tokens, originals(data), hints=h)
    _CACHE[key] = (weakref.ref(tokens, lambda _ref, k=key, c=_CACHE: c.pop(k, None)), ix)
    return ix


def _runs(groups: np.ndarray) -> bool:
    """True if equal values of ``groups`` are contiguous and ascending (the tables' own order)."""
    return bool(len(groups) == 0 or (np.diff(groups) >= 0).all())


def _sorted_by(text: np.ndarray, start: np.ndarray) -> bool:
    """True if rows are already ordered by text, then by start (as built)."""
    if len(text) < 2:
        return True
    dt, ds = np.diff(text), np.diff(start)
    return bool(((dt > 0) | ((dt == 0) & (ds > 0))).all())


@dataclass
class Hits:
    """Matches: the table row of each hit's first token, its last token, char offsets."""

    rows: np.ndarray
    last: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    def __post_init__(self):
        self.starts = np.asarray(self.starts, dtype=np.int64)
        self.ends = np.asarray(self.ends, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return zip(self.rows.tolist(), self.starts.tolist(), self.ends.tolist())

    def __getitem__(self, which: slice) -> "Hits":
        """Some of the hits (a slice), for a page of lines."""
        return Hits(self.rows[which], self.last[which], self.starts[which], self.ends[which])


def query_parts(query: str) -> list[str]:
    """Split a word or phrase query into tokens, as the text is split (``*`` stays on its word).

    >>> query_parts("Russia's  security")
    ["Russia's", 'security']
    >>> query_parts("Western*  minority")
    ['Western*', 'minority']
    """
    parts = []
    for m in WORD_RE.finditer(query):
        if m.group() == "*" and parts and m.start() == end:
            parts[-1] += "*"
        else:
            parts.append(m.group())
        end = m.end()
    return parts


class TokenIndex:
    """Arrays over a token table (in its row order) and an inverted word list."""

    def __init__(self, tokens: pd.DataFrame, originals: dict[str, str], hints=None):
        self.tokens = tokens
        self.originals = originals
        tid = tokens["text_id"]
        if isinstance(tid.dtype, pd.CategoricalDtype):
            self.text_names = [str(c) for c in tid.cat.categories]
            self.text = tid.cat.codes.to_numpy(np.int32)
        else:
            codes, names = pd.factorize(tid.astype(str))
            self.text, self.text_names = codes.astype(np.int32), list(names)
        # offsets and positions as stored (32-bit in the kit's tables): no copy of a token-sized column;
        # what leaves the index (``Hits``, :meth:`positions`) is 64-bit, as it always was
        self.start = tokens["start"].to_numpy()
        self.end = tokens["end"].to_numpy()
        self.pos = tokens["i"].to_numpy()
        self.is_word = tokens["is_word"].to_numpy(bool)
        if hints is not None:
            codes, vocab, order = hints
            self.code = np.asarray(codes, dtype=np.int32)
        else:
            lower = tokens["lower"].to_numpy(object) if "lower" in tokens else \
                tokens["text"].str.lower().to_numpy(object)
            codes, vocab = pd.factorize(lower)
            self.code, order = codes.astype(np.int32), None
        self.words = np.asarray(vocab, dtype=object)
        self.vocab = dict(zip(self.words.tolist(), range(len(self.words))))
        seg = tokens["segment_id"]
        if isinstance(seg.dtype, pd.CategoricalDtype):
            self.segment = np.asarray(seg.array.codes)
        else:
            self.segment = pd.factorize(seg.astype(str))[0].astype(np.int32)
        # a table as built: rows by text then offset, each segment's rows together and ascending
        self._ordered = hints is not None or (_runs(self.segment) and _sorted_by(self.text, self.start))
        if order is None:
            order = code_order(self.code)
        bounds = np.searchsorted(self.code[order], np.arange(len(self.words) + 1))
        self._order, self._bounds = order, bounds
        # per text: rows sorted by start, to map a character offset to a token
        if self._ordered or _sorted_by(self.text, self.start):
            rows = np.arange(len(self.text))
        else:
            rows = np.lexsort((self.start, self.text))
        cut = np.searchsorted(self.text[rows], np.arange(len(self.text_names) + 1))
        self._by_text = {}
        for t in range(len(self.text_names)):
            r = rows[cut[t]:cut[t + 1]]
            self._by_text[t] = (r, self.start[r], self.end[r])

    def segment_bounds(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Character bounds of the segment of each row, as seen by this table (contexts stay inside)."""
        seg = self.segment[rows]
        if self._ordered:
            lo, hi = self._run_bounds
            if lo is not None:
                return lo[seg], hi[seg]
            first = np.searchsorted(self.segment, seg, side="left")
            last = np.searchsorted(self.segment, seg, side="right") - 1
            return self.start[first], self.end[last]
        return self.seg_lo[seg], self.seg_hi[seg]

    @property
    def _run_bounds(self) -> tuple:
        """For a table as built: start of each segment's first row, end of its last (by segment code).

        Found once (one binary search per segment), so that a query's contexts take two look-ups.
        ``(None, None)`` if a row has no segment (code -1): then each query searches.
        """
        if "_bounds_of_runs" not in self.__dict__:
            seg, n_rows = self.segment, len(self.segment)
            if n_rows and seg[0] < 0:
                self._bounds_of_runs = (None, None)
            else:
                cut = np.searchsorted(seg, np.arange(int(seg.max()) + 2 if n_rows else 1))
                # a code without rows gets any row's bounds: no hit can ask for it
                first = np.minimum(cut[:-1], max(n_rows - 1, 0))
                last = np.maximum(cut[1:] - 1, 0)
                self._bounds_of_runs = (self.start[first], self.end[last]) if n_rows else \
                    (self.start[:0], self.end[:0])
        return self._bounds_of_runs

    @property
    def seg_lo(self) -> np.ndarray:
        """Lowest start of each segment's rows (by segment code)."""
        if "_seg_lo" not in self.__dict__:
            n_seg = int(self.segment.max()) + 1 if len(self.segment) else 0
            self._seg_lo = np.full(n_seg, np.iinfo(np.int64).max, dtype=np.int64)
            np.minimum.at(self._seg_lo, self.segment, self.start)
        return self._seg_lo

    @property
    def seg_hi(self) -> np.ndarray:
        """Highest end of each segment's rows (by segment code)."""
        if "_seg_hi" not in self.__dict__:
            n_seg = int(self.segment.max()) + 1 if len(self.segment) else 0
            self._seg_hi = np.full(n_seg, -1, dtype=np.int64)
            np.maximum.at(self._seg_hi, self.segment, self.end)
        return self._seg_hi

    def column(self, name: str, rows: np.ndarray):
        """Values of a token-table column at ``rows``, fast (categoricals stay categorical)."""
        cache = self.__dict__.setdefault("_columns", {})
        if name not in cache:
            col = self.tokens[name].array
            cache[name] = (np.asarray(col.codes), col.dtype) if isinstance(col, pd.Categorical) \
                else (col.to_numpy(), None)
        values, dtype = cache[name]
        if dtype is None:
            return values[rows]
        return pd.Categorical.from_codes(values[rows], dtype=dtype, validate=False)

    def labels(self, name: str, rows: np.ndarray) -> list:
        """Values of a token-table column at ``rows`` as a Python list (``None`` for a missing one), fast.

        >>> import kit
        >>> ix = index_for(kit.load("lavrov-new-regions-2025"))
        >>> ix.labels("speaker", ix.find("collective West").rows)
        ['lavrov', 'interviewer', 'lavrov']
        """
        cache = self.__dict__.setdefault("_labels", {})
        if name not in cache:
            col = self.tokens[name].array
            if isinstance(col, pd.Categorical):
                # the categories as Python objects, then None for code -1 (a missing value)
                cache[name] = (np.asarray(col.codes), col.categories.tolist() + [None])
            else:
                cache[name] = (np.asarray(col.astype(object)), None)
        values, categories = cache[name]
        if categories is None:
            return [None if pd.isna(v) else v for v in values[rows].tolist()]
        return [categories[c] for c in values[rows].tolist()]

    def text_of(self, row: int) -> str:
        """The text id of a table row."""
        return self.text_names[self.text[row]]

    def rows_for_codes(self, codes) -> np.ndarray:
        """Rows (sorted) where any of the word codes occurs."""
        # each word's rows are ascending already (a stable sort by code): a stable sort (timsort or
        # radix) finds the runs in linear time, where quicksort takes 2 ms for the 65,000 of 'the'
        if len(codes) == 1:  # one word form (the usual case): no concatenation
            rows = self._order[self._bounds[codes[0]]:self._bounds[codes[0] + 1]].copy()
            rows.sort(kind="stable")
            return rows
        parts = [self._order[self._bounds[k]:self._bounds[k + 1]] for k in codes]
        return np.sort(np.concatenate(parts), kind="stable") if parts else np.empty(0, dtype=np.int64)

    def find(self, query: str, regex: bool = False, case: bool = False) -> Hits:
        """Hits of a word, a phrase, or a regular expression.

        A word or phrase matches whole tokens (``West`` does not match
        ``Western``).  A regex without white space in it must match a whole
        token (``west(ern)?``); a regex with a space or ``\\s`` is searched
        in the running text of each segment.  Matching ignores case unless
        ``case=True``.
        """
        if not regex and isinstance(query, str) and query.isalpha():
            return self.find_sequence([query], case=case)  # one plain word: it is its only part
        if not isinstance(query, str) or not query.strip():
            raise ValueError("the query is empty: give a word, a phrase or a regular expression")
        if regex:
            flags = 0 if case else re.IGNORECASE
            try:
                pattern = re.compile(query, flags)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression {query!r}: {exc}") from None
            if re.search(r"\s|\\s| ", query):
                return self._search_text(pattern)
            loose = pattern if not case else re.compile(query, re.IGNORECASE)
            rows = self.rows_for_codes([k for w, k in self.vocab.items() if loose.fullmatch(w)])
            if case:
                texts = self.tokens["text"].to_numpy(object)
                rows = rows[[bool(pattern.fullmatch(texts[r])) for r in rows]] if len(rows) else rows
            return Hits(rows, rows, self.start[rows], self.end[rows])
        return self.find_sequence(query_parts(query), case=case)

    def find_sequence(self, parts: list[str], case: bool = False) -> Hits:
        """Hits of consecutive tokens ``parts`` (a last part ending in ``*`` is a prefix)."""
        if not parts:
            raise ValueError("the query has no words in it")
        rows = self.rows_for_codes(self._codes_of(parts[0]))
        n = len(self.code)
        for k, part in enumerate(parts[1:], start=1):
            nxt = rows + k
            ok = nxt < n
            rows, nxt = rows[ok], nxt[ok]
            ok = (self.segment[nxt] == self.segment[rows]) & (self.pos[nxt] == self.pos[rows] + k)
            rows, nxt = rows[ok], nxt[ok]
            rows = rows[self._match(nxt, part)]
        last = rows + (len(parts) - 1) if len(parts) > 1 else rows
        if case and len(rows):
            texts = self.tokens["text"].to_numpy(object)
            keep = [all(texts[r + k] == p for k, p in enumerate(parts) if not p.endswith("*"))
                    for r in rows]
            rows, last = rows[keep], last[keep]
        return Hits(rows, last, self.start[rows], self.end[last])

    def _codes_of(self, part: str) -> list[int]:
        p = part.lower()
        if p.endswith("*") and len(p) > 1:
            stem = p[:-1]
            return [k for w, k in self.vocab.items() if w.startswith(stem)]
        variants = {p, p.replace("'", "’"), p.replace("’", "'")}
        return [self.vocab[v] for v in variants if v in self.vocab]

    def _match(self, rows: np.ndarray, part: str) -> np.ndarray:
        codes = self._codes_of(part)
        return np.isin(self.code[rows], codes) if codes else np.zeros(len(rows), bool)

    def row_at(self, text: int, offset: int) -> int:
        """The row of the token that contains (or first follows) ``offset`` in text ``text``; -1 if none."""
        rows, starts, ends = self._by_text[text]
        j = np.searchsorted(starts, offset, side="right") - 1
        if j >= 0 and offset < ends[j]:
            return int(rows[j])
        return -1

    def _search_text(self, pattern) -> Hits:
        out_rows, out_last, out_s, out_e = [], [], [], []
        for t, name in enumerate(self.text_names):
            original = self.originals[name]
            rows, starts, ends = self._by_text[t]
            if not len(rows):
                continue
            segs = self.segment[rows]
            # search each run of rows that share a segment, within its span
            cut = np.flatnonzero(np.diff(segs)) + 1
            for a, b in zip(np.r_[0, cut], np.r_[cut, len(rows)]):
                lo, hi = int(starts[a]), int(ends[b - 1])
                for m in pattern.finditer(original, lo, hi):
                    s, e = m.span()
                    if e <= s:
                        continue
                    j = np.searchsorted(starts[a:b], s, side="right") - 1 + a
                    k = np.searchsorted(starts[a:b], e - 1, side="right") - 1 + a
                    if j < a or s >= ends[j]:
                        continue
                    out_rows.append(rows[j])
                    out_last.append(rows[k])
                    out_s.append(s)
                    out_e.append(e)
        as_arr = lambda v: np.asarray(v, dtype=np.int64)  # noqa: E731
        return Hits(as_arr(out_rows), as_arr(out_last), as_arr(out_s), as_arr(out_e))
