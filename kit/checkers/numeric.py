"""Numeric answers with a tolerance: right when ``|answer - value| <= tolerance``.

The key has one or more items ``{value: 3, tolerance: 0}`` (any matching
item earns full points).  Numeric text such as ``"3"`` is read as a number.

>>> import kit.exercises
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> e = kit.exercises.get("90.6", FIX)
>>> score(e, 3).status, score(e, "3").status, score(e, 5).status
('correct', 'correct', 'incorrect')
"""

from __future__ import annotations

from .common import as_number, fraction_result, key_feedback

__all__ = ["check_spec", "check_key", "problems", "summary", "score", "describe", "hit", "secrets", "NEEDS_TEXT"]

NEEDS_TEXT = False


def check_spec(ex, raw, err) -> None:
    """Nothing beyond the common fields."""


def check_key(ex, items, raw, err) -> list:
    """Each item: a number and a tolerance of 0 or more."""
    for n, item in enumerate(items):
        value, tol = as_number(item.get("value")), as_number(item.get("tolerance", 0))
        if value is None or isinstance(item.get("value"), str):
            err(n, "value", f"value must be a number, not {item.get('value')!r}")
        if tol is None or tol < 0:
            err(n, "tolerance", "tolerance must be a number, 0 or more")
        item["value"], item["tolerance"] = value, tol
    return items


def problems(ex, value) -> list[str]:
    """A finite number (or numeric text)."""
    if as_number(value) is None:
        return [f"expected a number, got {str(value)[:40]!r}"]
    return []


def summary(ex, value) -> str:
    return f"{as_number(value):g}"


def score(ex, value):
    """Full points within the tolerance of any key value."""
    x = as_number(value)
    for item in ex.key.items:
        if abs(x - item["value"]) <= item["tolerance"] + 1e-12:
            return fraction_result(ex, 1.0, [key_feedback(item, True, f"{x:g}: right")])
    item = ex.key.items[0]
    tol = f" (± {item['tolerance']:g})" if item["tolerance"] else ""
    return fraction_result(ex, 0.0, [key_feedback(item, False, f"{x:g}: the key has {item['value']:g}{tol}",
                                                  conceal=f"{x:g}: not right yet")])


def describe(ex, item) -> str:
    return f"value {item['value']:g}"


def hit(ex, item, value) -> bool:
    return abs(as_number(value) - item["value"]) <= item["tolerance"] + 1e-12


def secrets(ex) -> list[str]:
    """The key's numbers, as written (``170``, ``2.5``)."""
    return [f"{i['value']:g}" for i in ex.key.items]
