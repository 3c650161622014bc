"""Attacks on grading through code answers, run through the real ``kit grade``.

A class of submission files is built: honest students (right and wrong
code) and one attacker per attack, each attack a ``slug(phrase)`` for the
fixture's code exercise 90.9 that tries to read the keys, another student's
file or the grader's environment, write where it should not, start
processes, signal or trace the grader, reach the network, or exhaust
memory, time and output.  An attack that got anything returns it (so it
would reach the attacker's feedback); one that was refused returns or
raises the refusal.  ``python -m kit grade`` grades the class in a
subprocess, once as root (CI runs as root: there this case must run) and
once as an unprivileged user, and the tests read the gradebook, the scores,
the review list and every file written.  Secrets are canaries: a line in
each key file, a field in an honest student's file, a variable in the
grader's environment; none may appear in any output.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIX = HERE / "data" / "exercises"
TOKEN = uuid.uuid4().hex[:12]
KEY_CANARY = f"CANARY-KEY-{TOKEN}"
SUB_CANARY = f"CANARY-SUB-{TOKEN}"
ENV_CANARY = f"CANARY-ENV-{TOKEN}"
CANARIES = (KEY_CANARY, SUB_CANARY, ENV_CANARY)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the isolation is Linux's")

# Honest students: (code, points expected on 90.9 out of 2; cases are 'the world majority', 'Western minority').
HONEST = {
    "h01": ("def slug(phrase):\n    return '-'.join(phrase.lower().split())\n", 2.0),
    "h02": ("def slug(phrase):\n    return phrase.lower().replace(' ', '-')\n", 2.0),
    "h03": ("import re\ndef slug(phrase):\n    return re.sub(r'\\s+', '-', phrase.strip()).lower()\n", 2.0),
    "h04": ("def slug(phrase):\n    return phrase.replace(' ', '-')\n", 1.0),           # forgets lower case
    "h05": ("def slug(phrase):\n    return phrase\n", 0.0),
    "h06": ("import collections, json, decimal\ndef slug(phrase):\n"
            "    return '-'.join(w.lower() for w in phrase.split())\n", 2.0),
    "h07": ("def slug(phrase):\n    parts = []\n    for w in phrase.split():\n        parts.append(w.lower())\n"
            "    return '-'.join(parts)\n", 2.0),
    "h08": ("def slug(phrase):\n    return phrase.upper()\n", 0.0),
}

# Every attack is the body of slug(phrase); PATHS are filled in when the class is built.
PRELUDE = """import os, sys, json
KEYS, SUB, SUBS, OUT, EXS = {keys!r}, {sub!r}, {subs!r}, {out!r}, {exs!r}
TMPMARK, TCP, UDP, UNIX = {tmpmark!r}, {tcp!r}, {udp!r}, {unix!r}
def report(what):
    text = str(what)
    i = text.find('CANARY')
    return text[i:i + 60] if i >= 0 else text[:200]
"""

ATTACKS = {
    # --- reading what the grader can read
    # The trick that fooled the audit hook: os.path.realpath() sees the standard library, open() the key.
    "str_subclass_path": """
STD = os.path.dirname(os.__file__) + '/os.py'
class P(str):
    def startswith(self, *a): return True
    def __getitem__(self, k): return P(str.__getitem__(self, k))
    def partition(self, sep): return STD.partition(sep)
def slug(phrase):
    return report(open(P(KEYS)).read())
""",
    "keys_absolute": "def slug(phrase):\n    return report(open(KEYS).read())\n",
    "keys_relative": """
def slug(phrase):
    for up in range(1, 12):
        try:
            return report(open('../' * up + EXS + '/keys/90-fixture.yml').read())
        except OSError as exc:
            err = exc
    return report(err)
""",
    "keys_listing": "import glob\ndef slug(phrase):\n    return report([os.listdir(os.path.dirname(KEYS)), glob.glob('/**/*.yml')])\n",
    "keys_via_ctypes_open": """
