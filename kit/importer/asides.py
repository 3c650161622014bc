"""What the import must not pass over in silence: label-like lines, asides, links, the text's own metadata.

* :func:`labelish` spots a line that opens like a speaker label (an upper-case
  word, a short name before a colon or full stop, a known speaker's name)
  although it was not taken as one; the inference marks it ``# unsure:``.
* :func:`is_italic_aside` and :func:`inline_aside` spot words in another
  voice: a paragraph in italics (the blogger typing between answers), a
  bracketed ``[Editor's note: …]``.
* :func:`is_link_line` and :func:`trailing_link` spot link addresses and
  "Continue reading" lines, which are nobody's words.
* :func:`text_meta` reads the source address and the author that the text
  itself gives ("Continue reading at https://…", "By Jane Doe").

>>> labelish("CUSTOMER Don't ask us.", names=set(), caps=True)
'CUSTOMER'
>>> labelish("Kirby: no, not at all", names={"MR. KIRBY"}, caps=False)
'Kirby:'
>>> labelish("The amendment was agreed to.", names=set(), caps=True) is None
True
>>> is_italic_aside("*Can't type fast enough...*"), is_italic_aside("**Q:** Why?")
(True, False)
>>> inline_aside("A: We shipped it. [Editor's note: it shipped in May.] Then we rested.")
"[Editor's note: it shipped in May.]"
>>> text_meta(["By Jane Doe", "", "Q: Why?", "Continue reading at https://example.org/2004/07/16/talk"])
{'source': 'https://example.org/2004/07/16/talk', 'author': 'Jane Doe'}
"""

from __future__ import annotations

import re

from .labels import find_label, name_key

__all__ = ["labelish", "known_label", "is_italic_aside", "inline_aside", "is_link_line", "trailing_link",
           "text_meta"]

_CAPS = re.compile(r"^[ \t]*((?:MR|MRS|MS|DR|THE|SEN|REP)?\.?[ ]?[A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]{1,}(?:[ ][A-ZА-ЯЁ][A-ZА-ЯЁ'’\-]+){0,3})"
                   r"(?=[:.]?[ \t]+\S|[:.]$)")
_URL = re.compile(r"https?://[^\s)\]>\"']+")


def labelish(line: str, names, caps: bool) -> str | None:
    """The label-like opening of ``line``, or None.

    ``names`` are the accepted speaker names; ``caps`` says the transcript
    writes its labels in capitals, so that an upper-case word followed by a
    space (``CUSTOMER Don't``) is suspect too.
    """
    text = line.strip()
    if not text:
        return None
    lab = find_label(text)
    if lab is not None:  # the caller asks only about lines that did not open a turn
        return lab.text
    keys = {name_key(n) for n in names}
    tails = {k.split()[-1] for k in keys if k}
    m = re.match(r"^\**([^\W\d_][\w.’'\-]*(?: [^\W\d_][\w.’'\-]*){0,3})\**\s*[:—–]", text)
    if m and (name_key(m.group(1)) in keys or name_key(m.group(1)) in tails):
        return text[:m.end()].strip()
    if caps:
        m = _CAPS.match(text)
        if m and len(re.sub(r"[^A-ZА-ЯЁ]", "", m.group(1))) >= 3 and not _URL.match(text):
            word = m.group(1).strip()
            if word.split()[0] not in ("I", "A", "OK", "U.S.", "TV"):
                return word
    return None


def known_label(line: str, names) -> tuple[str, str] | None:
    """``(label text, name)`` if ``line`` opens with ``Name:`` for one of ``names`` (names the file declares).

    >>> known_label("Neil deGrasse Tyson: Didn't we talk", ["Neil deGrasse Tyson"])
    ('Neil deGrasse Tyson:', 'Neil deGrasse Tyson')
    """
    for name in names:
        if line.startswith(name + ":") and (len(line) == len(name) + 1 or line[len(name) + 1].isspace()):
            return name + ":", name
    return None


_ITALIC = re.compile(r"^(?:\*(?!\*)|_(?!_))(?P<body>[^*_\n].{0,400}?)(?:\*|_)[.!?…]?$", re.S)


def is_italic_aside(text: str) -> bool:
    """A whole paragraph in italics (``*…*`` or ``_…_``): words in another voice."""
    return bool(_ITALIC.match(text.strip()))


_INLINE = re.compile(r"\[(?:editor[’']?s note|ed\.|note|update|my emphasis|emphasis (?:mine|added))[^\[\]]{0,300}\]"
                     r"|\((?:editor[’']?s note|ed\.)[^()]{0,300}\)"
                     r"|(?<![*\w])\*(?!\*)[^*\n]{3,200}?\s[^*\n]{1,200}?\*(?!\*)", re.I)


def inline_aside(text: str) -> str | None:
    """The first aside inside a paragraph: an editor's bracketed note or a span in italics."""
    lab = find_label(text)
    body = text[len(lab.text) + lab.column:] if lab else text
    m = _INLINE.search(body)
    return m.group(0) if m else None


_LINK_LINE = re.compile(r"^(?:continue reading|read more|read the (?:full|rest)|source|originally published|via|"
                        r"permalink|link)\b[^\n]{0,80}$|^\[[^\]]+\]\([^)]+\)$|^<?https?://\S+>?$", re.I)


def is_link_line(text: str) -> bool:
    """A line that is a link and nothing else: an address, ``Continue reading →``, ``[title](url)``.

    >>> is_link_line("https://example.org/2004/07/16/talk"), is_link_line("Continue reading →")
    (True, True)
    >>> is_link_line("Source: the minister said so on Tuesday and again on Friday, at length, to all of us.")
    False
    """
    t = text.strip()
    return bool(_LINK_LINE.match(t)) and (len(t) <= 40 or _URL.search(t) is not None)


def trailing_link(text: str) -> str | None:
    """The start of a link that closes a paragraph ("… Continue reading at https://…"), or None.

    >>> trailing_link("A: Yes, we did. Continue reading at https://example.org/x")
    'Continue reading'
    >>> trailing_link("A: See https://example.org/x for more.") is None
    True
    """
    m = re.search(r"(?:(continue reading|read more|source:|originally published)\b[^\n]{0,40}?)?"
                  r"<?https?://\S+>?\s*$", text, re.I)
    if not m or m.start() == 0:
        return None
    return m.group(1) or m.group(0).strip().lstrip("<")


def text_meta(lines: list[str]) -> dict:
    """The source address and author that the text itself gives, if it gives them."""
    out: dict = {}
    for line in lines:
        t = line.strip()
        m = re.search(r"(?:continue reading|read more|originally published|source:|permalink)[^\n]*?(https?://\S+)",
                      t, re.I)
        if m and "source" not in out:
            out["source"] = m.group(1).rstrip(".,;)>")
    for line in lines[:15]:
        m = re.match(r"^(?:by|posted by|written by|автор:?)\s+([A-ZА-ЯЁ][\w.’'\-]+(?: [A-ZА-ЯЁ][\w.’'\-]+){0,3})",
                     line.strip(), re.I)
        if m and "author" not in out:
            out["author"] = m.group(1).strip()
    return out
