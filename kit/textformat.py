"""The text format: an untouched original plus a YAML sidecar, validated.

A text is two files side by side: ``<id>.txt``, the original exactly as
published (UTF-8), and ``<id>.yml``, which gives its metadata and marks its
segments by line range.  :func:`read` checks both and returns a
:class:`Structure` whose segments carry character offsets into the original.
Every problem is reported with the file and line it is on
(``docs/text-format.md`` describes the format):

>>> from kit.paths import texts_dir
>>> s = read(texts_dir() / "lavrov-new-regions-2025.yml")
>>> s.meta["language"], [seg.id for seg in s.segments][:5]
('en', ['title', 'subtitle', 'intro', 'q1', 'a1'])
>>> seg = s.segments[4]
>>> s.original[seg.start:seg.end][:31], seg.label
('The past three years have becom', 'Sergey Lavrov:')
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, repeat
from operator import add
from dataclasses import dataclass, field
from pathlib import Path

from .yamlines import FileError, LineDict, LineList, load, read_bytes

__all__ = ["read", "validate", "inspect", "draft_markers", "Structure", "Segment", "Quote", "TextFormatError",
           "KINDS", "ROLES", "FORMAT_VERSION"]

FORMAT_VERSION = 1

#: Segment kinds, each with its one-line meaning.
KINDS = {
    "title": "the headline of the piece",
    "subtitle": "a standfirst or second headline under the title",
    "byline": "who wrote or published it, and when",
    "intro": "the author's or blogger's lead-in before the main material",
    "question": "an interviewer's or journalist's question",
    "answer": "the answer of the person questioned",
    "turn": "a speech turn that is neither question nor answer (briefings, debates, plays)",
    "stage_direction": "a stage direction or narration between turns in a script",
    "editorial_note": "a note inserted by the editor or blogger inside someone else's words",
    "commentary": "the author's or blogger's own comment on the material",
    "body": "running prose of an article that is not a speech turn",
    "plug": "a subscription, donation or advertising appeal",
    "comment": "a reader comment below the post",
    "other": "anything else (navigation, footers); kept so no line is lost",
}

#: Speaker roles, each with its one-line meaning.
ROLES = {
    "interviewer": "asks the questions in an interview",
    "interviewee": "answers the questions in an interview",
    "author": "wrote the article or post",
    "blogger": "reproduces and frames someone else's material on a blog",
    "editor": "edits or annotates the material",
    "official": "speaks for a government or organisation (a briefer, a spokesperson)",
    "journalist": "asks questions at a briefing or press conference",
    "character": "a speaker in a dialogue or play",
    "narrator": "the voice of a script's narration or stage directions",
    "reader": "a reader who comments on the post",
    "unknown": "not yet identified",
}

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_LINES_RE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_STAMP_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$")
_REQUIRED_META = ("title", "source", "date", "language", "licence")
_OPTIONAL_META = ("format", "original", "publisher", "author", "date_note", "provenance",
                  "notes", "url", "seed_file", "actors", "import", "paragraphs", "sha256")
_SEGMENT_KEYS = {"id", "kind", "speaker", "lines", "label", "start_at", "end_before",
                 "reply_to", "quotes", "note", "author", "date"}
_QUOTE_KEYS = {"text", "voice", "attribution", "note"}


class TextFormatError(ValueError):
    """One or more problems in a text; ``problems`` lists them, each with file:line."""

    def __init__(self, problems: list[FileError]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Quote:
    """A quotation inside a segment: whose words (``voice``) at which offsets."""

    start: int
    end: int
    voice: str
    attribution: tuple[int, int] | None = None


@dataclass(frozen=True)
class Segment:
    """One segment with its character span ``[start, end)`` in the original."""

    id: str
    n: int
    kind: str
    speaker: str
    start: int
    end: int
    line_start: int
    line_end: int
    label: str = ""
    reply_to: str = ""
    quotes: tuple[Quote, ...] = ()
    note: str = ""


@dataclass
class Structure:
    """A validated text: ``original``, ``meta``, ``speakers`` and ``segments``."""

    id: str
    path: Path
    original: str
    meta: dict
    speakers: dict
    segments: list[Segment] = field(default_factory=list)


def line_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each line's content, without its line break.

    >>> line_spans("ab\\r\\ncd\\n\\nef\\n"), line_spans("ab\\ncd")
    ([(0, 2), (4, 6), (7, 7), (8, 10)], [(0, 2), (3, 5)])
    """
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # a final line break does not start another line
    if "\r" not in text:  # each line ends where the next one starts, less its line break
        ends = list(map(add, accumulate(map(len, lines)), range(len(lines))))
        return list(zip([0, *map(add, ends[:-1], repeat(1))], ends))
    spans, pos = [], 0
    for line in lines:
        end = pos + len(line)
        spans.append((pos, end - 1 if line.endswith("\r") else end))
        pos = end + 1
    return spans


