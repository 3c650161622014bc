"""Checkers: one module per exercise type, each scoring an answer against its key.

:func:`check` is what widgets and notebooks call.  For a practice exercise it
scores the answer and explains with the key's evidence and rationale; for a
graded one a student only learns that the answer is well-formed (grading
passes ``grading=True``):

>>> import kit.exercises
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> e = kit.exercises.get("90.1", FIX)
>>> check(e, "b")
<Result 90.1: 1/1 correct>
>>> check(e, "z").feedback[0].message
"'z' is not one of the options (a, b, c)"
>>> g = kit.exercises.get("90.2", FIX)
>>> check(g, ["a", "b"]).status, check(g, ["a", "b"], grading=True)
('saved', <Result 90.2: 0.5/3 partial>)

:func:`span_scores` is the SemEval-2020 Task 11 span scorer (see
:mod:`kit.checkers.spans`).
"""

from __future__ import annotations

import importlib

from .result import Feedback, Result, status_for
from .spans import span_scores

__all__ = ["check", "problems", "module", "span_scores", "Result", "Feedback", "status_for"]


_MODULES: dict = {}


def module(kind: str):
    """The checker module for an exercise type (``kit.checkers.spans`` for ``spans``)."""
    mod = _MODULES.get(kind)
    if mod is None:
        from kit.exercises import TYPES
        if kind not in TYPES:
            raise ValueError(f"unknown exercise type {kind!r} (types: {', '.join(TYPES)})")
        mod = _MODULES[kind] = importlib.import_module(f"kit.checkers.{kind}")
    return mod


def problems(exercise, value) -> list[str]:
    """What makes ``value`` not a well-formed answer to ``exercise`` (empty if fine)."""
    exercise = _exercise(exercise)
    if value is None:
        return []
    return module(exercise.type).problems(exercise, value)


def check(exercise, value, *, grading: bool = False, outputs=None) -> Result:
    """Check an answer: a :class:`Result` with points, feedback and status.

    ``exercise`` is an Exercise or an id.  ``grading=True`` scores graded
    exercises too (the instructor's side).  ``outputs`` passes the results of
    code already run in the sandbox (batch grading).
    """
    ex = _exercise(exercise)
    mod = module(ex.type)
    if value is None or (isinstance(value, str) and not value.strip()):
        return Result(ex.id, 0.0 if ex.key or grading else None, ex.points,
                      [Feedback(None, "No answer yet.")], "unanswered")
    bad = mod.problems(ex, value)
    if bad:
        return Result(ex.id, 0.0, ex.points, [Feedback(False, m) for m in bad], "invalid",
                      notes=[f"answer not well-formed: {bad[0]}"])
    if ex.mode == "graded" and not grading:
        return Result(ex.id, None, ex.points,
                      [Feedback(None, f"Saved and well-formed: {mod.summary(ex, value)}. "
                                      "This exercise is graded after you submit.")], "saved")
    if ex.key is None:
        return Result(ex.id, None, ex.points,
                      [Feedback(None, "No key for this exercise here, so it cannot be checked.")], "no_key")
    kwargs = {"outputs": outputs} if ex.type == "code" else {}
    result = mod.score(ex, value, **kwargs)
    result.points = round(result.points, 4)
    return result


def _exercise(exercise):
    if isinstance(exercise, str):
        from kit.exercises import get
        return get(exercise)
    return exercise
