"""Screens of a notebook as a student sees it on a laptop (1366×768), light and dark.

Used by the notebook rendering test (tests/test_notebooks.py), which already opens and
runs every notebook in JupyterLab: each kit widget is scrolled into view and the screen
saved to ``test-artifacts/browser/notebooks/<notebook>-<n>-<light|dark>.png``; what sticks
out of its notebook output (it would scroll sideways) is returned as a problem.
"""

from __future__ import annotations

from .a11y import overflowing

WIDGETS = ".kit-guard, .kit-text-viewer, .kit-text-picker, .js-plotly-plot"
VIEWPORT = {"width": 1366, "height": 768}


def shoot(page, L, name: str, folder) -> list[str]:
    """Screenshots of notebook ``name`` (already run in ``page``) in both themes; the problems found."""
    folder.mkdir(parents=True, exist_ok=True)
    outputs = page.locator(".jp-OutputArea-output").filter(has=page.locator(WIDGETS))
    count = outputs.count()
    for theme in ("JupyterLab Light", "JupyterLab Dark"):
        L.set_theme(page, theme)
        short = "dark" if "Dark" in theme else "light"
        page.screenshot(path=str(folder / f"{name}-00-{short}.png"))
        for i in range(count):
            outputs.nth(i).scroll_into_view_if_needed()
            page.screenshot(path=str(folder / f"{name}-{i + 1:02d}-{short}.png"))
    L.set_theme(page, "JupyterLab Light")
    found = page.evaluate("""(sel) => {
      const out = [];
      document.querySelectorAll('.jp-OutputArea-output').forEach((o, i) => {
        if (!o.querySelector(sel)) return;
        const r = o.getBoundingClientRect();
        for (const el of o.querySelectorAll(sel)) {
          const b = el.getBoundingClientRect();
          if (b.right > r.right + 1) out.push(`output ${i}: ${el.className.baseVal ?? el.className} ends at ${Math.round(b.right)} > ${Math.round(r.right)}`);
        }
      });
      return out;
    }""", WIDGETS)
    return found + overflowing(page, ".kit-guard")
