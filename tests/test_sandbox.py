"""The sandbox under hostile answers and its own failures: one answer cannot spoil another's.

Each answer runs in a child forked from one launcher; the launcher is
warmed up once (compiler, JSON) so that children are cheap.  These tests
check that the warm-up shares nothing between answers, that what a
student writes into the result pipe cannot stop the launcher or reach the
grader unchecked, and that a launcher that crashes, stalls or cannot
confine a child costs no student a score (``grader_error``, reviewed);
without isolation ``kit grade`` runs no code unless told to.  The attacks
themselves are in ``test_attacks_code.py``.
"""

import json
import os
from pathlib import Path

import pytest

from kit.checkers import check, sandbox
from kit.checkers.sandbox import Job, run
from kit.exercises import catalog

FIX = Path(__file__).parent / "data" / "exercises"
ECHO = "def f(x):\n    return x\n"

# Writes to every descriptor it can reach (the result pipe among them), then ends the child.
FORGE = """import os
def f(x):
    for fd in range(3, 64):
        try:
            os.write(fd, PAYLOAD)
        except OSError:
            pass
    os._exit(0)
"""


def forged(payload: bytes) -> str:
    return FORGE.replace("PAYLOAD", repr(payload))


@pytest.mark.parametrize("payload", [
    b"[1]",                                            # not an object: the launcher used to crash here
    b'{"status": "ok", "results": 7}',                 # results not a list: the grader used to crash here
    b'{"status": "ok", "results": [7]}',
    b'{"status": "ok", "results": [{"value": 1, "error": "x"}]}',
    b'{"status": "done", "results": []}',
    b'{"status": "ok", "results": [{"value": ' + b"[" * 5000 + b"]" * 5000 + b"}]}",   # nested past any limit
    b"\xff\xfe",
])
def test_forged_result_is_refused_and_the_next_answer_still_runs(payload):
    bad, good = run([Job(forged(payload), "f", [[1]]), Job(ECHO, "f", [[5]])], workers=1)
    assert bad == {"status": "error", "results": [], "message": "the code ended the process before returning"}
    assert good == {"status": "ok", "results": [{"value": 5}], "message": ""}


def test_well_formed_forgery_is_no_better_than_returning_the_value():
    # A student who writes a well-formed result gets exactly what returning those values would give.
    payload = json.dumps({"status": "ok", "results": [{"value": 2}], "message": ""}).encode()
    (out,) = run([Job(forged(payload), "f", [[1]])])
    assert out == {"status": "ok", "results": [{"value": 2}], "message": ""}


def test_forged_results_never_crash_the_checker():
    ex = catalog(FIX).get("90.9")
    code = "def slug(p):\n    return p\n"
    for outputs in ({"status": "ok", "results": 7}, {"status": "ok", "results": [7, None]},
                    {"status": "ok"}, {"status": "error", "message": "x"}):
        r = check(ex, code, grading=True, outputs=outputs)
        assert r.points == 0 and r.status == "incorrect"


def test_each_answer_starts_from_the_warm_launcher_not_from_the_last_answer():
    spoil = ("import builtins, sys, json\n"
             "builtins.len = lambda x: 42\n"
             "sys.modules['json'].dumps = None\n"
             "SEEN = 'spoiled'\n"
             "def f(x):\n    return 1\n")
    probe = ("import builtins\n"
             "def f(x):\n    return [len(x), builtins.__dict__.get('SEEN'), 'SEEN' in globals()]\n")
    out = run([Job(spoil, "f", [[1]]), Job(probe, "f", [["abc"]])], workers=1)
    assert out[1] == {"status": "ok", "results": [{"value": [3, None, False]}], "message": ""}


def test_a_child_does_not_see_other_answers():
    # The launcher reads one job at a time: a child finds its own code in memory, not the next one's.
    secret = "def f(x):\n    return 'the other student wrote THIS-IS-B'\n"
    snoop = ("import sys\n"
             "def f(x):\n"
             "    frame, seen = sys._getframe(), []\n"
             "    while frame is not None:\n"
             "        seen.append(repr(frame.f_locals)[:100000])\n"
             "        frame = frame.f_back\n"
             "    return ('THIS-IS-' + 'B') in ''.join(seen)\n")   # the marker is not in this code itself
    a, b = run([Job(snoop, "f", [[1]]), Job(secret, "f", [[1]])], workers=1)
    assert a["results"] == [{"value": False}]
    assert b["results"][0]["value"].endswith("THIS-IS-B")


