"""`kit import` on real published texts of different layouts (tests/data/import/).

The expected turns per speaker were counted by reading each text (see
tests/data/import/README.md); the expected first lines of the turns are the
lines where a speaker label opens a paragraph, found here with a plain
regular expression written for each text, independently of the importer.
Every imported text must load with kit.load and satisfy the offset
invariant on every row of every table.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kit
from kit.importer import import_text
from kit.textformat import validate
from kit.yamlines import load as load_yaml

DATA = Path(__file__).parent / "data" / "import"

#: file -> (layout, {speaker id: labelled turns}, regex of a line that opens a turn)
CASES = {
    "euthyphro-jowett.md": ("play", {"socrates": 21, "euthyphro": 21}, r"^(SOCRATES|EUTHYPHRO):"),
    "crito-jowett-gbww.md": ("play", {"socrates": 15, "crito": 14}, r"^(Socrates|Soc|Crito|Cr)\. "),
    "wh-gaggle-2022-03-11.md": ("briefing", {"mr-bates": 9, "journalist": 8}, r"^\s*(MR\. BATES:|Q {4})"),
    "state-briefing-2022-08-18.txt": ("briefing", {"mr-price": 3, "journalist": 2}, r"^(MR PRICE|QUESTION):"),
    "kremlin-ru-24370.txt": ("interview", {"chitatel": 3, "v-putin": 3}, r"^(Читатель|В\.Путин):"),
    "kremlin-ru-57693.txt": ("interview", {"v-putin": 3, "interviewer": 2}, r"^(Вопрос|В\.Путин):"),
    "irancontra-hall-1987.html": ("interview", {"mr-belnick": 9, "ms-hall": 9}, r"^(Mr\. BELNICK|Ms\. HALL):"),
    "crec-1994-02-03-house-excerpt.htm": ("dialogue", {"the-speaker-pro-tempore": 1, "the-chairman": 10, "mr-deutsch": 3,
                                                       "mr-brown-of-california": 4, "mr-stokes": 3, "mr-traficant": 3},
                                          r"^  (The SPEAKER pro tempore|The CHAIRMAN|"
                                          r"Mr\. (DEUTSCH|BROWN of California|STOKES|TRAFICANT))[ .]"),
    "kremlin-en-17162.html": ("dialogue", {"vladimir-putin": 4, "sergei-chemezov": 4},
                              r"^(President of Russia Vladimir Putin|Vladimir Putin|"
                              r"CEO of Rostekhnologii State Corporation Sergei Chemezov|Sergei Chemezov):"),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Import every test text once into a temporary texts folder."""
    out = tmp_path_factory.mktemp("texts")
    return {name: import_text(DATA / name, out=out) for name in CASES}, out


def assert_offsets(doc) -> None:
    for name in ("segments", "paragraphs", "sentences", "tokens", "quotations"):
        table = getattr(doc, name)
        for start, end, text in zip(table["start"], table["end"], table["text"]):
            assert doc.original[start:end] == text, (name, start, end)


@pytest.mark.parametrize("name", list(CASES))
def test_turns_per_speaker_match_the_counts_read_by_hand(imported, name):
    layout, turns, _ = CASES[name]
    result = imported[0][name]
    assert result.draft.layout == layout
    assert result.draft.turns() == turns


@pytest.mark.parametrize("name", list(CASES))
def test_turns_start_exactly_where_a_label_opens_a_line(imported, name):
    _, _, opener = CASES[name]
    result = imported[0][name]
    lines = result.source.text.split("\n")
    expected = [n for n, line in enumerate(lines, start=1) if re.match(opener, line)]
    assert [s.first for s in result.draft.segments if s.label] == expected


@pytest.mark.parametrize("name", list(CASES))
def test_each_turn_ends_where_the_next_segment_begins(imported, name):
    """No speech line is lost between segments and none is given to two turns."""
    result = imported[0][name]
    lines = result.source.text.split("\n")
    segs = result.draft.segments
    for seg, nxt in zip(segs, segs[1:]):
        gap = lines[seg.last:nxt.first - 1]
        assert all(not line.strip() for line in gap), (seg.id, nxt.id, gap)
        assert seg.last <= nxt.first


@pytest.mark.parametrize("name", list(CASES))
def test_imported_text_validates_loads_and_keeps_offsets(imported, name):
    result = imported[0][name]
    assert validate(result.yml) == []
    doc = kit.load(result.yml)
    assert_offsets(doc)
    assert doc.original == result.source.text
    assert set(doc.segments["speaker"]) <= set(result.draft.speakers)


def test_original_text_is_copied_unchanged(imported):
    results, _ = imported
    for name in CASES:
        if not name.endswith((".html", ".htm")):
            assert results[name].txt.read_bytes() == (DATA / name).read_bytes()


