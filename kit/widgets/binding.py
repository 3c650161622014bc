"""The tie between a widget and an exercise: restore, save, check.

A :class:`Binding` finds the exercise, knows its notebook (the answers file),
and on every change saves the answer and returns the HTML the student sees:
practice feedback from the checker, or "saved" for graded items.

>>> is_empty(None), is_empty([]), is_empty("  "), is_empty(0)
(True, True, True, False)
"""

from __future__ import annotations

import time
from datetime import datetime

from .feedback import error_html, field, result_html, saved_html

__all__ = ["Binding", "is_empty"]

_WRITABLE: dict = {}      # answers folder -> "" (writable) or why not, checked once per kernel


def is_empty(value) -> bool:
    """True for an answer with nothing in it yet (``None``, blank text, empty list or dict)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, dict, tuple)):
        return len(value) == 0
    return False


class Binding:
    """One exercise's answer: ``saved()``, ``record(value)`` and ``feedback(value)``.

    ``last_check_ms`` holds how long the last checker call took.
    """

    def __init__(self, exercise_id: str):
        from kit import exercises
        self.exercise = exercises.get(exercise_id)
        self.id = str(self.exercise.id)
        self.notebook = self._notebook()
        self.last_check_ms: float | None = None

    def _notebook(self) -> str:
        nb = getattr(self.exercise, "notebook", None)
        if not nb:
            raise LookupError(f"exercise {self.id} does not say which notebook it belongs to")
        return str(nb)

    @property
    def mode(self) -> str:
        return str(getattr(self.exercise, "mode", "practice") or "practice")

    def unsavable(self) -> str:
        """Why answers cannot be saved here (an empty string when they can).

        Checked once per folder and kernel: a notebook with twenty exercises tries the
        folder once, and every widget in it says so if answers would be lost.
        """
        from kit import answers
        folder = str(answers.answers_dir())
        if folder not in _WRITABLE:
            try:
                answers.check_writable(folder)
                _WRITABLE[folder] = ""
            except answers.AnswersNotWritable as err:
                _WRITABLE[folder] = f"Answers cannot be saved: {err}"
        return _WRITABLE[folder]

    def saved(self, default=None):
        """The answer saved for this exercise, or ``default``."""
        from kit import answers
        return answers.get(self.notebook, self.id, default)

    def record(self, value, check: bool = True) -> str:
        """Save ``value`` at once, then return the feedback HTML for it."""
        from kit import answers
        try:
            answers.save(self.notebook, self.id, value)
        except Exception as err:  # the widget keeps the value; the student sees why it was not saved
            return error_html(f"Could not save this answer ({err}). Your answer is still in the widget; "
                              "tell your instructor.")
        return self.feedback(value, check=check)

    def feedback(self, value, check: bool = True) -> str:
        """Feedback for ``value`` without saving it (also used when an answer is restored).

        Practice: points and the key's evidence and rationale. Graded (or no
        key here): "saved", with the checker's word on whether it is well-formed.
        """
        when = datetime.now().strftime("%H:%M:%S")
        practice = self.mode == "practice"
        if is_empty(value):
            return saved_html(when, "Answer to see feedback." if practice else "")
        if not check:
            return saved_html(when, "Press “Run checks” to check it." if practice else _GRADED)
        from kit import checkers
        t0 = time.perf_counter()
        try:
            result = checkers.check(self.exercise, value)
        except Exception as err:
            return error_html(f"Saved at {when}, but the checker failed: {err}")
        finally:
            self.last_check_ms = (time.perf_counter() - t0) * 1000
        messages = " ".join(str(field(f, "message", "")) for f in field(result, "feedback", []) or [])
        if field(result, "status") == "invalid":
            return error_html(f"Saved at {when}, but the answer is not complete: {messages}")
        if field(result, "points") is None:
            note = messages.replace("Saved and well-formed", "Well-formed")
            return saved_html(when, note or (_GRADED if not practice else ""))
        if practice:   # what is right and wrong; the key's missing items one try at a time
            from kit.checkers import practice as _practice
            result = _practice.feedback(self.exercise, result)
        return result_html(result)


_GRADED = "This exercise is graded after you submit."
