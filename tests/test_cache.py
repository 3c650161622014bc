"""The disk cache of built tables (kit/cache.py): hits, invalidation, races, and entries not to trust."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import kit
import kit.cache
import kit.document
import kit.tables

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("segments", "paragraphs", "sentences", "tokens", "quotations")


@pytest.fixture
def folder(tmp_path):
    """A folder with copies of the seed and of a small second text (no quotations)."""
    texts = tmp_path / "texts"
    texts.mkdir()
    for suffix in (".txt", ".yml"):
        shutil.copy(ROOT / "texts" / f"lavrov-new-regions-2025{suffix}", texts / f"seed{suffix}")
    (texts / "small.txt").write_text("A title\nFirst comment. It has two sentences.\nA reply!\n", encoding="utf-8")
    (texts / "small.yml").write_text(
        "title: Small\nsource: written for the tests\ndate: '2025'\nlanguage: en\nlicence: test\n"
        "speakers:\n  a: {name: A, role: reader}\n  b: {name: B, role: blogger}\n"
        "segments:\n  - {id: t, lines: 1, kind: title, speaker: b}\n"
        "  - {id: c1, lines: 2, kind: comment, speaker: a}\n"
        "  - {id: c2, lines: 3, kind: comment, speaker: b, reply_to: c1}\n", encoding="utf-8")
    return texts


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh cache folder, and the kit's in-memory caches emptied (as in a new kernel)."""
    where = tmp_path / "cache"
    monkeypatch.setenv("KIT_CACHE_DIR", str(where))
    fresh()
    yield where
    fresh()


def fresh():
    kit.document._CACHE.clear()
    kit.document._CORPORA.clear()


def entries(where: Path) -> list[Path]:
    return sorted(p for p in where.glob("*/*") if p.is_dir() and not p.name.startswith("."))


def no_building(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("the tables were built again")
    monkeypatch.setattr(kit.tables, "build_many", refuse)


def assert_same_tables(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_categorical=True)
        for col in getattr(a, name).columns:
            x, y = getattr(a, name)[col], getattr(b, name)[col]
            if isinstance(x.dtype, pd.CategoricalDtype):
                assert list(x.cat.categories) == list(y.cat.categories), (name, col)


def test_a_reload_reads_the_cache_and_gives_the_same_tables(folder, cache, monkeypatch):
    built = kit.corpus(folder=folder)
    assert len(entries(cache)) == 1
    first_doc = built.document("seed")
    fresh()
    no_building(monkeypatch)
    again = kit.corpus(folder=folder)
    assert_same_tables(built, again)
    assert_same_tables(first_doc, again.document("seed"))
    assert again.document("seed").meta["title"] == first_doc.meta["title"]
    assert again.document("small").original == (folder / "small.txt").read_text(encoding="utf-8")
    # the concordance index comes from the cache too, and finds the same hits
    from kit.analysis import concordance
    pd.testing.assert_frame_equal(concordance(again, "west"), concordance(built, "west"))


def test_a_single_text_is_cached_too(folder, cache, monkeypatch):
    doc = kit.load(folder / "small.yml")
    fresh()
    no_building(monkeypatch)
    assert_same_tables(doc, kit.load(folder / "small.yml"))


@pytest.mark.parametrize("change", ["original", "sidecar", "kit version", "builder source"])
def test_any_change_to_an_input_rebuilds(folder, cache, monkeypatch, change):
    kit.corpus(folder=folder)
    fresh()
    if change == "original":
        path = folder / "small.txt"
        path.write_text(path.read_text(encoding="utf-8").replace("two sentences", "2 sentences"), encoding="utf-8")
    elif change == "sidecar":
        path = folder / "small.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("role: reader", "role: journalist"),
                        encoding="utf-8")
    elif change == "kit version":
        monkeypatch.setattr(kit, "__version__", kit.__version__ + ".post1")
        monkeypatch.setattr(kit.cache, "_CODE", None)
    else:
        real = kit.cache._code_version()
        monkeypatch.setattr(kit.cache, "_CODE", real[::-1])  # as if nlp.py or tables.py had changed
    assert kit.cache.lookup(sorted(folder.glob("*.yml"))) is None
    c = kit.corpus(folder=folder)
    assert len(entries(cache)) == 2
    if change == "original":
        assert "2 sentences" in c.tokens["text"].tolist() or "2" in c.tokens["text"].tolist()
    if change == "sidecar":
        assert "journalist" in set(c.segments["role"].astype(str))


def test_two_processes_building_at_once_leave_one_good_entry(folder, cache):
    code = ("import sys, kit; c = kit.corpus(folder=sys.argv[1]); "
            "print(len(c.tokens), c.tokens['text_id'].nunique())")
    env = dict(os.environ, KIT_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-c", code, str(folder)], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    assert outs[0][0] == outs[1][0]
    assert len(entries(cache)) == 1
    assert not [p for p in cache.glob("*/.*")]  # no temporary folder left behind
    assert kit.cache.lookup(sorted(folder.glob("*.yml"))) is not None


def corrupt_tokens(entry: Path):
    path = entry / "tokens.arrow"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def wrong_key(entry: Path):
    path = entry / "manifest.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"key": "', '"key": "0'), encoding="utf-8")


def group_writable(entry: Path):
    os.chmod(entry / "sentences.arrow", 0o664)


def symlinked(entry: Path):
    target = entry.parent / "elsewhere.arrow"
    (entry / "segments.arrow").rename(target)
    (entry / "segments.arrow").symlink_to(target)


def foreign_table(entry: Path):
    """A well-formed Arrow file that is not this entry's (another entry's tokens, say)."""
    import pyarrow as pa
    table = pa.table({"x": [1, 2, 3]})
    with pa.OSFile(str(entry / "tokens.arrow"), "wb") as sink, pa.ipc.new_file(sink, table.schema) as w:
        w.write_table(table)


@pytest.mark.parametrize("damage", [corrupt_tokens, wrong_key, group_writable, symlinked, foreign_table])
def test_an_entry_that_is_damaged_or_not_ours_is_ignored_with_a_warning(folder, cache, damage):
    built = kit.corpus(folder=folder)
    [entry] = entries(cache)
    damage(entry)
    fresh()
    with pytest.warns(kit.cache.CacheWarning):
        again = kit.corpus(folder=folder)
    assert_same_tables(built, again)


def test_a_read_only_texts_folder_is_fine_and_left_untouched(folder, cache, monkeypatch):
    before = sorted(p.name for p in folder.iterdir())
    os.chmod(folder, 0o555)
    try:
        kit.corpus(folder=folder)
        fresh()
        no_building(monkeypatch)
        kit.corpus(folder=folder)
    finally:
        os.chmod(folder, 0o755)
    assert sorted(p.name for p in folder.iterdir()) == before


def test_a_cache_that_cannot_be_written_only_costs_speed(folder, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("KIT_CACHE_DIR", str(blocker / "cache"))
    fresh()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = kit.corpus(folder=folder)
    assert len(c) == 2 and len(c.tokens) > 0
    assert any(issubclass(w.category, kit.cache.CacheWarning) for w in caught)
    fresh()


def test_the_cache_can_be_turned_off(folder, cache, monkeypatch):
    monkeypatch.setenv("KIT_CACHE", "off")
    kit.corpus(folder=folder)
    assert entries(cache) == []
