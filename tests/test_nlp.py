"""Sentence and token spans: the cases the seed and a Russian text need."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kit.nlp import split_sentences, tokenize


def sents(text):
    return [text[a:b] for a, b in split_sentences(text)]


def toks(text):
    return [text[a:b] for a, b in tokenize(text)]


def test_initialisms_without_stops_do_not_end_sentences():
    text = ("Earlier today, FM Lavrov was interviewed. The US and the UN met NATO and the CIS. "
            "Comparing SS Rubio to a snake will curry you no favors. In St Petersburg it rained.")
    assert sents(text) == ["Earlier today, FM Lavrov was interviewed.", "The US and the UN met NATO and the CIS.",
                           "Comparing SS Rubio to a snake will curry you no favors.", "In St Petersburg it rained."]


def test_abbreviations_with_stops():
    assert sents("Mr. Lavrov and Dr. Smith met in the U.S. capital. Then they left.") == [
        "Mr. Lavrov and Dr. Smith met in the U.S. capital.", "Then they left."]


def test_quotation_that_ends_a_sentence_straight_and_curly():
    assert sents('It became a "moment of truth." After the start, it ended.') == [
        'It became a "moment of truth."', "After the start, it ended."]
    assert sents("It became a “moment of truth.” After the start, it ended.") == [
        "It became a “moment of truth.”", "After the start, it ended."]
    assert sents("He asked: ‘why?’ Nobody answered.") == ["He asked: ‘why?’", "Nobody answered."]


def test_seed_sentences_with_inner_quotes(seed):
    a1 = seed.sentences[seed.sentences.segment_id.astype(str).str.endswith(":a1")].text.tolist()
    assert a1[0] == 'The past three years have become a kind of "moment of truth."'
    assert a1[1].startswith("After the start of the special military operation")
    assert a1[1].endswith('the "collective West" exposed its true face.')


def test_russian_sentences_and_tokens():
    text = "Мы всегда готовы к переговорам. Но наши национальные интересы должны быть гарантированы! Т.е. всё ясно?"
    assert sents(text) == ["Мы всегда готовы к переговорам.",
                           "Но наши национальные интересы должны быть гарантированы!", "Т.е. всё ясно?"]
    assert toks("Вопрос: «Что дальше?» — спросил журналист.") == [
        "Вопрос", ":", "«", "Что", "дальше", "?", "»", "—", "спросил", "журналист", "."]


def test_tokens_keep_apostrophes_hyphens_and_numbers():
    assert toks("I hadn’t known it's the ultra-liberal elites’ 1,000 items in 1941-1945 — 3.5%...") == [
        "I", "hadn’t", "known", "it's", "the", "ultra-liberal", "elites", "’", "1,000", "items", "in",
        "1941-1945", "—", "3.5", "%", "..."]


def test_empty_and_blank_text():
    assert split_sentences("") == [] and tokenize("   ") == []


text_strategy = st.lists(
    st.sampled_from(list("abcXYZ йцукен.,!?\"“”’'-—()\n") + ["Mr. ", "U.S. ", " 12", "...", "  ", "\u00a0"]),
    max_size=200,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_spans_are_ordered_trimmed_and_inside_the_text(text):
    for spans in (split_sentences(text), tokenize(text)):
        last = 0
        for a, b in spans:
            assert last <= a < b <= len(text)
            assert not text[a].isspace() and not text[b - 1].isspace()
            last = b
    # every non-space character lies inside some token
    covered = set()
    for a, b in tokenize(text):
        covered.update(range(a, b))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


ENDS = st.lists(st.sampled_from(["The", "west", "Mr", "St", "etc", "U.S", "no", "Nr", "a", "I", "x1", "Россия", "т.е",
                                 ".", "?", "!", "...", "…", '"', "”", "’", ")", " ", "  ", "\n", "1941", "—", "e.g",
                                 ",", ":", ";", "[", "-", "'", "“", "(", "A.", "Then,"]),
                max_size=120).map("".join)


@settings(max_examples=500, deadline=None)  # also run once with 20,000 examples: no difference
@given(st.one_of(ENDS, text_strategy))
def test_the_plain_word_shortcut_agrees_with_plain_punkt(text):
    from kit.nlp import _punkt
    assert list(_punkt(True).span_tokenize(text)) == list(_punkt(False).span_tokenize(text))


def test_the_shortcut_agrees_with_punkt_on_every_real_text():
    from pathlib import Path

    from kit.nlp import _punkt
    root = Path(__file__).resolve().parents[1]
    files = list((root / "texts").glob("*.txt")) + list((root / "tests" / "data" / "import").glob("*"))
    assert len(files) > 5
    for path in files:
        for para in path.read_text(encoding="utf-8", errors="replace").split("\n\n"):
            assert list(_punkt(True).span_tokenize(para)) == list(_punkt(False).span_tokenize(para)), path


@settings(max_examples=300, deadline=None)
@given(st.one_of(text_strategy, st.text(max_size=200)))
def test_bulk_token_arrays_give_the_same_tokens_as_tokenize(text):
    from kit.nlp import token_arrays
    starts, ends, texts, is_word = token_arrays(text)
    assert list(zip(starts.tolist(), ends.tolist())) == tokenize(text)
    assert texts == [text[a:b] for a, b in tokenize(text)]
    assert is_word.tolist() == [any(ch.isalnum() or ch == "_" for ch in t) and t not in ("...", "…") for t in texts]