import ctypes
def slug(phrase):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.open(KEYS.encode(), 0)
    if fd < 0:
        return report(os.strerror(ctypes.get_errno()))
    buf = ctypes.create_string_buffer(4096)
    return report(buf.raw[:libc.read(fd, buf, 4096)])
""",
    "keys_via_stdlib_descriptor": """
def slug(phrase):
    out = []
    for entry in filter(os.path.isdir, sys.path):
        try:
            out.append(open(entry + '/..' * 12 + KEYS).read())
        except OSError as exc:
            out.append(repr(exc))
    return report(out)
""",
    "other_submission": "def slug(phrase):\n    return report(open(SUB).read())\n",
    # Landlock does not govern stat(): only the private view (as root) hides that these files exist.
    "course_metadata": "def slug(phrase):\n    return [os.path.exists(p) for p in (KEYS, SUB, OUT, EXS)]\n",
    "submissions_listing": "def slug(phrase):\n    return report(os.listdir(SUBS))\n",
    "environment": "def slug(phrase):\n    return report(dict(os.environ))\n",
    "proc_of_grader": """
def slug(phrase):
    found = []
    for pid in [os.getppid(), 1] + list(range(os.getppid() - 50, os.getppid())):
        for name in ('environ', 'cmdline', 'maps', 'status'):
            try:
                found.append(open(f'/proc/{pid}/{name}', 'rb').read())
            except OSError as exc:
                found.append(repr(exc))
    return report(found)
""",
    "proc_listing": "def slug(phrase):\n    return report(os.listdir('/proc'))\n",
    "shadow_and_root": "def slug(phrase):\n    return report([open('/etc/shadow').read(), os.listdir('/root')])\n",
    # --- writing
    "write_feedback_and_keys": """
def slug(phrase):
    done = []
    for path in (OUT + '/feedback/h01.md', OUT + '/gradebook.csv', KEYS, SUB, EXS + '/pwned.yml'):
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'a') as fh:
                fh.write('PWNED')
            done.append(path)
        except OSError as exc:
            done.append(repr(exc))
    return report(done)
""",
    "write_tmp": "def slug(phrase):\n    open(TMPMARK, 'w').write('PWNED')\n    return 'wrote'\n",
    "write_cwd_and_symlink": """
def slug(phrase):
    out = []
    for act in (lambda: open('x', 'w').write('x'), lambda: os.symlink(KEYS, 'k'), lambda: os.mkdir('d')):
        try:
            out.append(act())
        except OSError as exc:
            out.append(repr(exc))
    return report(out)
""",
    # --- processes
    "fork": "def slug(phrase):\n    pid = os.fork()\n    if pid == 0:\n        os._exit(0)\n    return 'forked'\n",
    "subprocess_sh": """
import subprocess
def slug(phrase):
    return report(subprocess.run(['/bin/sh', '-c', 'cat ' + KEYS], capture_output=True).stdout)
""",
    "posixsubprocess_fork_exec": """
import _posixsubprocess
def slug(phrase):
    r, w = os.pipe()
    errr, errw = os.pipe()
    args = [[b'/bin/sh', b'-c', ('cat ' + KEYS).encode()], [b'/bin/sh'], True, (w,), None, None,
            -1, -1, -1, w, -1, -1, errr, errw, False, False, -1, None, None, -1, -1, None, False]
    try:
        _posixsubprocess.fork_exec(*args)              # Python 3.11 and 3.12
    except TypeError:
        _posixsubprocess.fork_exec(*args[:-1])
    os.close(w)
    return report(os.read(r, 4096))
""",
    "os_system": "def slug(phrase):\n    return report([os.system('cat ' + KEYS + ' > ' + TMPMARK), os.popen('cat ' + KEYS).read()])\n",
    "thread": "import threading\ndef slug(phrase):\n    t = threading.Thread(target=print)\n    t.start()\n    return 'thread'\n",
    "fork_bomb": "def slug(phrase):\n    while True:\n        os.fork()\n",
    "grandchild_holds_pipe": """
