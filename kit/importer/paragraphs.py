"""Paragraphs of a pasted text, and what kind of line each one looks like.

A paragraph is a block of lines between blank lines, or a single line when
the text has (almost) no blank lines, as in a copy of a web page where each
paragraph is one long line.  The predicates below recognise the lines that
are not speech: navigation, page furniture, time stamps, transcript notes,
appeals to subscribe, comment-section headers.

>>> paras = split_paragraphs(["Title", "", "SOCRATES: Well then,", "my friend.", "", "EUTHYPHRO: Yes."])
>>> [(p.first, p.last, p.text) for p in paras]
[(1, 1, 'Title'), (3, 4, 'SOCRATES: Well then, my friend.'), (6, 6, 'EUTHYPHRO: Yes.')]
>>> is_furniture("[44]"), is_furniture("DIALOGUES OF PLATO"), is_furniture("<…>")
(True, True, True)
>>> transcript_note("(Gaggle interrupted as Air Force One lands.)")
True
>>> closing_note("... shoulder to shoulder. [My Emphasis]")
'[My Emphasis]'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Para", "split_paragraphs", "split_leading_marks", "line_mode", "first_line_indent", "is_blank", "is_nav", "is_furniture",
           "is_timestamp", "find_date", "is_dateline", "transcript_note", "closing_note",
           "is_plug", "is_comment_header", "is_ui_line", "says_author", "heading",
           "proceedings_note", "is_centred_heading", "line_number_prefix", "is_index_line", "recurring_lines"]


@dataclass
class Para:
    """Lines ``first``..``last`` (1-based) of the original; ``lines`` as written."""

    first: int
    last: int
    lines: list[str]

    @property
    def text(self) -> str:
        """The paragraph's lines joined with single spaces."""
        return " ".join(line.strip() for line in self.lines if line.strip())


def is_blank(line: str) -> bool:
    """True for a line with nothing but white space."""
    return not line.strip()


def line_mode(lines: list[str]) -> bool:
    """True if each line is its own paragraph (the text has almost no blank lines).

    >>> line_mode(["a", "b", "c"]), line_mode(["a", "", "b", "", "c"])
    (True, False)
    """
    body = lines[:]
    while body and is_blank(body[-1]):
        body.pop()
    blank = sum(1 for line in body if is_blank(line))
    return blank < max(1, 0.1 * (len(body) - blank))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def first_line_indent(lines: list[str]) -> int | None:
    """The indent that opens a paragraph in typeset text whose paragraphs touch, or None.

    Records such as the Congressional Record start each paragraph with two
    spaces and wrap it at the margin, with no blank line in between:

    >>> first_line_indent(["  The CHAIRMAN. The Clerk will", "report it.", "  Mr. SMITH. I offer",
    ...                    "an amendment.", "  The Clerk read as follows:", "  There was", "no objection."])
    2
    >>> first_line_indent(["SOCRATES: What is", "piety?", "", "EUTHYPHRO: This."]) is None
    True
    """
    counts: dict[int, int] = {}
    for line, nxt in zip(lines, lines[1:]):
        n = _indent(line)
        if 1 <= n <= 4 and line.strip() and nxt.strip() and _indent(nxt) == 0:
            counts[n] = counts.get(n, 0) + 1
    if not counts:
        return None
    n, count = max(counts.items(), key=lambda kv: kv[1])
    return n if count >= 3 else None


def split_paragraphs(lines: list[str], offset: int = 0, by_line: bool | None = None) -> list[Para]:
    """Paragraphs of ``lines``; ``offset`` is the number of lines before them.

    Blank lines end a paragraph; so does each line when ``by_line``; in text
    whose paragraphs are marked by a first-line indent (see
    :func:`first_line_indent`), a line with that indent, or indented deeper
    than the line before it, starts a new paragraph.
    """
    by_line = line_mode(lines) if by_line is None else by_line
    opener = None if by_line else first_line_indent(lines)
    paras: list[Para] = []
    current: list[int] = []
    for i, line in enumerate(lines):
        if is_blank(line):
            if current:
                paras.append(_para(lines, current, offset))
                current = []
            continue
        if opener is not None and current and (_indent(line) == opener
                                               or _indent(line) > _indent(lines[current[-1]])):
            paras.append(_para(lines, current, offset))
            current = []
        current.append(i)
        if by_line:
            paras.append(_para(lines, current, offset))
            current = []
    if current:
        paras.append(_para(lines, current, offset))
    return paras


