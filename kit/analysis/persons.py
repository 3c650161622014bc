"""Deixis and voices: who "we" are and who "they" are, per speaker or segment.

Three counts: first-person plural pronouns (*we, us, our, ours, ourselves*),
third-person plural pronouns (*they, them, their, theirs, themselves*) and
mentions of named out-groups (the actors marked ``deixis: they`` in
``kit/data/actors.yml`` or a sidecar: in the seed, the West, the Kiev regime,
the European Union and NATO, as the interview answers set them against
"we").  Word lists: ``kit/data/deixis.yml``.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> d = deixis(doc)
>>> d[d.speaker == "lavrov"][["category", "n"]].values.tolist()
[['we', 19], ['they', 5], ['named out-groups', 22]]
"""

from __future__ import annotations

import pandas as pd

from .base import load_yaml_data
from .index import index_for
from .lexicon import match
from .actors import actor_lexicon
from .metadiscourse import count_by

__all__ = ["deixis", "deixis_spans", "CATEGORIES"]

CATEGORIES = ("we", "they", "named out-groups")


def deixis_spans(data, actors=None) -> pd.DataFrame:
    """Every we-form, they-form and out-group mention, in text order.

    Columns: category (we, they, named out-groups), item (the pronoun, or
    the actor id for a named out-group), text_id, segment_id, sentence_id,
    speaker, voice, kind, start, end, match.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> sp = deixis_spans(doc)
    >>> sp[(sp.category == "they") & (sp.speaker == "lavrov")]["match"].tolist()
    ['themselves', 'their', 'their', 'them', 'them']
    """
    words = load_yaml_data("deixis.yml")
    ix = index_for(data)
    pron = match(ix, [("we", str(w)) for w in words["we"]] + [("they", str(w)) for w in words["they"]])
    lex = actor_lexicon(data, actors)
    named = [(aid, p) for aid, spec in lex.items() if spec.get("deixis") == "they" for p in spec["patterns"]]
    others = match(ix, named)
    if len(others):
        others = others.assign(item=others["category"], category="named out-groups")
    out = pd.concat([pron, others], ignore_index=True) if len(others) else pron
    for col in ("text_id", "segment_id", "sentence_id", "speaker", "voice", "kind"):
        if col in pron and isinstance(pron[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col].astype(object), categories=pron[col].cat.categories)
    return out.sort_values(["text_id", "start"], kind="stable").reset_index(drop=True)


def deixis(data, by="speaker", actors=None) -> pd.DataFrame:
    """We, they and named out-groups per group, raw and per 1,000 words.

    ``by`` as in :func:`~kit.analysis.frequencies`.  Every group has a row
    for each of the three categories, zeros included.

    Columns: the grouping columns, category, n, words, per_1000, items (the
    forms found, most frequent first).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> d = deixis(doc, by="segment")
    >>> row = d[(d.segment_id == "lavrov-new-regions-2025:c2") & (d.category == "named out-groups")]
    >>> row[["n", "items"]].values.tolist()
    [[8, "west 3, european union 1, former metropolises 1, ultra-liberal ruling elites 1, west's 1, westerner 1"]]
    """
    return count_by(data, deixis_spans(data, actors), by, CATEGORIES)