import time
def slug(phrase):
    if os.fork() == 0:
        if os.fork() == 0:
            time.sleep(600)
        os._exit(0)
    return 'the grandchild holds the pipe'
""",
    # --- signals and tracing
    "pidfd_kill_launcher": "import signal\ndef slug(phrase):\n    signal.pidfd_send_signal(os.pidfd_open(os.getppid()), 9)\n    return 'killed'\n",
    "kill_launcher": "def slug(phrase):\n    os.kill(os.getppid(), 9)\n    return 'killed'\n",
    "killpg_launcher": "def slug(phrase):\n    os.killpg(os.getpgid(os.getppid()), 9)\n    return 'killed'\n",
    "kill_everything": "def slug(phrase):\n    os.kill(-1, 9)\n    return 'killed'\n",
    "kill_by_ctypes_syscall": """
import ctypes
def slug(phrase):
    libc = ctypes.CDLL(None, use_errno=True)
    results = [libc.syscall(62, os.getppid(), 9), libc.syscall(62, -1, 9), libc.syscall(234, os.getppid(), os.getppid(), 9)]
    return report([results, os.strerror(ctypes.get_errno())])
""",
    "ptrace_launcher": """
import ctypes
def slug(phrase):
    libc = ctypes.CDLL(None, use_errno=True)
    return report([libc.ptrace(16, os.getppid(), 0, 0), os.strerror(ctypes.get_errno())])
""",
    "unshare_and_setuid": """
import ctypes
def slug(phrase):
    libc = ctypes.CDLL(None, use_errno=True)
    out = [libc.unshare(0x10000000 | 0x00020000), os.strerror(ctypes.get_errno())]
    try:
        os.setuid(0)
        out.append(open(KEYS).read())
    except OSError as exc:
        out.append(repr(exc))
    return report(out)
""",
    "sysv_shared_memory": """
import ctypes
def slug(phrase):
    libc = ctypes.CDLL(None, use_errno=True)
    return report([libc.shmget(0, 1 << 20, 0o1666), os.strerror(ctypes.get_errno())])
""",
    # --- network
    "tcp_connect": """
import socket
def slug(phrase):
    s = socket.create_connection(('127.0.0.1', TCP), timeout=1)
    s.sendall(b'PWNED')
    return 'connected'
""",
    "udp_send": """
import socket
def slug(phrase):
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'PWNED', ('127.0.0.1', UDP))
    return 'sent'
""",
    "unix_abstract_socket": """
import socket
def slug(phrase):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(UNIX)
    s.sendall(b'PWNED')
    return 'connected'
""",
    # --- resources
    "memory_bomb": "def slug(phrase):\n    a = []\n    while True:\n        a.append(bytearray(10 ** 7))\n",
    "huge_result": "def slug(phrase):\n    return 'x' * (3 * 10 ** 6)\n",
    "print_flood": "def slug(phrase):\n    for _ in range(200):\n        print('x' * 100000)\n        sys.stderr.write('y' * 100000)\n    return 'flooded'\n",
    "sleep_forever": "import time\ndef slug(phrase):\n    time.sleep(600)\n",
    "deep_recursion": "import sys\nsys.setrecursionlimit(10 ** 6)\ndef slug(phrase):\n    return slug(phrase)\n",
    "forged_confinement_error": """
def slug(phrase):
    for fd in range(3, 64):
        try:
            os.write(fd, b'could not confine')
        except OSError:
            pass
    os._exit(1)
