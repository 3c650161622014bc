"""Frequencies, keyness, collocations and dispersion on the seed, against counts read off the text.

Counts below were made by reading texts/lavrov-new-regions-2025.txt (line numbers
are the file's); the kit's tokenizer keeps "Russia's" and "West's" as one word,
so they are not counted as "Russia" or "West".
"""

from __future__ import annotations

import math

import pytest

import kit
from kit.analysis import (collocations, dispersion, dispersion_counts, frequencies, keyness,
                          log_likelihood, log_ratio, p_value, select)
from tests.conftest import SEED_ID


# --- frequencies ----------------------------------------------------------------------

def test_word_counts_per_speaker(seed):
    f = frequencies(seed, by="speaker")
    get = lambda sp, w: f[(f.speaker == sp) & (f.word == w)]["n"].sum()  # noqa: E731
    # "we" in Lavrov's answers: l.7 "we must rely", l.10 "we are always ready", "we are primarily
    # talking", l.11 "what we have heard", l.12 "We appreciate", "we have not even begun",
    # l.17 "we had before our eyes", l.20 "We are supported": 8
    assert get("lavrov", "we") == 8
    # "our" in the questions: l.4 "our country", l.13 "our country", "our state", l.14 "our history"
    assert get("interviewer", "our") == 4
    # the two comments have 31 and 200 words (kit show), so they are the denominators
    row = f[(f.speaker == "reader-2") & (f.word == "west")].iloc[0]
    # reader-2 writes "West" on l.26 (quoting), l.27, and "west" on l.28; "West's" is another word
    assert (row.n, row.group_words) == (3, 200)
    assert row.per_1000 == pytest.approx(3 / 200 * 1000)


def test_frequencies_by_text_segment_and_none(seed):
    assert frequencies(seed, by="text")["text_id"].unique().tolist() == [SEED_ID]
    by_seg = frequencies(seed, by="segment")
    # "[My Emphasis]" is a segment of two words
    note = by_seg[by_seg.segment_id == f"{SEED_ID}:emphasis-note"]
    assert sorted(note.word) == ["emphasis", "my"] and set(note.group_words) == {2}
    total = frequencies(seed, by=None)
    assert total["n"].sum() == seed.tokens["is_word"].sum()


def test_stopwords_are_dropped_but_rates_keep_their_denominator(seed):
    plain = frequencies(seed, by=None)
    filtered = frequencies(seed, by=None, stopwords=True)
    assert "the" in set(plain.word) and "the" not in set(filtered.word)
    # "hadn’t" (curly, l.3) is a stop word once its apostrophe is straightened
    assert "hadn't" in set(plain.word) and "hadn't" not in set(filtered.word)
    # the denominator is still every word, so a word's rate is the same in both tables
    w = lambda t: t[t.word == "world"].iloc[0]  # noqa: E731
    assert w(plain).per_1000 == w(filtered).per_1000
    custom = frequencies(seed, by=None, stopwords={"World"})
    assert "world" not in set(custom.word)


def test_top_and_rank_per_group(seed):
    f = frequencies(seed, by="kind", top=2)
    assert (f.groupby("kind", observed=True).size() <= 2).all()
    assert f[f.kind == "answer"].word.tolist() == ["the", "of"]
    assert f[f.kind == "answer"]["rank"].tolist() == [1, 2]


def test_bad_grouping_names_the_columns(seed):
    with pytest.raises(KeyError, match="cannot group by"):
        frequencies(seed, by="colour")


def test_stopword_list_ships_with_its_source():
    from kit.paths import data_dir
    head = (data_dir() / "stopwords-en.txt").read_text(encoding="utf-8").splitlines()[:5]
    assert any("Snowball" in line for line in head)


# --- keyness: formulas of Rayson and Garside (2000), the UCREL log-likelihood calculator,
# --- and Hardie (2014) for the log ratio ------------------------------------------------

def test_log_likelihood_worked_by_hand():
    # a = 10 in c = 1000 words, b = 5 in d = 2000 words
    # E1 = c (a + b) / (c + d) = 1000 * 15 / 3000 = 5;  E2 = 2000 * 15 / 3000 = 10
    # G2 = 2 (a ln(a/E1) + b ln(b/E2)) = 2 (10 ln 2 + 5 ln 0.5) = 2 * 5 ln 2 = 10 ln 2 = 6.931472
    assert float(log_likelihood(10, 5, 1000, 2000)) == pytest.approx(10 * math.log(2))
    # log ratio = log2((10/1000) / (5/2000)) = log2(0.01 / 0.0025) = log2(4) = 2
    assert float(log_ratio(10, 5, 1000, 2000)) == pytest.approx(2.0)
    # equal relative frequencies: G2 = 0, log ratio = 0
    assert float(log_likelihood(4, 8, 1000, 2000)) == pytest.approx(0.0)
    assert float(log_ratio(4, 8, 1000, 2000)) == pytest.approx(0.0)


