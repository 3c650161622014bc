"""The frame every exercise widget shares: heading, prompt, the answer
control, hints and the feedback line, wired to a :class:`Binding`.

An exercise widget only says how to read its answer from its control, how to
write a saved answer back, and which traits change when the student acts.
"""

from __future__ import annotations

import re
from html import escape

import ipywidgets as widgets

from .access import guarded
from .binding import Binding
from .feedback import error_html

__all__ = ["ExerciseBox", "CSS", "prompt_html"]

# A <style> block inside an HTML widget applies to the page; JupyterLab's own
# variables keep it right in light and dark themes.
CSS = """<style>
.kit-exercise { border: 1px solid var(--jp-border-color2); border-radius: 4px; padding: 6px 10px;
  background: var(--jp-layout-color1); color: var(--jp-ui-font-color1); max-width: 60em; }
.kit-exercise .kit-prompt { font-family: var(--jp-content-font-family); line-height: 1.45; margin: 2px 0 6px; }
.kit-exercise .kit-ex-title { font-size: var(--jp-ui-font-size1); font-weight: bold; margin: 0; line-height: 1.4; }
.kit-exercise .kit-prompt p { margin: 0 0 4px; }
.kit-exercise .kit-prompt code { font-family: var(--jp-code-font-family); font-size: 0.92em;
  background: var(--jp-layout-color2); padding: 0 3px; border-radius: 2px; }
.kit-exercise .kit-meta { color: var(--jp-ui-font-color2); font-size: var(--jp-ui-font-size0); }
.kit-exercise textarea { font-family: var(--jp-content-font-family); font-size: var(--jp-content-font-size1); }
.kit-exercise.kit-type-code textarea, .kit-code textarea { font-family: var(--jp-code-font-family) !important; font-size: var(--jp-code-font-size) !important; }
.kit-exercise .widget-radio-box label, .kit-exercise .widget-checkbox label { white-space: normal; }
/* long options wrap: let each row grow instead of overlapping the next one */
.kit-exercise .widget-radio-box label { height: auto; min-height: var(--jp-widgets-inline-height);
  line-height: 1.35; align-items: flex-start; padding: 3px 0; }
.kit-exercise .widget-radio-box input { margin-top: 3px; flex: none; }
.kit-exercise .widget-checkbox { height: auto; min-height: var(--jp-widgets-inline-height); }
.kit-exercise .widget-checkbox label { height: auto; line-height: 1.35; align-items: flex-start; padding: 3px 0; }
.kit-exercise .widget-checkbox input { margin-top: 3px; flex: none; }
.kit-exercise .kit-hint-button, .kit-exercise > .widget-button { align-self: flex-start; }
</style>"""


_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_ITALIC = re.compile(r"(?<![\w*])\*([^*\n]+)\*(?![\w*])")


def prompt_html(text: str) -> str:
    """A prompt's Markdown as safe HTML: the text is escaped first, then
    `` `code` ``, ``**bold**``, ``*italic*``, blank-line paragraphs and line breaks
    are drawn (no raw HTML, no links, nothing executable passes).

    >>> prompt_html("Write `find_years(s)` for **all** years <b>.")
    '<p>Write <code>find_years(s)</code> for <b>all</b> years &lt;b&gt;.</p>'
    >>> prompt_html("one\\n\\ntwo")
    '<p>one</p><p>two</p>'
    """
    paras = []
    for para in re.split(r"\n\s*\n", str(text or "").strip()):
        if not para.strip():
            continue
        html = escape(para.strip(), quote=False)
        parts = _CODE.split(html)  # odd items are code: no bold/italic inside
        for i, part in enumerate(parts):
            if i % 2:
                parts[i] = f"<code>{part}</code>"
            else:
                parts[i] = _ITALIC.sub(r"<i>\1</i>", _BOLD.sub(r"<b>\1</b>", part)).replace("\n", "<br>")
        paras.append("<p>" + "".join(parts) + "</p>")
    return "".join(paras)


