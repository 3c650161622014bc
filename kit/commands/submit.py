"""``kit submit --student ID [--out FILE]``: one submission file with every answer."""

from __future__ import annotations

import sys

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser("submit", help="write your submission file (all your answers)",
                       description="Gather the answers of every notebook into one JSON file to upload "
                                   "to your course (schema version, student id, kit version, time, answers).")
    p.add_argument("--student", required=True, help="your student id (letters, digits, . _ @ -)")
    p.add_argument("--out", help="file to write (default: submission-<ID>.json beside your notebooks)")
    p.set_defaults(func=_submit)


def _submit(args) -> int:
    from kit.answers import submission, submit
    try:
        data = submission(args.student)
        path = submit(args.student, out=args.out)
    except (ValueError, OSError) as exc:
        print(f"kit submit: {exc}", file=sys.stderr)
        return 1
    n = sum(len(v) for v in data["answers"].values())
    print(f"{n} answers from {len(data['answers'])} notebooks written to {path}")
    if n == 0:
        print("kit submit: no answers were found; is this the right folder? (KIT_ANSWERS)", file=sys.stderr)
    return 0
