"""Grade a class: submissions in, gradebook, feedback and review lists out.

:func:`grade` reads every submission (files or folders; names as Canvas and
Moodle give downloaded submissions are understood), trusts nothing in them,
recomputes every score with the checkers and the keys, runs code answers in
the sandbox, applies the instructor's overrides and returns a
:class:`GradeRun` of tables; :func:`write` puts them in a folder
(``docs/grading.md`` describes each file).  A broken or hostile submission
gets a row in ``submissions.csv`` saying what is wrong; the rest of the
class is graded.

>>> lms_identity("smithjane_12345_67890_submission.json")["lms_id"]
'12345'
>>> lms_identity("Jane Smith_4321_assignsubmission_file_submission.json")["name"]
'Jane Smith'
"""

from __future__ import annotations

import csv
import gc
import io
import json
import re
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from .answers import STUDENT_ID

__all__ = ["grade", "write", "GradeRun", "GradingError", "lms_identity", "collect", "read_overrides",
           "read_roster", "Progress", "IDENTITY_COLUMNS", "GRADED"]

#: The first columns of gradebook.csv, as Canvas names them in its gradebook export.
IDENTITY_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]

_CANVAS = re.compile(r"^(?P<login>[^_/]+?)(?:_late)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<file>.+)$", re.I)
_MOODLE = re.compile(r"^(?P<name>[^/]+?)_(?P<pid>\d+)_assignsubmission_[a-z]+_(?P<file>.*)$")


#: Submission statuses that get a gradebook row: ``incomplete`` when some answers have no score yet
#: (code not run, or the sandbox failed: see needs-review.csv).
GRADED = ("graded", "incomplete")


class GradingError(ValueError):
    """A problem the instructor must fix before grading (exercises, keys, overrides)."""


def lms_identity(name: str) -> dict:
    """Who uploaded a file, read from the name an LMS gives downloaded submissions.

    Canvas: ``<sortable name>[_late]_<user id>_<attachment id>_<file>``;
    Moodle: ``<Full Name>_<participant id>_assignsubmission_file_<file>``
    (also as a folder holding the file).  Returns ``source`` ('canvas',
    'moodle' or ''), ``name``, ``lms_id``.

    >>> lms_identity("notes.json")
    {'source': '', 'name': '', 'lms_id': ''}
    """
    m = _MOODLE.match(name)
    if m:
        return {"source": "moodle", "name": m["name"].strip(), "lms_id": m["pid"]}
    m = _CANVAS.match(name)
    if m:
        return {"source": "canvas", "name": m["login"], "lms_id": m["uid"]}
    return {"source": "", "name": "", "lms_id": ""}


def collect(paths, exclude=None) -> tuple:
    """Submission files under ``paths`` (files or folders, searched recursively).

    Returns ``(files, refused)``: symbolic links are not followed but listed
    in ``refused`` with the reason, as are paths that do not exist.
    """
    files, refused = [], []
    exclude = Path(exclude).resolve() if exclude else None
    for raw in paths:
        p = Path(raw)
        if p.is_symlink():
            refused.append((p, "symlink", "a symbolic link: not followed"))
        elif p.is_dir():
            base = p.resolve()
            skip = exclude if exclude and (exclude == base or base in exclude.parents) else None
            for q in sorted(p.rglob("*")):
                if skip and (base / q.relative_to(p) == skip or skip in (base / q.relative_to(p)).parents):
                    continue
                if q.is_symlink():
                    if q.suffix.lower() == ".json" or q.is_dir():
                        refused.append((q, "symlink", "a symbolic link: not followed"))
                elif q.is_file() and q.suffix.lower() == ".json":
                    files.append(q)
        elif p.is_file():
            files.append(p)
        else:
            refused.append((p, "missing", "no such file or folder"))
    seen, unique = set(), []
    for f in files:          # a file named twice (or inside a folder also named) is read once
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, refused


