"""Checkers on worked examples: every exercise type, scores worked out by hand in the comments."""

import json
from pathlib import Path

import pytest

import kit
from kit.checkers import check, span_scores
from kit.checkers.multiple_choice import fraction as mc_fraction
from kit.exercises import Exercise, Key, catalog

FIX = Path(__file__).parent / "data" / "exercises"
TEXT = kit.load("lavrov-new-regions-2025").original


@pytest.fixture(scope="module")
def cat():
    c = catalog(FIX)
    assert c.problems == []
    return c


def span(evidence, label, cut=0):
    start = TEXT.index(evidence)
    return {"start": start, "end": start + len(evidence) - cut, "label": label}


# ---------------------------------------------------------------- span_scores, by hand

def approx(scores, p, r, f):
    assert scores["precision"] == pytest.approx(p)
    assert scores["recall"] == pytest.approx(r)
    assert scores["f1"] == pytest.approx(f)


def test_span_scores_partial_overlap_and_label_mismatch():
    # gold A [10,20), B [30,40); predicted A [15,25), A [30,40), B [32,36)
    # precision: A[15,25) overlaps gold A by 5 of its 10 chars -> 0.5; A[30,40) overlaps only gold B,
    #   a different label -> 0; B[32,36) lies inside gold B -> 4/4 = 1. (0.5 + 0 + 1) / 3 = 0.5
    # recall: gold A covered 5/10 = 0.5; gold B covered by B[32,36) 4/10 = 0.4. (0.5 + 0.4) / 2 = 0.45
    # F1 = 2 * 0.5 * 0.45 / (0.5 + 0.45) = 0.45 / 0.95 = 0.473684...
    s = span_scores([(10, 20, "A"), (30, 40, "B")], [(15, 25, "A"), (30, 40, "A"), (32, 36, "B")])
    approx(s, 0.5, 0.45, 0.45 / 0.95)


def test_span_scores_one_prediction_over_two_gold_spans():
    # gold A [0,10), A [20,30); predicted A [5,25) (20 chars) overlaps each gold span by 5.
    # precision = (5 + 5) / 20 = 0.5; recall = (5/10 + 5/10) / 2 = 0.5; F1 = 0.5
    approx(span_scores([(0, 10, "A"), (20, 30, "A")], [(5, 25, "A")]), 0.5, 0.5, 0.5)


def test_span_scores_label_mismatch_earns_nothing():
    approx(span_scores([(0, 10, "A")], [(0, 10, "B")]), 0, 0, 0)


def test_span_scores_marking_twice_is_merged():
    # Without merging, gold [0,10) would be credited twice in recall (2/1). Merged: one span, P = R = 1.
    approx(span_scores([(0, 10, "A")], [(0, 10, "A"), (0, 10, "A")]), 1, 1, 1)
    # Overlapping predictions [0,6) and [4,10) merge into [0,10).
    approx(span_scores([(0, 10, "A")], [(0, 6, "A"), (4, 10, "A")]), 1, 1, 1)
    # Gold is merged too: [0,6) + [4,10) is one gold span [0,10); predicted [0,5) covers half of it.
    # precision 5/5 = 1; recall 5/10 = 0.5; F1 = 2 * 0.5 / 1.5 = 2/3
    approx(span_scores([(0, 6, "A"), (4, 10, "A")], [(0, 5, "A")]), 1, 0.5, 2 / 3)


def test_span_scores_touching_spans_stay_apart():
    # [0,5) and [5,10) share no character, so they are not merged; each lies inside gold [0,10):
    # precision (1 + 1) / 2 = 1; recall (5 + 5) / 10 = 1.
    approx(span_scores([(0, 10, "A")], [(0, 5, "A"), (5, 10, "A")]), 1, 1, 1)


def test_span_scores_empty_sides():
    approx(span_scores([], []), 1, 1, 1)
    approx(span_scores([(0, 10, "A")], []), 0, 0, 0)
    approx(span_scores([], [(0, 10, "A")]), 0, 0, 0)
    approx(span_scores([(0, 10, "A")], [(3, 3, "A")]), 0, 0, 0)  # zero-length spans are dropped


def test_span_scores_identification_variant_ignores_labels():
    approx(span_scores([(0, 10, "A")], [(0, 10, "B")], labels=False), 1, 1, 1)


def test_span_scores_accepts_dicts_and_rejects_reversed_spans():
    approx(span_scores([{"start": 0, "end": 4, "label": "A"}], [{"start": 0, "end": 4, "label": "A"}]), 1, 1, 1)
    with pytest.raises(ValueError):
        span_scores([(5, 2, "A")], [])


# ---------------------------------------------------------------- choice

def test_single_choice_practice_feedback_explains(cat):
    ex = cat.get("90.1")
    right = check(ex, "b")
    assert (right.points, right.max_points, right.status) == (1, 1, "correct")
    assert right.feedback[0].evidence == "The so-called European values"
    assert "FIXTURE-R901" in right.feedback[0].rationale
    wrong = check(ex, "a")
    assert (wrong.points, wrong.status) == (0, "incorrect")
    assert "the key is b" in wrong.feedback[0].message
    assert check(ex, "q").status == "invalid"
    assert check(ex, ["b"]).status == "invalid"
    assert check(ex, None).status == "unanswered"


