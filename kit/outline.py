"""The outline of a text: its original with the spans of its segments and sentences, without tables.

Exercises and their checkers need little of a text: the original, and where
each segment and sentence starts and ends (to resolve ``a1.s3``, check a
key's evidence, score a span).  :func:`outline` gives exactly that from the
validated text (:func:`kit.textformat.read`) and the sentence splitter, in
plain Python, so that grading a class does not pay for pandas and the tables.
The sentences and their ids are those of the ``sentences`` table
(``tests/test_outline.py`` compares the two on every text).

>>> o = outline("lavrov-new-regions-2025")
>>> seg, start, end = o.sentences["a1.s3"]
>>> seg, o.original[start:end][:39]
('a1', 'The notorious rule of law and the basic')
>>> o.segments["a1"][0] == o.sentences["a1.s1"][1], "a1.s11" in o.sentences, "a1.s12" in o.sentences
(True, True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import ids
from .nlp import split_sentences
from .paths import texts_dir

__all__ = ["Outline", "outline", "resolve"]


@dataclass(frozen=True)
class Outline:
    """A text's ``original`` and the spans of its parts, by short id.

    ``segments``: segment id → (start, end); ``sentences``: sentence id →
    (segment id, start, end), in text order (as in the tables).
    """

    id: str
    path: Path
    original: str
    segments: dict
    sentences: dict


_CACHE: dict = {}


def resolve(id_or_path) -> Path:
    """The sidecar path for a text id, a ``.txt`` or ``.yml`` path (the rule of :func:`kit.document.resolve`).

    >>> resolve("lavrov-new-regions-2025").name
    'lavrov-new-regions-2025.yml'
    """
    p = Path(id_or_path)
    if p.suffix in (".txt", ".yml") and (p.exists() or p.with_suffix(".yml").exists() or len(p.parts) > 1):
        return p.with_suffix(".yml")
    candidate = texts_dir() / f"{id_or_path}.yml"
    if candidate.exists():
        return candidate
    known = ", ".join(sorted(q.stem for q in texts_dir().glob("*.yml"))) or "none"
    raise FileNotFoundError(f"no text '{id_or_path}' in {texts_dir()} (texts: {known})")


def outline(id_or_path) -> Outline:
    """The :class:`Outline` of a text (by id or path), validated; kept while its files are unchanged.

    A broken text raises :class:`kit.textformat.TextFormatError` naming each
    file and line, as :func:`kit.load` does.
    """
    from .textformat import read
    sidecar = resolve(id_or_path)
    key = file_key(sidecar)
    found = _CACHE.get(key)
    if found is None:
        found = _CACHE[key] = _build(read(sidecar))
    return found


def file_key(sidecar: Path):
    """What identifies a loaded text while its files are unchanged: the path, and each file's time and size."""
    return (str(sidecar.resolve()), _stamp(sidecar), _stamp(sidecar.with_suffix(".txt")))


def _stamp(path: Path):
    try:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return None


def _build(s) -> Outline:
    """Segments and sentences of a validated :class:`kit.textformat.Structure`, numbered as the tables number them."""
    original = s.original
    mode = paragraph_mode(s.meta, original)
    segments, sentences = {}, {}
    for seg in s.segments:
        seg_id = ids.short(f"{s.id}:{seg.id}")
        segments[seg_id] = (seg.start, seg.end)
        k = 0
        for p_start, p_end in _paragraphs(original, seg.start, seg.end, mode):
            for a, b in split_sentences(original[p_start:p_end]):
                k += 1
                sentences[ids.short(ids.sentence(f"{s.id}:{seg.id}", k))] = (seg_id, a + p_start, b + p_start)
    return Outline(s.id, s.path, original, segments, sentences)


# The paragraph rule of the tables and the outline (sentences never cross a paragraph).
_BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
_LINE = re.compile("\n")


def paragraph_mode(meta: dict, original: str) -> str:
    """``'lines'`` (each line is a paragraph) or ``'blocks'`` (paragraphs are separated by blank lines).

    The sidecar may say which with ``paragraphs: lines`` or ``paragraphs: blocks``; otherwise a text
    that has any blank line is read as blocks, so that hard-wrapped prose keeps its sentences whole.

    >>> paragraph_mode({}, "one\\ntwo"), paragraph_mode({}, "one\\nstill one\\n\\ntwo")
    ('lines', 'blocks')
    """
    if meta.get("paragraphs") in ("lines", "blocks"):
        return meta["paragraphs"]
    return "blocks" if _BLANK_LINE.search(original) else "lines"


def _paragraphs(text: str, start: int, end: int, mode: str):
    """``(start, end)`` of each paragraph inside ``[start, end)``, trimmed of white space."""
    breaks = _BLANK_LINE if mode == "blocks" else _LINE
    pos = start
    for m in breaks.finditer(text, start, end):
        yield from _trimmed(text, pos, m.start())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, a: int, b: int):
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        yield a, b