""",
}

# What the attacker's feedback shows: the operating system's refusal (Landlock: "Permission denied"; as
# root the private view: "No such file or directory", "Read-only file system"; seccomp: "Operation not
# permitted") or the limit that stopped it. Memory and recursion bombs may meet the time limit first on a
# loaded machine: either limit is right, which one depends on the load.
DENIED = ("Permission denied", "No such file or directory", "Read-only file system")
REFUSED = "Operation not permitted"
LIMITS = ("MemoryError", "RecursionError", "did not finish in time", "crashed")
EXPECT = {name: DENIED for name in ATTACKS}
EXPECT.update({name: (REFUSED,) for name in (
    "fork", "subprocess_sh", "posixsubprocess_fork_exec", "os_system", "fork_bomb", "grandchild_holds_pipe",
    "pidfd_kill_launcher", "kill_launcher", "killpg_launcher", "kill_everything", "kill_by_ctypes_syscall",
    "ptrace_launcher", "unshare_and_setuid", "sysv_shared_memory", "tcp_connect", "udp_send", "unix_abstract_socket")})
EXPECT.update({
    "environment": ("{'PATH': '/bin:/usr/bin', 'LANG': 'C.UTF-8'",),   # the launcher's clean environment
    "thread": ("can't start new thread",),
    "memory_bomb": LIMITS, "deep_recursion": LIMITS,
    "huge_result": ("too much output",),
    "print_flood": ("returned 'flooded'",),     # standard output and error are /dev/null
    "sleep_forever": ("did not finish in time",),
    "course_metadata": ("returned [",),
    "forged_confinement_error": ("ended the process before returning",),
})


def doc(student, code, **extra):
    created = "2026-03-01T10:00:00+00:00"
    out = {"schema": 1, "kind": "discourse-kit submission", "student": student, "kit_version": "0.1.0",
           "created": created, "answers": {"90-fixture": {"90.9": {"value": code, "saved_at": created}}}}
    out.update(extra)
    return out


def build_class(tmp: Path, listeners) -> dict:
    """Exercises with canaried keys, the class's submission files, and the paths the attacks aim at."""
    exs = tmp / "exercises"
    shutil.copytree(FIX, exs)
    for key in (exs / "keys").glob("*.yml"):
        key.write_text(f"# {KEY_CANARY}\n" + key.read_text(encoding="utf-8"), encoding="utf-8")
    subs, out = tmp / "subs", tmp / "out"
    subs.mkdir()
    paths = {"keys": str(exs / "keys" / "90-fixture.yml"), "sub": str(subs / "h01.json"), "subs": str(subs),
             "out": str(out), "exs": str(exs), "tmpmark": f"/tmp/kit-attack-{TOKEN}-{tmp.name}",
             "tcp": listeners["tcp"], "udp": listeners["udp"], "unix": listeners["unix"]}
    prelude = PRELUDE.format(**paths)
    for student, (code, _) in HONEST.items():
        extra = {"canary": SUB_CANARY} if student == "h01" else {}
        (subs / f"{student}.json").write_text(json.dumps(doc(student, code, **extra)), encoding="utf-8")
    for n, (name, body) in enumerate(ATTACKS.items()):
        (subs / f"a{n:02d}.json").write_text(json.dumps(doc(f"a{n:02d}", prelude + body)), encoding="utf-8")
    for path in (subs / "h01.json", Path(paths["keys"])):
        paths[f"sha:{path}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return paths


@pytest.fixture(scope="module")
def listeners():
    """A TCP and a UDP socket on 127.0.0.1 and an abstract UNIX socket, to see whether anything arrives."""
    tcp = socket.socket()
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(16)
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    name = f"\0kit-attack-{TOKEN}"
    unix.bind(name)
    unix.listen(16)
    for s in (tcp, udp, unix):
        s.setblocking(False)
    yield {"tcp": tcp.getsockname()[1], "udp": udp.getsockname()[1], "unix": name, "sockets": (tcp, udp, unix)}
    for s in (tcp, udp, unix):
        s.close()


def _unprivileged_prefix(tmp: Path) -> tuple:
    """A command prefix that runs the grader as an unprivileged user, and how; or (None, why not)."""
    if os.geteuid() != 0:
        return [], f"the tests run as uid {os.geteuid()} already"
    setpriv, unshare = shutil.which("setpriv"), shutil.which("unshare")
    works = ("import os, subprocess, sys, kit, pandas; assert os.geteuid() == 65534; "
             "subprocess.run([sys.executable, '-I', '-c', 'import json'], check=True)")
    if setpriv:
        probe = subprocess.run([setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-c",
                                works], capture_output=True, cwd=tmp)
        if probe.returncode == 0:
            return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"], "uid 65534 (setpriv)"
    if unshare:
        # The machine's Python may live where nobody may read (a pyenv under /root): then run the grader as
        # uid 65534 of a new user namespace, without any capability on the system.
        cmd = [unshare, "--user", "--map-user=65534", "--map-group=65534"]
        probe = subprocess.run(cmd + [sys.executable, "-c", works], capture_output=True, cwd=tmp)
        if probe.returncode == 0:
            return cmd, "uid 65534 in a user namespace, no capabilities (unshare)"
    return None, "neither setpriv nor unshare can run this Python as an unprivileged user here"


def _children() -> set:
    return {int(pid) for task in Path(f"/proc/{os.getpid()}/task").iterdir()
            for pid in (task / "children").read_text().split()}


def _subreaper(on: bool) -> None:
    import ctypes
    assert ctypes.CDLL(None).prctl(36, int(on), 0, 0, 0) == 0    # PR_SET_CHILD_SUBREAPER


def grade_class(tmp: Path, listeners, prefix: list) -> dict:
    paths = build_class(tmp, listeners)
    for d in (tmp, tmp / "subs"):
        d.chmod(0o777)
    env = dict(os.environ, KIT_ATTACK_CANARY=ENV_CANARY, PYTHONPATH=str(HERE.parent))
    cmd = prefix + [sys.executable, "-m", "kit", "grade", str(tmp / "subs"), "--out", paths["out"],
                    "--exercises", paths["exs"], "--no-progress"]
    before = _children()
    _subreaper(True)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp)
        leftovers = _children() - before
    finally:
        _subreaper(False)
        for pid in _children() - before:   # do not leave them behind if the test is about to fail
            os.kill(pid, 9)
            os.waitpid(pid, 0)
    out = Path(paths["out"])
    assert (out / "scores.csv").exists(), proc.stderr[-3000:]
    scores = {(r["student"], r["exercise"]): r for r in csv.DictReader(open(out / "scores.csv", encoding="utf-8"))}
    subs = {r["student"]: r for r in csv.DictReader(open(out / "submissions.csv", encoding="utf-8"))}
    review = list(csv.DictReader(open(out / "needs-review.csv", encoding="utf-8")))
    feedback = {p.stem: p.read_text(encoding="utf-8") for p in (out / "feedback").glob("*.md")}
    return {"proc": proc, "paths": paths, "scores": scores, "subs": subs, "review": review, "feedback": feedback,
            "tmp": tmp, "leftovers": leftovers}