def test_zero_frequency_terms():
    # a = 0: the a-term is 0 (0 ln 0 taken as 0); b = 6 in d = 399, c = 1098
    # E2 = 399 * 6 / 1497 = 1.599198; G2 = 2 * 6 ln(6 / 1.599198) = 12 * 1.322257 = 15.86708
    assert float(log_likelihood(0, 6, 1098, 399)) == pytest.approx(15.8671, abs=1e-4)
    # log ratio with the zero replaced by 0.5 (Hardie 2014):
    # log2((0.5/1098) / (6/399)) = log2(0.000455373 / 0.0150376) = log2(0.0302823) = -5.04538
    assert float(log_ratio(0, 6, 1098, 399)) == pytest.approx(-5.04538, abs=1e-5)


def test_p_values_at_the_published_critical_values():
    # chi-square with 1 d.f.: 3.84 -> p = 0.05, 6.63 -> 0.01, 10.83 -> 0.001, 15.13 -> 0.0001
    # (the cut-offs printed with the UCREL calculator)
    got = p_value([3.841459, 6.634897, 10.827566, 15.136705])
    assert got == pytest.approx([0.05, 0.01, 0.001, 0.0001], rel=1e-4)


def test_keyness_on_the_seed_matches_hand_arithmetic(seed):
    lavrov, comments = select(seed, speaker="lavrov"), select(seed, kind="comment")
    k = keyness(lavrov, comments, min_freq=1).set_index("word")
    # "our": 9 times in Lavrov's 1,098 words (l.8, 10, 11, 12, 15, 17, 19, 21 twice), 0 times in
    # the comments' 231 words. E1 = 1098 * 9 / 1329 = 7.435666; a-term = 9 ln(9 / 7.435666)
    # = 9 * 0.190936 = 1.718428; G2 = 2 * 1.718428 = 3.436856
    row = k.loc["our"]
    assert (row.freq_target, row.freq_reference) == (9, 0)
    assert row.g2 == pytest.approx(3.43686, abs=1e-4)
    # p = erfc(sqrt(3.43686 / 2)) = 0.06376
    assert row.p == pytest.approx(0.06376, abs=1e-4)
    # log ratio, reference zero -> 0.5: log2((9/1098) / (0.5/231)) = log2(3.786885) = 1.92101
    assert row.log_ratio == pytest.approx(1.92101, abs=1e-4)
    assert row.direction == "+" and bool(row.zero)
    # "it": 8 in Lavrov, 5 in the comments ("it's" is its own word). E1 = 1098 * 13 / 1329 = 10.740406,
    # E2 = 231 * 13 / 1329 = 2.259594; G2 = 2 (8 ln(8/10.740406) + 5 ln(5/2.259594))
    # = 2 (8 * -0.294571 + 5 * 0.794253) = 2 (-2.356571 + 3.971265) = 3.229387
    row = k.loc["it"]
    assert (row.freq_target, row.freq_reference) == (8, 5)
    assert row.g2 == pytest.approx(3.229387, abs=1e-5)
    assert row.direction == "-"
    assert row.log_ratio == pytest.approx(math.log2((8 / 1098) / (5 / 231)))


def test_keyness_sorting_filtering_and_errors(seed):
    k = keyness(select(seed, speaker="lavrov"), select(seed, kind="comment"), min_freq=4)
    assert (k.freq_target + k.freq_reference >= 4).all()
    assert k.g2.is_monotonic_decreasing
    assert "the" not in set(keyness(seed, select(seed, kind="comment"), stopwords=True).word)
    with pytest.raises(ValueError, match="words on both sides"):
        keyness(seed, select(seed, speaker="nobody"))


def test_one_text_against_the_rest_of_a_corpus(seed, write_text):
    other = write_text("Other text about the West.\nAnd the West again.\n", """\
        title: Other
        source: test
        date: 2025
        language: en
        licence: test
        speakers: {a: {name: A, role: author}}
        segments:
          - {id: body, lines: 1-2, kind: body, speaker: a}
        """, name="other")
    import shutil
    from kit.paths import texts_dir
    for ext in (".txt", ".yml"):
        shutil.copy(texts_dir() / f"{SEED_ID}{ext}", other.parent / f"{SEED_ID}{ext}")
    corpus = kit.corpus(folder=other.parent)
    toks = corpus.tokens
    k = keyness(toks[toks.text_id == "other"], toks[toks.text_id != "other"], min_freq=1).set_index("word")
    # "west": 2 of the small text's 9 words. In the seed the word "west" (not "West's", "Western")
    # occurs 8 times: "collective West" on l.5, l.14 and l.19, l.6 "elites of the West" and
    # "in the West itself", l.26 (the quotation), l.27 "the West in all its many parts",
    # l.28 "rid the west"
    assert (k.loc["west", "freq_target"], k.loc["west", "freq_reference"]) == (2, 8)
    assert k.loc["west", "direction"] == "+"


