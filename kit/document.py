"""Documents and corpora: a text with its tables, and all texts stacked.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> doc
<Document lavrov-new-regions-2025: 14 segments, 78 sentences, 1,735 words>
>>> row = doc.sentences.iloc[0]
>>> doc.original[row.start:row.end] == row.text
True
>>> kit.corpus().tokens["text_id"].nunique() == len(kit.texts())
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .paths import texts_dir
from .tables import build
from .textformat import TextFormatError, read

__all__ = ["Document", "Corpus", "load", "corpus", "texts", "resolve"]

TABLES = ("segments", "paragraphs", "sentences", "tokens", "quotations")


@dataclass(eq=False)
class Document:
    """One text: the untouched ``original``, its ``meta`` and tidy tables."""

    id: str
    path: Path
    original: str
    meta: dict
    speakers: dict
    segments: pd.DataFrame = field(repr=False)
    paragraphs: pd.DataFrame = field(repr=False)
    sentences: pd.DataFrame = field(repr=False)
    tokens: pd.DataFrame = field(repr=False)
    quotations: pd.DataFrame = field(repr=False)

    @property
    def text_ids(self) -> list[str]:
        """The ids of the texts in this document (just its own): shared with Corpus."""
        return [self.id]

    def document(self, text_id: str | None = None) -> "Document":
        """Return this document (the same call on a Corpus picks one text)."""
        if text_id not in (None, self.id):
            raise KeyError(f"this document is '{self.id}', not '{text_id}'")
        return self

    def span(self, start: int, end: int) -> str:
        """The original text between two offsets."""
        return self.original[start:end]

    def segment(self, segment: str) -> pd.Series:
        """The row of a segment, by short id (``'a1'``) or full id."""
        from . import ids as _ids
        full = _ids.full(self.id, segment)
        rows = self.segments[self.segments["segment_id"] == full]
        if rows.empty:
            raise KeyError(f"no segment '{segment}' in '{self.id}' "
                           f"(segments: {', '.join(_ids.shorts(self.segments.segment_id))})")
        return rows.iloc[0]

    def __repr__(self) -> str:
        words = int(self.tokens["is_word"].sum())
        return (f"<Document {self.id}: {len(self.segments)} segments, "
                f"{len(self.sentences)} sentences, {words:,} words>")

    def _repr_html_(self) -> str:
        from html import escape
        m = self.meta
        return (f"<b>{escape(str(m.get('title', self.id)))}</b> <code>{escape(self.id)}</code><br>"
                f"{escape(str(m.get('publisher', '')))} · {escape(str(m.get('date', '')))} · "
                f"{len(self.segments)} segments, {len(self.sentences)} sentences, "
                f"{int(self.tokens['is_word'].sum()):,} words")


class Corpus:
    """Several documents; each table stacks theirs, with a ``text_id`` column.

    >>> import kit
    >>> c = Corpus([kit.load("lavrov-new-regions-2025")])
    >>> c.segments.shape[0]
    14
    """

    def __init__(self, documents):
        self.documents = {d.id: d for d in documents}

    @property
    def text_ids(self) -> list[str]:
        return list(self.documents)

    def document(self, text_id: str) -> Document:
        """One document of the corpus by id."""
        return self.documents[text_id]

    def _stack(self, name: str) -> pd.DataFrame:
        """One table of all documents; categorical columns are united, not re-factorised."""
        from pandas.api.types import union_categoricals

        frames = [getattr(d, name) for d in self.documents.values()]
        if not frames:
            return pd.DataFrame()
        if len(frames) == 1:
            return frames[0].copy()
        cats = [c for c in frames[0].columns if isinstance(frames[0][c].dtype, pd.CategoricalDtype)]
        out = pd.concat([f.drop(columns=cats) for f in frames], ignore_index=True)
        for col in cats:
            out[col] = union_categoricals([f[col] for f in frames])
        return out[frames[0].columns]

    segments = cached_property(lambda self: self._stack("segments"))
    paragraphs = cached_property(lambda self: self._stack("paragraphs"))
    sentences = cached_property(lambda self: self._stack("sentences"))
    tokens = cached_property(lambda self: self._stack("tokens"))
    quotations = cached_property(lambda self: self._stack("quotations"))

    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        return f"<Corpus of {len(self)} texts: {', '.join(self.documents)}>"


_CACHE: dict = {}


def resolve(id_or_path) -> Path:
    """The sidecar path for a text id, a ``.txt`` or ``.yml`` path.

    >>> resolve("lavrov-new-regions-2025").name
    'lavrov-new-regions-2025.yml'
    """
    p = Path(id_or_path)
    if p.suffix in (".txt", ".yml") and (p.exists() or p.with_suffix(".yml").exists() or len(p.parts) > 1):
        return p.with_suffix(".yml")
    candidate = texts_dir() / f"{id_or_path}.yml"
    if candidate.exists():
        return candidate
    known = ", ".join(sorted(q.stem for q in texts_dir().glob("*.yml"))) or "none"
    raise FileNotFoundError(f"no text '{id_or_path}' in {texts_dir()} (texts: {known})")


def load(id_or_path) -> Document:
    """Load a text by id (from ``texts/``) or by path; validated, with its tables.

    Loading is cached while the files are unchanged. A broken text raises
    :class:`kit.textformat.TextFormatError` naming each file and line.
    """
    sidecar = resolve(id_or_path)
    txt = sidecar.with_suffix(".txt")
    key = (str(sidecar.resolve()), _stamp(sidecar), _stamp(txt))
    if key not in _CACHE:
        structure = read(sidecar)
        t = build(structure)
        _CACHE[key] = Document(structure.id, sidecar, structure.original, structure.meta,
                               structure.speakers, **{name: t[name] for name in TABLES})
    return _CACHE[key]


def _stamp(path: Path):
    try:
        st = path.stat()
        return (st.st_mtime_ns, st.st_size)
    except FileNotFoundError:
        return None


def corpus(ids=None, folder=None) -> Corpus:
    """All texts in ``texts/`` (or the given ids / folder), stacked into a Corpus."""
    folder = Path(folder) if folder else texts_dir()
    if ids is None:
        ids = [p for p in sorted(folder.glob("*.yml"))]
    return Corpus(load(i) for i in ids)


def texts(folder=None) -> pd.DataFrame:
    """The catalog: one row per text in ``texts/``, from the sidecars alone (fast).

    Columns: text_id, title, date, language, publisher, segments, speakers,
    status ('ok' or the first problem found).
    """
    from .textformat import inspect
    folder = Path(folder) if folder else texts_dir()
    rows = []
    for path in sorted(folder.glob("*.yml")):
        data, problems = inspect(path)
        rows.append({
            "text_id": path.stem,
            **{field: str(data.get(field, "")) for field in ("title", "date", "language", "publisher")},
            "segments": len(data.get("segments") or []),
            "speakers": len(data.get("speakers") or {}),
            "status": "ok" if not problems else str(problems[0]),
        })
    cols = ["text_id", "title", "date", "language", "publisher", "segments", "speakers", "status"]
    return pd.DataFrame(rows, columns=cols)


__all__ += ["TextFormatError"]
