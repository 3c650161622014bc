"""``kit grade SUBMISSIONS... --out DIR``: grade a class from its submission files."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser(
        "grade", help="grade submissions into a gradebook, feedback and a review list",
        description="Grade submission files (or folders of them, as downloaded from Canvas or Moodle). "
                    "Writes gradebook.csv, feedback/<student>.md, needs-review.csv, submissions.csv "
                    "(one row per file with its status), scores.csv, exercises.csv and answers.jsonl "
                    "into --out. Scores are always recomputed; see docs/grading.md.")
    p.add_argument("submissions", nargs="+", help="submission files or folders")
    p.add_argument("--out", required=True, help="folder for the results")
    p.add_argument("--overrides", help="CSV of score overrides: student,exercise,points,reason "
                                       "(default: OUT/overrides.csv if it exists)")
    p.add_argument("--roster", help="CSV with a 'student' column (optional: name, lms_id, section)")
    p.add_argument("--exercises", help="exercises folder (default: the kit's exercises/)")
    p.add_argument("--no-progress", action="store_true", help="do not show the progress bar")
    p.add_argument("--unsafe-code", action="store_true",
                   help="where the system cannot isolate student code (no Landlock: macOS, Linux before 6.2), "
                        "run code answers anyway, with time and memory limits only: a student's code could "
                        "then read the keys and other students' files (see docs/grading.md, Threat model)")
    p.set_defaults(func=_grade)


def _grade(args) -> int:
    from kit.grading import GradingError, grade
    if Path(args.out).exists() and not Path(args.out).is_dir():
        print(f"kit grade: --out {args.out!r} is a file; give a folder for the results", file=sys.stderr)
        return 1
    if args.exercises and not Path(args.exercises).is_dir():
        print(f"kit grade: no exercises folder {args.exercises!r}", file=sys.stderr)
        return 1
    try:
        run = grade(args.submissions, out=args.out, overrides=args.overrides, roster=args.roster,
                    folder=args.exercises, progress=not args.no_progress, unsafe_code=args.unsafe_code)
    except GradingError as exc:
        print(f"kit grade: {exc}", file=sys.stderr)
        return 1
    subs = run.rows("submissions")     # plain rows: the command never needs pandas
    bad = [row for row in subs if row["status"] != "graded"]
    print(f"{len(run.rows('gradebook'))} students graded from {len(subs)} files; "
          f"{len(bad)} files with problems; {len(run.rows('review'))} answers to review"
          + (f"; {run.info['overrides_applied']} overrides applied" if run.info.get("overrides_applied") else ""))
    for row in bad:
        print(f"  {row['status']:16} {row['file']}: {row['messages']}", file=sys.stderr)
    print(f"results in {args.out}/ (gradebook.csv, feedback/, needs-review.csv, submissions.csv)")
    # A broken submission is the student's problem and is reported in the results; a path that
    # does not exist is the instructor's typo: the results are written, but the exit says so.
    missing = [p for p in args.submissions if not Path(p).exists()]
    for p in missing:
        print(f"kit grade: {p}: no such file or folder", file=sys.stderr)
    return 1 if missing or not _code_ran(run.info) else 0


def _code_ran(info) -> bool:
    """Say in one line each what became of the code answers; False when some have no score."""
    if info.get("code_mode") == "unsafe":
        print("kit grade: code answers ran WITHOUT isolation (--unsafe-code): "
              f"{info['code_isolation']}; a student's code could read the keys and other files", file=sys.stderr)
    if info.get("code_not_run"):
        print(f"kit grade: {info['code_not_run']} code answers not run: this system cannot isolate them "
              f"({info['code_isolation']}); they have no score (status not_run, in needs-review.csv); "
              "--unsafe-code runs them with time and memory limits only, and a student's code could then "
              "read the keys and other students' files",
              file=sys.stderr)
    if info.get("grader_errors"):
        print(f"kit grade: {info['grader_errors']} code answers not graded because the sandbox failed "
              "(status grader_error, in needs-review.csv): not the students' fault; run kit grade again",
              file=sys.stderr)
    return not (info.get("code_not_run") or info.get("grader_errors"))
