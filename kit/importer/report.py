"""The short report ``kit import`` prints: speakers, segments by kind, what to check.

:func:`summarise` turns a draft into a :class:`Report` (data); its
:meth:`Report.format` is the printed form:

>>> from kit.importer.draft import Draft, DraftSegment, DraftSpeaker
>>> d = Draft("demo", {}, {"a": DraftSpeaker("a", "A", "character"), "page": DraftSpeaker("page", "P", "unknown")},
...           [DraftSegment("other-1", "other", "page", 1, 1), DraftSegment("t1", "turn", "a", 2, 3, label="A:")],
...           "play", unplaced=[(1, "[43]")])
>>> r = summarise(d)
>>> r.turns, r.kinds, r.unplaced
({'a': 1}, {'other': 1, 'turn': 1}, [(1, '[43]')])
>>> print(r.format())
layout: play
speakers (labelled turns, segments):
  a            A                        character       1 turns    1 segments
  page         P                        unknown         0 turns    1 segments
segments by kind: other 1, turn 1
lines not placed (kind 'other'): 1
  line 1: [43]
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .draft import Draft

__all__ = ["Report", "summarise"]


@dataclass
class Report:
    """What an import found, as data."""

    layout: str
    speakers: dict[str, tuple[str, str]]  # id -> (name, role)
    turns: dict[str, int]
    segments: dict[str, int]
    kinds: dict[str, int]
    unplaced: list[tuple[int, str]]
    unsure: list[str] = field(default_factory=list)
    todo: list[str] = field(default_factory=list)

    def format(self, limit: int = 8) -> str:
        """The report as printed by ``kit import``."""
        out = [f"layout: {self.layout}", "speakers (labelled turns, segments):"]
        width = max([12] + [len(sid) for sid in self.speakers])
        for sid, (name, role) in self.speakers.items():
            out.append(f"  {sid:{width}} {name[:30]:30} {role:12} {self.turns.get(sid, 0):4} turns "
                       f"{self.segments.get(sid, 0):4} segments")
        out.append("segments by kind: " + ", ".join(f"{k} {n}" for k, n in self.kinds.items()))
        if self.unplaced:
            out.append(f"lines not placed (kind 'other'): {len(self.unplaced)}")
            for line, text in self.unplaced[:limit]:
                out.append(f"  line {line}: {text[:70]}")
            if len(self.unplaced) > limit:
                out.append(f"  ... and {len(self.unplaced) - limit} more")
        if self.unsure:
            out.append(f"unsure (marked '# unsure:' in the sidecar): {len(self.unsure)}")
            out += [f"  {u}" for u in self.unsure[:limit]]
            if len(self.unsure) > limit:
                out.append(f"  ... and {len(self.unsure) - limit} more")
        if self.todo:
            out.append("metadata to fill in (marked '# TODO:'): " + ", ".join(self.todo))
        return "\n".join(out)


def summarise(draft: Draft) -> Report:
    """Count speakers' turns and segments, segments by kind, unplaced lines and open questions."""
    segs = Counter(s.speaker for s in draft.segments)
    kinds = Counter(s.kind for s in draft.segments)
    unsure = [f"speaker {sid}: {u}" for sid, spk in draft.speakers.items() for u in spk.unsure]
    unsure += [f"{s.id} (line {s.lines}): {u}" for s in draft.segments for u in s.unsure]
    todo = [k for k, v in draft.meta_todo.items() if "TODO" in v]
    return Report(draft.layout, {sid: (s.name, s.role) for sid, s in draft.speakers.items()},
                  draft.turns(), dict(segs), dict(sorted(kinds.items())), list(draft.unplaced), unsure, todo)
