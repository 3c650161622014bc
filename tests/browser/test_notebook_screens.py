"""Every notebook as a student sees it on a laptop (1366×768), in the light
and the dark theme: each notebook is run in JupyterLab, every kit widget is
scrolled into view and the screen is saved to ``test-artifacts/browser/notebooks/``
(``<notebook>-<n>-<light|dark>.png``). The test fails when a widget does not
render or is wider than its notebook output (it would scroll sideways).
"""

from __future__ import annotations

import json
import shutil

import pytest

from . import lab as L
from .a11y import overflowing
from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted(p.stem for p in (L.REPO / "notebooks").glob("*.ipynb"))
SHOTS = ARTIFACTS / "notebooks"
WIDGETS = ".kit-guard, .kit-text-viewer, .kit-text-picker, .js-plotly-plot"


@pytest.fixture(scope="module")
def course_lab(tmp_path_factory, chromium):
    """JupyterLab on a copy of the course: texts, exercises, notebooks."""
    root = tmp_path_factory.mktemp("kit-home-screens")
    for folder in ("texts", "exercises", "notebooks", "tests/data"):
        shutil.copytree(L.REPO / folder, root / folder, ignore=shutil.ignore_patterns("answers", "submission-*"))
    for rel, data in L.SETTINGS.items():
        path = root / ".lab" / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))
    server = L.Lab(root)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_screens_at_1366_in_both_themes(course_lab, chromium, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(120_000)
    problems = []
    try:
        L.open_notebook(page, course_lab, f"{name}.ipynb")
        L.run_all(page)
        assert page.get_by_text("Error displaying widget").count() == 0
        outputs = page.locator(".jp-OutputArea-output").filter(has=page.locator(WIDGETS))
        count = outputs.count()
        for theme in ("JupyterLab Light", "JupyterLab Dark"):
            L.set_theme(page, theme)
            short = "dark" if "Dark" in theme else "light"
            page.screenshot(path=str(SHOTS / f"{name}-00-{short}.png"))
            for i in range(count):
                out = outputs.nth(i)
                out.scroll_into_view_if_needed()
                page.screenshot(path=str(SHOTS / f"{name}-{i + 1:02d}-{short}.png"))
        L.set_theme(page, "JupyterLab Light")
        # nothing of a widget scrolls sideways or sticks out of its output at a laptop's width
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
        problems.extend(found)
        problems.extend(overflowing(page, ".kit-guard"))
    finally:
        context.close()
        for session in course_lab.api("GET", "/api/sessions"):
            course_lab.api("DELETE", f"/api/sessions/{session['id']}")
    assert not problems, json.dumps(problems[:10], indent=1)
