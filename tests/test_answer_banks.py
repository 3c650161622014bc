"""Rubrics proven on answer banks: good answers must outrank poor ones.

For every short-text exercise, ``tests/data/answer_banks/<id>.yml`` holds at least six good answers
(sound analyses phrased differently from the key) and six poor ones (keyword salads, verdicts instead
of analysis, the misreading the item targets, answers that take a side), written for these tests.
Each must hold: the key's own answer earns full marks; the probability that a random good answer
scores above a random poor one (ties count half) is at least 0.9; the mean gap is at least 40% of
the points.  Span and link exercises are held to the same bar on answers built from their keys:
the key itself and its defensible variants against typical poor answers.

``python tests/test_answer_banks.py`` prints the figures per exercise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

import kit.exercises
from kit.checkers import check

BANKS = Path(__file__).parent / "data" / "answer_banks"
MIN_AUC, MIN_GAP = 0.9, 0.4


def short_text_ids() -> list[str]:
    return [e.id for e in kit.exercises.all_exercises() if e.type == "short_text"]


def bank(ex_id: str) -> dict:
    return yaml.safe_load((BANKS / f"{ex_id}.yml").read_text(encoding="utf-8"))


def value(ex, entry):
    """The answer value of a bank entry: plain text, or parts for evidence-anchored exercises."""
    from kit.checkers import module
    return module(ex.type).bank_value(ex, entry) if hasattr(module(ex.type), "bank_value") else entry["text"]


def points(ex, v) -> float:
    return check(ex, v, grading=True).points


def auc(good: list, poor: list) -> float:
    """P(random good > random poor), ties counting half (the Mann-Whitney statistic).

    >>> auc([2, 3], [1, 2])
    0.875
    """
    wins = sum(1.0 if g > p else 0.5 if g == p else 0.0 for g in good for p in poor)
    return wins / (len(good) * len(poor))


def figures(ex_id: str) -> dict:
    ex = kit.exercises.get(ex_id)
    b = bank(ex_id)
    good = [points(ex, value(ex, e)) for e in b["good"]]
    poor = [points(ex, value(ex, e)) for e in b["poor"]]
    return {"exercise": ex_id, "points": ex.points, "n_good": len(good), "n_poor": len(poor),
            "good": sum(good) / len(good), "poor": sum(poor) / len(poor), "auc": auc(good, poor),
            "scores_good": good, "scores_poor": poor}


@pytest.mark.parametrize("ex_id", short_text_ids())
def test_bank_is_large_and_varied(ex_id):
    b = bank(ex_id)
    assert b["exercise"] == ex_id
    assert len(b["good"]) >= 6 and len(b["poor"]) >= 6
    kinds = " ".join(e.get("kind", "") for e in b["poor"])
    for kind in ("keyword salad", "verdict", "side"):
        assert kind in kinds, f"{ex_id}: no poor answer of the kind '{kind}'"


@pytest.mark.parametrize("ex_id", short_text_ids())
def test_good_answers_outrank_poor_ones(ex_id):
    f = figures(ex_id)
    assert f["auc"] >= MIN_AUC, f
    assert f["good"] - f["poor"] >= MIN_GAP * f["points"], f


@pytest.mark.parametrize("ex_id", short_text_ids())
def test_key_answer_earns_full_marks(ex_id):
    from kit.checkers import module
    ex = kit.exercises.get(ex_id)
    v = module(ex.type).key_answer(ex)
    r = check(ex, v, grading=True)
    assert r.points == pytest.approx(ex.points), r.text()


@pytest.mark.parametrize("ex_id", short_text_ids())
def test_no_idea_only_repeats_the_prompt(ex_id):
    """A pattern that matches the prompt or the title rewards repeating the question."""
    ex = kit.exercises.get(ex_id)
    asked = " ".join([ex.prompt, ex.title])
    for item in ex.key.items:
        if item.get("quote") or item.get("deduct"):
            continue
        for rx in item["_compiled"]:
            assert not rx.search(asked), f"{ex_id}: pattern {rx.pattern!r} of '{item['idea']}' matches the prompt"


# ---------------------------------------------------------------- spans and links: the key and its variants

def _words(ex):
    doc = ex.document()
    tok = doc.tokens[doc.tokens["is_word"]]
    return [(int(a), int(b)) for a, b in zip(tok["start"], tok["end"])
            if any(r0 <= a and b <= r1 for r0, r1 in ex.unit_ranges)]


def _span(i, a=None, b=None, lab=None):
    return {"start": i["start"] if a is None else a, "end": i["end"] if b is None else b, "label": lab or i["label"]}


def span_answers(ex):
    """Good: the key, the key with its acceptable spans, spans one word shorter or longer at an edge.
    Poor: whole sentences, the key's spans with other labels, spans on words no key item touches,
    one key span with stray ones, nothing."""
    items = ex.key.items
    req = [i for i in items if i.get("tier", "required") == "required"]
    acc = [i for i in items if i.get("tier") == "acceptable"]
    words = _words(ex)

    def trim(i):
        inside = [w for w in words if i["start"] <= w[0] and w[1] <= i["end"]]
        return _span(i, a=inside[1][0]) if len(inside) > 2 else _span(i)

    def grow(i):
        after = [w for w in words if w[0] >= i["end"]]
        return _span(i, b=after[0][1]) if after else _span(i)

    good = [[_span(i) for i in req], [_span(i) for i in req + acc], [trim(i) for i in req],
            [grow(i) for i in req], [_span(i) for i in req[:-1]] + [trim(req[-1])]]
    whole = []
    for i in req:
        s = next((se for se in ex.sentence_spans.values() if se[0] <= i["start"] < se[1]), None)
        if s and {"start": s[0], "end": s[1], "label": i["label"]} not in whole:
            whole.append({"start": s[0], "end": s[1], "label": i["label"]})
    relabel = [_span(i, lab=next(lab for lab in ex.scheme if lab != i["label"])) for i in req]
    free = [w for w in words if not any(w[0] < i["end"] and i["start"] < w[1] for i in items)]
    step = max(1, len(free) // max(1, len(req)))
    stray = [{"start": a, "end": b, "label": req[n % len(req)]["label"]}
             for n, (a, b) in enumerate(free[::step][: len(req)])]
    poor = [whole, relabel, stray, [_span(req[0])] + stray, []]
    return good, poor


def _link(s, t, r):
    return {"source": s, "target": t, "relation": r}


def link_answers(ex):
    """Good: the key, with its acceptable links, one required link less.
    Poor: every link reversed, every relation swapped, links the key does not have, one target for all."""
    items = ex.key.items
    req = [i for i in items if i.get("tier", "required") == "required"]
    acc = [i for i in items if i.get("tier") == "acceptable"]
    other = {r: next(x for x in ex.relations if x != r) for r in ex.relations}
    good = [[_link(i["source"], i["target"], i["relation"]) for i in req],
            [_link(i["source"], i["target"], i["relation"]) for i in req + acc]]
    if len(req) > 2:
        good.append([_link(i["source"], i["target"], i["relation"]) for i in req[1:]])
    sids = ex.sentence_ids
    keyed = {(i["source"], i["target"]) for i in items}
    stray = [_link(a, b, ex.relations[0]) for a, b in zip(sids, sids[1:]) if (a, b) not in keyed][: len(req)]
    poor = [[_link(i["target"], i["source"], i["relation"]) for i in req],
            [_link(i["source"], i["target"], other[i["relation"]]) for i in req],
            stray, [_link(s, sids[0], ex.relations[0]) for s in sids[1: len(req) + 1]]]
    return good, poor


def text_annotation_ids():
    return [e.id for e in kit.exercises.all_exercises() if e.type in ("spans", "links") and e.key and e.points > 0]


def variant_scores(ex_id) -> tuple:
    ex = kit.exercises.get(ex_id)
    good, poor = (span_answers if ex.type == "spans" else link_answers)(ex)
    return ex, [points(ex, v) if v else 0.0 for v in good], [points(ex, v) if v else 0.0 for v in poor]


@pytest.mark.parametrize("ex_id", text_annotation_ids())
def test_span_and_link_keys_rank_defensible_variants_above_poor_answers(ex_id):
    ex, g, p = variant_scores(ex_id)
    assert g[0] == pytest.approx(ex.points) and g[1] == pytest.approx(ex.points)   # the key, with its acceptable tier
    assert auc(g, p) >= MIN_AUC, (g, p)
    assert sum(g) / len(g) - sum(p) / len(p) >= MIN_GAP * ex.points, (g, p)


if __name__ == "__main__":
    for ex_id in short_text_ids():
        f = figures(ex_id)
        print(f"{ex_id}  good {f['good']:.2f}  poor {f['poor']:.2f}  / {f['points']:g}  auc {f['auc']:.2f}  "
              f"good {f['scores_good']}  poor {f['scores_poor']}")
    for ex_id in text_annotation_ids():
        ex, g, p = variant_scores(ex_id)
        print(f"{ex_id}  good {sum(g) / len(g):.2f}  poor {sum(p) / len(p):.2f}  / {ex.points:g}  auc {auc(g, p):.2f}")
    sys.exit(0)
