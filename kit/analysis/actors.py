"""Actors, naming and predication (the discourse-historical approach, Reisigl and Wodak 2001).

*Nomination*: which expressions name an actor ("the collective West", "the
Western minority", "the owner of the White House"), and who uses them.
*Predication*: which words are said of the actor nearby.  Actors and their
patterns come from ``kit/data/actors.yml`` and from a text's sidecar
(top-level ``actors:``), in the same format.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> n = naming(doc)
>>> west = n[n.actor == "west"]
>>> west[west.speaker == "lavrov"][["expression", "n"]].values.tolist()[:3]
[['collective West', 2], ['West', 2], ['Those who are used to teaching everyone how to live', 1]]
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import ids
from .base import load_yaml_data, normalise, stopwords, tokens_of
from .index import index_for
from .lexicon import match

__all__ = ["actor_lexicon", "naming_spans", "naming", "predication"]


def _documents_of(data):
    if hasattr(data, "documents"):
        return list(data.documents.values())
    if hasattr(data, "meta"):
        return [data]
    from .base import _documents
    return list(_documents(pd.unique(data["text_id"].astype(str))).values())


def actor_lexicon(data=None, actors=None) -> dict:
    """The actors in force: ``{id: {"label", "patterns", "deixis"}}``.

    ``actors`` may be a dict in the lexicon's format (``{id: {label,
    patterns}}``) or the path of a YAML file with a top-level ``actors:``;
    by default the shared ``kit/data/actors.yml`` is used, extended by the
    ``actors:`` of each text's sidecar in ``data``.

    >>> lex = actor_lexicon()
    >>> lex["west"]["label"], "collective West" in lex["west"]["patterns"]
    ('the West', True)
    >>> actor_lexicon(actors={"rubio": {"label": "Rubio", "patterns": ["Rubio"]}})["rubio"]["patterns"]
    ['Rubio']
    """
    if actors is None:
        base = load_yaml_data("actors.yml")["actors"]
        extra = [d.meta.get("actors") or {} for d in _documents_of(data)] if data is not None else []
    elif isinstance(actors, (str, Path)):
        from ..yamlines import load
        base, extra = (load(Path(actors)) or {}).get("actors") or {}, []
    else:
        base, extra = actors, []
    out: dict = {}
    for source in [base, *extra]:
        for aid, spec in source.items():
            if not isinstance(spec, dict) or not spec.get("patterns"):
                raise ValueError(f"actor '{aid}' needs a list of patterns "
                                 "(format: {id: {label: ..., patterns: [...]}})")
            entry = out.setdefault(str(aid), {"label": str(spec.get("label", aid)), "patterns": [],
                                              "deixis": spec.get("deixis")})
            for p in spec["patterns"]:
                if str(p) not in entry["patterns"]:
                    entry["patterns"].append(str(p))
            if spec.get("deixis"):
                entry["deixis"] = spec["deixis"]
    return out


def naming_spans(data, actors=None) -> pd.DataFrame:
    """Every mention of every actor, in text order.

    Columns: actor, label, pattern, text_id, segment_id, sentence_id,
    speaker, voice, kind, start, end, expression (the words as written).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> sp = naming_spans(doc)
    >>> sp[sp.actor == "united_states"]["expression"].tolist()[:4]
    ['Outlaw US Empire', 'US President Donald Trump', 'US President Donald Trump', 'Trump administration']
    """
    lex = actor_lexicon(data, actors)
    items = [(aid, p) for aid, spec in lex.items() for p in spec["patterns"]]
    m = match(index_for(data), items)
    m = m.rename(columns={"category": "actor", "item": "pattern", "match": "expression"})
    m.insert(1, "label", [lex[a]["label"] for a in m["actor"]])
    return m


def _key(expression: str) -> str:
    """Group spellings of one expression: case, curly apostrophes, a possessive ’s."""
    k = normalise(expression)
    return k[:-2] if k.endswith("'s") else k


def _spelling(forms: pd.Series) -> str:
    """The most frequent spelling; on a tie the shortest, then the first."""
    counts = forms.value_counts(sort=False)
    best = max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))
    return best[0]


def naming(data, actors=None, by="speaker") -> pd.DataFrame:
    """The expressions that name each actor, per speaker (or other grouping).

    Expressions are grouped ignoring case, apostrophe style and a possessive
    ``'s`` (``West``/``West's``), and shown in their most frequent spelling.

    Columns: actor, label, expression, the grouping column(s), n, sentences
    (short ids of the sentences where it occurs, e.g. ``a1.s3``).  Sorted by
    actor (lexicon order), group, then n (largest first).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> n = naming(doc)
    >>> n[n.expression == "owner of the White House"][["speaker", "n", "sentences"]].values.tolist()
    [['lavrov', 1, 'a2.s7']]
    """
    from .base import group_columns
    spans = naming_spans(data, actors)
    cols = group_columns(by)
    lex = actor_lexicon(data, actors)
    empty = ["actor", "label", "expression", *cols, "n", "sentences"]
    if spans.empty:
        return pd.DataFrame({c: [] for c in empty})
    spans = spans.assign(key=[_key(e) for e in spans["expression"]],
                         short=ids.shorts(spans["sentence_id"]))
    for c in cols:
        spans[c] = spans[c].astype(object)
    shown = spans.groupby(["actor", "key"])["expression"].agg(_spelling)
    g = spans.groupby(["actor", "key", *cols], sort=False)
    out = g.size().rename("n").to_frame()
    out["sentences"] = g["short"].agg(lambda s: ", ".join(dict.fromkeys(s)))
    out = out.reset_index()
    out["expression"] = [shown[(a, k)] for a, k in zip(out["actor"], out["key"])]
    out["label"] = [lex[a]["label"] for a in out["actor"]]
    order = {a: i for i, a in enumerate(lex)}
    out["_o"] = out["actor"].map(order)
    out["_k"] = out["expression"].str.lower()
    out = out.sort_values(["_o", *cols, "n", "_k"], ascending=[True] * (1 + len(cols)) + [False, True],
                          kind="stable")
    return out[empty].reset_index(drop=True)


def predication(data, actors=None, window: int = 4, by="speaker") -> pd.DataFrame:
    """Content words said near each actor's mentions: a first look at predication.

    For each mention, the words within ``window`` words left and right, in
    the same sentence, that are not stop words and not part of any actor's
    mention.  This is co-text, not syntax (no parser is used): read the
    sentences before calling a word a predication.

    Columns: actor, label, the grouping column(s), word, n, sentences.
    Sorted by actor, group, then n (largest first).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> p = predication(doc, window=3)
    >>> p[(p.actor == "west") & (p.speaker == "lavrov")]["word"].tolist()[:4]
    ['advocate', 'coexistence', 'democrats', 'depend']
    """
    from .base import group_columns
    spans = naming_spans(data, actors)
    lex = actor_lexicon(data, actors)
    cols = group_columns(by)
    ix = index_for(data)
    tok = tokens_of(data)
    sw = stopwords()
    empty = ["actor", "label", *cols, "word", "n", "sentences"]
    if spans.empty:
        return pd.DataFrame({c: [] for c in empty})
    import numpy as np
    # rows covered by any mention are not predicates
    covered = np.zeros(len(ix.code), dtype=bool)
    sent = tok["sentence_id"].to_numpy()
    first_rows, last_rows = [], []
    for s, e, t in zip(spans["start"], spans["end"], spans["text_id"].astype(str)):
        tnum = ix.text_names.index(t)
        a, b = ix.row_at(tnum, int(s)), ix.row_at(tnum, int(e) - 1)
        covered[a:b + 1] = True
        first_rows.append(a)
        last_rows.append(b)
    records = []
    for k, (a, b) in enumerate(zip(first_rows, last_rows)):
        for direction, anchor in ((-1, a), (1, b)):
            r, seen = anchor + direction, 0
            while 0 <= r < len(ix.code) and sent[r] == sent[anchor] and seen < window:
                if ix.is_word[r]:
                    seen += 1
                    w = normalise(ix.words[ix.code[r]])
                    if not covered[r] and w not in sw and not w.isdigit():
                        records.append((k, w))
                r += direction
    if not records:
        return pd.DataFrame({c: [] for c in empty})
    idx, words = zip(*records)
    base = spans.iloc[list(idx)].reset_index(drop=True)
    df = pd.DataFrame({"actor": base["actor"].to_numpy(),
                       **{c: base[c].astype(object).to_numpy() for c in cols},
                       "word": words,
                       "short": ids.shorts(base["sentence_id"])})
    g = df.groupby(["actor", *cols, "word"], sort=False)
    out = g.size().rename("n").to_frame()
    out["sentences"] = g["short"].agg(lambda s: ", ".join(dict.fromkeys(s)))
    out = out.reset_index()
    out["label"] = [lex[a]["label"] for a in out["actor"]]
    order = {a: i for i, a in enumerate(lex)}
    out["_o"] = out["actor"].map(order)
    out = out.sort_values(["_o", *cols, "n", "word"], ascending=[True] * (1 + len(cols)) + [False, True],
                          kind="stable")
    return out[empty].reset_index(drop=True)
