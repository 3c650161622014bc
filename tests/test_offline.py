"""The kit works offline: no network, an empty NLTK data path, nothing downloaded."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BLOCK_AND_LOAD = r"""
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network blocked by the offline test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import nltk
nltk.data.path[:] = [sys.argv[1]]
def no_download(*a, **k):
    raise AssertionError("nltk.download was called")
nltk.download = no_download
import kit
from kit.paths import texts_dir
ids = sorted(p.stem for p in texts_dir().glob("*.yml"))
for text_id in ids:
    doc = kit.load(text_id)
    assert len(doc.tokens) > 0, text_id
c = kit.corpus()
print(len(ids), len(c.tokens))
"""


def test_every_text_loads_with_the_network_blocked_and_no_nltk_data(tmp_path, seed):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "NLTK_DATA": str(empty)}
    run = subprocess.run([sys.executable, "-c", BLOCK_AND_LOAD, str(empty)], capture_output=True,
                         text=True, env=env, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    n_texts, n_tokens = map(int, run.stdout.split())
    assert n_texts >= 1 and n_tokens >= len(seed.tokens)
    assert list(empty.iterdir()) == []  # nothing was written to the data path


def test_no_code_in_the_kit_downloads():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "kit").rglob("*.py")
                 if "nltk.download" in p.read_text(encoding="utf-8") or "urlopen" in p.read_text(encoding="utf-8")]
    assert offenders == []


def test_import_kit_is_light():
    code = "import sys, kit; print(' '.join(m for m in ('pandas', 'nltk', 'plotly', 'ipywidgets') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
