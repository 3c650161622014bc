"""Shared fixtures: the seed document and a helper to write texts on disk."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

# The kit's table cache (kit/cache.py) goes to a folder of this test run, not the user's ~/.cache;
# kernels started by the notebook tests inherit it.
os.environ.setdefault("KIT_CACHE_DIR", tempfile.mkdtemp(prefix="kit-test-cache-"))

SEED_ID = "lavrov-new-regions-2025"


@pytest.fixture(scope="session")
def seed():
    """The first text, loaded."""
    import kit
    return kit.load(SEED_ID)


@pytest.fixture
def write_text(tmp_path):
    """Write ``<name>.txt`` and ``<name>.yml`` into a temp folder; return the .yml path.

    ``original`` may be str (written as UTF-8) or bytes (written as is).
    """
    def write(original, sidecar: str, name: str = "sample") -> Path:
        txt, yml = tmp_path / f"{name}.txt", tmp_path / f"{name}.yml"
        if isinstance(original, bytes):
            txt.write_bytes(original)
        elif original is not None:
            txt.write_text(original, encoding="utf-8")
        yml.write_text(textwrap.dedent(sidecar), encoding="utf-8")
        return yml
    return write


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian chromium for the whole run, shared by every browser test.

    Playwright's sync API allows one running instance per thread, so the widget suite and
    the notebook rendering tests must share it. Without chromium, browser tests skip
    locally and fail when ``CI`` is set: in CI a missing browser is a broken set-up.
    """
    import os

    from tests.browser import lab as L
    problem = None
    if not Path(L.CHROMIUM).exists():
        problem = f"{L.CHROMIUM} not found (install Debian's chromium: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "the playwright Python package is not installed (pip install -e '.[test]')"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {problem}", pytrace=False)
        pytest.skip(f"browser tests skipped: {problem}")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=L.CHROMIUM, args=L.CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
