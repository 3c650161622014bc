"""What a checker returns: a :class:`Result` with its :class:`Feedback` items.

>>> r = Result("01.1", 1.5, 2, [Feedback(True, "a1.s3: morality, as in the key",
...                                       evidence="the basic rules of decency were discarded")],
...            "partial")
>>> r
<Result 01.1: 1.5/2 partial>
>>> print(r.text())
01.1: 1.5 / 2 points (partial)
  ✓ a1.s3: morality, as in the key
      evidence: "the basic rules of decency were discarded"

Statuses: ``correct`` (full points), ``partial``, ``incorrect`` (no points),
``provisional`` (credit given by a rubric, waiting for the instructor),
``unanswered``, ``invalid`` (the answer is not well-formed), ``saved`` (a
graded exercise seen by a student: well-formed, scored later; ``points`` is
``None``) and ``no_key`` (no key to score with; ``points`` is ``None``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from html import escape

__all__ = ["Result", "Feedback", "STATUSES", "status_for"]

_MARKS = {True: "✓", False: "✗"}
#: ``not_run`` and ``grader_error`` come from the code sandbox: the answer was not run (no isolation
#: on this system) or the sandbox failed; such a result has no score and waits for review.
STATUSES = ("correct", "partial", "incorrect", "provisional", "unanswered", "invalid", "saved", "no_key",
            "not_run", "grader_error")


@dataclass(slots=True)
class Feedback:
    """One feedback item: ``ok`` is True (right), False (wrong) or None (a note)."""

    ok: bool | None
    message: str
    evidence: str | None = None
    rationale: str | None = None
    item: str | None = None
    #: Set when the item gives away key content the student did not give: what practice
    #: feedback shows instead until the item is revealed ("" shows nothing; see kit.checkers.practice).
    conceal: str | None = None

    def mark(self) -> str:
        """✓, ✗ or · for right, wrong and notes."""
        return _MARKS.get(self.ok, "·")


@dataclass
class Result:
    """A checked answer: points out of ``max_points``, feedback, status.

    ``needs_review`` flags the answer for the instructor (short texts);
    ``notes`` are short remarks for the instructor's files (a code answer
    that ran out of time); ``details`` holds scores such as precision and
    recall.
    """

    exercise_id: str
    points: float | None
    max_points: float
    feedback: list = field(default_factory=list)
    status: str = "correct"
    needs_review: bool = False
    notes: list = field(default_factory=list)
    details: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        pts = "–" if self.points is None else _num(self.points)
        return f"<Result {self.exercise_id}: {pts}/{_num(self.max_points)} {self.status}>"

    def headline(self) -> str:
        """One line: the points and status, or what the status means."""
        if self.points is None:
            return {"saved": "saved: checked after you submit",
                    "no_key": "no key available for this exercise"}.get(self.status, self.status)
        review = ", to be reviewed by the instructor" if self.needs_review else ""
        return f"{_num(self.points)} / {_num(self.max_points)} points ({self.status}{review})"

    def text(self) -> str:
        """The result as plain text (what ``print`` in a terminal should show)."""
        lines = [f"{self.exercise_id}: {self.headline()}"]
        for f in self.feedback:
            lines.append(f"  {f.mark()} {f.message}")
            if f.evidence:
                lines.append(f'      evidence: "{f.evidence}"')
            if f.rationale:
                lines.append(f"      why: {f.rationale}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """A JSON-ready dict."""
        return asdict(self)

    def _repr_html_(self) -> str:
        colour = {"correct": "#1b7f3b", "partial": "#a66a00", "provisional": "#a66a00",
                  "saved": "#33658a"}.get(self.status, "#a12a2a")
        items = []
        for f in self.feedback[:50]:
            extra = ""
            if f.evidence:
                extra += f'<br><span style="opacity:.8">evidence: “{escape(f.evidence)}”</span>'
            if f.rationale:
                extra += f'<br><span style="opacity:.8">why: {escape(f.rationale)}</span>'
            items.append(f"<li>{f.mark()} {escape(f.message)}{extra}</li>")
        more = f"<li>… {len(self.feedback) - 50} more</li>" if len(self.feedback) > 50 else ""
        return (f'<div class="kit-result" style="border-left:4px solid {colour};padding:4px 8px">'
                f"<b>{escape(self.exercise_id)}</b>: {escape(self.headline())}"
                f'<ul style="margin:4px 0">{"".join(items)}{more}</ul></div>')


def status_for(points: float, max_points: float) -> str:
    """``correct``, ``partial`` or ``incorrect`` for a score.

    >>> status_for(2, 2), status_for(0.5, 2), status_for(0, 2)
    ('correct', 'partial', 'incorrect')
    """
    if max_points and points >= max_points - 1e-9:
        return "correct"
    return "partial" if points > 1e-9 else "incorrect"


def _num(x) -> str:
    """Points without trailing zeros: 2, 1.5, 0.33."""
    return f"{round(float(x), 2):g}"