@pytest.fixture(scope="module", params=["root", "unprivileged"])
def graded(request, listeners):
    import tempfile
    # In /tmp itself, not pytest's folder: an unprivileged grader must be able to reach it.
    tmp = Path(tempfile.mkdtemp(prefix=f"kit-attacks-{request.param}-"))
    request.addfinalizer(lambda: shutil.rmtree(tmp, ignore_errors=True))
    if request.param == "root":
        if os.geteuid() != 0:
            if os.environ.get("CI"):
                pytest.fail("CI runs as root: the root case of the attack suite must run there", pytrace=False)
            pytest.skip("the tests do not run as root here; the unprivileged case covers this user")
        prefix, how = [], "root"
    else:
        prefix, how = _unprivileged_prefix(tmp)
        if prefix is None:
            pytest.skip(how)
    result = grade_class(tmp, listeners, prefix)
    result["how"] = how
    return result


def attacker(name):
    return f"a{list(ATTACKS).index(name):02d}"


def test_the_run_finishes_and_says_nothing_failed(graded):
    proc = graded["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "WITHOUT isolation" not in proc.stderr and "not graded because the sandbox failed" not in proc.stderr
    assert len(graded["subs"]) == len(HONEST) + len(ATTACKS)
    assert "Traceback" not in proc.stderr


def test_honest_students_are_scored_right(graded):
    for student, (_, points) in HONEST.items():
        row = graded["scores"][(student, "90.9")]
        assert float(row["points"]) == points, (student, row, graded["feedback"][student][-800:])
        assert graded["subs"][student]["status"] == "graded"


@pytest.mark.parametrize("name", list(ATTACKS))
def test_attack_is_held(graded, name):
    student = attacker(name)
    row = graded["scores"][(student, "90.9")]
    feedback = graded["feedback"][student]
    assert float(row["points"]) == 0, (name, feedback[-1500:])
    # The student's code failed: never a sandbox failure, never a missing row.
    assert row["status"] == "incorrect", (name, row)
    assert graded["subs"][student]["status"] == "graded"
    assert "PWNED" not in feedback and "CANARY" not in feedback
    assert any(marker in feedback for marker in EXPECT[name]), (name, EXPECT[name], feedback[-1500:])


def test_no_secret_reaches_any_output(graded):
    out = Path(graded["paths"]["out"])
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) >= 7
    for p in files:
        text = p.read_text(encoding="utf-8", errors="replace")
        for canary in CANARIES:
            assert canary not in text, (p.name, canary)
    assert graded["paths"]["tmpmark"] not in {str(p) for p in Path("/tmp").glob("kit-attack-*")}
    assert not Path(graded["paths"]["tmpmark"]).exists()


