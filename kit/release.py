"""Build the student tree: everything a student needs, and the practice keys only.

``kit release OUT`` copies the notebooks (without answers or checkpoints),
the texts, the exercise specs, the keys of *practice* exercises (graded
keys never), the ``kit`` package and what installs and runs it
(pyproject.toml, environment.yml, Makefile, README.md, docs/).  It refuses a
non-empty OUT unless ``force``; with ``force`` it replaces only the entries
it manages and leaves anything else (a ``.git`` folder, say) alone.  After
building it scans the tree for the secrets of graded keys (:func:`leaks`,
with what it checks and what it cannot) and fails if it finds one.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["build", "leaks", "graded_values", "normalise", "ReleaseError", "Release", "MANAGED", "MARKER",
           "KEY_FIELDS", "COURSE"]

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


#: Spec fields that would carry a key: a graded exercise's spec in a release may hold none of them.
KEY_FIELDS = frozenset({"key", "keys", "items", "answer", "answers", "solution", "solutions", "value", "values",
                        "gold", "accept", "accepted", "expected", "correct", "rationale", "evidence",
                        "patterns", "idea", "ideas", "cases", "credit", "tier"})
#: Folders of course material, where every kind of secret is looked for.
COURSE = ("exercises", "notebooks")
#: Words that, between an exercise id and a short secret, make a sentence give the key away.
_CUES = "key|keys|answer|answers|correct|solution|gold|right|expected|value"
#: A secret is scanned as a phrase when, normalised, it has this many words (or two words and 10 characters).
MIN_WORDS = 3


def normalise(text: str) -> str:
    """Text reduced to lower-case words and numbers separated by single spaces.

    JSON and HTML escapes are undone first, so that a key quoted inside a
    notebook (``\\"``, ``\\u2019``, ``&quot;``), re-wrapped or re-cased
    still matches:

    >>> normalise('He said \\"The Whole\\nWorld\\u2019s\\" &amp; <b>MORE</b>')
    ' he said the whole world s more '
    """
    import html
    import re
    import unicodedata
    for _ in range(2):   # a JSON string inside a JSON string is escaped twice
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text)
        text = re.sub(r"\\[nrt]", " ", text).replace('\\"', '"').replace("\\/", "/").replace("\\\\", "\\")
        text = html.unescape(text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)   # HTML tags
    text = unicodedata.normalize("NFKC", text).casefold()
    return " " + " ".join(re.findall(r"[^\W_]+", text)) + " "


def _is_phrase(norm: str) -> bool:
    words = norm.split()
    return len(words) >= MIN_WORDS or (len(words) == 2 and len(norm.strip()) >= 10)


def graded_values(cat) -> dict:
    """Exercise id → the secrets of its graded key, as the type's checker declares them
    (:func:`kit.checkers.secrets`): rationales, gold options, labels with their sentences,
    spans with their labels, links, numbers, expected code outputs, rubric ideas and patterns.
    """
    from .checkers import secrets
    return {ex.id: secrets(ex) for ex in cat if ex.mode == "graded" and ex.key is not None}


def leaks(tree, cat) -> list:
    """``(file, what)`` for every graded secret found in the release ``tree``.

    What the guard checks, after :func:`normalise` (case, white space,
    punctuation, JSON and HTML escapes):

    1. *Phrases*: rationales (sentences written for the key) in every file
       but the public texts (``texts/``); every other secret of two or more
       words (rubric ideas and patterns, ``a1.s3: morality``, ``loaded
       language: maniacal desire``, ``c2.s4 → c2.s2 (support)``, long code
       outputs) in the course material (:data:`COURSE`: exercises and
       notebooks), since the kit's code and docs quote the texts and
       generic examples.
    2. *Short secrets* (one word: an option letter, a number, a single
       label or output) cannot be looked for on their own; the guard looks
       for them where they would give the key away: after the exercise's id
       with a cue word between (``03.1 ... the answer is a``), as the value
       of the id in a saved answer (``"03.1": "a"``, ``"03.1": {"value":
       "a"}``), and in the structure of the exercise files: no graded
       exercise's spec may hold a key field (:data:`KEY_FIELDS`), and a key
       file may hold only practice keys.

    What it cannot catch: a short secret said in other words ("the third
    option", "six"), a paraphrased rationale, a secret split across files
    or encoded (base64, an image, a number worked out by code), and
    evidence alone (a quote of the public text proves nothing).
    """
    import re
    import yaml
    tree = Path(tree)
    secrets = graded_values(cat)
    graded = {e.id: e for e in cat if e.mode == "graded"}
    phrases: dict = {}
    short: list = []
    for ex_id, values in secrets.items():
        idn = normalise(ex_id).strip()
        written = {str(i.get("rationale")) for i in graded[ex_id].key.items}
        for v in values:
            n = normalise(v)
            if _is_phrase(n):
                phrases.setdefault(n, (ex_id, v, v in written))
            elif n.strip():
                w = re.escape(n.strip())
                rx = re.compile(rf" {re.escape(idn)}(?: \w+){{0,12}}? (?:{_CUES})(?: \w+){{0,3}}? {w} "
                                rf"| {re.escape(idn)} (?:value )?{w} ")
                short.append((rx, ex_id, v))
    found = []
    for path in sorted(tree.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(tree)
        if rel.parts[0] == "texts":
            continue
        try:
            raw = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        text = normalise(raw)
        course = rel.parts[0] in COURSE
        for n, (ex_id, v, everywhere) in phrases.items():
            if (everywhere or course) and n in text:
                found.append((str(rel), f"secret of graded exercise {ex_id}: {v[:50]!r}"))
        for rx, ex_id, v in (short if course else ()):
            if rx.search(text):
                found.append((str(rel), f"secret of graded exercise {ex_id} next to its id: {v[:20]!r}"))
        if rel.parts[0] == "exercises" and path.suffix in (".yml", ".yaml"):
            found += _structure(rel, raw, graded, yaml)
    return found


def _structure(rel, raw: str, graded: dict, yaml) -> list:
    """Key files hold practice keys only; graded specs hold no key field."""
    try:
        data = yaml.safe_load(raw) or {}
    except yaml.YAMLError as exc:
        return [(str(rel), f"cannot be read to check it ({exc.__class__.__name__})")]
    if not isinstance(data, dict):
        return []
    out = []
    if rel.parts[:2] == ("exercises", "keys"):
        for k in data.get("keys") or {}:
            if str(k) in graded:
                out.append((str(rel), f"key of graded exercise {k}"))
        return out
    for item in data.get("exercises") or []:
        if isinstance(item, dict) and str(item.get("id")) in graded:
            bad = sorted(_fields(item) & KEY_FIELDS)
            if bad:
                out.append((str(rel), f"graded exercise {item.get('id')} carries key field(s) {', '.join(bad)}"))
    if "keys" in data:
        out.append((str(rel), "a spec file with a 'keys' section"))
    return out


def _fields(value, depth: int = 0) -> set:
    """Every mapping key inside ``value`` (options are {id, text}: their fields are not key fields)."""
    if depth > 20:
        return set()
    if isinstance(value, dict):
        out = {str(k) for k in value}
        for v in value.values():
            out |= _fields(v, depth + 1)
        return out
    if isinstance(value, list):
        return set().union(*(_fields(v, depth + 1) for v in value)) if value else set()
    return set()
