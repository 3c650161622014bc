"""Class analytics: agreement figures checked against values computed by hand."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kit
from kit.grading import grade
from kit.report import agreement, class_report, fig_agreement, fig_distribution, fig_missed

FIX = Path(__file__).parent / "data" / "exercises"
TEXT = kit.load("lavrov-new-regions-2025").original


def test_agreement_three_coders_by_hand():
    # item: c1 c2 c3  -> 1: A A A, 2: A A B, 3: B B B, 4: A B B
    # Cohen's kappa per pair (Ao observed, Ae from each coder's label shares):
    #   c1-c2: Ao 3/4, Ae (3/4)(2/4) + (1/4)(2/4) = 1/2, kappa 0.5
    #   c1-c3: Ao 2/4, Ae (3/4)(1/4) + (1/4)(3/4) = 3/8, kappa (1/2 - 3/8)/(5/8) = 0.2
    #   c2-c3: Ao 3/4, Ae (2/4)(1/4) + (2/4)(3/4) = 1/2, kappa 0.5     -> mean 0.4
    # Fleiss: mean Ao 2/3; A and B each 6 of 12 ratings, Ae 1/4 + 1/4 = 1/2 -> (2/3 - 1/2)/(1/2) = 1/3
    # Krippendorff's alpha (nominal): items 2 and 4 each add 4 ordered disagreeing pairs / (3 - 1) = 2,
    #   Do = 4/12; De = (6*6 + 6*6) / (12*11) = 72/132; alpha = 1 - (1/3)/(6/11) = 7/18
    t = pd.DataFrame({"coder": ["c1", "c2", "c3"] * 4, "item": [1] * 3 + [2] * 3 + [3] * 3 + [4] * 3,
                      "label": list("AAAAABBBBABB")})
    a = agreement(t)
    assert a["kappa"] == pytest.approx(0.4)
    assert a["fleiss"] == pytest.approx(1 / 3)
    assert a["alpha"] == pytest.approx(7 / 18)


def test_agreement_two_coders_by_hand():
    # x: A A B B A, y: A B B B A. Ao 4/5; Ae (3/5)(2/5) + (2/5)(3/5) = 12/25; kappa 0.32/0.52 = 8/13
    t = pd.DataFrame({"coder": ["x"] * 5 + ["y"] * 5, "item": list(range(5)) * 2, "label": list("AABBAABBBA")})
    assert agreement(t)["kappa"] == pytest.approx(8 / 13)


def span(evidence, label):
    start = TEXT.index(evidence)
    return {"start": start, "end": start + len(evidence), "label": label}


SPANS = [span("The predatory, colonial habits", "loaded language"),
         span("the neo-Nazi regime in Kiev", "name calling or labelling"),
         span("maniacal desire", "loaded language")]


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    """Three students label reader 2's stance markers (91.1); two mark the same spans in 90.4."""
    tmp = tmp_path_factory.mktemp("report")
    labels = {"c1": {"c2.s6": "hedges", "c2.s8": "self-mentions", "c2.s9": "boosters"},
              "c2": {"c2.s6": "hedges", "c2.s8": "self-mentions", "c2.s9": "hedges"},
              "c3": {"c2.s6": "boosters", "c2.s8": "self-mentions", "c2.s9": "boosters"}}
    for student, lab in labels.items():
        answers = {"91-second": {"91.1": {"value": lab}}}
        if student != "c3":
            answers["90-fixture"] = {"90.4": {"value": SPANS}}
        (tmp / f"{student}.json").write_text(json.dumps({"schema": 1, "student": student, "answers": answers}))
    out = tmp / "out"
    grade([tmp], out=out, folder=FIX, progress=False)
    return out


def test_labelling_agreement_by_hand(small_class):
    # 11 sentences in c2; all three leave 8 unlabelled ("(none)"), all say self-mentions for s8;
    # s6: hedges, hedges, boosters; s9: boosters, hedges, boosters.
    # kappa c1-c2: Ao 10/11; Ae = none (8/11)^2 + hedges (1/11)(2/11) + self (1/11)^2 = 67/121;
    #   kappa = (110 - 67)/(121 - 67) = 43/54. c1-c3 likewise 43/54. c2-c3: Ao 9/11,
    #   Ae = (64 + 1)/121, kappa = (99 - 65)/(121 - 65) = 34/56. Mean = (43/54 + 43/54 + 34/56)/3.
    # Fleiss: mean Ao 29/33; label totals of 33 ratings: none 24, hedges 3, self 3, boosters 3;
    #   Ae = (576 + 9 + 9 + 9)/1089 = 603/1089; pi = (957 - 603)/(1089 - 603) = 354/486.
    # alpha: Do = (2 + 2)/33 (s6 and s9 each: 4 ordered disagreeing pairs / 2);
    #   De = (33^2 - 603)/(33 * 32) = 486/1056; alpha = 1 - (4/33)/(486/1056).
    rep = class_report(small_class, folder=FIX)
    row = rep.agreement.set_index("exercise").loc["91.1"]
    assert row["students"] == 3 and row["items"] == 11
    assert row["kappa"] == pytest.approx((43 / 54 + 43 / 54 + 34 / 56) / 3, abs=1e-3)
    assert row["fleiss"] == pytest.approx(354 / 486, abs=1e-3)
    assert row["alpha"] == pytest.approx(1 - (4 / 33) / (486 / 1056), abs=1e-3)
    # With the key: c1 agrees on 11 of 11, c2 and c3 on 10 of 11 -> mean accuracy 31/33
    assert row["key_accuracy"] == pytest.approx(31 / 33, abs=1e-3)


