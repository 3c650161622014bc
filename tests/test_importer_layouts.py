"""Layouts beyond labelled paragraphs: court transcripts, XML records, subtitles, time stamps.

Real texts come from tests/data/import/ (see its README); where no real
openly licensed text was found, the sample below is hand-written and says
so in its first line.
"""

from __future__ import annotations

import re
from pathlib import Path

import kit
from kit.importer import draft_file, import_text

DATA = Path(__file__).parent / "data" / "import"


def _words(doc, speakers):
    t = doc.tokens
    return set(t[t["is_word"] & t["speaker"].isin(speakers)]["text"])


def test_court_transcript_line_numbers_heads_and_word_index_are_nobodys_words(tmp_path):
    result = import_text(DATA / "scotus-11-398-2012-03-26-excerpt.txt", out=tmp_path)
    doc = kit.load(result.yml)
    speakers = ["chief-justice-roberts", "mr-long", "justice-scalia", "justice-kennedy"]
    numbers = {w for w in _words(doc, speakers) if re.fullmatch(r"\d+", w)}
    assert numbers == {"6"}  # "at least 6 months": said, not a line number
    lines = result.source.text.split("\n")
    other = {lines[n - 1].strip().lstrip("\f").strip() for s in result.draft.segments if s.kind == "other"
             for n in range(s.first, s.last + 1)}
    assert {"Official - Subject to Final Review", "Alderson Reporting Company"} <= other
    assert any(t.startswith("7") and "ORAL ARGUMENT OF ROBERT A. LONG" in t for t in other)
    index = [s for s in result.draft.segments if s.first <= 345 <= s.last]
    assert [s.kind for s in index] == ["other"]  # the word index page


def test_parlamint_and_theyworkforyou_metadata_and_procedure(tmp_path):
    tei = import_text(DATA / "parlamint-gb-2022-07-21-commons-excerpt.xml", out=tmp_path)
    meta = tei.draft.meta
    assert (meta["date"], meta["licence"]) == ("2022-07-21", "http://creativecommons.org/licenses/by/4.0/")
    assert meta["source"].startswith("https://hansard-api.parliament.uk/")
    lines = tei.source.text.split("\n")
    notes = [lines[s.first - 1] for s in tei.draft.segments if s.kind == "editorial_note"]
    assert "House adjourned." in notes and "SAMPLING" in notes
    twfy = import_text(DATA / "twfy-debates-2024-07-30a-excerpt.xml", out=tmp_path)
    lines = twfy.source.text.split("\n")
    notes = [lines[s.first - 1] for s in twfy.draft.segments if s.kind == "editorial_note"]
    assert notes[0] == "Ordered," and twfy.draft.meta["date"] == "2024-07-30"


def test_webvtt_voices_become_turns_and_a_laugh_in_italics_is_a_note(tmp_path):
    result = import_text(DATA / "webvtt-mozilla-cycle-collector-talk.vtt", out=tmp_path)
    assert result.draft.turns() == {"kyle-huey": 3, "chris-pearce": 1}
    lines = result.source.text.split("\n")
    note = next(s for s in result.draft.segments if s.kind == "editorial_note")
    assert lines[note.first - 1] == "*Laughter*"
    assert "00:04.000" not in result.source.text  # timings are not anyone's words


SRT = """1
00:00:01,000 --> 00:00:03,000
HAND-WRITTEN SAMPLE: Subtitles with names.

2
00:00:03,500 --> 00:00:05,000
ANNA: Are you ready?

3
00:00:05,500 --> 00:00:07,000
BORIS: Almost.
Give me a minute.

4
00:00:07,500 --> 00:00:09,000
ANNA: Fine.

5
00:00:09,500 --> 00:00:11,000
BORIS: Let us go.
"""


def test_subrip_with_speaker_names(tmp_path):
    path = tmp_path / "sample.srt"
    path.write_text(SRT, encoding="utf-8")
    result = draft_file(path)
    assert result.draft.turns() == {"anna": 2, "boris": 2}
    assert "-->" not in result.source.text


STAMPED = """Hand-written sample: a podcast transcript with time stamps

[00:00:05] ANNA SMITH: Welcome back to the show.

[00:00:09] JOHN DOE: Thanks for having me.

[00:01:02] ANNA SMITH: Let us start.

JOHN DOE (00:01:10): Sure.
"""


def test_time_stamps_before_and_after_the_name(tmp_path):
    path = tmp_path / "podcast.txt"
    path.write_text(STAMPED, encoding="utf-8")
    result = import_text(path, out=tmp_path / "out")
    assert result.draft.turns() == {"anna-smith": 2, "john-doe": 2}
    doc = kit.load(result.yml)
    assert not {"00", "05", "09"} & _words(doc, ["anna-smith", "john-doe"])


UN = """Hand-written sample in the layout of a UN Security Council record

The President: I thank the Secretary-General for his briefing.

Mr. Lavrov (Russian Federation) (spoke in Russian): We have listened carefully.

Mr. Smith (United Kingdom): I shall be brief.

The President: I now give the floor to the representative of France.

Mr. Dupont (France) (spoke in French): Thank you, Madam President.

Mr. Lavrov (Russian Federation): I ask for the floor again.
"""


def test_un_style_labels_with_country_and_language(tmp_path):
    path = tmp_path / "un.txt"
    path.write_text(UN, encoding="utf-8")
    result = draft_file(path)
    turns = result.draft.turns()
    assert sorted(turns.values()) == [1, 1, 2, 2] and turns["the-president"] == 2
    lavrov = next(spk for spk in result.draft.speakers.values() if "Lavrov" in spk.name)
    assert lavrov.aliases == ["Mr. Lavrov (Russian Federation) (spoke in Russian):", "Mr. Lavrov (Russian Federation):"]


def test_bad_data_files_give_one_clear_line_and_write_nothing(tmp_path, capsys):
    from kit.cli import main
    cases = {
        "broken.xml": ("<TEI><text><body><u who='#A'><seg>Hi</seg></body></TEI>", "not well-formed XML"),
        "bomb.xml": ('<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "aaaa">]><TEI>&a;</TEI>',
                     "declares entities"),
        "other.xml": ("<rss><channel><title>x</title></channel></rss>", "does not read"),
        "empty.vtt": ("WEBVTT\n\nNOTE nothing here\n", "no cues"),
    }
    out = tmp_path / "texts"
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        code = main(["import", str(path), "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 1, name
        assert err.startswith(f"kit import: {path}") and message in err and "Traceback" not in err, err
    assert not out.exists() or not any(out.iterdir())
