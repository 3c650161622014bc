"""``kit import PATH``: copy a transcript into texts/ with a draft sidecar."""

from __future__ import annotations

import signal
import sys

__all__ = ["register"]


def _terminated(signum, frame):
    """SIGTERM ends an import like Ctrl-C does: clean-up code runs first."""
    raise KeyboardInterrupt


def register(sub) -> None:
    p = sub.add_parser(
        "import", help="add a text: copy a transcript and draft its sidecar",
        description="Read a plain-text, Markdown or saved HTML file, copy its text unchanged into "
                    "DIR/ID.txt and write a draft sidecar DIR/ID.yml that `kit validate` accepts. "
                    "Prints what it found (speakers and turns, segments by kind, lines it could not "
                    "place); the sidecar marks each uncertain decision with a '# unsure:' comment. "
                    "Nothing is written if the input is unusable. See docs/instructors.md.")
    p.add_argument("path", help="the file to import (.txt, .md or .html)")
    p.add_argument("--id", dest="text_id", help="text id (default: from the file name)")
    p.add_argument("--out", help="folder to write to (default: the kit's texts/)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing text with this id, keeping the old files as .bak")
    p.add_argument("--encoding", help="the file's encoding if it is not UTF-8 (e.g. cp1252)")
    p.add_argument("--title", help="title (default: from the file)")
    p.add_argument("--source", help="where it was published: URL or publication")
    p.add_argument("--date", help="publication date: YYYY, YYYY-MM or YYYY-MM-DD")
    p.add_argument("--licence", "--license", dest="licence", help="licence or terms of use")
    p.add_argument("--language", help="language code such as en or ru (default: detected)")
    p.add_argument("--dry-run", action="store_true", help="print the draft sidecar instead of writing files")
    p.add_argument("--max-mb", type=float, default=None, metavar="N",
                   help="refuse files larger than N megabytes (default 20)")
    p.add_argument("--comments", metavar="FILE",
                   help="the post's comments exported as JSON or HTML; kept with authors, dates and replies")
    p.set_defaults(func=_run)


def _run(args) -> int:
    from kit.importer import ImportFailure, draft_file, import_text
    from kit.importer.store import check_out
    options = {k: getattr(args, k) for k in ("title", "source", "date", "licence", "language")
               if getattr(args, k)}
    options["max_mb"] = args.max_mb       # None: the default limit
    previous = signal.signal(signal.SIGTERM, _terminated)   # so temporary folders are removed
    if args.comments:
        options["comments"] = args.comments
    try:
        if args.dry_run:
            result = draft_file(args.path, text_id=args.text_id, encoding=args.encoding, **options)
        else:
            if args.out:
                check_out(args.out)     # before the (possibly long) reading, not after it
            result = import_text(args.path, out=args.out, text_id=args.text_id, force=args.force,
                                 encoding=args.encoding, **options)
    except ImportFailure as exc:
        print(f"kit import: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"kit import: {exc.filename or args.path}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kit import: interrupted; nothing was written", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)
    if args.dry_run:
        print(result.sidecar)
        print(f"dry run: nothing written; the text would be {result.text_id}.txt", file=sys.stderr)
    else:
        print(f"kit import: wrote {result.txt} and {result.yml.name}")
        for backup in result.backups:
            print(f"  kept the old file as {backup.name}")
    src = result.source
    print(f"read {src.path.name} ({src.format}, {src.encoding})"
          + (": " + "; ".join(src.notes) if src.notes else ""))
    print(result.report.format())
    if not args.dry_run:
        print(f"next: check {result.yml.name} against the text, then `kit validate {result.yml}` "
              f"and `kit show {result.text_id}`")
    return 0
