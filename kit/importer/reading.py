"""Reading the file an instructor wants to import: text, Markdown, saved HTML, XML records, subtitles.

:func:`read_source` returns a :class:`Source`: the text that becomes
``<id>.txt`` (the file's own text for .txt and .md, the extracted text for
HTML), the encoding it was read in, and any metadata the file declares
(Markdown front matter, HTML head).  Bad input is an :class:`ImportFailure`
that names the file and, where it helps, the line:

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "empty.txt"
>>> _ = p.write_bytes(b"  \\n")
>>> read_source(p)
Traceback (most recent call last):
...
kit.importer.reading.ImportFailure: .../empty.txt: the file is empty (nothing but white space)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..yamlines import FileError
from . import subtitles, xmltext
from .htmltext import extract

__all__ = ["Source", "read_source", "ImportFailure", "front_matter_end"]

_HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_MD_SUFFIXES = {".md", ".markdown", ".mdown"}


class ImportFailure(FileError):
    """A file that cannot be imported; prints as ``file:line: message``."""


@dataclass
class Source:
    """The text to import and what is known about it."""

    path: Path
    text: str
    format: str  # "txt", "md" or "html"
    encoding: str
    meta: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def read_source(path, encoding: str | None = None) -> Source:
    """Read ``path`` (plain text, Markdown or HTML) and return a :class:`Source`.

    ``encoding`` forces an encoding; otherwise UTF-8 (with or without a
    byte-order mark), UTF-16 with a byte-order mark, and Windows-1251
    Cyrillic are recognised, and anything else is refused with a message
    that says how to fix it.
    """
    path = Path(path)
    if not path.exists():
        raise ImportFailure(path, None, "file not found")
    if path.is_dir():
        raise ImportFailure(path, None, "is a folder; give the path of one file")
    data = path.read_bytes()
    if not data.strip():
        raise ImportFailure(path, None, "the file is empty (nothing but white space)")
    text, used, notes = _decode(path, data, encoding)
    _refuse_binary(path, text)
    if not text.strip():
        raise ImportFailure(path, None, "the file is empty (nothing but white space)")
    fmt = _format(path, text)
    meta: dict = {}
    if fmt == "html":
        text, meta = extract(text)
        notes.append("text extracted from the HTML page (scripts, navigation and hidden parts dropped)")
        if not text.strip():
            raise ImportFailure(path, None, "the HTML page has no visible text to import")
    elif fmt == "md":
        meta = _front_matter(text)
    elif fmt in ("srt", "vtt"):
        try:
            text, meta = subtitles.extract(text, fmt)
        except subtitles.SubtitleProblem as exc:
            raise ImportFailure(path, None, str(exc)) from None
        notes.append("text written from the subtitle cues: numbers, timings and cue settings dropped"
                     + ("; one paragraph per run of cues by one voice" if fmt == "vtt" else ""))
    elif fmt == "xml":
        try:
            text, meta = xmltext.extract(text)
        except xmltext.XmlProblem as exc:
            raise ImportFailure(path, None, str(exc)) from None
        notes.append("text written from the XML record: one paragraph per <seg> or <p>, "
                     "'Name:' before the first paragraph of each speech")
    return Source(path, text, fmt, used, meta, notes)


def _decode(path: Path, data: bytes, encoding: str | None) -> tuple[str, str, list[str]]:
    if encoding:
        try:
            return data.decode(encoding), encoding, [f"read as {encoding} and saved as UTF-8"]
        except (LookupError, UnicodeDecodeError) as exc:
            raise ImportFailure(path, None, f"cannot read it as {encoding!r}: {exc}") from None
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "strict"), "utf-8", ["byte-order mark removed"]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16", ["read as UTF-16 and saved as UTF-8"]
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        bad = exc.start
    if b"\x00" in data:
        _binary(path, data.index(b"\x00"))
    if _looks_cp1251(data):
        return data.decode("cp1251"), "cp1251", ["read as Windows-1251 (Cyrillic) and saved as UTF-8; check the letters"]
    line = data.count(b"\n", 0, bad) + 1
    raise ImportFailure(path, line, f"not UTF-8 (byte 0x{data[bad]:02x}) and the encoding could not be "
                                    "recognised; save the file as UTF-8, or name its encoding with "
                                    "--encoding (for example --encoding cp1252)")


def _looks_cp1251(data: bytes) -> bool:
    """True if the high bytes form whole words, as Cyrillic letters in Windows-1251 do."""
    high = [i for i, b in enumerate(data) if b >= 0x80]
    if len(high) < 20:
        return False
    letters = sum(1 for i in high if data[i] >= 0xC0 or data[i] in (0xA8, 0xB8))
    paired = sum(1 for i in high if (i > 0 and data[i - 1] >= 0x80) or (i + 1 < len(data) and data[i + 1] >= 0x80))
    return letters / len(high) > 0.8 and paired / len(high) > 0.8


def _refuse_binary(path: Path, text: str) -> None:
    if "\x00" in text:
        _binary(path, text.index("\x00"))
    sample = text[:20000]
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if control > max(5, len(sample) // 100):
        _binary(path, None)


def _binary(path: Path, offset: int | None):
    where = f" (a NUL byte at offset {offset})" if offset is not None else " (many control characters)"
    raise ImportFailure(path, None, f"looks like a binary file{where}, not text; "
                                    "save the transcript as plain text, Markdown or HTML first")


def _format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if subtitles.is_subtitles(suffix, text):
        return "srt" if suffix == ".srt" else "vtt"
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _MD_SUFFIXES:
        return "md"
    head = text.lstrip()[:200].lower()
    if suffix == ".xml" or xmltext.is_record_xml(text):
        return "xml"
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    return "txt"


def front_matter_end(lines: list[str]) -> int:
    """Index of the closing ``---`` of Markdown front matter, or -1 if there is none.

    >>> front_matter_end(["---", "title: x", "---", "text"])
    2
    >>> front_matter_end(["text", "---"])
    -1
    """
    if not lines or lines[0].strip() != "---":
        return -1
    for i in range(1, min(len(lines), 80)):
        if lines[i].strip() in ("---", "..."):
            return i
    return -1


def _front_matter(text: str) -> dict:
    """Title, date, source, author and licence from Markdown front matter, if any."""
    lines = text.split("\n")
    end = front_matter_end(lines)
    if end < 0:
        return {}
    from ..yamlines import loads
    try:   # kit's loader refuses aliases, so a "billion laughs" header cannot expand
        data = loads("\n".join(lines[1:end]))
    except (FileError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for key, names in (("title", ("title",)), ("date", ("date", "published", "published_time")),
                       ("source", ("source_url", "url", "source", "link", "permalink")),
                       ("author", ("author", "authors")), ("licence", ("licence", "license")),
                       ("language", ("lang", "language"))):
        for name in names:
            if data.get(name):
                value = data[name]
                out[key] = " ".join(str(value).replace("\u00a0", " ").split())
                break
    return out
