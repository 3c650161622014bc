"""Single choice: one best option; the answer is its id (``"b"``).

The key has one item ``{value: <option id>, evidence, rationale}`` per
option that earns credit.  An item may carry ``credit``, a fraction from 0
to 1 (default 1), for an option that is defensible but weaker; at least one
item has full credit.  The answer earns ``points × credit`` of its option,
nothing for an option the key does not list.

>>> import kit.exercises
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> e = kit.exercises.get("90.1", FIX)
>>> score(e, "a").points, score(e, "b").points
(0.0, 1.0)

Worked example: a key with ``{value: c}`` and ``{value: a, credit: 0.5}``
on a 2-point item gives 2 points for c, 1 point for a, 0 for b.
"""

from __future__ import annotations

from .common import as_number, fraction_result, key_feedback

__all__ = ["check_spec", "check_key", "problems", "summary", "score", "best", "describe", "hit", "secrets",
           "NEEDS_TEXT"]

NEEDS_TEXT = False


def check_spec(ex, raw, err) -> None:
    """Choice exercises need at least two options."""
    if len(ex.options) < 2:
        err("options" if "options" in raw else None, f"a {ex.type} exercise needs at least two options")


def check_key(ex, items, raw, err) -> list:
    """Items whose values are distinct option ids, ``credit`` in (0, 1], one with full credit."""
    seen = set()
    for n, item in enumerate(items):
        if str(item.get("value")) not in ex.option_ids:
            err(n, "value", f"answer option {item.get('value')!r} is not among the options "
                            f"({', '.join(ex.option_ids)})")
        if str(item.get("value")) in seen:
            err(n, "value", f"option {item.get('value')} is listed twice")
        seen.add(str(item.get("value")))
        credit = as_number(item.get("credit", 1))
        if credit is None or isinstance(item.get("credit"), str) or not 0 < credit <= 1:
            err(n, "credit", f"credit must be a fraction above 0 and at most 1, not {item.get('credit')!r}")
            credit = 1.0
        item["value"], item["credit"] = str(item.get("value")), float(credit)
    if items and not any(i["credit"] >= 1 for i in items):
        err(0, "credit", "no option has full credit (credit: 1): the best answer would lose points")
    if ex.option_ids and seen >= set(ex.option_ids):
        err(0, None, "every option earns credit: the key no longer tells a careful answer from a guess")
    return items


def problems(ex, value) -> list[str]:
    """The answer must be one option id."""
    if not isinstance(value, str):
        return [f"expected one option id (text), got {type(value).__name__}"]
    if value not in ex.option_ids:
        return [f"{value[:40]!r} is not one of the options ({', '.join(ex.option_ids)})"]
    return []


def summary(ex, value) -> str:
    return f"option {value}"


def best(ex) -> dict:
    """The key item with full credit (the first if several)."""
    return next(i for i in ex.key.items if i.get("credit", 1) >= 1)


def score(ex, value):
    """The credit of the chosen option (0 if the key does not list it)."""
    items = {i["value"]: i for i in ex.key.items}
    item = items.get(value)
    credit = item.get("credit", 1.0) if item else 0.0
    if credit >= 1:
        return fraction_result(ex, 1.0, [key_feedback(item, True, f"{value}: right", value)])
    top = best(ex)
    if item:
        msg = f"{value}: defensible, but not the best answer ({credit:.0%} of the points); the key prefers {top['value']}"
        return fraction_result(ex, credit, [key_feedback(
            item, None, msg, value, f"{value}: defensible, but not the best answer ({credit:.0%} of the points)")])
    return fraction_result(ex, 0.0, [key_feedback(top, False, f"{value}: not the best answer; the key is {top['value']}",
                                                  value, f"{value}: not the best answer")])


def describe(ex, item) -> str:
    """``option c`` (with its credit when partial)."""
    credit = item.get("credit", 1.0)
    return f"option {item['value']}" + (f" ({credit:.0%} credit)" if credit < 1 else "")


def hit(ex, item, value) -> bool:
    return value == item["value"]


def secrets(ex) -> list[str]:
    """The options that earn credit (short: the release guard looks for them in structured places)."""
    return [i["value"] for i in ex.key.items]