def read_original(path: Path) -> str:
    """Read an original text as UTF-8; a bad byte or an empty file is a FileError."""
    return _read_original(path)[1]


def _read_original(path: Path) -> tuple[bytes, str]:
    """The original's bytes and text (see :func:`read_original`)."""
    try:
        data = read_bytes(path)
    except (FileNotFoundError, NotADirectoryError):
        raise FileError(path, None, "file not found") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileError(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); "
                                    "the original must be saved as UTF-8") from None
    if text.startswith("\ufeff"):
        raise FileError(path, 1, "starts with a byte-order mark; save it as UTF-8 without BOM")
    if not text or text.isspace():
        raise FileError(path, 1, "the text is empty")
    # every control character is one byte in UTF-8, and no byte of another character is one
    if len(data.translate(None, _CONTROL_BYTES)) != len(data):
        bad = _CONTROL.search(text)
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        raise FileError(path, line, f"control character U+{ord(bad.group()):04X} at column {column}; "
                                    "an original is plain text (remove it)")
    return data, text


#: C0 control characters other than tab, line feed, vertical tab, form feed and carriage return; DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0e, 0x20), 0x7f])


def read(sidecar) -> Structure:
    """Validate the sidecar at ``sidecar`` and its original; return the Structure.

    Raises :class:`TextFormatError` listing every problem found.
    """
    data, structure, problems = _check(_path(sidecar))
    if problems:
        raise TextFormatError(problems)
    return structure


def validate(sidecar) -> list[FileError]:
    """Return the problems in a text (an empty list if it is valid)."""
    return inspect(sidecar)[1]


_DRAFT_MARK = re.compile(r"(?:^|\s)#\s*(unsure:|TODO\b)(.*)")


def draft_markers(sidecar) -> list[str]:
    """What still marks a sidecar as a draft ``kit import`` made: ``file:line: note`` each.

    ``# unsure:`` and ``# TODO`` comments are decisions nobody has checked yet, and the
    date ``0000`` is the importer's placeholder.  A checked sidecar has none.

    >>> from kit.paths import texts_dir
    >>> draft_markers(texts_dir() / "lavrov-new-regions-2025.yml")
    []
    """
    path, found = Path(sidecar), []
    for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
        mark = _DRAFT_MARK.search(line)
        if mark:
            found.append(f"{path}:{n}: {mark.group(1)}{mark.group(2)}".rstrip())
        elif re.match(r"""date:\s*["']?0000["']?\s*(#.*)?$""", line):
            found.append(f"{path}:{n}: date 0000 is the importer's placeholder")
    return found


def inspect(sidecar) -> tuple[dict, list[FileError]]:
    """The sidecar's fields (``{}`` if it cannot be read) and the text's problems, each file read once.

    >>> from kit.paths import texts_dir
    >>> fields, problems = inspect(texts_dir() / "lavrov-new-regions-2025.yml")
    >>> fields["language"], problems
    ('en', [])
    """
    data, _, problems = _check(_path(sidecar))
    return (data or {}), problems


def _path(value) -> Path:
    """``value`` as a Path (a Path as it is: making it again parses every part of it)."""
    return value if isinstance(value, Path) else Path(value)


def _check(path: Path, fast: bool = True):
    """The sidecar's data, the Structure (None if it could not be made) and the problems.

    The sidecar is first read by the fast reader (:mod:`kit.yamlsubset`); if the text has
    any problem, it is read again by the full one, so that every message and line is the
    full reader's.
    """
    problems = []
    data = _load_sidecar(path, problems, fast)
    structure = _read(path, data, problems) if data is not None else None
    if problems and fast and data is not None:
        return _check(path, fast=False)
    return data, structure, problems


def _load_sidecar(path: Path, problems: list, fast: bool = True) -> LineDict | None:
    """The parsed sidecar, or None with the reason added to ``problems``."""
    try:
        data = load(path, fast)
    except (FileNotFoundError, NotADirectoryError):
        problems.append(FileError(path, None, "sidecar not found"))
        return None
    except FileError as exc:
        problems.append(exc)
        return None
    if data is None:
        problems.append(FileError(path, 1, "the sidecar is empty; see docs/text-format.md"))
        return None
    if not isinstance(data, LineDict):
        problems.append(FileError(path, 1, "the sidecar must be a mapping of fields"))
        return None
    return data