def _para(lines, idx, offset) -> Para:
    return Para(idx[0] + offset + 1, idx[-1] + offset + 1, [lines[i] for i in idx])


_NAV = re.compile(
    r"official website|here'?s how you know|\.gov websites?\b|skip to (main )?content|cookies?\b|"
    r"\bsign in\b|\blog in\b|\bmain menu\b|search this (site|website)|font size|"
    r"выберите шрифт|кернинг|размер шрифта|цвета сайта|настройки отображения|версия для слабовидящих|"
    r"поиск по сайту|главная страница", re.I)
_BREADCRUMB = re.compile(r"\s[/>»]\s*$")


def is_nav(text: str) -> bool:
    """Navigation or site banner text, as copied from the top of a web page.

    >>> is_nav("Secure .gov websites use HTTPS"), is_nav("Выступления и стенограммы /")
    (True, True)
    >>> is_nav("Earlier today, FM Lavrov was interviewed by New Regions of Russia magazine.")
    False
    """
    return len(text) < 200 and bool(_NAV.search(text) or _BREADCRUMB.search(text))


_PAGE_NUMBER = re.compile(r"^\[?\s*\d{1,4}\s*\]?$")
_SEPARATOR = re.compile(r"^[\s*·•\-–—_=~#]+$")
_ELISION = re.compile(r"^[\[<(]?\s*(?:…|\.\.\.)\s*[\]>)]?$")
_END_MARK = re.compile(r"^(?:the end|end|fin|конец)\.?$", re.I)
_TIME_MARK = re.compile(r"^\{time\}\s+\d{3,4}$")  # Congressional Record: "{time}  1507"
_STAMP_LINE = re.compile(r"^\[?-?\d{1,3}(?::\d{2}){1,3}(?:[.,]\d{1,3})?\]?$")  # "[00:00:02:08]", "01:02:03.5"
_MARKUP_LINE = re.compile(r"^_[a-z]+ ?: ")  # Spacelog's page and tape marks: "_page : 8"


def is_furniture(text: str) -> bool:
    """Page numbers, running heads, separators, time marks and elision marks: not anybody's words.

    >>> is_furniture("{time}  1507"), is_furniture("[[Page S5553]]"), is_furniture("The time is 1507")
    (True, True, False)
    >>> is_furniture("[00:00:02:08]"), is_furniture("_page : 9"), is_furniture("[00:00:02:08] CDR: Roger.")
    (True, True, False)
    """
    t = text.strip()
    if _PAGE_NUMBER.match(t) or _SEPARATOR.match(t) or _ELISION.match(t) or _END_MARK.match(t) \
            or _TIME_MARK.match(t) or _STAMP_LINE.match(t) or _MARKUP_LINE.match(t) \
            or re.match(r"^\[\[Page [A-Z]?\d+\]\]$", t):
        return True
    letters = [ch for ch in t if ch.isalpha()]
    return (len(letters) >= 2 and t.isupper() and len(t) <= 60
            and not re.search(r"[.!?:;,]$", t))


_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s+[A-Z]{2,4})?$", re.I)


def is_timestamp(text: str) -> bool:
    """A time on its own line: ``11:37 A.M. EST``, ``2:16 p.m. EDT``, ``21:00``.

    >>> is_timestamp("11:37 A.M. EST"), is_timestamp("21:00"), is_timestamp("Q at 11:37")
    (True, True, False)
    """
    return bool(_TIME.match(text.strip()))


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({m: i for i, m in enumerate(
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), 1)})
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(r"\b([A-Za-z]+)\.? (\d{1,2}),? (\d{4})\b")
_DMY = re.compile(r"\b(\d{1,2}) ([A-Za-zА-Яа-яё]+),? (\d{4})\b")


def find_date(text: str) -> str | None:
    """The first full date in ``text`` as YYYY-MM-DD, or None.

    >>> find_date("December 18, 2012"), find_date("23 декабря 2021 года, Москва"), find_date("no date")
    ('2012-12-18', '2021-12-23', None)
    """
    m = _ISO.search(text)
    if m:
        return m.group(0)
    for regex, order in ((_MDY, (1, 2, 3)), (_DMY, (2, 1, 3))):
        for m in regex.finditer(text):
            month = _MONTHS.get(m.group(order[0]).lower())
            if month:
                return f"{m.group(order[2])}-{month:02d}-{int(m.group(order[1])):02d}"
    return None


_BYLINE = re.compile(r"^(by|posted by|written by|автор|интервью записал[аи]?)\b", re.I)