def test_many_answers_in_one_batch_each_get_their_own_result():
    jobs = [Job(f"def f(x):\n    return x * {k}\n", "f", [[k]]) for k in range(60)]
    jobs.insert(30, Job("def f(x):\n    while True:\n        pass\n", "f", [[1]], time=0.2))
    out = run(jobs, workers=2)
    values = [o["results"][0]["value"] for o in out if o["status"] == "ok"]
    assert values == [k * k for k in range(60)]
    assert out[30]["status"] == "timeout"


# ---------------------------------------------------------------- the sandbox's own failures

REAL = Path(__file__).resolve().parent.parent / "kit" / "checkers"
PERFECT = "def slug(phrase):\n    return '-'.join(phrase.lower().split())\n"


def stub_launcher(tmp_path, body: str) -> Path:
    """A launcher that is the real one with one thing broken (``body`` runs before ``main``)."""
    path = tmp_path / "launcher_stub.py"
    path.write_text(f"import os, signal, sys, time\nsys.path.insert(0, {str(REAL)!r})\nimport _launcher\n"
                    f"{body}\n_launcher.main()\n")
    return path


def crash_on(marker: str, how: str) -> str:
    return (f"real = _launcher._run\n"
            f"def _run(job):\n"
            f"    if {marker!r} in job['code']:\n"
            f"        {how}\n"
            f"    return real(job)\n"
            f"_launcher._run = _run\n")


def jobs_with(bad_code: str, n: int = 40, at: int = 17) -> list:
    jobs = [Job(f"def f(x):\n    return x * {k}\n", "f", [[k]]) for k in range(n)]
    jobs[at] = Job(bad_code, "f", [[1]], time=0.2)
    return jobs


def test_a_launcher_that_dies_costs_only_the_answer_it_was_running(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "LAUNCHER", stub_launcher(tmp_path, crash_on("CRASH", "os.kill(os.getpid(), 9)")))
    out = run(jobs_with("def f(x):\n    return 'CRASH'\n"), workers=2)
    for k, o in enumerate(out):
        if k != 17:
            assert o == {"status": "ok", "results": [{"value": k * k}], "message": ""}, k
    assert out[17]["status"] == "grader_error" and out[17]["results"] == []
    assert "killed by SIGKILL" in out[17]["message"] and f"tried {sandbox.RETRIES + 1} times" in out[17]["message"]


def test_a_stalled_launcher_is_stopped_and_the_others_still_run(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "LAUNCHER", stub_launcher(tmp_path, crash_on("STALL", "time.sleep(3600)")))
    monkeypatch.setattr(sandbox, "STALL_MARGIN", 0.5)   # silent for 9.5 s (twice 4.5 s, plus this): stalled
    monkeypatch.setattr(sandbox, "RETRIES", 0)          # one stall is enough to show it
    out = run(jobs_with("def f(x):\n    return 'STALL'\n", n=6, at=2), workers=1)
    assert [o["results"][0]["value"] for k, o in enumerate(out) if k != 2] == [0, 1, 9, 16, 25]
    assert out[2]["status"] == "grader_error" and "stalled" in out[2]["message"] and "tried once" in out[2]["message"]


def test_a_child_that_cannot_be_confined_runs_nothing(tmp_path, monkeypatch):
    body = ("def refuse(self, fd):\n    raise OSError('Landlock restrict: Operation not permitted')\n"
            "_launcher.Confinement.apply = refuse\n")
    monkeypatch.setattr(sandbox, "LAUNCHER", stub_launcher(tmp_path, body))
    (out,) = run([Job("def f(x):\n    return 'ran'\n", "f", [[1]])], mode="isolate")
    assert out["status"] == "grader_error" and out["results"] == []
    assert "could not confine this code, so it was not run" in out["message"]


