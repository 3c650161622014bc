"""Tidy tables built from a validated text: segments, paragraphs, sentences, tokens.

Every row has ``start``/``end`` character offsets into the original and a
``text`` column equal to ``original[start:end]``.  Column meanings are in
:data:`COLUMNS` (and in ``docs/tables.md``).

>>> from kit.paths import texts_dir
>>> from kit.textformat import read
>>> t = build(read(texts_dir() / "lavrov-new-regions-2025.yml"))
>>> t["segments"].loc[4, ["segment_id", "kind", "speaker"]].tolist()
['lavrov-new-regions-2025:a1', 'answer', 'lavrov']
>>> t["sentences"].loc[16, "text"]
'I think that the main lesson is the following: ...in the hour of trial.'
"""

from __future__ import annotations

import bisect
import re

import numpy as np
import pandas as pd

from .nlp import split_sentences, token_arrays
from .textformat import Structure

__all__ = ["build", "COLUMNS", "CATEGORICAL"]

#: One line per column: what it means.  Shared by all tables where it occurs.
COLUMNS = {
    "text_id": "id of the text (file name without .txt)",
    "segment_id": "stable id '<text>:<segment>' of the segment the row is in",
    "paragraph_id": "stable id '<text>:<segment>.p<n>' of the paragraph (a line, or a block between blank lines)",
    "sentence_id": "stable id '<text>:<segment>.s<n>' of the sentence",
    "quote_id": "stable id '<text>:<segment>.q<n>' of a quotation marked in the sidecar",
    "n": "position of the row within its parent (segment in text, sentence in segment, ...), from 1",
    "i": "position of the token in the whole text, from 0",
    "kind": "segment kind: title, question, answer, comment, ... (docs/text-format.md)",
    "speaker": "id of who speaks or writes the segment (sidecar 'speakers')",
    "speaker_name": "display name of the speaker",
    "role": "the speaker's role: interviewer, interviewee, blogger, reader, ...",
    "voice": "whose words these are: the speaker, or the quoted person inside a marked quotation",
    "label": "speaker label that opened the segment in the original (not part of its text)",
    "reply_to": "for comments, the segment id it replies to (empty if unknown)",
    "line_start": "first line of the original the row lies on (1-based)",
    "line_end": "last line of the original the row lies on (1-based)",
    "start": "character offset where the row's text starts in the original",
    "end": "character offset just after the row's text (exclusive)",
    "text": "the row's text, always equal to original[start:end]",
    "lower": "the token lower-cased, for counting",
    "is_word": "True if the token contains a letter or digit (not punctuation)",
    "n_words": "number of word tokens in the row",
    "attribution": "the attribution given with a quotation (for example '- Sergei Lavrov')",
}

#: Columns stored as pandas categoricals.
CATEGORICAL = ("text_id", "segment_id", "sentence_id", "kind", "speaker", "role", "voice")


def build(s: Structure) -> dict[str, pd.DataFrame]:
    """Build the tables of a validated text; returns a dict of DataFrames."""
    rows = _Rows(s)
    for n, seg in enumerate(s.segments, start=1):
        rows.add_segment(n, seg)
    return rows.frames()


