"""A student's answers: saved the moment they are given, reloaded when a notebook reopens.

Each notebook's answers live in ``<answers>/<notebook>.json``, where
``<answers>`` belongs to the person running the notebook (see
:func:`answers_dir`; ``KIT_ANSWERS`` moves it).  Every :func:`save` rewrites
the file atomically: a temporary file in the same folder, flushed to disk,
then ``os.replace``, so a crash leaves the old file or the new one, never
half of one.  Saves from several processes (two kernels on one notebook,
two tabs) are serialised by a lock on ``.<notebook>.lock`` beside the file
(``fcntl.flock``), and each save re-reads the file under that lock, so no
process overwrites another's answer.  A temporary file left by a writer that
was killed is removed by the next save.  A file that cannot be read is moved
aside (never deleted) with a warning, and saving goes on in a fresh file.

>>> import os, tempfile
>>> os.environ["KIT_ANSWERS"] = tempfile.mkdtemp()
>>> save("03-framing", "03.2", {"a1.s3": "morality"})["value"]
{'a1.s3': 'morality'}
>>> get("03-framing", "03.2"), get("03-framing", "03.9", default="none yet")
({'a1.s3': 'morality'}, 'none yet')
>>> load("03-framing")
{'03.2': {'a1.s3': 'morality'}}
>>> del os.environ["KIT_ANSWERS"]

:func:`submit` gathers the answers of every notebook into one submission
file (``kit submit --student ID``); :func:`read_submission` reads one back
for grading, trusting nothing in it.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import warnings
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

from .paths import notebooks_dir

__all__ = ["answers_dir", "submission_dir", "path_for", "save", "get", "load", "load_records", "submit",
           "submission", "read_submission", "Submission", "SubmissionError", "STUDENT_ID",
           "SCHEMA", "MAX_BYTES", "MAX_DEPTH", "AnswersNotWritable", "check_writable"]

SCHEMA = 1
#: Allowed student ids: letters, digits and ``. _ @ -``, up to 64 characters.
#: Anchored with ``\A`` and ``\Z`` and matched with ``fullmatch``: ``^...$`` would let
#: ``"victim\n"`` through, since ``$`` also matches before a final newline.
STUDENT_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._@-]{0,63}\Z")
_NOTEBOOK = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9._-]{0,99}\Z")
#: The largest submission file read, and the deepest nesting of brackets allowed in it.
MAX_BYTES = 2_000_000
MAX_DEPTH = 32
_LOCK = threading.Lock()


def answers_dir() -> Path:
    """The folder of this person's answers: the first of these that applies.

    1. ``$KIT_ANSWERS``;
    2. ``<$KIT_HOME>/notebooks/answers`` when ``KIT_HOME`` names a course copy;
    3. ``answers/`` beside the notebooks being worked on: the working folder
       (a kernel's is its notebook's folder), or its ``notebooks/``, when it
       holds the course's notebooks and belongs to this user;
    4. ``answers/`` in the kit's own notebooks folder when this user owns it
       (a clone or a personal install);
    5. ``$XDG_DATA_HOME/discourse-kit/answers`` (by default
       ``~/.local/share/discourse-kit/answers``).

    Never the folder of an install that belongs to someone else (a kit
    installed once for a whole JupyterHub), so two users never share a file.
    """
    env = os.environ.get("KIT_ANSWERS")
    if env:
        return Path(env)
    if os.environ.get("KIT_HOME"):
        return notebooks_dir() / "answers"
    names = _course_notebook_names()
    try:
        here = Path.cwd()
    except OSError:          # the working folder was deleted
        here = None
    for folder in ([here, here / "notebooks"] if here else []):
        if _holds_notebooks(folder, names) and _own(folder):
            return folder / "answers"
    if _own(notebooks_dir()):
        return notebooks_dir() / "answers"
    return _data_home() / "discourse-kit" / "answers"


def _data_home() -> Path:
    """``$XDG_DATA_HOME`` or ``~/.local/share``."""
    env = os.environ.get("XDG_DATA_HOME")
    return Path(env) if env else Path.home() / ".local" / "share"


def _course_notebook_names() -> tuple:
    """File names of the course's notebooks (from the kit's notebooks folder; read once)."""
    return _notebook_names_in(notebooks_dir())


@lru_cache(maxsize=8)
def _notebook_names_in(folder: Path) -> tuple:
    try:
        return tuple(sorted(p.name for p in folder.glob("*.ipynb")))
    except OSError:
        return ()


def _holds_notebooks(folder: Path, names) -> bool:
    """Whether ``folder`` holds one of the course's notebooks (``NN-*.ipynb`` if none are known)."""
    try:
        here = os.listdir(folder)
    except OSError:
        return False
    if names:
        return not set(names).isdisjoint(here)
    return any(re.fullmatch(r"\d\d-.+\.ipynb", n) for n in here)


