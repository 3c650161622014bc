"""Build the student tree: everything a student needs, and the practice keys only.

``kit release OUT`` copies the notebooks (without answers or checkpoints),
the texts, the exercise specs, the keys of *practice* exercises (graded
keys never), the ``kit`` package and what installs and runs it
(pyproject.toml, environment.yml, Makefile, README.md, docs/).  It refuses a
non-empty OUT unless ``force``; with ``force`` it replaces only the entries
it manages and leaves anything else (a ``.git`` folder, say) alone.  After
building it scans the tree for graded key values (:func:`leaks`) and fails
if it finds one.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["build", "leaks", "graded_values", "ReleaseError", "Release", "MANAGED", "MARKER"]

#: Top-level entries a release manages (and replaces with ``force``).
MANAGED = ("notebooks", "texts", "exercises", "kit", "docs", "pyproject.toml", "environment.yml",
           "Makefile", "README.md", "LICENSE", ".gitignore", ".binder", "jupyter-config")
MARKER = ".kit-release"
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "answers",
                                 "submission-*.json", ".pytest_cache", "*.corrupt-*")
#: Notebooks for the instructor only (grading, class analytics): numbered 99 and up.
_INSTRUCTOR_ONLY = shutil.ignore_patterns("99-*.ipynb")


def _ignore(folder, names):
    """What a release leaves out of a copied folder."""
    skip = set(_IGNORE(folder, names))
    if Path(folder).name == "notebooks":
        skip |= set(_INSTRUCTOR_ONLY(folder, names))
    return skip


class ReleaseError(ValueError):
    """The release cannot be built (or would leak a graded key)."""


@dataclass
class Release:
    """What was built: the folder, the files written, practice keys kept, graded keys left out."""

    out: Path
    files: int = 0
    practice_keys: list = field(default_factory=list)
    graded_left_out: list = field(default_factory=list)
    skipped: list = field(default_factory=list)


def _package_dir(root: Path) -> Path:
    here = root / "kit"
    if (here / "__init__.py").exists():
        return here
    return Path(__file__).resolve().parent


def build(out, force: bool = False, root=None) -> Release:
    """Build the student tree in ``out`` from the kit at ``root`` (default: the project)."""
    import yaml
    from .exercises import PRACTICE_ONLY_MARKER, catalog
    from .paths import project_root
    root = Path(root) if root else project_root()
    out = Path(out)
    if out.resolve() == root.resolve() or out.resolve() in root.resolve().parents:
        raise ReleaseError(f"{out} holds the kit itself; choose another folder")
    cat = catalog(root / "exercises")
    if cat.problems:
        raise ReleaseError("fix the exercises and keys first (kit exercises validate):\n"
                           + "\n".join(f"  {p}" for p in cat.problems))
    if out.exists() and any(out.iterdir()):
        if not force:
            raise ReleaseError(f"{out} is not empty; choose an empty folder or pass --force "
                               f"(which replaces only {', '.join(MANAGED)})")
        for name in MANAGED + (MARKER,):
            target = out / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
    out.mkdir(parents=True, exist_ok=True)
    rel = Release(out=out)
    for name in ("notebooks", "texts", "docs"):
        if (root / name).is_dir():
            shutil.copytree(root / name, out / name, ignore=_ignore)
        else:
            rel.skipped.append(name)
    for name in (".binder", "jupyter-config"):
        if (root / name).is_dir():
            shutil.copytree(root / name, out / name, ignore=_IGNORE)
    shutil.copytree(_package_dir(root), out / "kit", ignore=_IGNORE)
    for name in ("pyproject.toml", "environment.yml", "Makefile", "README.md", "LICENSE", ".gitignore"):
        if (root / name).is_file():
            shutil.copy2(root / name, out / name)
        else:
            rel.skipped.append(name)
    ex_out = out / "exercises"
    (ex_out / "keys").mkdir(parents=True)
    for spec in sorted((root / "exercises").glob("*.yml")):
        shutil.copy2(spec, ex_out / spec.name)
    practice = {e.id for e in cat if e.mode == "practice"}
    for key_file in sorted((root / "exercises" / "keys").glob("*.yml")):
        data = yaml.safe_load(key_file.read_text(encoding="utf-8")) or {}
        keys = data.get("keys") or {}
        kept = {k: v for k, v in keys.items() if str(k) in practice}
        rel.practice_keys += sorted(kept)
        rel.graded_left_out += sorted(str(k) for k in keys if str(k) not in practice)
        if kept:
            text = (f"# Practice keys of {key_file.stem}, copied by `kit release`: graded keys are left out.\n"
                    + yaml.safe_dump({"keys": kept}, sort_keys=False, allow_unicode=True, width=100))
            (ex_out / "keys" / key_file.name).write_text(text, encoding="utf-8")
    (ex_out / "keys" / PRACTICE_ONLY_MARKER).write_text(
        "This folder holds the keys of practice exercises only; graded keys stay with the instructor.\n",
        encoding="utf-8")
    from . import __version__
    (out / MARKER).write_text(json.dumps({"kit_version": __version__, "built": datetime.now(timezone.utc)
                                          .isoformat(timespec="seconds")}) + "\n", encoding="utf-8")
    found = leaks(out, cat)
    if found:
        raise ReleaseError("graded key values found in the release (nothing should reach students):\n"
                           + "\n".join(f"  {f}: {what}" for f, what in found[:20]))
    rel.files = sum(1 for p in out.rglob("*") if p.is_file())
    return rel


def graded_values(cat) -> dict:
    """Secret strings of the graded keys, by kind: rationale, pattern, idea, output, evidence."""
    out: dict = {"rationale": set(), "pattern": set(), "idea": set(), "output": set(), "evidence": set()}
    for ex in cat:
        if ex.mode != "graded" or ex.key is None:
            continue
        for item in ex.key.items:
            out["rationale"].add(item["rationale"])
            out["evidence"].add(item["evidence"])
            if ex.type == "short_text":
                out["idea"].add(item["idea"])
                out["pattern"].update(item["patterns"])
            if ex.type == "code":
                for case in item["cases"]:
                    e = case["expected"]
                    if isinstance(e, str) and len(e) >= 4:
                        out["output"].add(e)
                    elif isinstance(e, (list, dict)):
                        out["output"].add(json.dumps(e))
    return out


def leaks(tree, cat) -> list:
    """``(file, what)`` for every graded key value found in ``tree``.

    Rationales (sentences written for the key) are looked for in every
    file but the texts; rubric ideas and patterns and expected code outputs
    (four characters or more) in the exercises and notebooks, since a short
    pattern such as ``quot`` turns up in any source code; and every key
    file is parsed: none may hold a graded exercise.  Evidence is not looked
    for: it is a quote of the public text, so it proves nothing about a key.
    """
    import yaml
    tree = Path(tree)
    values = graded_values(cat)
    graded_ids = {e.id for e in cat if e.mode == "graded"}
    found = []
    for path in sorted(tree.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(tree)
        top = rel.parts[0]
        if top == "texts":
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for kind, strings in values.items():
            if kind == "evidence" or (kind != "rationale" and top not in ("exercises", "notebooks")):
                continue
            for s in strings:
                if len(s) >= 4 and s in text:
                    found.append((str(rel), f"{kind} {s[:50]!r}"))
        if rel.parts[:2] == ("exercises", "keys") and path.suffix == ".yml":
            data = yaml.safe_load(text) or {}
            for k in (data.get("keys") or {}) if isinstance(data, dict) else {}:
                if str(k) in graded_ids:
                    found.append((str(rel), f"key of graded exercise {k}"))
    return found
