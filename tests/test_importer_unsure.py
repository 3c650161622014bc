"""Never silently wrong: what the importer does not take as a turn is marked for the instructor.

The texts here are hand-written samples (clearly not real transcripts) in
the shapes the issue describes: a gaggle whose bystander is labelled in a
way the importer does not accept, a blog interview with an aside in
italics, an editor's note, and a "Continue reading" link; real texts of
these layouts are in tests/data/import/ (see its README for what was not
found).
"""

from __future__ import annotations

import kit
from kit.importer import draft_file, import_text

GAGGLE = """Press Gaggle (hand-written sample)

MR. KIRBY: Fire away.

Q Can you say more?

MR. KIRBY: No.

CUSTOMER Don't ask us.

Q Why not?

MR. KIRBY: Because.
Kirby: that is all.
"""

BLOG = """A talk about typing (hand-written sample)

By Jane Roe

Q: Why do you type so fast?

A: Practice. [Editor's note: twenty years of it.]

*Can't type fast enough to keep up with him here...*

A: And a good keyboard.

Q: Anything else?

A: No. Continue reading at https://example.org/2004/07/16/typing-talk
"""


def test_label_like_openings_not_taken_as_turns_are_marked_and_reported(tmp_path):
    path = tmp_path / "gaggle.txt"
    path.write_text(GAGGLE, encoding="utf-8")
    result = import_text(path, out=tmp_path / "out")
    assert result.draft.turns() == {"mr-kirby": 3, "journalist": 2}
    flagged = [u for u in result.report.unsure if "looks like a speaker label" in u]
    assert any("line 9 opens with 'CUSTOMER'" in u for u in flagged), flagged
    sidecar = result.yml.read_text(encoding="utf-8")
    assert "# unsure: line 9 opens with 'CUSTOMER'" in sidecar
    assert "unsure (marked '# unsure:' in the sidecar)" in result.report.format()


def test_a_known_speakers_name_opening_a_line_is_marked(tmp_path):
    path = tmp_path / "gaggle.txt"
    path.write_text(GAGGLE, encoding="utf-8")
    result = draft_file(path)
    assert any("opens with 'Kirby:'" in u for u in result.report.unsure), result.report.unsure


def test_blog_aside_note_link_and_byline(tmp_path):
    path = tmp_path / "blog.md"
    path.write_text(BLOG, encoding="utf-8")
    result = import_text(path, out=tmp_path / "out")
    segs = result.draft.segments
    aside = next(s for s in segs if s.first == 9)
    assert (aside.kind, aside.speaker) == ("editorial_note", "author")
    assert result.draft.turns() == {"interviewer": 2, "interviewee": 3}
    # the editor's bracketed note inside an answer is flagged on that answer
    a1 = next(s for s in segs if s.first == 7)
    assert any("[Editor's note: twenty years of it.]" in u for u in a1.unsure)
    # the link closing the last answer is page furniture, and gives the source
    last = next(s for s in segs if s.first == 15 and s.label)
    assert last.end_before == "Continue reading"
    assert result.draft.meta["source"] == "https://example.org/2004/07/16/typing-talk"
    assert result.draft.meta["author"] == "Jane Roe"
    doc = kit.load(result.yml)
    words = set(doc.tokens[doc.tokens["speaker"] == "interviewee"]["text"])
    assert not {"2004", "07", "16", "https", "example"} & words
    assert "Continue reading at https://example.org/2004/07/16/typing-talk" in doc.segments["text"].tolist()


BLOG_HTML = """<html><head><title>A talk about typing (hand-written sample)</title></head><body><article>
<h1>A talk about typing (hand-written sample)</h1>
<p><b>Q:</b> Why do you type so fast?</p>
<p><b>A:</b> Practice.</p>
<p><em>Can't type fast enough to keep up with him here...</em></p>
<p><b>A:</b> And a good keyboard.</p>
<p><b>Q:</b> Anything else?</p>
<p><b>A:</b> No.</p>
<p><a href="https://example.org/2004/07/16/typing-talk">Continue reading &rarr;</a></p>
</article></body></html>"""


def test_saved_blog_page_aside_in_italics_and_continue_reading_link(tmp_path):
    path = tmp_path / "blog.html"
    path.write_text(BLOG_HTML, encoding="utf-8")
    result = import_text(path, out=tmp_path / "out")
    lines = result.source.text.split("\n")
    aside = next(s for s in result.draft.segments if lines[s.first - 1].startswith("Can't type"))
    assert (aside.kind, aside.speaker) == ("editorial_note", "author")
    link = next(s for s in result.draft.segments if lines[s.first - 1].startswith("Continue reading"))
    assert link.kind == "other"
    assert result.draft.meta["source"] == "https://example.org/2004/07/16/typing-talk"
    assert result.draft.turns() == {"interviewer": 2, "interviewee": 3}


def test_a_link_address_inside_an_answer_is_flagged(tmp_path):
    path = tmp_path / "links.md"
    path.write_text("Links (hand-written sample)\n\nQ: Where?\n\nA: Here: https://example.org/2004/07/16/x is the page.\n\n"
                    "Q: And?\n\nA: Nothing more.\n", encoding="utf-8")
    result = draft_file(path)
    answer = next(s for s in result.draft.segments if s.first == 5)
    assert any("link address" in u and "https://example.org/2004/07/16/x" in u for u in answer.unsure)
    assert sum("link address" in u for u in result.report.unsure) == 1
