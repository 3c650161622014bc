"""Multiple choice with partial credit; selecting everything earns nothing.

With ``c`` correct options among ``n``, an answer that selects ``right``
correct and ``wrong`` incorrect options scores::

    fraction = max(0, right / c - wrong / (n - c))

Each correct option is worth ``1/c`` and each wrong one costs ``1/(n - c)``,
so selecting every option scores ``1 - 1 = 0`` and selecting none scores 0.
Worked example: options a-e, key {a, c}, so c = 2 and n - c = 3.  The answer
{a, b} scores 1/2 - 1/3 = 1/6 of the points; {a, c} scores 1; {a, b, c, d, e}
scores 1 - 1 = 0:

>>> round(fraction({"a", "b"}, {"a", "c"}, 5), 4), fraction({"a", "c"}, {"a", "c"}, 5)
(0.1667, 1.0)
>>> fraction({"a", "b", "c", "d", "e"}, {"a", "c"}, 5)
0.0

The key has one item ``{value: <option id>}`` per correct option; a key
that marks every option correct is rejected (it could not tell a careful
answer from selecting everything).

**Tiers.** An item with ``tier: acceptable`` names a defensible option:
selecting it is neither required nor penalised.  It leaves both counts:
``c`` counts the required options and ``n - c`` becomes the number of
options that are neither required nor acceptable.  Worked example: options
a-e, key {a, c} required and {d} acceptable: {a, c, d} scores 1, {a, d}
scores 1/2, {a, b} scores 1/2 - 1/2 = 0 (b is one of the two wrong options
b and e):

>>> fraction({"a", "c", "d"}, {"a", "c"}, 5, {"d"}), fraction({"a", "b"}, {"a", "c"}, 5, {"d"})
(1.0, 0.0)
"""

from __future__ import annotations

from .common import fraction_result, key_feedback
from .result import Feedback
from .single_choice import check_spec
from .spans import check_tier

__all__ = ["check_spec", "check_key", "problems", "summary", "score", "fraction", "describe", "hit", "secrets",
           "NEEDS_TEXT"]

NEEDS_TEXT = False


def fraction(selected: set, correct: set, n_options: int, acceptable: set = frozenset()) -> float:
    """The share of the points for ``selected`` options (formula above)."""
    right = len(selected & correct)
    wrong = len(selected - correct - set(acceptable))
    n_wrong = n_options - len(correct) - len(set(acceptable) - correct)
    penalty = wrong / n_wrong if n_wrong else 0.0
    return max(0.0, right / len(correct) - penalty)


def check_key(ex, items, raw, err) -> list:
    """One item per correct option (``tier: acceptable`` for a defensible one); not every option may count."""
    check_tier(items, err, "option")
    seen = set()
    for n, item in enumerate(items):
        v = str(item.get("value"))
        if v not in ex.option_ids:
            err(n, "value", f"answer option {item.get('value')!r} is not among the options "
                            f"({', '.join(ex.option_ids)})")
        if v in seen:
            err(n, "value", f"option {v} is listed twice")
        seen.add(v)
        item["value"] = v
    if ex.option_ids and seen >= set(ex.option_ids):
        err(0, None, "every option is marked correct or acceptable: selecting everything would earn full points")
    return items


def problems(ex, value) -> list[str]:
    """A list of option ids."""
    if not isinstance(value, list):
        return [f"expected a list of option ids, got {type(value).__name__}"]
    if len(value) > len(ex.options):
        value = value[: len(ex.options) + 1]
    bad = [v for v in value if not isinstance(v, str) or v not in ex.option_ids]
    if bad:
        return [f"{str(bad[0])[:40]!r} is not one of the options ({', '.join(ex.option_ids)})"]
    return []


def summary(ex, value) -> str:
    return f"{len(set(value))} option(s) selected"


def score(ex, value):
    """Partial credit by the formula above; feedback per option."""
    correct = {i["value"]: i for i in ex.key.items if i.get("tier", "required") == "required"}
    acceptable = {i["value"]: i for i in ex.key.items if i.get("tier") == "acceptable"}
    selected = set(value)
    share = fraction(selected, set(correct), len(ex.options), set(acceptable))
    feedback = []
    for oid in ex.option_ids:
        if oid in acceptable:
            if oid in selected:
                feedback.append(key_feedback(acceptable[oid], True, f"{oid}: selected; defensible (not required)", oid))
        elif oid in correct:
            ok = oid in selected
            feedback.append(key_feedback(correct[oid], ok, f"{oid}: {'selected, right' if ok else 'should be selected'}", oid,
                                         None if ok else ""))
        elif oid in selected:
            feedback.append(Feedback(False, f"{oid}: selected, but it is not correct", item=oid))
    return fraction_result(ex, share, feedback)


def describe(ex, item) -> str:
    return f"option {item['value']}" + (" (acceptable)" if item.get("tier") == "acceptable" else "")


def hit(ex, item, value) -> bool:
    return item["value"] in value


def secrets(ex) -> list[str]:
    """The required options."""
    return [i["value"] for i in ex.key.items if i.get("tier", "required") == "required"]
