"""Stance: how sure a speaker sounds, and how they address their audience (Hyland 2005).

The five categories of Hyland's interpersonal metadiscourse: hedges
(withhold commitment: "perhaps", "I think"), boosters (certainty: "clearly",
"undoubtedly"), attitude markers ("unfortunately", "odious"), self-mentions
("I", "we", "yours truly") and engagement markers ("you", "let me remind
you").  The lexicon is ``kit/data/stance.yml``: Hyland's lists (Metadiscourse,
2005, appendix) plus the kit's additions for spoken political discourse,
each marked with its reason.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> s = stance(doc, by="speaker")
>>> s[(s.speaker == "lavrov") & (s.category == "boosters")][["n", "words"]].values.tolist()
[[10, 1098]]
"""

from __future__ import annotations

import pandas as pd

from .base import group_columns, load_yaml_data, tokens_of, words_of
from .index import index_for
from .lexicon import match

__all__ = ["stance", "stance_spans", "stance_lexicon", "CATEGORIES"]

#: Hyland's five categories, in his order.
CATEGORIES = ("hedges", "boosters", "attitude_markers", "self_mentions", "engagement_markers")


def stance_lexicon(lexicon=None) -> list[tuple[str, str]]:
    """``(category, item)`` pairs from ``kit/data/stance.yml`` (or a dict of your own).

    A dict of your own maps category names to lists of items.

    >>> pairs = stance_lexicon()
    >>> ("hedges", "I think") in pairs, ("boosters", "undoubtedly") in pairs
    (True, True)
    >>> stance_lexicon({"hedges": ["perhaps"]})
    [('hedges', 'perhaps')]
    """
    if lexicon is not None:
        return [(str(cat), str(item)) for cat, items in lexicon.items() for item in items]
    data = load_yaml_data("stance.yml")
    pairs = []
    for cat in CATEGORIES:
        entry = data["categories"][cat]
        for item in list(entry.get("hyland") or []) + list(entry.get("added") or []):
            pairs.append((cat, str(item)))
    return pairs


def stance_spans(data, lexicon=None) -> pd.DataFrame:
    """Every stance marker found, with its offsets, in text order.

    Columns: category, item (the lexicon entry), text_id, segment_id,
    sentence_id, speaker, voice, kind, start, end, match (as written).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> sp = stance_spans(doc)
    >>> sp[(sp.category == "boosters") & (sp.speaker == "lavrov")]["match"].tolist()
    ['true', 'The whole world', 'de facto', 'always', 'undoubtedly', 'always', 'no coincidence', 'The world understands', 'no coincidence', 'establish']
    >>> row = sp[sp["match"] == "Let me remind you"].iloc[0]
    >>> row.category, doc.original[row.start:row.end]
    ('engagement_markers', 'Let me remind you')
    """
    return match(index_for(data), stance_lexicon(lexicon))


def stance(data, by="speaker", lexicon=None) -> pd.DataFrame:
    """Counts of each stance category per group, raw and per 1,000 words.

    ``by`` as in :func:`~kit.analysis.frequencies` (``"speaker"``,
    ``"segment"``, ``"kind"``, a list, or ``None``).  Every group has a row
    for every category, zeros included.

    Columns: the grouping columns, category, n, words (in the group),
    per_1000, items (the forms found, most frequent first, e.g.
    ``"always 3, undoubtedly 1"``).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> s = stance(doc, by="speaker")
    >>> s[s.speaker == "lavrov"][["category", "n"]].values.tolist()
    [['hedges', 11], ['boosters', 10], ['attitude_markers', 9], ['self_mentions', 21], ['engagement_markers', 2]]
    """
    spans = stance_spans(data, lexicon)
    cats = list(dict.fromkeys(c for c, _ in stance_lexicon(lexicon)))
    return count_by(data, spans, by, cats)


def count_by(data, spans: pd.DataFrame, by, categories) -> pd.DataFrame:
    """Count matched spans per group and category (zeros kept); shared with deixis."""
    cols = group_columns(by)
    words = words_of(tokens_of(data))
    if cols:
        sizes = words.groupby(cols, observed=True).size().rename("words").reset_index()
    else:
        sizes = pd.DataFrame({"words": [len(words)]})
    grid = sizes.merge(pd.DataFrame({"category": list(categories)}), how="cross")
    if len(spans):
        spans = spans.assign(form=spans["match"].str.lower().str.replace("’", "'", regex=False))
        n = spans.groupby(cols + ["category"], observed=True).size().rename("n").reset_index()
        forms = (spans.groupby(cols + ["category", "form"], observed=True).size()
                 .rename("k").reset_index()
                 .sort_values(["k", "form"], ascending=[False, True], kind="stable")
                 .groupby(cols + ["category"], observed=True, sort=False)
                 .apply(lambda g: ", ".join(f"{f} {k}" for f, k in zip(g["form"], g["k"])),
                        include_groups=False)
                 .rename("items").reset_index())
        for c in cols:
            for frame in (n, forms):
                frame[c] = frame[c].astype(object)
        grid_keys = {c: grid[c].astype(object) for c in cols}
        grid = grid.assign(**grid_keys)
        grid = grid.merge(n, on=cols + ["category"], how="left").merge(forms, on=cols + ["category"], how="left")
    else:
        grid["n"], grid["items"] = 0, ""
    grid["n"] = grid["n"].fillna(0).astype("int64")
    grid["items"] = grid["items"].fillna("")
    grid["per_1000"] = grid["n"] / grid["words"] * 1000
    return grid[cols + ["category", "n", "words", "per_1000", "items"]]
