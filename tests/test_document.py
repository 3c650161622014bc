"""The seed loads into tidy tables whose every row points back into the original."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import kit
from kit.paths import texts_dir
from tests.conftest import SEED_ID

TABLES = ("segments", "paragraphs", "sentences", "tokens", "quotations")


def test_seed_is_byte_for_byte_the_seed_it_was_copied_from():
    """The sidecar records the SHA-256 of the seed file as it was handed over; the copy in
    texts/ must still have it (the repository alone is enough to check this)."""
    import hashlib

    from kit.yamlines import load as load_yaml
    sidecar = load_yaml(texts_dir() / f"{SEED_ID}.yml")
    original = (texts_dir() / f"{SEED_ID}.txt").read_bytes()
    assert hashlib.sha256(original).hexdigest() == sidecar["sha256"]
    assert kit.textformat.validate(texts_dir() / f"{SEED_ID}.yml") == []


def test_seed_structure(seed):
    seg = seed.segments
    kinds = seg.groupby("kind", observed=True).size().to_dict()
    assert kinds == {"title": 1, "subtitle": 1, "intro": 1, "question": 3, "answer": 3,
                     "editorial_note": 1, "commentary": 1, "plug": 1, "comment": 2}
    order = [s.split(":")[1] for s in seg.segment_id]
    assert order[:9] == ["title", "subtitle", "intro", "q1", "a1", "q2", "a2", "q3", "a3"]
    assert set(seg[seg.kind == "question"].speaker) == {"interviewer"}
    assert set(seg[seg.kind == "answer"].speaker) == {"lavrov"}
    # the bracketed note at the end of the last answer is the blogger's, not Lavrov's
    note = seed.segment("emphasis-note")
    assert (note.text, note.speaker, note.kind) == ("[My Emphasis]", "karlof1", "editorial_note")
    assert seed.segment("a3").text.endswith('"80 Years of Victory in the Great Patriotic War of 1941-1945".')


def test_paragraphs_per_answer_and_question(seed):
    # read off the original: answer 1 is lines 5-8, answer 2 lines 10-12, answer 3 lines 15-21;
    # the third question runs over lines 13 and 14
    per = seed.paragraphs.groupby("segment_id", observed=True).size()
    assert [per[f"{SEED_ID}:{s}"] for s in ("a1", "a2", "a3", "q1", "q2", "q3")] == [4, 3, 7, 1, 1, 2]


def test_comments_and_the_quotation_inside_one(seed):
    comments = seed.segments[seed.segments.kind == "comment"]
    assert list(comments.speaker) == ["reader-1", "reader-2"]
    (q,) = seed.quotations.itertuples()
    assert (q.speaker, q.voice, q.attribution) == ("reader-2", "lavrov", "- Sergei Lavrov")
    # the commenter quotes line 6 of Lavrov's first answer word for word
    assert q.text.strip('"') in seed.segment("a1").text
    voices = seed.sentences[seed.sentences.segment_id == f"{SEED_ID}:c2"].voice.tolist()
    assert voices[:3] == ["lavrov", "lavrov", "reader-2"]
    tokens = seed.tokens[seed.tokens.segment_id == f"{SEED_ID}:c2"]
    inside = (tokens.start >= q.start) & (tokens.end <= q.end)
    assert set(tokens[inside].voice) == {"lavrov"} and set(tokens[~inside].voice) == {"reader-2"}
    assert set(tokens.speaker) == {"reader-2"}
    assert (seed.tokens[seed.tokens.segment_id != f"{SEED_ID}:c2"].voice.astype(str)
            == seed.tokens[seed.tokens.segment_id != f"{SEED_ID}:c2"].speaker.astype(str)).all()


def test_offset_invariant_on_every_row_of_every_table(seed):
    for name in TABLES:
        table = getattr(seed, name)
        assert len(table), name
        bad = [r for r in table.itertuples() if seed.original[r.start:r.end] != r.text]
        assert not bad, f"{name}: {bad[:3]}"


def test_ids_are_stable_strings_and_unique(seed):
    assert seed.sentences.sentence_id.is_unique and seed.segments.segment_id.is_unique
    assert seed.sentences.sentence_id.iloc[16] == f"{SEED_ID}:a1.s10"
    assert seed.paragraphs.paragraph_id.iloc[0] == f"{SEED_ID}:title.p1"


def test_categorical_dtypes(seed):
    for name in ("segments", "sentences", "tokens"):
        table = getattr(seed, name)
        for col in ("speaker", "kind", "role", "text_id"):
            assert isinstance(table[col].dtype, pd.CategoricalDtype), (name, col)


def test_every_column_is_documented(seed):
    from kit.tables import COLUMNS
    for name in TABLES:
        missing = set(getattr(seed, name).columns) - set(COLUMNS)
        assert not missing, (name, missing)
    doc = (Path(__file__).resolve().parents[1] / "docs" / "tables.md").read_text(encoding="utf-8")
    assert all(f"`{col}`" in doc for col in COLUMNS)


def test_labels_are_not_part_of_the_answers(seed):
    a1 = seed.segment("a1")
    assert a1.label == "Sergey Lavrov:" and a1.text.startswith("The past three years")
    assert "Question" not in set(seed.tokens[seed.tokens.kind == "question"].text.head(1))


def test_corpus_stacks_all_texts_with_text_id():
    c = kit.corpus()
    ids = sorted(p.stem for p in texts_dir().glob("*.yml"))
    assert sorted(c.text_ids) == ids
    assert set(c.tokens.text_id.astype(str)) == set(ids)
    assert len(c.segments) == sum(len(d.segments) for d in c.documents.values())


def test_catalog_lists_every_text():
    cat = kit.texts()
    row = cat.set_index("text_id").loc[SEED_ID]
    assert (row.title, row.language, row.status) == ("Lavrov: Outlaw US Empire Relations Still Tenuous", "en", "ok")


def test_load_by_path_and_unknown_id(tmp_path):
    doc = kit.load(texts_dir() / f"{SEED_ID}.txt")
    assert doc.id == SEED_ID
    with pytest.raises(FileNotFoundError, match="no text 'nope'"):
        kit.load("nope")


def test_a_text_copied_elsewhere_loads_from_its_path(tmp_path):
    for ext in (".txt", ".yml"):
        (tmp_path / f"copy{ext}").write_bytes((texts_dir() / f"{SEED_ID}{ext}").read_bytes())
    doc = kit.load(tmp_path / "copy.yml")
    assert doc.id == "copy" and doc.segments.segment_id.iloc[0] == "copy:title"


def test_hard_wrapped_prose_keeps_sentences_whole(write_text):
    original = "Title\n\nA: The first sentence runs\nover two lines. A second one.\n\nA new paragraph.\n"
    yml = write_text(original, """\
        title: t
        source: s
        date: '2025'
        language: en
        licence: test
        speakers: {a: {name: A, role: unknown}}
        segments:
          - {id: title, lines: 1, kind: title, speaker: a}
          - {id: t1, lines: 3-6, kind: turn, speaker: a, label: "A:"}
        """)
    doc = kit.load(yml)
    assert doc.sentences.text.tolist()[1:] == ["The first sentence runs\nover two lines.", "A second one.",
                                               "A new paragraph."]
    assert doc.paragraphs[["line_start", "line_end"]].values.tolist() == [[1, 1], [3, 4], [6, 6]]
    # the sidecar can ask for one paragraph per line instead
    yml.write_text(yml.read_text() + "paragraphs: lines\n")
    assert kit.load(yml).sentences.text.tolist()[1:3] == ["The first sentence runs", "over two lines."]
