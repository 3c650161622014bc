"""A disk cache of built tables, so that a kernel restart does not pay for building them again.

Where: ``$KIT_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/discourse-kit``, else
``~/.cache/discourse-kit``: a folder of the user's own, never beside the texts (on
JupyterHub ``texts/`` may be read-only or shared between users).  ``KIT_CACHE=off``
turns the cache off.

What: one entry per set of texts loaded together (``kit.load`` a single text,
``kit.corpus()`` all of them), a folder named by a key: the SHA-256 of every
sidecar and original (their bytes, not their dates), the kit's version, the
source of the modules that build tables (the splitter, the tokenizer, the table
builder) and this file's format number.  Any change to any of them gives another
key, so a stale entry is never read.  An entry holds each table as an Arrow IPC
file (``pyarrow``; categoricals stay categoricals), the concordance index's
lower-case codes, and ``manifest.json`` (per text: id, meta, speakers, rows).

Trust: an entry is read only if its folder and files belong to the current user
and no one else may write to them, its manifest names the expected key and
format, and each table has exactly the expected columns, types and row counts.
Nothing is unpickled.  Anything else (a corrupt, foreign or half-written entry)
is ignored with a warning and the tables are built again.

Concurrency: an entry is written into a temporary folder and renamed into place
(``os.replace``); two kernels building at once both write, the first rename
wins and the other is discarded, and a reader never sees a half-written entry.

>>> import os, kit.cache as c
>>> c.cache_dir().name == "discourse-kit" or "KIT_CACHE_DIR" in os.environ
True
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import warnings
from pathlib import Path

__all__ = ["cache_dir", "lookup", "store", "key_of", "FORMAT", "CacheWarning"]

#: Format number of a cache entry; bump it when the layout changes.
FORMAT = 1


class CacheWarning(UserWarning):
    """A cache entry could not be used (corrupt, foreign, unreadable): the tables were rebuilt."""


def cache_dir() -> Path:
    """The folder the kit keeps its cache in (created on first write, private to the user)."""
    if os.environ.get("KIT_CACHE_DIR"):
        return Path(os.environ["KIT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "discourse-kit"


def _enabled() -> bool:
    return os.environ.get("KIT_CACHE", "on").lower() not in ("off", "0", "no", "false")


def _code_version() -> str:
    """Hash of the kit version and of the source of every module whose output the cache holds."""
    global _CODE
    if _CODE is None:
        import kit
        h = hashlib.sha256(f"{FORMAT}:{kit.__version__}".encode())
        here = Path(__file__).resolve().parent
        for name in ("nlp.py", "outline.py", "tables.py", "textformat.py", "yamlines.py", "yamlsubset.py", "cache.py"):
            p = here / name
            h.update(p.read_bytes() if p.exists() else b"-")
        import pandas
        import pyarrow
        h.update(f"{pandas.__version__}:{pyarrow.__version__}".encode())
        _CODE = h.hexdigest()
    return _CODE


_CODE: str | None = None


def key_of(sidecars: list[Path]) -> tuple[str, list[bytes]] | None:
    """The cache key of these texts and the bytes of each original; None if one cannot be keyed.

    A text whose sidecar names another original file (``original:``) is not cached.
    """
    h = hashlib.sha256(_code_version().encode())
    originals = []
    for p in sidecars:
        try:
            side = p.read_bytes()
            txt = p.with_suffix(".txt").read_bytes()
        except OSError:
            return None
        if b"\noriginal:" in b"\n" + side:
            return None
        for part in (p.stem.encode(), hashlib.sha256(side).digest(), hashlib.sha256(txt).digest()):
            h.update(len(part).to_bytes(8, "little") + part)
        originals.append(txt)
    return h.hexdigest(), originals


# --- reading -----------------------------------------------------------------------------------

def lookup(sidecars: list[Path]):
    """The cached tables of these texts, or None (not cached, stale, or not trustworthy).

    Returns ``(tables, info, rows, extras)`` as :func:`kit.document._load_all` uses them.
    """
    if not _enabled() or not sidecars:
        return None
    keyed = key_of(sidecars)
    if keyed is None:
        return None
    key, originals = keyed
    entry = cache_dir() / key[:2] / key
    if not entry.exists():
        return None
    try:
        return _read_entry(entry, key, sidecars, originals)
    except Exception as exc:  # noqa: BLE001 (any failure means: do not trust it, rebuild)
        warnings.warn(f"ignoring the table cache {entry}: {exc}; building the tables again",
                      CacheWarning, stacklevel=3)
        return None


def _owned(path: Path) -> None:
    """Raise unless ``path`` belongs to this user and no one else may write to it."""
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        raise ValueError(f"{path.name} is a symbolic link")
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise ValueError(f"{path.name} belongs to another user")
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ValueError(f"{path.name} may be written by other users")


def _read_entry(entry: Path, key: str, sidecars: list[Path], originals: list[bytes]):
    import numpy as np
    import pyarrow as pa

    from .tables import ORDER

    _owned(entry)
    _owned(entry / "manifest.json")
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("key") != key:
        raise ValueError("the manifest is not this entry's")
    texts = manifest["texts"]
    if [t["id"] for t in texts] != [p.stem for p in sidecars]:
        raise ValueError("the entry holds other texts")
    tables = {}
    for name in ORDER:
        path = entry / f"{name}.arrow"
        _owned(path)
        with pa.memory_map(str(path), "r") as source:
            table = pa.ipc.open_file(source).read_all()
        if table.schema.metadata is None or table.schema.metadata.get(b"kit-key") != key.encode():
            raise ValueError(f"{name}.arrow is not this entry's")
        if table.column_names != ORDER[name]:
            raise ValueError(f"{name}.arrow has columns {table.column_names}")
        if table.num_rows != sum(t["rows"][name] for t in texts):
            raise ValueError(f"{name}.arrow has {table.num_rows} rows, not the manifest's")
        tables[name] = _to_pandas(table, manifest["schema"][name], [t["id"] for t in texts])
    path = entry / "index.arrow"
    _owned(path)
    with pa.memory_map(str(path), "r") as source:
        ix = pa.ipc.open_file(source).read_all()
    if ix.schema.metadata is None or ix.schema.metadata.get(b"kit-key") != key.encode():
        raise ValueError("index.arrow is not this entry's")
    n_tok = len(tables["tokens"])
    codes = ix.column("code").to_numpy()
    order = ix.column("order").to_numpy()
    vocab_t = pa.ipc.open_file(pa.memory_map(str(entry / "vocabulary.arrow"), "r")).read_all()
    _owned(entry / "vocabulary.arrow")
    vocab = np.asarray(vocab_t.column("form").to_pylist(), dtype=object)
    if len(codes) != n_tok or len(order) != n_tok or (n_tok and (codes.max() >= len(vocab) or codes.min() < 0)):
        raise ValueError("the index does not fit the token table")
    info, rows, at = [], {name: [] for name in ORDER}, dict.fromkeys(ORDER, 0)
    token_ends = tables["tokens"]["end"].to_numpy()
    for t, sidecar, raw in zip(texts, sidecars, originals):
        original = raw.decode("utf-8")
        for name in ORDER:
            n = t["rows"][name]
            rows[name].append(slice(at[name], at[name] + n))
            at[name] += n
        end = token_ends[rows["tokens"][-1]]
        if len(end) and int(end.max()) > len(original):
            raise ValueError(f"offsets of '{t['id']}' run past its original")
        info.append(dict(id=t["id"], path=sidecar, original=original, meta=t["meta"], speakers=t["speakers"],
                         voices_sorted=t["voices_sorted"]))
    return tables, info, rows, {"lower_codes": codes, "vocabulary": vocab, "order": order}


def _to_pandas(table, schema: dict, text_ids: list[str]):
    """An Arrow table back to the DataFrame it came from (categoricals, ``str`` columns, dtypes)."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    cols = {}
    for name, kind in schema.items():
        col = table.column(name)
        if kind == "category":
            col = col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)
            if not pa.types.is_dictionary(col.type):
                raise ValueError(f"column {name} is not categorical")
            cats = pd.Index(_str_array(col.dictionary))
            codes = col.indices.to_numpy(zero_copy_only=False)
            if name == "text_id" and not len(codes):  # Arrow keeps no dictionary for an empty column
                cats = pd.Index(_str_array(pa.array(text_ids, type=pa.string())))
            cols[name] = pd.Categorical.from_codes(codes, categories=cats)
        elif kind == "str":
            if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)):
                raise ValueError(f"column {name} is not text")
            cols[name] = _str_array(col)
        else:
            values = col.to_numpy()
            if str(values.dtype) != kind:
                raise ValueError(f"column {name} is {values.dtype}, expected {kind}")
            cols[name] = values
    return pd.DataFrame(cols, copy=False)


