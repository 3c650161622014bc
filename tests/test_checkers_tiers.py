"""Key tiers: acceptable spans and links, partial credit on single choice, acceptable options.

Scores are worked out by hand in the comments; the fixture is tests/data/tiers.
"""

from pathlib import Path

import pytest

import kit
from kit.checkers import check
from kit.checkers.spans import span_scores, tiered_scores
from kit.exercises import catalog

FIX = Path(__file__).parent / "data" / "tiers"
TEXT = kit.load("lavrov-new-regions-2025").original


@pytest.fixture(scope="module")
def cat():
    c = catalog(FIX)
    assert c.problems == []
    return c


def span(evidence, label):
    start = TEXT.index(evidence)
    return {"start": start, "end": start + len(evidence), "label": label}


def test_existing_keys_without_tier_are_required():
    from kit.exercises import all_exercises
    for ex in all_exercises():
        for item in ex.key.items if ex.key else []:
            if ex.type in ("spans", "links", "multiple_choice"):
                assert item["tier"] in ("required", "acceptable")


def test_tiered_spans_acceptable_span_costs_no_precision(cat):
    ex = cat.get("93.1")
    req = [span("The predatory, colonial habits", "loaded language"), span("maniacal desire", "loaded language")]
    # the two required spans alone: precision 1, recall 1
    assert check(ex, req).points == pytest.approx(4)
    # plus the two acceptable spans (one with the other label): still 4/4
    plus = req + [span("vanished like smoke", "loaded language"),
                  span("the neo-Nazi regime in Kiev", "name calling or labelling")]
    r = check(ex, plus)
    assert r.points == pytest.approx(4)
    assert sum("the key accepts it" in f.message for f in r.feedback) == 2
    # one required span and one acceptable: precision 2/2, recall 1/2, F1 = 2/3 -> 8/3 points
    assert check(ex, req[:1] + plus[2:3]).points == pytest.approx(8 / 3, abs=1e-4)
    # only acceptable spans: recall 0 -> nothing
    assert check(ex, plus[2:]).points == 0
    # an acceptable span under a label the key does not give it is an error like any other:
    # precision 2/3, recall 1, F1 0.8 -> 3.2
    wrong = req + [span("vanished like smoke", "name calling or labelling")]
    assert check(ex, wrong).points == pytest.approx(3.2)


def test_tiered_scores_worked_example_and_untiered_equivalence():
    s = tiered_scores([(10, 20, "A")], [(50, 60, "A")], [(10, 20, "A"), (50, 60, "A"), (70, 80, "A")])
    assert (s["precision"], s["recall"]) == (pytest.approx(2 / 3), 1.0)
    # half of a prediction on an acceptable span: credited in proportion, as for required spans
    s = tiered_scores([(10, 20, "A")], [(50, 60, "A")], [(10, 20, "A"), (55, 65, "A")])
    assert s["precision"] == pytest.approx((1 + 0.5) / 2)
    assert tiered_scores([(0, 10, "A")], [], [(5, 15, "A")]) == span_scores([(0, 10, "A")], [(5, 15, "A")])


def test_tiered_links(cat):
    ex = cat.get("93.2")
    req = [{"source": "commentary.s2", "target": "a2.s8", "relation": "attack"},
           {"source": "c2.s5", "target": "c2.s4", "relation": "support"}]
    acc = {"source": "c2.s4", "target": "c2.s2", "relation": "support"}
    wrong = {"source": "c2.s2", "target": "c2.s4", "relation": "support"}
    assert check(ex, req, grading=True).points == pytest.approx(3)
    assert check(ex, req + [acc], grading=True).points == pytest.approx(3)
    # one required + the acceptable + a wrong one: precision 2/3, recall 1/2, F1 = 4/7 -> 12/7
    assert check(ex, req[:1] + [acc, wrong], grading=True).points == pytest.approx(12 / 7, abs=1e-4)
    assert check(ex, [acc], grading=True).points == 0


def test_single_choice_partial_credit(cat):
    ex = cat.get("93.3")
    assert check(ex, "c").points == 2
    r = check(ex, "a")
    assert r.points == 1 and r.status == "partial"
    assert "defensible" in r.feedback[0].message
    assert check(ex, "b").points == 0


def test_multiple_choice_acceptable_option(cat):
    ex = cat.get("93.4")
    # required {a, c}, acceptable {d}; wrong options b and e (n - c = 2)
    assert check(ex, ["a", "c"], grading=True).points == 3
    assert check(ex, ["a", "c", "d"], grading=True).points == 3
    assert check(ex, ["a", "d"], grading=True).points == pytest.approx(1.5)
    assert check(ex, ["a", "c", "b"], grading=True).points == pytest.approx(1.5)   # 1 - 1/2
    assert check(ex, ["a", "b", "c", "d", "e"], grading=True).points == 0


def _problems_with(tmp_path, old, new):
    import shutil
    shutil.copytree(FIX, tmp_path / "ex")
    p = tmp_path / "ex" / "keys" / "93-tiers.yml"
    text = p.read_text()
    assert old in text
    p.write_text(text.replace(old, new))
    return [str(e) for e in catalog(tmp_path / "ex").problems]


@pytest.mark.parametrize("old, new, message", [
    ("tier: acceptable, rationale: 'TIER-R3", "tier: optional, rationale: 'TIER-R3", "tier must be required or acceptable"),
    ("{value: c, evidence", "{value: c, credit: 0.9, evidence", "no option has full credit"),
    ("credit: 0.5", "credit: 1.5", "credit must be a fraction"),
    ("credit: 0.5", "credit: '0.5'", "credit must be a fraction"),
    ("{value: a, credit: 0.5", "{value: c, credit: 0.5", "listed twice"),
    ("{value: c, evidence: 'the \"collective", "{value: c, tier: acceptable, evidence: 'the \"collective",
     None),
])
def test_tier_validation_names_file_and_line(tmp_path, old, new, message):
    problems = _problems_with(tmp_path, old, new)
    if message is None:    # still valid: a required option remains
        assert problems == []
    else:
        assert any(message in p and "93-tiers.yml:" in p for p in problems), problems


def test_every_item_acceptable_is_refused(tmp_path):
    # one required link left: valid; none left: refused (recall would have nothing to count)
    assert _problems_with(tmp_path / "one", "relation: attack, evidence", "relation: attack, tier: acceptable, evidence") == []
    p = tmp_path / "one" / "ex" / "keys" / "93-tiers.yml"
    p.write_text(p.read_text().replace("relation: support, evidence: The leopard",
                                       "relation: support, tier: acceptable, evidence: The leopard"))
    assert any("at least one must be required" in str(e) for e in catalog(tmp_path / "one" / "ex").problems)


def test_a_comma_in_a_flow_mapping_is_reported(tmp_path):
    problems = _problems_with(tmp_path, "rationale: TIER-R2 Maniacal attributes madness to a desire.}",
                              "rationale: TIER-R2 Maniacal attributes madness, to a desire.}")
    assert any("has no value" in p and "put it in quotes" in p for p in problems), problems
