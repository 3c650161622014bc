"""A fixture class of 38 files (19 of them broken or hostile) grades end to end."""

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kit.grading import IDENTITY_COLUMNS, GradingError, grade, lms_identity

HERE = Path(__file__).parent
FIX = HERE / "data" / "exercises"
CLASS = HERE / "data" / "class"

# What each broken or hostile file must be reported as (status in submissions.csv).
EXPECTED = {
    "hostile01_3001_6001_truncated.json": "truncated",
    "hostile02_3002_6002_binary.json": "not-utf8",
    "hostile03_3003_6003_empty.json": "empty",
    "hostile04_3004_6004_deep.json": "too-deep",
    "hostile05_3005_6005_forged.json": "graded",          # graded, claimed scores ignored
    "hostile06_3006_6006_impostor.json": "id-conflict",   # claims s02, uploaded by someone else
    "student02_1002_5002_submission.json": "id-conflict",
    "student04_1004_4999_submission.json": "duplicate",   # superseded by the later file
    "hostile07_3007_6007_path.json": "bad-student",       # student id "../../etc/passwd"
    "hostile08_3008_6008_loop.json": "graded",            # code loops forever
    "hostile09_3009_6009_readkeys.json": "graded",        # code tries to read the keys
    "hostile10_3010_6010_subprocess.json": "graded",      # code tries to start a process
    "hostile11_3011_6011_types.json": "graded",           # every answer of the wrong type
    "hostile12_3012_6012_schema.json": "bad-schema",
    "hostile13_3013_6013_list.json": "bad-schema",
    "hostile14_3014_6014_nan.json": "not-json",
    "hostile15_3015_6015_dupkey.json": "not-json",
    "hostile16_3016_6016_noid.json": "bad-student",
    "hostile17_3017_6017_bigtext.json": "graded",         # oversized text answer, memory bomb
    "hostile18_3018_6018_oversized.json": "oversized",    # made below
    "hostile19_3019_6019_link.json": "symlink",           # made below: a link to the keys
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("class")
    subs = tmp / "subs"
    shutil.copytree(CLASS, subs, ignore=shutil.ignore_patterns("*.py"))
    (subs / "hostile18_3018_6018_oversized.json").write_text(
        '{"schema": 1, "student": "h18", "answers": {"n": {"1": {"value": "' + "x" * 3_000_000 + '"}}}}')
    (subs / "hostile19_3019_6019_link.json").symlink_to(FIX / "keys" / "90-fixture.yml")
    out = tmp / "out"
    run = grade([subs], out=out, folder=FIX, progress=False)
    return run, out, subs


def statuses(run):
    return {Path(f).name: s for f, s in zip(run.submissions["file"], run.submissions["status"])}


def row(run, student):
    return run.gradebook.set_index("SIS User ID").loc[student]


def test_every_file_gets_a_row(graded):
    run, out, subs = graded
    files = [p for p in subs.rglob("*.json")]
    assert len(files) >= 30
    assert len(run.submissions) == len(files)
    broken = [f for f in EXPECTED if EXPECTED[f] != "graded" or f.startswith("hostile")]
    assert len([f for f in broken if f.startswith("hostile")]) >= 15
    got = statuses(run)
    for name, status in EXPECTED.items():
        assert got[name] == status, (name, got[name])
    messages = dict(zip(run.submissions["file"].map(lambda f: Path(f).name), run.submissions["messages"]))
    for name, status in EXPECTED.items():
        if status != "graded":
            assert messages[name], f"{name} has no message saying what is wrong"


def test_hostile_code_is_reported(graded):
    run, _, _ = graded
    messages = dict(zip(run.submissions["file"].map(lambda f: Path(f).name), run.submissions["messages"]))
    assert "did not finish in time" in messages["hostile08_3008_6008_loop.json"]
    # The operating system refuses: Landlock the key file (as root it is not even in the view), seccomp
    # the new process.
    keys = " ".join(f.message for f in run.results["h09"]["90.9"].feedback)
    assert "raised PermissionError: [Errno 13]" in keys or "raised FileNotFoundError: [Errno 2]" in keys
    assert "PermissionError: [Errno 1] Operation not permitted" in messages["hostile10_3010_6010_subprocess.json"]
    # Memory grows 10 MB per step: the memory limit stops it, unless a loaded machine lets the
    # time limit come first. Either way a limit is named; which one depends on the load.
    bomb = messages["hostile17_3017_6017_bigtext.json"]
    assert "MemoryError" in bomb or "did not finish in time" in bomb
    assert "limit is 5,000" in messages["hostile17_3017_6017_bigtext.json"]
    assert "not well-formed" in messages["hostile11_3011_6011_types.json"]
    for student in ("h08", "h09", "h10", "h17"):
        assert row(run, student)["Exercise 90.9"] == 0


def test_forged_scores_are_recomputed(graded):
    run, _, _ = graded
    # h05 claims total 19 and 3 points on 90.2; its only answer, ["b", "d"], selects two wrong
    # options of five (key {a, c}): max(0, 0/2 - 2/3) = 0. Nothing else answered: total 0.
    assert row(run, "h05")["Total"] == 0
    messages = run.submissions.set_index("student").loc["h05", "messages"]
    assert "claimed scores ignored" in messages
    assert row(run, "h11")["Total"] == 0     # every answer of the wrong type


def test_hand_computed_scores(graded):
    run, _, _ = graded
    assert row(run, "s01")["Total"] == 19     # all right: 3 + 4 + 3 + 2 + 2 + 3 + 1 + 1
    s03 = row(run, "s03")
    # 90.4: first key span marked 20 of 30 characters, the others exact: F1 = 16/17, 4 * 16/17 = 3.76
    assert s03["Exercise 90.4"] == pytest.approx(3.76)
    # 90.7: "The reader agrees with Lavrov." matches no rubric pattern: 0 (flagged for review)
    assert s03["Exercise 90.7"] == 0
    # 90.9: phrase.replace(' ', '-') keeps capitals: 1 of 2 cases -> 1 point
    assert s03["Exercise 90.9"] == 1
    # 91.1: s6 wrong, s8 and s9 right, s11 labelled but not in the key: 2 of 4 -> 1.5
    assert s03["Exercise 91.1"] == 1.5
    # total 3 + 3.7647 + 3 + 0 + 1 + 1.5 + 1 + 1 = 14.2647
    assert s03["Total"] == pytest.approx(14.26)
    # s04 is graded from its later file, whose 90.2 is ["a", "b"]: 3 * (1/2 - 1/3) = 0.5
    # (the earlier file answered only 91.3)
    assert row(run, "s04")["Exercise 90.2"] == pytest.approx(0.5)


def test_gradebook_is_lms_importable(graded):
    run, out, _ = graded
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert header[:5] == IDENTITY_COLUMNS
    assert header[5:] == [f"Exercise {e}" for e in ("90.2", "90.4", "90.5", "90.7", "90.9", "91.1", "91.3", "91.4")] + ["Total"]
    book = pd.read_csv(out / "gradebook.csv", dtype=str)
    graded_students = set(run.submissions.loc[run.submissions["status"] == "graded", "student"])
    assert set(book["SIS User ID"]) == graded_students
    assert book["SIS User ID"].is_unique
    s01 = book.set_index("SIS User ID").loc["s01"]
    assert s01["ID"] == "1001"                         # Canvas user id from the file name
    assert book.set_index("SIS User ID").loc["s17", "Student"] == "Student Seventeen"   # Moodle folder


def test_the_files_are_the_tables_grade_returns(graded):
    """The CSV files and the tables grade() gives a notebook are the same, cell for cell (text cells
    made safe for spreadsheets), hostile submissions included."""
    from kit.csvsafe import safe_frame
    run, out, _ = graded
    for name, file in (("gradebook", "gradebook.csv"), ("scores", "scores.csv"),
                       ("submissions", "submissions.csv"), ("review", "needs-review.csv")):
        table = getattr(run, name)
        assert len(table) == len(run.rows(name)) > 0
        assert (out / file).read_text(encoding="utf-8") == safe_frame(table).to_csv(index=False), file


def test_feedback_and_review_files(graded):
    run, out, _ = graded
    written = {p.name for p in (out / "feedback").iterdir()}
    assert written == {f"{s}.md" for s in run.gradebook["SIS User ID"]}
    assert not list(out.rglob("passwd*"))
    s03 = (out / "feedback" / "s03.md").read_text()
    assert "**Total: 14.26 / 19 points**" in s03
    assert "## 90.4: 3.76 / 4" in s03 and "67% of it marked" in s03
    assert "FIXTURE-R904a" in s03                     # the instructor's feedback file shows details
    review = pd.read_csv(out / "needs-review.csv", dtype={"student": str, "exercise": str})
    answered_907 = {s for s, v in run.answers.items() if isinstance(v.get("90.7"), str) and len(v["90.7"]) <= 5000}
    assert set(review.loc[review["exercise"] == "90.7", "student"]) == answered_907
    for name in ("gradebook.csv", "scores.csv", "submissions.csv", "exercises.csv", "answers.jsonl"):
        assert (out / name).exists()


def test_overrides_change_scores_on_rerun(graded, tmp_path):
    _, _, subs = graded
    out = tmp_path / "out"
    out.mkdir()
    (out / "overrides.csv").write_text("student,exercise,points,reason\n"
                                       "s03,90.7,1.5,Explains the quotation in other words\n")
    keep = tmp_path / "subs"
    keep.mkdir()
    for name in ("Student Number03_2003_assignsubmission_file_submission.json", "student01_1001_5001_submission.json"):
        shutil.copy(subs / name, keep / name)
    run = grade([keep], out=out, folder=FIX, progress=False)
    assert row(run, "s03")["Exercise 90.7"] == 1.5
    assert row(run, "s03")["Total"] == pytest.approx(14.26 + 1.5, abs=0.01)
    assert "Explains the quotation in other words" in (out / "feedback" / "s03.md").read_text()
    review = pd.read_csv(out / "needs-review.csv", dtype={"student": str})
    assert "s03" not in set(review["student"])
    (out / "overrides.csv").write_text("student,exercise,points,reason\ns03,90.7,5,too many\n")
    with pytest.raises(GradingError, match=r"overrides.csv:2: points 5 outside 0-2"):
        grade([keep], out=out, folder=FIX, progress=False)


def test_roster_catches_another_students_id(graded, tmp_path):
    _, _, subs = graded
    keep = tmp_path / "subs"
    keep.mkdir()
    for name in ("student02_1002_5002_submission.json", "hostile06_3006_6006_impostor.json",
                 "student01_1001_5001_submission.json"):
        shutil.copy(subs / name, keep / name)
    roster = tmp_path / "roster.csv"
    roster.write_text("student,name,lms_id\ns01,Student One,1001\ns02,Student Two,1002\ns03,Student Three,1003\n")
    run = grade([keep], roster=roster, folder=FIX, progress=False)
    got = statuses(run)
    assert got["hostile06_3006_6006_impostor.json"] == "wrong-student"
    assert got["student02_1002_5002_submission.json"] == "graded"
    assert row(run, "s02")["Student"] == "Student Two"
    assert set(run.submissions.loc[run.submissions["status"] == "missing", "student"]) == {"s03"}


def test_lms_names():
    assert lms_identity("smithjane_late_12345_67890_answers.json") == {
        "source": "canvas", "name": "smithjane", "lms_id": "12345"}
    assert lms_identity("Jane Smith_321_assignsubmission_file_x.json")["source"] == "moodle"
    assert lms_identity("submission.json")["source"] == ""


def test_broken_exercises_stop_grading(tmp_path):
    folder = tmp_path / "exercises"
    shutil.copytree(FIX, folder)
    p = folder / "keys" / "91-second.yml"
    p.write_text(p.read_text().replace("label: boosters", "label: amplifiers"))
    with pytest.raises(GradingError, match="label 'amplifiers' is not in the scheme"):
        grade([CLASS / "student01_1001_5001_submission.json"], folder=folder, progress=False)


def test_cli_grade_with_progress(tmp_path):
    out = tmp_path / "out"
    files = [str(CLASS / "student01_1001_5001_submission.json"), str(CLASS / "hostile03_3003_6003_empty.json")]
    r = subprocess.run([sys.executable, "-m", "kit", "grade", *files, "--out", str(out), "--exercises", str(FIX)],
                       capture_output=True, text=True, env=os.environ.copy())
    assert r.returncode == 0, r.stderr
    assert "1 students graded from 2 files; 1 files with problems" in r.stdout
    assert "reading" in r.stderr and "2/2" in r.stderr and "empty" in r.stderr
    bad = subprocess.run([sys.executable, "-m", "kit", "grade", files[0], "--out", str(out),
                          "--exercises", str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert bad.returncode == 1 and "kit grade:" in bad.stderr
    # a mistyped path: the class is still graded and written, and the exit status says something is wrong
    typo = subprocess.run([sys.executable, "-m", "kit", "grade", files[0], str(tmp_path / "subs-typo"),
                           "--out", str(out), "--exercises", str(FIX), "--no-progress"],
                          capture_output=True, text=True)
    assert typo.returncode == 1 and "subs-typo: no such file or folder" in typo.stderr
    assert "1 students graded from 2 files" in typo.stdout and (out / "gradebook.csv").exists()


def test_practice_answers_are_quiet_unknown_ones_reported(tmp_path):
    import json
    doc = {"schema": 1, "student": "p1", "answers": {
        "90-fixture": {"90.1": {"value": "b"}, "90.2": {"value": ["a", "c"]}},
        "99-gone": {"99.9": {"value": 1}}}}
    (tmp_path / "p1.json").write_text(json.dumps(doc))
    run = grade([tmp_path / "p1.json"], folder=FIX, progress=False)
    messages = run.submissions.loc[0, "messages"]
    assert "1 answer(s) to exercises this course does not have were ignored (99.9)" in messages
    assert "90.1" not in messages
    assert row(run, "p1")["Exercise 90.2"] == 3 and "Exercise 90.1" not in run.gradebook.columns


def test_collect_reads_each_file_once_and_reports_odd_names(tmp_path):
    from kit.grading import collect
    shutil.copy(CLASS / "student01_1001_5001_submission.json", tmp_path / "a.json")
    (tmp_path / "._a.json").write_bytes(b"\x00\x05\x16\x07 Mac resource fork")
    files, refused = collect([tmp_path, tmp_path / "a.json", tmp_path / "nothere.json"])
    assert sorted(f.name for f in files) == ["._a.json", "a.json"]
    assert [(p.name, status) for p, status, _ in refused] == [("nothere.json", "missing")]
    run = grade([tmp_path], folder=FIX, progress=False)
    assert statuses(run)["._a.json"] == "not-json"