def _str_array(col):
    import numpy as np
    import pandas as pd

    dtype = pd.Series(["x"]).dtype
    if getattr(dtype, "storage", None) == "pyarrow":
        return pd.array(col, dtype=dtype)
    return pd.array(np.asarray(col.to_pylist(), dtype=object), dtype=dtype)


# --- writing -----------------------------------------------------------------------------------

def store(sidecars: list[Path], structures, tables: dict, rows: dict, extras: dict) -> Path | None:
    """Write the tables of these texts to the cache; returns the entry, or None if not written.

    Never raises: a cache that cannot be written (read-only home, full disk) only costs speed.
    """
    if not _enabled() or not sidecars:
        return None
    try:
        return _write(sidecars, structures, tables, rows, extras)
    except Exception as exc:  # noqa: BLE001
        warnings.warn(f"could not write the table cache: {exc}", CacheWarning, stacklevel=3)
        return None


def _schema_of(df) -> dict:
    import pandas as pd
    out = {}
    for name in df.columns:
        dt = df[name].dtype
        out[name] = "category" if isinstance(dt, pd.CategoricalDtype) else \
            "str" if isinstance(dt, pd.StringDtype) or dt == object else str(dt)
    return out


def _write(sidecars, structures, tables, rows, extras) -> Path | None:
    import numpy as np
    import pyarrow as pa

    from .tables import ORDER, code_order

    keyed = key_of(sidecars)
    if keyed is None:
        return None
    key, originals = keyed
    # the files may have changed since they were read: cache only what was built
    if [s.original.encode("utf-8") for s in structures] != originals:
        return None
    texts = _plain([{"id": s.id, "meta": s.meta, "speakers": s.speakers,
                     "voices_sorted": any(seg.quotes for seg in s.segments),
                     "rows": {name: rows[name][k].stop - rows[name][k].start for name in ORDER}}
                    for k, s in enumerate(structures)])
    if texts is None:
        return None  # something JSON cannot carry exactly: do not cache
    root = cache_dir()
    parent = root / key[:2]
    entry = parent / key
    if entry.exists():
        return entry
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    parent.mkdir(exist_ok=True, mode=0o700)
    tmp = Path(tempfile.mkdtemp(prefix=f".{key[:16]}-", dir=parent))  # mode 0700
    try:
        meta = {b"kit-key": key.encode()}
        for name in ORDER:
            table = pa.Table.from_pandas(tables[name], preserve_index=False).replace_schema_metadata(meta)
            _write_ipc(tmp / f"{name}.arrow", table)
        codes = np.asarray(extras["lower_codes"], dtype=np.int32)
        order = extras.get("order")
        if order is None:
            order = code_order(codes)
            order = order.astype(np.int32) if len(order) < 2**31 else order
        _write_ipc(tmp / "index.arrow", pa.table({"code": codes, "order": order}).replace_schema_metadata(meta))
        _write_ipc(tmp / "vocabulary.arrow",
                   pa.table({"form": pa.array(list(extras["vocabulary"]), type=pa.string())}).replace_schema_metadata(meta))
        manifest = {"format": FORMAT, "key": key, "texts": texts,
                    "schema": {name: _schema_of(tables[name]) for name in ORDER}}
        (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        os.chmod(tmp, 0o700)
        try:
            os.replace(tmp, entry)  # atomic; fails if another kernel put the entry there first
        except OSError:
            if not entry.exists():
                raise
        else:
            extras["order"] = order
            return entry
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return entry


def _write_ipc(path: Path, table) -> None:
    import pyarrow as pa
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def _plain(value):
    """``value`` as plain JSON data if that keeps it exactly, else None."""
    try:
        back = json.loads(json.dumps(value))
    except (TypeError, ValueError):
        return None
    return back if back == value else None
