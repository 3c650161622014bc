"""The sandbox under hostile answers: one student's code cannot spoil another's result.

Each answer runs in a child forked from one launcher; the launcher is
warmed up once (compiler, JSON) so that children are cheap.  These tests
check that the warm-up shares nothing between answers, and that what a
student writes into the result pipe cannot stop the launcher or reach the
grader unchecked.
"""

import json
from pathlib import Path

import pytest

from kit.checkers import check
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
