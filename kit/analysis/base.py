"""What every instrument needs: the tables behind its input, groupings, lexicons.

Each analysis function accepts a :class:`~kit.document.Document`, a
:class:`~kit.document.Corpus` or a table (the token table, or the sentence
table, possibly filtered).  The helpers here turn any of those into the
token or sentence table, the originals they point into, and the grouping
columns a ``by=`` argument names.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> lav = select(doc, speaker="lavrov")
>>> int(lav["is_word"].sum())
1098
>>> group_columns("segment")
['segment_id']
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from .. import ids
from ..paths import data_dir

__all__ = ["tokens_of", "sentences_of", "segments_of", "originals", "select",
           "group_columns", "words_of", "stopwords", "stop_mask", "load_yaml_data", "BY_ALIASES",
           "normalise"]

#: Short names a ``by=`` argument accepts, and the column each stands for.
BY_ALIASES = {
    "text": "text_id", "segment": "segment_id", "sentence": "sentence_id",
    "speaker": "speaker", "kind": "kind", "role": "role", "voice": "voice",
    "paragraph": "paragraph_id",
}


def _is_tokens(df: pd.DataFrame) -> bool:
    return {"i", "is_word", "start", "end"} <= set(df.columns)


def _documents(text_ids) -> dict:
    """Loaded documents for these text ids (already loaded ones first)."""
    from ..document import _CACHE, load
    known = {d.id: d for d in _CACHE.values()}
    out = {}
    for tid in text_ids:
        tid = str(tid)
        out[tid] = known[tid] if tid in known else load(tid)
    return out


def tokens_of(data) -> pd.DataFrame:
    """The token table behind ``data`` (Document, Corpus, token or sentence table).

    A sentence (or segment) table gives the tokens of its rows.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> first = doc.sentences.head(1)
    >>> tokens_of(first)["text"].tolist()
    ['Lavrov', ':', 'Outlaw', 'US', 'Empire', 'Relations', 'Still', 'Tenuous']
    """
    if isinstance(data, pd.DataFrame):
        if _is_tokens(data):
            return data
        for key in ("sentence_id", "segment_id", "text_id"):
            if key in data.columns:
                docs = _documents(pd.unique(data["text_id"].astype(str)))
                toks = pd.concat([d.tokens for d in docs.values()], ignore_index=True) \
                    if len(docs) > 1 else next(iter(docs.values())).tokens
                wanted = set(data[key].astype(str))
                return toks[toks[key].astype(str).isin(wanted)]
        raise TypeError("expected a Document, a Corpus or a table with token or sentence rows "
                        f"(got a table with columns {list(data.columns)})")
    if hasattr(data, "tokens"):
        return data.tokens
    raise TypeError(f"expected a Document, a Corpus or a table, not {type(data).__name__}")


def sentences_of(data) -> pd.DataFrame:
    """The sentence table behind ``data``; a token table gives the sentences it touches.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> len(sentences_of(select(doc, segment="c1")))
    2
    """
    if isinstance(data, pd.DataFrame):
        if "sentence_id" in data.columns and not _is_tokens(data) and "n_words" in data.columns:
            return data
        docs = _documents(pd.unique(data["text_id"].astype(str)))
        sents = pd.concat([d.sentences for d in docs.values()], ignore_index=True) \
            if len(docs) > 1 else next(iter(docs.values())).sentences
        key = "sentence_id" if "sentence_id" in data.columns else "segment_id"
        return sents[sents[key].astype(str).isin(set(data[key].astype(str)))]
    return data.sentences


def segments_of(data) -> pd.DataFrame:
    """The segment table behind ``data`` (for a table: the segments it touches)."""
    if isinstance(data, pd.DataFrame):
        docs = _documents(pd.unique(data["text_id"].astype(str)))
        segs = pd.concat([d.segments for d in docs.values()], ignore_index=True)
        return segs[segs["segment_id"].astype(str).isin(set(data["segment_id"].astype(str)))]
    return data.segments


def originals(data) -> dict[str, str]:
    """``text_id -> original`` for the texts behind ``data``.

    For a bare table whose texts were never loaded, the original is rebuilt
    from the tokens (each token at its offset, spaces between), which keeps
    every offset valid.
    """
    if hasattr(data, "documents"):
        return {tid: d.original for tid, d in data.documents.items()}
    if hasattr(data, "original"):
        return {data.id: data.original}
    out = {}
    from ..document import _CACHE
    known = {d.id: d for d in _CACHE.values()}
    for tid, rows in data.groupby("text_id", observed=True, sort=False):
        tid = str(tid)
        if tid in known:
            out[tid] = known[tid].original
            continue
        tokens = tokens_of(rows) if not _is_tokens(rows) else rows
        buf = [" "] * int(tokens["end"].max())
        for s, t in zip(tokens["start"], tokens["text"]):
            buf[s:s + len(t)] = t
        out[tid] = "".join(buf)
    return out


def select(data, **filters) -> pd.DataFrame:
    """Rows of the token table that match every filter.

    A filter's name is a column or a short name (``segment``, ``sentence``,
    ``text``); its value is one value or a list.  Segment and sentence ids
    may be given in short form (``"a1"``, ``"a1.s3"``).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> t = select(doc, kind="comment")
    >>> sorted(t["speaker"].unique().astype(str))
    ['reader-1', 'reader-2']
    >>> select(doc, segment=["a1", "a2"])["segment_id"].nunique()
    2
    >>> select(doc, colour="red")
    Traceback (most recent call last):
    ...
    KeyError: "no column 'colour' to select on; columns: text_id, i, sentence_id, segment_id, voice, is_word, kind, speaker, role, lower, start, end, text"
    """
    tokens = tokens_of(data)
    mask = pd.Series(True, index=tokens.index)
    for name, value in filters.items():
        col = BY_ALIASES.get(name, name)
        if col not in tokens.columns:
            raise KeyError(f"no column '{name}' to select on; columns: {', '.join(tokens.columns)}")
        values = [value] if isinstance(value, (str, int, bool)) else list(value)
        if col in ("segment_id", "sentence_id"):
            series = tokens[col].astype(str)
            full = ids.shorts(series)
            mask &= series.isin(values) | full.isin(values)
        else:
            mask &= tokens[col].isin(values)
    return tokens[mask]


def group_columns(by) -> list[str]:
    """The table columns a ``by=`` argument names (``None`` means no grouping).

    >>> group_columns(["speaker", "kind"])
    ['speaker', 'kind']
    >>> group_columns(None)
    []
    """
    if by is None:
        return []
    names = [by] if isinstance(by, str) else list(by)
    return [BY_ALIASES.get(n, n) for n in names]


def words_of(tokens: pd.DataFrame) -> pd.DataFrame:
    """Only the word tokens (letters or digits), not punctuation."""
    return tokens[tokens["is_word"]]


def normalise(word: str) -> str:
    """Lower-case a word and straighten curly apostrophes (``hadn’t`` → ``hadn't``)."""
    return word.lower().replace("’", "'")


def stop_mask(words: pd.Series, stopwords) -> pd.Series:
    """True for the (normalised) words a ``stopwords=`` argument leaves out.

    ``True`` means the shipped English list, and also numbers and single letters
    ("2025", "7", "s", "q"), which carry no content in a word list either;
    a collection of your own drops exactly those words; ``False``/``None`` drops nothing.

    >>> w = pd.Series(["the", "west", "2025", "q", "i", "nato"])
    >>> w[~stop_mask(w, True)].tolist(), w[~stop_mask(w, ["west"])].tolist()
    (['west', 'nato'], ['the', '2025', 'q', 'i', 'nato'])
    """
    if stopwords is False or stopwords is None:
        return pd.Series(False, index=words.index)
    if stopwords is not True:
        return words.isin({normalise(w) for w in stopwords})
    text = words.astype(str)
    no_letter = ~text.str.contains(r"[^\W\d_]", regex=True)
    return words.isin(_shipped_stopwords()) | no_letter | (text.str.len() == 1)


@lru_cache(maxsize=None)
def stopwords(language: str = "en") -> frozenset:
    """The stop-word list that ships in ``kit/data/stopwords-<language>.txt``.

    Lines starting with ``#`` are comments; each other line holds one word.

    >>> sw = stopwords()
    >>> "the" in sw, "west" in sw, "hadn't" in sw
    (True, False, True)
    """
    path = data_dir() / f"stopwords-{language}.txt"
    if not path.exists():
        have = sorted(p.stem.split("-", 1)[1] for p in data_dir().glob("stopwords-*.txt"))
        raise FileNotFoundError(f"no stop-word list for '{language}' in {data_dir()} (have: {', '.join(have)})")
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(normalise(line))
    return frozenset(words)


_shipped_stopwords = stopwords  # stop_mask's argument is named like the function


@lru_cache(maxsize=None)
def load_yaml_data(name: str):
    """A YAML file from ``kit/data/`` (read with line numbers, errors name file:line)."""
    from ..yamlines import load
    return load(data_dir() / name)


_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of white space (line breaks too) into one space."""
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\xa0" in text:
        return _WS.sub(" ", text)
    return text