class _Rows:
    """Accumulates column lists for each table, then makes DataFrames."""

    def __init__(self, s: Structure):
        self.s = s
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", s.original)]
        self.seg = _cols("segment_id n kind speaker speaker_name role label reply_to "
                         "line_start line_end start end n_words text")
        self.par = _cols("paragraph_id segment_id n line_start line_end start end text")
        self.mode = paragraph_mode(s.meta, s.original)
        self.sen = _cols("sentence_id segment_id paragraph_id n voice start end text")
        self.tok = _cols("start end text is_word voice")  # one array (list for text) per segment
        self.tok_counts: list[np.ndarray] = []  # tokens per sentence, one array per segment
        self.quo = _cols("quote_id segment_id speaker voice start end attribution text")

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def add_segment(self, n: int, seg) -> None:
        s, tid = self.s, self.s.id
        seg_id = f"{tid}:{seg.id}"
        quotes = [(q.start, q.end, q.voice) for q in seg.quotes]
        n_par = 0
        bounds = []  # (start, end) of each sentence in this segment
        for p_start, p_end in _paragraphs(s.original, seg.start, seg.end, self.mode):
            n_par += 1
            par_id = f"{seg_id}.p{n_par}"
            _append(self.par, par_id, seg_id, n_par, self.line_of(p_start), self.line_of(p_end - 1), p_start, p_end,
                    s.original[p_start:p_end])
            spans = [(a + p_start, b + p_start) for a, b in split_sentences(s.original[p_start:p_end])]
            numbers = range(len(bounds) + 1, len(bounds) + len(spans) + 1)
            bounds += spans
            sen = self.sen
            sen["sentence_id"] += [f"{seg_id}.s{k}" for k in numbers]
            sen["segment_id"] += [seg_id] * len(spans)
            sen["paragraph_id"] += [par_id] * len(spans)
            sen["n"] += numbers
            sen["voice"] += [_voice(seg.speaker, quotes, a, b) for a, b in spans]
            sen["start"] += [a for a, _ in spans]
            sen["end"] += [b for _, b in spans]
            sen["text"] += [s.original[a:b] for a, b in spans]
        self.add_tokens(seg, quotes, bounds)
        for k, q in enumerate(seg.quotes, start=1):
            attr = s.original[q.attribution[0]:q.attribution[1]] if q.attribution else ""
            _append(self.quo, f"{seg_id}.q{k}", seg_id, seg.speaker, q.voice, q.start, q.end,
                    attr, s.original[q.start:q.end])
        info = s.speakers.get(seg.speaker, {})
        _append(self.seg, seg_id, n, seg.kind, seg.speaker, str(info.get("name", seg.speaker)),
                str(info.get("role", "unknown")), seg.label, f"{tid}:{seg.reply_to}" if seg.reply_to else "",
                seg.line_start, seg.line_end, seg.start, seg.end, 0, s.original[seg.start:seg.end])

    def add_tokens(self, seg, quotes, bounds) -> None:
        """Collect the tokens of a segment's sentences (``bounds``), counted per sentence."""
        original = self.s.original
        sent = np.asarray(bounds, dtype=np.int64).reshape(-1, 2)
        starts, ends, texts, is_word = token_arrays(original, seg.start, seg.end)
        k = np.searchsorted(sent[:, 0], starts, side="right") - 1
        if len(starts) and ((k < 0).any() or (ends > sent[np.maximum(k, 0), 1]).any()):
            # a token would straddle a sentence boundary: tokenize sentence by sentence instead
            parts = [token_arrays(original, a, b) for a, b in bounds]
            starts, ends = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
            texts = [t for p in parts for t in p[2]]
            is_word = np.concatenate([p[3] for p in parts])
            k = np.repeat(np.arange(len(bounds)), [len(p[2]) for p in parts])
        voice = None  # the speaker's, unless a marked quotation gives some tokens another voice
        if quotes:
            voice = np.full(len(starts), seg.speaker, dtype=object)
            for q0, q1, who in quotes:
                voice[(starts >= q0) & (ends <= q1)] = who
        for col, value in zip(("start", "end", "text", "is_word", "voice"), (starts, ends, texts, is_word, voice)):
            self.tok[col].append(value)
        self.tok_counts.append(np.bincount(k, minlength=len(bounds)))

    def _tokens(self, sentences: pd.DataFrame, info: pd.DataFrame, counts: np.ndarray) -> pd.DataFrame:
        """The token table: sentence-level columns repeated by each sentence's token count."""
        rows = np.repeat(np.arange(len(counts)), counts)
        cat = lambda name: np.concatenate(self.tok[name]) if self.tok[name] else np.zeros(0)  # noqa: E731
        texts = [t for part in self.tok["text"] for t in part]
        speaker = _expand(sentences["segment_id"].map(info["speaker"]), rows)
        voice = speaker
        if any(v is not None for v in self.tok["voice"]):
            sizes = [len(p) for p in self.tok["start"]]
            voice = np.asarray(speaker, dtype=object)
            at = np.cumsum([0] + sizes)
            for k, v in enumerate(self.tok["voice"]):
                if v is not None:
                    voice[at[k]:at[k + 1]] = v
            voice = pd.Categorical(voice)
        df = pd.DataFrame({
            "i": np.arange(len(rows), dtype=np.int64),
            "sentence_id": pd.Categorical.from_codes(rows, categories=sentences["sentence_id"]),
            "segment_id": _expand(sentences["segment_id"], rows),
            "voice": voice,
            "is_word": cat("is_word").astype(bool),
            "kind": _expand(sentences["segment_id"].map(info["kind"]), rows),
            "speaker": speaker,
            "role": _expand(sentences["segment_id"].map(info["role"]), rows),
            "start": cat("start").astype(np.int64),
            "end": cat("end").astype(np.int64),
            "text": texts,
        })
        df.insert(9, "lower", df["text"].str.lower())
        return df

    def frames(self) -> dict[str, pd.DataFrame]:
        seg = pd.DataFrame(self.seg)
        info = seg.set_index("segment_id")[["kind", "speaker", "role"]]
        sentences = pd.DataFrame(self.sen)
        counts = np.concatenate(self.tok_counts) if self.tok_counts else np.zeros(0, np.int64)
        tokens = self._tokens(sentences, info, counts)
        is_word = tokens["is_word"].to_numpy(np.int64)
        words = np.add.reduceat(is_word, np.cumsum(counts) - counts) if len(is_word) else counts
        sentences.insert(7, "n_words", np.where(counts > 0, words, 0))
        seg["n_words"] = seg["segment_id"].map(sentences.groupby("segment_id")["n_words"].sum()).fillna(0)
        quotations = pd.DataFrame(self.quo).astype({"start": "int64", "end": "int64"})
        out = {"segments": seg, "quotations": quotations, "tokens": tokens,
               "paragraphs": pd.DataFrame(self.par).join(info, on="segment_id"),
               "sentences": sentences.join(info, on="segment_id")}
        return {name: _finish(df, self.s.id) for name, df in out.items()}


