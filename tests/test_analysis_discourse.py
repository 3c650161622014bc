"""Deixis, stance, naming, quotation and sentiment on the seed, against the text read by hand."""

from __future__ import annotations

import pytest

import kit
from kit.analysis import (actor_lexicon, deixis, deixis_spans, naming, naming_spans, predication,
                          quotations, sentiment, stance, stance_spans)
from kit.paths import data_dir

# --- deixis ---------------------------------------------------------------------------------


def test_we_and_they_per_speaker(seed):
    d = deixis(seed).set_index(["speaker", "category"])
    # Lavrov: "we" x8 (l.7, 10 twice, 11, 12 twice, 17, 20), "our" x9, "us" (l.7 "with us"),
    # "ourselves" (l.7) = 19
    assert d.loc[("lavrov", "we"), "n"] == 19
    # they-forms: l.5 "themselves", l.6 "their innate vices", l.8 "their behavior",
    # l.12 "We appreciate them", l.18 "Hundreds of them" = 5
    assert d.loc[("lavrov", "they"), "n"] == 5
    # "US" in capitals is the country, never the pronoun "us"
    spans = deixis_spans(seed)
    assert "US" not in set(spans[spans.category == "we"]["match"])
    # reader-1 (l.25) uses none of the forms, and still has its three rows of zeros
    assert d.loc[("reader-1", "we"), "n"] == 0 and d.loc[("reader-1", "named out-groups"), "n"] == 0
    assert d.loc[("lavrov", "we"), "per_1000"] == pytest.approx(19 / 1098 * 1000)


def test_named_out_groups_follow_the_lexicon(seed):
    sp = deixis_spans(seed)
    named = sp[sp.category == "named out-groups"]
    assert set(named["item"]) <= {a for a, spec in actor_lexicon(seed).items() if spec["deixis"] == "they"}
    # in the interviewer's questions: "the "collective West"" (l.14) and "Ukraine" (l.9)
    q = named[named.speaker == "interviewer"]["match"].tolist()
    assert q == ["Ukraine", "collective West"]
    by_segment = deixis(seed, by="segment")
    assert set(by_segment.category) == {"we", "they", "named out-groups"}
    assert len(by_segment) == 3 * len(seed.segments)


# --- stance ---------------------------------------------------------------------------------

def test_stance_counts_per_speaker(seed):
    s = stance(seed).set_index(["speaker", "category"])
    # the interviewer's engagement markers: "Do you support" (l.9), "do you think" (l.13)
    assert s.loc[("interviewer", "engagement_markers"), "n"] == 2
    # Lavrov's hedges, read off the answers: "a kind of" (l.5), "I think" (l.7), "I would not like to",
    # "too early to", "so far", "generally" (l.10-11), "premature", "By and large" (l.12),
    # "possible" (l.15), "In a sense" (l.17), "should" (l.18) = 11
    assert s.loc[("lavrov", "hedges"), "n"] == 11
    assert s.loc[("lavrov", "hedges"), "per_1000"] == pytest.approx(11 / 1098 * 1000)
    assert set(s.reset_index().category) == {"hedges", "boosters", "attitude_markers", "self_mentions",
                                             "engagement_markers"}


def test_stance_spans_multiword_items_and_overlaps(seed):
    sp = stance_spans(seed)
    found = {(r.category, r.match) for r in sp.itertuples()}
    assert ("engagement_markers", "Let me remind you") in found          # l.10
    assert ("hedges", "I think") in found                                # l.7, one hedge ...
    assert not any(m == "I" and seed.original[s:s + 7] == "I think" for m, s in zip(sp.match, sp.start))
    assert ("self_mentions", "yours truly") in found                     # l.17
    assert ("attitude_markers", "odious") in found                       # l.11
    # "May first" (l.22) is a date, not the hedge "may"
    assert "May" not in set(sp.match)
    for r in sp.itertuples():
        assert seed.original[r.start:r.end] == r.match


def test_stance_lexicon_names_its_source():
    text = (data_dir() / "stance.yml").read_text(encoding="utf-8")
    assert "Hyland" in text and "Metadiscourse" in text and "2005" in text
    custom = stance(kit.load("lavrov-new-regions-2025"), lexicon={"hedges": ["perhaps", "too early to"]})
    assert set(custom.category) == {"hedges"}
    assert custom.set_index("speaker").loc["lavrov", "n"] == 1


# --- naming and predication -------------------------------------------------------------------

def test_naming_lines_up_the_expressions_for_the_west(seed):
    n = naming(seed)
    west = n[(n.actor == "west") & (n.speaker == "lavrov")].set_index("expression")["n"]
    # "collective West" l.5 and l.19 (Lavrov; l.14 is the interviewer's); "Western minority" l.6
    assert west["collective West"] == 2 and west["Western minority"] == 1
    us = n[n.actor == "united_states"]
    assert "owner of the White House" in set(us.expression)
    assert set(us[us.expression == "Outlaw US Empire"]["speaker"]) == {"karlof1"}
    kiev = n[n.actor == "ukraine"].set_index("expression")
    assert kiev.loc["neo-Nazi regime in Kiev", "speaker"] == "lavrov"


def test_naming_spans_have_offsets_and_longest_match(seed):
    sp = naming_spans(seed)
    for r in sp.itertuples():
        assert seed.original[r.start:r.end] == r.expression
    # "US President Donald Trump" (l.9, l.10) is one mention, not also "US" and "Trump"
    us = sp[sp.actor == "united_states"]["expression"].tolist()
    assert us.count("US President Donald Trump") == 2 and "Donald Trump" not in us