class Progress:
    """A plain-text progress bar on stderr: ``grading [#####.....] 12/30``."""

    def __init__(self, total: int, label: str, enabled: bool = True, stream=None):
        self.total, self.label, self.enabled = max(total, 0), label, enabled and total > 0
        self.stream, self.n, self._last = stream or sys.stderr, 0, 0.0
        self._lock = threading.Lock()

    def update(self, n: int = 1) -> None:
        with self._lock:
            self._update(n)

    def _update(self, n: int) -> None:
        self.n += n
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.n >= self.total):
            self._last = now
            filled = int(30 * self.n / self.total) if self.total else 30
            self.stream.write(f"\r{self.label:10} [{'#' * filled}{'.' * (30 - filled)}] {self.n}/{self.total}")
            if self.n >= self.total:
                self.stream.write("\n")
            self.stream.flush()


class _Table:
    """A table kept as column name → list of plain values; a DataFrame only when one is asked for."""

    def __init__(self, columns: list):
        self.columns = {c: [] for c in columns}

    def add(self, **row) -> None:
        """Append one row (every column named)."""
        for name, value in row.items():
            self.columns[name].append(value)

    def sort(self, column: str) -> "_Table":
        """The rows in order of one column (its values are unique: one row per student)."""
        order = sorted(range(len(self.columns[column])), key=self.columns[column].__getitem__)
        self.columns = {name: [values[k] for k in order] for name, values in self.columns.items()}
        return self

    def rows(self) -> list:
        names = list(self.columns)
        return [dict(zip(names, values)) for values in zip(*self.columns.values())]

    def frame(self):
        """A DataFrame of the columns (an empty one as pandas makes it from no rows)."""
        import pandas as pd
        names = list(self.columns)
        if not self.columns[names[0]]:
            return pd.DataFrame([], columns=names)
        return pd.DataFrame(self.columns, columns=names)


_TABLES = ("gradebook", "scores", "submissions", "review")


class GradeRun:
    """The tables of one grading run (see :func:`grade`).

    ``gradebook``, ``scores``, ``submissions`` and ``review`` are DataFrames,
    made the first time they are used (``kit grade`` writes its files without
    them, and without importing pandas); :meth:`rows` gives a table's rows as
    dicts.  ``exercises``, ``results`` (student → exercise id → Result),
    ``answers``, ``info``, ``records`` and ``roster`` are plain values.
    """

    def __init__(self, gradebook, scores, submissions, review, exercises: list, results: dict | None = None,
                 answers: dict | None = None, info: dict | None = None, records: list | None = None,
                 roster: dict | None = None):
        self._tables = dict(zip(_TABLES, (gradebook, scores, submissions, review)))
        self.exercises = exercises
        self.results = {} if results is None else results
        self.answers = {} if answers is None else answers
        self.info = {} if info is None else info
        self.records = [] if records is None else records
        self.roster = {} if roster is None else roster

    def _frame(self, name: str):
        table = self._tables[name]
        if isinstance(table, _Table):
            table = self._tables[name] = table.frame()
        return table

    def _set(self, name: str, value) -> None:
        self._tables[name] = value

    gradebook = property(lambda self: self._frame("gradebook"), lambda self, v: self._set("gradebook", v),
                         doc="one row per graded student: identity columns, one column per exercise, Total")
    scores = property(lambda self: self._frame("scores"), lambda self, v: self._set("scores", v),
                      doc="one row per student and exercise")
    submissions = property(lambda self: self._frame("submissions"), lambda self, v: self._set("submissions", v),
                           doc="one row per file, with its status and messages")
    review = property(lambda self: self._frame("review"), lambda self, v: self._set("review", v),
                      doc="one row per answer (or duplicate) the instructor should look at")

    def rows(self, name: str) -> list:
        """The rows of table ``name`` (``"gradebook"``, ``"scores"``, ``"submissions"``, ``"review"``) as dicts."""
        table = self._tables[name]
        return table.rows() if isinstance(table, _Table) else table.to_dict("records")

    def _write_csv(self, name: str, path) -> None:
        from .csvsafe import write_columns, write_frame
        table = self._tables[name]
        if isinstance(table, _Table):
            write_columns(table.columns, path)
        else:   # a DataFrame already made (and perhaps changed by the caller)
            write_frame(table, path)

    def __repr__(self) -> str:
        counts = ", ".join(f"{name} {len(self.rows(name))}" for name in _TABLES)
        return f"<GradeRun {len(self.exercises)} exercises: {counts} rows>"