def _read(path: Path, data: LineDict, problems: list) -> Structure | None:
    err = lambda line, msg: problems.append(FileError(path, line, msg))  # noqa: E731

    original_name = data.get("original", path.stem + ".txt")
    original_path = path.parent / str(original_name)
    try:
        original_bytes, original = _read_original(original_path)
    except FileError as exc:
        if exc.message == "file not found":
            err(data.line_of("original") if "original" in data else 1,
                f"original text '{original_path.name}' not found next to the sidecar")
        else:
            problems.append(exc)
        return None

    _check_digest(data, original_path, original_bytes, err)
    meta = _check_meta(data, err)
    speakers = _check_speakers(data, err)
    segments = _check_segments(data, speakers, original, err)
    return Structure(path.stem, path, original, meta, speakers, segments)


def _check_digest(data: LineDict, original_path: Path, original: bytes, err) -> None:
    """If the sidecar records the original's SHA-256, the original must still have it.

    Every offset points into the original, so an edited original silently moves every
    span, sentence and answer; the digest turns that into a file:line error.
    """
    if "sha256" not in data:
        return
    import hashlib
    want = str(data["sha256"]).strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", want):
        err(data.line_of("sha256"), "sha256 must be the 64 hex digits of the original's SHA-256")
        return
    have = hashlib.sha256(original).hexdigest()
    if have != want:
        err(data.line_of("sha256"), f"the original '{original_path.name}' has changed since this sidecar "
                                    f"was made (its SHA-256 is {have[:12]}…, the sidecar records "
                                    f"{want[:12]}…): originals are never edited, and every offset may now "
                                    "point to the wrong words")


def _check_meta(data: LineDict, err) -> dict:
    for key in _REQUIRED_META:
        if key not in data or data[key] in (None, ""):
            err(1, f"missing required field '{key}'")
    for key in data:
        if key not in _REQUIRED_META and key not in _OPTIONAL_META and key not in ("speakers", "segments"):
            err(data.line_of(key), f"unknown field '{key}'")
    if data.get("format", FORMAT_VERSION) != FORMAT_VERSION:
        err(data.line_of("format"), f"format {data['format']!r} is not supported (expected {FORMAT_VERSION})")
    if data.get("paragraphs", "lines") not in ("lines", "blocks"):
        err(data.line_of("paragraphs"), f"paragraphs {data['paragraphs']!r} must be 'lines' or 'blocks'")
    if "date" in data and not _DATE_RE.match(str(data["date"])):
        err(data.line_of("date"), f"date {data['date']!r} must be YYYY, YYYY-MM or YYYY-MM-DD "
                                  "(put what is uncertain in date_note)")
    meta = {k: (str(v) if k == "date" else v) for k, v in data.items() if k not in ("speakers", "segments")}
    return meta


_VALID_IDS: set = set()  # ids already seen to match _ID_RE ('c12', 'reader-3', 'title' ...)


def _valid_id(value) -> bool:
    """Whether ``str(value)`` is a valid id (lower-case letters, digits, '-' or '_')."""
    text = str(value)
    if text in _VALID_IDS:
        return True
    if not _ID_RE.fullmatch(text):
        return False
    if len(text) <= 64 and len(_VALID_IDS) < 100_000:
        _VALID_IDS.add(text)
    return True


def _check_speakers(data: LineDict, err) -> dict:
    speakers = data.get("speakers")
    if not isinstance(speakers, LineDict) or not speakers:
        err(data.line_of("speakers"), "'speakers' must map each speaker id to its name and role")
        return {}
    out = {}
    for sid, info in speakers.items():
        if not _valid_id(sid):
            err(speakers.line_of(sid), f"speaker id {sid!r} must be lower-case letters, digits, '-' or '_'")
        if not isinstance(info, LineDict) or "name" not in info or "role" not in info:
            err(speakers.line_of(sid), f"speaker '{sid}' needs a name and a role")
            continue
        if not isinstance(info["role"], str) or info["role"] not in ROLES:
            err(info.line_of("role"), f"unknown role '{info['role']}' for speaker '{sid}' "
                                      f"(one of: {', '.join(ROLES)})")
        out[str(sid)] = dict(info)
    return out


