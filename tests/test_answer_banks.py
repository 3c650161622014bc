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


if __name__ == "__main__":
    for ex_id in short_text_ids():
        f = figures(ex_id)
        print(f"{ex_id}  good {f['good']:.2f}  poor {f['poor']:.2f}  / {f['points']:g}  auc {f['auc']:.2f}  "
              f"good {f['scores_good']}  poor {f['scores_poor']}")
    for ex_id in text_annotation_ids():
        ex = kit.exercises.get(ex_id)
        good, poor = (span_answers if ex.type == "spans" else link_answers)(ex)
        g = [points(ex, v) if v else 0.0 for v in good]
        p = [points(ex, v) if v else 0.0 for v in poor]
        print(f"{ex_id}  good {sum(g) / len(g):.2f}  poor {sum(p) / len(p):.2f}  / {ex.points:g}  auc {auc(g, p):.2f}")
    sys.exit(0)
