"""Sentence and token spans: the cases the seed, real transcripts and a Russian text need (the Golden Rules are in tests/test_golden_rules.py)."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from kit.nlp import WORD_RE, split_sentences, tokenize


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


# Where no rule of the splitter applies (plain words, one end mark, white space), it must
# cut exactly where NLTK's plain Punkt cuts.
PLAIN_WORDS = "the West Russia said they peace talks ended Yes so WHY 1941 Лавров мир Мы сказали".split()
plain_text = st.lists(st.tuples(st.sampled_from(PLAIN_WORDS), st.sampled_from([".", "?", "!", "", "", ",", ":", ";"]),
                                st.sampled_from([" ", " ", "  ", "\n", " \n "])),
                      max_size=40).map(lambda parts: "".join(w + m + s for w, m, s in parts))


@settings(max_examples=500, deadline=None)  # also run once with 3,000 examples: no difference
@given(plain_text)
def test_where_no_rule_applies_the_split_is_plain_punkts(text):
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    punkt = []
    for a, b in PunktSentenceTokenizer().span_tokenize(text):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            punkt.append((a, b))
    assert split_sentences(text) == punkt


# Pieces that trigger every rule of the splitter: abbreviations of each kind, initials,
# numbers, ellipses, closers, dashes, list markers and bullets.
RULE_PIECES = st.lists(st.sampled_from(
    ["Mr.", "U.S.", "co.", "No.", "p.", "г.", "т.е.", "В.В.", "E.", "I.", "a.m.", "1.", "2.", "1.)", "2)", "a.", "b.",
     "•", "⁃9.", "...", "…", ". . .", ". . . .", "....", "?!", "!", "?", ".", '."', "”", "»", ")", "(", "[...]", "—", "–",
     "The", "How", "the", "Мы", "мы", "Yahoo!", "2022", "$100.00", "x", " ", " ", "  ", "\n", "\t", "\u00a0"]),
    max_size=60).map("".join)


@settings(max_examples=500, deadline=None)  # also run once with 20,000 examples of RULE_PIECES: all held
@given(st.one_of(text_strategy, RULE_PIECES, st.text(max_size=200)))
def test_only_white_space_lies_outside_sentences(text):
    covered, last = [False] * len(text), 0
    for a, b in split_sentences(text):
        assert last <= a < b <= len(text) and not text[a].isspace() and not text[b - 1].isspace()
        covered[a:b] = [True] * (b - a)
        last = b
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))


def test_the_seed_splits_into_the_sentences_exercise_keys_refer_to(seed):
    """Sentence ids are referenced by exercise keys (a2.s11 ...): the seed's split must not move.

    tests/data/seed_sentence_spans.csv is the seed's sentence table as the Punkt-based
    splitter made it before the rule-based one replaced it.
    """
    import csv
    from pathlib import Path

    rows = list(csv.DictReader((Path(__file__).parent / "data" / "seed_sentence_spans.csv").open(encoding="utf-8")))
    table = seed.sentences
    assert [(r["sentence_id"], int(r["start"]), int(r["end"])) for r in rows] == list(
        zip(table.sentence_id.astype(str), table.start.tolist(), table.end.tolist()))


def test_lines_of_real_transcripts_the_punkt_splitter_cut_wrongly():
    """Lines from tests/data/import/ (and files of the same kinds): times, bill numbers, courts, answers."""
    assert sents("11:37 A.M. EST") == ["11:37 A.M. EST"]
    assert sents("Retired D.C. Circuit Judge Thomas Griffith has urged her confirmation,") == [
        "Retired D.C. Circuit Judge Thomas Griffith has urged her confirmation,"]
    assert sents("further consideration of the bill, H.R. 3759.") == ["further consideration of the bill, H.R. 3759."]
    assert sents("**The Prime Minister:** No. The very reason why the meeting was held yesterday") == [
        "**The Prime Minister:** No.", "The very reason why the meeting was held yesterday"]
    assert sents("**Mr. Cameron:** I love it.") == ["**Mr. Cameron:** I love it."]
    assert sents("<strong>Mr. BELNICK</strong>: I would like to turn now to the Iran matter.") == [
        "<strong>Mr. BELNICK</strong>: I would like to turn now to the Iran matter."]
    assert sents("with him—[Hon. Members: “Why not?”]") == ["with him—[Hon. Members: “Why not?”]"]
    assert sents("So you knew about Go before that then... How did you find out about Go?") == [
        "So you knew about Go before that then...", "How did you find out about Go?"]
    assert sents("We\u2019ve\nworked with the U.N. We worked with coalition partners on that U.N. Security Council "
                 "resolution.") == ["We\u2019ve\nworked with the U.N.",
                                    "We worked with coalition partners on that U.N. Security Council resolution."]


def test_abbreviation_kinds():
    assert sents("See No. 5 and p. 12. No. We will not.") == ["See No. 5 and p. 12.", "No.", "We will not."]
    assert sents("Mr. Lavrov met Gen. Gerasimov. Dr. Smith left.") == ["Mr. Lavrov met Gen. Gerasimov.", "Dr. Smith left."]
    assert sents("Pitt & Co. Today they merged. Inc. Magazine wrote it.") == [
        "Pitt & Co.", "Today they merged.", "Inc. Magazine wrote it."]
    assert sents("We chose option B. Then we left. Take vitamin C. It helps.") == [
        "We chose option B.", "Then we left.", "Take vitamin C.", "It helps."]
    assert sents("George W. Bush and Jonas E. Smith met.") == ["George W. Bush and Jonas E. Smith met."]
    assert sents("'Mr. Smith,' he said. —Dr. Jones left.") == ["'Mr. Smith,' he said.", "—Dr. Jones left."]
    assert sents("Это было в 2022–2023 г. в Москве. Так было в 2014 г. Мы помним.") == [
        "Это было в 2022–2023 г. в Москве.", "Так было в 2014 г.", "Мы помним."]


def test_lists_are_cut_before_each_item_only_when_numbered_in_order():
    assert sents("There are two points. 1. The first point 2. The second point") == [
        "There are two points.", "1. The first point", "2. The second point"]
    assert sents("We want three things: 1) peace 2) bread 3) land.") == ["We want three things: 1) peace 2) bread 3) land."]
    assert sents("1) The first item 3) not the second item") == ["1) The first item 3) not the second item"]
    assert sents("• Sanctions • Energy • Grain") == ["• Sanctions", "• Energy", "• Grain"]


@settings(max_examples=300, deadline=None)
@given(st.one_of(text_strategy, st.text(max_size=200)))
def test_bulk_token_arrays_give_the_same_tokens_as_tokenize(text):
    from kit.nlp import token_arrays
    starts, ends, texts, is_word = token_arrays(text)
    assert list(zip(starts.tolist(), ends.tolist())) == tokenize(text)
    assert texts == [text[a:b] for a, b in tokenize(text)]
    assert is_word.tolist() == [any(ch.isalnum() or ch == "_" for ch in t) and t not in ("...", "…") for t in texts]


def test_bulk_tokens_agree_with_the_regular_expression_for_every_character():
    """token_columns classifies characters with arrays (a table for the Basic Multilingual
    Plane, Python's own tests beyond it); every code point of planes 0 and 1 (surrogates aside)
    and every 61st above is tried inside a word, after a digit group, alone and doubled."""
    from kit.nlp import token_columns
    codes = [c for c in range(0x20000) if not 0xD800 <= c <= 0xDFFF] + list(range(0x20000, 0x110000, 61))
    chars = [chr(c) for c in codes]
    for k in range(0, len(chars), 50_000):
        text = " ".join(f"a{c}b 1,5{c}2 {c}{c}.{c}-x" for c in chars[k:k + 50_000])
        starts, ends, texts, is_word = token_columns(text)
        spans = tokenize(text)
        assert list(zip(starts.tolist(), ends.tolist())) == spans
        assert texts.to_pylist() == [text[a:b] for a, b in spans]
        assert is_word.tolist() == [bool(WORD_RE.fullmatch(text[a:b]).group("w")) for a, b in spans]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \n\t\u00a0.)(•*·ab1Z9x٣.", max_size=40))
def test_the_quick_list_marker_test_agrees_with_the_marker_pattern(text):
    from kit.nlp import _MARKER_RE, _has_marker
    assert _has_marker(text) == (_MARKER_RE.search(text) is not None)
