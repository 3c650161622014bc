"""Exercises and their keys: load, validate (file:line), look up by id.

``exercises/<notebook>.yml`` holds what a student may see; the keys in
``exercises/keys/<notebook>.yml`` hold what grading needs (the format is in
``docs/exercise-format.md``).  Both are validated when loaded, and every
key item's evidence must be found verbatim in its text:

>>> import kit.exercises as ex
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> cat = ex.catalog(FIX)
>>> cat.problems
[]
>>> e = cat.get("90.1")
>>> e.type, e.mode, e.points, e.key.items[0]["value"]
('single_choice', 'practice', 1, 'b')

With no folder given, the kit's ``exercises/`` is used (``KIT_HOME``
moves it): ``get("03.2")``, ``load_notebook("03-framing")``,
``all_exercises()`` and ``validate()`` read from there.  A student
release has only practice keys (or none); exercises still load, with
``key`` set to ``None`` where the key is not shipped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import checkers, ids
from .checkers import TYPES
from .paths import exercises_dir
from .yamlines import FileError, LineDict, LineList, load as load_yaml

__all__ = ["Exercise", "Key", "Catalog", "ExerciseError", "catalog", "get", "load_notebook",
           "all_exercises", "validate", "table", "TYPES", "MODES", "PRACTICE_ONLY_MARKER"]

MODES = ("practice", "graded")
#: A file that ``kit release`` puts in ``exercises/keys/`` of a student tree.
PRACTICE_ONLY_MARKER = "PRACTICE-KEYS-ONLY"

_FIELDS = {"id", "type", "mode", "points", "text", "unit", "prompt", "scheme", "options",
           "relations", "hints", "title", "function", "starter", "time_limit", "memory_limit",
           "max_chars", "quotes"}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class ExerciseError(ValueError):
    """An exercise that cannot be used; ``problems`` are its FileErrors."""

    def __init__(self, exercise_id: str, problems: list):
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"exercise {exercise_id} has problems (run `kit exercises validate`):\n{lines}")


@dataclass
class Key:
    """The key of one exercise: its ``items`` (dicts) and where they were written."""

    items: list
    path: Path | None = None
    line: int = 0
    item_lines: list = field(default_factory=list)


@dataclass(eq=False)
class Exercise:
    """One exercise: the spec's fields as attributes, and ``key`` (or None)."""

    id: str
    type: str
    mode: str
    points: float
    prompt: str
    notebook: str
    text: str | None = None
    unit: list = field(default_factory=list)
    scheme: list = field(default_factory=list)
    options: list = field(default_factory=list)
    relations: list = field(default_factory=list)
    hints: list = field(default_factory=list)
    title: str = ""
    function: str | None = None
    starter: str | None = None
    time_limit: float = 2.0
    memory_limit: int = 256
    max_chars: int = 5000
    quotes: int = 0
    extra: dict = field(default_factory=dict, repr=False)
    key: Key | None = field(default=None, repr=False)
    path: Path | None = field(default=None, repr=False)
    line: int = field(default=0, repr=False)

    def __repr__(self) -> str:
        return f"<Exercise {self.id} {self.type} {self.mode} {self.points:g} pts>"

    @property
    def is_practice(self) -> bool:
        return self.mode == "practice"

    @property
    def option_ids(self) -> list[str]:
        return [str(o["id"]) for o in self.options]

    def document(self):
        """The text this exercise is about (a :class:`kit.document.Document`).

        Kept with the exercise: the catalog is reloaded when a text changes.
        """
        doc = self.__dict__.get("_document")
        if doc is None:
            from .document import load
            if not self.text:
                raise ValueError(f"exercise {self.id} names no text")
            doc = self.__dict__["_document"] = load(self.text)
        return doc

    def outline(self):
        """The original of this exercise's text and the spans of its segments and sentences.

        A :class:`kit.outline.Outline`: what checking and grading need of the
        text, without its tables (so without pandas).

        >>> from kit.paths import project_root
        >>> ex = catalog(project_root() / "tests/data/exercises").get("90.4")
        >>> ex.outline().original == ex.document().original
        True
        """
        out = self.__dict__.get("_outline")
        if out is None:
            from .outline import outline
            if not self.text:
                raise ValueError(f"exercise {self.id} names no text")
            out = self.__dict__["_outline"] = outline(self.text)
        return out

    @cached_property
    def sentence_spans(self) -> dict:
        """Short sentence id → (start, end), for the sentences of the unit (all if no unit)."""
        sentences = self.outline().sentences
        if not self.unit:
            return {sid: (a, b) for sid, (_, a, b) in sentences.items()}
        out = {}
        for ref in self.unit:
            ref = short_id(ref, self.text)
            for sid, (seg, a, b) in sentences.items():
                if sid == ref or seg == ref:
                    out[sid] = (a, b)
        return out

    @cached_property
    def sentence_refs(self) -> dict:
        """Every way an answer may name a sentence of the exercise → its short id.

        ``'a1.s3'`` and ``'<text>:a1.s3'`` both map to ``'a1.s3'`` (the rule of
        :func:`short_id`, worked out once so that checking an answer is a
        dictionary look-up).
        """
        out = {}
        for sid in self.sentence_spans:
            if short_id(sid, self.text) == sid:
                out[sid] = sid
            if self.text:
                out[ids.full(self.text, sid)] = sid
        return out

    @property
    def sentence_ids(self) -> list[str]:
        """Short ids of the sentences this exercise is about, in unit order."""
        return list(self.sentence_spans)

    @cached_property
    def unit_ranges(self) -> list:
        """Character ranges (start, end) of the unit in the original, in text order."""
        text = self.outline()
        if not self.unit:
            return [(0, len(text.original))]
        out = []
        segs = text.segments
        sents = self.sentence_spans
        for ref in self.unit:
            ref = short_id(ref, self.text)
            if ref in segs:
                out.append(segs[ref])
            elif ref in sents:
                out.append(sents[ref])
        return sorted(set(out))


