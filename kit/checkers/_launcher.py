"""The sandbox launcher: runs students' functions in forked, limited children.

Started by :mod:`kit.checkers.sandbox` as ``python -I -S _launcher.py`` in
an empty temporary folder (the working folder of every job, where nothing
may be written) with a clean environment; it imports only the
standard library and never sees a key.  It reads jobs from standard input,
one at a time, each framed as ten ASCII digits (the length) and a JSON
object ``{"id", "code", "function", "calls": [[arg, ...], ...], "time",
"memory"}``, and writes one JSON line per job: ``{"id", "status",
"results": [{"value": ...} | {"error": "..."}], "message"}`` (flushed every
few hundredths of a second and at the end, so that the grader wakes once
for a batch of results rather than once per job).

Before the first job the launcher compiles and runs a small function of
its own and makes a JSON round trip (:func:`_warm`), so that the parser,
compiler and JSON machinery are set up once and shared by every child.
Each job runs in a child forked for it alone, which, before running any of
the student's code: points standard input and output at ``/dev/null`` and
closes every other inherited descriptor but its result pipe; sets CPU-time, address-space, file-size and
process limits with ``resource.setrlimit``; and installs an audit hook
(PEP 578) that refuses to open any file outside the standard library and
refuses processes, sockets, ctypes, file-system changes and signals.  The
launcher kills a child that outlives its wall-clock limit.

An audit hook is not a wall against a determined attacker; it stops the
casual and the accidental.  What keeps the keys safe is that they never
reach this process: the grader compares the returned values itself.
"""

import builtins
import gc
import json
import os
import resource
import select
import signal
import sys
import time

__all__ = ["main"]

MAX_OUTPUT = 1 << 20
FLUSH_EVERY = 0.05  # seconds between flushes of the results written so far
STDLIB = os.path.realpath(os.path.dirname(os.__file__))
BLOCKED = {
    "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty", "os.kill",
    "os.killpg", "os.remove", "os.rename", "os.rmdir", "os.mkdir", "os.chmod", "os.chown",
    "os.link", "os.symlink", "os.truncate", "os.utime", "os.chdir", "os.chroot", "os.listdir",
    "os.scandir", "os.putenv", "os.unsetenv", "os.chflags", "os.lchflags", "os.lchmod",
    "os.getxattr", "os.setxattr", "os.listxattr", "os.removexattr", "os.startfile",
    "subprocess.Popen", "pty.spawn", "resource.setrlimit", "resource.prlimit", "glob.glob",
    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "mmap.__new__", "code.__new__",
    "sys._current_frames", "signal.pthread_kill", "sqlite3.connect", "webbrowser.open",
    "urllib.Request", "http.client.connect", "ftplib.connect", "smtplib.connect",
    "imaplib.open", "poplib.connect", "nntplib.connect", "telnetlib.Telnet.open",
}
BLOCKED_PREFIXES = ("socket.", "ctypes.", "shutil.", "_winapi.", "winreg.", "msvcrt.")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _inside_stdlib(path):
    real = os.path.realpath(path)
    return real == STDLIB or real.startswith(STDLIB + os.sep)


