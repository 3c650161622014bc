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
from typing import NamedTuple

import numpy as np
import pandas as pd

from .base import squash
from .index import index_for

__all__ = ["concordance", "find_hits", "kwic_rows", "kwic_lines", "KwicLine", "COLUMNS"]

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
    """Build the KWIC table for hits found in an index (shared with other instruments and pages).

    A table of a few hits costs about as much as making a DataFrame: its blocks are
    handed to pandas as they are (see :func:`_frame`), not inferred column by column.
    """
    rows = hits.rows
    ids = [col for col in _IDS if col in ix.tokens.columns]
    left, node, right = _contexts(ix, hits, width)
    columns = {col: ix.column(col, rows) for col in ids}
    numbers = (ix.pos[rows].astype(np.int64), hits.starts, hits.ends)
    df = _frame(columns, numbers, (left, node, right)) if len(rows) else None
    if df is None:
        out = dict(columns)
        out["i"], out["start"], out["end"] = numbers
        out["left"], out["node"], out["right"] = left, node, right
        df = pd.DataFrame(out)
    if sort and len(df):
        df = df.iloc[_sort_order(df, sort)].reset_index(drop=True)
    return df


class KwicLine(NamedTuple):
    """One concordance line, as :func:`kwic_lines` gives it (the columns of a table row that a reader sees)."""

    text_id: str
    segment_id: str
    speaker: str | None
    start: int
    end: int
    left: str
    node: str
    right: str


def kwic_lines(ix, hits, width: int) -> list[KwicLine]:
    """The lines of ``hits`` as plain tuples, in text order, without a table (what a widget shows).

    The same text, ids and offsets as the rows of :func:`kwic_rows`, with Python strings and
    ints: a page of lines costs what building its strings costs (a word with two hits, a few
    microseconds; a DataFrame alone takes tens).

    >>> import kit
    >>> ix, hits = find_hits(kit.load("lavrov-new-regions-2025"), "collective West")
    >>> line = kwic_lines(ix, hits[:1], 20)[0]
    >>> line.segment_id, line.speaker, line.left, line.node
    ('lavrov-new-regions-2025:a1', 'lavrov', 'd Novorossiya, the "', 'collective West')
    >>> ix.originals[line.text_id][line.start:line.end]
    'collective West'
    """
    rows = hits.rows
    left, node, right = _contexts(ix, hits, width)
    names = ix.text_names
    return list(map(KwicLine._make, zip(
        [names[t] for t in ix.text[rows].tolist()], ix.labels("segment_id", rows),
        ix.labels("speaker", rows) if "speaker" in ix.tokens.columns else [None] * len(rows),
        hits.starts.tolist(), hits.ends.tolist(), left, node, right)))


_IDS = ("text_id", "segment_id", "sentence_id", "speaker", "voice", "kind")


def _contexts(ix, hits, width: int) -> tuple[list[str], list[str], list[str]]:
    """Left context, node and right context of each hit (kept inside its segment, white space squashed)."""
    lo, hi = ix.segment_bounds(hits.rows)
    left, node, right = [], [], []
    names, texts, originals = ix.text_names, ix.text[hits.rows], ix.originals
    for t, s, e, a, b in zip(texts.tolist(), hits.starts.tolist(), hits.ends.tolist(),
                             lo.tolist(), hi.tolist()):
        original = originals[names[t]]
        left.append(squash(original[max(a, s - width):s]))
        node.append(original[s:e])
        right.append(squash(original[e:min(b, e + width)]))
    return left, node, right


