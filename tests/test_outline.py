"""Exercises and grading read a text's outline, not its tables: the ids and offsets must be the tables'.

An answer names sentences (``a1.s3``) and spans by offsets that a student
saw in the tables; the checkers resolve them through :mod:`kit.outline`.
Both must agree on every text, the kit's and random valid ones.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from test_tables_property import sidecar, texts

import kit
from kit import ids
from kit.exercises import catalog
from kit.outline import outline
from kit.paths import project_root, texts_dir
from kit.tables import build
from kit.textformat import read


def from_tables(tables) -> tuple[dict, dict]:
    """Segments and sentences as the outline gives them, read from the tables."""
    seg, sen = tables["segments"], tables["sentences"]
    segments = {ids.short(s): (int(a), int(b)) for s, a, b in zip(seg["segment_id"].astype(str), seg["start"], seg["end"])}
    sentences = {ids.short(s): (ids.short(g), int(a), int(b)) for s, g, a, b in
                 zip(sen["sentence_id"].astype(str), sen["segment_id"].astype(str), sen["start"], sen["end"])}
    return segments, sentences


def assert_same(o, segments, sentences):
    assert o.segments == segments
    assert list(o.sentences.items()) == list(sentences.items())      # the same ids, offsets and order


def test_every_text_of_the_kit_has_the_outline_of_its_tables():
    names = sorted(p.stem for p in texts_dir().glob("*.yml"))
    assert names
    for name in names:
        doc = kit.load(name)
        o = outline(name)
        assert o.original == doc.original
        assert_same(o, *from_tables({"segments": doc.segments, "sentences": doc.sentences}))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_random_valid_texts_have_the_outline_of_their_tables(case):
    original, segments = case
    segments = [s for s in segments if "".join(original.split("\n")[s[1] - 1:s[2]]).strip()]
    with tempfile.TemporaryDirectory() as tmp:
        txt, yml = Path(tmp) / "t.txt", Path(tmp) / "t.yml"
        txt.write_bytes(original.encode("utf-8"))
        for mode in ("", "paragraphs: lines\n", "paragraphs: blocks\n"):   # the sidecar may say what a paragraph is
            yml.write_text(sidecar(segments) + mode, encoding="utf-8")
            assert_same(outline(yml), *from_tables(build(read(yml))))


def test_exercises_name_the_sentences_of_their_unit_as_the_tables_do():
    for folder in (None, project_root() / "tests" / "data" / "exercises"):
        checked = 0
        for ex in catalog(folder):
            if not ex.text:
                continue
            sen = ex.document().sentences
            short = [ids.short(s) for s in sen["sentence_id"].astype(str)]
            seg = [ids.short(s) for s in sen["segment_id"].astype(str)]
            units = [ids.relative(u, ex.text) for u in ex.unit]
            want = [s for u in units for s, g in zip(short, seg) if s == u or g == u] if units else short
            assert ex.sentence_ids == list(dict.fromkeys(want)), ex.id
            starts = dict(zip(short, sen["start"].tolist()))
            assert all(ex.sentence_spans[s][0] == starts[s] for s in ex.sentence_ids)
            checked += 1
        assert checked