# ---------------------------------------------------------------- inputs

def read_overrides(path, students=None, exercises=None) -> dict:
    """``(student, exercise) → (points, reason)`` from a CSV with those columns.

    Errors name the file and line; points must lie between 0 and the
    exercise's maximum.
    """
    from .yamlines import FileError
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise GradingError(f"{path}: cannot read the overrides ({exc.__class__.__name__})") from None
    reader = csv.DictReader(io.StringIO(text))
    need = {"student", "exercise", "points", "reason"}
    if not reader.fieldnames or not need <= {f.strip().lower() for f in reader.fieldnames}:
        raise GradingError(str(FileError(path, 1, "the header must be: student,exercise,points,reason")))
    out, errors = {}, []
    for row in reader:
        line = reader.line_num
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not any(row.values()):
            continue
        ex = (exercises or {}).get(row["exercise"])
        try:
            points = float(row["points"])
        except ValueError:
            errors.append(FileError(path, line, f"points {row['points']!r} is not a number"))
            continue
        if exercises is not None and ex is None:
            errors.append(FileError(path, line, f"no graded exercise {row['exercise']!r}"))
        elif ex is not None and not 0 <= points <= ex.points:
            errors.append(FileError(path, line, f"points {points:g} outside 0-{ex.points:g} for {ex.id}"))
        elif not row["reason"]:
            errors.append(FileError(path, line, "give a reason (it is shown in the student's feedback)"))
        elif students is not None and row["student"] not in students:
            errors.append(FileError(path, line, f"no graded submission from student {row['student']!r}"))
        else:
            out[(row["student"], row["exercise"])] = (points, row["reason"], line)
    if errors:
        raise GradingError("\n".join(str(e) for e in errors))
    return out


#: Optional roster columns used only by the LMS-specific gradebooks.
_ROSTER_EXTRA = ("sis_user_id", "sis_login_id", "email")


def read_roster(path) -> dict:
    """student id → {name, lms_id, section} from a CSV with a ``student`` column
    (optional ``sis_user_id``, ``sis_login_id``, ``email`` are kept when given)."""
    path = Path(path)
    try:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    except (OSError, UnicodeDecodeError) as exc:
        raise GradingError(f"{path}: cannot read the roster ({exc.__class__.__name__})") from None
    if not reader.fieldnames or "student" not in [f.strip().lower() for f in reader.fieldnames]:
        raise GradingError(f"{path}:1: the roster needs a 'student' column (optional: name, lms_id, section)")
    roster = {}
    for row in reader:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if row.get("student"):
            roster[row["student"]] = {"name": row.get("name", ""), "lms_id": row.get("lms_id", ""),
                                      "section": row.get("section", ""),
                                      **{k: row.get(k, "") for k in _ROSTER_EXTRA if row.get(k)}}
    return roster


# ---------------------------------------------------------------- grading

def _read_all(files, refused, progress) -> list:
    from .answers import SubmissionError, read_submission
    records = []
    for p, status, message in refused:
        records.append({"file": str(p), "status": status, "messages": [message], "student": "",
                        "lms": lms_identity(p.name), "sub": None})
    for p in files:
        lms = lms_identity(p.name)
        if not lms["source"]:
            lms = lms_identity(p.parent.name)
        rec = {"file": str(p), "lms": lms, "student": "", "messages": [], "sub": None}
        try:
            sub = read_submission(p)
            rec.update(status="graded", student=sub.student, sub=sub, messages=list(sub["warnings"]))
            try:
                rec["mtime"] = p.stat().st_mtime
            except OSError:
                rec["mtime"] = 0
        except SubmissionError as exc:
            rec.update(status=exc.status, messages=[str(exc)])
        records.append(rec)
        progress.update()
    return records