# --- collocations --------------------------------------------------------------------------

def test_collocations_equal_nltk_on_adjacent_bigrams(seed):
    from nltk.collocations import BigramCollocationFinder
    from nltk.metrics import BigramAssocMeasures as M
    words = seed.tokens[seed.tokens.is_word]["lower"].tolist()
    finder = BigramCollocationFinder.from_words(words)
    c = collocations(seed, "great", window=1, side="right", min_freq=1).set_index("collocate")
    # "Great Patriotic War" (l.13, 15 twice... ): great -> patriotic 5 times, great -> victory once
    assert c.loc["patriotic", "n"] == 5
    for measure, col in ((M.pmi, "pmi"), (M.likelihood_ratio, "likelihood_ratio"), (M.student_t, "t_score")):
        assert c.loc["patriotic", col] == pytest.approx(finder.score_ngram(measure, "great", "patriotic"))


def test_collocation_window_counts(seed):
    c = collocations(seed, "West", window=3, min_freq=1).set_index("collocate")
    # 'collective' stands right before "West" in all three "collective West" (l.5, 14, 19)
    assert (c.loc["collective", "n_left"], c.loc["collective", "n_right"]) == (3, 0)
    # "elites of the West" (l.6 and its quotation on l.26): 'elites' 3 words to the left, twice
    assert c.loc["elites", "n"] == 2
    # PMI = log2(O * N / (f_node * f_coll)) = log2(3 * 1735 / (8 * 3)) = log2(216.875) = 7.76072
    assert c.loc["collective", "pmi"] == pytest.approx(math.log2(3 * 1735 / (8 * 3)))
    assert c["freq_node"].iloc[0] == 8 and c["words"].iloc[0] == 1735


def test_collocation_measures_sort_and_errors(seed):
    by_t = collocations(seed, "anniversary", window=3, min_freq=2, measure="t")
    assert by_t.t_score.is_monotonic_decreasing
    by_ll = collocations(seed, "anniversary", window=3, min_freq=2, measure="ll")
    assert by_ll.likelihood_ratio.is_monotonic_decreasing
    with pytest.raises(ValueError, match="unknown measure"):
        collocations(seed, "west", measure="dice-ish")


def test_collocations_do_not_cross_segments(seed):
    # c1 ends "... with actual snakes." and c2 begins with a quotation mark and "The":
    # with a window of 3 to the right of "snakes", nothing is found
    c = collocations(seed, "snakes", window=3, side="right", min_freq=1)
    assert c.empty


# --- dispersion ----------------------------------------------------------------------------

def test_dispersion_positions_and_offsets(seed):
    d = dispersion(seed, ["collective West", "NATO's"])
    assert d.groupby("term").size().to_dict() == {"NATO's": 1, "collective West": 3}
    for r in d.itertuples():
        assert seed.original[r.start:r.end] == r.node
        assert 0 <= r.position < 1
    assert d.start.is_monotonic_increasing


def test_dispersion_counts_per_segment_include_zeros(seed):
    c = dispersion_counts(seed, ["Ukraine"])
    # "Ukraine" (not "Ukrainian"): q2 (l.9) once, a2 (l.10, l.11) twice, a3 (l.19) once
    hits = {s.split(":")[1]: n for s, n in zip(c.segment_id, c.hits) if n}
    assert hits == {"q2": 1, "a2": 2, "a3": 1}
    assert len(c) == len(seed.segments)
    by_speaker = dispersion_counts(seed, "Ukraine", by="speaker").set_index("speaker")
    assert by_speaker.loc["lavrov", "hits"] == 3 and by_speaker.loc["reader-1", "hits"] == 0


def test_stop_words_take_numbers_and_single_letters_with_them(seed):
    from kit.analysis import frequencies
    every = frequencies(seed, by=None)
    assert every["word"].str.fullmatch(r"\d+").any()          # the seed has numbers ("170", "2025", ...)
    content = frequencies(seed, by=None, stopwords=True)
    assert not content["word"].str.fullmatch(r"[\d.,]+").any()
    assert not (content["word"].str.len() == 1).any()
    assert {"west", "world"} <= set(content["word"])
