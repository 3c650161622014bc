"""Inferring the structure of a pasted transcript: who speaks on which lines.

:func:`infer` reads the text paragraph by paragraph.  Before the first
speaker label come the title, subtitle, byline and the author's
introduction; each label opens a turn, and paragraphs without a label
continue the turn before them; page furniture and transcript notes
interrupt a turn without ending it; after the dialogue come the author's
commentary, an appeal to subscribe and reader comments.  Every decision the
inference is unsure of is noted for the instructor.

>>> text = '''Talk about piety
...
... SOCRATES: What is piety?
...
... EUTHYPHRO: Piety is doing as I am doing.
... And more.
...
... SOCRATES: Is it?
...
... EUTHYPHRO: Yes.
... '''
>>> d = infer(text, text_id="talk")
>>> d.layout, [(s.id, s.kind, s.speaker, s.lines) for s in d.segments]
('play', [('title', 'title', 'author', '1'), ('t1', 'turn', 'socrates', '3'), ('t2', 'turn', 'euthyphro', '5-6'), ('t3', 'turn', 'socrates', '8'), ('t4', 'turn', 'euthyphro', '10')])
>>> d.turns()
{'socrates': 2, 'euthyphro': 2}
"""

from __future__ import annotations

import re

from .draft import Draft, DraftSegment, DraftSpeaker
from .asides import is_italic_aside, is_link_line, text_meta
from .checks import cut_line_numbers, cut_trailing_links, flag_addresses, flag_label_like
from .labels import slug
from .paragraphs import (Para, closing_note, split_leading_marks, is_index_line, line_number_prefix, recurring_lines, find_date, first_line_indent, heading, is_centred_heading,
                         is_comment_header, is_dateline, is_furniture, is_nav, is_plug, is_timestamp, is_ui_line,
                         line_mode, proceedings_note, says_author, split_paragraphs, transcript_note)
from .reading import front_matter_end
from .speakers import Cast, accept, cast
from .turns import (addressee, dated_note, ends_sentence, norm_title, paragraph_label, split_at_labels,
                    turn_texts)

__all__ = ["infer", "NoStructure"]


class NoStructure(ValueError):
    """The text shows no speaker labels and no title-and-paragraphs layout."""


def infer(text: str, hints: dict | None = None, text_id: str = "text") -> Draft:
    """Infer a :class:`~kit.importer.draft.Draft` for ``text``.

    ``hints`` may carry metadata found in the file (``title``, ``author``)
    and ``markdown=True`` to treat a leading ``---`` block as front matter.
    Raises :class:`NoStructure` when nothing can be recognised.
    """
    return _Walker(text, hints or {}, text_id).run()