def _heading(ex) -> str:
    points = getattr(ex, "points", None)
    bits = [str(getattr(ex, "mode", "") or "practice")]
    if points is not None:
        bits.append(f"{points:g} point{'s' if points != 1 else ''}" if isinstance(points, (int, float))
                    else f"{points} points")
    prompt = prompt_html(str(getattr(ex, "prompt", "") or ""))
    return (f"{CSS}<h3 class='kit-ex-title'>Exercise {escape(str(ex.id))} "
            f"<span class='kit-meta'>· {' · '.join(escape(b) for b in bits)}</span></h3>"
            f"<div class='kit-prompt'>{prompt}</div>")


class ExerciseBox(widgets.VBox):
    """An exercise: ``control`` holds the answer; ``status`` shows feedback.

    ``value`` reads the answer from the control and, when set, writes it to the
    control (which saves it, exactly as a click would).
    """

    def __init__(self, binding: Binding, control, read, write, watch, check_on_change=True, extra=(),
                 initial=None):
        self.binding, self.control = binding, control
        self._read, self._write = read, write
        self.check_on_change = check_on_change
        ex = binding.exercise
        self.heading = widgets.HTML(_heading(ex))
        self.status = widgets.HTML("")
        self.hints = self._hints(list(getattr(ex, "hints", None) or []))
        super().__init__([self.heading, control, *extra, self.hints, self.status])
        from .reveal import reveal_button
        self.reveal = reveal_button(self)   # practice: "Show a key item" (kit.checkers.practice)
        if self.reveal is not None:
            self.children = (*self.children[:-1], self.reveal, self.status)
        self.add_class("kit-exercise")
        self.add_class("kit-ex-" + str(ex.id).replace(".", "-"))
        self.add_class("kit-type-" + str(getattr(ex, "type", "")))
        guarded(self, f"Exercise {ex.id}")
        self.restored = self._restore()
        problem = self.binding.unsavable()
        if problem:                       # say at once, not after the student's first answer is lost
            self.status.value = error_html(problem)
        if self.restored is None and initial is not None:
            write(initial)  # a starter, saved once the student changes it
        for w, names in watch:
            w.observe(self._changed, names=names)

    def _restore(self):
        saved = self.binding.saved()
        if saved is None:
            return None
        try:
            self._write(saved)
        except (ValueError, KeyError, TypeError) as err:
            self.status.value = error_html(f"The saved answer could not be shown ({err}); it is still in the answers file.")
            return saved
        self.status.value = self.binding.feedback(saved, check=self.check_on_change)
        return saved

    def _changed(self, change=None):
        try:
            value = self._read()
        except ValueError as err:
            self.status.value = error_html(str(err))
            return
        self.status.value = self.binding.record(value, check=self.check_on_change)

    def check(self):
        """Check the current answer now (the "Run checks" button of code exercises)."""
        value = self._read()
        self.status.value = self.binding.record(value, check=True)

    @property
    def value(self):
        return self._read()

    @value.setter
    def value(self, value):
        self._write(value)

    def _hints(self, hints):
        box = widgets.VBox()
        if not hints:
            return box
        shown = widgets.HTML("")
        button = widgets.Button(description=f"Hint (1 of {len(hints)})", icon="lightbulb-o",
                                tooltip="Show the next hint", layout=widgets.Layout(width="auto"))
        button.add_class("kit-hint-button")
        state = {"n": 0}

        def more(_=None):
            state["n"] = min(state["n"] + 1, len(hints))
            shown.value = "".join(
                f'<div style="color: var(--jp-ui-font-color2)"><b>Hint {i + 1}.</b> {escape(str(h))}</div>'
                for i, h in enumerate(hints[:state["n"]]))
            if state["n"] < len(hints):
                button.description = f"Hint ({state['n'] + 1} of {len(hints)})"
            else:
                button.description, button.disabled = "No more hints", True

        button.on_click(more)
        box.children = [button, shown]
        box.more = more
        return box