def _resolve_identities(records, roster) -> None:
    """Flag another student's id, duplicates and roster mismatches (in place)."""
    by_student: dict = {}
    for rec in records:
        if rec["status"] == "graded":
            by_student.setdefault(rec["student"], []).append(rec)
    for student, group in by_student.items():
        if roster is not None:
            entry = roster.get(student)
            for rec in group:
                if entry is None:
                    rec["status"] = "unknown-student"
                    rec["messages"].append(f"student id {student!r} is not on the roster")
                elif entry["lms_id"] and rec["lms"]["lms_id"] and entry["lms_id"] != rec["lms"]["lms_id"]:
                    rec["status"] = "wrong-student"
                    rec["messages"].append(f"uploaded by {rec['lms']['name']} ({rec['lms']['lms_id']}) "
                                           f"but claims student {student}, whose LMS id is {entry['lms_id']}")
            group = [r for r in group if r["status"] == "graded"]
        if len(group) < 2:
            continue
        uploaders = {r["lms"]["lms_id"] for r in group if r["lms"]["lms_id"]}
        if len(uploaders) > 1:
            names = "; ".join(f"{Path(r['file']).name} (uploaded by {r['lms']['name'] or '?'}, "
                              f"{r['lms']['lms_id'] or 'no LMS id'})" for r in group)
            for rec in group:
                rec["status"] = "id-conflict"
                rec["messages"].append(f"student id {student!r} is claimed by different uploaders: {names}; "
                                       "none of them is graded until the instructor decides")
            continue
        _settle_duplicates(student, group)


def _upload_order(rec) -> tuple:
    """How late a file was handed in, from evidence the student does not write.

    The Canvas attachment id (it grows with every upload) when the file has
    a Canvas name, then the file's modification time, then its name; never
    the ``created`` time written inside the file.
    """
    attachment = -1
    for name in (Path(rec["file"]).name, Path(rec["file"]).parent.name):
        m = _CANVAS.match(name)
        if m and not _MOODLE.match(name):
            attachment = int(m["sid"])
            break
    return (attachment, rec.get("mtime", 0), rec["file"])


def _settle_duplicates(student, group) -> None:
    """Grade one of several files from one student; flag the choice when it is not certain.

    Canvas attachment ids order uploads (the later one is graded).  Files
    with identical answers need no decision.  Otherwise the newest file by
    its time on disk is graded, with a row in needs-review.csv, and the
    others are marked ``duplicate-conflict`` in submissions.csv.
    """
    group.sort(key=_upload_order)
    keep, older = group[-1], group[:-1]
    attachments = [_upload_order(r)[0] for r in group]
    by_lms = min(attachments) >= 0 and len(set(attachments)) == len(group)
    same = all(r["sub"]["answers"] == keep["sub"]["answers"] for r in older)
    names = ", ".join(Path(r["file"]).name for r in older)
    if by_lms or same:
        why = "a later upload in Canvas" if by_lms else "the same answers"
        keep["messages"].append(f"{len(older)} other submission(s) from {student} ignored ({why}: {names})")
        for rec in older:
            rec["status"] = "duplicate"
            rec["messages"].append(f"superseded by {Path(keep['file']).name} ({why})")
        return
    note = (f"{len(group)} different submissions from {student} and no LMS upload order: graded "
            f"{Path(keep['file']).name} (newest on disk); check {names}")
    keep["messages"].append(note)
    keep["conflict"] = note
    for rec in older:
        rec["status"] = "duplicate-conflict"
        rec["messages"].append(f"not graded: {note}")


def _answers_for(sub, exercises: dict, known=()) -> tuple:
    """Exercise id → value for the graded exercises, and a list of warnings.

    Answers to ``known`` exercises that are not graded (practice) are left
    out quietly; answers to exercises the kit does not have are reported.
    """
    values, unknown = {}, []
    for notebook, records in sub["answers"].items():
        for ex_id, value in records.items():
            ex = exercises.get(ex_id)
            if ex is None:
                if ex_id not in known:
                    unknown.append(ex_id)
            elif ex_id not in values or notebook == ex.notebook:
                values[ex_id] = value
    warns = []
    if unknown:
        shown = ", ".join(sorted(str(u)[:20] for u in unknown)[:5])
        warns.append(f"{len(unknown)} answer(s) to exercises this course does not have were ignored ({shown})")
    return values, warns