def short_id(ref, text: str | None) -> str:
    """``'lavrov-x:a1.s3'`` → ``'a1.s3'`` when the prefix is the exercise's text.

    >>> short_id("lavrov-new-regions-2025:a1.s3", "lavrov-new-regions-2025"), short_id("a1", "t")
    ('a1.s3', 'a1')
    """
    return ids.relative(ref, text)


@dataclass
class Catalog:
    """All exercises of a folder, with the problems found while loading them."""

    folder: Path
    exercises: dict = field(default_factory=dict)
    notebooks: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)
    broken: dict = field(default_factory=dict)
    keys_present: bool = False
    practice_only: bool = False

    def get(self, exercise_id) -> Exercise:
        """The exercise with this id; ExerciseError if its spec has problems."""
        exercise_id = str(exercise_id)
        if exercise_id in self.exercises:
            return self.exercises[exercise_id]
        if exercise_id in self.broken:
            raise ExerciseError(exercise_id, self.broken[exercise_id])
        known = ", ".join(self.exercises) or "none"
        raise KeyError(f"no exercise '{exercise_id}' in {self.folder} (exercises: {known})")

    def notebook(self, name: str) -> list:
        """The exercises of one notebook, in file order."""
        if name not in self.notebooks:
            known = ", ".join(self.notebooks) or "none"
            raise KeyError(f"no exercises for notebook '{name}' in {self.folder} (notebooks: {known})")
        return [self.exercises[i] for i in self.notebooks[name] if i in self.exercises]

    def __iter__(self):
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)


_CACHE: dict = {}


def catalog(folder=None) -> Catalog:
    """Load and validate every exercise and key in ``folder`` (default: the kit's).

    Cached while the files are unchanged.
    """
    folder = Path(folder) if folder else exercises_dir()
    stamp = _stamps(folder)
    where = str(folder.resolve())
    cached = _CACHE.get(where)
    if cached and cached[0] == stamp:
        return cached[1]
    cat = _load(folder)
    _CACHE[where] = (stamp, cat)
    return cat


def get(exercise_id, folder=None) -> Exercise:
    """One exercise by id (``kit.exercises.get("03.2")``), with ``.key`` or None."""
    return catalog(folder).get(exercise_id)


def load_notebook(name: str, folder=None) -> list:
    """The exercises of notebook ``name`` (the file stem, e.g. ``"03-framing"``)."""
    return catalog(folder).notebook(name)


def all_exercises(folder=None) -> list:
    """Every valid exercise, notebook by notebook."""
    return list(catalog(folder))


def validate(folder=None) -> list:
    """Every problem in the exercises and keys, as FileErrors (empty if all is well)."""
    return list(catalog(folder).problems)