def test_play_label_variants_are_grouped_and_written_for_the_instructor(imported):
    result = imported[0]["crito-jowett-gbww.md"]
    data = load_yaml(result.yml)
    assert data["speakers"]["socrates"]["aliases"] == ["Socrates.", "Soc."]
    assert data["speakers"]["crito"]["aliases"] == ["Crito.", "Cr."]
    text = result.yml.read_text(encoding="utf-8")
    assert "# unsure: label variants grouped as one speaker: 'Socrates.', 'Soc.'" in text


def test_kremlin_titles_in_front_of_names_are_grouped(imported):
    data = load_yaml(imported[0]["kremlin-en-17162.html"].yml)
    assert data["speakers"]["vladimir-putin"]["aliases"] == ["President of Russia Vladimir Putin:", "Vladimir Putin:"]
    assert data["speakers"]["vladimir-putin"]["name"] == "Vladimir Putin"


def test_page_furniture_is_kept_as_other_and_does_not_break_turns(imported):
    result = imported[0]["crito-jowett-gbww.md"]
    others = {s.first: s for s in result.draft.segments if s.kind == "other"}
    lines = result.source.text.split("\n")
    assert [lines[n - 1] for n, _ in result.draft.unplaced] == ["[43]", "[44]", "DIALOGUES OF PLATO", "214"]
    assert set(others) == {3, 39, 59}
    title = result.draft.segments[0]
    assert (title.kind, title.lines, result.draft.meta["title"]) == ("title", "1", "Crito")


def test_briefing_transcript_notes_interrupt_a_turn_that_then_goes_on(imported):
    result = imported[0]["wh-gaggle-2022-03-11.md"]
    segs = {s.id: s for s in result.draft.segments}
    lines = result.source.text.split("\n")
    notes = [s for s in result.draft.segments if s.kind == "editorial_note"]
    assert [lines[s.first - 1] for s in notes] == ["(Gaggle interrupted as Air Force One lands.)",
                                                 "(Gaggle interrupted as Air Force One crew deplanes.)"]
    cont = segs["a3-2"]
    assert (cont.speaker, cont.kind, cont.label, cont.lines) == ("mr-bates", "answer", "", "190-203")
    assert lines[cont.first - 1].startswith("But we are going to include seafood")
    assert result.draft.meta["date"] == "2022-03-11"
    assert result.draft.meta["source"].startswith("https://bidenwhitehouse.archives.gov/briefing-room/")


def test_briefing_opening_statement_is_a_turn_and_later_ones_answers(imported):
    result = imported[0]["wh-gaggle-2022-03-11.md"]
    kinds = [(s.kind, s.speaker) for s in result.draft.segments if s.label]
    assert kinds[0] == ("turn", "mr-bates")
    assert {k for k, sp in kinds[1:] if sp == "mr-bates"} == {"answer"}
    assert {k for k, sp in kinds if sp == "journalist"} == {"question"}


def test_hearing_counsel_asks_and_witness_answers_in_hard_wrapped_turns(imported):
    """Counsel's turns end in question marks only on their last wrapped line."""
    result = imported[0]["irancontra-hall-1987.html"]
    kinds = {(s.speaker, s.kind) for s in result.draft.segments if s.label}
    assert kinds == {("mr-belnick", "question"), ("ms-hall", "answer")}
    first = result.draft.segments[0]
    assert (first.label, first.lines) == ("Mr. BELNICK:", "1-4")
    assert first.unsure == []  # lines 2-4 go on mid-sentence: nothing to check
    roles = {sid: spk.role for sid, spk in result.draft.speakers.items()}
    assert roles == {"mr-belnick": "interviewer", "ms-hall": "interviewee"}


def test_congressional_record_label_variants_are_grouped_for_the_instructor(imported):
    result = imported[0]["crec-1994-02-03-house-excerpt.htm"]
    data = load_yaml(result.yml)
    assert data["speakers"]["mr-traficant"]["aliases"] == ["Mr. TRAFICANT.", "Mr. TRAFICANT (during the reading)."]
    text = result.yml.read_text(encoding="utf-8")
    assert "# unsure: label variants grouped as one speaker: 'Mr. TRAFICANT.', 'Mr. TRAFICANT (during the reading).'" \
        in text