def grade(paths, out=None, overrides=None, roster=None, folder=None, progress: bool = True,
          unsafe_code: bool = False) -> GradeRun:
    """Grade every submission under ``paths``; write to ``out`` if given.

    ``overrides`` (CSV: student, exercise, points, reason; default
    ``<out>/overrides.csv`` if it exists), ``roster`` (CSV with a ``student``
    column, optional name, lms_id, section), ``folder`` (the exercises,
    default the kit's).  Code answers run confined by the operating system
    (:func:`kit.checkers.sandbox.isolation`); where that is not available
    they are not run (status ``not_run``) unless ``unsafe_code`` is true.
    An answer that was not run or whose sandbox failed (``grader_error``)
    gets no score, is listed in ``needs-review.csv``, and its submission has
    the status ``incomplete``; ``info`` counts them.  Raises GradingError
    when the exercises, keys or overrides have problems; never for a bad
    submission.
    """
    with _collector_paused():
        return _grade(paths, out, overrides, roster, folder, progress, unsafe_code)


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while a class is graded.

    Grading keeps every result until the gradebook is written (some hundred
    thousand small objects for a large class), and each full collection
    walks all of them again: about a fifth of the grading time.  Grading
    makes almost no reference cycles; the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _grade(paths, out, overrides, roster, folder, progress, unsafe_code=False) -> GradeRun:
    from . import __version__
    from .checkers import job as answer_job, module
    from .checkers.code import NOT_GRADED
    from .checkers.sandbox import isolation
    from .checkers.sandbox import run as run_code
    from .exercises import catalog

    cat = catalog(folder)
    if cat.problems:
        raise GradingError("fix the exercises and keys first (kit exercises validate):\n" +
                           "\n".join(f"  {p}" for p in cat.problems))
    graded = [e for e in cat if e.mode == "graded"]
    missing = [e.id for e in graded if e.key is None]
    if missing:
        raise GradingError(f"no keys for graded exercises {', '.join(missing)}: grade from the "
                           "instructor's tree, not a student release")
    by_id = {e.id: e for e in graded}
    runs_code = {e.id: hasattr(module(e.type), "job") for e in graded}   # scored after the sandbox batch
    roster_data = read_roster(roster) if roster else None
    files, refused = collect(paths, exclude=out)
    bar = Progress(len(files), "reading", progress)
    records = _read_all(files, refused, bar)
    _resolve_identities(records, roster_data)
    accepted = [r for r in records if r["status"] == "graded"]

    # Well-formedness first; code answers are collected and run in one sandbox batch.
    values, jobs, job_keys = {}, [], []
    for rec in accepted:
        vals, warns = _answers_for(rec["sub"], by_id, known=cat.exercises)
        rec["messages"] += warns
        values[rec["student"]] = vals
        if rec["sub"]["kit_version"] and rec["sub"]["kit_version"] != __version__:
            rec["messages"].append(f"made with kit {rec['sub']['kit_version']}, graded with {__version__}")
        for ex in graded:
            v = vals.get(ex.id)
            j = answer_job(ex, v) if runs_code[ex.id] else None
            if j is not None:
                jobs.append(j)
                job_keys.append((rec["student"], ex.id))
    # The sandbox runs in its own processes while this thread scores everything else.
    bar = Progress(len(accepted) + len(jobs), "grading", progress)
    unique: dict = {}   # identical code with identical arguments runs once (unchanged starter code, say)
    for j in jobs:
        unique.setdefault((j.code, j.function, json.dumps(j.calls), j.time, j.memory), j)
    ran: dict = {}
    iso = isolation() if jobs else {"available": True, "reason": ""}
    code_mode = "isolate" if iso["available"] else "unsafe" if unsafe_code else "not run"

    def run_unique():
        if code_mode == "not run":
            message = (f"not run: this system cannot isolate student code ({iso['reason']}); "
                       "kit grade --unsafe-code runs it without isolation")
            ran["out"] = [{"status": "not_run", "results": [], "message": message} for _ in jobs]
            bar.update(len(jobs))
            return
        done = dict(zip(unique, run_code(list(unique.values()), progress=bar.update, mode=code_mode)))
        bar.update(len(jobs) - len(unique))
        ran["out"] = [done[(j.code, j.function, json.dumps(j.calls), j.time, j.memory)] for j in jobs]

    sandbox = threading.Thread(target=run_unique)
    sandbox.start()
    results = {}
    for rec in accepted:
        student = rec["student"]
        results[student] = {ex.id: _score(ex, values[student].get(ex.id), None, rec) for ex in graded
                            if not runs_code[ex.id]}
        bar.update()
    sandbox.join()
    outputs = dict(zip(job_keys, ran.get("out", [])))
    for rec in accepted:
        student = rec["student"]
        for ex in graded:
            if runs_code[ex.id]:
                results[student][ex.id] = _score(ex, values[student].get(ex.id), outputs.get((student, ex.id)), rec)
        results[student] = {ex.id: results[student][ex.id] for ex in graded}

    over_path = Path(overrides) if overrides else (Path(out) / "overrides.csv" if out else None)
    applied = _apply_overrides(over_path, results, by_id) if over_path and over_path.exists() else 0
    for rec in accepted:   # after the overrides: an instructor's score settles an answer the sandbox could not
        pending = [ex.id for ex in graded if results[rec["student"]][ex.id].status in NOT_GRADED]
        if pending:
            rec["status"] = "incomplete"
            rec["messages"].append(f"not graded yet: {', '.join(pending)} (see needs-review.csv)")
    run = _tables(records, results, values, graded, roster_data)
    run.roster = roster_data or {}
    counts = {s: sum(r.status == s for res in results.values() for r in res.values()) for s in NOT_GRADED}
    run.info = {"graded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "kit_version": __version__,
                "overrides": str(over_path) if applied else "", "overrides_applied": applied,
                "code_mode": code_mode if jobs else "", "code_isolation": iso["reason"] or "available",
                "code_not_run": counts["not_run"], "grader_errors": counts["grader_error"]}
    if out:
        write(run, out)
    return run