def _hook(event, args):
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        if isinstance(path, int) or path is None:
            raise PermissionError("the sandbox does not allow opening file descriptors")
        path = os.fsdecode(path)
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                  (isinstance(flags, int) and flags & WRITE_FLAGS)
        if writing or not _inside_stdlib(path):
            raise PermissionError(f"the sandbox does not allow opening {path!r}")
    elif event in ("os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes)) and \
            _inside_stdlib(os.fsdecode(args[0])):
        return  # the import system lists stdlib folders
    elif event in BLOCKED or event.startswith(BLOCKED_PREFIXES):
        raise PermissionError(f"the sandbox does not allow {event}")


def _plain(value, depth=0):
    """A JSON-ready copy of a returned value (tuples become lists, sets sorted lists)."""
    if depth > 40:
        raise ValueError("the returned value is nested too deeply")
    if value is None or type(value) in (bool, int, str):
        return value
    if type(value) is float:
        return value if value == value and abs(value) != float("inf") else {"float": repr(value)}
    if type(value) in (list, tuple):
        return [_plain(v, depth + 1) for v in value]
    if type(value) in (set, frozenset):
        items = [_plain(v, depth + 1) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return sorted(items, key=repr)
    if type(value) is dict:
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if isinstance(value, (bool, int, float, str)):
        return _plain(type(value).__mro__[-2](value), depth + 1)
    return {"unsupported": type(value).__name__}


def _child(job, w):
    """Run one job in this (forked) process; write its result to ``w``; never return."""
    out = {"id": job["id"], "status": "ok", "results": [], "message": ""}
    gc.disable()  # a child lives for milliseconds; collecting would only copy the launcher's pages
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.closerange(3, w)
        os.closerange(w + 1, 256)  # the launcher itself holds only a few descriptors
        cpu = max(1, int(job["time"] + 0.999))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        memory = int(job["memory"]) << 20
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_NPROC, 0)):
            try:
                resource.setrlimit(limit, (value, value))
            except (ValueError, OSError):  # macOS refuses some limits; the CPU limit and the hook remain
                pass
        sys.stdin = sys.__stdin__ = None
        sys.addaudithook(_hook)
        namespace = {"__name__": "answer", "__builtins__": builtins}
        exec(compile(job["code"], "<answer>", "exec"), namespace)
        function = namespace.get(job["function"])
        if not callable(function):
            out.update(status="error", message=f"the code defines no function {job['function']}()")
        else:
            for args in job["calls"]:
                args = json.loads(json.dumps(args))
                try:
                    out["results"].append({"value": _plain(function(*args))})
                except BaseException as exc:  # the student's error, reported per case
                    out["results"].append({"error": f"{type(exc).__name__}: {exc}"[:300]})
    except BaseException as exc:
        out.update(status="error", message=f"{type(exc).__name__}: {exc}"[:300])
    try:
        data = json.dumps(out).encode()
    except BaseException as exc:
        data = json.dumps({"id": job["id"], "status": "error", "results": [],
                           "message": f"results could not be encoded: {type(exc).__name__}"}).encode()
    while data:
        data = data[os.write(w, data[:65536]):]
    os._exit(0)


def _wait(pid, r, wall):
    """Collect a child's output within ``wall`` seconds; kill it if it outstays.

    Returns ``(output, wait status)``, or ``(b"", "timeout" | "output")``.
    """
    deadline = time.monotonic() + wall
    pidfd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    chunks, size, reading = [], 0, True
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return _kill(pid), "timeout"
            watch = ([r] if reading else []) + ([pidfd] if pidfd is not None else [])
            ready, _, _ = select.select(watch, [], [], min(left, 0.01) if pidfd is None else left)
            if r in ready:
                data = os.read(r, 65536)
                if not data:
                    reading = False
                else:
                    size += len(data)
                    if size > MAX_OUTPUT:
                        return _kill(pid), "output"
                    chunks.append(data)
                    continue
            if reading and pidfd is not None and pidfd not in ready:
                continue
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                while reading:
                    data = os.read(r, 65536)
                    reading = bool(data)
                    chunks.append(data)
                    size += len(data)
                    if size > MAX_OUTPUT:
                        return b"", "output"
                return b"".join(chunks), status
    finally:
        if pidfd is not None:
            os.close(pidfd)


def _kill(pid):
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return b""