def test_sidecar_actors_extend_the_shared_lexicon(write_text):
    yml = write_text("The collective West said no. Our friends in Narnia said yes.\n", """\
        title: Sample
        source: test
        date: 2025
        language: en
        licence: test
        actors:
          narnia: {label: Narnia, patterns: [Narnia, our friends in Narnia]}
          west: {label: the West, patterns: [the no-sayers]}
        speakers: {a: {name: A, role: author}}
        segments:
          - {id: body, lines: 1, kind: body, speaker: a}
        """)
    doc = kit.load(yml)
    lex = actor_lexicon(doc)
    assert "the no-sayers" in lex["west"]["patterns"] and "collective West" in lex["west"]["patterns"]
    n = naming(doc).set_index("actor")
    assert n.loc["narnia", "expression"] == "Our friends in Narnia"
    assert n.loc["west", "expression"] == "collective West"


def test_actor_lexicon_errors_and_custom_dict(seed):
    with pytest.raises(ValueError, match="needs a list of patterns"):
        actor_lexicon(seed, actors={"x": {"label": "X"}})
    n = naming(seed, actors={"rubio": {"label": "Rubio", "patterns": ["Rubio", "SS Rubio"]}})
    # l.11 "Miguel Rubio", l.22 "Rubio has always been", l.25 "SS Rubio"; "Rubio’s words" (l.22)
    # is a word of its own, found only with a wildcard
    assert n.groupby("speaker")["n"].sum().to_dict() == {"karlof1": 1, "lavrov": 1, "reader-1": 1}
    n = naming(seed, actors={"rubio": {"label": "Rubio", "patterns": ["Rubio*"]}})
    assert n.groupby("speaker")["n"].sum().to_dict() == {"karlof1": 2, "lavrov": 1, "reader-1": 1}


def test_predication_collects_nearby_content_words(seed):
    p = predication(seed, window=3)
    west = p[(p.actor == "west") & (p.speaker == "lavrov")]
    # l.6 "the ultra-liberal ruling elites of the West are driven by hegemonic instincts"
    assert "driven" in set(west.word)
    # l.5 "the "collective West" exposed its true face"
    assert {"exposed", "true"} <= set(west.word)
    assert "the" not in set(p.word)


# --- quotation ------------------------------------------------------------------------------

def test_scare_quotes_and_so_called(seed):
    q = quotations(seed)
    scare = q[q.type == "scare"]
    # l.5 "moment of truth.", "collective West"; l.6 "watershed"; l.9 "peacemaker"; l.14 and l.19
    assert scare.text.tolist() == ["moment of truth.", "collective West", "watershed", "peacemaker",
                                   "collective West", "collective West"]
    so = q[q.type == "so-called"].iloc[0]
    assert so.text == "European values" and so.speaker == "lavrov"      # l.5


def test_direct_quotations_and_who(seed):
    q = quotations(seed)
    direct = q[q.type == "direct"].set_index("text")
    # l.4: "experience, the son of difficult mistakes," in the words of a classic
    assert direct.loc["experience, the son of difficult mistakes,", "who"] == "a classic"
    # l.26: reader-2 quotes Lavrov; the sidecar marks the quotation with its attribution
    marked = q[q.sidecar].iloc[0]
    assert (marked.type, marked.who, marked.speaker) == ("direct", "Sergei Lavrov", "reader-2")
    assert marked.text.startswith("The whole world has seen")
    # l.22, curly quotes: the blogger quotes Rubio's words as reported by Lavrov
    assert "the need to respect the interests of all states, large and small" in direct.index
    for r in q.itertuples():
        assert seed.original[r.start:r.end] == r.text


def test_reported_speech_with_verb_stance(seed):
    rep = quotations(seed)
    rep = rep[rep.type == "reported"].set_index("verb")
    # l.10 "As President Vladimir Putin has repeatedly said" (neutral),
    # "as the head of state emphasized" (emphatic); l.11 "The owner of the White House himself
    # admitted" (factive: presented as conceded and true)
    assert rep.loc["said", "who"] == "President Vladimir Putin"
    assert rep.loc["said", "verb_stance"] == "neutral"
    assert rep.loc["admitted", ["who", "verb_stance"]].tolist() == ["The owner of the White House", "factive"]
    # l.8 "readiness to admit and correct the mistakes" is no report
    assert "admit" not in rep.index


# --- sentiment ------------------------------------------------------------------------------

def test_sentiment_per_sentence_is_vader(seed):
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    s = sentiment(seed)
    assert len(s) == len(seed.sentences)
    row = s.iloc[5]
    assert row.compound == SentimentIntensityAnalyzer().polarity_scores(row.text)["compound"]
    assert s.order.tolist() == list(range(1, len(s) + 1))


def test_sentiment_per_segment_is_the_mean_of_its_sentences(seed):
    s = sentiment(seed)
    seg = sentiment(seed, unit="segment").set_index("segment_id")
    a1 = s[s.segment_id == "lavrov-new-regions-2025:a1"]
    assert seg.loc["lavrov-new-regions-2025:a1", "compound"] == pytest.approx(a1.compound.mean())
    assert seg.loc["lavrov-new-regions-2025:a1", "sentences"] == len(a1)
    with pytest.raises(ValueError, match="unit must be"):
        sentiment(seed, unit="word")
