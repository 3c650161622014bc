"""Writing ``<id>.txt`` and ``<id>.yml`` all at once or not at all.

Both files are first written into a temporary folder inside the target
folder and checked with :func:`kit.textformat.validate`; only then are they
moved into place with :func:`os.replace`.  An existing text is replaced
only with ``force=True``, and then its files are kept as ``.bak`` copies:

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sidecar = '''format: 1
... title: T
... source: S
... date: "2024"
... language: en
... licence: L
... speakers: {a: {name: A, role: author}}
... segments: [{id: body, lines: 1, kind: body, speaker: a}]
... '''
>>> [p.name for p in write_pair(out, "demo", "Hello.\\n", sidecar)[:2]]
['demo.txt', 'demo.yml']
>>> write_pair(out, "demo", "Hello.\\n", sidecar)
Traceback (most recent call last):
...
kit.importer.reading.ImportFailure: .../demo.yml: a text with id 'demo' already exists; use --force to replace it (the old files are kept as .bak)
>>> sorted(p.name for p in write_pair(out, "demo", "Hello.\\n", sidecar, force=True)[2])
['demo.txt.bak', 'demo.yml.bak']

The temporary folder (``.kit-import-<pid>-…``) is removed whatever
happens, and one left by an import that was killed outright is removed by
the next import into the same folder.  :func:`check_out` and
:func:`check_size` turn a bad ``--out`` or an oversized file into one clear
line before anything is read:

>>> check_out(out / "demo.txt")
Traceback (most recent call last):
...
kit.importer.reading.ImportFailure: .../demo.txt: --out must be a folder, and this is a file
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from ..textformat import validate
from .reading import ImportFailure

__all__ = ["write_pair", "check_out", "check_size", "MAX_IMPORT_MB", "TMP_PREFIX"]

#: The largest file ``kit import`` reads unless told otherwise (``--max-mb``).
MAX_IMPORT_MB = 20
#: Temporary folders of an import in progress: ``.kit-import-<pid>-<random>``.
TMP_PREFIX = ".kit-import-"
_TMP_NAME = re.compile(re.escape(TMP_PREFIX) + r"(?:(?P<pid>\d+)-)?[a-z0-9_]{8}")
_SYSTEM = ("/proc", "/sys", "/dev")


def write_pair(out_dir, text_id: str, original: str, sidecar: str, force: bool = False):
    """Write ``out_dir/<id>.txt`` and ``.yml``; return ``(txt, yml, backups)``."""
    out_dir = check_out(out_dir)
    txt, yml = out_dir / f"{text_id}.txt", out_dir / f"{text_id}.yml"
    if (txt.exists() or yml.exists()) and not force:
        raise ImportFailure(yml, None, f"a text with id '{text_id}' already exists; "
                                       "use --force to replace it (the old files are kept as .bak)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale(out_dir)
        tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=out_dir))
    except OSError as exc:
        raise ImportFailure(out_dir, None, f"cannot write here ({exc.strerror or exc.__class__.__name__})") from None
    try:
        (tmp / txt.name).write_bytes(original.encode("utf-8"))
        (tmp / yml.name).write_bytes(sidecar.encode("utf-8"))
        problems = validate(tmp / yml.name)
        if problems:
            detail = "; ".join(p.message for p in problems[:3])
            raise ImportFailure(yml, None, f"the draft does not validate, so nothing was written ({detail})")
        backups = [_backup(p) for p in (txt, yml) if p.exists()]
        os.replace(tmp / txt.name, txt)
        os.replace(tmp / yml.name, yml)
    except OSError as exc:
        raise ImportFailure(out_dir, None, f"cannot write here ({exc.strerror or exc.__class__.__name__})") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return txt, yml, backups


def check_out(out) -> Path:
    """``out`` if texts can be written there (created later if missing), else one clear ImportFailure.

    Refused: an existing file, a symbolic link to nothing, a system folder
    (``/proc``, ``/sys``, ``/dev``), a folder (or its nearest existing
    parent) without write permission.
    """
    out = Path(out)
    if out.is_symlink() and not out.exists():
        raise ImportFailure(out, None, f"--out is a symbolic link to {os.readlink(out)}, which does not exist")
    real = Path(os.path.realpath(out))
    if any(str(real) == s or str(real).startswith(s + "/") for s in _SYSTEM):
        raise ImportFailure(out, None, f"--out points into {real} (a system folder); choose a folder of texts")
    if out.exists() and not out.is_dir():
        raise ImportFailure(out, None, "--out must be a folder, and this is a file")
    existing = real
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir():
        raise ImportFailure(out, None, f"--out cannot be made: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ImportFailure(out, None, f"no permission to write in {existing}")
    return out


def check_size(path, max_mb: float = MAX_IMPORT_MB) -> None:
    """Refuse a file larger than ``max_mb`` megabytes (10**6 bytes) before reading it.

    >>> import tempfile
    >>> f = tempfile.NamedTemporaryFile(suffix=".txt", delete=False); _ = f.write(b"x" * 2000); f.close()
    >>> check_size(f.name, max_mb=0.001)
    Traceback (most recent call last):
    ...
    kit.importer.reading.ImportFailure: ...: the file is 2,000 bytes, more than the limit of 0.001 MB; ...
    """
    try:
        size = Path(path).stat().st_size
    except OSError:
        return           # reading it reports the problem
    if size > max_mb * 1_000_000:
        raise ImportFailure(path, None, f"the file is {size:,} bytes, more than the limit of {max_mb:g} MB; "
                                        "split it, or pass --max-mb N if it really is one text")


def _remove_stale(out_dir: Path, max_age: float = 24 * 3600) -> None:
    """Remove temporary folders of imports into ``out_dir`` that were killed.

    A folder is stale when the process named in it no longer runs (or no
    process is named and it is an hour old), or when it is older than
    ``max_age`` seconds.  Only names the kit makes are touched.
    """
    now = time.time()
    for entry in os.scandir(out_dir):
        m = _TMP_NAME.fullmatch(entry.name)
        if not m or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        pid = int(m["pid"]) if m["pid"] else None
        if age > max_age or (pid is None and age > 3600) or (pid is not None and not _alive(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists (this process counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True        # it exists but belongs to someone else
    return True


def _backup(path: Path) -> Path:
    """Move ``path`` aside to ``<name>.bak`` (``.bak2``, ``.bak3`` ... if taken)."""
    target, n = path.with_name(path.name + ".bak"), 2
    while target.exists():
        target, n = path.with_name(f"{path.name}.bak{n}"), n + 1
    os.replace(path, target)
    return target