def test_graded_exercise_shows_only_saved_and_well_formed(cat):
    ex = cat.get("91.3")
    r = check(ex, "c")
    assert r.status == "saved" and r.points is None
    assert all(f.evidence is None and f.rationale is None for f in r.feedback)
    html = r._repr_html_()
    assert "FIXTURE" not in html and "Saved" in html
    assert check(ex, "zz").status == "invalid"            # well-formedness is still checked
    assert check(ex, "c", grading=True).points == 1       # the grader scores it


def test_multiple_choice_formula_worked_examples(cat):
    # key {a, c} among a-e: c = 2 correct, n - c = 3 wrong options.
    ex = cat.get("90.2")
    def pts(answer):
        return check(ex, answer, grading=True).points
    assert pts(["a", "c"]) == 3
    assert pts(["a"]) == pytest.approx(3 * (1 / 2))               # 1/2 - 0
    assert pts(["a", "b"]) == pytest.approx(3 * (1 / 2 - 1 / 3))  # = 0.5 points
    assert pts(["a", "c", "d"]) == pytest.approx(3 * (1 - 1 / 3))  # = 2 points
    assert pts(["a", "b", "c", "d", "e"]) == 0                    # everything: 1 - 1 = 0
    assert pts([]) == 0
    assert pts(["b", "d"]) == 0                                   # max(0, 0 - 2/3)
    assert mc_fraction({"a", "b", "c"}, {"a", "b"}, 4) == pytest.approx(1 - 1 / 2)


# ---------------------------------------------------------------- labels, spans, links

def test_sentence_labels_scored_per_sentence(cat):
    # 90.3 key: a1.s3 morality, a1.s6 political, a1.s10 security and defence (political also
    # accepted), a1.s11 security and defence. The answer gets a1.s3 and a1.s10 right, a1.s6 wrong,
    # leaves a1.s11 out: 4 sentences count, 2 right -> 4 points * 2/4 = 2.
    ex = cat.get("90.3")
    r = check(ex, {"a1.s3": "morality", "a1.s6": "morality", "lavrov-new-regions-2025:a1.s10": "political"})
    assert r.points == 2 and r.status == "partial"
    oks = {f.item: f.ok for f in r.feedback}
    assert oks == {"a1.s3": True, "a1.s6": False, "a1.s10": True, "a1.s11": False}


def test_sentence_labels_extra_labels_cost_credit(cat):
    # 91.1 key: c2.s6 hedges, c2.s8 self-mentions, c2.s9 boosters. Answer: c2.s6 right, c2.s9 wrong,
    # c2.s11 labelled though the key leaves it out. Counted: s6, s8, s9, s11 = 4; right 1 -> 3 * 1/4.
    ex = cat.get("91.1")
    r = check(ex, {"c2.s6": "hedges", "c2.s9": "hedges", "c2.s11": "boosters"}, grading=True)
    assert r.points == pytest.approx(0.75)
    assert check(ex, {"a1.s1": "hedges"}).status == "invalid"     # not a sentence of the unit
    assert check(ex, {"c2.s6": "framing"}).status == "invalid"    # not a label of the scheme


def test_spans_exercise_label_mismatch(cat):
    # 91.2 key: flag-waving on "the heroism ... operation", loaded language on "the revival of Nazism".
    # The answer marks the first exactly, the second with the wrong label:
    # precision (1 + 0) / 2, recall (1 + 0) / 2, F1 = 0.5 -> 3 points * 0.5 = 1.5
    ex = cat.get("91.2")
    answer = [span("the heroism of the fighters and commanders of the special military operation", "flag-waving"),
              span("the revival of Nazism", "flag-waving")]
    r = check(ex, answer)
    assert r.points == pytest.approx(1.5)
    assert r.details["f1"] == pytest.approx(0.5)
    assert any("marked, but as flag-waving" in f.message for f in r.feedback)


def test_spans_exercise_partial_span(cat):
    # 90.4: three key spans of lengths 30, 27 and 15. The answer marks the first minus its last
    # 10 characters (20 of 30) and the other two exactly.
    # precision (1 + 1 + 1) / 3 = 1; recall (20/30 + 1 + 1) / 3 = 8/9; F1 = 2 * 8/9 / (17/9) = 16/17
    ex = cat.get("90.4")
    answer = [span("The predatory, colonial habits", "loaded language", cut=10),
              span("the neo-Nazi regime in Kiev", "name calling or labelling"),
              span("maniacal desire", "loaded language")]
    r = check(ex, answer, grading=True)
    assert r.points == pytest.approx(4 * 16 / 17, abs=1e-4)
    bad = check(ex, [{"start": 5, "end": 10 ** 7, "label": "doubt"}], grading=True)
    assert bad.status == "invalid" and "outside the text" in bad.feedback[0].message


