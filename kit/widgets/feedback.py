"""HTML for what a student sees under an exercise: feedback, "saved", errors.

Colours come from JupyterLab's CSS variables, so the text follows the light
or dark theme.

>>> html = saved_html("14:03:05", "This exercise is graded after you submit.")
>>> "Saved at 14:03:05. This exercise is graded" in html
True
>>> item = {"ok": False, "message": "Not this one.", "evidence": "moment of truth", "rationale": "A metaphor."}
>>> "“moment of truth”" in result_html({"points": 0, "max_points": 1, "feedback": [item], "status": "incorrect"})
True
"""

from __future__ import annotations

from html import escape

__all__ = ["result_html", "saved_html", "error_html", "field"]

_BOX = ("font-family: var(--jp-ui-font-family); font-size: var(--jp-ui-font-size1); "
        "color: var(--jp-ui-font-color1); padding: 4px 8px; margin-top: 4px; "
        "border-left: 3px solid {accent}; background: var(--jp-layout-color2);")


def field(obj, name, default=None):
    """An attribute or a dict key, whichever ``obj`` has.

    >>> field({"ok": True}, "ok"), field(object(), "ok", False)
    (True, False)
    """
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _wrap(accent: str, inner: str) -> str:
    return (f'<div class="kit-status" role="status" aria-live="polite" '
            f'style="{_BOX.format(accent=accent)}">{inner}</div>')


def _num(x) -> str:
    """Points as people write them: 1, 1.5, 1.33.

    >>> _num(4 / 3), _num(2.0), _num(1)
    ('1.33', '2', '1')
    """
    return f"{round(x, 2):g}" if isinstance(x, (int, float)) else escape(str(x))


def result_html(result) -> str:
    """Practice feedback: points, then each feedback item with ✓ or ✗, the
    key's evidence (quoted from the text) and its rationale."""
    points, max_points = field(result, "points", 0), field(result, "max_points", 0)
    full = max_points and points >= max_points
    accent = "var(--jp-success-color1)" if full else (
        "var(--jp-warn-color1)" if points else "var(--jp-error-color1)")
    head = f"<b>{_num(points)} / {_num(max_points)} points</b>"
    status = field(result, "status")
    if status:
        head += f' <span style="color: var(--jp-ui-font-color1)">· {escape(str(status))}</span>'
    items = []
    for it in field(result, "feedback", []) or []:
        ok = field(it, "ok")
        mark = ('<span role="img" style="color: var(--jp-success-color1)" aria-label="right">✓</span>' if ok else
                '<span role="img" style="color: var(--jp-error-color1)" aria-label="not right">✗</span>' if ok is False
                else '<span style="color: var(--jp-ui-font-color2)">·</span>')
        line = f"{mark} {escape(str(field(it, 'message', '') or ''))}"
        evidence, rationale = field(it, "evidence"), field(it, "rationale")
        detail = []
        if evidence:
            detail.append(f"<i>“{escape(str(evidence))}”</i>")
        if rationale:
            detail.append(escape(str(rationale)))
        if detail:
            line += ('<div style="margin-left: 1.4em; color: var(--jp-ui-font-color1)">'
                     + " — ".join(detail) + "</div>")
        items.append(f'<li style="margin: 3px 0">{line}</li>')
    body = head
    if items:
        body += '<ul style="list-style: none; padding-left: 0; margin: 4px 0">' + "".join(items) + "</ul>"
    if field(result, "needs_review"):
        body += '<div style="color: var(--jp-ui-font-color1)">An instructor will also read this answer.</div>'
    return _wrap(accent, body)


def saved_html(when: str, note: str = "") -> str:
    """The status of an answer that is saved but not scored here."""
    text = f"Saved at {escape(when)}."
    if note:
        text += f" {escape(note)}"
    return _wrap("var(--jp-brand-color1)", f"✔ {text}")


def error_html(message: str) -> str:
    """A problem the student can fix (or report), never a traceback."""
    return _wrap("var(--jp-error-color1)", f"⚠ {escape(message)}")
