"""Question widgets: single and multiple choice, numeric, short text, code.

Each takes an exercise id and returns an :class:`~kit.widgets.frame.ExerciseBox`
whose ``control`` a student clicks or types into; the answer is saved on
every change and restored when the widget is shown again.

>>> parse_number(" 2.5 "), parse_number("3"), parse_number("−4"), parse_number("")
(2.5, 3, -4, None)
"""

from __future__ import annotations

import ipywidgets as widgets

from .binding import Binding
from .frame import ExerciseBox

__all__ = ["single_choice", "multiple_choice", "numeric", "short_text", "code", "parse_number"]

_WIDE = widgets.Layout(width="100%")


def _options(ex) -> list[tuple[str, str]]:
    out = []
    for o in getattr(ex, "options", None) or []:
        oid = o["id"] if isinstance(o, dict) else getattr(o, "id")
        text = o.get("text", "") if isinstance(o, dict) else getattr(o, "text", "")
        out.append((f"{oid}) {text}", str(oid)))
    if not out:
        raise ValueError(f"exercise {ex.id} has no options")
    return out


def single_choice(exercise_id: str) -> ExerciseBox:
    """One option out of several, as radio buttons; the answer is the option id (``"b"``)."""
    b = Binding(exercise_id)
    radio = widgets.RadioButtons(options=_options(b.exercise), value=None, layout=_WIDE,
                                 description="", tooltip=f"Answer to exercise {b.id}")

    def write(v):
        radio.value = None if v is None else str(v)

    return ExerciseBox(b, radio, lambda: radio.value, write, [(radio, "value")])


def multiple_choice(exercise_id: str) -> ExerciseBox:
    """Any number of options, as check boxes; the answer is a list of ids (``["a", "c"]``)."""
    b = Binding(exercise_id)
    boxes = [widgets.Checkbox(description=label, value=False, indent=False, layout=_WIDE,
                              tooltip=f"Option {oid} of exercise {b.id}")
             for label, oid in _options(b.exercise)]
    ids = [oid for _, oid in _options(b.exercise)]
    control = widgets.VBox(boxes)
    control.checkboxes = dict(zip(ids, boxes))

    def read():
        return [oid for oid, cb in zip(ids, boxes) if cb.value]

    def write(v):
        wanted = {str(x) for x in (v or [])}
        unknown = wanted - set(ids)
        if unknown:
            raise ValueError(f"unknown option(s) {sorted(unknown)}")
        for oid, cb in zip(ids, boxes):
            cb.value = oid in wanted

    return ExerciseBox(b, control, read, write, [(cb, "value") for cb in boxes])


def parse_number(text: str):
    """A number typed by a student: ``int`` when it has no decimals, ``None`` when blank.

    >>> parse_number("1e3")
    1000.0
    >>> parse_number("three")
    Traceback (most recent call last):
    ...
    ValueError: 'three' is not a number yet: type digits, e.g. 3 or 2.5
    """
    s = str(text).strip().replace("−", "-").replace(" ", "")
    if not s:
        return None
    try:
        return int(s)
    except ValueError:
        pass
    try:
        return float(s)
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not a number yet: type digits, e.g. 3 or 2.5") from None


def numeric(exercise_id: str) -> ExerciseBox:
    """A number typed into a box; saved as soon as it is a number."""
    b = Binding(exercise_id)
    box = widgets.Text(placeholder="a number", description="Answer", continuous_update=True,
                       tooltip=f"Number answering exercise {b.id}")

    def write(v):
        box.value = "" if v is None else f"{v:g}" if isinstance(v, float) else str(v)

    return ExerciseBox(b, box, lambda: parse_number(box.value), write, [(box, "value")])


def short_text(exercise_id: str) -> ExerciseBox:
    """A few sentences of free text, saved as the student types.

    When the exercise asks for quotations (``quotes: N``), the text of its
    unit comes first: the student selects the quotation(s) with the mouse or
    the keyboard, then explains below (see :func:`_quoted_text`).
    """
    b = Binding(exercise_id)
    if getattr(b.exercise, "quotes", 0):
        return _quoted_text(b)
    area = widgets.Textarea(placeholder="Your answer, in your own words…", rows=4, layout=_WIDE,
                            continuous_update=True, description="",
                            tooltip=f"Answer to exercise {b.id}")

    def write(v):
        area.value = "" if v is None else str(v)

    return ExerciseBox(b, area, lambda: area.value, write, [(area, "value")])


def _quoted_text(b: Binding) -> ExerciseBox:
    """Quotations picked in the text plus an explanation: ``{"quotes": [{start, end}], "text": ...}``."""
    from .textview import TextView
    ex = b.exercise
    view = TextView(ex.text, unit=getattr(ex, "unit", None), scheme=["quotation"])
    view.label = f"Text of exercise {b.id}: select the words you quote (at most {ex.quotes})"
    area = widgets.Textarea(placeholder="Your explanation, in your own words…", rows=4, layout=_WIDE,
                            continuous_update=True, description="", tooltip=f"Explanation for exercise {b.id}")
    control = widgets.VBox([view, area])
    control.view, control.area = view, area

    def read():
        spans = sorted(view.spans, key=lambda s: (s["start"], s["end"]))[: ex.quotes]
        return {"quotes": [{"start": int(s["start"]), "end": int(s["end"])} for s in spans], "text": area.value}

    def write(v):
        if isinstance(v, str):      # saved before the exercise asked for quotations
            v = {"quotes": [], "text": v}
        v = v or {}
        spans = []
        for q in v.get("quotes") or []:
            if isinstance(q, dict):
                spans.append({"start": int(q["start"]), "end": int(q["end"]), "label": "quotation"})
        view.spans = spans
        area.value = str(v.get("text") or "")

    return ExerciseBox(b, control, read, write, [(view, "spans"), (area, "value")])


def code(exercise_id: str) -> ExerciseBox:
    """Python code typed into a code editor (Tab indents, Python highlighting);
    saved as typed, checked with "Run checks" (practice) because running it
    takes longer than a keystroke."""
    from .code_editor import CodeEditor
    b = Binding(exercise_id)
    area = CodeEditor(label=f"Python code for exercise {b.id}", layout=_WIDE)
    area.add_class("kit-code")

    def write(v):
        area.value = "" if v is None else str(v)

    extra = []
    if b.mode == "practice":
        run = widgets.Button(description="Run checks", icon="play", tooltip="Run the checks on your code",
                             layout=widgets.Layout(width="auto"))
        extra.append(run)
    box = ExerciseBox(b, area, lambda: area.value, write, [(area, "value")],
                      check_on_change=False, extra=extra, initial=getattr(b.exercise, "starter", None))
    if extra:
        extra[0].on_click(lambda _: box.check())
        box.run_button = extra[0]
    return box
