"""``kit exercises [list|validate]``: the exercises and keys, and their problems."""

from __future__ import annotations

import sys

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser("exercises", help="list exercises or validate exercises and keys",
                       description="List the exercises (kit exercises list) or check every exercise and key "
                                   "(kit exercises validate): each problem is printed as file:line: message "
                                   "and the command exits 1 if there is any.")
    p.add_argument("--dir", help="exercises folder (default: the kit's exercises/)")
    actions = p.add_subparsers(title="actions", metavar="ACTION")
    v = actions.add_parser("validate", help="check exercises and keys (file:line errors)",
                           description="Check exercise specs and keys; every key's evidence must be in its text.")
    v.add_argument("--dir", dest="vdir", help="exercises folder (default: the kit's exercises/)")
    v.set_defaults(func=_validate)
    ls = actions.add_parser("list", help="one line per exercise", description="One line per exercise.")
    ls.add_argument("--dir", dest="vdir", help="exercises folder (default: the kit's exercises/)")
    ls.set_defaults(func=_list)
    p.set_defaults(func=_list)


def _folder(args):
    return getattr(args, "vdir", None) or getattr(args, "dir", None)


def _missing(args) -> bool:
    """True (after saying so in one line) when the folder given with --dir does not exist."""
    from pathlib import Path
    folder = _folder(args)
    if folder is None or Path(folder).is_dir():
        return False
    print(f"kit exercises: no folder {folder!r}", file=sys.stderr)
    return True


def _validate(args) -> int:
    from kit.exercises import catalog
    if _missing(args):
        return 1
    cat = catalog(_folder(args))
    for problem in cat.problems:
        print(problem, file=sys.stderr)
    n_keys = sum(1 for e in cat if e.key is not None)
    summary = (f"{len(cat)} exercises in {len(cat.notebooks)} notebooks, {n_keys} keys; "
               f"{len(cat.problems)} problem(s)")
    print(summary, file=sys.stderr if cat.problems else sys.stdout)
    return 1 if cat.problems else 0


def _list(args) -> int:
    from kit.exercises import catalog
    if _missing(args):
        return 1
    cat = catalog(_folder(args))
    for e in cat:
        key = "key" if e.key is not None else "no key"
        print(f"{e.id:8} {e.notebook:24} {e.type:16} {e.mode:9} {e.points:5g} pts  {key:6}  {e.prompt[:50]}")
    if cat.problems:
        print(f"{len(cat.problems)} problem(s): run `kit exercises validate`", file=sys.stderr)
    return 0
