"""Writing ``<id>.txt`` and ``<id>.yml`` all at once or not at all.

Both files are first written into a temporary folder inside the target
folder and checked with :func:`kit.textformat.validate`; only then are they
moved into place with :func:`os.replace`.  An existing text is replaced
only with ``force=True``, and then its files are kept as ``.bak`` copies:

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> sidecar = '''format: 1
... title: T
... source: S
... date: "2024"
... language: en
... licence: L
... speakers: {a: {name: A, role: author}}
... segments: [{id: body, lines: 1, kind: body, speaker: a}]
... '''
>>> [p.name for p in write_pair(out, "demo", "Hello.\\n", sidecar)[:2]]
['demo.txt', 'demo.yml']
>>> write_pair(out, "demo", "Hello.\\n", sidecar)
Traceback (most recent call last):
...
kit.importer.reading.ImportFailure: .../demo.yml: a text with id 'demo' already exists; use --force to replace it (the old files are kept as .bak)
>>> sorted(p.name for p in write_pair(out, "demo", "Hello.\\n", sidecar, force=True)[2])
['demo.txt.bak', 'demo.yml.bak']
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..textformat import validate
from .reading import ImportFailure

__all__ = ["write_pair"]


def write_pair(out_dir, text_id: str, original: str, sidecar: str, force: bool = False):
    """Write ``out_dir/<id>.txt`` and ``.yml``; return ``(txt, yml, backups)``."""
    out_dir = Path(out_dir)
    txt, yml = out_dir / f"{text_id}.txt", out_dir / f"{text_id}.yml"
    if (txt.exists() or yml.exists()) and not force:
        raise ImportFailure(yml, None, f"a text with id '{text_id}' already exists; "
                                       "use --force to replace it (the old files are kept as .bak)")
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".kit-import-", dir=out_dir))
    try:
        (tmp / txt.name).write_bytes(original.encode("utf-8"))
        (tmp / yml.name).write_bytes(sidecar.encode("utf-8"))
        problems = validate(tmp / yml.name)
        if problems:
            detail = "; ".join(p.message for p in problems[:3])
            raise ImportFailure(yml, None, f"the draft does not validate, so nothing was written ({detail})")
        backups = [_backup(p) for p in (txt, yml) if p.exists()]
        os.replace(tmp / txt.name, txt)
        os.replace(tmp / yml.name, yml)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return txt, yml, backups


def _backup(path: Path) -> Path:
    """Move ``path`` aside to ``<name>.bak`` (``.bak2``, ``.bak3`` ... if taken)."""
    target, n = path.with_name(path.name + ".bak"), 2
    while target.exists():
        target, n = path.with_name(f"{path.name}.bak{n}"), n + 1
    os.replace(path, target)
    return target