def _own(folder: Path) -> bool:
    """Whether ``folder`` exists, belongs to the user running the kit and is writable by them."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def submission_dir() -> Path:
    """Where ``kit submit`` writes by default: the folder that holds ``answers/``
    (beside the notebooks), else the kit's notebooks folder if it is the
    user's own, else the working folder."""
    folder = answers_dir()
    if not os.environ.get("KIT_ANSWERS") and folder.name == "answers" \
            and folder.parent != _data_home() / "discourse-kit":
        return folder.parent
    return notebooks_dir() if _own(notebooks_dir()) else Path.cwd()


def path_for(notebook: str) -> Path:
    """The answers file of one notebook."""
    if not isinstance(notebook, str) or not _NOTEBOOK.fullmatch(notebook):
        raise ValueError(f"not a notebook name: {notebook!r} (use the file stem, e.g. '03-framing')")
    return answers_dir() / f"{notebook}.json"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def load_records(notebook: str) -> dict:
    """Exercise id → ``{"value": ..., "saved_at": ...}`` for one notebook."""
    path = path_for(notebook)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return {}                       # nothing saved there (yet)
    except (ValueError, UnicodeDecodeError) as exc:
        _move_aside(path, f"it is not valid JSON ({exc.__class__.__name__})")
        return {}
    except OSError as exc:              # unreadable (permissions, a folder in its place): not corrupt,
        warnings.warn(f"{path} could not be read ({exc.strerror or exc}); "   # so nothing is moved
                      "its answers are not shown", stacklevel=2)
        return {}
    answers = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(answers, dict) or not all(isinstance(v, dict) and "value" in v for v in answers.values()):
        _move_aside(path, "it does not hold answers in the expected shape")
        return {}
    return answers


def load(notebook: str) -> dict:
    """Exercise id → saved answer value, for one notebook."""
    return {k: v["value"] for k, v in load_records(notebook).items()}


def get(notebook: str, exercise_id: str, default=None):
    """The saved answer to one exercise, or ``default``.

    An exercise that moved to another notebook (exercise ids never change; a
    notebook may be split) keeps the answer saved under its old notebook: when
    ``notebook`` has none, the newest answer to the same id in another notebook's
    file is returned.
    """
    record = load_records(notebook).get(str(exercise_id)) or _saved_elsewhere(notebook, str(exercise_id))
    return default if record is None else record["value"]


def _saved_elsewhere(notebook: str, exercise_id: str):
    """The newest record for ``exercise_id`` in the answers of notebooks other than ``notebook``."""
    folder = answers_dir()
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if path.stem == notebook or ".corrupt-" in path.name or not _NOTEBOOK.fullmatch(path.stem):
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        record = (data.get("answers") or {}).get(exercise_id) if isinstance(data, dict) else None
        if isinstance(record, dict) and "value" in record:
            found.append(record)
    return max(found, key=lambda r: str(r.get("saved_at", "")), default=None)


def save(notebook: str, exercise_id: str, value) -> dict:
    """Save one answer now (atomically); returns the saved record.

    ``value`` must be JSON data (text, numbers, lists, dicts); anything else
    raises TypeError before the file is touched.
    """
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"answer to {exercise_id} is not JSON data ({exc}); nothing was saved") from None
    path = path_for(notebook)
    with _LOCK, _locked(path):
        _remove_stale_temporaries(path)
        records = load_records(notebook)       # re-read under the lock: another kernel may have saved
        record = {"value": value, "saved_at": _now()}
        records[str(exercise_id)] = record
        _write_atomic(path, {"schema": SCHEMA, "notebook": notebook, "answers": records})
    return record


class AnswersNotWritable(OSError):
    """The answers folder cannot be written; the message says where and what to do."""


def check_writable(folder=None) -> Path:
    """Make sure answers can be saved in ``folder`` (default :func:`answers_dir`); return it.

    Raises :class:`AnswersNotWritable` with a message a student can act on.

    >>> import tempfile
    >>> check_writable(tempfile.mkdtemp()).is_dir()
    True
    """
    folder = Path(folder) if folder is not None else answers_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".kit-write-test-", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise AnswersNotWritable(
            f"answers cannot be saved in {folder} ({exc.strerror or exc.__class__.__name__}); "
            "set KIT_ANSWERS to a folder of your own (see docs/instructors.md)") from None
    return folder