def test_a_system_that_refuses_confinement_is_found_out_before_any_answer(tmp_path, monkeypatch):
    # The kernel has Landlock, but (as in a container without the right to drop root) a child cannot
    # confine itself: isolation() finds out with its trial run and says why.
    body = "def refuse(self, fd):\n    raise PermissionError('setresuid: Operation not permitted')\n" \
           "_launcher.Confinement.apply = refuse\n"
    monkeypatch.setattr(sandbox, "LAUNCHER", stub_launcher(tmp_path, body))
    sandbox.isolation.cache_clear()
    try:
        iso = sandbox.isolation()
    finally:
        sandbox.isolation.cache_clear()
    assert iso["available"] is False and "setresuid: Operation not permitted" in iso["reason"]


def test_isolation_is_available_where_it_is_required():
    iso = sandbox.isolation()
    if not iso["available"]:
        if os.environ.get("CI"):
            pytest.fail(f"CI must grade code isolated: {iso['reason']}", pytrace=False)
        pytest.skip(f"this system cannot isolate code: {iso['reason']}")
    assert iso["landlock_abi"] >= 3


# ---------------------------------------------------------------- through kit grade

def grade_cli(tmp_path, *extra, code=PERFECT):
    """``kit grade`` in this process on three students (two with code, one without); the tables it wrote."""
    import csv
    from kit.cli import main
    subs, out = tmp_path / "subs", tmp_path / "out"
    subs.mkdir(exist_ok=True)
    for student, answers in (("s1", {"90.9": code, "90.2": ["a", "c"]}), ("s2", {"90.9": code}),
                             ("s3", {"90.2": ["a", "c"]})):
        doc = {"schema": 1, "kind": "discourse-kit submission", "student": student, "kit_version": "0.1.0",
               "created": "2026-03-01T10:00:00+00:00",
               "answers": {"90-fixture": {k: {"value": v, "saved_at": "2026-03-01T10:00:00+00:00"}
                                          for k, v in answers.items()}}}
        (subs / f"{student}.json").write_text(json.dumps(doc))
    code_ = main(["grade", str(subs), "--out", str(out), "--exercises", str(FIX), "--no-progress", *extra])
    read = lambda name: list(csv.DictReader(open(out / name, encoding="utf-8")))  # noqa: E731
    return code_, {r["SIS User ID"]: r for r in read("gradebook.csv")}, \
        {(r["student"], r["exercise"]): r for r in read("scores.csv")}, read("needs-review.csv"), \
        {r["student"]: r for r in read("submissions.csv")}, out


def test_a_failed_sandbox_is_no_score_and_is_reviewed(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sandbox, "LAUNCHER", stub_launcher(tmp_path, "os._exit(3)"))
    code, book, scores, review, subs, out = grade_cli(tmp_path)
    err = capsys.readouterr().err
    assert code == 1
    assert "2 code answers not graded because the sandbox failed" in err and "Traceback" not in err
    for s in ("s1", "s2"):
        assert scores[(s, "90.9")]["status"] == "grader_error" and scores[(s, "90.9")]["points"] == ""
        assert book[s]["Exercise 90.9"] == "" and book[s]["Total"] == ""      # an empty cell, not a zero
        assert subs[s]["status"] == "incomplete" and "not graded yet: 90.9" in subs[s]["messages"]
        assert "90.9: not graded yet / 2" in (out / "feedback" / f"{s}.md").read_text()
    assert {(r["student"], r["exercise"]) for r in review} >= {("s1", "90.9"), ("s2", "90.9")}
    assert "exited with code 3" in next(r for r in review if r["student"] == "s1" and r["exercise"] == "90.9")["reason"]
    # What the sandbox did not touch is graded as usual.
    assert float(scores[("s1", "90.2")]["points"]) == float(scores[("s3", "90.2")]["points"]) > 0
    assert subs["s3"]["status"] == "graded" and book["s3"]["Total"] != ""


