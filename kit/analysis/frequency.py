"""Word frequencies by any grouping, raw and per 1,000 words.

Only word tokens count (punctuation does not); words are lower-cased and
curly apostrophes straightened, so ``Russia’s`` and ``Russia's`` are one
word.  ``per_1000`` divides by the number of words in the group (stop words
included, so that rates stay comparable with and without the filter).

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> f = frequencies(doc, by="speaker", stopwords=True, top=3)
>>> f[f.speaker == "lavrov"][["word", "n", "per_1000"]].values.tolist()
[['world', 8, 7.285974499089253], ['patriotic', 6, 5.46448087431694], ['people', 6, 5.46448087431694]]
"""

from __future__ import annotations

import pandas as pd

from .base import group_columns, stop_mask, tokens_of, words_of

__all__ = ["frequencies", "word_counts"]


def word_counts(data) -> pd.Series:
    """Counts of each (normalised) word in ``data``, most frequent first.

    >>> import kit
    >>> word_counts(kit.load("lavrov-new-regions-2025"))["the"]
    np.int64(172)
    """
    words = _norm(words_of(tokens_of(data))["lower"])
    return words.value_counts()


def _norm(lower: pd.Series) -> pd.Series:
    if lower.str.contains("’", regex=False).any():
        return lower.str.replace("’", "'", regex=False)
    return lower


def frequencies(data, by="speaker", stopwords=False, top: int | None = None) -> pd.DataFrame:
    """How often each word occurs in each group, raw and per 1,000 words.

    ``by`` is a column or short name (``"speaker"``, ``"kind"``,
    ``"segment"``, ``"text"``, ``"voice"``), a list of them, or ``None`` for
    the whole input.  ``stopwords`` is ``False``, ``True`` (drop the
    English list in ``kit/data/stopwords-en.txt``, numbers and single
    letters) or your own collection of words to drop.  ``top`` keeps the most frequent words of each group.

    Columns: the grouping columns, word, n, group_words (words in the group,
    the denominator), per_1000 (n / group_words * 1000), rank (1 = most
    frequent in its group; ties share the lower rank).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> f = frequencies(doc, by="kind")
    >>> f[(f.kind == "comment") & (f.word == "west")][["n", "group_words"]].values.tolist()
    [[3, 231]]
    >>> frequencies(doc, by=None, top=2)[["word", "n"]].values.tolist()
    [['the', 172], ['of', 93]]
    """
    tokens = tokens_of(data)
    cols = group_columns(by)
    missing = [c for c in cols if c not in tokens.columns]
    if missing:
        raise KeyError(f"cannot group by {missing}: the token table has {', '.join(tokens.columns)}")
    words = words_of(tokens)
    frame = pd.DataFrame({c: words[c] for c in cols})
    frame["word"] = _norm(words["lower"])
    if cols:
        sizes = frame.groupby(cols, observed=True).size().rename("group_words")
    else:
        sizes = None
    frame = frame[~stop_mask(frame["word"], stopwords)]
    if cols:
        counts = frame.groupby(cols + ["word"], observed=True).size().rename("n").reset_index()
        counts = counts.join(sizes, on=cols)
    else:
        counts = frame["word"].value_counts().rename("n").rename_axis("word").reset_index()
        counts["group_words"] = len(words)
    counts = counts[counts["n"] > 0]
    counts["per_1000"] = counts["n"] / counts["group_words"] * 1000
    counts = counts.sort_values(cols + ["n", "word"], ascending=[True] * len(cols) + [False, True],
                                kind="stable")
    counts["rank"] = (counts.groupby(cols, observed=True)["n"] if cols else counts["n"]) \
        .rank(method="min", ascending=False).astype("int64")
    if top is not None:
        counts = counts[counts.groupby(cols, observed=True).cumcount() < top] if cols else counts.head(top)
    return counts.reset_index(drop=True)[cols + ["word", "n", "group_words", "per_1000", "rank"]]