try:
    import fcntl
except ImportError:          # Windows: msvcrt locks a byte range instead
    fcntl = None
try:
    import msvcrt
except ImportError:
    msvcrt = None


@contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``.<notebook>.lock`` beside ``path`` (all processes).

    The lock file is never deleted (deleting it would let two processes hold
    "the" lock on different files).  Where neither ``fcntl`` nor ``msvcrt``
    exists, only this process's threads are serialised, with a warning once.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / f".{path.stem}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise AnswersNotWritable(
            f"answers cannot be saved in {folder} ({exc.strerror or exc.__class__.__name__}); "
            "set KIT_ANSWERS to a folder of your own (see docs/instructors.md)") from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        elif msvcrt is not None:
            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)   # retries for 10 s, then raises OSError
        else:
            _warn_no_lock()
        yield
    finally:
        os.close(fd)             # closing the file releases the lock


_WARNED: list = []


def _warn_no_lock() -> None:
    if not _WARNED:
        _WARNED.append(True)
        warnings.warn("this system has no file locks: two kernels saving the same notebook's "
                      "answers at the same moment may lose one of them", stacklevel=4)


def _temporary_name(stem: str) -> re.Pattern:
    """The names :func:`_write_atomic` gives its temporary files for ``<stem>.json``.

    >>> bool(_temporary_name("03-framing").fullmatch(".03-framing.k2j_x9ab.tmp"))
    True
    >>> bool(_temporary_name("03").fullmatch(".03.b.k2j_x9ab.tmp"))   # notebook "03.b": not ours
    False
    """
    return re.compile(re.escape(f".{stem}.") + r"[a-z0-9_]{8}\.tmp")


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files of ``path`` left by a killed writer (call with the lock held).

    Only the kit's own names for this one file are touched; every writer
    holds the lock while its temporary file exists, so any found now is stale.
    """
    if fcntl is None and msvcrt is None:
        return               # without locks another process may be writing its temporary file now
    pattern = _temporary_name(path.stem)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if pattern.fullmatch(name):
            try:
                os.unlink(path.parent / name)
            except OSError:
                pass


def _write_atomic(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _move_aside(path: Path, why: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.corrupt-{stamp}{path.suffix}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.stem}.corrupt-{stamp}-{n}{path.suffix}")
    os.replace(path, target)
    warnings.warn(f"{path} could not be read ({why}); it was moved to {target.name} "
                  f"and new answers go to a fresh file. Nothing was deleted.", stacklevel=3)
    return target


# ---------------------------------------------------------------- submissions

def submission(student_id: str) -> dict:
    """The submission document: schema, student, kit version, time, every notebook's answers."""
    from . import __version__
    if not isinstance(student_id, str) or not STUDENT_ID.fullmatch(student_id):
        raise ValueError(f"student id {student_id!r} may use letters, digits and . _ @ - "
                         "(up to 64 characters), starting with a letter or digit")
    notebooks = {}
    folder = answers_dir()
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        if ".corrupt-" in path.name or not _NOTEBOOK.fullmatch(path.stem):
            continue
        records = load_records(path.stem)
        if records:
            notebooks[path.stem] = records
    return {"schema": SCHEMA, "kind": "discourse-kit submission", "student": student_id,
            "kit_version": __version__, "created": _now(), "answers": notebooks}


def submit(student_id: str, out=None) -> Path:
    """Write the submission file (default ``submission-<id>.json`` in :func:`submission_dir`).

    ``KIT_SUBMIT_DIR``, when set (a hub's exchange folder, say), is where the default
    file goes instead; ``out`` still wins.
    """
    data = submission(student_id)
    default_dir = Path(os.environ["KIT_SUBMIT_DIR"]) if os.environ.get("KIT_SUBMIT_DIR") else submission_dir()
    path = Path(out) if out else default_dir / f"submission-{student_id}.json"
    _write_atomic(path, data)
    return path


class SubmissionError(ValueError):
    """A submission that cannot be graded; ``status`` is a short code, the message says why."""

    def __init__(self, status: str, message: str):
        self.status = status
        super().__init__(message)


class Submission(dict):
    """A read submission: ``student``, ``answers`` (notebook → id → value), ``created``,
    ``kit_version`` and ``warnings`` (things ignored while reading)."""

    @property
    def student(self) -> str:
        return self["student"]