def _check_segments(data: LineDict, speakers: dict, original: str, err) -> list[Segment]:
    items = data.get("segments")
    if not isinstance(items, LineList) or not items:
        err(data.line_of("segments"), "'segments' must be a non-empty list")
        return []
    lines = line_spans(original)
    failed = [False]

    def seg_err(line, msg):
        failed[0] = True
        err(line, msg)

    segments: list[Segment] = []
    ordered: list[Segment] = []  # the same, sorted by position, to find overlaps without comparing all pairs
    seen: dict[str, LineDict] = {}  # segment id -> its item
    in_order = True  # every segment so far started after the one before
    for i, item in enumerate(items):
        if not isinstance(item, LineDict):
            err(items.line_of(i), "each segment must be a mapping with id, kind, speaker and lines")
            continue
        seg = _check_segment(item, len(segments), speakers, original, lines, seg_err)
        if seg is None:
            continue
        if seg.id in seen:
            seg_err(item.line_of("id"), f"duplicate segment id '{seg.id}' (first on line {seen[seg.id].line_of('id')})")
            continue
        seen[seg.id] = item
        if not ordered or ordered[-1].start < seg.start:  # the usual case: after every segment so far
            if ordered and ordered[-1].end > seg.start:
                for other in _overlapping(ordered, seg, len(ordered)):
                    err(item.line_of("lines"), f"segment '{seg.id}' overlaps segment '{other.id}' "
                                               f"(text lines {_fmt_lines(other)})")
            ordered.append(seg)
        else:
            for other in _overlapping(ordered, seg):
                err(item.line_of("lines"), f"segment '{seg.id}' overlaps segment '{other.id}' "
                                           f"(text lines {_fmt_lines(other)})")
            bisect.insort(ordered, seg, key=_span)
            in_order = False
        segments.append(seg)
    for item in items:
        if isinstance(item, LineDict) and item.get("reply_to") and str(item["reply_to"]) not in seen:
            err(item.line_of("reply_to"), f"reply_to '{item['reply_to']}' is not a segment id")
    if not failed[0]:  # a rejected segment would make its lines look uncovered
        _check_coverage(ordered, original, lines, data, err)
    return segments if in_order else sorted(segments, key=_start)


def _span(seg: Segment) -> tuple[int, int]:
    return seg.start, seg.end


def _start(seg: Segment) -> int:
    return seg.start


def _overlapping(ordered: list[Segment], seg: Segment, i: int | None = None) -> list[Segment]:
    """The segments in ``ordered`` (sorted by start) whose span meets ``seg``'s, in text order.

    Only neighbours are looked at: in a list without overlaps, ends grow with starts.
    ``i``, if given, is where ``seg.start`` would go in ``ordered`` (found by bisection if not).
    """
    if i is None:
        i = bisect.bisect_left(ordered, seg.start, key=_start)
    j = i
    while j > 0 and ordered[j - 1].end > seg.start:
        j -= 1
    k = i
    while k < len(ordered) and ordered[k].start < seg.end:
        k += 1
    return ordered[j:k]


def _fmt_lines(seg: Segment) -> str:
    return str(seg.line_start) if seg.line_start == seg.line_end else f"{seg.line_start}-{seg.line_end}"


_SEGMENT_NEEDS = ("id", "kind", "speaker", "lines")
_SEGMENT_NEEDS_SET = frozenset(_SEGMENT_NEEDS)


def _frozen(cls, fields: dict):
    """An instance of the frozen dataclass ``cls`` with ``fields``, which must name every field.

    The same object as ``cls(**fields)``, without the dataclass's one ``object.__setattr__``
    per field (a Segment has twelve, and a corpus tens of thousands of segments).

    >>> _frozen(Quote, {"start": 1, "end": 4, "voice": "a", "attribution": None}) == Quote(1, 4, "a")
    True
    """
    obj = object.__new__(cls)
    obj.__dict__.update(fields)
    return obj