def _score(ex, value, outputs, rec):
    from .checkers import check
    from .checkers.code import NOT_GRADED
    r = check(ex, value, grading=True, outputs=outputs)
    if r.status in NOT_GRADED:
        r.points = None     # no score at all, not a zero: the answer was not run or the sandbox failed
    elif r.points is None:
        r.points = 0.0
    for note in r.notes:
        if not note.startswith("short text"):
            rec["messages"].append(f"{ex.id}: {note}")
    return r


def _apply_overrides(path, results, by_id) -> int:
    from .checkers import Feedback
    table = read_overrides(path, students=set(results), exercises=by_id)
    for (student, ex_id), (points, reason, _line) in table.items():
        r = results[student][ex_id]
        computed = "not computed" if r.points is None else f"computed {r.points:g}"
        r.feedback.insert(0, Feedback(None, f"Score set by the instructor to {points:g} ({computed}): {reason}"))
        r.details["computed_points"] = r.points
        r.points, r.status, r.needs_review = points, "overridden", False
    return len(table)


def _tables(records, results, values, graded, roster) -> GradeRun:
    from .checkers import readable
    score_cols = ["student", "exercise", "notebook", "type", "points", "max_points", "status", "needs_review"]
    review_cols = ["student", "exercise", "points", "max_points", "reason", "answer", "file"]
    sub_cols = ["file", "student", "status", "lms_name", "lms_id", "messages"]
    book_cols = IDENTITY_COLUMNS + [f"Exercise {e.id}" for e in graded] + ["Total"]
    # column by column (a large class makes tens of thousands of rows); DataFrames only when asked for
    scores, review, subs, book = _Table(score_cols), _Table(review_cols), _Table(sub_cols), _Table(book_cols)
    for rec in records:
        subs.add(file=rec["file"], student=rec["student"], status=rec["status"], lms_name=rec["lms"]["name"],
             lms_id=rec["lms"]["lms_id"], messages=" | ".join(rec["messages"]))
        if rec["status"] not in GRADED:
            continue
        student = rec["student"]
        info = (roster or {}).get(student, {})
        total = 0.0
        row = {"Student": info.get("name") or rec["lms"]["name"] or student,
               "ID": info.get("lms_id") or (rec["lms"]["lms_id"] if rec["lms"]["source"] == "canvas" else ""),
               "SIS User ID": student, "SIS Login ID": "", "Section": info.get("section", "")}
        mine = results[student]
        for ex in graded:
            r = mine[ex.id]
            row[f"Exercise {ex.id}"] = _round(r.points, 2)   # no score (not run, sandbox failed): an empty cell
            total = None if total is None or r.points is None else total + r.points
            scores.add(student=student, exercise=ex.id, notebook=ex.notebook, type=ex.type,
                 points=_round(r.points, 4), max_points=ex.points, status=r.status, needs_review=r.needs_review)
            if r.needs_review:
                answer = values[student].get(ex.id)
                review.add(student=student, exercise=ex.id, points=_round(r.points, 2), max_points=ex.points,
                     reason="; ".join(r.notes) or r.status, answer=_excerpt(readable(ex, answer)), file=rec["file"])
        row["Total"] = _round(total, 2)
        book.add(**row)
        if rec.get("conflict"):
            review.add(student=student, exercise="", points=_round(total, 2),
                 max_points=sum(e.points for e in graded),
                 reason=f"duplicate-conflict: {rec['conflict']}", answer="", file=rec["file"])
    for student, info in (roster or {}).items():
        if student not in results:
            subs.add(file="", student=student, status="missing", lms_name=info.get("name", ""),
                 lms_id=info.get("lms_id", ""), messages="on the roster, no submission found")
    return GradeRun(book.sort("SIS User ID"), scores, subs, review, graded, results, values, records=records)