def is_dateline(text: str) -> bool:
    """A short header line giving a date, a time, an author or a place.

    >>> is_dateline("December 18, 2012"), is_dateline("Novo-Ogaryovo, Moscow Region")
    (True, True)
    >>> is_dateline("Vladimir Putin met with CEO of the Rostekhnologii State Corporation.")
    False
    """
    t = text.strip()
    if len(t) > 90:
        return False
    if is_timestamp(t) or find_date(t) or _BYLINE.match(t):
        return True
    return len(t) <= 60 and not re.search(r"[.!?;:]$", t) and t[:1].isupper()


_PROCEEDINGS = re.compile(
    r"^(?:There was no objection|Accordingly\b|The (?:text of the \w+ is as follows|(?:[Bb]ill |[Ll]egislative )?[Cc]lerk "
    r"(?:read|proceeded|called|will)\b|(?:amendment|amendments|motion|resolution|bill|question|yeas and nays|"
    r"previous question|Committee|House|Senate)\b[^.]{0,80}\b(?:was|were) (?:agreed|rejected|withdrawn|ordered|"
    r"read|taken|adopted|passed|laid|resolved|considered)\b))")


def proceedings_note(text: str) -> bool:
    """The record's own account of what happened, between the speakers' turns.

    The Congressional Record prints these in the third person, past tense:

    >>> [proceedings_note(t) for t in ("The Clerk read the title of the bill.", "There was no objection.",
    ...  "The amendment was agreed to.", "The text of the amendment is as follows:",
    ...  "The amendment is not subject to amendment.", "The Chair recognizes the gentleman from Ohio.")]
    [True, True, True, True, False, False]
    """
    return bool(_PROCEEDINGS.match(text.strip()))


def is_centred_heading(lines: list[str]) -> bool:
    """A one-line heading set far in from the margin, as in typeset records.

    >>> is_centred_heading(["                    amendment offered by mr. deutsch"])
    True
    >>> is_centred_heading(["  Mr. STOKES. Madam Chairman, the gentleman is correct."])
    False
    """
    if len(lines) != 1:
        return False
    line = lines[0]
    return len(line) - len(line.lstrip()) >= 8 and len(line.strip()) <= 80 \
        and not re.search(r"[.!?:;,]$", line.rstrip())


def transcript_note(text: str) -> bool:
    """A whole paragraph in brackets: a transcriber's note or a stage direction."""
    t = text.strip()
    return bool(re.match(r"^[(\[][^()\[\]]{2,300}[)\]]\.?$", t)) and not is_furniture(t)


_CLOSING = re.compile(r"(\[[^\[\]]{1,40}\])\s*$")
_EDITORIAL = re.compile(r"emphas|added|mine\b|\bmy\b|\bend\b|\bends\b|editor|\bed\.|translat|source|"
                        r"выделен|курсив|конец", re.I)


def closing_note(text: str) -> str | None:
    """A bracketed editor's note that ends a paragraph (``[My Emphasis]``), or None."""
    m = _CLOSING.search(text)
    if m and _EDITORIAL.search(m.group(1)) and text.strip() != m.group(1):
        return m.group(1)
    return None


_PLUG = re.compile(
    r"\bsubscrib|\bpledge\b|\bdonat|patreon|buy me a coffee|support (?:my|our|this) (?:work|blog|efforts?)|"
    r"paid subscri|tip jar|like what you(?:’|')ve been reading|share this (?:post|article)|"
    r"подписывайтесь|подписаться|поддержите|донат", re.I)


def is_plug(text: str) -> bool:
    """An appeal to subscribe, donate or share.

    >>> is_plug("Like what you’ve been reading at Karlof1’s Substack? Then please consider subscribing")
    True
    """
    return len(text) < 600 and bool(_PLUG.search(text))


_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:comments?|replies|responses|discussion|leave a (?:comment|reply)|join the discussion|"
    r"комментари\w*|обсуждение)(?:\s*\(\d+\))?:?$", re.I)


def is_comment_header(text: str) -> bool:
    """The heading of a comment section: ``Comments``, ``12 comments``, ``Leave a reply``.

    >>> is_comment_header("12 Comments"), is_comment_header("Комментарии (3)")
    (True, True)
    """
    return bool(_COMMENTS.match(text.strip()))


def is_ui_line(text: str) -> bool:
    """Buttons copied with a comment: ``Reply``, ``Like``, ``Share``."""
    return bool(re.match(r"^(?:reply|like|share|report|edit|delete|ответить|нравится)\s*[↓↑→]?$",
                         text.strip(), re.I))


