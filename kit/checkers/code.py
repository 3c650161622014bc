"""Code: a student's function checked against test cases in a separate, limited process.

The key has one item ``{function: name, cases: [{args: [...], expected:
...}, ...]}`` (a case may add ``tolerance`` for numbers).  The function runs
in the sandbox (:mod:`kit.checkers.sandbox`), which receives the code, the
function name and the arguments, never the expected values; results are
compared here.  Points are ``points × passed / cases``.

>>> import kit.exercises
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> e = kit.exercises.get("90.8", FIX)
>>> r = score(e, "def count_word(text, word):\\n    return text.lower().split().count(word.lower())\\n")
>>> r.points, r.status
(2.0, 'correct')
"""

from __future__ import annotations

import ast
import json
import math
import re

from .common import fraction_result, key_feedback
from .result import Feedback, Result
from .sandbox import Job, run

__all__ = ["check_spec", "check_key", "problems", "summary", "score", "job", "same", "MAX_CODE", "describe",
           "secrets", "NEEDS_TEXT", "NOT_GRADED"]

NEEDS_TEXT = False

MAX_CODE = 20_000
#: Sandbox outcomes that say nothing about the answer: it was not run (``not_run``: the system
#: cannot isolate code and the instructor did not allow running it unconfined) or the sandbox
#: failed (``grader_error``).  Such a result has no score and is flagged for review.
NOT_GRADED = ("grader_error", "not_run")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_spec(ex, raw, err) -> None:
    """``function`` (optional here) must be a Python name."""
    if ex.function is not None and not _NAME.match(ex.function):
        err("function", f"function {ex.function!r} is not a Python name")


def check_key(ex, items, raw, err) -> list:
    """One item: the function name (as in the spec) and at least one case with args and expected."""
    if len(items) != 1:
        err(1 if len(items) > 1 else 0, None, "a code key has exactly one item")
    for n, item in enumerate(items):
        name = item.get("function")
        if not isinstance(name, str) or not _NAME.match(name):
            err(n, "function", f"function {name!r} is not a Python name")
        elif ex.function and name != ex.function:
            err(n, "function", f"the key's function {name} differs from the exercise's {ex.function}")
        cases = item.get("cases")
        if not isinstance(cases, list) or not cases:
            err(n, "cases" if "cases" in item else None, "a code key needs 'cases' ({args: [...], expected: ...})")
            continue
        for c in cases:
            if not isinstance(c, dict) or not isinstance(c.get("args"), list) or "expected" not in c:
                err(n, "cases", "each case needs 'args' (a list) and 'expected'")
                break
    return items


def _function(ex) -> str | None:
    if ex.function:
        return ex.function
    return ex.key.items[0].get("function") if ex.key else None


def problems(ex, value) -> list[str]:
    """Python source that parses and defines the function at top level."""
    if not isinstance(value, str):
        return [f"expected Python code (text), got {type(value).__name__}"]
    if len(value) > MAX_CODE:
        return [f"the code is {len(value):,} characters long; the limit is {MAX_CODE:,}"]
    try:
        tree = ast.parse(value)
    except SyntaxError as exc:
        return [f"the code does not parse: {exc.msg} (line {exc.lineno})"]
    except (ValueError, RecursionError, MemoryError) as exc:
        return [f"the code does not parse: {type(exc).__name__}"]
    name = _function(ex)
    if name and not any(isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == name
                        for n in tree.body):
        return [f"the code does not define a function {name}()"]
    return []


def summary(ex, value) -> str:
    return f"defines {_function(ex) or 'a function'}(), {len(value.splitlines())} lines"


def job(ex, value) -> Job:
    """The sandbox job for an answer: code, function name and the cases' arguments only."""
    cases = ex.key.items[0]["cases"]
    return Job(value, _function(ex), [c["args"] for c in cases], time=ex.time_limit, memory=int(ex.memory_limit))


def same(got, expected, tolerance: float = 1e-9) -> bool:
    """Returned value equals expected (numbers within ``tolerance``; tuples are lists).

    >>> same([1, 2.0000000001], [1, 2]), same({"a": 1}, {"a": 1}), same(True, 1), same("1", 1)
    (True, True, False, False)
    """
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(got) is type(expected) and got == expected
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(got, expected, rel_tol=tolerance, abs_tol=tolerance)
    if isinstance(expected, list) and isinstance(got, list):
        return len(got) == len(expected) and all(same(g, e, tolerance) for g, e in zip(got, expected))
    if isinstance(expected, dict) and isinstance(got, dict):
        return got.keys() == {str(k) for k in expected} and all(
            same(got[str(k)], v, tolerance) for k, v in expected.items())
    return type(got) is type(expected) and got == expected


def _show(v, n: int = 60) -> str:
    s = repr(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def score(ex, value, outputs=None):
    """Run (or take ``outputs`` already run) and compare case by case."""
    item = ex.key.items[0]
    cases = item["cases"]
    out = outputs if outputs is not None else run([job(ex, value)])[0]
    name = _function(ex)
    notes = []
    if out.get("status") in NOT_GRADED:
        message = out.get("message") or out["status"]
        return Result(ex.id, 0.0, ex.points, [Feedback(None, f"{name}(): not graded yet: {message}")], out["status"],
                      needs_review=True, notes=[f"code not graded ({out['status']}): {message}"],
                      details={"passed": None, "cases": len(cases)})
    if out.get("status") != "ok":
        message = out.get("message") or out.get("status")
        notes.append(f"code: {message}")
        return fraction_result(ex, 0.0, [key_feedback(item, False, f"{name}(): {message}")],
                               notes=notes, details={"passed": 0, "cases": len(cases)})
    results = out.get("results")
    results = results if isinstance(results, list) else []
    feedback, passed = [], 0
    for n, case in enumerate(cases):
        res = results[n] if n < len(results) and isinstance(results[n], dict) else {"error": "no result"}
        call = f"{name}({', '.join(_show(a, 30) for a in case['args'])})"
        if "error" in res:
            ok, msg = False, f"{call} raised {res['error']}"
            if "sandbox does not allow" in str(res["error"]) or \
                    str(res["error"]).startswith(("MemoryError", "RecursionError", "PermissionError")):
                notes.append(f"code: {res['error']}")
        else:
            ok = same(res.get("value"), case["expected"], float(case.get("tolerance", 1e-9)))
            msg = f"{call} returned {_show(res.get('value'))}" + ("" if ok else f"; expected {_show(case['expected'])}")
        passed += ok
        feedback.append(Feedback(ok, msg, item=str(n + 1)))
    feedback.append(key_feedback(item, None, f"{passed} of {len(cases)} cases pass"))
    return fraction_result(ex, passed / len(cases), feedback, notes=sorted(set(notes)),
                           details={"passed": passed, "cases": len(cases)})


def describe(ex, item) -> str:
    return f"{item['function']}(): {len(item['cases'])} cases"


def secrets(ex) -> list[str]:
    """Every case's expected value, as text (JSON for lists and dicts; numbers as written)."""
    out = []
    for case in ex.key.items[0]["cases"]:
        e = case["expected"]
        if isinstance(e, str):
            out.append(e)
        elif isinstance(e, bool) or e is None:
            continue   # True, False, None say nothing on their own
        elif isinstance(e, (int, float)):
            out.append(f"{e:g}")
        else:
            out.append(json.dumps(e, ensure_ascii=False))
    return out
