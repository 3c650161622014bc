"""The draft structure of an imported text, before it is written as a sidecar.

A :class:`Draft` holds what :mod:`kit.importer.infer` decided: metadata,
speakers (with the label variants grouped under each) and segments by line
range, and, for each uncertain decision, a note for the instructor
(:attr:`DraftSegment.unsure`), which the sidecar writes as a YAML comment.

>>> seg = DraftSegment("q1", "question", "interviewer", 4, 4, label="Question:")
>>> seg.lines
'4'
>>> DraftSegment("a1", "answer", "lavrov", 5, 8).lines
'5-8'
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Draft", "DraftSegment", "DraftSpeaker"]


@dataclass
class DraftSpeaker:
    """A speaker: id, display name, role, the label variants seen, notes to check."""

    id: str
    name: str
    role: str
    aliases: list[str] = field(default_factory=list)
    unsure: list[str] = field(default_factory=list)


@dataclass
class DraftSegment:
    """One segment by line range (1-based, inclusive), as in the sidecar."""

    id: str
    kind: str
    speaker: str
    first: int
    last: int
    label: str = ""
    start_at: str = ""
    end_before: str = ""
    note: str = ""
    author: str = ""
    reply_to: str = ""
    date: str = ""  # a comment's date, as the export gives it
    unsure: list[str] = field(default_factory=list)
    continues: str = ""  # id of the turn this segment continues after an interruption

    @property
    def lines(self) -> str:
        """The ``lines`` field: ``"4"`` or ``"5-8"``."""
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


@dataclass
class Draft:
    """Everything the sidecar will say about a text."""

    text_id: str
    meta: dict
    speakers: dict[str, DraftSpeaker]
    segments: list[DraftSegment]
    layout: str
    meta_todo: dict[str, str] = field(default_factory=dict)
    imported: dict = field(default_factory=dict)
    unplaced: list[tuple[int, str]] = field(default_factory=list)

    def turns(self) -> dict[str, int]:
        """Labelled turns per speaker id (continuations and unlabelled segments not counted)."""
        out: dict[str, int] = {}
        for seg in self.segments:
            if seg.label:
                out[seg.speaker] = out.get(seg.speaker, 0) + 1
        return out
