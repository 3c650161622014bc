"""The submit button of the notebooks: asks for the student id, writes the
submission file with :func:`kit.answers.submit` and says where it is.

A submission with no answers at all is refused with a clear message (there
would be nothing to grade).

>>> box = submit_button()
>>> box.student.description, box.button.description
('Student id', 'Submit my answers')
"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from .access import guarded
from .feedback import error_html

__all__ = ["submit_button", "SubmitBox"]


class SubmitBox(widgets.VBox):
    """Student id, **Submit my answers**, and a status line; ``submit()`` does what the button does."""

    def __init__(self, student: str = ""):
        self.student = widgets.Text(value=student, description="Student id", placeholder="e.g. s1234567",
                                    tooltip="Your student id, as your instructor gave it",
                                    layout=widgets.Layout(width="24em"))
        self.button = widgets.Button(description="Submit my answers", icon="paper-plane",
                                     tooltip="Write the submission file with every answer you saved",
                                     layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML("")
        self.path = None
        intro = widgets.HTML("<b>Submit</b> · writes one file with every answer you saved in every notebook; "
                             "you can submit again later (the file is rewritten).")
        super().__init__([intro, widgets.HBox([self.student, self.button]), self.status])
        self.add_class("kit-submit")
        guarded(self, "Submit your answers")
        self.button.on_click(lambda _: self.submit())

    def submit(self):
        """Write the submission file; returns its path, or ``None`` (the status says why)."""
        from kit import answers
        sid = self.student.value.strip()
        if not sid:
            self.status.value = error_html("Type your student id first, then press “Submit my answers”.")
            return None
        try:
            count = sum(len(v) for v in answers.submission(sid)["answers"].values())
            if not count:
                self.status.value = error_html(
                    "Nothing to submit yet: no answer is saved in any notebook. Answer the exercises "
                    "first (each answer is saved as you give it), then submit.")
                return None
            self.path = answers.submit(sid)
        except (ValueError, OSError) as err:
            self.status.value = error_html(f"Not submitted: {err}")
            return None
        self.status.value = (
            "<div class='kit-status' role='status' aria-live='polite' style='border-left: 3px solid "
            "var(--jp-success-color1); padding: 4px 8px; background: var(--jp-layout-color2)'>"
            f"✔ Submitted {count} answer{'s' if count != 1 else ''}. Your file is "
            f"<code>{escape(str(self.path))}</code>: hand it in as your instructor asks "
            "(e.g. upload it to the course page).</div>")
        return self.path


def submit_button(student: str = "") -> SubmitBox:
    """A box to submit every saved answer: type the student id, press the button.

    It writes ``submission-<id>.json`` (see :func:`kit.answers.submit`: in
    ``KIT_SUBMIT_DIR`` when the course sets it) and shows where.  On a JupyterHub
    the id starts as the hub user name (``JUPYTERHUB_USER``); the student may change it.
    """
    import os
    return SubmitBox(student or os.environ.get("JUPYTERHUB_USER", ""))
