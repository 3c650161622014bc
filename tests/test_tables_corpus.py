"""Corpus tables built in one pass equal the tables of each text built alone, stacked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from pandas.api.types import union_categoricals

import kit
import kit.document
from kit.tables import ORDER, build, build_many, local_view
from kit.textformat import read

ROOT = Path(__file__).resolve().parents[1]

POSTS = [
    ("thread-a", "Why now?\nBecause the West said so. Mr. Smith disagreed!\nA reply — with “quotes.”\n",
     [("t", 1, "title", "x"), ("c1", 2, "comment", "y"), ("c2", 3, "comment", "x")]),
    ("thread-b", "Другой текст. Да!\n\nQ: Is it 1941-1945?\nA: It is, hadn’t you heard...\n",
     [("t", 1, "title", "z"), ("q", 3, "question", "y"), ("a", 4, "answer", "z")]),
]


@pytest.fixture
def folder(tmp_path):
    for suffix in (".txt", ".yml"):
        shutil.copy(ROOT / "texts" / f"lavrov-new-regions-2025{suffix}", tmp_path / f"seed{suffix}")
    for name, text, segments in POSTS:
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
        lines = ["title: t", "source: written for the tests", "date: '2025'", "language: en", "licence: test",
                 "speakers:"] + [f"  {s}: {{name: {s.upper()}, role: reader}}" for s in "xyz"] + ["segments:"]
        lines += [f"  - {{id: {i}, lines: {n}, kind: {k}, speaker: {s}}}" for i, n, k, s in segments]
        (tmp_path / f"{name}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def assert_same(a: pd.DataFrame, b: pd.DataFrame):
    assert list(a.columns) == list(b.columns)
    for col in a.columns:
        if isinstance(a[col].dtype, pd.CategoricalDtype):
            assert list(a[col].cat.categories) == list(b[col].cat.categories), col
        if len(a) or len(b):
            pd.testing.assert_series_equal(a[col], b[col], check_names=True)


def stacked(frames: list[pd.DataFrame]) -> pd.DataFrame:
    cats = [c for c in frames[0].columns if isinstance(frames[0][c].dtype, pd.CategoricalDtype)]
    out = pd.concat([f.drop(columns=cats) for f in frames], ignore_index=True)
    for col in cats:
        parts = [f[col].array for f in frames]
        out[col] = union_categoricals([p.set_categories(p.categories.astype("str")) for p in parts])
    return out[frames[0].columns]


def test_one_pass_equals_each_text_alone_stacked(folder):
    structures = [read(p) for p in sorted(folder.glob("*.yml"))]
    alone = [build(s) for s in structures]
    together = build_many(structures)
    at = dict.fromkeys(ORDER, 0)
    for s, tables in zip(structures, alone):
        quoted = any(seg.quotes for seg in s.segments)
        for name in ORDER:
            n = len(tables[name])
            assert_same(tables[name], local_view(together[name], name, slice(at[name], at[name] + n), s.id, quoted))
            at[name] += n
    for name in ORDER:
        assert_same(stacked([t[name] for t in alone]), together[name])
        assert list(together[name].columns) == ORDER[name]


def test_a_document_of_a_corpus_equals_the_text_loaded_alone(folder, monkeypatch):
    monkeypatch.setenv("KIT_CACHE", "off")
    kit.document._CACHE.clear()
    kit.document._CORPORA.clear()
    c = kit.corpus(folder=folder)
    views = {tid: c.document(tid) for tid in c.text_ids}
    kit.document._CACHE.clear()
    kit.document._CORPORA.clear()
    for tid, view in views.items():
        alone = kit.load(folder / f"{tid}.yml")
        assert alone is not view
        for name in ORDER:
            assert_same(getattr(alone, name), getattr(view, name))
    kit.document._CACHE.clear()
    kit.document._CORPORA.clear()