def _round(points, digits: int):
    """Points rounded for a table; None (no score) stays None, an empty cell."""
    return None if points is None else round(points, digits)


def _excerpt(value, n: int = 300) -> str:
    s = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------- outputs

def write(run: GradeRun, out) -> Path:
    """Write gradebook.csv (and gradebook-canvas.csv, gradebook-moodle.csv), scores.csv,
    needs-review.csv, submissions.csv, exercises.csv, answers.jsonl and
    feedback/<student>.md into ``out``."""
    from .csvsafe import writer
    out = Path(out)
    (out / "feedback").mkdir(parents=True, exist_ok=True)
    run._write_csv("gradebook", out / "gradebook.csv")        # every CSV cell: no formulas (kit/csvsafe.py)
    run._write_csv("scores", out / "scores.csv")
    run._write_csv("review", out / "needs-review.csv")
    run._write_csv("submissions", out / "submissions.csv")
    _write_lms_gradebooks(run, out)
    with open(out / "exercises.csv", "w", newline="", encoding="utf-8") as fh:
        w = writer(fh)
        w.writerow(["exercise", "column", "notebook", "type", "points_possible", "prompt"])
        for e in run.exercises:
            w.writerow([e.id, f"Exercise {e.id}", e.notebook, e.type, f"{e.points:g}", e.prompt])
    with open(out / "answers.jsonl", "w", encoding="utf-8") as fh:
        for student in sorted(run.answers):
            fh.write(json.dumps({"student": student, "answers": run.answers[student]}, ensure_ascii=False) + "\n")
    by_student = {r["student"]: r for r in run.records if r["status"] in GRADED}
    feedback_dir = out / "feedback"
    for student, results in run.results.items():
        if not STUDENT_ID.fullmatch(student):
            continue  # ids were validated on reading; this is a second lock on the door
        (feedback_dir / f"{student}.md").write_text(feedback_markdown(student, results, run.exercises, by_student.get(student), run.info),
                          encoding="utf-8")
    return out