# A JSON string: a quote, then runs of plain characters and escaped pairs, then a quote
# (the same strings as "(?:[^"\\]|\\.)*", matched run by run rather than character by character).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = [1 if b in b"[{" else -1 if b in b"]}" else 0 for b in range(256)]


def _depth(raw: bytes) -> int:
    """How deeply brackets nest in JSON text (strings skipped), without parsing it.

    >>> _depth(b'{"a": [1, {"b": "[[["}]}'), _depth(b"3"), _depth(b'["]]", [[]]]')
    (3, 0, 3)
    """
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(0, max(accumulate(map(_STEP.__getitem__, brackets)), default=0))


def _no_constants(name):
    raise ValueError(f"{name} is not allowed in a submission")


def _pairs(pairs):
    out = dict(pairs)
    if len(out) != len(pairs):
        keys = [k for k, _ in pairs]
        dup = next(k for k in keys if keys.count(k) > 1)
        raise ValueError(f"the key {dup[:40]!r} appears twice in one object")
    return out


_CLAIMS = {"points", "score", "scores", "grade", "grades", "total", "max_points", "result", "results", "feedback"}


def read_submission(path, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Submission:
    """Read and validate one submission file; SubmissionError says what is wrong.

    Checks, before anything is used: size, UTF-8, JSON (no NaN, no repeated
    keys, nesting at most ``max_depth``), schema version, a valid student id,
    and answers shaped ``{notebook: {exercise id: {"value": ...}}}``.  Claimed
    scores are ignored (and noted in ``warnings``); answer values are checked
    later by each exercise's checker.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError("oversized", f"the file is {size:,} bytes; the limit is {max_bytes:,}")
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise SubmissionError("unreadable", f"the file cannot be read ({exc.__class__.__name__})") from None
    if len(raw) > max_bytes:
        raise SubmissionError("oversized", f"the file is larger than {max_bytes:,} bytes")
    if not raw.strip():
        raise SubmissionError("empty", "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError("not-utf8", f"the file is not UTF-8 text (byte {exc.start})") from None
    if _depth(raw) > max_depth:
        raise SubmissionError("too-deep", f"the JSON nests deeper than {max_depth} levels")
    try:
        data = json.loads(text, parse_constant=_no_constants, object_pairs_hook=_pairs)
    except ValueError as exc:
        message = str(exc)
        near_end = getattr(exc, "pos", 0) >= len(text.rstrip()) - 1
        status = "truncated" if near_end or message.startswith("Unterminated") else "not-json"
        raise SubmissionError(status, f"not valid JSON: {message[:120]}") from None
    except RecursionError:
        raise SubmissionError("too-deep", f"the JSON nests deeper than {max_depth} levels") from None
    return _validate(data)


def _validate(data) -> Submission:
    if not isinstance(data, dict):
        raise SubmissionError("bad-schema", f"expected a JSON object, got {type(data).__name__}")
    if data.get("schema") != SCHEMA:
        raise SubmissionError("bad-schema", f"schema version {str(data.get('schema'))[:20]!r} is not {SCHEMA}")
    student = data.get("student")
    if not isinstance(student, str) or not STUDENT_ID.fullmatch(student):
        shown = str(student)[:40] if student is not None else "missing"
        raise SubmissionError("bad-student", f"student id {shown!r} is not valid (letters, digits, . _ @ -)")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise SubmissionError("bad-schema", "'answers' must map notebook names to answers")
    warns, clean = [], {}
    claimed = sorted(k for k in data if k in _CLAIMS)
    for notebook, records in answers.items():
        if not _NOTEBOOK.fullmatch(notebook) or not isinstance(records, dict):
            warns.append(f"ignored answers under {notebook[:40]!r}: not a notebook of answers")
            continue
        clean[notebook] = {}
        for ex_id, record in records.items():
            if not isinstance(record, dict) or "value" not in record:
                warns.append(f"{ex_id[:40]}: ignored, not shaped {{\"value\": ...}}")
                continue
            claimed += [f"{ex_id[:20]}.{k}" for k in record if k in _CLAIMS]
            clean[notebook][ex_id] = record["value"]
    if claimed:
        warns.append(f"claimed scores ignored ({', '.join(claimed[:5])}); every score is recomputed")
    created = data.get("created") if isinstance(data.get("created"), str) else ""
    version = data.get("kit_version") if isinstance(data.get("kit_version"), str) else ""
    return Submission(student=student, answers=clean, created=created[:40], kit_version=version[:20],
                      warnings=warns)