def _frame(columns: dict, numbers: tuple, strings: tuple) -> pd.DataFrame | None:
    """The KWIC table made from its blocks, or ``None`` where only ``pd.DataFrame(...)`` gives the same table.

    ``pd.DataFrame(dict)`` infers a dtype and a block for each column and builds the column index
    (about 0.2 ms for 12 columns, whatever the number of rows).  Here the blocks are given as
    they are: each categorical, one 2-D int64 block for i, start and end, and an Arrow string
    array for each of left, node and right (what the constructor infers for lists of strings
    under pandas 3 with pyarrow), through ``pandas.api.internals.create_dataframe_from_blocks``
    (the route pyarrow's ``to_pandas`` takes).  Used only if a probe on first use found the
    result equal to the constructor's, dtypes and blocks included; otherwise ``None``.
    """
    maker = _fast_maker()
    if maker is None or not all(isinstance(v, pd.Categorical) for v in columns.values()) \
            or not all(a.dtype == np.int64 for a in numbers):
        return None
    try:
        return maker(columns, numbers, strings)
    except (TypeError, ValueError, UnicodeError):  # strings Arrow refuses: the constructor decides
        return None


_MAKER: list = []


def _fast_maker():
    """The block-wise table maker if this pandas supports it and agrees with ``pd.DataFrame`` (probed once)."""
    if not _MAKER:
        maker = None
        try:
            maker = _block_maker()
            cats = {c: pd.Categorical.from_codes(np.array([1, 0, -1], dtype=np.int8),
                                                 dtype=pd.CategoricalDtype(["a", "b"]))
                    for c in _IDS}
            nums = tuple(np.array([3, 1, 2], dtype=np.int64) + k for k in range(3))
            strs = (["x y", "", "z"], ["w", "W", "wé"], ["", "a", "b c"])
            got = maker(cats, nums, strs)
            want = pd.DataFrame({**cats, "i": nums[0], "start": nums[1], "end": nums[2],
                                 "left": strs[0], "node": strs[1], "right": strs[2]})
            same = (got.equals(want) and list(got.dtypes) == list(want.dtypes)
                    and got.columns.equals(want.columns) and got.columns.dtype == want.columns.dtype
                    and got.index.equals(want.index) and type(got.index) is type(want.index)
                    and [(b.dtype, b.mgr_locs.as_array.tolist()) for b in got._mgr.blocks]
                    == [(b.dtype, b.mgr_locs.as_array.tolist()) for b in want._mgr.blocks])
            maker = maker if same else None
        except Exception:  # an older pandas, no pyarrow, another string dtype: the constructor it is
            maker = None
        _MAKER.append(maker)
    return _MAKER[0]


def _block_maker():
    """A function making the KWIC table from its blocks (raises if this pandas cannot)."""
    import pyarrow as pa
    from pandas.api.internals import create_dataframe_from_blocks
    from pandas.arrays import ArrowStringArray

    str_dtype = pd.Series(["a"]).dtype
    if getattr(str_dtype, "storage", None) != "pyarrow":
        raise TypeError("strings are not Arrow strings here")
    large = pa.large_string()
    places: dict[tuple, tuple] = {}

    def make(columns: dict, numbers: tuple, strings: tuple) -> pd.DataFrame:
        key = tuple(columns)  # the id columns the token table has
        if key not in places:
            n_ids = len(key)
            places[key] = (pd.Index(list(key) + ["i", "start", "end", "left", "node", "right"]),
                           [np.array([k]) for k in range(n_ids)], np.arange(n_ids, n_ids + 3),
                           [np.array([n_ids + 3 + k]) for k in range(3)])
        index, id_places, num_place, str_places = places[key]
        blocks = list(zip(columns.values(), id_places))
        blocks.append((np.array(numbers), num_place))
        blocks.extend((ArrowStringArray(pa.array(v, type=large), dtype=str_dtype), k)
                      for v, k in zip(strings, str_places))
        # a view of the column index: a name set on one table's columns stays on that table
        return create_dataframe_from_blocks(blocks, index=pd.RangeIndex(len(strings[0])),
                                            columns=index.view())

    return make


def _sort_order(df: pd.DataFrame, sort: str) -> np.ndarray:
    if sort == "left":
        keys = [" ".join(reversed(_WORD.findall(t.lower()))) for t in df["left"]]
    elif sort == "right":
        keys = [" ".join(_WORD.findall(t.lower())) for t in df["right"]]
    else:
        keys = df["node"].str.lower().tolist()
    return np.argsort(np.asarray(keys, dtype=object), kind="stable")
