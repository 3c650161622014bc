"""Helpers the checkers share: reading numbers, sentence ids and labels safely.

>>> as_number("3.5"), as_number(True), as_number("nan")
(3.5, None, None)
"""

from __future__ import annotations

import math

from .result import Feedback, Result, status_for

__all__ = ["as_number", "sentence", "key_feedback", "fraction_result", "prepared", "MAX_ITEMS"]

#: The most spans, links or labels an answer may hold.
MAX_ITEMS = 2000


def as_number(value):
    """A finite float from a number or numeric text, else None (booleans are not numbers)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        x = float(value)
    elif isinstance(value, str) and len(value) < 64:
        try:
            x = float(value.strip().replace(" ", ""))
        except ValueError:
            return None
    else:
        return None
    return x if math.isfinite(x) else None


def sentence(ex, ref) -> str | None:
    """The short id of sentence ``ref`` if it belongs to the exercise, else None.

    >>> import kit.exercises
    >>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
    >>> e = kit.exercises.get("90.3", FIX)
    >>> sentence(e, "lavrov-new-regions-2025:a1.s3"), sentence(e, "a2.s1")
    ('a1.s3', None)
    """
    if not isinstance(ref, str):
        return None
    return ex.sentence_refs.get(ref)


def key_feedback(item: dict, ok, message: str, name: str | None = None, conceal: str | None = None):
    """A Feedback item carrying a key item's evidence and rationale.

    ``conceal``: what practice feedback shows until the item is revealed, when
    the item gives away key content the student did not give ("" hides it).
    """
    return Feedback(ok, message, evidence=item.get("evidence"), rationale=item.get("rationale"), item=name,
                    conceal=conceal)


def fraction_result(ex, fraction: float, feedback: list, **kw):
    """A Result worth ``fraction`` of the exercise's points."""
    fraction = min(1.0, max(0.0, fraction))
    points = ex.points * fraction
    return Result(ex.id, points, ex.points, feedback, kw.pop("status", None) or status_for(points, ex.points), **kw)


def prepared(ex, name: str, build):
    """``build(ex)``, worked out once per exercise and key and then reused.

    Checkers keep here what depends only on the key (gold spans, accepted
    labels, ...), so grading a class does not rebuild it for every answer.
    Key items are read-only once loaded; a new key (a reloaded catalog)
    is built afresh.

    >>> import kit.exercises
    >>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
    >>> e = kit.exercises.get("90.1", FIX)
    >>> prepared(e, "demo", lambda ex: [i["value"] for i in ex.key.items])
    ['b']
    >>> prepared(e, "demo", lambda ex: 1 / 0)   # not built again
    ['b']
    """
    cache = ex.__dict__.setdefault("_prepared", {})
    items = ex.key.items if ex.key is not None else None
    hit = cache.get(name)
    if hit is None or hit[0] is not items:
        hit = cache[name] = (items, build(ex))
    return hit[1]
