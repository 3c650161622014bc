"""Short text: a rubric of required ideas gives provisional credit; the instructor reviews.

Each key item is an idea ``{idea: ..., patterns: [regex, ...], points: 1}``.
An idea counts as present when any of its patterns matches the answer
(case-insensitive); the provisional score is::

    points × (points of the ideas found) / (points of all ideas)

Every answer is flagged ``needs_review``: patterns find words, not
understanding, so the instructor confirms or overrides the score.

>>> import kit.exercises
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> e = kit.exercises.get("90.7", FIX)
>>> r = score(e, "It repeats 'collective West' and casts the West as a predator.")
>>> r.points, r.status, r.needs_review
(2.0, 'provisional', True)
"""

from __future__ import annotations

import re

from .common import as_number, fraction_result, key_feedback

__all__ = ["check_spec", "check_key", "problems", "summary", "score", "describe", "hit", "secrets", "NEEDS_TEXT"]

NEEDS_TEXT = False


def check_spec(ex, raw, err) -> None:
    """Nothing beyond the common fields (``max_chars`` caps the answer, default 5000)."""


def check_key(ex, items, raw, err) -> list:
    """Each idea: a name, valid regex patterns and positive points."""
    for n, item in enumerate(items):
        if not isinstance(item.get("idea"), str) or not item["idea"].strip():
            err(n, "idea" if "idea" in item else None, "each rubric item needs an 'idea' (what the answer should say)")
        patterns = item.get("patterns")
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not patterns:
            err(n, "patterns" if "patterns" in item else None, "each rubric item needs 'patterns' (regular expressions)")
            patterns = []
        compiled = []
        for p in patterns:
            try:
                compiled.append(re.compile(str(p), re.IGNORECASE))
            except re.error as exc:
                err(n, "patterns", f"pattern {p!r} is not a valid regular expression: {exc}")
        pts = as_number(item.get("points", 1))
        if pts is None or pts <= 0:
            err(n, "points", "points must be a positive number")
        item["patterns"], item["points"], item["_compiled"] = [str(p) for p in patterns], pts, compiled
    return items


def problems(ex, value) -> list[str]:
    """Text of at most ``max_chars`` characters."""
    if not isinstance(value, str):
        return [f"expected text, got {type(value).__name__}"]
    if len(value) > ex.max_chars:
        return [f"the answer is {len(value):,} characters long; the limit is {ex.max_chars:,}"]
    return []


def summary(ex, value) -> str:
    return f"{len(value.split())} words"


def score(ex, value):
    """Provisional credit from the rubric; always flagged for review."""
    total = sum(i["points"] for i in ex.key.items)
    found, feedback = 0.0, []
    for item in ex.key.items:
        ok = any(rx.search(value) for rx in item["_compiled"])
        found += item["points"] if ok else 0
        feedback.append(key_feedback(item, ok, f"{item['idea']}: {'mentioned' if ok else 'not found'}", item["idea"]))
    return fraction_result(ex, found / total, feedback, status="provisional", needs_review=True,
                           notes=["short text: provisional credit from the rubric, please review"])


def describe(ex, item) -> str:
    return f"idea: {item['idea']}"


def hit(ex, item, value) -> bool:
    return any(rx.search(value) for rx in item["_compiled"])


def secrets(ex) -> list[str]:
    """The rubric's ideas and patterns."""
    out = []
    for i in ex.key.items:
        out += [i["idea"], *i["patterns"]]
    return out
