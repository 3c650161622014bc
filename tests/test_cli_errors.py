"""Every command given wrong input: one clear line on stderr, a non-zero exit, no traceback.

Each case is something an instructor or a student mistypes; the expected words are the part
of the message that tells them what to fix.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLASS = ROOT / "tests" / "data" / "class"


def run_kit(*args, cwd, env_extra=None):
    import os
    env = {**os.environ, "KIT_ANSWERS": str(Path(cwd) / "no-answers-here"), **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "kit", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=env, timeout=300)


def _setup(tmp: Path) -> dict:
    (tmp / "a-file.txt").write_text("not a folder\n", encoding="utf-8")
    (tmp / "full").mkdir()
    (tmp / "full" / "something.txt").write_text("x", encoding="utf-8")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp / "roster.csv").write_text("no,student,column\n1,2,3\n", encoding="utf-8")
    return {"file": tmp / "a-file.txt", "full": tmp / "full", "missing": tmp / "no-such-thing",
            "binary": tmp / "binary.txt"}


CASES = [
    # (arguments, words the one line must contain)
    (["grade", CLASS, "--out", "{file}", "--no-progress"], "is a file"),
    (["grade", CLASS, "--out", "out", "--exercises", "{missing}", "--no-progress"], "no exercises folder"),
    (["report", "{missing}"], "not found"),
    (["submit", "--student", "s1"], "no answers found"),
    (["submit", "--student", "not an id!"], "student id"),
    (["release", "{file}"], "is a file"),
    (["release", "{full}"], "not empty"),
    (["exercises", "--dir", "{missing}", "validate"], "no folder"),
    (["exercises", "validate", "--dir", "{missing}"], "no folder"),
    (["texts", "--dir", "{missing}"], "no folder"),
    (["show", "no-such-text"], "no text 'no-such-text'"),
    (["validate", "{missing}"], "no file or folder"),
    (["import", "{missing}"], "not found"),
    (["import", "{binary}"], "binary"),
    (["report", CLASS, "--top", "ten"], "invalid int value"),
]


@pytest.mark.parametrize("args,words", CASES, ids=[" ".join(map(str, c[0][:2])) + " " + c[1] for c in CASES])
def test_wrong_input_gives_one_clear_line_and_a_non_zero_exit(tmp_path, args, words):
    paths = _setup(tmp_path)
    argv = [str(a).format(**paths) for a in args]
    run = run_kit(*argv, cwd=tmp_path)
    assert run.returncode != 0, (argv, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    lines = [ln for ln in run.stderr.splitlines() if ln.strip() and not ln.startswith("usage:")
             and not ln.startswith("  ")]
    assert len(lines) == 1, (argv, run.stderr)
    assert words.lower() in lines[0].lower(), (argv, lines[0])
    assert lines[0].startswith("kit"), lines[0]


def test_grading_into_a_file_is_refused_before_any_work(tmp_path):
    target = tmp_path / "results.csv"
    target.write_text("keep me\n", encoding="utf-8")
    run = run_kit("grade", CLASS, "--out", target, "--no-progress", cwd=tmp_path)
    assert run.returncode == 1 and target.read_text(encoding="utf-8") == "keep me\n"


def test_an_empty_submission_is_not_written(tmp_path):
    run = run_kit("submit", "--student", "s1", "--out", tmp_path / "sub.json", cwd=tmp_path)
    assert run.returncode == 1 and not (tmp_path / "sub.json").exists()


def test_submit_into_a_folder_writes_the_usual_file_name_there(tmp_path, monkeypatch):
    import kit.answers
    answers = tmp_path / "answers"
    monkeypatch.setenv("KIT_ANSWERS", str(answers))
    kit.answers.save("00-start-here", "00.1", "b")
    out = tmp_path / "uploads"
    out.mkdir()
    run = run_kit("submit", "--student", "s1", "--out", out, cwd=tmp_path, env_extra={"KIT_ANSWERS": str(answers)})
    assert run.returncode == 0, run.stderr
    written = json.loads((out / "submission-s1.json").read_text(encoding="utf-8"))
    assert written["student"] == "s1" and written["answers"]["00-start-here"]


def test_html_report_goes_into_new_folders_and_draws_offline(tmp_path):
    graded = tmp_path / "graded"
    run = run_kit("grade", CLASS, "--out", graded, "--no-progress", cwd=tmp_path)
    assert (graded / "gradebook.csv").exists(), run.stderr
    html = tmp_path / "new" / "folder" / "report.html"
    run = run_kit("report", graded, "--html", html, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    page = html.read_text(encoding="utf-8")
    # plotly.js is in the page itself: no script is loaded from elsewhere
    assert "<script src=" not in page.replace(" ", "") and 'src="http' not in page
    assert "Plotly.newPlot" in page and len(page) > 1_000_000
