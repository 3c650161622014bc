"""Writing a draft as sidecar YAML, with a comment at each uncertain decision.

The layout follows the hand-made sidecars in ``texts/``: metadata first,
then one line per speaker and per segment (flow mappings), and a YAML
comment above anything the instructor should check:

>>> from kit.importer.draft import Draft, DraftSegment, DraftSpeaker
>>> d = Draft("demo", {"title": "Demo", "date": "2024"}, {"a": DraftSpeaker("a", "A", "character")},
...           [DraftSegment("t1", "turn", "a", 1, 2, label="A:", unsure=["check me"])], "play")
>>> print(render(d))  # doctest: +ELLIPSIS
# Draft sidecar written by `kit import`...
format: 1
title: "Demo"
date: "2024"
<BLANKLINE>
speakers:
  a: {name: "A", role: character}
<BLANKLINE>
segments:
  # unsure: check me
  - {id: t1, lines: 1-2, kind: turn, speaker: a, label: "A:"}
<BLANKLINE>
"""

from __future__ import annotations

import json
import re

from .draft import Draft

__all__ = ["render", "scalar"]

_PLAIN = re.compile(r"^[a-z][a-z0-9_\-]*$")
_RESERVED = {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}


def scalar(value) -> str:
    """A YAML scalar: ids stay plain, every other string is double-quoted.

    >>> scalar("mr-bates"), scalar("Mr. Bates"), scalar("0000"), scalar("no")
    ('mr-bates', '"Mr. Bates"', '"0000"', '"no"')
    """
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    text = str(value)
    if _PLAIN.match(text) and text not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def render(draft: Draft, header: str = "") -> str:
    """The sidecar text for ``draft``."""
    out = ["# Draft sidecar written by `kit import`" + (f" from {header}" if header else "") + ".",
           "# Check it against the text; fix what is wrong and delete each '# unsure:' and",
           "# '# TODO:' comment once settled. Then run `kit validate` and `kit show`.",
           "# Format: docs/text-format.md. Guide: docs/instructors.md.",
           "format: 1"]
    for key, value in draft.meta.items():
        line = f"{key}: {scalar(value)}"
        if key in draft.meta_todo:
            line += f"  # {_comment(draft.meta_todo[key])}"
        out.append(line)
    if draft.imported:
        out.append("import:")
        for key, value in draft.imported.items():
            out.append(f"  {key}: {scalar(value)}")
    out += ["", "speakers:"]
    for sid, spk in draft.speakers.items():
        out += [f"  # unsure: {_comment(u)}" for u in spk.unsure]
        fields = [f"name: {scalar(spk.name)}", f"role: {spk.role}"]
        if spk.aliases:
            fields.append(f"aliases: {scalar(spk.aliases)}")
        out.append(f"  {sid}: {{{', '.join(fields)}}}")
    out += ["", "segments:"]
    for seg in draft.segments:
        out += [f"  # unsure: {_comment(u)}" for u in seg.unsure]
        fields = [f"id: {seg.id}", f"lines: {seg.lines}", f"kind: {seg.kind}", f"speaker: {seg.speaker}"]
        for key in ("label", "start_at", "end_before", "reply_to", "author", "date", "note"):
            value = getattr(seg, key)
            if value:
                fields.append(f"{key}: {scalar(value)}")
        out.append(f"  - {{{', '.join(fields)}}}")
    return "\n".join(out) + "\n"