def table(folder=None):
    """One row per exercise: id, notebook, type, mode, points, text, has_key.

    >>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
    >>> table(FIX).set_index("id").loc["90.2", ["type", "mode"]].tolist()
    ['multiple_choice', 'graded']
    """
    import pandas as pd
    rows = [{"id": e.id, "notebook": e.notebook, "type": e.type, "mode": e.mode, "points": e.points,
             "text": e.text, "has_key": e.key is not None} for e in catalog(folder)]
    return pd.DataFrame(rows, columns=["id", "notebook", "type", "mode", "points", "text", "has_key"])


# ---------------------------------------------------------------- loading

checkers.use_lookup(get)


def _stamps(folder: Path):
    from .paths import texts_dir
    files = sorted(folder.glob("*.yml")) + sorted((folder / "keys").glob("*.yml")) + sorted(texts_dir().glob("*.*"))
    marker = folder / "keys" / PRACTICE_ONLY_MARKER
    out = []
    for p in files + [marker]:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append((str(p), None))
    return tuple(out)


def _load(folder: Path) -> Catalog:
    cat = Catalog(folder=folder)
    if not folder.is_dir():
        cat.problems.append(FileError(folder, None, "no exercises folder here"))
        return cat
    keys_dir = folder / "keys"
    cat.keys_present = keys_dir.is_dir()
    cat.practice_only = (keys_dir / PRACTICE_ONLY_MARKER).exists()
    where: dict = {}
    for path in sorted(folder.glob("*.yml")):
        _load_spec(path, cat, where)
    found_keys: dict = {}
    for path in sorted(keys_dir.glob("*.yml")) if cat.keys_present else []:
        _load_keys(path, cat, found_keys)
    if cat.keys_present:
        for ex in cat.exercises.values():
            if ex.id in found_keys or ex.id in cat.broken:
                continue
            if ex.mode == "practice" or not cat.practice_only:
                cat.problems.append(FileError(ex.path, ex.line, f"exercise {ex.id} has no key "
                                              f"(add it to keys/{ex.notebook}.yml)"))
    return cat


def _load_spec(path: Path, cat: Catalog, where: dict) -> None:
    problems = cat.problems
    try:
        data = load_yaml(path)
    except FileError as exc:
        problems.append(exc)
        return
    if not isinstance(data, LineDict):
        problems.append(FileError(path, 1, "expected a mapping with notebook, title and exercises"))
        return
    name = path.stem
    if "notebook" in data and str(data["notebook"]) != name:
        problems.append(FileError(path, data.line_of("notebook"),
                                  f"notebook '{data['notebook']}' does not match the file name '{name}'"))
    items = data.get("exercises")
    if not isinstance(items, LineList):
        problems.append(FileError(path, data.line_of("exercises"), "'exercises' must be a list"))
        return
    cat.titles[name] = str(data.get("title", name))
    cat.notebooks[name] = []
    for n, raw in enumerate(items):
        line = items.line_of(n)
        if not isinstance(raw, LineDict):
            problems.append(FileError(path, line, "each exercise must be a mapping (id, type, ...)"))
            continue
        errs: list = []
        ex = _build_exercise(raw, name, path, errs)
        if ex is None:
            problems.extend(errs)
            continue
        if ex.id in where:
            errs.append(FileError(path, raw.line_of("id"), f"duplicate exercise id {ex.id} "
                                                         f"(also at {where[ex.id]})"))
        else:
            where[ex.id] = f"{path.name}:{raw.line_of('id')}"
        problems.extend(errs)
        if errs:
            cat.broken.setdefault(ex.id, []).extend(errs)
        else:
            cat.exercises[ex.id] = ex
            cat.notebooks[name].append(ex.id)