def _run(job):
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        _child(job, w)
    os.close(w)
    try:
        data, status = _wait(pid, r, job["time"] * 2 + 0.5)
    finally:
        os.close(r)
    if status == "timeout":
        return {"status": "timeout", "results": [],
                "message": f"stopped after {job['time'] * 2 + 0.5:g} s: the code did not finish in time"}
    if status == "output":
        return {"status": "error", "results": [], "message": "the code produced too much output"}
    result = _parse(data)
    if result is not None:
        return result
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            return {"status": "timeout", "results": [],
                    "message": f"stopped after {job['time']:g} s of CPU time: the code did not finish in time"}
        return {"status": "error", "results": [],
                "message": f"the code crashed ({signal.Signals(sig).name}; perhaps it used too much memory)"}
    return {"status": "error", "results": [], "message": "the code ended the process before returning"}


def _parse(data):
    """The child's result if it is shaped as :func:`_child` writes it, else None.

    The student's code runs in the child and can write to the result pipe
    itself, so what comes through it is checked before anything uses it: a
    JSON object with ``status`` ok or error, ``results`` a list of
    ``{"value": ...}`` (nested at most 64 deep) or ``{"error": "..."}``, and a
    text ``message``.  Anything else is treated as a child that ended
    without a result.
    """
    try:
        out = json.loads(data.decode())
    except (ValueError, RecursionError):
        return None
    if not isinstance(out, dict) or out.get("status") not in ("ok", "error"):
        return None
    results, message = out.get("results"), out.get("message", "")
    if not isinstance(results, list) or not isinstance(message, str):
        return None
    for r in results:
        if not isinstance(r, dict) or len(r) != 1:
            return None
        if "value" in r:
            if _too_deep(r["value"], 64):
                return None
        elif not isinstance(r.get("error"), str):
            return None
    return {"status": out["status"], "results": results, "message": message[:300]}


def _too_deep(value, limit):
    """Whether lists and dicts nest more than ``limit`` deep in ``value`` (without recursing)."""
    level, depth = [value], 0
    while level:
        level = [v for x in level if isinstance(x, (list, dict))
                 for v in (x.values() if isinstance(x, dict) else x)]
        depth += bool(level)
        if depth > limit:
            return True
    return False


def _read_exactly(n):
    parts = []
    while n:
        data = os.read(0, min(n, 1 << 16))
        if not data:
            raise EOFError
        parts.append(data)
        n -= len(data)
    return b"".join(parts)


def _warm():
    """Do once, here, what every child does, so that children share its pages.

    The first ``compile`` in a process sets up the parser and compiler, and
    the first JSON round trip its encoder and decoder; done in each forked
    child, that costs about two milliseconds of page copies per answer.
    Standard input is read with ``os.read``, so ``sys.stdin`` is dropped
    here once (the child drops it again).
    """
    namespace = {"__name__": "answer", "__builtins__": builtins}
    source = "def warm(text, n=2):\n    return [text.lower().split(), {'n': (n, 1.5)}, {n}, len(repr(text))]\n"
    exec(compile(source, "<warm>", "exec"), namespace)
    for args in json.loads(json.dumps([["A b", 3], ["c"]])):
        json.dumps({"id": 0, "status": "ok", "results": [{"value": _plain(namespace["warm"](*args))}]})
    sys.stdin = sys.__stdin__ = None


def main():
    """Read framed jobs from standard input until it ends; write one JSON line per job."""
    _warm()
    gc.freeze()  # forked children then leave the launcher's objects (and their pages) alone
    flushed = time.monotonic()
    while True:
        try:
            header = _read_exactly(10)
        except EOFError:
            break
        job = json.loads(_read_exactly(int(header)).decode())
        try:
            result = _run(job)
        except Exception as exc:  # one job never stops the others (fork refused, say)
            result = {"status": "error", "results": [],
                      "message": f"the sandbox could not run this code ({type(exc).__name__})"}
        result["id"] = job["id"]
        sys.stdout.write(json.dumps(result) + "\n")
        if time.monotonic() - flushed > FLUSH_EVERY:  # the grader wakes for a batch, not for each job
            sys.stdout.flush()
            flushed = time.monotonic()
        del job, result
    sys.stdout.flush()


if __name__ == "__main__":
    main()
