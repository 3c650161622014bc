"""Checks after the walk: label-like openings, asides in another voice, links closing a turn.

:func:`flag_label_like` adds a ``# unsure:`` note to the segment holding a
line that opens like a speaker label but was not taken as one, and to a
turn holding words in another voice (an editor's bracketed note, a span in
italics).  :func:`cut_trailing_links` ends a turn before a link that closes
its last line ("Continue reading at https://…") and returns the page
furniture segments for those links.

>>> from kit.importer.draft import DraftSegment
>>> seg = DraftSegment("a1", "answer", "kim", 2, 2, label="A:")
>>> [s.start_at for s in cut_trailing_links([seg], ["Q: Why?", "A: Yes. Continue reading at https://x.org/a"])]
['Continue reading']
>>> seg.end_before
'Continue reading'
"""

from __future__ import annotations

from .asides import inline_aside, labelish, trailing_link
from .draft import DraftSegment

__all__ = ["flag_label_like", "cut_trailing_links"]

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
