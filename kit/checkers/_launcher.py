"""The sandbox launcher: runs students' functions in forked, confined children.

Started by :mod:`kit.checkers.sandbox` as ``python -I -S _launcher.py MODE``
in an empty temporary folder with a clean environment; it imports only the
standard library and never sees a key.  It reads jobs from standard input,
one at a time, each framed as ten ASCII digits (the length) and a JSON
object ``{"id", "code", "function", "calls": [[arg, ...], ...], "time",
"memory"}``, and writes one JSON line per job to standard output, which is
a file (not a pipe: the grader reads it as it grows, so it is not woken
for every job, and after a crash every finished job's result is there):
``{"id", "status", "results": [{"value": ...} | {"error": "..."}],
"message"}``.

Before the first job the launcher compiles and runs a small function of
its own and makes a JSON round trip (:func:`_warm`), so that the parser,
compiler and JSON machinery are set up once and shared by every child.
Each job runs in a child forked for it alone.  Before any of the student's
code runs, the child (:func:`_confine`) becomes its own process group, dies
with the launcher, points standard input and output at ``/dev/null`` and
sets CPU-time, address-space, file-size, open-file and process limits;
then, with ``MODE`` ``isolate`` (what ``kit grade`` uses), it makes the
operating system the wall:

- when the launcher runs as root, it first gives itself a private view
  of the file system (:func:`private_view`: the Python runtime and the
  working folder, read-only, nothing else), and each child drops to the
  unprivileged ``nobody`` user (uid and gid 65534, no supplementary
  groups); without that view the launcher reaches the standard library
  through open descriptors (``/proc/self/fd/N``), in case ``nobody`` may
  not walk the folders above it;
- ``no_new_privs``, then a Landlock domain (Linux 6.2 or later, ABI 3; the
  network and scope parts from ABI 4 and 6 when the kernel has them): read
  access to the Python runtime and to the empty working folder only;
  nothing else on the file system can be opened, listed, written,
  executed or removed, and, from ABI 6, no signal reaches a process outside
  the child's own domain and no abstract UNIX socket outside it can be
  reached (from ABI 1, no process outside it can be traced);
- a seccomp filter that refuses sockets of every family, new processes and
  threads (``fork``, ``clone``, ``exec``), signals to any process but the
  child itself, tracing and other processes' memory, namespaces and
  mounts, io_uring, BPF, perf, keyrings and System V / POSIX message IPC.

If any step fails the child runs nothing and writes the reason into a
second pipe, which it closes before the student's code runs (so that code
cannot write there); the launcher reports ``grader_error`` and never runs
the code unconfined.  With ``MODE`` ``unsafe`` (the instructor's explicit
``--unsafe-code`` on a system without Landlock) the child keeps only the
resource limits and an audit hook (PEP 578) that refuses the obvious
(opening files outside the standard library, processes, sockets): a
monitoring aid that a determined student gets past.

The launcher kills a child that outlives its wall-clock limit and, after
every job, the child's whole process group.
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

__all__ = ["main", "Confinement", "probe", "landlock_abi", "runtime_paths", "private_view", "subreaper", "LANDLOCK_MIN_ABI", "NOBODY"]

MAX_OUTPUT = 1 << 20
STDLIB = os.path.realpath(os.path.dirname(os.__file__))
NOBODY = 65534             # the unprivileged user a child becomes when the launcher runs as root
OPEN_FILES = 64
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

# ---------------------------------------------------------------- confinement (Linux)

# Landlock (linux/landlock.h): system call numbers are the same on every architecture.
_LANDLOCK_CREATE, _LANDLOCK_ADD_RULE, _LANDLOCK_RESTRICT = 444, 445, 446
_LL_READ_FILE, _LL_READ_DIR = 1 << 2, 1 << 3
LANDLOCK_MIN_ABI = 3       # Linux 6.2: truncate is handled too, so reading is all a rule grants
_PR_SET_PDEATHSIG, _PR_SET_SECCOMP, _PR_SET_CHILD_SUBREAPER, _PR_SET_NO_NEW_PRIVS = 1, 22, 36, 38

# seccomp: audit architecture, then system calls refused with EPERM, then those that may only
# signal the child itself (first argument = its pid).
_SECCOMP = {
    "x86_64": (0xC000003E, {
        "socket": 41, "socketpair": 53, "clone": 56, "fork": 57, "vfork": 58, "execve": 59,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_send_signal": 424,
        "pidfd_getfd": 438, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "bpf": 321, "perf_event_open": 298, "userfaultfd": 323, "unshare": 272, "setns": 308,
        "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "keyctl": 250, "add_key": 248,
        "request_key": 249, "shmget": 29, "msgget": 68, "semget": 64, "mq_open": 240, "clone3": 435,
        "execveat": 322, "kcmp": 312, "name_to_handle_at": 303, "open_by_handle_at": 304,
        "fanotify_init": 300},
        {"kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297}),
    "aarch64": (0xC00000B7, {
        "socket": 198, "socketpair": 199, "clone": 220, "execve": 221, "ptrace": 117,
        "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_send_signal": 424, "pidfd_getfd": 438,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427, "bpf": 280,
        "perf_event_open": 241, "userfaultfd": 282, "unshare": 97, "setns": 268, "mount": 40,
        "umount2": 39, "pivot_root": 41, "chroot": 51, "keyctl": 219, "add_key": 217,
        "request_key": 218, "shmget": 194, "msgget": 186, "semget": 190, "mq_open": 180,
        "clone3": 435, "execveat": 281, "kcmp": 272, "name_to_handle_at": 264,
        "open_by_handle_at": 265, "fanotify_init": 262},
        {"kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240}),
}


def runtime_paths():
    """What a confined child may read: the standard library, shared libraries, a few devices.

    The standard library folder (with its compiled modules), the system's
    library folders and the prefix's ``lib`` (where a conda or pyenv Python
    keeps the libraries its modules load), the dynamic loader's cache, and
    ``/dev/null``, ``/dev/zero``, ``/dev/urandom``.  The working folder is
    added per child.  Paths that do not exist are left out.

    >>> STDLIB in runtime_paths() or any(STDLIB.startswith(p + "/") for p in runtime_paths())
    True
    """
    prefix_lib = os.path.join(os.path.realpath(sys.base_prefix), "lib")
    paths = [STDLIB, prefix_lib, "/lib", "/lib64", "/usr/lib", "/usr/lib64", "/usr/lib32",
             "/etc/ld.so.cache", "/dev/null", "/dev/zero", "/dev/urandom"]
    real = sorted({os.path.realpath(p) for p in paths if os.path.exists(p)})
    # one rule per folder: links (/lib -> usr/lib) and folders inside another rule's are left out
    return [p for p in real if not any(p.startswith(q + os.sep) for q in real if os.path.isdir(q))]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or minus the errno of asking (-38: no Landlock, -95: disabled)."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    abi = libc.syscall(ctypes.c_long(_LANDLOCK_CREATE), None, ctypes.c_long(0), ctypes.c_long(1))
    return abi if abi >= 0 else -ctypes.get_errno()


def probe() -> tuple:
    """``(Landlock ABI, machine)`` if this system can confine children, else OSError with the reason.

    Changes nothing: the grader asks this before it starts any launcher.
    """
    import platform
    if not sys.platform.startswith("linux"):
        raise OSError(f"Landlock and seccomp are Linux features; this system is {sys.platform}")
    machine = platform.machine().lower()
    if machine not in _SECCOMP:
        raise OSError(f"this kit has no seccomp filter for the {machine} architecture")
    try:
        abi = landlock_abi()
    except (OSError, AttributeError) as exc:
        raise OSError(f"cannot ask the kernel for Landlock ({exc})") from None
    if abi < 0:
        raise OSError("Landlock is " + ("disabled at boot (add landlock to the lsm= kernel parameter)"
                                        if abi == -95 else "not in this kernel (Linux 6.2 or later needed)"
                                        if abi == -38 else f"unavailable ({os.strerror(-abi)}; a container's "
                                        "seccomp profile may refuse the landlock system calls)"))
    if abi < LANDLOCK_MIN_ABI:
        raise OSError(f"Landlock ABI {abi} is older than {LANDLOCK_MIN_ABI} (Linux 6.2 or later needed)")
    return abi, machine


class Confinement:
    """The operating system's walls around one child, prepared once in the launcher.

    ``Confinement()`` raises OSError (with the reason) when this system
    cannot confine: not Linux, an architecture without a seccomp table
    here, or Landlock missing, disabled or older than ABI 3.
    :meth:`apply` is called in each forked child before the student's code.
    """

    def __init__(self, reroute: bool = True):
        import ctypes
        import struct
        self._ctypes, self._struct = ctypes, struct
        self.abi, self.machine = probe()
        # Functions bound and arguments built here, once: in a forked child every Python object
        # touched costs a page copy, and a first call through ctypes touches many.
        libc = ctypes.CDLL(None, use_errno=True)
        self._syscall = libc.syscall
        self._syscall.argtypes, self._syscall.restype = [ctypes.c_long] * 5, ctypes.c_long
        self._prctl_fn = libc.prctl
        self._prctl_fn.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
        self._prctl_fn.restype = ctypes.c_int
        fs = (1 << 16) - 1 if self.abi >= 5 else (1 << 15) - 1     # every file-system right the ABI knows
        net = 3 if self.abi >= 4 else 0                             # TCP bind and connect
        scoped = 3 if self.abi >= 6 else 0                          # abstract UNIX sockets and signals
        size = 24 if scoped else 16 if net else 8
        self._attr = ctypes.create_string_buffer(struct.pack("QQQ", fs, net, scoped)[:size], size)
        self._attr_size, self._attr_at = size, ctypes.addressof(self._attr)
        self.layers = ["landlock-fs", "seccomp"] + (["landlock-tcp"] if net else []) + \
            (["landlock-scope"] if scoped else [])
        self._rules, self._rule_buffers = [], []
        for path in runtime_paths():
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            self._rules.append(fd)
            access = _LL_READ_FILE | (_LL_READ_DIR if os.path.isdir(path) else 0)
            self._rule_buffers.append(ctypes.create_string_buffer(struct.pack("=Qi", access, fd), 12))
        self._work_rule = ctypes.create_string_buffer(12)
        self._rule_addresses = [ctypes.addressof(b) for b in self._rule_buffers + [self._work_rule]]
        self._arch, self._denied, self._signals = _SECCOMP[self.machine]
        self._prepare_seccomp()
        self.keep = self._reroute_imports() if reroute and os.geteuid() == 0 else []

    @staticmethod
    def _reroute_imports():
        """Reach the standard library through open descriptors (root launcher only); their numbers.

        A child that drops root may lack the search permission on a folder
        above the standard library (a pyenv Python under ``/root``, say).
        ``/proc/self/fd/N`` leads to the folder without walking those
        parents, and Landlock still checks the file finally opened, so
        ``sys.path`` and the ``__path__`` of imported packages are pointed
        there, once, before any child is forked.
        """
        fds, mapping = [], {}
        for entry in sys.path:
            real = os.path.realpath(entry or ".")
            if entry and os.path.isdir(real) and real not in mapping:
                fd = os.open(real, os.O_PATH)
                fds.append(fd)
                mapping[real] = f"/proc/self/fd/{fd}"
        if not all(os.path.isdir(p) for p in mapping.values()):   # no /proc: leave imports as they are
            for fd in fds:
                os.close(fd)
            return []

        def moved(path):
            real = os.path.realpath(path)
            for root, via in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
                if real == root or real.startswith(root + os.sep):
                    return via + real[len(root):]
            return path

        sys.path[:] = [moved(p) if p else p for p in sys.path]
        for module in list(sys.modules.values()):
            path = getattr(module, "__path__", None)
            if isinstance(path, list):
                path[:] = [moved(p) for p in path]
        sys.path_importer_cache.clear()
        return fds

    def _check(self, value, what):
        if value < 0:
            raise OSError(f"{what}: {os.strerror(self._ctypes.get_errno())}")
        return value

    def apply(self, workdir_fd: int) -> None:
        """Confine this process for good: unprivileged user, Landlock domain, seccomp filter."""
        if os.geteuid() == 0 or os.getuid() == 0:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            if 0 in os.getresuid() or 0 in os.getresgid():
                raise OSError("could not drop root")
        prctl, syscall = self._prctl_fn, self._syscall
        self._check(prctl(_PR_SET_PDEATHSIG, 9, 0, 0, 0), "die with the launcher")   # the uid change clears it
        self._check(prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        ruleset = self._check(syscall(_LANDLOCK_CREATE, self._attr_at, self._attr_size, 0, 0), "Landlock ruleset")
        try:
            self._struct.pack_into("=Qi", self._work_rule, 0, _LL_READ_FILE | _LL_READ_DIR, workdir_fd)
            for rule in self._rule_addresses:
                self._check(syscall(_LANDLOCK_ADD_RULE, ruleset, 1, rule, 0), "Landlock rule")
            self._check(syscall(_LANDLOCK_RESTRICT, ruleset, 0, 0, 0), "Landlock restrict")
        finally:
            os.close(ruleset)
        self._struct.pack_into("=I", self._filter, self._pid_at, os.getpid())
        self._check(prctl(_PR_SET_SECCOMP, 2, self._fprog_at, 0, 0), "seccomp filter")

    def _prepare_seccomp(self):
        """The seccomp program, built once; each child writes its own pid into it (``_pid_at``)."""
        c, pack = self._ctypes, self._struct.pack
        ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
        allow, deny, kill = 0x7FFF0000, 0x00050000 | 1, 0x80000000    # ALLOW, ERRNO(EPERM), KILL_PROCESS
        prog = [(ld, 0, 0, 4), (jeq, 1, 0, self._arch), (ret, 0, 0, kill), (ld, 0, 0, 0)]
        jumps = []   # (instruction index, "deny" | "signal")
        if self.machine == "x86_64":     # the x32 system-call numbers
            jumps.append((len(prog), "deny"))
            prog.append((jge, 0, 0, 0x40000000))
        for nr in self._signals.values():
            jumps.append((len(prog), "signal"))
            prog.append((jeq, 0, 0, nr))
        for nr in self._denied.values():
            jumps.append((len(prog), "deny"))
            prog.append((jeq, 0, 0, nr))
        prog.append((ret, 0, 0, allow))
        signal_at = len(prog)
        # the signal's target (first argument, low 32 bits) must be the child itself
        prog += [(ld, 0, 0, 16), (jeq, 0, 1, 0), (ret, 0, 0, allow)]
        deny_at = len(prog)
        prog.append((ret, 0, 0, deny))
        for i, target in jumps:
            code, _, jf, k = prog[i]
            prog[i] = (code, (deny_at if target == "deny" else signal_at) - i - 1, jf, k)
        raw = b"".join(pack("=HBBI", *ins) for ins in prog)
        self._filter = c.create_string_buffer(raw, len(raw))
        self._pid_at = (signal_at + 1) * 8 + 4

        class Program(c.Structure):
            _fields_ = [("len", c.c_ushort), ("filter", c.c_void_p)]

        self._fprog = Program(len(prog), c.addressof(self._filter))
        self._fprog_at = c.addressof(self._fprog)

    def close(self):
        for fd in self._rules:
            os.close(fd)


def private_view() -> bool:
    """Give this launcher (and so its children) a file system holding only what they may read.

    Root only; elsewhere, or where the system refuses (a container without
    ``CAP_SYS_ADMIN``), False is returned and Landlock alone guards every
    open, as it does in any case.  In a mount
    namespace of its own, a small tmpfs receives read-only bind mounts of
    :func:`runtime_paths` and of the working folder, each at its usual
    path, and becomes the root; the old root is detached.  Then not even
    ``stat()`` finds the course's files, and no folder above the standard
    library needs to be searchable by ``nobody``.
    """
    if os.geteuid() != 0 or not sys.platform.startswith("linux"):
        return False
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
    ms_rdonly, ms_nosuid, ms_remount, ms_bind, ms_rec, ms_private = 1, 2, 32, 4096, 16384, 1 << 18

    def mount(source, target, fstype, flags, data=None):
        if libc.mount(source and os.fsencode(source), os.fsencode(target), fstype and fstype.encode(), flags,
                      data and data.encode()) != 0:
            raise OSError(ctypes.get_errno(), f"mount {target}: {os.strerror(ctypes.get_errno())}")

    work = os.getcwd()
    new = os.path.join(os.path.dirname(work), "view")
    os.mkdir(new, 0o755)
    if libc.unshare(0x00020000) != 0:                     # CLONE_NEWNS
        return False
    try:                       # a failure half-way leaves a view Landlock still guards: go on without it
        mount(None, "/", None, ms_rec | ms_private)
        mount("tmpfs", new, "tmpfs", ms_nosuid, "size=1m,nr_inodes=4096,mode=755")
        for path in runtime_paths() + [work]:
            target = new + path
            if os.path.isdir(path):
                os.makedirs(target, 0o755, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(target), 0o755, exist_ok=True)
                open(target, "a").close()
            mount(path, target, None, ms_bind | ms_rec)
            mount(None, target, None, ms_bind | ms_remount | ms_rdonly | ms_nosuid)
        old = os.path.join(new, ".old")
        os.mkdir(old)
        if libc.syscall(ctypes.c_long(_PIVOT_ROOT[_machine()]), os.fsencode(new), os.fsencode(old)) != 0:
            raise OSError(ctypes.get_errno(), f"pivot_root: {os.strerror(ctypes.get_errno())}")
        os.chdir("/")
        if libc.umount2(b"/.old", 2) != 0:                 # MNT_DETACH
            raise OSError(ctypes.get_errno(), f"umount /.old: {os.strerror(ctypes.get_errno())}")
        os.rmdir("/.old")
        mount(None, "/", None, ms_bind | ms_remount | ms_rdonly | ms_nosuid)
        os.chdir(work)
    except OSError:
        os.chdir(work)
        return False
    return True


def _machine():
    import platform
    return platform.machine().lower()


_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}


def subreaper() -> None:
    """Make the launcher the parent of any orphan its children leave (Linux; elsewhere nothing)."""
    try:
        import ctypes
        ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        pass


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


def _limits(job):
    """The resource limits of one child: CPU time, address space, no files written, no processes."""
    cpu = max(1, int(job["time"] + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = int(job["memory"]) << 20
    for limit, value in ((resource.RLIMIT_FSIZE, 0), (resource.RLIMIT_CORE, 0), (resource.RLIMIT_AS, memory),
                         (resource.RLIMIT_NPROC, 0), (resource.RLIMIT_NOFILE, OPEN_FILES)):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):  # macOS refuses some limits (unsafe mode only: see _confine)
            if CONFINE is not None:
                raise


def _confine(job, w, c):
    """Everything a child does before the student's code runs (see the module's docstring)."""
    os.setpgid(0, 0)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    work = os.open(".", os.O_PATH if hasattr(os, "O_PATH") else os.O_RDONLY)
    _limits(job)
    if CONFINE is not None:
        CONFINE.apply(work)
    os.close(c)   # confined: from here on only the student's code runs
    keep = sorted({w, *(CONFINE.keep if CONFINE is not None else ())})
    for low, high in zip([2] + keep, keep + [1024]):   # the launcher itself holds only a few descriptors
        os.closerange(low + 1, high)
    sys.stdin = sys.__stdin__ = None
    if CONFINE is None:
        sys.addaudithook(_hook)


def _child(job, w, c):
    """Run one job in this (forked) process; write its result to ``w``; never return.

    ``c`` receives the reason if the child cannot confine itself (then nothing runs).
    """
    out = {"id": job["id"], "status": "ok", "results": [], "message": ""}
    gc.disable()  # a child lives for milliseconds; collecting would only copy the launcher's pages
    try:
        _confine(job, w, c)
    except BaseException as exc:  # nothing of the student's has run: report and run nothing
        _write(c, f"{type(exc).__name__}: {exc}"[:300].encode())
        os._exit(1)
    try:
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
    _write(w, data)
    os._exit(0)


def _write(fd, data):
    while data:
        data = data[os.write(fd, data[:65536]):]


def _wait(pid, r, wall):
    """Collect a child's output within ``wall`` seconds; kill it if it outstays.

    Returns ``(output, wait status)``, or ``(b"", "timeout" | "output")``.
    Once the child has ended, what is in the pipe is read without waiting:
    a descendant that still held the pipe open could otherwise stall the
    launcher (it is killed with the child's process group in any case).
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
                _kill_group(pid)
                os.set_blocking(r, False)
                while reading:
                    try:
                        data = os.read(r, 65536)
                    except BlockingIOError:
                        break
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
    _kill_group(pid)
    return b""


def _kill_group(pgid):
    """Kill what is left of a child's process group and reap every orphan the launcher inherited."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG)[0] == 0:
                break
        except ChildProcessError:
            break


def _run(job):
    r, w = os.pipe()
    cr, cw = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        os.close(cr)
        _child(job, w, cw)
    os.close(w)
    os.close(cw)
    try:
        data, status = _wait(pid, r, job["time"] * 2 + 0.5)
        os.set_blocking(cr, False)
        try:
            reason = os.read(cr, 400).decode(errors="replace")
        except BlockingIOError:
            reason = ""
    finally:
        os.close(r)
        os.close(cr)
    if reason:
        return {"status": "grader_error", "results": [],
                "message": f"the sandbox could not confine this code, so it was not run ({reason})"}
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
        if sig == signal.SIGSYS:
            return {"status": "error", "results": [], "message": "the code made a system call the sandbox refuses"}
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


CONFINE = None   # the Confinement in "isolate" mode (set by main)


def main(argv=None):
    """Read framed jobs from standard input until it ends; write one JSON line per job.

    ``argv[0]`` is the mode: ``isolate`` (the default) or ``unsafe``.  In
    ``isolate`` mode a launcher that cannot prepare the confinement answers
    every job with ``grader_error`` and the reason, and runs nothing.
    """
    global CONFINE
    mode = (argv if argv is not None else sys.argv[1:] or ["isolate"])[0]
    time.localtime()  # the C library reads the time zone now, before the view leaves /etc out
    setup_error = None
    if mode == "isolate":
        try:
            probe()                      # the system can confine (else nothing below is tried)
            viewed = private_view()
            CONFINE = Confinement(reroute=not viewed)
        except Exception as exc:  # noqa: BLE001 - any setup failure means: run nothing, say why
            setup_error = str(exc) or type(exc).__name__
    elif mode != "unsafe":
        raise SystemExit(f"unknown mode {mode!r}")
    subreaper()
    _warm()
    gc.freeze()  # forked children then leave the launcher's objects (and their pages) alone
    while True:
        try:
            header = _read_exactly(10)
        except EOFError:
            break
        job = json.loads(_read_exactly(int(header)).decode())
        try:
            if setup_error:
                result = {"status": "grader_error", "results": [],
                          "message": f"the sandbox cannot confine code on this system, so it was not run ({setup_error})"}
            else:
                result = _run(job)
        except Exception as exc:  # one job never stops the others (fork refused, say)
            result = {"status": "grader_error", "results": [],
                      "message": f"the sandbox could not run this code ({type(exc).__name__}: {exc})"[:300]}
        result["id"] = job["id"]
        _write(1, (json.dumps(result) + "\n").encode())   # whole lines, at once: a crash loses no result
        del job, result


if __name__ == "__main__":
    main()
