"""Turns in a list of paragraphs: the label that opens each one, the text of each label's turns.

Small helpers of :mod:`kit.importer.infer`, kept apart because they hold
no state: they look at paragraphs and lines only.

>>> p = Para(1, 1, ["Q: Did you type it?"])
>>> paragraph_label(p).name, ends_sentence("Why?"), addressee("@Jane you are right")
('Q', True, 'Jane')
"""

from __future__ import annotations

import re

from .asides import known_label
from .labels import Label, find_label
from .paragraphs import Para, find_date

__all__ = ["paragraph_label", "ends_sentence", "turn_texts", "split_at_labels", "addressee", "dated_note",
           "norm_title"]


def paragraph_label(p: Para, known=(), numbered=None):
    """The candidate label opening ``p``; ``known`` names (declared by the file) are found even if unusual.

    In a transcript whose every line opens with a line number (``numbered``
    is its pattern), the label is looked for after the number:

    >>> from kit.importer.paragraphs import _LINE_NO
    >>> paragraph_label(Para(3, 3, [" 3                 CHIEF JUSTICE ROBERTS:   We will hear"]), numbered=_LINE_NO)
    Label(text='CHIEF JUSTICE ROBERTS:', name='CHIEF JUSTICE ROBERTS', style='colon', column=19)
    """
    line, skip = p.lines[0], 0
    if numbered is not None and (m := numbered.match(line)):
        line, skip = line[m.end():], m.end()
    hit = known_label(line, known) if known else None
    lab = Label(hit[0], hit[1], "colon", 0) if hit else find_label(line)
    return Label(lab.text, lab.name, lab.style, lab.column + skip) if lab and skip else lab


def ends_sentence(line: str) -> bool:
    """True unless ``line`` stops mid-sentence, as a hard-wrapped line does (a blank line counts as an end).

    >>> ends_sentence("Do you remember a time, when you were asked by"), ends_sentence("Why?"), ends_sentence("")
    (False, True, True)
    """
    return not line.strip() or line.rstrip().endswith((".", "?", "!", "…", ":", ";", '"', "”", "»", ")", "]"))


def turn_texts(paras: list[Para], labels) -> dict[str, list[str]]:
    """Each label name's turns as text: the labelled paragraph and the unlabelled ones after it.

    A hard-wrapped turn in a text with one line per paragraph ends on a later
    line than its label, so a question mark is only seen at the turn's end:

        >>> lines = ["Q: Did you", "type it?", "A: Yes."]
    >>> paras = [Para(i, i, [t]) for i, t in enumerate(lines, 1)]
    >>> turn_texts(paras, [find_label(t) for t in ("Q: Did you", "", "A: Yes.")])
    {'Q': ['Q: Did you type it?'], 'A': ['A: Yes.']}
    """
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for p, lab in zip(paras, labels):
        if lab is not None:
            current = out.setdefault(lab.name, [])
            current.append(p.text)
        elif current:
            current[-1] += " " + p.text
    return out


def split_at_labels(paras: list[Para], names: set[str]) -> list[Para]:
    """In hard-wrapped blocks, start a new paragraph at each line that opens with a speaker label."""
    out = []
    for p in paras:
        cuts = [0] + [j for j in range(1, len(p.lines))
                      if (lab := find_label(p.lines[j])) is not None and lab.name in names]
        for a, b in zip(cuts, cuts[1:] + [len(p.lines)]):
            out.append(Para(p.first + a, p.first + b - 1, p.lines[a:b]))
    return out


def addressee(text: str) -> str:
    """The name a comment replies to: ``@Jane ...`` or ``In reply to Jane ...``."""
    m = re.match(r"^(?:@|in reply to\s+|replying to\s+)([^\W\d_][\w.\-]*)", text.strip(), re.I)
    return m.group(1) if m else ""


def dated_note(text: str) -> bool:
    """A short line with a date and no sentence ending: ``Last updated at March 20, 2015, 18:01``."""
    return len(text) <= 80 and find_date(text) is not None and not text.rstrip().endswith((".", "!", "?", "»", "”"))


def norm_title(text: str) -> str:
    return " ".join(re.sub(r"[*_#]", "", text).split()).casefold()

