"""Run students' functions outside the grader's process, without the keys.

:func:`run` sends jobs (code, function name, argument lists: never the
expected values) to one launcher process, ``python -I -S`` in an empty
temporary folder with a clean environment, which forks a limited child
per job (see :mod:`kit.checkers._launcher` for the limits and the audit
hook).  The grader compares what comes back.

>>> out = run([Job("def f(x):\\n    return x * 2\\n", "f", [[2], ["ab"]])])
>>> out[0]["status"], [r["value"] for r in out[0]["results"]]
('ok', [4, 'abab'])
>>> run([Job("def f():\\n    return open('/etc/hostname').read()\\n", "f", [[]])])[0]["results"][0]["error"]
"PermissionError: the sandbox does not allow opening '/etc/hostname'"
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Job", "run", "LAUNCHER"]

LAUNCHER = Path(__file__).with_name("_launcher.py")


@dataclass
class Job:
    """One student function to call with each argument list in ``calls``."""

    code: str
    function: str
    calls: list = field(default_factory=list)
    time: float = 2.0
    memory: int = 256


def run(jobs: list, progress=None, workers: int | None = None) -> list:
    """Run every job; one dict per job: ``status`` (ok, error, timeout), ``results``, ``message``.

    Large batches are shared among up to ``workers`` launchers (default: the
    number of CPUs this process may use, at most 4), each running its jobs
    one at a time.
    ``progress``, if given, is called once per finished job.
    """
    if not jobs:
        return []
    if not hasattr(os, "fork"):
        return [{"status": "error", "results": [],
                 "message": "code exercises are graded on Linux or macOS (this system cannot fork)"}] * len(jobs)
    workers = workers or min(4, _usable_cpus())
    workers = max(1, min(workers, len(jobs) // 25 + 1))
    chunks = [list(range(len(jobs)))[k::workers] for k in range(workers)]
    out: list = [None] * len(jobs)
    lock = threading.Lock()

    def tick():
        if progress:
            with lock:
                progress()

    threads = [threading.Thread(target=_launch, args=([jobs[i] for i in idx], idx, out, tick)) for idx in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    failed = {"status": "error", "results": [], "message": "the sandbox stopped before running this code"}
    return [r if isinstance(r, dict) else dict(failed) for r in out]


def _usable_cpus() -> int:
    """The CPUs this process may run on (fewer than the machine has under ``taskset``, say)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _launch(jobs: list, index: list, out: list, tick) -> None:
    """One launcher process for ``jobs``; results go to ``out[index[n]]``."""
    with tempfile.TemporaryDirectory(prefix="kit-sandbox-") as tmp:
        frames = Path(tmp) / "jobs.bin"
        with open(frames, "wb") as fh:
            for n, job in enumerate(jobs):
                payload = json.dumps({"id": n, "code": job.code, "function": job.function,
                                      "calls": job.calls, "time": job.time, "memory": job.memory}).encode()
                fh.write(b"%010d" % len(payload) + payload)
        work = Path(tmp) / "work"
        work.mkdir()
        budget = sum(j.time * 2 + 1 for j in jobs) + 30
        env = {"PATH": os.defpath, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
        with open(frames, "rb") as stdin, open(Path(tmp) / "stderr.txt", "wb") as stderr:
            proc = subprocess.Popen([sys.executable, "-I", "-S", str(LAUNCHER)], stdin=stdin,
                                    stdout=subprocess.PIPE, stderr=stderr, cwd=work, env=env)
            timer = threading.Timer(budget, proc.kill)
            timer.start()
            try:
                for line in proc.stdout:
                    try:
                        result = json.loads(line)
                        out[index[int(result.pop("id"))]] = result
                    except (ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
                        continue
                    tick()
            finally:
                timer.cancel()
                proc.stdout.close()
                proc.wait()
