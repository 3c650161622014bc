"""Widgets students work with: explore a text, and answer exercises by
clicking, selecting and highlighting.

Each exercise widget is bound to an exercise id: it puts back the saved
answer when shown, saves on every change (``answers/<notebook>.json``) and
shows practice feedback, or "saved" for graded items.

>>> import kit.widgets as w
>>> sorted(w.TYPES)
['code', 'links', 'multiple_choice', 'numeric', 'sentence_labels', 'short_text', 'single_choice', 'spans']
"""

from __future__ import annotations

from .concordance import concordance_explorer
from .highlighter import span_highlighter
from .labeller import sentence_labeller
from .linker import argument_map, claim_linker
from .picker import text_picker
from .questions import code, multiple_choice, numeric, short_text, single_choice
from .submit import submit_button
from .textview import text_viewer

__all__ = ["exercise", "single_choice", "multiple_choice", "numeric", "short_text", "code",
           "sentence_labeller", "span_highlighter", "claim_linker", "argument_map", "text_viewer",
           "concordance_explorer", "text_picker", "submit_button", "TYPES"]

TYPES = {
    "single_choice": single_choice,
    "multiple_choice": multiple_choice,
    "numeric": numeric,
    "short_text": short_text,
    "code": code,
    "sentence_labels": sentence_labeller,
    "spans": span_highlighter,
    "links": claim_linker,
}


def exercise(exercise_id: str):
    """The widget for an exercise, picked by its type (``exercise("03.2")``)."""
    from kit import exercises
    ex = exercises.get(exercise_id)
    kind = str(getattr(ex, "type", ""))
    if kind not in TYPES:
        raise ValueError(f"exercise {exercise_id} has type '{kind}', which has no widget "
                         f"(types with widgets: {', '.join(sorted(TYPES))})")
    return TYPES[kind](exercise_id)
