"""Concordance: hits of words, phrases and patterns, with offsets a widget can jump to."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import kit
from kit.analysis import concordance, select
from kit.analysis.index import index_for
from tests.conftest import SEED_ID


def test_phrase_hits_with_offsets_and_ids(seed):
    kw = concordance(seed, "collective West", width=25)
    # the three "collective West" of l.5 (a1), l.14 (q3) and l.19 (a3), in text order
    assert [s.split(":")[1] for s in kw.segment_id.astype(str)] == ["a1", "q3", "a3"]
    assert kw.speaker.astype(str).tolist() == ["lavrov", "interviewer", "lavrov"]
    for r in kw.itertuples():
        assert seed.original[r.start:r.end] == r.node == "collective West"
        sent = seed.sentences.set_index("sentence_id").loc[r.sentence_id]
        assert sent.start <= r.start and r.end <= sent.end
        assert r.left.endswith('the "') and r.right.startswith('"')
        assert len(r.left) <= 25 and len(r.right) <= 25
    assert set(kw.columns) >= {"text_id", "segment_id", "sentence_id", "speaker", "start", "end",
                               "left", "node", "right"}


def test_case_insensitive_by_default_and_case_option(seed):
    # "West"/"west" as a whole word: 8 times (l.5, 6 twice, 14, 19, 26, 27, 28 "rid the west")
    assert len(concordance(seed, "west")) == 8
    exact = concordance(seed, "west", case=True)
    assert exact.node.tolist() == ["west"]
    assert "rid the" in exact.left.iloc[0]


def test_whole_words_prefix_and_regex(seed):
    # "Western" is not "West"; "west*" takes any ending: 8 + Western x2 + western + westerner + West's
    assert len(concordance(seed, "west*")) == 13
    kw = concordance(seed, r"western|westerner", regex=True)
    assert kw.node.tolist() == ["Western", "Western", "western", "westerner"]
    # a pattern with a space runs over the text: "the" followed by a quoted word
    quoted = concordance(seed, r'the\s+"\w+', regex=True)
    assert [n.split('"')[1] for n in quoted.node] == ["collective", "collective", "collective"]


def test_sorting_by_left_and_right_context(seed):
    right = concordance(seed, "we", sort="right", width=30)
    first_words = [r.split()[0].lower() for r in right.right]
    assert first_words == sorted(first_words)
    left = concordance(seed, "we", sort="left", width=30)
    last_words = [l.split()[-1].lower().strip(",.:;") for l in left.left]
    assert last_words == sorted(last_words)
    with pytest.raises(ValueError, match="sort must be"):
        concordance(seed, "we", sort="middle")


def test_context_stays_inside_the_segment(seed):
    # c1 (l.25) ends with "actual snakes." and c2 starts on the next line with a quotation
    kw = concordance(seed, "snakes", width=60)
    assert kw.right.iloc[0] == "."
    # the speaker label "Sergey Lavrov:" is outside the answer, so it never shows as context
    first = concordance(seed, "The past three years", width=40).iloc[0]
    assert first.left == "" and first.segment_id.endswith(":a1")


def test_selection_and_bad_queries(seed):
    comments = select(seed, kind="comment")
    kw = concordance(comments, "West")
    assert set(kw.speaker.astype(str)) == {"reader-2"} and len(kw) == 3
    with pytest.raises(ValueError, match="empty"):
        concordance(seed, "  ")
    with pytest.raises(ValueError, match="not a valid regular expression"):
        concordance(seed, "(unclosed", regex=True)
    assert concordance(seed, "zebra").empty


def test_index_is_built_once_per_table(seed):
    assert index_for(seed) is index_for(seed)
    assert index_for(seed) is index_for(seed.tokens)


def test_corpus_concordance_points_into_each_original(seed, tmp_path):
    from kit.paths import texts_dir
    for name in ("a", "b"):
        for ext in (".txt", ".yml"):
            shutil.copy(texts_dir() / f"{SEED_ID}{ext}", tmp_path / f"{name}{ext}")
    corpus = kit.corpus(folder=tmp_path)
    kw = concordance(corpus, "owner of the White House")
    assert kw.text_id.astype(str).tolist() == ["a", "b"]
    for r in kw.itertuples():
        assert corpus.document(str(r.text_id)).original[r.start:r.end] == "owner of the White House"


def test_a_sentence_table_works_as_input(seed):
    # the first answer's first two sentences (l.5): "... a kind of "moment of truth." After the start ..."
    two = seed.sentences[seed.sentences.segment_id == f"{SEED_ID}:a1"].head(2)
    kw = concordance(two, "the")
    assert set(kw.sentence_id.astype(str)) <= set(two.sentence_id.astype(str))
    for r in kw.itertuples():
        assert seed.original[r.start:r.end].lower() == "the"
    assert kit.analysis.frequencies(two, by=None).n.sum() == two.n_words.sum()


QUERIES = [("west", {}), ("collective West", {}), ("the", {}), ("West", {"case": True}),
           ("west*", {"sort": "right", "width": 15}), ("we", {"sort": "left"}), ("snakes", {"width": 0}),
           (r"western|westerner", {"regex": True}), (r'the\s+"\w+', {"regex": True}), ("zebra", {})]


def _blocks(df):
    return [(str(b.dtype), b.mgr_locs.as_array.tolist()) for b in df._mgr.blocks]


@pytest.mark.parametrize("which", ["document", "comments", "plain columns", "two texts", "no voice", "no kind"])
def test_tables_made_from_blocks_equal_the_constructors(seed, which, monkeypatch):
    # kwic_rows hands pandas the blocks of a small table (no per-column inference); the table must be
    # the one pd.DataFrame(dict) makes: same rows, columns, dtypes, categories, index, block layout
    from kit.analysis import kwic
    data = {"document": seed, "comments": select(seed, kind="comment"),
            "two texts": kit.corpus([SEED_ID, "state-briefing-2022-08-18"])}.get(which)
    if which == "plain columns":  # a bare table whose speaker, voice and kind are plain strings
        data = seed.tokens.astype({"speaker": str, "voice": str, "kind": str})
    if which.startswith("no "):  # bare tables with as many id columns, not the same ones
        data = seed.tokens.drop(columns=[which[3:]])
    if kwic._fast_maker() is None:  # on pandas 3 with pyarrow (the kit's own) the fast path must be live
        assert int(pd.__version__.split(".")[0]) < 3, "the block-wise table maker is off on pandas 3"
        pytest.skip("pandas 2: every table is made by pd.DataFrame, nothing to compare")
    fast = [concordance(data, q, **kw) for q, kw in QUERIES]
    monkeypatch.setattr(kwic, "_MAKER", [None])
    slow = [concordance(data, q, **kw) for q, kw in QUERIES]
    assert sum(len(t) for t in fast) > 20
    for (q, _), a, b in zip(QUERIES, fast, slow):
        pd.testing.assert_frame_equal(a, b, check_exact=True, obj=q)
        assert _blocks(a) == _blocks(b), q
    a = fast[0]
    a.columns.name = "renamed"  # one table's column index is its own
    assert concordance(data, "west").columns.name is None


@pytest.mark.parametrize("which", ["document", "comments", "plain columns", "two texts"])
def test_lines_without_a_table_are_the_tables_rows(seed, which):
    # kwic_lines (the explorer's page) gives what kwic_rows' table says, field for field, as Python values
    from kit.analysis.kwic import find_hits, kwic_lines, kwic_rows
    data = {"document": seed, "comments": select(seed, kind="comment"),
            "two texts": kit.corpus([SEED_ID, "state-briefing-2022-08-18"])}.get(which)
    if which == "plain columns":
        data = seed.tokens.astype({"speaker": str, "voice": str, "kind": str})
    seen = 0
    for q, kw in QUERIES:
        kw = {k: v for k, v in kw.items() if k in ("regex", "case")}
        ix, hits = find_hits(data, q, **kw)
        for width in (0, 25):
            table = kwic_rows(ix, hits, width)
            lines = kwic_lines(ix, hits, width)
            want = [(str(r.text_id), str(r.segment_id), str(r.speaker), r.start, r.end, r.left, r.node, r.right)
                    for r in table.itertuples()]
            assert [tuple(line) for line in lines] == want, q
            assert all(type(line.start) is int and type(line.left) is str for line in lines)
            seen += len(lines)
    assert seen > 50


@pytest.mark.parametrize("which", ["document", "comments", "two texts", "shuffled rows"])
def test_context_is_cut_at_the_bounds_of_the_segment_in_the_table(seed, which):
    # a context reaches back at most to the first token of its segment in the table searched, and on
    # to at most the end of its last token (worked out here from the token table itself)
    from kit.analysis.base import squash
    data = {"document": seed, "comments": select(seed, kind="comment"),
            "two texts": kit.corpus([SEED_ID, "state-briefing-2022-08-18"]),
            "shuffled rows": seed.tokens.sample(frac=1, random_state=3)}[which]
    toks = data.tokens if hasattr(data, "tokens") else data
    span = toks.groupby(["text_id", "segment_id"], observed=True).agg(lo=("start", "min"), hi=("end", "max"))
    originals = {d: kit.load(d).original for d in toks.text_id.astype(str).unique()}
    kw = concordance(data, "the", width=300)
    assert len(kw) >= 20
    for r in kw.itertuples():
        lo, hi = span.loc[(r.text_id, r.segment_id)]
        text = originals[str(r.text_id)]
        assert r.left == squash(text[max(lo, r.start - 300):r.start])
        assert r.right == squash(text[r.end:min(hi, r.end + 300)])
