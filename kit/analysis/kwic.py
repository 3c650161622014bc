"""Concordance (key word in context): every hit of a word, phrase or pattern, in context.

A KWIC line shows the node (the hit) with ``width`` characters of context on
each side, taken from the original and kept inside the hit's segment (a
reader's comment does not bleed into the answer above it).  Each row keeps
the offsets of the hit, so a widget can jump to it.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> kw = concordance(doc, "collective West", width=20)
>>> kw["segment_id"].tolist()
['lavrov-new-regions-2025:a1', 'lavrov-new-regions-2025:q3', 'lavrov-new-regions-2025:a3']
>>> kw.loc[0, ["left", "node", "right"]].tolist()
['d Novorossiya, the "', 'collective West', '" exposed its true f']
>>> row = kw.iloc[0]
>>> doc.original[row.start:row.end]
'collective West'
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .base import squash
from .index import index_for

__all__ = ["concordance", "find_hits", "kwic_rows", "COLUMNS"]

_WORD = re.compile(r"\w+(?:['’-]\w+)*")

COLUMNS = ["text_id", "segment_id", "sentence_id", "speaker", "voice", "kind", "i",
           "start", "end", "left", "node", "right"]


def concordance(data, query: str, width: int = 40, regex: bool = False, case: bool = False,
                sort: str | None = None) -> pd.DataFrame:
    """Every hit of ``query`` with ``width`` characters of context each side.

    ``query`` is a word or phrase (matched as whole tokens: ``West`` does not
    match ``Western``; end a word with ``*`` for any ending: ``Western*``), or
    with ``regex=True`` a regular expression (without a space it must match
    a whole token, ``west(ern|erner)?``; with a space or ``\\s`` it is searched
    in the running text).  Case is ignored unless ``case=True``.  ``sort`` is
    ``None`` (text order), ``"left"`` (by the words just before the node,
    nearest first, as concordancers sort on 1L, 2L, ...), ``"right"`` (by the
    words after it: 1R, 2R, ...) or ``"node"``.

    Columns: text_id, segment_id, sentence_id, speaker, voice, kind, i (token
    position in its text), start, end (offsets of the hit in the original),
    left, node, right (white space in the context squashed to one space).
    The index behind the search is built once per token table and cached.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> kw = concordance(doc, "west*", sort="right", width=15)
    >>> len(kw), kw["node"].tolist()[:3]
    (13, ['westerner', 'West', "West's"])
    >>> kw.loc[0, ["node", "right"]].tolist()
    ['westerner', ') am a part of ']
    >>> concordance(doc, r"admit\\w*", regex=True)[["speaker", "node"]].values.tolist()
    [['lavrov', 'admit'], ['lavrov', 'admitted']]
    """
    if sort not in (None, "left", "right", "node"):
        raise ValueError(f"sort must be None, 'left', 'right' or 'node', not {sort!r}")
    if width < 0:
        raise ValueError("width must be zero or more characters")
    ix, hits = find_hits(data, query, regex=regex, case=case)
    return kwic_rows(ix, hits, width, sort)


def find_hits(data, query: str, regex: bool = False, case: bool = False):
    """The index of ``data`` and the hits of ``query`` in it, without building any lines yet.

    For a page of lines of a frequent word: ``kwic_rows(ix, hits[:50], width)`` builds only
    those 50 (in text order), however many hits there are.

    >>> import kit
    >>> ix, hits = find_hits(kit.load("lavrov-new-regions-2025"), "the")
    >>> len(hits) > 50, len(kwic_rows(ix, hits[:50], 40))
    (True, 50)
    """
    ix = index_for(data)
    return ix, ix.find(query, regex=regex, case=case)


def kwic_rows(ix, hits, width: int, sort: str | None = None) -> pd.DataFrame:
    """Build the KWIC table for hits found in an index (shared with other instruments and pages)."""
    rows = hits.rows
    tok = ix.tokens
    out = {}
    for col in ("text_id", "segment_id", "sentence_id", "speaker", "voice", "kind"):
        if col in tok.columns:
            out[col] = ix.column(col, rows)
    out["i"] = ix.pos[rows]
    out["start"], out["end"] = hits.starts, hits.ends
    lo, hi = ix.segment_bounds(rows)
    left, node, right = [], [], []
    names, texts = ix.text_names, ix.text[rows]
    for t, s, e, a, b in zip(texts.tolist(), hits.starts.tolist(), hits.ends.tolist(),
                             lo.tolist(), hi.tolist()):
        original = ix.originals[names[t]]
        left.append(squash(original[max(a, s - width):s]))
        node.append(original[s:e])
        right.append(squash(original[e:min(b, e + width)]))
    out["left"], out["node"], out["right"] = left, node, right
    df = pd.DataFrame(out)
    if sort and len(df):
        df = df.iloc[_sort_order(df, sort)].reset_index(drop=True)
    return df


def _sort_order(df: pd.DataFrame, sort: str) -> np.ndarray:
    if sort == "left":
        keys = [" ".join(reversed(_WORD.findall(t.lower()))) for t in df["left"]]
    elif sort == "right":
        keys = [" ".join(_WORD.findall(t.lower())) for t in df["right"]]
    else:
        keys = df["node"].str.lower().tolist()
    return np.argsort(np.asarray(keys, dtype=object), kind="stable")