class _Walker:
    def __init__(self, text: str, hints: dict, text_id: str):
        self.lines = [line.rstrip("\r") for line in text.split("\n")]
        self.hints, self.text_id = hints, text_id
        self.segments: list[DraftSegment] = []
        self.speakers: dict[str, DraftSpeaker] = {}
        self.unplaced: list[tuple[int, str]] = []
        self.counters: dict[str, int] = {}
        self.pending_author = ""
        self.cast = Cast("prose")
        self.numbered, self.recurring, self.paged = None, set(), False

    # --- the whole run ------------------------------------------------------
    def run(self) -> Draft:
        start = self._front_matter()
        known = self.hints.get("speakers", ())
        self.numbered = line_number_prefix(self.lines[start:])
        self.recurring = recurring_lines(self.lines[start:])
        body = self.lines[start:]
        by_line = line_mode(body) and first_line_indent(body) is None
        paras = split_leading_marks(split_paragraphs(body, offset=start, by_line=by_line))
        nav, title = self._header_marks(paras)
        cand = [None if i in nav or i == title else paragraph_label(p, known, self.numbered) for i, p in enumerate(paras)]
        names = accept(cand, n_paragraphs=len(paras), known=self.hints.get("speakers", ()))
        if names and not by_line:
            paras = split_at_labels(paras, names)
            nav, title = self._header_marks(paras)
            cand = [None if i in nav or i == title else paragraph_label(p, known, self.numbered) for i, p in enumerate(paras)]
        labels = [lab if lab is not None and lab.name in names else None for lab in cand]
        self.cast = cast(labels, names, turn_texts(paras, labels))
        self.layout = self.cast.layout
        if self.layout == "prose":
            self._check_prose(paras, nav, title)
        self._walk(paras, labels, nav, title)
        self._check(paras, labels, nav, title, names)
        return self._draft()

    def _front_matter(self) -> int:
        if not self.hints.get("markdown"):
            return 0
        end = front_matter_end(self.lines)
        if end < 0:
            return 0
        self._add("other", "page", 1, end + 1, note="Markdown front matter: metadata, read into this sidecar")
        return end + 1

    def _header_marks(self, paras: list[Para]) -> tuple[set[int], int | None]:
        """Indexes of the navigation paragraphs at the top, and of the title (or None)."""
        hint = norm_title(self.hints.get("title", ""))
        for i, p in enumerate(paras[:15]):
            if hint and norm_title(heading(p.text) or p.text) == hint:
                return set(range(i)), i
        nav: set[int] = set()
        texts = [q.lines[0].strip() for q in paras]
        for i, p in enumerate(paras[:15]):
            if is_nav(p.text):
                nav.add(i)
                continue
            if heading(p.text) is not None:
                return nav, i
            lab = paragraph_label(p, (), self.numbered)
            recurring = lab is not None and (sum(t.startswith(lab.text) for t in texts) > 1
                                             or bool(accept([lab], len(paras), self.hints.get("speakers", ()))))
            short = len(p.lines) == 1 and len(p.text) <= 150 and not re.search(r"[.,;:]$", p.text)
            plain = not (self._is_furniture(p.text, p) or is_timestamp(p.text) or find_date(p.text))
            if not hint and short and plain and not recurring and len(paras) > 2:
                return nav, i
            return nav, None
        return nav, None

    def _check_prose(self, paras, nav, title) -> None:
        body = [p for i, p in enumerate(paras) if i not in nav and i != title]
        prose = [p for p in body if len(re.findall(r"[^\W\d_]{2,}", p.text)) >= 5 and " " in p.text]
        if len(prose) < 2 or len(prose) < 0.5 * len(body):
            raise NoStructure("no recognisable structure: found no speaker labels (such as 'Name:', "
                              "'MR. SMITH:', 'Q:' or 'SOCRATES.') and no title with paragraphs of prose; "
                              "see docs/instructors.md for the layouts kit import reads")

    # --- the walk -----------------------------------------------------------
    def _walk(self, paras, labels, nav, title) -> None:
        last_labelled = max((i for i, lab in enumerate(labels) if lab is not None), default=-1)
        state = "header" if self.layout != "prose" else "header-prose"
        self.turn: DraftSegment | None = None  # the open turn
        self.resume: DraftSegment | None = None  # the turn an interruption stopped
        self.asked = False
        notes, heads = set(self.hints.get("note_lines", ())), set(self.hints.get("heading_lines", ()))
        for i, (p, lab) in enumerate(zip(paras, labels)):
            t = p.text
            if i in nav:
                self._other(p, "navigation or site banner")
            elif p.first in heads and i != title:
                self._other(p, "a heading of the record")
                self.turn = None
            elif p.first in notes:
                self._add("editorial_note", "editor", p.first, p.last,
                          note="the record's own text (procedure, notes), marked as such in the source file")
                self.turn = None
            elif i == title:
                self._add("title", "author", p.first, p.last,
                          unsure=[] if self.hints.get("title") or heading(t) else
                          ["title guessed: the first line is short and has no final full stop"])
            elif lab is not None and state in ("header", "dialogue"):
                self._start_turn(p, lab)
                state = "dialogue"
            elif state.startswith("header"):
                state = self._header(p, state)
            elif state == "dialogue":
                state = self._in_dialogue(p, i, last_labelled)
            elif state in ("after", "comments"):
                state = self._after(p, state)
        self._flag_tail(last_labelled, paras)

    def _header(self, p: Para, state: str) -> str:
        t, prev = p.text, (self.segments[-1] if self.segments else None)
        if is_link_line(t):
            self._other(p, "a link or 'continue reading' line: page furniture, not anyone's words")
        elif is_timestamp(t) or find_date(t):
            self._merge_or_add("byline", "author", p, "taken as a byline: date, time, place or author")
        elif self._is_furniture(t, p) or heading(t) is not None:
            self._other(p, "page furniture before the text")
        elif prev is not None and prev.kind == "title" and len(p.lines) == 1 and len(t) <= 150 \
                and not re.search(r"[.;:]$", t) and not is_timestamp(t) and not find_date(t) \
                and not re.match(r"(?i)(by|posted by|written by|автор)\b", t):
            self._add("subtitle", "author", p.first, p.last, unsure=["taken as a subtitle: a short line under the title"])
        elif is_dateline(t):
            self._merge_or_add("byline", "author", p, "taken as a byline: date, time, place or author")
        elif state == "header-prose":
            self._merge_or_add("body", "author", p, "")
            return "after"
        else:
            self._merge_or_add("intro", "author", p, "before the first speaker label: taken as the author's introduction")
        return state

    def _start_turn(self, p: Para, lab) -> None:
        sid = self.cast.speaker_of[lab.name]
        role = self.cast.speakers[sid].role
        if role in ("interviewer", "journalist"):
            kind, self.asked = "question", True
        elif role in ("interviewee", "official") and self.asked:
            kind = "answer"
        else:
            kind = "turn"
        seg = self._add(kind, sid, p.first, p.last, label=lab.text, start_at=lab.text if lab.column else "")
        self.turn = self.resume = seg

    def _is_furniture(self, t: str, p: Para | None = None) -> bool:
        """Page furniture, including lines repeated on every page and a court transcript's word index.

        With ``p``, a paragraph whose every line is furniture (a footer and the next page's
        running head) is furniture too.
        """
        if is_furniture(t) or t in self.recurring or bool(self.numbered and is_index_line(t)):
            return True
        lines = [line.strip() for line in (p.lines if p else []) if line.strip()]
        return len(lines) > 1 and all(self._is_furniture(line) for line in lines)

    def _in_dialogue(self, p: Para, i: int, last_labelled: int) -> str:
        t = p.text
        if not (self._is_furniture(t, p) or is_timestamp(t) or dated_note(t)) and self.turn is not None:
            self.paged = False
        after_last = i > last_labelled
        if self._is_furniture(t, p) or is_timestamp(t) or dated_note(t):
            self._other(p, "page number, running head, separator, time stamp or date line")
            self.turn, self.paged = None, True
        elif is_centred_heading(p.lines):
            self._other(p, "a heading set in from the margin")
            self.turn = None
        elif is_link_line(t):
            self._other(p, "a link or 'continue reading' line: page furniture, not anyone's words")
            self.turn = None
        elif (is_italic_aside(t) or p.first in self.hints.get("aside_lines", ())) \
                and self.hints.get("format") in ("srt", "vtt"):
            self._add("editorial_note", "editor", p.first, p.last, note="a caption in italics: a sound or a note")
            self.turn = None
        elif is_italic_aside(t) or p.first in self.hints.get("aside_lines", ()):
            self._add("editorial_note", "author", p.first, p.last, note="a paragraph in italics between the turns",
                      unsure=["in italics, in another voice: taken as the blogger's or editor's aside, "
                              "not the speaker's words"])
            self.turn = None
        elif transcript_note(t):
            play = self.layout == "play"
            self._add("stage_direction" if play else "editorial_note", "narrator" if play else "editor",
                      p.first, p.last, unsure=[] if play else ["a note in brackets: taken as the transcriber's"])
            self.turn = None
        elif proceedings_note(t):
            seg = self._add("editorial_note", "editor", p.first, p.last,
                            note="the record's own account of the proceedings",
                            unsure=["no label, in the third person and past tense: taken as the record's narration"])
            # "The Clerk read as follows:" -- what follows is the document read, not the last speaker
            self.turn = seg if t.endswith(":") else None
            if self.turn is not None:
                self.resume = seg
        elif after_last and is_plug(t):
            self._add("plug", "author", p.first, p.last)
            return "comments"
        elif after_last and is_comment_header(t):
            self._other(p, "heading of the comment section")
            return "comments"
        elif self.turn is not None:
            self.turn.last = p.last
            if self.turn.kind == "question" and ends_sentence(self.lines[p.first - 2]):
                self.turn.unsure.append(f"line {p.first} has no label; kept in this question")
            note = closing_note(t) if i >= last_labelled else None
            if note:
                self.turn.end_before = note
                self._add("editorial_note", "author", p.last, p.last, start_at=note,
                          note="a bracketed note closing the reproduced material",
                          unsure=["taken as the author's note, not the speaker's words"])
                self.turn = None
                return "after"
        elif self.resume is not None:
            base = self.resume.continues or self.resume.id
            seg = self._add(self.resume.kind, self.resume.speaker, p.first, p.last,
                            continues=base, seg_id=self._next_part(base))
            if self.paged:  # only page furniture came between: the turn simply goes on
                seg.note = f"continues {base} after page furniture (page break, running head)"
            else:
                seg.note = f"continues {base} after an interruption"
                seg.unsure.append(f"no label: taken as {base} going on after the interruption")
            self.turn = seg
        else:
            self._other(p, "not placed")
        return "dialogue"

    def _after(self, p: Para, state: str) -> str:
        t = p.text
        if is_plug(t):
            self._add("plug", "author", p.first, p.last)
            return "comments"
        if is_comment_header(t) or is_ui_line(t) or self._is_furniture(t, p) or is_timestamp(t) or is_link_line(t):
            self._other(p, "comment-section heading, button or page furniture")
            return "comments" if is_comment_header(t) else state
        if state == "after":
            kind = "body" if self.layout == "prose" else "commentary"
            self._merge_or_add(kind, "author", p, "" if kind == "body" else
                               "after the dialogue: taken as the author's own commentary")
            return state
        author = says_author(t)
        if author:
            self.pending_author = author
            self._add("byline", self._reader(author), p.first, p.last,
                      seg_id=f"c{self.counters.get('comment', 0) + 1}-author")
            return state
        author, self.pending_author = self.pending_author, ""
        sid = self._reader(author)
        n = self.counters.get("comment", 0)
        seg = self._add("comment", sid, p.first, p.last, author=author)
        if n == 0 and not author:
            seg.unsure.append("each paragraph after the post is taken as one comment; the copy names no commenters")
        target = addressee(t)
        if target:
            earlier = [s for s in self.segments[:-1] if s.kind == "comment" and s.author
                       and s.author.casefold().startswith(target.casefold())]
            if earlier:
                seg.reply_to = earlier[-1].id
                seg.unsure.append(f"taken as a reply to {earlier[-1].id} because it opens with @{target}")
        return state

    # --- helpers ------------------------------------------------------------
    def _add(self, kind, speaker, first, last, *, label="", start_at="", note="", author="",
             continues="", seg_id="", unsure=None) -> DraftSegment:
        seg = DraftSegment(seg_id or self._next_id(kind), kind, speaker, first, last, label=label,
                           start_at=start_at, note=note, author=author, continues=continues,
                           unsure=list(unsure or []))
        self._ensure_speaker(speaker)
        self.segments.append(seg)
        return seg

    def _merge_or_add(self, kind, speaker, p: Para, why: str) -> None:
        prev = self.segments[-1] if self.segments else None
        if prev is not None and prev.kind == kind and prev.speaker == speaker:
            prev.last = p.last
        else:
            self._add(kind, speaker, p.first, p.last, unsure=[why] if why else [])

    def _other(self, p: Para, why: str) -> None:
        for n, line in enumerate(p.lines, start=p.first):
            if line.strip():
                self.unplaced.append((n, line.strip()))
        prev = self.segments[-1] if self.segments else None
        if prev is not None and prev.kind == "other" and prev.note == why:
            prev.last = p.last
        else:
            self._add("other", "page", p.first, p.last, note=why)

    def _reader(self, author: str) -> str:
        sid = f"reader-{slug(author)}" if author else f"reader-{self.counters.get('comment', 0) + 1}"
        if sid not in self.speakers:
            name = author or f"Reader {self.counters.get('comment', 0) + 1} (name not given)"
            self.speakers[sid] = DraftSpeaker(sid, name, "reader")
        return sid

    def _ensure_speaker(self, sid: str) -> None:
        if sid in self.speakers:
            return
        if sid in self.cast.speakers:
            self.speakers[sid] = self.cast.speakers[sid]
        elif sid == "author":
            given = self.hints.get("author") or (self.hints.get("publisher") and
                                                 f"{self.hints['publisher']} (publisher)")
            name = given or "Author or publisher (name not given)"
            self.speakers[sid] = DraftSpeaker(sid, name, "author",
                                              unsure=[] if given else ["name the author or publisher"])
        elif sid == "editor":
            self.speakers[sid] = DraftSpeaker(sid, "Transcript notes", "editor")
        elif sid == "narrator":
            self.speakers[sid] = DraftSpeaker(sid, "Stage directions", "narrator")
        elif sid == "page":
            self.speakers[sid] = DraftSpeaker(sid, "Page furniture (navigation, page numbers, separators)", "unknown")

    def _next_id(self, kind: str) -> str:
        n = self.counters[kind] = self.counters.get(kind, 0) + 1
        prefix = {"question": "q", "answer": "a", "turn": "t", "comment": "c", "other": "other-",
                  "editorial_note": "note-", "stage_direction": "stage-"}.get(kind)
        if prefix:
            return f"{prefix}{n}"
        return kind if n == 1 else f"{kind}-{n}"

    def _next_part(self, base: str) -> str:
        n = 2
        taken = {s.id for s in self.segments}
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def _flag_tail(self, last_labelled: int, paras) -> None:
        """Warn when unlabelled paragraphs after the last turn were kept in it."""
        if last_labelled < 0 or not any(s.kind in ("intro", "plug", "comment") for s in self.segments):
            return
        turns = [s for s in self.segments if s.label]
        last = turns[-1]
        labelled_para = paras[last_labelled]
        if last.last > labelled_para.last and not last.end_before:
            last.unsure.append(f"lines {labelled_para.last + 1}-{last.last} follow the last label; if they are "
                               "the author's own words, make them a 'commentary' segment")

    def _check(self, paras, labels, nav, title, names) -> None:
        """Mark what must not pass in silence (see :mod:`kit.importer.checks`)."""
        flag_label_like(self.segments, paras, labels, set(nav) | {title}, names)
        if self.numbered is not None:
            self._ensure_speaker("page")
            self.segments = cut_line_numbers(self.segments, self.lines, self.numbered)
        for seg in cut_trailing_links(self.segments, self.lines):
            self._ensure_speaker("page")
            self.segments.append(seg)
            line = self.lines[seg.first - 1]
            self.unplaced.append((seg.first, line[line.index(seg.start_at):].strip()))
        flag_addresses(self.segments, self.lines)

    def _draft(self) -> Draft:
        speakers = {sid: self.speakers[sid] for sid in dict.fromkeys(s.speaker for s in self.segments)}
        author = speakers.get("author")
        if author is not None and any(s.kind in ("plug", "commentary") for s in self.segments) \
                and any(s.label for s in self.segments):
            author.role = "blogger"
        segments = sorted(self.segments, key=lambda x: (x.first, bool(x.start_at)))
        draft = Draft(self.text_id, {}, speakers, segments, self.layout, unplaced=sorted(self.unplaced))
        draft.found_meta = text_meta(self.lines)
        return draft
