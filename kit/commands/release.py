"""``kit release OUT [--force]``: build the student tree (practice keys only)."""

from __future__ import annotations

import sys

__all__ = ["register"]


def register(sub) -> None:
    p = sub.add_parser("release", help="build the student tree in OUT (graded keys left out)",
                       description="Copy notebooks, texts, exercises, the practice keys, the kit package and "
                                   "what installs it into OUT; graded keys never. Refuses a non-empty OUT "
                                   "unless --force, which replaces only the entries a release manages.")
    p.add_argument("out", help="folder to build the release in")
    p.add_argument("--force", action="store_true", help="rebuild into a non-empty OUT")
    p.add_argument("--allow-drafts", action="store_true",
                   help="release texts whose sidecars still carry `# unsure:`/`# TODO` notes or date 0000")
    p.set_defaults(func=_release)


def _release(args) -> int:
    from pathlib import Path

    from kit.cli import os_error
    from kit.release import ReleaseError, build
    if Path(args.out).exists() and not Path(args.out).is_dir():
        print(f"kit release: {args.out!r} is a file; give the name of a folder to build the release in",
              file=sys.stderr)
        return 1
    drafts = _drafts()
    if drafts and not args.allow_drafts:
        print(f"kit release: {len(drafts)} unchecked draft note(s) in texts/ (first: {drafts[0]}); settle and "
              "delete them, remove the draft text, or pass --allow-drafts", file=sys.stderr)
        for line in drafts[1:]:
            print(f"  {line}", file=sys.stderr)
        return 1
    try:
        rel = build(args.out, force=args.force)
    except ReleaseError as exc:
        print(f"kit release: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kit release: {os_error(exc)}", file=sys.stderr)
        return 1
    print(f"release in {rel.out}: {rel.files} files; practice keys {len(rel.practice_keys)}, "
          f"graded keys left out {len(rel.graded_left_out)}")
    if drafts:
        print(f"  released with {len(drafts)} unchecked draft note(s) (--allow-drafts)", file=sys.stderr)
    if rel.skipped:
        print(f"  not found, so not copied: {', '.join(rel.skipped)}", file=sys.stderr)
    return 0


def _drafts() -> list:
    """Draft notes left in the sidecars of the texts a release would ship."""
    from kit.paths import project_root
    from kit.textformat import draft_markers
    folder = project_root() / "texts"
    return [m for path in sorted(folder.glob("*.yml")) for m in draft_markers(path)] if folder.is_dir() else []
