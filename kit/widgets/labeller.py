"""The sentence labeller: one label per sentence from the exercise's scheme,
quick on fifty sentences (a compact drop-down per row, number keys).

The answer is a dict from short sentence id to label, ``{"a1.s3": "morality"}``,
as ``kit.checkers`` expects for ``sentence_labels`` exercises.

>>> import kit
>>> s = SentenceLabels(rows=[{"id": "a1.s1", "text": "…"}], scheme=["x", "y"])
>>> s.value = {"a1.s1": "y", "zz.s9": "x", "a1.s2": "nope"}
>>> s.value
{'a1.s1': 'y'}
"""

from __future__ import annotations

import anywidget
import traitlets as t

from .binding import Binding
from .frame import ExerciseBox
from .palette import colors
from .textview import STATIC, front_end
from .units import document, short_id, unit_sentences

__all__ = ["SentenceLabels", "sentence_labeller"]


class SentenceLabels(anywidget.AnyWidget):
    """Rows of sentences (``rows``: ``{"id", "text"}``) and their labels (``value``).

    Labels outside the scheme and ids not among the rows are dropped from
    ``value`` as soon as they are set.
    """

    _esm = front_end("labeller.js")
    _css = STATIC / "kit.css"

    rows = t.List().tag(sync=True)
    scheme = t.List().tag(sync=True)
    colors = t.Dict().tag(sync=True)
    value = t.Dict().tag(sync=True)
    label = t.Unicode("Sentences").tag(sync=True)
    max_height = t.Unicode("36em").tag(sync=True)

    @t.observe("scheme")
    def _scheme_changed(self, change):
        self.colors = colors(change["new"])

    @t.validate("value")
    def _valid_value(self, proposal):
        ids = {r["id"] for r in self.rows}
        return {str(k): str(v) for k, v in (proposal["value"] or {}).items()
                if str(k) in ids and str(v) in self.scheme}


def sentence_labeller(exercise_id: str) -> ExerciseBox:
    """The widget for a ``sentence_labels`` exercise; ``box.control`` is a :class:`SentenceLabels`."""
    b = Binding(exercise_id)
    ex = b.exercise
    scheme = [str(s) for s in (getattr(ex, "scheme", None) or [])]
    if not scheme:
        raise ValueError(f"exercise {b.id} has no scheme of labels")
    sents = unit_sentences(document(ex.text), getattr(ex, "unit", None))
    rows = [{"id": sid, "text": " ".join(str(txt).split())} for sid, txt in zip(sents.short_id, sents.text)]
    control = SentenceLabels(rows=rows, scheme=scheme,
                             label=f"Sentences of exercise {b.id}: one label each")

    def write(value):
        wanted = {short_id(k): v for k, v in (value or {}).items()}
        control.value = wanted
        lost = set(wanted) - set(control.value)
        if lost:
            raise ValueError(f"saved labels for {sorted(lost)} do not fit this exercise")

    return ExerciseBox(b, control, lambda: dict(control.value), write, [(control, "value")])