def test_links_f1_over_triples(cat):
    # 90.5 key: commentary.s2 -> a2.s8 attack; c2.s4 -> c2.s2 support; c2.s5 -> c2.s4 support.
    # Answer: the first right, the second with the wrong relation: precision 1/2, recall 1/3,
    # F1 = 2 * (1/2)(1/3) / (1/2 + 1/3) = (1/3) / (5/6) = 0.4 -> 3 points * 0.4 = 1.2
    ex = cat.get("90.5")
    answer = [{"source": "commentary.s2", "target": "a2.s8", "relation": "attack"},
              {"source": "c2.s4", "target": "c2.s2", "relation": "attack"}]
    r = check(ex, answer, grading=True)
    assert r.points == pytest.approx(1.2)
    assert any("key's relation is support" in f.message for f in r.feedback)
    assert check(ex, [{"source": "c2.s4", "target": "c2.s2", "relation": "rebuts"}]).status == "invalid"


# ---------------------------------------------------------------- numeric, short text

def test_numeric_with_tolerance():
    ex = Exercise(id="t.1", type="numeric", mode="practice", points=2, prompt="p", notebook="t",
                  key=Key(items=[{"value": 2.5, "tolerance": 0.5, "evidence": "e", "rationale": "r"}]))
    assert check(ex, 3).points == 2              # |3 - 2.5| = 0.5 <= 0.5
    assert check(ex, 2.0).points == 2
    assert check(ex, 3.01).points == 0
    assert check(ex, "2.75").points == 2         # numeric text is read as a number
    for bad in ("three", True, float("nan"), [3]):
        assert check(ex, bad).status == "invalid"


def test_short_text_rubric_is_provisional(cat):
    ex = cat.get("90.7")
    both = check(ex, "He quotes Lavrov, then the leopard and its camouflage extend the image.", grading=True)
    assert (both.points, both.status, both.needs_review) == (2, "provisional", True)
    one = check(ex, "The comment is about a predator.", grading=True)
    assert one.points == 1 and one.needs_review
    assert check(ex, "x" * 6000, grading=True).status == "invalid"   # max_chars 5000


# ---------------------------------------------------------------- code

GOOD = "def count_word(text, word):\n    return text.lower().split().count(word.lower())\n"


def test_code_runs_cases(cat):
    ex = cat.get("90.8")
    assert check(ex, GOOD).points == 2
    # Case-sensitive: "the West and the west" counts 1 (expected 2); the other two cases pass -> 2 * 2/3.
    half = check(ex, "def count_word(text, word):\n    return text.split().count(word)\n")
    assert half.points == pytest.approx(4 / 3, abs=1e-4)
    assert check(ex, "def other(x): pass\n").status == "invalid"
    assert check(ex, "def count_word(:\n").status == "invalid"


def test_code_job_carries_no_expected_values(cat):
    from kit.checkers.code import job
    ex = cat.get("90.9")
    j = job(ex, "def slug(p):\n    return p\n")
    payload = json.dumps(j.__dict__)
    for case in ex.key.items[0]["cases"]:
        assert json.dumps(case["expected"]) not in payload
    assert j.calls == [c["args"] for c in ex.key.items[0]["cases"]]


def test_code_sandbox_limits(cat):
    ex = cat.get("90.8")
    loop = check(ex, "def count_word(text, word):\n    while True:\n        pass\n")
    assert loop.points == 0 and "did not finish in time" in loop.notes[0]
    keys = check(ex, "def count_word(text, word):\n    return len(open('../exercises/keys/90-fixture.yml').read())\n")
    assert keys.points == 0
    assert any(m in f.message for f in keys.feedback for m in ("Permission denied", "No such file or directory"))
    mem = check(ex, "def count_word(text, word):\n    return len(bytearray(2 * 1024 ** 3))\n")
    assert mem.points == 0 and any("MemoryError" in f.message for f in mem.feedback)


def test_code_sandbox_environment_is_clean():
    from kit.checkers.sandbox import Job, run
    code = ("import os\n"
            "def probe():\n"
            "    return [os.environ.get('HOME'), os.environ.get('KIT_HOME'), os.getcwd()]\n")
    (out,) = run([Job(code, "probe", [[]])])
    home, kit_home, cwd = out["results"][0]["value"]
    assert home is None and kit_home is None
    assert "kit-sandbox-" in cwd and not cwd.startswith(str(Path(kit.__file__).parent.parent))
    (w,) = run([Job("def f():\n    open('x.txt', 'w').write('x')\n", "f", [[]])])
    # Landlock refuses the write; as root the working folder is also a read-only mount.
    assert w["results"][0]["error"] in ("PermissionError: [Errno 13] Permission denied: 'x.txt'",
                                        "OSError: [Errno 30] Read-only file system: 'x.txt'")


def test_result_displays_bounded(cat):
    r = check(cat.get("90.3"), {"a1.s3": "morality"})
    assert repr(r) == "<Result 90.3: 1/4 partial>"
    html = r._repr_html_()
    assert "the basic rules of decency were discarded" in html and "<li>" in html
