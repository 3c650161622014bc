"""Shared fixtures: the seed document and a helper to write texts on disk."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

SEED_ID = "lavrov-new-regions-2025"
SEED_SOURCE = Path(__file__).resolve().parents[1].parent / "shared" / "seed" / "000_aed4f32ed7f0f0ec.txt"


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
