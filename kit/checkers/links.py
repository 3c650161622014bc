"""Relation linking: (source, target, relation) triples between sentences, scored by F1.

The answer is a list of links ``{"source": "a2.s8", "target": "c1.s2",
"relation": "attack"}``.  Precision is the share of the student's distinct
links that are in the key, recall the share of the key's links the student
found; a link counts only with the right direction and relation.  Points are
``F1 × points`` (both empty: F1 = 1).

Worked example: key {(s1→s2 support), (s3→s2 attack)}; answer {(s1→s2
support), (s3→s2 support)}: precision 1/2, recall 1/2, F1 = 0.5.

>>> link_scores({("s1", "s2", "support"), ("s3", "s2", "attack")},
...             {("s1", "s2", "support"), ("s3", "s2", "support")})
{'precision': 0.5, 'recall': 0.5, 'f1': 0.5}

**Tiers.** A key item may say ``tier: acceptable`` (default ``required``):
a defensible link the key does not ask for.  Recall counts the required
links only; precision counts a link as right when it equals a required *or*
an acceptable link.  Worked example: required {(s1→s2 support)},
acceptable {(s4→s2 support)}; answer {(s1→s2 support), (s4→s2 support),
(s5→s2 attack)}: precision 2/3, recall 1/1, F1 = 0.8 (without the tier:
precision 1/3, F1 0.5).

>>> r = link_scores({("s1", "s2", "support")},
...                 {("s1", "s2", "support"), ("s4", "s2", "support"), ("s5", "s2", "attack")},
...                 acceptable={("s4", "s2", "support")})
>>> round(r["precision"], 4), r["recall"], round(r["f1"], 4)
(0.6667, 1.0, 0.8)
"""

from __future__ import annotations

from .common import MAX_ITEMS, fraction_result, key_feedback, prepared, sentence
from .spans import check_tier
from .result import Feedback

__all__ = ["link_scores", "check_spec", "check_key", "problems", "summary", "score", "describe", "hit", "secrets",
           "others", "NEEDS_TEXT"]

NEEDS_TEXT = True

DEFAULT_RELATIONS = ["support", "attack"]


def link_scores(gold: set, predicted: set, acceptable: set = frozenset()) -> dict:
    """Precision, recall and F1 over sets of triples (``gold``: the required links)."""
    if not gold and not predicted:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    hits = len(gold & predicted)
    precise = len((set(gold) | set(acceptable)) & predicted)
    precision = precise / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def check_spec(ex, raw, err) -> None:
    """Relations default to support and attack."""
    if not ex.relations:
        ex.relations = list(DEFAULT_RELATIONS)


def check_key(ex, items, raw, err) -> list:
    """Source and target are sentences of the exercise; the relation is allowed; ``tier`` as for spans."""
    check_tier(items, err, "link")
    seen = set()
    for n, item in enumerate(items):
        src, tgt = sentence(ex, item.get("source")), sentence(ex, item.get("target"))
        for name, sid in (("source", src), ("target", tgt)):
            if sid is None:
                err(n, name, f"sentence id {item.get(name)!r} is not in the text"
                             f"{' unit ' + ', '.join(ex.unit) if ex.unit else ''}")
        if item.get("relation") not in ex.relations:
            err(n, "relation", f"link relation {item.get('relation')!r} is not allowed "
                               f"(relations: {', '.join(ex.relations)})")
        if src and src == tgt:
            err(n, "target", "a link needs two different sentences")
        triple = (src, tgt, item.get("relation"))
        if triple in seen:
            err(n, None, "the same link is listed twice")
        seen.add(triple)
        item["source"], item["target"] = src, tgt
    return items


def _triples(ex, value) -> set:
    return {(sentence(ex, v["source"]), sentence(ex, v["target"]), v["relation"]) for v in value}


def problems(ex, value) -> list[str]:
    """A list of {source, target, relation} between different sentences of the exercise."""
    if not isinstance(value, list):
        return [f"expected a list of links, got {type(value).__name__}"]
    if len(value) > MAX_ITEMS:
        return [f"too many links ({len(value)})"]
    out = []
    for n, link in enumerate(value, 1):
        if not isinstance(link, dict):
            out.append(f"link {n}: expected {{source, target, relation}}, got {type(link).__name__}")
            continue
        for name in ("source", "target"):
            if sentence(ex, link.get(name)) is None:
                out.append(f"link {n}: {name} {str(link.get(name))[:40]!r} is not a sentence of this exercise")
        if link.get("relation") not in ex.relations:
            out.append(f"link {n}: relation {str(link.get('relation'))[:40]!r} is not one of "
                       f"{', '.join(ex.relations)}")
        if len(out) >= 5:
            break
    return out


def summary(ex, value) -> str:
    return f"{len(_triples(ex, value))} link(s)"


def _gold(ex) -> tuple:
    """(source, target, relation) → key item; the required triples; the acceptable ones."""
    gold = {(i["source"], i["target"], i["relation"]): i for i in ex.key.items}
    req = frozenset(t for t, i in gold.items() if i.get("tier", "required") == "required")
    return gold, req, frozenset(gold) - req


def score(ex, value):
    """F1 × points; feedback on each key link and each link not in the key."""
    gold, gold_set, acceptable = prepared(ex, "links.gold", _gold)
    pred = _triples(ex, value)
    scores = link_scores(gold_set, pred, acceptable)
    feedback = []
    for triple, item in gold.items():
        ok = triple in pred
        src, tgt, rel = triple
        if triple in acceptable:
            if ok:
                feedback.append(key_feedback(item, True, f"{src} → {tgt} ({rel}): the key accepts it (not required)",
                                             f"{src}->{tgt}"))
            continue
        if ok:
            msg = f"{src} → {tgt} ({rel}): found"
        elif any(p[0] == src and p[1] == tgt for p in pred):
            msg = f"{src} → {tgt}: linked, but the key's relation is {rel}"
        else:
            msg = f"{src} → {tgt} ({rel}): missing"
        conceal = None if ok else (f"{src} \u2192 {tgt}: linked, but the relation is not the key's" if "linked, but" in msg
                                   else "")
        feedback.append(key_feedback(item, ok, msg, f"{src}->{tgt}", conceal))
    for p in sorted(pred - set(gold)):
        feedback.append(Feedback(False, f"{p[0]} → {p[1]} ({p[2]}): not in the key", item=f"{p[0]}->{p[1]}"))
    return fraction_result(ex, scores["f1"], feedback, details=scores)


def describe(ex, item) -> str:
    tier = " (acceptable)" if item.get("tier") == "acceptable" else ""
    return f"{item['source']} \u2192 {item['target']} ({item['relation']}){tier}"


def hit(ex, item, value) -> bool:
    return (item["source"], item["target"], item["relation"]) in _triples(ex, value)


def secrets(ex) -> list[str]:
    """Each key link: ``commentary.s2 → a2.s8 (attack)``."""
    return [describe(ex, {**i, "tier": None}) for i in ex.key.items]


def others(ex, value) -> list:
    """The links of this answer that the key does not have (in either tier)."""
    gold, _, _ = prepared(ex, "links.gold", _gold)
    return [(f"{s} \u2192 {t} ({r})",
             f"- {{source: {s}, target: {t}, relation: {r}, tier: acceptable, evidence: ..., rationale: ...}}")
            for s, t, r in sorted(_triples(ex, value) - set(gold))]