def test_congressional_record_narration_and_documents_read_are_not_the_speakers_words(imported):
    """The record's account ("There was no objection.") and the amendments the Clerk reads are notes."""
    result = imported[0]["crec-1994-02-03-house-excerpt.htm"]
    lines = result.source.text.split("\n")
    notes = [s for s in result.draft.segments if s.kind == "editorial_note"]
    assert [lines[s.first - 1].strip()[:40] for s in notes] == [
        "Accordingly the House resolved itself in", "The Clerk read the title of the bill.",
        "The text of the amendment is as follows:", "Notwithstanding any other provision of l",
        "(Mr. BROWN of California asked and was g", "There was no objection.", "The Clerk read as follows:",
        "There was no objection.", "The amendment was agreed to."]
    assert {s.speaker for s in notes} == {"editor"}
    read = next(s for s in notes if lines[s.first - 1].strip() == "The Clerk read as follows:")
    assert lines[read.last - 1].strip() == "under this Act."  # the whole amendment, up to its last line
    others = [lines[s.first - 1].strip() for s in result.draft.segments if s.kind == "other"]
    assert others == ["EMERGENCY SUPPLEMENTAL APPROPRIATIONS ACT OF 1994", "{time}  1507",
                      "in the committee of the whole", "amendment offered by mr. deutsch", "Administrative Provision",
                      "{time}  1510", "amendment offered by Mr. traficant"]


def test_congressional_record_page_keeps_its_preformatted_layout(imported):
    """The <pre> text is stored as the browser shows it: indents and blank lines kept."""
    result = imported[0]["crec-1994-02-03-house-excerpt.htm"]
    lines = result.txt.read_text(encoding="utf-8").split("\n")
    assert lines[12] == "  The SPEAKER pro tempore. Pursuant to House Resolution 336 and rule"
    assert lines[13] == "XXIII, the Chair declares the House in the Committee of the Whole House"
    assert lines[14:18] == ["on the State of the Union for the further consideration of the bill,", "H.R. 3759.", "",
                            "                              {time}  1507"]
    assert result.draft.meta["date"] == "1994-02-03"


def test_navigation_lines_above_a_transcript_are_not_placed(imported):
    result = imported[0]["kremlin-ru-24370.txt"]
    assert [n for n, _ in result.draft.unplaced] == [1, 2, 3]
    result = imported[0]["state-briefing-2022-08-18.txt"]
    assert [n for n, _ in result.draft.unplaced] == [1, 3, 5, 7, 9]


# --- the seed -----------------------------------------------------------------

# The seed file is in texts/ byte for byte (tests/test_document.py checks it against the shared copy);
# this test reads only the repository's copy.
SEED_SIDECAR = Path(kit.paths.texts_dir()) / "lavrov-new-regions-2025.yml"
SEED_RAW = SEED_SIDECAR.with_suffix(".txt")


def test_reimporting_the_seed_reproduces_the_hand_made_interview_turns(tmp_path):
    result = import_text(SEED_RAW, out=tmp_path, text_id="seed")
    made = {s["id"]: s for s in load_yaml(SEED_SIDECAR)["segments"]}
    got = {s.id: s for s in result.draft.segments}
    for sid in ("q1", "a1", "q2", "a2", "q3", "a3"):
        want, have = made[sid], got[sid]
        assert have.lines == str(want["lines"]), sid
        assert have.kind == want["kind"], sid
        assert have.label == want["label"], sid
        assert have.end_before == str(want.get("end_before", "")), sid
    assert got["q3"].lines == "13-14"
    grouping = {sid: got[sid].speaker for sid in ("q1", "q2", "q3", "a1", "a2", "a3")}
    made_grouping = {sid: made[sid]["speaker"] for sid in grouping}
    pairs = lambda g: {(x, y) for x in g for y in g if g[x] == g[y]}  # noqa: E731
    assert pairs(grouping) == pairs(made_grouping)
    note = got["note-1"]
    assert (note.kind, note.lines, note.start_at) == ("editorial_note", "21", "[My Emphasis]")
    assert [s.kind for s in result.draft.segments[:3]] == ["title", "subtitle", "intro"]
    assert [s.kind for s in result.draft.segments if s.first >= 22] == ["commentary", "plug", "comment",
                                                                        "comment", "comment", "comment"]
    assert_offsets(kit.load(result.yml))


# --- Russian --------------------------------------------------------------------

def test_russian_transcript_records_its_language_and_tokenizes(imported):
    result = imported[0]["kremlin-ru-24370.txt"]
    assert result.draft.meta["language"] == "ru"
    doc = kit.load(result.yml)
    assert doc.meta["language"] == "ru"
    words = doc.tokens[doc.tokens["is_word"]]["text"].tolist()
    assert {"Путиным", "москвичка", "Ельцин"} <= set(words)
    answers = doc.sentences[doc.sentences["speaker"] == "v-putin"]["text"].tolist()
    assert "Если народ за меня проголосует, значит, достоин, если нет – недостоин." in answers
    assert "С Путиным." in answers
