"""gradebook-canvas.csv and gradebook-moodle.csv follow each LMS's documented import rules.

Canvas (Grades → Import; the rules docs/grading.md cites): a header with
``Student, ID, SIS User ID, SIS Login ID, Section`` then one column per
assignment; a ``Points Possible`` row first; each student identified by
``ID`` or ``SIS User ID`` (or ``SIS Login ID``); a column Canvas does not
know becomes a new assignment, so no ``Total`` column.  Moodle (Grades →
Import → CSV file): one header row, a column to identify each user by
(ID number or email), one numeric column per grade item, no extra rows.
gradebook.csv keeps its columns.
"""

import csv
import json
from pathlib import Path

import pytest

from kit.grading import IDENTITY_COLUMNS, grade

FIX = Path(__file__).parent / "data" / "exercises"


def sub(student, answer):
    return {"schema": 1, "student": student, "kit_version": "0.1.0", "created": "",
            "answers": {"90-fixture": {"90.2": {"value": answer}}}}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lms")
    subs = tmp / "subs"
    subs.mkdir()
    (subs / "smithjane_1001_5001_submission.json").write_text(json.dumps(sub("jsmith", ["a", "c"])))
    (subs / "Ana Lopez_2002_assignsubmission_file_submission.json").write_text(json.dumps(sub("alopez", ["a"])))
    (subs / "plain.json").write_text(json.dumps(sub("kim@uni.example", ["b"])))
    roster = tmp / "roster.csv"
    roster.write_text("student,name,lms_id,section,sis_login_id,email\n"
                      "jsmith,\"Smith, Jane\",1001,Sec A,jane.smith,jane@uni.example\n"
                      "alopez,\"Lopez, Ana\",,Sec B,,ana@uni.example\n"
                      "kim@uni.example,,,,,\n")
    folder = tmp / "out"
    run = grade([subs], out=folder, folder=FIX, roster=roster, progress=False)
    return folder, run


def read(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_canvas_file_has_the_documented_columns_and_a_points_possible_row(out):
    folder, run = out
    rows = read(folder / "gradebook-canvas.csv")
    header = rows[0]
    exercise_cols = [f"Exercise {e.id}" for e in run.exercises]
    assert header == IDENTITY_COLUMNS + exercise_cols          # no Total: Canvas would make it an assignment
    assert rows[1][0] == "Points Possible" and rows[1][1:5] == ["", "", "", ""]
    assert [float(x) for x in rows[1][5:]] == [e.points for e in run.exercises]
    assert len(rows) == 2 + 3


def test_canvas_rows_identify_each_student_and_show_names_not_ids(out):
    folder, _ = out
    rows = {r[2]: dict(zip(IDENTITY_COLUMNS, r)) for r in read(folder / "gradebook-canvas.csv")[2:]}
    assert rows["jsmith"] == {"Student": "Smith, Jane", "ID": "1001", "SIS User ID": "jsmith",
                              "SIS Login ID": "jane.smith", "Section": "Sec A"}
    assert rows["alopez"]["Student"] == "Lopez, Ana"                     # the roster's sortable name
    assert rows["kim@uni.example"]["Student"] == ""                      # never the raw id
    for r in rows.values():
        assert r["ID"] or r["SIS User ID"] or r["SIS Login ID"]


def test_canvas_scores_are_plain_numbers(out):
    folder, _ = out
    for r in read(folder / "gradebook-canvas.csv")[1:]:
        for value in r[5:]:
            float(value)
            assert "," not in value and not value.startswith("'")


def test_moodle_file_has_one_header_an_identifier_and_numeric_grade_items(out):
    folder, run = out
    rows = read(folder / "gradebook-moodle.csv")
    header = rows[0]
    exercise_cols = [f"Exercise {e.id}" for e in run.exercises]
    assert header == ["ID number", "Email address", "Full name"] + exercise_cols + ["Total"]
    assert len(set(header)) == len(header)
    body = [dict(zip(header, r)) for r in rows[1:]]
    assert [b["ID number"] for b in body] == sorted(b["ID number"] for b in body) == \
        ["alopez", "jsmith", "kim@uni.example"]
    assert {b["ID number"]: b["Email address"] for b in body} == {
        "jsmith": "jane@uni.example", "alopez": "ana@uni.example", "kim@uni.example": "kim@uni.example"}
    for b in body:
        for col in exercise_cols + ["Total"]:
            float(b[col])
        assert float(b["Total"]) == pytest.approx(sum(float(b[c]) for c in exercise_cols))


def test_gradebook_csv_keeps_its_columns(out):
    folder, run = out
    header = read(folder / "gradebook.csv")[0]
    assert header == IDENTITY_COLUMNS + [f"Exercise {e.id}" for e in run.exercises] + ["Total"]


@pytest.mark.parametrize("who_answered_code", [("s1",), ("s1", "s2")])
def test_an_answer_without_a_score_is_an_empty_cell_for_both_lms(tmp_path, monkeypatch, who_answered_code):
    """Code not run (no isolation here): Canvas leaves an empty cell alone and Moodle refuses
    anything but numbers, so the cell and the Moodle total are empty, whether some students or all
    of them have such an answer."""
    from kit.checkers import _launcher, sandbox
    monkeypatch.setattr(_launcher, "landlock_abi", lambda: -38)     # what a kernel without Landlock answers
    sandbox.isolation.cache_clear()
    subs = tmp_path / "subs"
    subs.mkdir()
    for student in ("s1", "s2"):
        doc = sub(student, ["a", "c"])
        if student in who_answered_code:
            doc["answers"]["90-fixture"]["90.9"] = {"value": "def slug(s):\n    return s\n"}
        (subs / f"{student}.json").write_text(json.dumps(doc))
    try:
        run = grade([subs], out=tmp_path / "out", folder=FIX, progress=False)
    finally:
        sandbox.isolation.cache_clear()
    from kit.csvsafe import safe_frame
    for name, file in (("gradebook", "gradebook.csv"), ("scores", "scores.csv")):   # no score: an empty cell there too
        assert (tmp_path / "out" / file).read_text(encoding="utf-8") == safe_frame(getattr(run, name)).to_csv(index=False)
    canvas = read(tmp_path / "out" / "gradebook-canvas.csv")
    moodle = read(tmp_path / "out" / "gradebook-moodle.csv")
    col_c, col_m = canvas[0].index("Exercise 90.9"), moodle[0].index("Exercise 90.9")
    by_c = {r[2]: r for r in canvas[2:]}
    by_m = {r[0]: r for r in moodle[1:]}
    for student in ("s1", "s2"):
        ran = student not in who_answered_code
        assert by_c[student][col_c] == ("0" if ran else "")
        assert by_m[student][col_m] == ("0" if ran else "")
        assert (by_m[student][-1] == "") is not ran                       # the total: empty until every answer has a score
        assert by_c[student][canvas[0].index("Exercise 90.2")] == "3"
