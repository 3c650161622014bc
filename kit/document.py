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

from functools import cached_property
from pathlib import Path

import pandas as pd

from .outline import file_key, resolve
from .paths import texts_dir
from .tables import local_view
from .textformat import TextFormatError, read

__all__ = ["Document", "Corpus", "load", "corpus", "texts", "resolve"]

TABLES = ("segments", "paragraphs", "sentences", "tokens", "quotations")


class Document:
    """One text: the untouched ``original``, its ``meta`` and tidy tables.

    A Document loaded as part of a corpus is a view of the corpus tables: each of its
    tables is cut from them (with the text's own categories) the first time it is used.
    """

    def __init__(self, id: str, path: Path, original: str, meta: dict, speakers: dict,
                 segments: pd.DataFrame | None = None, paragraphs: pd.DataFrame | None = None,
                 sentences: pd.DataFrame | None = None, tokens: pd.DataFrame | None = None,
                 quotations: pd.DataFrame | None = None, *, source=None):
        self.id, self.path, self.original, self.meta, self.speakers = id, Path(path), original, meta, speakers
        given = dict(segments=segments, paragraphs=paragraphs, sentences=sentences, tokens=tokens,
                     quotations=quotations)
        self._tables = {name: df for name, df in given.items() if df is not None}
        self._source = source  # (corpus tables, {table: slice}, voices sorted, lower codes, vocabulary)

    def _table(self, name: str) -> pd.DataFrame:
        df = self._tables.get(name)
        if df is None:
            if self._source is None:
                raise AttributeError(f"document '{self.id}' has no {name} table")
            tables, rows, voices_sorted, codes, vocab = self._source
            df = self._tables[name] = local_view(tables[name], name, rows[name], self.id, voices_sorted)
            if name == "tokens" and codes is not None:
                from .analysis.index import hint
                hint(df, codes[rows[name]], vocab)
        return df

    segments = property(lambda self: self._table("segments"), doc="one row per segment")
    paragraphs = property(lambda self: self._table("paragraphs"), doc="one row per paragraph")
    sentences = property(lambda self: self._table("sentences"), doc="one row per sentence")
    tokens = property(lambda self: self._table("tokens"), doc="one row per token")
    quotations = property(lambda self: self._table("quotations"), doc="one row per marked quotation")

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

    ``kit.corpus()`` builds the tables of all its texts in one pass; a Corpus made from
    documents (as below) stacks their tables when first used.

    >>> import kit
    >>> c = Corpus([kit.load("lavrov-new-regions-2025")])
    >>> c.segments.shape[0]
    14
    """

    def __init__(self, documents, tables: dict | None = None):
        self.documents = {d.id: d for d in documents}
        if tables:
            self.__dict__.update(tables)  # the cached properties below, already made

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
            parts = [f[col].array for f in frames]
            if len({p.categories.dtype for p in parts}) > 1:  # an empty table's categories may be untyped
                parts = [p.set_categories(p.categories.astype("str")) for p in parts]
            out[col] = union_categoricals(parts)
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


def load(id_or_path) -> Document:
    """Load a text by id (from ``texts/``) or by path; validated, with its tables.

    Loading is cached while the files are unchanged, in memory and on disk (see
    :mod:`kit.cache`). A broken text raises :class:`kit.textformat.TextFormatError`
    naming each file and line.
    """
    sidecar = resolve(id_or_path)
    key = file_key(sidecar)
    if key not in _CACHE:
        _load_all([sidecar], [key])
    return _CACHE[key]


_CORPORA: dict = {}


def corpus(ids=None, folder=None) -> Corpus:
    """All texts in ``texts/`` (or the given ids / folder), stacked into a Corpus.

    The tables of all texts are built together in one pass (or read from the disk
    cache), and kept while the files are unchanged: calling ``corpus()`` again is free,
    and the corpora it returns share their tables.
    """
    folder = Path(folder) if folder else texts_dir()
    if ids is None:
        ids = [p for p in sorted(folder.glob("*.yml"))]
    sidecars = [resolve(i) for i in ids]
    keys = [file_key(p) for p in sidecars]
    if len(set(keys)) < len(keys):  # the same text twice: stack it as before
        return Corpus(load(p) for p in sidecars)
    hit = _CORPORA.get(tuple(keys))
    if hit is None or any(_CACHE.get(k) is not d for k, d in zip(keys, hit[0])):
        docs, tables = _load_all(sidecars, keys)
        hit = _CORPORA[tuple(keys)] = (docs, tables)
    return Corpus(hit[0], hit[1])


def _load_all(sidecars: list[Path], keys: list) -> tuple[list[Document], dict]:
    """Build (or read from the disk cache) the tables of these texts together; register each Document."""
    from . import cache
    from .tables import ORDER, build_many

    found = cache.lookup(sidecars)
    if found is None:
        structures = [read(p) for p in sidecars]
        extras: dict = {}
        tables = build_many(structures, extras)
        info = [dict(id=s.id, path=s.path, original=s.original, meta=s.meta, speakers=s.speakers,
                     voices_sorted=any(seg.quotes for seg in s.segments)) for s in structures]
        counts = {name: tables[name]["text_id"].cat.codes.to_numpy() for name in ORDER}
        rows = _row_slices(counts, len(structures))
        cache.store(sidecars, structures, tables, rows, extras)
        del structures
        _trim_heap()
    else:
        tables, info, rows, extras = found
    codes, vocab = extras.get("lower_codes"), extras.get("vocabulary")
    if codes is not None:
        from .analysis.index import hint
        hint(tables["tokens"], codes, vocab, extras.get("order"))
    docs = []
    for k, (key, meta) in enumerate(zip(keys, info)):
        if len(keys) == 1:  # a text loaded alone owns its tables
            doc = Document(meta["id"], meta["path"], meta["original"], meta["meta"], meta["speakers"], **tables)
        else:
            doc = Document(meta["id"], meta["path"], meta["original"], meta["meta"], meta["speakers"],
                           source=(tables, {name: rows[name][k] for name in ORDER}, meta["voices_sorted"],
                                   codes, vocab))
        _CACHE[key] = doc
        docs.append(doc)
    return docs, tables


def _trim_heap() -> None:
    """Give back to the system the memory a build has freed (glibc keeps freed heap pages otherwise).

    After building a million tokens this lowers the resident memory by about 60 MB, in a few ms.
    """
    import ctypes
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to do
        pass


def _row_slices(codes_by_table: dict, n_texts: int) -> dict[str, list[slice]]:
    """For each table, the slice of rows of each text (rows come text after text)."""
    import numpy as np
    out = {}
    for name, codes in codes_by_table.items():
        bounds = np.searchsorted(codes, np.arange(n_texts + 1)).tolist()
        out[name] = [slice(bounds[k], bounds[k + 1]) for k in range(n_texts)]
    return out


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
