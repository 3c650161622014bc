"""Sentiment per sentence and per segment, with VADER (Hutto and Gilbert 2014).

VADER scores a sentence from a lexicon of about 7,500 words and emoticons
rated by people (from -4, most negative, to +4), with rules for negation
("not good"), intensifiers ("very"), "but", capitals and exclamation marks.
``compound`` is the normalised sum, from -1 (most negative) to +1; ``neg``,
``neu`` and ``pos`` are the shares of the sentence's words in each class.
The lexicon ships inside the ``vaderSentiment`` package; nothing is
downloaded.

Known limits, to keep in mind before reading a sentiment arc:

* VADER was built and checked on social-media posts, film reviews and
  news snippets, not on diplomatic or political argument;
* it scores words, not stance: Lavrov's sentence on "combating the
  glorification of this misanthropic ideology" comes out clearly positive
  (+0.71), because "glorification" is rated +2.0 and "misanthropic" is not in
  the lexicon, although the sentence condemns the ideology;
* it knows no metaphor, irony or scare quotes: "Rubio has always been a
  snake ..." scores 0.0, and so does "the Western minority";
* many words of political argument are missing from its lexicon ("regime",
  "neo-Nazi", "sovereignty", "odious", "predatory" score nothing);
* it knows English only, and the compound of a long sentence drifts towards
  the extremes;
* a segment's score here is the mean of its sentences' scores, not a score of
  the whole segment at once.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> s = sentiment(doc)
>>> len(s) == len(doc.sentences), s["compound"].between(-1, 1).all()
(True, np.True_)
>>> [float(x) for x in s[s.text.str.contains("misanthropic|has always been a snake")]["compound"]]
[0.7096, 0.0]
>>> sorted(w for w in ("regime", "neo-nazi", "odious", "glorification") if w in _analyzer().lexicon)
['glorification']
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .base import sentences_of

__all__ = ["sentiment"]


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    return SentimentIntensityAnalyzer()


def sentiment(data, unit: str = "sentence") -> pd.DataFrame:
    """VADER scores per sentence (``unit="sentence"``) or per segment (``"segment"``).

    Sentence columns: text_id, segment_id, sentence_id, speaker, kind,
    order (position of the sentence in its text, from 1), start, end, text,
    neg, neu, pos, compound.  Segment columns: text_id, segment_id, speaker,
    kind, order (segment position), sentences (how many were scored), neg,
    neu, pos, compound (means over the segment's sentences), start, end.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> s = sentiment(doc)
    >>> row = s[s.sentence_id.astype(str).str.endswith("a2.s10")].iloc[0]
    >>> row.text, float(row.compound)
    ('All these are steps in the right direction.', 0.0)
    >>> seg = sentiment(doc, unit="segment")
    >>> plug = seg[seg.segment_id.astype(str).str.endswith(":plug")].iloc[0]
    >>> int(plug.sentences), round(float(plug.compound), 4)
    (3, 0.4163)
    """
    if unit not in ("sentence", "segment"):
        raise ValueError(f"unit must be 'sentence' or 'segment', not {unit!r}")
    sents = sentences_of(data)
    sia = _analyzer()
    scores = [sia.polarity_scores(t) for t in sents["text"]]
    cols = [c for c in ("text_id", "segment_id", "sentence_id", "speaker", "kind") if c in sents]
    out = sents[cols].reset_index(drop=True).copy()
    out["order"] = out.groupby("text_id", observed=True).cumcount() + 1
    out["start"] = sents["start"].to_numpy()
    out["end"] = sents["end"].to_numpy()
    out["text"] = sents["text"].to_numpy()
    for key in ("neg", "neu", "pos", "compound"):
        out[key] = [s[key] for s in scores]
    if unit == "sentence":
        return out
    g = out.groupby(["text_id", "segment_id"], observed=True, sort=False)
    seg = g.agg(speaker=("speaker", "first"), kind=("kind", "first"), sentences=("compound", "size"),
                neg=("neg", "mean"), neu=("neu", "mean"), pos=("pos", "mean"),
                compound=("compound", "mean"), start=("start", "min"), end=("end", "max")).reset_index()
    seg.insert(4, "order", seg.groupby("text_id", observed=True).cumcount() + 1)
    return seg
