"""Dispersion: where terms occur, along the text and across its segments.

A term that is frequent overall may sit in one answer only, or run through
the whole text; :func:`dispersion` gives each hit's position (for a
dispersion plot) and :func:`dispersion_counts` the hits per segment.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> d = dispersion(doc, ["collective West", "Russia"])
>>> d.groupby("term").size().to_dict()
{'Russia': 9, 'collective West': 3}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import group_columns, tokens_of, words_of
from .index import index_for

__all__ = ["dispersion", "dispersion_counts"]


def _terms(terms) -> list[str]:
    terms = [terms] if isinstance(terms, str) else list(terms)
    if not terms:
        raise ValueError("give at least one term")
    return terms


def dispersion(data, terms, regex: bool = False, case: bool = False) -> pd.DataFrame:
    """One row per hit of each term, with its position in its text.

    ``terms`` is a word, a phrase or a list of them (each searched as in
    :func:`~kit.analysis.concordance`; ``regex=True`` for patterns).

    Columns: term, text_id, segment_id, sentence_id, speaker, kind, i (token
    position in the text, from 0), position (``i`` over the text's number
    of tokens, 0 = start, 1 = end), start, end (offsets into the original),
    node (the words as written).  Rows are in text order.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> d = dispersion(doc, "collective West")
    >>> d[["segment_id", "speaker"]].astype(str).values.tolist()
    [['lavrov-new-regions-2025:a1', 'lavrov'], ['lavrov-new-regions-2025:q3', 'interviewer'], ['lavrov-new-regions-2025:a3', 'lavrov']]
    >>> d["position"].between(0, 1).all()
    np.True_
    """
    ix = index_for(data)
    tok = ix.tokens
    text_len = {}
    for t in range(len(ix.text_names)):
        mask = ix.text == t
        text_len[t] = int(ix.pos[mask].max()) + 1 if mask.any() else 1
    frames = []
    for term in _terms(terms):
        hits = ix.find(term, regex=regex, case=case)
        rows = hits.rows
        df = pd.DataFrame({
            "term": [term] * len(rows),
            **{c: tok[c].to_numpy()[rows] for c in ("text_id", "segment_id", "sentence_id", "speaker", "kind")
               if c in tok.columns},
            "i": ix.pos[rows].astype(np.int64),
            "position": ix.pos[rows] / np.array([text_len[t] for t in ix.text[rows]], dtype=float)
            if len(rows) else np.empty(0),
            "start": hits.starts, "end": hits.ends,
            "node": [ix.originals[ix.text_of(r)][s:e] for r, s, e in hits],
        })
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(["text_id", "start", "term"], kind="stable").reset_index(drop=True)
    for col in ("text_id", "segment_id", "sentence_id", "speaker", "kind"):
        if col in out and isinstance(tok[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col].astype(object), categories=tok[col].cat.categories)
    return out


def dispersion_counts(data, terms, by="segment", regex: bool = False, case: bool = False) -> pd.DataFrame:
    """Hits of each term per segment (or other grouping), zeros included.

    Columns: term, the grouping columns (for segments also ``kind`` and
    ``speaker``; segments in text order), hits, words (in the group),
    per_1000.  Every group of the input appears for every term, so a term's
    absence is visible.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> c = dispersion_counts(doc, "collective West")
    >>> c[c.hits > 0]["segment_id"].str.split(":").str[1].tolist()
    ['a1', 'q3', 'a3']
    >>> len(c) == len(doc.segments)
    True
    """
    tokens = tokens_of(data)
    cols = group_columns(by)
    words = words_of(tokens)
    extra = ["text_id", "kind", "speaker"] if cols == ["segment_id"] else []
    sizes = words.groupby(cols, observed=True).size().rename("words").to_frame()
    if extra:
        info = words.groupby(cols, observed=True)[extra].first()
        sizes = pd.concat([info, sizes], axis=1)
    hits = dispersion(data, terms, regex=regex, case=case)
    frames = []
    for term in _terms(terms):
        n = hits[hits["term"] == term].groupby(cols, observed=True).size().rename("hits")
        df = sizes.join(n).fillna({"hits": 0}).reset_index()
        df.insert(0, "term", term)
        frames.append(df)
    out = pd.concat(frames, ignore_index=True)
    out["hits"] = out["hits"].astype("int64")
    out["per_1000"] = out["hits"] / out["words"] * 1000
    if cols == ["segment_id"]:
        order = tokens.groupby("segment_id", observed=True)["i"].min().rename("first_token")
        out = out.join(order, on="segment_id").sort_values(["term", "text_id", "first_token"],
                                                                     kind="stable")
        out = out.drop(columns="first_token")
    return out.reset_index(drop=True)