def _build_exercise(raw: LineDict, notebook: str, path: Path, errs: list) -> Exercise | None:
    def err(key, message):
        errs.append(FileError(path, raw.line_of(key) if key else raw.line, message))

    ex_id = raw.get("id")
    if ex_id is None:
        err(None, "exercise without an id")
        return None
    if not isinstance(ex_id, str):
        err("id", f'the id must be a string: write id: "{ex_id}" (in quotes)')
        return None
    if not _ID.fullmatch(ex_id):
        err("id", f"id '{ex_id}' may use only letters, digits, '.', '_' and '-'")
        return None
    for k in raw:
        if k not in _FIELDS:
            close = difflib.get_close_matches(str(k), sorted(_FIELDS), n=1, cutoff=0.75)
            if close:
                err(k, f"unknown field '{k}': did you mean '{close[0]}'?")
    kind, mode, points = raw.get("type"), raw.get("mode"), raw.get("points")
    if kind not in TYPES:
        err("type", f"unknown type {kind!r} (types: {', '.join(TYPES)})" if kind is not None
            else f"missing 'type' (one of {', '.join(TYPES)})")
    if mode not in MODES:
        err("mode", f"unknown mode {mode!r} (practice or graded)" if mode is not None
            else "missing 'mode' (practice or graded)")
    if isinstance(points, bool) or not isinstance(points, (int, float)) or points < 0:
        err("points", "missing 'points' (a number, 0 or more)" if points is None
            else f"points must be a number, 0 or more, not {points!r}")
        points = 0
    prompt = raw.get("prompt")
    if not isinstance(prompt, str) or not prompt.strip():
        err("prompt", "missing 'prompt' (what the student is asked)")
    ex = Exercise(id=ex_id, type=str(kind), mode=str(mode), points=points, prompt=str(prompt or ""),
                  notebook=notebook, path=path, line=raw.line)
    _string_list(raw, "hints", ex, err)
    _string_list(raw, "unit", ex, err)
    _string_list(raw, "scheme", ex, err)
    _string_list(raw, "relations", ex, err)
    for name in ("title", "function", "starter"):
        if name in raw:
            if not isinstance(raw[name], str):
                err(name, f"'{name}' must be text")
            else:
                setattr(ex, name, raw[name])
    for name, low, high in (("time_limit", 0.1, 30), ("memory_limit", 32, 4096), ("max_chars", 1, 100000)):
        if name in raw:
            v = raw[name]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= v <= high:
                err(name, f"'{name}' must be a number from {low} to {high}")
            else:
                setattr(ex, name, v)
    ex.extra = {k: v for k, v in raw.items() if k not in _FIELDS}
    if "options" in raw:
        ex.options = _options(raw, err)
    if kind in TYPES and checkers.needs_text(kind) and not raw.get("text"):
        err(None, f"a {kind} exercise needs 'text' (the text id it is about)")
    if raw.get("text") is not None:
        ex.text = str(raw["text"])
        _check_text_and_unit(ex, raw, err)
    if kind in TYPES and not errs:
        checkers.module(kind).check_spec(ex, raw, err)
    return ex


def _string_list(raw, name, ex, err):
    if name not in raw:
        return
    value = raw[name]
    if isinstance(value, str) and name in ("hints", "unit"):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                              for v in value):
        err(name, f"'{name}' must be a list of plain values")
        return
    value = [str(v) for v in value]
    dupes = sorted({v for v in value if value.count(v) > 1})
    if dupes:
        err(name, f"'{name}' lists {', '.join(dupes)} more than once")
    setattr(ex, name, value)


def _options(raw, err) -> list:
    value = raw["options"]
    if not isinstance(value, LineList):
        err("options", "'options' must be a list of {id, text}")
        return []
    out, seen = [], set()
    for n, opt in enumerate(value):
        if not isinstance(opt, dict) or "id" not in opt or "text" not in opt:
            err("options", f"option {n + 1} must have an id and a text")
            continue
        oid = str(opt["id"])
        if oid in seen:
            err("options", f"option id '{oid}' is used twice")
        seen.add(oid)
        out.append({"id": oid, "text": str(opt["text"])})
    return out


def _check_text_and_unit(ex: Exercise, raw, err) -> None:
    from .outline import resolve
    try:
        resolve(ex.text)
        text = ex.outline()
    except FileNotFoundError as exc:
        err("text", str(exc))
        return
    except Exception as exc:  # a broken text: name it, the text's own errors are for `kit validate`
        err("text", f"text '{ex.text}' cannot be loaded ({exc.__class__.__name__}); run `kit validate`")
        return
    segs, sents = set(text.segments), set(text.sentences)
    for ref in ex.unit:
        r = short_id(ref, ex.text)
        if r not in segs and r not in sents:
            err("unit", f"unit '{ref}' is neither a segment nor a sentence of {ex.text} "
                        f"(segments: {', '.join(sorted(segs))})")


