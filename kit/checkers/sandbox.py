"""Run students' functions outside the grader's process, confined by the operating system.

:func:`run` sends jobs (code, function name, argument lists: never the
expected values) to launcher processes, ``python -I -S`` in an empty
temporary folder with a clean environment, which fork one confined child
per job (see :mod:`kit.checkers._launcher`: an unprivileged user, a
Landlock domain that can read only the Python runtime, a seccomp filter
without sockets, processes or signals to others, and resource limits).
The grader compares what comes back.

>>> out = run([Job("def f(x):\\n    return x * 2\\n", "f", [[2], ["ab"]])])
>>> out[0]["status"], [r["value"] for r in out[0]["results"]]
('ok', [4, 'abab'])

Statuses: ``ok`` (the function ran; each call has a value or an error),
``error`` and ``timeout`` (the student's code failed as a whole), and
``grader_error``: the sandbox itself failed (a launcher crashed, was
killed or stalled, and re-running the answer in fresh launchers did not
help; or the system could not confine the code, which is then not run).
A ``grader_error`` is never the student's fault and never a score.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

__all__ = ["Job", "run", "isolation", "LAUNCHER", "RETRIES"]

LAUNCHER = Path(__file__).with_name("_launcher.py")
RETRIES = 2   # a job whose launcher failed is run again at most this often, in a fresh launcher
STALL_MARGIN = 10.0   # seconds a launcher may be silent beyond twice its longest job's wall-clock limit


@dataclass
class Job:
    """One student function to call with each argument list in ``calls``."""

    code: str
    function: str
    calls: list = field(default_factory=list)
    time: float = 2.0
    memory: int = 256


@lru_cache(maxsize=1)
def isolation() -> dict:
    """Whether this system can confine code answers, found out once per process.

    ``{"available": bool, "reason": str, "landlock_abi": int}``.  The
    kernel is asked first (not Linux, no Landlock or one older than Linux
    6.2, an architecture without a seccomp table here: the reason says
    which); then a one-line function is run confined, so that what the
    kernel offers but the system refuses (a container without the right to
    drop root or to install a filter, a Python that ``nobody`` cannot read)
    is found here, before any answer.

    >>> sorted(isolation())
    ['available', 'landlock_abi', 'reason']
    """
    from . import _launcher
    try:
        abi, _machine = _launcher.probe()
    except OSError as exc:
        return {"available": False, "reason": str(exc), "landlock_abi": 0}
    # A module the launcher has not loaded: the import machinery must work for the confined child too.
    trial_code = "import statistics\ndef f():\n    return statistics.median([3, 1, 2])\n"
    (trial,) = run([Job(trial_code, "f", [[]])], workers=1, mode="isolate")
    if trial["status"] != "ok" or trial["results"] != [{"value": 2}]:
        return {"available": False, "reason": trial.get("message") or trial["status"], "landlock_abi": abi}
    return {"available": True, "reason": "", "landlock_abi": abi}


def run(jobs: list, progress=None, workers: int | None = None, mode: str = "auto") -> list:
    """Run every job; one dict per job: ``status``, ``results``, ``message``.

    ``mode`` is ``isolate`` (confined by the operating system, or not run
    at all: a ``grader_error`` says why), ``unsafe`` (resource limits and
    an audit hook only: for a system without Landlock, when the instructor
    says so) or ``auto`` (``isolate`` where available, else ``unsafe``:
    what a student's own practice checks use, on their own code).
    Large batches are shared among up to ``workers`` launchers (default:
    the number of CPUs this process may use, at most 4), each running its
    jobs one at a time.  A launcher that crashes, is killed or stalls is
    replaced: the jobs it did not finish run again in fresh launchers, the
    one it was running alone (at most :data:`RETRIES` times), and what
    still has no result is a ``grader_error``.  ``progress``, if given, is
    called once per finished job.
    """
    if not jobs:
        return []
    if mode == "auto":
        mode = "isolate" if isolation()["available"] else "unsafe"
    if mode not in ("isolate", "unsafe"):
        raise ValueError(f"mode must be isolate, unsafe or auto, not {mode!r}")
    if not hasattr(os, "fork"):
        return [{"status": "grader_error", "results": [],
                 "message": "code answers are run on Linux or macOS (this system cannot fork)"}] * len(jobs)
    workers = workers or min(4, _usable_cpus())
    out: list = [None] * len(jobs)
    lock = threading.Lock()

    def tick():
        if progress:
            with lock:
                progress()

    tries, failure, suspects = [0] * len(jobs), {}, set()
    todo = list(range(len(jobs)))
    while todo:
        alone = [[i] for i in todo if i in suspects]
        rest = [i for i in todo if i not in suspects]
        n = max(1, min(workers, len(rest) // 25 + 1))
        groups = alone + [g for g in (rest[k::n] for k in range(n)) if g]
        with ThreadPoolExecutor(max_workers=min(workers, len(groups))) as pool:
            ended = list(pool.map(lambda g: _launch([jobs[i] for i in g], g, out, tick, mode), groups))
        progress = any(out[i] is not None for i in todo)
        for group, how in zip(groups, ended):
            missing = [i for i in group if out[i] is None]
            if missing:
                # Jobs run in order and every result is written at once: the first without a result was
                # running, the others never started and are not held against (unless nothing ran at all).
                suspects.add(missing[0])
                for i in (missing[:1] if progress else missing):
                    tries[i] += 1
                for i in missing:
                    failure[i] = how
        todo = [i for i in todo if out[i] is None and tries[i] <= RETRIES]
    for i, r in enumerate(out):
        if r is None:
            out[i] = {"status": "grader_error", "results": [],
                      "message": f"the sandbox failed while running this code ({failure.get(i, 'no result')}; "
                                 f"tried {'once' if tries[i] == 1 else f'{tries[i]} times'}): "
                                 "not the student's fault, grade it again"}
    return out


def _usable_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine has under ``taskset``, say)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _launch(jobs: list, index: list, out: list, tick, mode: str) -> str:
    """One launcher process for ``jobs``; results go to ``out[index[n]]``; returns how it ended.

    The launcher writes its results to a file, read here as it grows (ten
    times a second, and at once when the launcher ends).  A watchdog kills
    the launcher when no result has come for twice the longest wall-clock
    limit of its jobs plus :data:`STALL_MARGIN`.
    """
    with tempfile.TemporaryDirectory(prefix="kit-sandbox-") as tmp:
        frames, results = Path(tmp) / "jobs.bin", Path(tmp) / "results.jsonl"
        with open(frames, "wb") as fh:
            for n, job in enumerate(jobs):
                payload = json.dumps({"id": n, "code": job.code, "function": job.function,
                                      "calls": job.calls, "time": job.time, "memory": job.memory}).encode()
                fh.write(b"%010d" % len(payload) + payload)
        work = Path(tmp) / "work"
        work.mkdir()
        stall = max(j.time * 2 + 0.5 for j in jobs) * 2 + STALL_MARGIN
        env = {"PATH": os.defpath, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
        with open(frames, "rb") as stdin, open(results, "wb") as stdout, \
                open(Path(tmp) / "stderr.txt", "wb") as stderr, open(results, "rb") as reader:
            proc = subprocess.Popen([sys.executable, "-I", "-S", str(LAUNCHER), mode], stdin=stdin,
                                    stdout=stdout, stderr=stderr, cwd=work, env=env)
            last, stalled, pending = time.monotonic(), False, b""
            ended = _ended(proc)
            try:
                while True:
                    finished = ended(0.1)
                    pending += reader.read()
                    *lines, pending = pending.split(b"\n")
                    if lines:
                        last = time.monotonic()
                    for line in lines:
                        _take(line, index, out, tick)
                    if finished:
                        break
                    if time.monotonic() - last > stall:
                        stalled = True
                        proc.kill()
            finally:
                if proc.poll() is None:
                    proc.kill()
                code = proc.wait()
    if stalled:
        return f"its launcher stalled: no result for {stall:g} s"
    if code < 0:
        try:
            return f"its launcher was killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"its launcher was killed by signal {-code}"
    return f"its launcher exited with code {code}" if code else "its launcher ended early"


def _ended(proc):
    """A function ``wait(seconds) -> bool``: whether ``proc`` has ended, waiting at most that long."""
    try:
        import select
        pidfd = os.pidfd_open(proc.pid)
    except (AttributeError, OSError):
        def poll(seconds):
            try:
                proc.wait(seconds)
                return True
            except subprocess.TimeoutExpired:
                return False
        return poll

    def wait(seconds):
        if select.select([pidfd], [], [], seconds)[0]:
            proc.wait()
            os.close(pidfd)
            return True
        return False
    return wait


def _take(line: bytes, index: list, out: list, tick) -> None:
    """Put one result line where it belongs (a line that is not a result is skipped)."""
    try:
        result = json.loads(line)
        n = int(result.pop("id"))
        if out[index[n]] is None:
            out[index[n]] = result
            tick()
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        pass
