"""Short text: rubric deductions and evidence-anchored answers (quotations checked exactly)."""

import shutil
from pathlib import Path

import pytest

import kit
from kit.checkers import check
from kit.exercises import catalog

FIX = Path(__file__).parent / "data" / "tiers"
TEXT = kit.load("lavrov-new-regions-2025").original


@pytest.fixture(scope="module")
def ex():
    c = catalog(FIX)
    assert c.problems == []
    return c.get("93.5")


def at(words):
    i = TEXT.index(words)
    return {"start": i, "end": i + len(words)}


def test_worked_example_of_the_docs(ex):
    # N = 1 quotation + ideas of 1 + 1 point; an accepted quotation and one idea: (1 + 1) / 3 of 3 points
    r = check(ex, {"quotes": [at("hegemonic instincts")], "text": "It presents the fault as an instinct."})
    assert r.points == pytest.approx(2) and r.status == "provisional" and r.needs_review


def test_quotation_typed_by_hand_is_found_despite_case_space_and_curly_quotes(ex):
    r = check(ex, {"quotes": ["INNATE   vices"], "text": ""})
    assert r.points == pytest.approx(1)
    assert r.feedback[0].ok is True


def test_quotation_not_in_the_text_is_not_well_formed(ex):
    r = check(ex, {"quotes": ["innate vice of the West"], "text": "nature"})
    assert r.status == "invalid" and "not in the text" in r.feedback[0].message
    # outside the unit (answer 2) is not accepted either
    assert check(ex, {"quotes": [at("generally encouraging")], "text": ""}).status == "invalid"
    assert check(ex, {"quotes": ["a", "b"], "text": ""}).status == "invalid"          # asks for one


def test_quoting_a_whole_sentence_earns_no_quotation_credit(ex):
    whole = "The whole world has seen that the ultra-liberal ruling elites of the West are driven by hegemonic instincts."
    r = check(ex, {"quotes": [at(whole)], "text": ""})
    assert r.points == 0
    # the words that do the work, with a little context, still count
    assert check(ex, {"quotes": [at("driven by hegemonic instincts")], "text": ""}).points == pytest.approx(1)


def test_each_accepted_span_counts_once(tmp_path):
    shutil.copytree(FIX, tmp_path / "ex")
    spec = tmp_path / "ex" / "93-tiers.yml"
    spec.write_text(spec.read_text().replace("    quotes: 1\n", "    quotes: 2\n"))
    e = catalog(tmp_path / "ex").get("93.5")
    twice = check(e, {"quotes": [at("hegemonic instincts"), "hegemonic instincts"], "text": ""})
    both = check(e, {"quotes": [at("hegemonic instincts"), "innate vices"], "text": ""})
    # N = 2, ideas 2: one matched of four -> 3/4 point; two matched -> 1.5
    assert twice.points == pytest.approx(0.75) and both.points == pytest.approx(1.5)


def test_plain_text_saved_before_the_parts_is_still_read(ex):
    r = check(ex, "Their faults are innate; the world majority is the other side.")
    assert r.status == "provisional" and r.points == pytest.approx(2)
    assert any("more quotation" in f.message for f in r.feedback)


def test_deductions_for_taking_a_side(ex):
    good = check(ex, {"quotes": ["innate vices"], "text": "Their nature, set against the majority."})
    side = check(ex, {"quotes": ["innate vices"], "text": "Their nature, set against the majority: Lavrov is right."})
    assert good.points == pytest.approx(3) and side.points == pytest.approx(2)
    assert check(ex, {"quotes": [], "text": "he is right"}).points == 0      # never below zero


@pytest.mark.parametrize("spec_edit, key_edit, message", [
    ("    quotes: 1\n", "    quotes: 9\n", "'quotes' must be a whole number"),
    ("    text: lavrov-new-regions-2025\n    unit: [a1]\n    quotes: 1\n", "    quotes: 1\n", "needs 'text'"),
])
def test_spec_validation(tmp_path, spec_edit, key_edit, message):
    shutil.copytree(FIX, tmp_path / "ex")
    spec = tmp_path / "ex" / "93-tiers.yml"
    text = spec.read_text()
    assert spec_edit in text
    spec.write_text(text.replace(spec_edit, key_edit))
    assert any(message in str(p) for p in catalog(tmp_path / "ex").problems)