def test_no_file_of_the_grader_changed(graded):
    paths = graded["paths"]
    for key, digest in paths.items():
        if key.startswith("sha:"):
            assert hashlib.sha256(Path(key[4:]).read_bytes()).hexdigest() == digest, key
    assert not (Path(paths["exs"]) / "pwned.yml").exists()
    assert "PWNED" not in (Path(paths["out"]) / "gradebook.csv").read_text()
    assert "PWNED" not in graded["feedback"]["h01"]


def test_nothing_reached_the_network(graded, listeners):
    tcp, udp, unix = listeners["sockets"]
    for server in (tcp, unix):
        with pytest.raises(BlockingIOError):
            server.accept()
    with pytest.raises(BlockingIOError):
        udp.recv(64)


def test_no_process_outlives_its_answer(graded):
    # The test process was the subreaper of the run: an orphan left by any answer (a grandchild that
    # sleeps for 600 s, say) would now be its child. None is.
    assert graded["leftovers"] == set()


def test_review_list_and_statuses_are_consistent(graded):
    # Attacks are the students' own failures: none is a grader error, none waits for review for that reason.
    assert not [r for r in graded["review"] if "not graded" in r["reason"]]
    assert all(s["status"] == "graded" for s in graded["subs"].values())


def test_the_attacks_are_real_without_isolation(tmp_path, listeners):
    # What the suite guards against: run unconfined (--unsafe-code: limits and an audit hook only), the
    # str-subclass trick reads the key file, and as root so does _posixsubprocess.fork_exec with /bin/sh.
    from kit.checkers.sandbox import Job, run
    paths = build_class(tmp_path, listeners)
    names = ["str_subclass_path"] + (["posixsubprocess_fork_exec"] if os.geteuid() == 0 else [])
    codes = [json.loads((tmp_path / "subs" / f"{attacker(n)}.json").read_text())["answers"]["90-fixture"]["90.9"]["value"]
             for n in names]
    for name, out in zip(names, run([Job(c, "slug", [["a b"]], time=1) for c in codes], mode="unsafe")):
        assert KEY_CANARY in json.dumps(out), (name, out)
    isolated = run([Job(c, "slug", [["a b"]], time=1) for c in codes], mode="isolate")
    assert all(KEY_CANARY not in json.dumps(out) for out in isolated), isolated
    assert paths["keys"].endswith("90-fixture.yml")


def test_as_root_the_course_is_not_even_visible(graded):
    # Run as root, the launcher's private view holds only the Python runtime and the working folder.
    # Run as another user there is no view: names can be tested (documented in the threat model).
    feedback = graded["feedback"][attacker("course_metadata")]
    if graded["how"] == "root":
        assert "returned [False, False, False, False]" in feedback
    else:
        assert "returned [" in feedback
