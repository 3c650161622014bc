"""The instruments of discourse study: each takes a Document, a Corpus or a table
and returns a tidy DataFrame; ``kit.plots`` draws them.

=====================  =====================================================
``select``             token rows matching filters (speaker, kind, segment)
``frequencies``        word counts per group, per 1,000 words
``keyness``            log-likelihood G2, p and log ratio, target vs reference
``concordance``        KWIC lines of a word, phrase or regex, with offsets
``collocations``       words near a node, scored with NLTK's measures
``dispersion``         where terms occur (``dispersion_counts``: per segment)
``deixis``             we / they / named out-groups per group
``stance``             Hyland's stance markers per group (``stance_spans``)
``naming``             expressions naming each actor (``naming_spans``)
``predication``        words said near each actor's mentions
``quotations``         direct, scare, so-called and reported speech
``sentiment``          VADER scores per sentence or segment
=====================  =====================================================

The full account of each (question, call, columns, source) is in
``docs/analysis.md``.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> kit.analysis.concordance(doc, "collective West").shape[0]
3
"""

from .actors import actor_lexicon, naming, naming_spans, predication
from .base import select, stopwords
from .collocation import collocations
from .distribution import dispersion, dispersion_counts
from .frequency import frequencies, word_counts
from .keywords import keyness, log_likelihood, log_ratio, p_value
from .kwic import concordance
from .metadiscourse import stance, stance_lexicon, stance_spans
from .persons import deixis, deixis_spans
from .polarity import sentiment
from .quotation import quotations, reporting_verbs

__all__ = ["select", "stopwords", "frequencies", "word_counts", "keyness", "log_likelihood",
           "log_ratio", "p_value", "concordance", "collocations", "dispersion", "dispersion_counts",
           "deixis", "deixis_spans", "stance", "stance_spans", "stance_lexicon", "naming",
           "naming_spans", "predication", "actor_lexicon", "quotations", "reporting_verbs",
           "sentiment"]
