"""Collocations: the words that keep company with a node word, scored by association.

Counting follows the usual concordancer practice: every word within
``window`` words left and right of each hit of the node (words only, not
punctuation, and never across a segment boundary) is a co-occurrence.  For
each collocate the 2×2 table of the NLTK association measures is

================  =====================  ==================================
                  collocate              other words
node              ``O``                  ``f_node - O``
other words       ``f_coll - O``         ``N - f_node - f_coll + O``
================  =====================  ==================================

with ``O`` the co-occurrences (capped at the smaller of the two
frequencies, so no cell goes negative), ``f_node`` and ``f_coll`` the
frequencies of node and collocate, and ``N`` the number of words.  The
scores come from ``nltk.metrics.BigramAssocMeasures``: ``pmi`` (pointwise
mutual information, log2 of observed over expected), ``likelihood_ratio``
(Dunning's log-likelihood) and ``student_t`` (the t-score).  With
``window=1, side="right"`` this is exactly NLTK's adjacent-bigram scoring.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> c = collocations(doc, "anniversary", window=3, min_freq=3)
>>> c[["collocate", "n", "freq_collocate"]].values.tolist()
[['80th', 4, 4], ['victory', 3, 6], ['of', 5, 93], ['the', 9, 172]]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import stopwords as stopword_list, normalise
from .index import index_for

__all__ = ["collocations", "MEASURES"]

#: Accepted names for the measures, and the column each scores.
MEASURES = {"pmi": "pmi", "likelihood_ratio": "likelihood_ratio", "ll": "likelihood_ratio",
            "log_likelihood": "likelihood_ratio", "t": "t_score", "t_score": "t_score",
            "student_t": "t_score"}


def collocations(data, node: str, window: int = 5, measure: str = "pmi", min_freq: int = 2,
                 side: str = "both", regex: bool = False, stopwords=False) -> pd.DataFrame:
    """Collocates of ``node`` within ``window`` words, scored with NLTK's association measures.

    ``node`` is a word or phrase (or a regex with ``regex=True``), found as
    in :func:`~kit.analysis.concordance`.  ``side`` is ``"both"``, ``"left"``
    or ``"right"``.  Collocates seen fewer than ``min_freq`` times near the
    node are left out; ``stopwords=True`` (or a collection) leaves out stop
    words.  Sorted by ``measure`` (``"pmi"``, ``"likelihood_ratio"``/``"ll"``,
    ``"t"``/``"student_t"``), highest first.

    Columns: node, collocate, n (co-occurrences), n_left, n_right,
    freq_node, freq_collocate, words (N), pmi, likelihood_ratio, t_score.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> c = collocations(doc, "West", window=3, min_freq=2, stopwords=True)
    >>> c[["collocate", "n", "n_left", "n_right"]].values.tolist()
    [['collective', 3, 3, 0], ['driven', 2, 0, 2], ['elites', 2, 2, 0], ['true', 2, 1, 1]]
    >>> round(float(c.loc[0, "pmi"]), 3)     # log2(3 * 1735 / (8 * 3))
    7.761
    """
    if measure not in MEASURES:
        raise ValueError(f"unknown measure {measure!r}; choose one of {', '.join(sorted(MEASURES))}")
    if side not in ("both", "left", "right"):
        raise ValueError(f"side must be 'both', 'left' or 'right', not {side!r}")
    if window < 1:
        raise ValueError("window must be at least 1 word")
    ix = index_for(data)
    hits = ix.find(node, regex=regex)
    wrows = np.flatnonzero(ix.is_word)          # table rows of words
    wcode, wseg = ix.code[wrows], ix.segment[wrows]
    n_words = len(wrows)
    freq = np.bincount(wcode, minlength=len(ix.words))
    # word positions of the first and last token of each hit
    first = np.searchsorted(wrows, hits.rows)
    last = np.searchsorted(wrows, hits.last, side="right") - 1
    near = np.zeros(len(ix.words), dtype=np.int64)
    n_left = np.zeros(len(ix.words), dtype=np.int64)
    for offset in range(1, window + 1):
        for sign, anchor in ((-1, first), (1, last)):
            if (sign < 0 and side == "right") or (sign > 0 and side == "left"):
                continue
            pos = anchor + sign * offset
            ok = (pos >= 0) & (pos < n_words)
            pos, base = pos[ok], anchor[ok]
            ok = wseg[pos] == wseg[base]
            codes = wcode[pos[ok]]
            np.add.at(near, codes, 1)
            if sign < 0:
                np.add.at(n_left, codes, 1)
    keep = np.flatnonzero(near >= min_freq)
    words = ix.words[keep]
    if stopwords is not False and stopwords is not None:
        drop = stopword_list() if stopwords is True else {normalise(w) for w in stopwords}
        mask = np.array([normalise(w) not in drop for w in words], dtype=bool)
        keep, words = keep[mask], words[mask]
    f_node = len(hits)
    df = pd.DataFrame({
        "node": node, "collocate": words.astype(object), "n": near[keep],
        "n_left": n_left[keep], "n_right": near[keep] - n_left[keep],
        "freq_node": f_node, "freq_collocate": freq[keep], "words": n_words,
    })
    df["pmi"], df["likelihood_ratio"], df["t_score"] = _scores(df, f_node, n_words)
    col = MEASURES[measure]
    df = df.sort_values([col, "n", "collocate"], ascending=[False, False, True], kind="stable")
    return df.reset_index(drop=True)


def _scores(df: pd.DataFrame, f_node: int, n_words: int):
    from nltk.metrics import BigramAssocMeasures as M
    pmi, ll, t = [], [], []
    for o, f_c in zip(df["n"].tolist(), df["freq_collocate"].tolist()):
        o = min(o, f_node, f_c)
        marg = (f_node, f_c)
        pmi.append(M.pmi(o, marg, n_words))
        ll.append(M.likelihood_ratio(o, marg, n_words))
        t.append(M.student_t(o, marg, n_words))
    return pmi, ll, t
