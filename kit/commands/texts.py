"""``kit texts``, ``kit show ID`` and ``kit validate [PATH...]``."""

from __future__ import annotations

import sys
from pathlib import Path

from kit import ids

__all__ = ["register", "show_text"]


def register(sub) -> None:
    p = sub.add_parser("texts", help="list the texts in texts/",
                       description="List every text in texts/ with its title, date, language and status.")
    p.add_argument("--dir", help="folder of texts (default: the kit's texts/)")
    p.set_defaults(func=_texts)

    p = sub.add_parser("show", help="print the structure of a text",
                       description="Print a text's metadata, speakers (turns, words) and its segments in order.")
    p.add_argument("text", help="text id (see `kit texts`) or path to its .yml/.txt")
    p.add_argument("--width", type=int, default=70, help="characters of each segment to show (default 70)")
    p.set_defaults(func=_show)

    p = sub.add_parser("validate", help="check texts and report file:line errors",
                       description="Check sidecars and originals; print each problem as file:line: message. "
                                   "Exits 1 if any problem is found. With no PATH, checks every text in texts/.")
    p.add_argument("paths", nargs="*", help="sidecar (.yml) or original (.txt) files, or folders")
    p.set_defaults(func=_validate)


def _texts(args) -> int:
    from kit.document import texts
    from kit.paths import texts_dir
    folder = Path(args.dir) if args.dir else texts_dir()
    if not folder.is_dir():
        print(f"kit texts: no folder {str(folder)!r}", file=sys.stderr)
        return 1
    table = texts(args.dir)
    if table.empty:
        print(f"no texts (.txt with a .yml sidecar) in {folder}")
        return 0
    for row in table.itertuples():
        status = "" if row.status == "ok" else f"  [invalid: {row.status}]"
        print(f"{row.text_id:32} {row.date:10} {row.language:3} {row.title}{status}")
    return 0


def _show(args) -> int:
    from kit.document import load
    from kit.textformat import TextFormatError
    try:
        doc = load(args.text)
    except (FileNotFoundError, TextFormatError) as exc:
        print(f"kit show: {exc}", file=sys.stderr)
        return 1
    print(show_text(doc, width=args.width))
    return 0


def show_text(doc, width: int = 70) -> str:
    """A plain-text overview of a Document: metadata, speakers, segments."""
    m, seg = doc.meta, doc.segments
    lines = [f"{doc.id}: {m.get('title', '')}",
             f"  {m.get('publisher', '')} | {m.get('date', '')} | language {m.get('language', '')}", "",
             "speakers:"]
    by = seg.groupby("speaker", observed=True).agg(turns=("segment_id", "size"), words=("n_words", "sum"))
    for sid, info in doc.speakers.items():
        if sid in by.index:
            r = by.loc[sid]
            lines.append(f"  {sid:14} {info['name'][:34]:34} {info['role']:12} "
                         f"{int(r.turns):3} segments {int(r.words):6,} words")
    lines += ["", "segments:"]
    for r in seg.itertuples():
        short = ids.short(r.segment_id)
        text = r.text.replace("\n", " ¶ ")
        text = text if len(text) <= width else text[: width - 1] + "…"
        where = f"{r.line_start}" if r.line_start == r.line_end else f"{r.line_start}-{r.line_end}"
        lines.append(f"  {short:14} {r.kind:14} {r.speaker:12} l.{where:6} {text}")
    return "\n".join(lines)


def _validate(args) -> int:
    from kit.paths import texts_dir
    from kit.textformat import validate
    paths = []
    for raw in args.paths or [str(texts_dir())]:
        p = Path(raw)
        if not p.exists() and not p.with_suffix(".yml").exists():
            print(f"kit validate: no file or folder {raw!r}", file=sys.stderr)
            return 1
        if p.is_dir():
            paths += sorted(p.glob("*.yml"))
        else:
            paths.append(p.with_suffix(".yml") if p.suffix == ".txt" else p)
    if not paths:
        print("kit validate: no sidecars (.yml) found", file=sys.stderr)
        return 1
    bad = 0
    for path in paths:
        try:
            problems = validate(path)
        except Exception as exc:   # one file's surprise never stops the rest of the folder
            problems = [f"{path}: could not be checked ({exc.__class__.__name__}: {str(exc)[:200]})"]
        for problem in problems:
            print(problem, file=sys.stderr)
        bad += bool(problems)
    print(f"{len(paths) - bad} of {len(paths)} texts valid", file=sys.stderr if bad else sys.stdout)
    return 1 if bad else 0
