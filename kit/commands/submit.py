"""``kit submit --student ID [--out FILE]``: one submission file with every answer."""

from __future__ import annotations

import sys

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser("submit", help="write your submission file (all your answers)",
                       description="Gather the answers of every notebook into one JSON file to upload "
                                   "to your course (schema version, student id, kit version, time, answers).")
    p.add_argument("--student", required=True, help="your student id (letters, digits, . _ @ -)")
    p.add_argument("--out", help="file or folder to write to (default: submission-<ID>.json beside your "
                                 "answers; a folder gets submission-<ID>.json inside it)")
    p.set_defaults(func=_submit)


def _submit(args) -> int:
    from pathlib import Path

    from kit.answers import answers_dir, submission, submit
    from kit.cli import os_error
    try:
        data = submission(args.student)
    except ValueError as exc:
        print(f"kit submit: {exc}", file=sys.stderr)
        return 1
    n = sum(len(v) for v in data["answers"].values())
    if n == 0:
        print(f"kit submit: no answers found in {answers_dir()}, so nothing was written: answer in the "
              "notebooks first, or point KIT_ANSWERS at the folder that holds your answers", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else None
    if out is not None and out.is_dir():
        out = out / f"submission-{args.student}.json"
    if out is not None and not out.parent.is_dir():
        print(f"kit submit: the folder {str(out.parent)!r} does not exist", file=sys.stderr)
        return 1
    try:
        path = submit(args.student, out=out)
    except OSError as exc:
        print(f"kit submit: {os_error(exc)}", file=sys.stderr)
        return 1
    print(f"{n} answers from {len(data['answers'])} notebooks written to {path}")
    return 0