def says_author(text: str) -> str | None:
    """The commenter's name in a ``Name says:`` line, or None.

    >>> says_author("Jane Doe says:"), says_author("He says that it is so.")
    ('Jane Doe', None)
    """
    m = re.match(r"^(?P<name>\S.{0,58}?)\s+(?:says|said|wrote|пишет):?$", text.strip())
    return m.group("name") if m else None


def heading(text: str) -> str | None:
    """The text of a Markdown heading (``# Crito`` -> ``Crito``), emphasis removed, or None.

    >>> heading("#An Excerpt from Plato's *Euthyphro*")
    "An Excerpt from Plato's Euthyphro"
    """
    m = re.match(r"^\s{0,3}#{1,6}\s*(\S.*?)\s*#*\s*$", text)
    if not m:
        return None
    return re.sub(r"(\*\*|\*|__|_)(\S.*?)\1", r"\2", m.group(1))


_LINE_NO = re.compile(r"^[ \t]{0,3}(\d{1,2})(?=[ \t]|$)[ \t]*")


def line_number_prefix(lines: list[str]):
    """The pattern of the line numbers that open every line of a court transcript, or None.

    Official transcripts number each line of a page (1 to 25, then again):

    >>> page = [f"{n:2}   words of line {n}" for n in range(1, 26)] + ["                 4"]
    >>> pat = line_number_prefix(page + [" 1   penalty shall be", "", " 3          MR. LONG:  Yes."])
    >>> pat.match(" 3          MR. LONG:  Yes.").end()
    12
    >>> line_number_prefix(["SOCRATES: What is piety?", "EUTHYPHRO: This."]) is None
    True
    """
    body = [line for line in lines if line.strip()]
    numbered = [int(m.group(1)) for line in body if (m := _LINE_NO.match(line))]
    if len(numbered) < 8 or len(numbered) < 0.6 * len(body) or max(numbered) > 40:
        return None
    steps = sum(1 for a, b in zip(numbered, numbered[1:]) if b == a + 1 or b == 1)
    return _LINE_NO if steps >= 0.8 * (len(numbered) - 1) else None


_INDEX_REF = re.compile(r"\b\d{1,3}:\d{1,2}(?:,\d{1,2})*\b")


def is_index_line(text: str) -> bool:
    """A line of a transcript's word index: words with page:line references, or a letter heading.

    >>> is_index_line("baseline 7:1       50:10,14,16,17           carried77:4"), is_index_line("W")
    (True, True)
    >>> is_index_line("The hearing resumed at 10:12 a.m.")
    False
    """
    t = text.strip()
    if re.fullmatch(r"[A-Z$]", t):
        return True
    refs = _INDEX_REF.findall(t)
    return len(refs) >= 2 or (len(refs) == 1 and len(t) < 40 and not re.search(r"\b[ap]\.?m\.?", t))


def recurring_lines(lines: list[str], times: int = 3) -> set[str]:
    """Short lines repeated on every page (running heads, footers): not anybody's words.

    >>> sorted(recurring_lines(["Official - Subject to Final Review", "a", "Official - Subject to Final Review",
    ...                         "b.", "Official - Subject to Final Review", "b.", "b."]))
    ['Official - Subject to Final Review']
    """
    counts: dict[str, int] = {}
    for line in lines:
        t = line.strip().lstrip("\f").strip()
        if 3 <= len(t) <= 70 and not re.search(r"[.!?:;,\u2014-]$", t) and not re.match(r"^\W*$", t):
            counts[t] = counts.get(t, 0) + 1
    return {t for t, n in counts.items() if n >= times}


def split_leading_marks(paras: list[Para]) -> list[Para]:
    """Give the time stamps and page marks that open a paragraph paragraphs of their own.

    A radio transcript puts each transmission's time on the line above the call sign:

    >>> [(p.first, p.text) for p in split_leading_marks([Para(1, 3, ["[00:00:02:08]", "_page : 9", "CC:  Copy that."])])]
    [(1, '[00:00:02:08]'), (2, '_page : 9'), (3, 'CC: Copy that.')]
    """
    out = []
    for p in paras:
        lines, first = list(p.lines), p.first
        while len(lines) > 1 and (_STAMP_LINE.match(lines[0].strip()) or _MARKUP_LINE.match(lines[0].strip())):
            out.append(Para(first, first, [lines[0]]))
            lines, first = lines[1:], first + 1
        out.append(Para(first, p.last, lines))
    return out
