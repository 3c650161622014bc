"""The span highlighter: select words of the exercise's unit with the mouse
(or the keyboard), give them a label from the exercise's scheme, see them
highlighted, remove them.

The answer is the list of ``{"start", "end", "label"}`` with offsets into the
original text, sorted, as ``kit.checkers`` expects for ``spans`` exercises.
"""

from __future__ import annotations

from .binding import Binding
from .frame import ExerciseBox
from .textview import TextView

__all__ = ["span_highlighter"]


def span_highlighter(exercise_id: str) -> ExerciseBox:
    """The widget for a ``spans`` exercise; ``box.control`` is the :class:`TextView`."""
    b = Binding(exercise_id)
    ex = b.exercise
    scheme = [str(s) for s in (getattr(ex, "scheme", None) or [])]
    if not scheme:
        raise ValueError(f"exercise {b.id} has no scheme of labels to highlight with")
    view = TextView(ex.text, unit=getattr(ex, "unit", None), scheme=scheme)
    view.label = f"Text of exercise {b.id}: select words, then pick a label"

    def read():
        return [dict(s) for s in view.spans]

    def write(value):
        bad = [s for s in value or [] if s.get("label") not in scheme]
        if bad:
            raise ValueError(f"label(s) not in the scheme: {sorted({str(s.get('label')) for s in bad})}")
        view.spans = list(value or [])

    return ExerciseBox(b, view, read, write, [(view, "spans")])