def test_key_validation(tmp_path):
    shutil.copytree(FIX, tmp_path / "ex")
    keys = tmp_path / "ex" / "keys" / "93-tiers.yml"
    keys.write_text(keys.read_text().replace("evidence: innate vices", "evidence: to regain our trust"))
    problems = [str(p) for p in catalog(tmp_path / "ex").problems]
    assert any("inside the exercise's unit" in p and "93-tiers.yml:" in p for p in problems), problems
    spec = tmp_path / "ex" / "93-tiers.yml"
    shutil.copy(FIX / "keys" / "93-tiers.yml", keys)
    spec.write_text(spec.read_text().replace("    quotes: 1\n", ""))
    assert any("asks for quotations" in str(p) for p in catalog(tmp_path / "ex").problems)


# ---------------------------------------------------------------- the widget (Python side, real files)

def test_widget_picks_quotations_with_the_mouse_and_restores(tmp_path, monkeypatch):
    import json
    root = Path(__file__).resolve().parents[1]
    shutil.copytree(root / "texts", tmp_path / "texts")
    shutil.copytree(FIX, tmp_path / "exercises")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.delenv("KIT_TEXTS", raising=False)
    monkeypatch.delenv("KIT_ANSWERS", raising=False)
    import kit.answers
    import kit.widgets
    box = kit.widgets.exercise("93.5")
    q = at("innate vices")
    box.control.view.spans = [{**q, "label": "quotation"}]      # what a mouse selection sets
    box.control.area.value = "Their faults are part of their nature."
    saved = json.loads(kit.answers.path_for("93-tiers").read_text())["answers"]["93.5"]["value"]
    assert saved == {"quotes": [q], "text": "Their faults are part of their nature."}
    assert "2 / 3 points" in box.status.value and "evidence the key accepts" in box.status.value
    again = kit.widgets.exercise("93.5")
    assert again.control.view.spans[0]["start"] == q["start"]
    assert again.control.area.value == "Their faults are part of their nature."


def test_a_list_of_key_words_earns_no_idea(ex):
    salad = {"quotes": ["innate vices"], "text": "innate instinct nature majority in-group out-group unchanging"}
    r = check(ex, salad)
    assert r.points == pytest.approx(1)       # the quotation only
    assert any("list of words" in f.message for f in r.feedback)


def test_needs_review_shows_quotations_as_words(tmp_path):
    import json as _json
    from kit.checkers import readable
    from kit.grading import grade
    c = catalog(FIX)
    e = c.get("93.5")
    value = {"quotes": [at("innate vices")], "text": "Their faults are part of their nature."}
    assert readable(e, value) == "\u201cinnate vices\u201d \u2014 Their faults are part of their nature."
    assert readable(e, "plain") == "plain"
    # graded through kit grade: 93.5 is practice, so grade a copy where it is graded
    shutil.copytree(FIX, tmp_path / "ex")
    spec = tmp_path / "ex" / "93-tiers.yml"
    spec.write_text(spec.read_text().replace('id: "93.5"\n    type: short_text\n    mode: practice',
                                             'id: "93.5"\n    type: short_text\n    mode: graded'))
    (tmp_path / "subs").mkdir()
    (tmp_path / "subs" / "s1.json").write_text(_json.dumps(
        {"schema": 1, "student": "s1", "answers": {"93-tiers": {"93.5": {"value": value}}}}))
    run = grade([tmp_path / "subs"], folder=tmp_path / "ex", progress=False)
    row = run.review.set_index("exercise").loc["93.5"]
    assert row["answer"].startswith("\u201cinnate vices\u201d") and row["points"] == 2   # (1 + 1) / 3 of 3
