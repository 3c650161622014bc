"""Matching a lexicon of words and phrases against the tokens: the engine of the
stance, deixis and naming instruments.

Rules, the same for every lexicon:

* an item is a word or a phrase, matched as whole tokens, ignoring case
  (``in fact`` matches ``In fact``); a word ending in ``*`` matches any
  ending (``Western*``);
* an item written in capitals (``US``, ``NATO``, ``EU``) matches only in
  capitals, so the actor ``US`` is not the pronoun ``us``;
* a lower-case one-word item does not match a capitalised word inside a
  sentence (a proper noun: ``May`` the month is not the hedge ``may``), nor
  a word in capitals (``US`` is not ``us``);
* where matches overlap, the longest wins, then the one listed first
  (``I think`` is one hedge, not a self-mention plus a booster).

>>> import kit
>>> ix = kit.analysis.index.index_for(kit.load("lavrov-new-regions-2025"))
>>> m = match(ix, [("hedge", "may"), ("booster", "in fact"), ("self", "us")])
>>> m[["category", "match"]].values.tolist()
[['self', 'us']]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .index import query_parts

__all__ = ["match", "META_COLUMNS"]

META_COLUMNS = ("text_id", "segment_id", "sentence_id", "speaker", "voice", "kind")


def _capitals(item: str) -> bool:
    letters = [ch for ch in item if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _sentence_initial(ix) -> np.ndarray:
    """True for each row that is the first word token of its sentence."""
    cache = getattr(ix, "_initial", None)
    if cache is not None:
        return cache
    sent = ix.tokens["sentence_id"]
    codes = sent.cat.codes.to_numpy() if isinstance(sent.dtype, pd.CategoricalDtype) else \
        pd.factorize(sent)[0]
    initial = np.zeros(len(codes), dtype=bool)
    wrows = np.flatnonzero(ix.is_word)
    if len(wrows):
        wc = codes[wrows]
        first = np.r_[True, wc[1:] != wc[:-1]]
        initial[wrows[first]] = True
    ix._initial = initial
    return initial


def match(ix, items, extra: dict | None = None) -> pd.DataFrame:
    """Match ``items``, a list of ``(category, item)`` pairs, in an index.

    Returns one row per match, in text order: category, item, the metadata
    columns (text_id, segment_id, sentence_id, speaker, voice, kind), start,
    end, match (the words as written).  ``extra`` maps a category to a dict
    of further columns to fill in for its rows.
    """
    texts = ix.tokens["text"].to_numpy(object)
    initial = None
    found = []   # (rows, last, starts, ends, rank, category, item)
    for rank, (category, item) in enumerate(items):
        parts = query_parts(item)
        if not parts:
            continue
        hits = ix.find_sequence(parts, case=_capitals(item))
        rows, last = hits.rows, hits.last
        if len(rows) and len(parts) == 1 and not _capitals(item) and item[:1].islower():
            if initial is None:
                initial = _sentence_initial(ix)
            first_chars = np.array([texts[r][:1].isupper() for r in rows], dtype=bool)
            caps = np.array([_capitals(texts[r]) for r in rows], dtype=bool)
            keep = ~((first_chars & ~initial[rows]) | caps)
            rows, last = rows[keep], last[keep]
        if len(rows):
            found.append((rows, last, ix.start[rows].astype(np.int64), ix.end[last].astype(np.int64), rank, category, item))
    cols = ["category", "item", *[c for c in META_COLUMNS if c in ix.tokens.columns],
            "start", "end", "match"]
    if not found:
        return pd.DataFrame({c: [] for c in cols})
    rows = np.concatenate([f[0] for f in found])
    last = np.concatenate([f[1] for f in found])
    starts = np.concatenate([f[2] for f in found])
    ends = np.concatenate([f[3] for f in found])
    rank = np.concatenate([np.full(len(f[0]), f[4]) for f in found])
    cat = np.concatenate([np.full(len(f[0]), f[5], dtype=object) for f in found])
    item = np.concatenate([np.full(len(f[0]), f[6], dtype=object) for f in found])
    length = last - rows
    # longest first, then lexicon order; then keep matches whose tokens are still free
    order = np.lexsort((rank, -length))
    taken = np.zeros(len(ix.code), dtype=bool)
    keep = []
    for j in order.tolist():
        a, b = rows[j], last[j] + 1
        if not taken[a:b].any():
            taken[a:b] = True
            keep.append(j)
    keep = np.asarray(sorted(keep, key=lambda j: (ix.text[rows[j]], starts[j])), dtype=np.int64)
    r = rows[keep]
    out = {"category": cat[keep], "item": item[keep]}
    for c in META_COLUMNS:
        if c in ix.tokens.columns:
            out[c] = ix.tokens[c].to_numpy()[r]
    out["start"], out["end"] = starts[keep], ends[keep]
    out["match"] = [ix.originals[ix.text_of(x)][s:e] for x, s, e in zip(r, starts[keep], ends[keep])]
    df = pd.DataFrame(out)
    for c in META_COLUMNS:
        if c in df and isinstance(ix.tokens[c].dtype, pd.CategoricalDtype):
            df[c] = pd.Categorical(df[c].astype(object), categories=ix.tokens[c].cat.categories)
    if extra:
        for key in {k for v in extra.values() for k in v}:
            df[key] = [extra.get(c, {}).get(key) for c in df["category"]]
    return df[cols + [c for c in df.columns if c not in cols]]
