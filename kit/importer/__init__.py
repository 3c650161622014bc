"""``kit import``: a draft sidecar for a pasted transcript, blog post or saved web page.

:func:`import_text` reads a .txt, .md or .html file, infers its structure
(title, byline, speakers and their turns, notes, comments), copies the text
to ``<out>/<id>.txt`` and writes a draft ``<out>/<id>.yml`` that ``kit
validate`` accepts, with a ``# unsure:`` comment at each decision to check.
:func:`draft_file` does the same without writing anything.

>>> from kit.importer import draft_file
>>> from kit.paths import project_root
>>> r = draft_file(project_root() / "tests/data/import/euthyphro-jowett.md")
>>> r.text_id, r.draft.layout, r.draft.turns()
('euthyphro-jowett', 'play', {'socrates': 21, 'euthyphro': 21})
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .comments import CommentsProblem, attach_comments
from .infer import NoStructure, infer
from .labels import slug
from .metadata import DATE_RE, build_meta
from .reading import ImportFailure, Source, read_source
from .report import Report, summarise
from .sidecar import render
from .store import write_pair

__all__ = ["import_text", "draft_file", "ImportResult", "ImportFailure", "TOOL"]

TOOL = "kit import 0.1.0"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")


@dataclass
class ImportResult:
    """What an import produced (``txt`` and ``yml`` are None for a dry run)."""

    text_id: str
    source: Source
    draft: object
    sidecar: str
    report: Report
    txt: Path | None = None
    yml: Path | None = None
    backups: list[Path] = field(default_factory=list)


def draft_file(path, *, text_id: str | None = None, encoding: str | None = None, comments=None,
               max_mb: float | None = None, **overrides) -> ImportResult:
    """Read ``path`` and infer its draft sidecar; nothing is written.

    A file larger than ``max_mb`` megabytes (default 20, as ``kit import``) is refused
    before it is read.

    ``overrides`` may give ``title``, ``source``, ``date``, ``licence`` and
    ``language``, which replace what is found in the file.  ``comments`` is
    the path of the post's comment section exported as JSON or HTML (see
    :mod:`kit.importer.comments`); the comments are written below the post.
    """
    from .store import MAX_IMPORT_MB, check_size
    path = Path(path)
    check_size(path, MAX_IMPORT_MB if max_mb is None else max_mb)
    text_id = text_id or slug(path.stem)[:60].strip("-") or "text"
    _check_options(path, text_id, overrides)
    source = read_source(path, encoding)
    hints = dict(source.meta, markdown=source.format == "md", format=source.format)
    try:
        draft = infer(source.text, hints, text_id)
    except NoStructure as exc:
        raise ImportFailure(path, None, str(exc)) from None
    if comments:
        try:
            source.text = attach_comments(draft, source.text, comments, source.meta.get("author", ""))
        except CommentsProblem as exc:
            raise ImportFailure(Path(comments), None, str(exc)) from None
        source.notes.append(f"comments read from {Path(comments).name} and written below the post")
    lines = source.text.split("\n")
    title = next((s for s in draft.segments if s.kind == "title"), None)
    title_line = _strip_heading(lines[title.first - 1]) if title else ""
    byline = " ".join(lines[s.first - 1] for s in draft.segments if s.kind == "byline")
    declared = dict(getattr(draft, "found_meta", {}), **source.meta)  # the file's own declarations win
    draft.meta, draft.meta_todo = build_meta(declared, overrides, title_line, byline, source.text, path.name)
    for key in set(getattr(draft, "found_meta", {})) - set(source.meta) - set(overrides):
        draft.meta_todo[key] = "read from the text itself (a 'continue reading' link, a byline); check"
    draft.imported = {"file": path.name, "format": source.format, "encoding": source.encoding,
                      "layout": draft.layout, "tool": TOOL}
    if source.notes:
        draft.imported["notes"] = source.notes
    sidecar = render(draft, header=path.name)
    return ImportResult(text_id, source, draft, sidecar, summarise(draft))


def import_text(path, *, out=None, text_id: str | None = None, force: bool = False,
                encoding: str | None = None, comments=None, max_mb: float | None = None,
                **overrides) -> ImportResult:
    """Import ``path`` into ``out`` (default: the kit's ``texts/``); see :func:`draft_file`.

    Raises :class:`ImportFailure` (``file:line: message``) for bad input; in
    that case nothing is written.
    """
    from ..paths import texts_dir
    result = draft_file(path, text_id=text_id, encoding=encoding, comments=comments, max_mb=max_mb, **overrides)
    out = Path(out) if out else texts_dir()
    result.txt, result.yml, result.backups = write_pair(out, result.text_id, result.source.text,
                                                        result.sidecar, force=force)
    return result


def _check_options(path: Path, text_id: str, o: dict) -> None:
    unknown = set(o) - {"title", "source", "date", "licence", "language"}
    if unknown:
        raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
    if not _ID_RE.fullmatch(text_id):
        raise ImportFailure(path, None, f"id {text_id!r} must be lower-case letters, digits, '-' or '_'")
    if o.get("date") and not DATE_RE.match(str(o["date"])):
        raise ImportFailure(path, None, f"date {o['date']!r} must be YYYY, YYYY-MM or YYYY-MM-DD")
    if o.get("language") and not _LANG_RE.match(str(o["language"])):
        raise ImportFailure(path, None, f"language {o['language']!r} must be a code such as en or ru")


def _strip_heading(line: str) -> str:
    from .paragraphs import heading
    return (heading(line) or line).strip()
