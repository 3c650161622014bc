"""`kit report --html` opened in a real browser with the network cut off: every figure draws.

The kit promises that nothing downloads at run time; an instructor opens the report on a
laptop without a connection, or in a university network that blocks CDNs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts" / "browser"


def test_html_report_draws_every_figure_offline(chromium, tmp_path):
    graded, html = tmp_path / "graded", tmp_path / "report.html"
    fixture = REPO / "tests" / "data"
    for args in (["grade", fixture / "class", "--out", graded, "--no-progress", "--exercises", fixture / "exercises"],
                 ["report", graded, "--html", html, "--exercises", fixture / "exercises"]):
        run = subprocess.run([sys.executable, "-m", "kit", *map(str, args)], capture_output=True, text=True,
                             timeout=600)
        assert html.exists() or args[0] == "grade", run.stderr
    page = chromium.new_page(viewport={"width": 1366, "height": 768})
    asked = []

    def only_local(route):
        asked.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    try:
        page.route("**/*", only_local)
        page.goto(html.as_uri())
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
        drawn = page.locator(".js-plotly-plot").count()
        bars = page.locator(".js-plotly-plot .trace.bars, .js-plotly-plot .heatmaplayer, "
                            ".js-plotly-plot .barlayer .point").count()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report-offline.png"), full_page=True)
    finally:
        page.close()
    assert drawn == 3 and bars > 0
    assert [u for u in asked if not u.startswith("file://")] == []