def _load_keys(path: Path, cat: Catalog, found: dict) -> None:
    problems = cat.problems
    try:
        data = load_yaml(path)
    except FileError as exc:
        problems.append(exc)
        return
    if data is None:
        return
    keys = data.get("keys") if isinstance(data, LineDict) else None
    if not isinstance(keys, LineDict):
        problems.append(FileError(path, getattr(data, "line", 1), "expected 'keys:' mapping exercise ids to keys"))
        return
    for ex_id, entry in keys.items():
        line = keys.line_of(ex_id)
        if not isinstance(ex_id, str):
            problems.append(FileError(path, line, f'the exercise id must be a string: write "{ex_id}": (in quotes)'))
            continue
        if ex_id not in cat.exercises and ex_id not in cat.broken:
            problems.append(FileError(path, line, f"key for an unknown exercise {ex_id}"))
            continue
        if ex_id in found:
            problems.append(FileError(path, line, f"second key for exercise {ex_id} (first at {found[ex_id]})"))
            continue
        found[ex_id] = f"{path.name}:{line}"
        if ex_id in cat.broken:
            continue
        ex = cat.exercises[ex_id]
        errs: list = []
        key = _build_key(ex, entry, path, line, errs)
        problems.extend(errs)
        if errs:
            ex.key = None
            cat.broken.setdefault(ex_id, []).extend(errs)
        else:
            ex.key = key


def _build_key(ex: Exercise, entry, path: Path, line: int, errs: list) -> Key | None:
    items = entry.get("items") if isinstance(entry, LineDict) else None
    if not isinstance(items, LineList) or not items:
        errs.append(FileError(path, getattr(entry, "line", line), f"key {ex.id}: expected 'items:' with at least one item"))
        return None
    out, lines = [], []
    for n, item in enumerate(items):
        iline = items.line_of(n)
        if not isinstance(item, LineDict):
            errs.append(FileError(path, iline, f"key {ex.id}: each item must be a mapping"))
            continue

        def err(k, message, item=item):
            errs.append(FileError(path, item.line_of(k) if k else item.line, f"key {ex.id}: {message}"))

        for name in ("evidence", "rationale"):
            if not isinstance(item.get(name), str) or not item.get(name).strip():
                err(name if name in item else None, f"every key item needs '{name}' (text)")
        for name, value in item.items():
            if value is None and name not in ("evidence", "rationale"):
                err(name, f"'{str(name)[:40]}' has no value: a comma inside {{...}} splits the text; put it in quotes")
        if isinstance(item.get("evidence"), str) and item["evidence"].strip():
            _check_evidence(ex, item, err)
        out.append(dict(item))
        lines.append(iline)
    if errs:
        return None
    n_before = len(errs)
    items_checked = checkers.module(ex.type).check_key(ex, out, items, lambda n, k, m: errs.append(
        FileError(path, items[n].line_of(k) if k else items.line_of(n), f"key {ex.id}: {m}")))
    if len(errs) > n_before:
        return None
    return Key(items=items_checked, path=path, line=line, item_lines=lines)


def _check_evidence(ex: Exercise, item, err) -> None:
    evidence = item["evidence"]
    if ex.text:
        try:
            original = ex.outline().original
        except Exception:
            return  # reported on the spec's text line
        if evidence not in original:
            err("evidence", f"evidence not found verbatim in {ex.text}: \"{_short(evidence)}\"{_near(evidence, original)}")
        return
    from .outline import outline
    from .paths import texts_dir
    for sidecar in sorted(texts_dir().glob("*.yml")):
        try:
            if evidence in outline(sidecar.stem).original:
                return
        except Exception:
            continue
    err("evidence", f"evidence not found verbatim in any text: \"{_short(evidence)}\" "
                    "(give the exercise a 'text' to say which)")


def _fold(s: str) -> str:
    table = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\n": " ", "\t": " "})
    return re.sub(r" +", " ", s.translate(table)).lower()


def _near(evidence: str, original: str) -> str:
    """A hint when the evidence differs from the text only in quotes, dashes, spaces or case."""
    if _fold(evidence) in _fold(original):
        return " (it is there with different quotes, dashes, spaces or capitals: copy it exactly)"
    return ""


def _short(s: str, n: int = 60) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"
