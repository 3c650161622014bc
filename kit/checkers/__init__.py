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

Each type has one module here, and that module is the only place that
knows the type.  Every module offers the same functions:

- ``check_spec(ex, raw, err)`` and ``check_key(ex, items, raw, err)``:
  validation (``kit.exercises`` calls them while loading);
- ``problems(ex, value)``, ``summary(ex, value)`` and ``score(ex, value)``;
- ``describe(ex, item)`` (a key item in a few words, for reports),
  ``hit(ex, item, value)`` (did an answer get this key item?) and
  ``secrets(ex)`` (what in the key must never reach a student release);
- optionally ``others(ex, value)`` (what an answer gives that the key does
  not accept: the class report counts these), ``agreement_rows(ex, answers)``
  (coder/item/label rows for agreement) and ``job(ex, value)`` (a sandbox
  job, for types that run code).

``NEEDS_TEXT`` says whether the type points into a text.  This package
imports nothing from :mod:`kit.exercises`; that module registers its
look-up with :func:`use_lookup`, so :func:`check` also takes an id.
"""

from __future__ import annotations

import importlib

from .result import Feedback, Result, status_for
from .spans import span_scores

__all__ = ["check", "problems", "module", "span_scores", "Result", "Feedback", "status_for", "TYPES",
           "secrets", "describe", "hit", "others", "job", "needs_text", "use_lookup", "readable"]

#: Exercise types, each checked by the module of the same name in this package.
TYPES = ("single_choice", "multiple_choice", "sentence_labels", "spans", "links",
         "numeric", "short_text", "code")

_MODULES: dict = {}
_LOOKUP: list = []


def module(kind: str):
    """The checker module for an exercise type (``kit.checkers.spans`` for ``spans``)."""
    mod = _MODULES.get(kind)
    if mod is None:
        if kind not in TYPES:
            raise ValueError(f"unknown exercise type {kind!r} (types: {', '.join(TYPES)})")
        mod = _MODULES[kind] = importlib.import_module(f"kit.checkers.{kind}")
    return mod


def use_lookup(lookup) -> None:
    """Register how an exercise id becomes an Exercise (``kit.exercises`` registers ``get``)."""
    _LOOKUP[:] = [lookup]


def needs_text(kind: str) -> bool:
    """Whether exercises of this type point into a text (and so need ``text``)."""
    return bool(getattr(module(kind), "NEEDS_TEXT", False))


def secrets(exercise) -> list[str]:
    """What in the exercise's key must never reach a student release (empty without a key).

    Every key item's rationale, and what the type's module declares
    (gold options, labels with their sentences, numbers, expected outputs,
    rubric ideas and patterns).  The release guard (:mod:`kit.release`)
    scans for them.

    >>> import kit.exercises
    >>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
    >>> secrets(kit.exercises.get("90.1", FIX))[-1]
    'b'
    """
    ex = _exercise(exercise)
    if ex.key is None:
        return []
    out = [str(i["rationale"]) for i in ex.key.items if i.get("rationale")]
    for s in module(ex.type).secrets(ex):
        if s not in out:
            out.append(s)
    return out


def describe(exercise, item) -> str:
    """A key item in a few words (``option c``, ``a1.s3: morality``)."""
    ex = _exercise(exercise)
    return module(ex.type).describe(ex, item)


def hit(exercise, item, value) -> bool:
    """Whether a well-formed answer ``value`` gets key item ``item`` (False for ill-formed ones)."""
    ex = _exercise(exercise)
    if value is None or problems(ex, value):
        return False
    return bool(module(ex.type).hit(ex, item, value))


def others(exercise, value) -> list:
    """What a well-formed answer gives that the key does not accept, as short descriptions."""
    ex = _exercise(exercise)
    fn = getattr(module(ex.type), "others", None)
    if fn is None or value is None or ex.key is None or problems(ex, value):
        return []
    return fn(ex, value)


def readable(exercise, value) -> str:
    """The answer as an instructor reads it (quotations as words, not offsets); JSON for other types."""
    import json
    ex = _exercise(exercise)
    fn = getattr(module(ex.type), "readable", None)
    if fn is not None and value is not None and not problems(ex, value):
        return fn(ex, value)
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def job(exercise, value):
    """The sandbox job for an answer of a type that runs code, else None."""
    ex = _exercise(exercise)
    fn = getattr(module(ex.type), "job", None)
    if fn is None or value is None or not isinstance(value, str) or not value.strip() or problems(ex, value):
        return None
    return fn(ex, value)


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
    kwargs = {"outputs": outputs} if hasattr(mod, "job") else {}
    result = mod.score(ex, value, **kwargs)
    result.points = round(result.points, 4)
    return result


def _exercise(exercise):
    if isinstance(exercise, str):
        if not _LOOKUP:
            raise LookupError(f"no exercises loaded: pass an Exercise (kit.exercises.get({exercise!r}))")
        return _LOOKUP[0](exercise)
    return exercise