def _check_segment(item: LineDict, n: int, speakers, original, lines, err) -> Segment | None:
    ok = True
    keys = item.keys()
    if not (keys <= _SEGMENT_KEYS and keys >= _SEGMENT_NEEDS_SET):  # else every field is known and there
        for key in _SEGMENT_NEEDS:
            if key not in item:
                err(item.line, f"segment is missing '{key}'")
                ok = False
        for key in item:
            if key not in _SEGMENT_KEYS:
                err(item.line_of(key), f"unknown segment field '{key}'")
        if not ok:
            return None
    if "date" in item and not _STAMP_RE.match(str(item["date"])):
        err(item.line_of("date"), f"date {str(item['date'])!r} must be YYYY, YYYY-MM, YYYY-MM-DD "
                                  "or an ISO date and time (2024-05-01T10:22:00)")
    sid, kind, speaker = str(item["id"]), item["kind"], str(item["speaker"])
    if not _valid_id(sid):
        err(item.line_of("id"), f"segment id {sid!r} must be lower-case letters, digits, '-' or '_'")
        ok = False
    if not isinstance(kind, str) or kind not in KINDS:
        err(item.line_of("kind"), f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")
        ok = False
    if speakers and speaker not in speakers:
        err(item.line_of("speaker"), f"unknown speaker '{speaker}' (not in 'speakers')")
        ok = False
    span = item["lines"]
    if type(span) is int and span >= 0:  # 'lines: 5': what the pattern below reads from '5'
        first = last = span
    else:
        m = _LINES_RE.match(str(span))
        if not m:
            err(item.line_of("lines"), f"lines {span!r} must be a line number or a range like 5-8")
            return None
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if not 1 <= first <= last <= len(lines):
        err(item.line_of("lines"), f"lines {first}-{last} are out of range (the text has {len(lines)} lines)")
        return None
    if not ok:
        return None
    start, end = lines[first - 1][0], lines[last - 1][1]
    if "start_at" in item or "end_before" in item:
        start, end = _apply_cuts(item, original, start, end, err)
        if start is None:
            return None
    label = str(item.get("label") or "")
    if label:
        if not original.startswith(label, start):
            err(item.line_of("label"), f"segment '{sid}' does not start with its label {label!r}")
            return None
        start += len(label)
    if start < end and (original[start].isspace() or original[end - 1].isspace()):
        start, end = _trim(original, start, end)
    if start >= end:
        err(item.line_of("lines"), f"segment '{sid}' is empty")
        return None
    quotes = _check_quotes(item, original, start, end, err) if "quotes" in item else ()
    return _frozen(Segment, {"id": sid, "n": n, "kind": kind, "speaker": speaker, "start": start, "end": end,
                             "line_start": first, "line_end": last, "label": label,
                             "reply_to": str(item.get("reply_to") or ""), "quotes": quotes,
                             "note": str(item.get("note") or "")})


def _apply_cuts(item, original, start, end, err):
    """Narrow ``[start, end)`` by the optional start_at and end_before strings."""
    if "start_at" in item:
        pos = original.find(str(item["start_at"]), start, end)
        if pos < 0:
            err(item.line_of("start_at"), f"start_at {item['start_at']!r} not found in the segment's lines")
            return None, None
        start = pos
    if "end_before" in item:
        pos = original.find(str(item["end_before"]), start, end)
        if pos < 0:
            err(item.line_of("end_before"), f"end_before {item['end_before']!r} not found in the segment's lines")
            return None, None
        end = pos
    return start, end


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _check_quotes(item, original, start, end, err) -> tuple[Quote, ...]:
    if "quotes" not in item:
        return ()
    quotes = item["quotes"]
    if not isinstance(quotes, LineList):
        err(item.line_of("quotes"), "'quotes' must be a list")
        return ()
    out = []
    for j, q in enumerate(quotes):
        line = quotes.line_of(j)
        if not isinstance(q, LineDict) or "text" not in q or "voice" not in q:
            err(line, "each quote needs 'text' (verbatim) and 'voice' (whose words they are)")
            continue
        for key in q:
            if key not in _QUOTE_KEYS:
                err(q.line_of(key), f"unknown quote field '{key}'")
        pos = original.find(str(q["text"]), start, end)
        if pos < 0:
            err(q.line_of("text"), f"quote {str(q['text'])[:40]!r} not found in segment '{item['id']}'")
            continue
        attribution = None
        if q.get("attribution"):
            apos = original.find(str(q["attribution"]), start, end)
            if apos < 0:
                err(q.line_of("attribution"), f"attribution {q['attribution']!r} not found in segment")
            else:
                attribution = (apos, apos + len(str(q["attribution"])))
        out.append(Quote(pos, pos + len(str(q["text"])), str(q["voice"]), attribution))
    return tuple(out)


def _check_coverage(segments, original, lines, data, err):
    """Every non-blank line must belong to some segment, so that nothing is lost."""
    covered = sorted((s.start, s.end) for s in segments)
    idx = 0
    for number, (a, b) in enumerate(lines, start=1):
        if not original[a:b].strip():
            continue
        while idx < len(covered) and covered[idx][1] <= a:
            idx += 1
        if not (idx < len(covered) and covered[idx][0] < b):
            err(data.line_of("segments"), f"text line {number} is not in any segment "
                                          f"(mark it, if only as kind 'other')")
