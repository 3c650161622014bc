r"""Keyness: which words mark one group of texts (the target) against another (the reference).

For each word, with ``a`` its frequency in the target, ``b`` in the
reference, and ``c``, ``d`` the number of words in each (the formulas of the
UCREL log-likelihood calculator, Rayson and Garside 2000, which AntConc's
keyword list also uses):

* expected frequencies ``E1 = c (a + b) / (c + d)`` and ``E2 = d (a + b) / (c + d)``;
* log-likelihood ``G2 = 2 (a ln(a / E1) + b ln(b / E2))``, a term with a zero
  frequency counting as 0 (Dunning 1993);
* ``p``: the chance of a G2 this large if the word were equally common in
  both, from the chi-square distribution with 1 degree of freedom,
  ``p = erfc(sqrt(G2 / 2))`` (3.84 is p = 0.05, 6.63 is p = 0.01, 10.83 is
  p = 0.001, 15.13 is p = 0.0001);
* effect size: log ratio (Hardie 2014), ``log2((a / c) / (b / d))``: +1 means
  twice as frequent in the target, -1 half as frequent.  A zero frequency
  is replaced by 0.5 for the log ratio only (Hardie's own convention in
  CQPweb), so a word absent from one side gets a finite, conservative
  value; the column ``zero`` says where that happened.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> k = keyness(select(doc, kind="answer"), select(doc, kind="comment"), min_freq=5)
>>> k.head(1)[["word", "freq_target", "freq_reference", "direction"]].values.tolist()
[['on', 12, 0, '+']]
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .base import stop_mask, tokens_of, words_of
from .base import select  # noqa: F401  (used in the doctest above)
from .frequency import word_counts

__all__ = ["keyness", "log_likelihood", "log_ratio", "p_value"]


def log_likelihood(a, b, c, d):
    """G2 for frequencies ``a``, ``b`` in corpora of ``c``, ``d`` words (arrays or numbers).

    >>> round(float(log_likelihood(10, 5, 1000, 2000)), 4)
    6.9315
    """
    a, b, c, d = (np.asarray(x, dtype=float) for x in (a, b, c, d))
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(np.where(a > 0, a, 1) / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(np.where(b > 0, b, 1) / e2), 0.0)
    return 2 * (t1 + t2)


def p_value(g2):
    """Upper tail of the chi-square distribution with 1 d.f. at ``g2``.

    >>> round(float(p_value(3.841459)), 4)
    0.05
    """
    g2 = np.asarray(g2, dtype=float)
    return np.vectorize(lambda x: math.erfc(math.sqrt(max(x, 0.0) / 2)), otypes=[float])(g2)


def log_ratio(a, b, c, d, zero: float = 0.5):
    """Hardie's log ratio ``log2((a/c) / (b/d))``, a zero frequency replaced by ``zero``.

    >>> float(log_ratio(10, 5, 1000, 2000)), float(log_ratio(4, 0, 1000, 1000))
    (2.0, 3.0)
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a = np.where(a == 0, zero, a)
    b = np.where(b == 0, zero, b)
    return np.log2((a / c) / (b / d))


def keyness(target, reference, min_freq: int = 3, stopwords=False) -> pd.DataFrame:
    """Key words of ``target`` against ``reference``, sorted by G2 (largest first).

    ``target`` and ``reference`` are each a Document, a Corpus or a token
    table (for instance ``select(doc, speaker="lavrov")``; or one text of a
    corpus against the others).  Words with ``freq_target + freq_reference``
    below ``min_freq`` are left out.  ``stopwords=True`` (or a collection)
    drops stop words from the list, and with ``True`` numbers and single
    letters too (the corpus sizes still count them).

    Columns: word, freq_target, freq_reference, per_1000_target,
    per_1000_reference, g2 (log-likelihood), p (chi-square, 1 d.f.),
    log_ratio (Hardie 2014, binary log of the ratio of relative
    frequencies), direction (``+`` more frequent in the target than
    expected, ``-`` less), zero (True where one frequency was 0 and the log
    ratio used 0.5 in its place).  Words are lower-cased, curly apostrophes
    straightened, punctuation left out; sizes are word counts.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> lavrov = select(doc, speaker="lavrov")
    >>> others = select(doc, kind=["commentary", "comment"])
    >>> k = keyness(lavrov, others, stopwords=True)
    >>> k.head(1)[["word", "freq_target", "freq_reference", "direction", "zero"]].values.tolist()
    [['many', 0, 6, '-', True]]
    >>> round(float(k.loc[0, "g2"]), 2), round(float(k.loc[0, "log_ratio"]), 2)
    (15.87, -5.05)
    """
    ca, cb = word_counts(target), word_counts(reference)
    c = int(words_of(tokens_of(target)).shape[0])
    d = int(words_of(tokens_of(reference)).shape[0])
    if c == 0 or d == 0:
        raise ValueError(f"keyness needs words on both sides (target has {c}, reference has {d})")
    df = pd.concat([ca.rename("freq_target"), cb.rename("freq_reference")], axis=1).fillna(0)
    df = df.astype("int64").rename_axis("word").reset_index()
    df["word"] = df["word"].astype(object)
    df = df[~stop_mask(df["word"], stopwords)]
    df = df[df["freq_target"] + df["freq_reference"] >= min_freq].copy()
    a, b = df["freq_target"].to_numpy(), df["freq_reference"].to_numpy()
    df["per_1000_target"] = a / c * 1000
    df["per_1000_reference"] = b / d * 1000
    df["g2"] = log_likelihood(a, b, c, d)
    df["p"] = p_value(df["g2"].to_numpy()) if len(df) else np.empty(0)
    df["log_ratio"] = log_ratio(a, b, c, d)
    df["direction"] = np.where(a / c >= b / d, "+", "-")
    df["zero"] = (a == 0) | (b == 0)
    df = df.sort_values(["g2", "word"], ascending=[False, True], kind="stable")
    return df.reset_index(drop=True)
