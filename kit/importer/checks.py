"""Checks after the walk: label-like openings, asides in another voice, links closing a turn.

:func:`flag_label_like` adds a ``# unsure:`` note to the segment holding a
line that opens like a speaker label but was not taken as one, and to a
turn holding words in another voice (an editor's bracketed note, a span in
italics).  :func:`cut_trailing_links` ends a turn before a link that closes
its last line ("Continue reading at https://…") and returns the page
furniture segments for those links.  :func:`cut_line_numbers` keeps the
line numbers of a court transcript out of the speakers' words.

>>> from kit.importer.draft import DraftSegment
>>> seg = DraftSegment("a1", "answer", "kim", 2, 2, label="A:")
>>> [s.start_at for s in cut_trailing_links([seg], ["Q: Why?", "A: Yes. Continue reading at https://x.org/a"])]
['Continue reading']
>>> seg.end_before
'Continue reading'
"""

from __future__ import annotations

import re

from .asides import inline_aside, labelish, trailing_link
from .draft import DraftSegment

__all__ = ["flag_label_like", "flag_addresses", "cut_trailing_links", "cut_line_numbers"]

SPEECH = ("question", "answer", "turn", "intro", "commentary", "comment", "body")


def _segment_at(segments, line: int):
    return next((s for s in reversed(segments) if s.first <= line <= s.last), None)


def flag_label_like(segments, paras, labels, skip, names) -> None:
    """Note label-like line openings and asides on the segments that hold them."""
    caps = any(n.isupper() for n in names)
    for i, (p, lab) in enumerate(zip(paras, labels)):
        seg = _segment_at(segments, p.first)
        if seg is None or seg.kind not in SPEECH or i in skip:
            continue
        for n, line in enumerate(p.lines, start=p.first):
            # a paragraph's first line without a label; later lines only for colon labels and known names
            x = None if n == p.first and lab is not None else labelish(line, names, caps and n == p.first)
            if x and (n == p.first or x.endswith(":")):
                seg.unsure.append(f"line {n} opens with {x!r}, which looks like a speaker label but "
                                  "was not taken as one; if it is, give it its own segment")
            aside = inline_aside(line) if seg.kind in SPEECH[:3] else None
            if aside and not (seg.end_before and aside.startswith(seg.end_before)):
                seg.unsure.append(f"line {n} holds words in another voice: {aside[:60]!r}; if they are the "
                                  "blogger's or editor's, cut them out (end_before/start_at)")


def flag_addresses(segments, lines) -> None:
    """Once per speech segment: link addresses inside its words (the tables would count their pieces as words).

    >>> seg = DraftSegment("a1", "answer", "kim", 1, 1, label="A:")
    >>> flag_addresses([seg], ["A: See https://example.org/2004/07/16 for it."])
    >>> seg.unsure[0][:60]
    'holds 1 link address(es) (first: https://example.org/2004/07'
    """
    for seg in segments:
        if seg.kind not in SPEECH:
            continue
        text = "\n".join(lines[seg.first - 1:seg.last])
        if seg.start_at and seg.start_at in text:
            text = text[text.index(seg.start_at):]
        if seg.end_before and seg.end_before in text:
            text = text[:text.index(seg.end_before)]
        urls = re.findall(r"https?://[^\s)\]>\"']+", text)
        if urls:
            seg.unsure.append(f"holds {len(urls)} link address(es) (first: {urls[0][:50]}); the tables count their "
                              "pieces as this speaker's words unless you cut them out")


def cut_trailing_links(segments, lines) -> list[DraftSegment]:
    """End turns before a link that closes them; return the furniture segments for the links."""
    out = []
    taken = {s.id for s in segments}
    for seg in list(segments):
        if seg.kind not in ("question", "answer", "turn", "commentary", "comment", "body") or seg.end_before:
            continue
        last = lines[seg.last - 1]
        link = trailing_link(last)
        text = "\n".join(lines[seg.first - 1:seg.last])
        if not link or text.count(link) != 1 or (seg.label and last.strip() == seg.label):
            continue
        seg.end_before = link
        n = len(out) + 1
        while f"link-{n}" in taken:
            n += 1
        taken.add(f"link-{n}")
        out.append(DraftSegment(f"link-{n}", "other", "page", seg.last, seg.last, start_at=link,
                                note="a link closing the paragraph: page furniture, not anyone's words"))
    return out


def cut_line_numbers(segments, lines, pattern) -> list[DraftSegment]:
    """Split each speech segment of a line-numbered transcript into one segment per line, after its number.

    The number that opens every line of an official transcript is page
    furniture, not the speaker's words; a segment is one span of text, so a
    turn becomes its labelled first line and one continuation per further
    line, each starting after the number (``start_at``).  A line with nothing
    but its number becomes ``other``.

    >>> import re
    >>> segs = [DraftSegment("t1", "turn", "long", 1, 3, label="MR. LONG:", start_at="MR. LONG:")]
    >>> out = cut_line_numbers(segs, [" 9   MR. LONG:  Yes.", "10   please the Court:", "11"], re.compile(r"^ ?\\d{1,2}\\s*"))
    >>> [(s.id, s.kind, s.lines, s.start_at) for s in out]
    [('t1', 'turn', '1', 'MR. LONG:'), ('t1-2', 'turn', '2', 'please the Court:'), ('t1-3', 'other', '3', '')]
    """
    out: list[DraftSegment] = []
    taken = {s.id for s in segments}
    for seg in segments:
        if seg.kind not in SPEECH[:3]:
            out.append(seg)
            continue
        m = pattern.match(lines[seg.first - 1])
        if not seg.start_at and m and lines[seg.first - 1][m.end():].strip():
            seg.start_at = lines[seg.first - 1][m.end():].strip()  # a continuation opens after its number too
        last, seg.last = seg.last, seg.first
        out.append(seg)
        base = seg.continues or seg.id
        for n in range(seg.first + 1, last + 1):
            line = lines[n - 1]
            if not line.strip():
                continue
            m = pattern.match(line)
            rest = line[m.end():].strip() if m else line.strip()
            k = 2
            while f"{base}-{k}" in taken:
                k += 1
            sid = f"{base}-{k}"
            taken.add(sid)
            if not rest:
                out.append(DraftSegment(sid, "other", "page", n, n, note="a line number alone"))
            else:
                out.append(DraftSegment(sid, seg.kind, seg.speaker, n, n, start_at=rest if m else "",
                                        continues=base, note=f"line {n} of {base}, after its line number"))
    return out
