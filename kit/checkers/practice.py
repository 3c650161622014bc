"""Practice feedback that teaches without giving the whole key away on the first try.

A checker's :class:`~kit.checkers.result.Result` holds the full feedback.
Items that would give away key content the student did not give (a missing
span with its quotation, "the key is c", the label the key has) carry a
``conceal`` text.  :func:`view` shows what is right and what is wrong, and
reveals the concealed items one at a time:

- try 1: what is right (with the key's evidence and rationale) and what is
  wrong, without the missing key items ("2 key items not shown yet");
- each further try reveals one more key item, with its evidence and
  rationale; :func:`reveal` (or ``reveal_all``) shows more on request.

A *try* is a checked answer whose result differs from the last try counted
(a changed score or feedback), and that is not fully right; typing that does
not change the result does not count.  The counts live in
``answers/practice/<notebook>.json`` (beside the answers, outside the
submission), so a practice item can be tried again after a restart.

>>> from kit.checkers.result import Feedback, Result
>>> r = Result("x", 1, 3, [Feedback(True, "a1.s2: right"),
...                        Feedback(False, "a1.s3: political; the key has morality", evidence="decency",
...                                 conceal="a1.s3: political is not the key's label"),
...                        Feedback(False, "loaded language: not marked", evidence="maniacal desire", conceal="")],
...            "partial")
>>> print(view(r, 0).text())
x: 1 / 3 points (partial)
  ✓ a1.s2: right
  ✗ a1.s3: political is not the key's label
  · 1 more key item not shown yet: try again, or ask for the next one.
>>> print(view(r, 1).text())
x: 1 / 3 points (partial)
  ✓ a1.s2: right
  ✗ a1.s3: political; the key has morality
      evidence: "decency"
  · 1 more key item not shown yet: try again, or ask for the next one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace

from .result import Feedback, Result

__all__ = ["view", "feedback", "reveal", "state", "tries_path"]


def view(result: Result, shown: int) -> Result:
    """``result`` with all but the first ``shown`` concealed items concealed (see the module doc)."""
    out, revealed, hidden = [], 0, 0
    for f in result.feedback:
        if f.conceal is None:
            out.append(f)
        elif revealed < shown:
            out.append(replace(f, conceal=None))
            revealed += 1
        else:
            if f.conceal:
                out.append(Feedback(f.ok, f.conceal, item=f.item))
            else:
                hidden += 1
    if hidden:
        s = "" if hidden == 1 else "s"
        out.append(Feedback(None, f"{hidden} more key item{s} not shown yet: try again, or ask for the next one."))
    return replace(result, feedback=out)


def tries_path(notebook: str):
    """Where the practice try counts of a notebook are kept."""
    from ..answers import answers_dir, path_for
    path_for(notebook)   # validates the name
    return answers_dir() / "practice" / f"{notebook}.json"


def _load(notebook: str) -> dict:
    try:
        data = json.loads(tries_path(notebook).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _save(notebook: str, data: dict) -> None:
    import os
    import tempfile
    path = tries_path(notebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tries.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
    os.replace(tmp, path)


def state(exercise) -> dict:
    """``{"tries": n, "revealed": k}`` for one practice exercise (zeros if never tried)."""
    s = _load(exercise.notebook).get(str(exercise.id)) or {}
    return {"tries": int(s.get("tries", 0)), "revealed": int(s.get("revealed", 0))}


def _fingerprint(result: Result) -> str:
    text = json.dumps([result.points, [(f.ok, f.message) for f in result.feedback]], default=str)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def feedback(exercise, result: Result, reveal_all: bool = False) -> Result:
    """Count this try (if it is a new, not fully right result) and return what the student sees."""
    if result.points is None or result.status in ("invalid", "unanswered"):
        return result
    data = _load(exercise.notebook)
    s = data.setdefault(str(exercise.id), {})
    mark = _fingerprint(result)
    if result.status != "correct" and s.get("last") != mark:
        s["tries"], s["last"] = int(s.get("tries", 0)) + 1, mark
        _save(exercise.notebook, data)
    shown = 10 ** 6 if reveal_all else max(0, int(s.get("tries", 1)) - 1) + int(s.get("revealed", 0))
    return view(result, shown)


def reveal(exercise, n: int = 1) -> dict:
    """Ask for ``n`` more key items on the next feedback (the "show me one" request); the new state."""
    data = _load(exercise.notebook)
    s = data.setdefault(str(exercise.id), {})
    s["revealed"] = int(s.get("revealed", 0)) + int(n)
    _save(exercise.notebook, data)
    return state(exercise)
