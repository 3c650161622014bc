"""Single choice: one option is right; the answer is its id (``"b"``).

Full points for the key's option, none otherwise.  The key has exactly one
item ``{value: <option id>, evidence, rationale}``.

>>> import kit.exercises
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> e = kit.exercises.get("90.1", FIX)
>>> score(e, "a").points, score(e, "b").points
(0.0, 1.0)
"""

from __future__ import annotations

from .common import fraction_result, key_feedback

__all__ = ["check_spec", "check_key", "problems", "summary", "score"]


def check_spec(ex, raw, err) -> None:
    """Choice exercises need at least two options."""
    if len(ex.options) < 2:
        err("options" if "options" in raw else None, f"a {ex.type} exercise needs at least two options")


def check_key(ex, items, raw, err) -> list:
    """Exactly one item whose value is an option id."""
    if len(items) != 1:
        err(1 if len(items) > 1 else 0, None, "a single_choice key has exactly one item")
    for n, item in enumerate(items):
        if str(item.get("value")) not in ex.option_ids:
            err(n, "value", f"answer option {item.get('value')!r} is not among the options "
                            f"({', '.join(ex.option_ids)})")
        item["value"] = str(item.get("value"))
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


def score(ex, value):
    """All or nothing."""
    item = ex.key.items[0]
    right = value == item["value"]
    msg = (f"{value}: right" if right else f"{value}: not the best answer; the key is {item['value']}")
    return fraction_result(ex, 1.0 if right else 0.0, [key_feedback(item, right, msg, value)])