def _expand(per_sentence: pd.Series, rows: np.ndarray) -> pd.Categorical:
    """Repeat a per-sentence column to the tokens, as a categorical (factorised once, small)."""
    codes, uniques = pd.factorize(per_sentence)
    return pd.Categorical.from_codes(codes[rows], categories=uniques)


def _cols(names: str) -> dict[str, list]:
    return {name: [] for name in names.split()}


def _append(cols: dict, *values) -> None:
    for col, value in zip(cols.values(), values, strict=True):
        col.append(value)


_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")


def paragraph_mode(meta: dict, original: str) -> str:
    """``'lines'`` (each line is a paragraph) or ``'blocks'`` (paragraphs are separated by blank lines).

    The sidecar may say which with ``paragraphs: lines`` or ``paragraphs: blocks``; otherwise a text
    that has any blank line is read as blocks, so that hard-wrapped prose keeps its sentences whole.

    >>> paragraph_mode({}, "one\\ntwo"), paragraph_mode({}, "one\\nstill one\\n\\ntwo")
    ('lines', 'blocks')
    """
    if meta.get("paragraphs") in ("lines", "blocks"):
        return meta["paragraphs"]
    return "blocks" if _BLANK_LINE.search(original) else "lines"


def _paragraphs(text: str, start: int, end: int, mode: str = "lines"):
    """Yield ``(start, end)`` of each paragraph inside ``[start, end)``, trimmed of white space."""
    breaks = _BLANK_LINE if mode == "blocks" else re.compile("\n")
    pos = start
    for m in breaks.finditer(text, start, end):
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, a: int, b: int):
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        yield a, b


def _voice(speaker: str, quotes, a: int, b: int) -> str:
    """The quoted voice if ``[a, b)`` lies inside a quotation, else the speaker."""
    for q0, q1, voice in quotes:
        if q0 <= a and b <= q1:
            return voice
    return speaker


def _finish(df: pd.DataFrame, text_id: str) -> pd.DataFrame:
    """Add ``text_id`` first, set categorical dtypes, order columns sensibly."""
    df.insert(0, "text_id", pd.Categorical.from_codes(np.zeros(len(df), dtype=np.int8), categories=[text_id]))
    for col in CATEGORICAL:
        if col in df and not isinstance(df[col].dtype, pd.CategoricalDtype):
            df[col] = pd.Categorical(df[col].to_numpy(dtype=object))
    for col in ("start", "end", "n", "i", "n_words", "line_start", "line_end"):
        if col in df and df[col].dtype != np.int64:
            df[col] = df[col].astype("int64")
    front = [c for c in df.columns if c.endswith("_id") or c in ("n", "i")]
    back = [c for c in ("start", "end", "text") if c in df]
    middle = [c for c in df.columns if c not in front and c not in back]
    return df[front + middle + back]