def test_without_isolation_code_is_not_run_unless_the_instructor_says_so(tmp_path, monkeypatch, capsys):
    from kit.checkers import _launcher
    monkeypatch.setattr(_launcher, "landlock_abi", lambda: -38)     # what a kernel without Landlock answers
    sandbox.isolation.cache_clear()
    try:
        code, book, scores, review, subs, _ = grade_cli(tmp_path)
        err = capsys.readouterr().err
        assert code == 1
        refusal = [line for line in err.splitlines() if line.startswith("kit grade:") and "not run" in line]
        assert len(refusal) == 1 and "Landlock is not in this kernel" in refusal[0] and "--unsafe-code" in refusal[0]
        assert "read the keys" in refusal[0]
        for s in ("s1", "s2"):
            assert scores[(s, "90.9")]["status"] == "not_run" and book[s]["Exercise 90.9"] == ""
            assert subs[s]["status"] == "incomplete"
        assert {(r["student"], r["exercise"]) for r in review} >= {("s1", "90.9"), ("s2", "90.9")}

        code, book, scores, review, subs, _ = grade_cli(tmp_path, "--unsafe-code")
        err = capsys.readouterr().err
        assert code == 0 and "ran WITHOUT isolation (--unsafe-code)" in err
        for s in ("s1", "s2"):
            assert scores[(s, "90.9")]["status"] == "correct" and float(book[s]["Exercise 90.9"]) == 2
            assert subs[s]["status"] == "graded"
    finally:
        sandbox.isolation.cache_clear()


def test_with_isolation_the_flag_changes_nothing(tmp_path, capsys):
    if not sandbox.isolation()["available"]:
        pytest.skip(sandbox.isolation()["reason"])
    code, book, scores, _, _, _ = grade_cli(tmp_path, "--unsafe-code")
    assert code == 0 and "WITHOUT isolation" not in capsys.readouterr().err
    assert scores[("s1", "90.9")]["status"] == "correct"


def test_a_grandchild_holding_the_result_pipe_does_not_stall_the_launcher(tmp_path):
    # Only unconfined (--unsafe-code) can an answer start a process at all; as root nothing stops
    # _posixsubprocess.fork_exec there. Its grandchild keeps the result pipe open in a session of its
    # own; the launcher still reads the answer's result, and the next answer runs.
    if os.geteuid() != 0:
        pytest.skip("unconfined, a non-root child cannot start a process (RLIMIT_NPROC 0)")
    import ctypes
    hold = ("import _posixsubprocess, os\n"
            "def f(x):\n"
            "    fds = tuple(fd for fd in range(3, 256) if _open(fd))\n"
            "    er, ew = os.pipe()\n"
            "    args = [[b'/bin/sleep', b'600'], [b'/bin/sleep'], False, fds, None, None, -1, -1, -1, -1, -1, -1,\n"
            "            er, ew, False, True, -1, None, None, -1, -1, None, False]\n"
            "    try:\n"
            "        pid = _posixsubprocess.fork_exec(*args)\n"
            "    except TypeError:\n"
            "        pid = _posixsubprocess.fork_exec(*args[:-1])\n"
            "    os.close(ew)\n"
            "    failed = os.read(er, 200)        # nothing, once the grandchild has become /bin/sleep\n"
            "    return [failed.decode(), os.waitpid(pid, os.WNOHANG) == (0, 0)]\n"
            "def _open(fd):\n"
            "    try:\n"
            "        os.fstat(fd)\n"
            "        return True\n"
            "    except OSError:\n"
            "        return False\n")
    before = {int(p) for t in Path(f"/proc/{os.getpid()}/task").iterdir() for p in (t / "children").read_text().split()}
    assert ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) == 0     # orphans come to this test, to be killed below
    try:
        out = run([Job(hold, "f", [[1]]), Job(ECHO, "f", [[5]])], workers=1, mode="unsafe")
    finally:
        ctypes.CDLL(None).prctl(36, 0, 0, 0, 0)
        for pid in {int(p) for t in Path(f"/proc/{os.getpid()}/task").iterdir()
                    for p in (t / "children").read_text().split()} - before:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    assert out[0] == {"status": "ok", "results": [{"value": ["", True]}], "message": ""}   # it ran, and lived
    assert out[1] == {"status": "ok", "results": [{"value": 5}], "message": ""}