def _write_lms_gradebooks(run: GradeRun, out: Path) -> None:
    """gradebook-canvas.csv and gradebook-moodle.csv, as each LMS's grade import reads them.

    Canvas: ``Student, ID, SIS User ID, SIS Login ID, Section``, one column
    per exercise, and a ``Points Possible`` row first; no total (Canvas
    would make it an assignment).  Moodle: ``ID number``, ``Email address``,
    ``Full name``, one column per exercise and ``Total`` (each mapped to a
    grade item on import).  docs/grading.md says what each system does with
    each column.
    """
    from .csvsafe import writer
    exercise_cols = [f"Exercise {e.id}" for e in run.exercises]
    rows = run.rows("gradebook")
    with open(out / "gradebook-canvas.csv", "w", newline="", encoding="utf-8") as fh:
        w = writer(fh)
        w.writerow(IDENTITY_COLUMNS + exercise_cols)
        w.writerow(["Points Possible", "", "", "", ""] + [f"{e.points:g}" for e in run.exercises])
        for r in rows:
            student = r["SIS User ID"]
            info = run.roster.get(student, {})
            name = info.get("name") or ("" if r["Student"] == student else r["Student"])
            w.writerow([name, r["ID"], info.get("sis_user_id") or student, info.get("sis_login_id", ""),
                        r["Section"]] + [_points(r[c]) for c in exercise_cols])
    with open(out / "gradebook-moodle.csv", "w", newline="", encoding="utf-8") as fh:
        w = writer(fh)
        w.writerow(["ID number", "Email address", "Full name"] + exercise_cols + ["Total"])
        for r in rows:
            student = r["SIS User ID"]
            info = run.roster.get(student, {})
            email = info.get("email") or (student if "@" in student else "")
            name = info.get("name") or ("" if r["Student"] == student else r["Student"])
            w.writerow([student, email, name] + [_points(r[c]) for c in exercise_cols + ["Total"]])


def _points(value) -> str:
    """A score as the LMS reads it: plain decimal with a point, no trailing zeros; no score, an empty cell.

    >>> _points(2.0), _points(1.25), _points(0), _points(None), _points(float("nan"))
    ('2', '1.25', '0', '', '')
    """
    if value is None or value != value:   # not run, or the sandbox failed (NaN in a DataFrame)
        return ""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def feedback_markdown(student, results, exercises, record=None, info=None) -> str:
    """One student's feedback: total, then each exercise with points and what was right and wrong."""
    pending = [e.id for e in exercises if results[e.id].points is None]
    total = sum(results[e.id].points or 0.0 for e in exercises)
    possible = sum(e.points for e in exercises)
    lines = [f"# Feedback for {student}", ""]
    if record:
        lines.append(f"Submission `{Path(record['file']).name}`, created {record['sub']['created'] or 'unknown'}; "
                     f"graded {(info or {}).get('graded_at', '')}.")
        lines.append("")
    lines += [f"**Total: {total:.2f} / {possible:g} points**"
              + (f" (so far: {', '.join(pending)} not graded yet)" if pending else ""), ""]
    if record and record["messages"]:
        lines += ["Notes on the submission:", ""] + [f"- {m}" for m in record["messages"]] + [""]
    for e in exercises:
        r = results[e.id]
        review = " (provisional: the instructor reviews this answer)" if r.needs_review else ""
        state = review or f" ({r.status})"
        got = "not graded yet" if r.points is None else f"{r.points:.2f}"
        lines += [f"## {e.id}: {got} / {e.points:g}{state}", "", f"*{e.prompt.strip()}*", ""]
        for f in r.feedback:
            lines.append(f"- {f.mark()} {f.message}")
            if f.evidence:
                lines.append(f"  - evidence: “{f.evidence}”")
            if f.rationale:
                lines.append(f"  - why: {f.rationale}")
        lines.append("")
    return "\n".join(lines)