def test_span_agreement_identical_annotators(small_class):
    rep = class_report(small_class, folder=FIX)
    row = rep.agreement.set_index("exercise").loc["90.4"]
    assert row["students"] == 2                   # c3 did not answer 90.4
    assert row["alpha"] == 1 and row["kappa"] == 1 and row["key_kappa"] == 1 and row["key_accuracy"] == 1


def test_missed_items_and_disagreements(small_class):
    rep = class_report(small_class, folder=FIX)
    missed = rep.missed[rep.missed["exercise"] == "91.1"].set_index("item")["share_missed"]
    assert missed["c2.s6: hedges"] == pytest.approx(1 / 3, abs=1e-3)      # c3 said boosters
    assert missed["c2.s9: boosters"] == pytest.approx(1 / 3, abs=1e-3)    # c2 said hedges
    assert missed["c2.s8: self-mentions"] == 0
    top = rep.disagreements.head(2)
    assert set(top["sentence"]) == {"c2.s6", "c2.s9"}
    assert top["disagreement"].tolist() == [pytest.approx(1 / 3, abs=1e-3)] * 2   # 1 - 2/3 agree
    assert top.set_index("sentence").loc["c2.s6", "text"].startswith("I believe the same is true")
    dist = rep.distribution.set_index("exercise")
    # 91.1 points: c1 3; c2 and c3 2 of 3 sentences right -> 2 each; mean 7/3
    assert dist.loc["91.1", "mean"] == pytest.approx(7 / 3, abs=1e-3)


def test_figures(small_class):
    rep = class_report(small_class, folder=FIX)
    fig = fig_distribution(rep)
    assert list(fig.data[0].x) == list(rep.distribution["exercise"])
    assert len(fig_missed(rep, top=3).data[0].y) == 3
    ag = fig_agreement(rep)
    assert len(ag.data) == 4 and "Agreement" in ag.layout.title.text


def test_cli_report(small_class, tmp_path):
    html = tmp_path / "r.html"
    r = subprocess.run([sys.executable, "-m", "kit", "report", str(small_class), "--exercises", str(FIX),
                        "--html", str(html)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "Agreement" in r.stdout and "c2.s6" in r.stdout
    assert "plotly" in html.read_text()
    bad = subprocess.run([sys.executable, "-m", "kit", "report", str(tmp_path / "none")], capture_output=True, text=True)
    assert bad.returncode == 1 and "kit grade" in bad.stderr


# ---------------------------------------------------------------- the class as a second reader

def test_answers_several_students_gave_that_the_key_does_not_accept(tmp_path):
    """Four students; the same unkeyed span, label and link recur and are listed with counts."""
    extra_span = span("vanished like smoke", "loaded language")
    rows = {"s1": ({"c2.s6": "boosters"}, SPANS + [extra_span], [("c2.s6", "c2.s5", "support")]),
            "s2": ({"c2.s6": "boosters"}, SPANS + [dict(extra_span, start=extra_span["start"] - 1)],
                   [("c2.s6", "c2.s5", "support")]),
            "s3": ({"c2.s6": "boosters"}, SPANS[:1] + [extra_span], []),
            "s4": ({"c2.s6": "hedges"}, SPANS, [("c2.s9", "c2.s8", "attack")])}
    for student, (lab, spans, links) in rows.items():
        answers = {"91-second": {"91.1": {"value": lab}},
                   "90-fixture": {"90.4": {"value": spans},
                                  "90.5": {"value": [{"source": a, "target": b, "relation": r} for a, b, r in links]}}}
        (tmp_path / f"{student}.json").write_text(json.dumps({"schema": 1, "student": student, "answers": answers}))
    out = tmp_path / "out"
    grade([tmp_path], out=out, folder=FIX, progress=False)
    rep = class_report(out, folder=FIX)
    got = {(r.exercise, r.answer): r.students for r in rep.others.itertuples()}
    # the span, marked by three students (one with a space more at its start), counts once per student
    assert got[("90.4", "loaded language: \u201cvanished like smoke\u201d")] == 3
    assert got[("91.1", "c2.s6: boosters")] == 3
    assert got[("90.5", "c2.s6 \u2192 c2.s5 (support)")] == 2
    assert ("90.5", "c2.s9 \u2192 c2.s8 (attack)") not in got          # one student only
    row = rep.others.set_index(["exercise", "answer"]).loc[("91.1", "c2.s6: boosters")]
    assert "accept: [boosters]" in row["add_to_key"] and "keys/91-second.yml" in row["add_to_key"]
    assert "I believe" in row["text"]                                     # the sentence, to read
    assert "tier: acceptable" in rep.others.set_index("answer").loc["loaded language: \u201cvanished like smoke\u201d",
                                                                     "add_to_key"]
    assert "not accept" in rep.text()
