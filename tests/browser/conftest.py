"""Fixtures of the browser suite: a JupyterLab server on a temp KIT_HOME, headless
Debian chromium driven by playwright, and the test notebook opened and run.

Without chromium the suite skips locally, and fails when ``CI`` is set (the
``chromium`` fixture in tests/conftest.py): in CI a missing browser is a broken set-up.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from . import lab as L

ARTIFACTS = L.REPO / "test-artifacts" / "browser"


@pytest.fixture(scope="session")
def lab(tmp_path_factory, chromium):
    """JupyterLab serving a fresh KIT_HOME (texts, fixture exercises, the test notebook).

    Asking for ``chromium`` first makes a missing browser skip locally and fail in CI
    before a server is started.
    """
    root = L.make_tree(tmp_path_factory.mktemp("kit-home"))
    server = L.Lab(root)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser(lab, chromium):
    """The shared headless chromium (see tests/conftest.py)."""
    return chromium


@pytest.fixture(scope="session")
def page(browser, lab):
    """The test notebook, opened and run once; tests then interact with it in file order."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(60_000)  # generous: CI machines are shared
    L.open_notebook(pg, lab)
    L.run_all(pg)
    yield pg
    context.close()


class Answers:
    """The answers file the kernel writes for the test notebook."""

    def __init__(self, root: Path, notebook: str = "99-widgets"):
        self.root, self.name = root, f"{notebook}.json"

    def path(self) -> Path | None:
        found = [p for p in self.root.rglob(self.name) if ".lab" not in p.parts]
        return found[0] if found else None

    def all(self) -> dict:
        p = self.path()
        return json.loads(p.read_text())["answers"] if p else {}

    def value(self, exercise_id, default=None):
        return self.all().get(exercise_id, {}).get("value", default)

    def wait_for(self, exercise_id, predicate, patience: float = 60):
        """The saved value once ``predicate(value)`` holds (the kernel writes asynchronously)."""
        deadline = time.monotonic() + patience
        value = None
        while time.monotonic() < deadline:
            try:
                value = self.value(exercise_id)
            except (json.JSONDecodeError, OSError):
                value = None
            if value is not None and predicate(value):
                return value
            time.sleep(0.1)
        raise AssertionError(f"answer {exercise_id} on disk is {value!r}, which is not what the student did")


@pytest.fixture(scope="session")
def answers(lab):
    return Answers(lab.root)


@pytest.fixture(scope="session")
def timings():
    """Seconds from a student's action to what they see, written to test-artifacts/browser/timings.json
    (recorded for the report, never asserted: no wall-clock limits in tests)."""
    found: dict = {}
    yield found
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "timings.json").write_text(json.dumps(found, indent=1))


@pytest.fixture(scope="session")
def shoot():
    """Save a screenshot of a widget into test-artifacts/browser/."""
    def save(locator, name: str):
        locator.scroll_into_view_if_needed()
        path = ARTIFACTS / f"{name}.png"
        locator.screenshot(path=str(path))
        return path
    return save
