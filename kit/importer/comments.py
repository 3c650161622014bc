"""A post's comment section given as data: a JSON or HTML export of the comments.

Blog engines and comment platforms export comments as a JSON list (each with
an id, the id of the comment it replies to, author, date and text, or with
the replies nested inside) or as the HTML list the page shows (WordPress's
``<ol class="comment-list">`` with ``<ol class="children">`` for replies).
:func:`read_comments` reads either into :class:`Comment` records, in page
order; :func:`comment_block` writes them as text below the post, one
header line (author, date, whom it answers) and the comment's paragraphs
each, so that the sidecar can point at them.

>>> data = '''[{"id": 1, "parent": 0, "author_name": "Ann", "date": "2024-05-01T10:00:00", "content": {"rendered": "<p>Same.</p>"}},
...            {"id": 2, "parent": 0, "author_name": "Bob", "date": "2024-05-01T10:05:00", "content": {"rendered": "<p>Same.</p>"}},
...            {"id": 3, "parent": 1, "author_name": "Kim", "date": "2024-05-02", "content": "Thanks!", "author_is_post_author": true}]'''
>>> cs = parse_comments(data, "json")
>>> [(c.id, c.parent, c.author, c.text, c.by_post_author) for c in cs]
[('1', '', 'Ann', 'Same.', False), ('2', '', 'Bob', 'Same.', False), ('3', '1', 'Kim', 'Thanks!', True)]
>>> print(comment_block(cs, "comments.json")[0])
Comments (read from comments.json)
<BLANKLINE>
Ann — 2024-05-01T10:00:00
Same.
<BLANKLINE>
Bob — 2024-05-01T10:05:00
Same.
<BLANKLINE>
Kim — 2024-05-02 — in reply to Ann
Thanks!
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Comment", "read_comments", "parse_comments", "comment_block", "CommentsProblem"]


class CommentsProblem(ValueError):
    """The comments file cannot be read."""


@dataclass
class Comment:
    """One comment: ``parent`` is the id of the comment it answers ('' for a top-level comment)."""

    id: str
    parent: str
    author: str
    date: str
    text: str
    by_post_author: bool = False


def read_comments(path) -> list[Comment]:
    """Comments from a ``.json`` or ``.html`` export (UTF-8)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommentsProblem(f"cannot read the comments file: {exc}") from None
    kind = "json" if path.suffix.lower() == ".json" or raw.lstrip()[:1] in "[{" else "html"
    return parse_comments(raw, kind)


def parse_comments(raw: str, kind: str) -> list[Comment]:
    """Comments from the text of a JSON or HTML export."""
    if kind == "json":
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise CommentsProblem(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
        if isinstance(data, dict):
            data = next((data[k] for k in ("comments", "response", "items", "data") if isinstance(data.get(k), list)),
                        None)
        if not isinstance(data, list):
            raise CommentsProblem("the JSON holds no list of comments")
        out: list[Comment] = []
        _walk_json(data, "", out)
    else:
        parser = _CommentList()
        parser.feed(raw)
        out = parser.comments
    if not out:
        raise CommentsProblem("no comments found in the file")
    _number_missing_ids(out)
    return out


def _field(d: dict, *names) -> str:
    for n in names:
        v = d.get(n)
        if isinstance(v, dict):
            v = v.get("rendered") or v.get("name") or v.get("raw") or ""
        if v not in (None, "", 0, "0"):
            return str(v)
    return ""


def _walk_json(items, parent: str, out: list) -> None:
    for d in items:
        if not isinstance(d, dict):
            continue
        cid = _field(d, "id", "comment_id", "ID")
        author = _field(d, "author_name", "author", "name", "user", "username") or "(no name)"
        text = _plain(_field(d, "content", "raw_message", "message", "text", "body", "comment"))
        flag = any(d.get(k) is True for k in ("author_is_post_author", "is_author", "isPostAuthor", "by_post_author"))
        c = Comment(cid, _field(d, "parent", "parent_id", "in_reply_to", "parentId") or parent,
                    author, _field(d, "date", "createdAt", "created_at", "published", "date_gmt"), text, flag)
        out.append(c)
        for key in ("replies", "children"):
            if isinstance(d.get(key), list):
                _walk_json(d[key], cid, out)


def _number_missing_ids(comments: list[Comment]) -> None:
    for n, c in enumerate(comments, 1):
        if not c.id:
            c.id = f"#{n}"


def _plain(html: str) -> str:
    """Text of a comment's HTML: paragraphs on their own lines, tags dropped."""
    if "<" not in html:
        return "\n".join(line.strip() for line in html.strip().splitlines() if line.strip())
    from .htmltext import extract
    text, _ = extract(f"<div>{html}</div>")
    return "\n".join(line for line in text.splitlines() if line.strip())


class _CommentList(HTMLParser):
    """WordPress-style comment markup: ``<li class="comment">`` with nested ``<ol class="children">``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.comments: list[Comment] = []
        self.stack: list[tuple[str, str]] = []  # (tag, role)
        self.open: list[Comment] = []
        self.parts: list[str] = []
        self.role = ""

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        role = ""
        if tag in ("li", "article", "div") and ("comment" in classes or re.match(r"comment-\d+$", a.get("id", ""))) \
                and not (self.open and self.stack and any(r == "comment" for _, r in self.stack[-1:])):
            cid = re.sub(r"^(?:li-)?comment-", "", a.get("id", ""))
            parent = self.open[-1].id if self.open else ""
            c = Comment(cid, parent, "", "", "", "bypostauthor" in classes)
            self.comments.append(c)
            self.open.append(c)
            role = "comment"
        elif self.open and ("fn" in classes or "comment-author-name" in classes):
            role = "author"
        elif self.open and ({"comment-content", "comment-body", "comment-text"} & set(classes)):
            role = "text"
        if self.open and tag == "time" and a.get("datetime") and not self.open[-1].date:
            self.open[-1].date = a["datetime"]
        if tag in ("br", "img", "meta", "link", "input", "hr"):
            if self.role == "text" and tag == "br":
                self.parts.append("\n")
            return
        if role in ("author", "text"):
            self.role, self.parts = role, []
        elif self.role == "text" and tag == "p":
            self.parts.append("\n")
        self.stack.append((tag, role))

    def handle_endtag(self, tag):
        while self.stack:
            t, role = self.stack.pop()
            if role == "comment":
                self.open.pop()
            elif role in ("author", "text") and self.open:
                value = " ".join("".join(self.parts).split()) if role == "author" else \
                    "\n".join(" ".join(x.split()) for x in "".join(self.parts).split("\n") if x.strip())
                if role == "author" and not self.open[-1].author:
                    self.open[-1].author = value
                elif role == "text" and not self.open[-1].text:
                    self.open[-1].text = value
                self.role = ""
            if t == tag:
                break

    def handle_data(self, data):
        if self.role:
            self.parts.append(data)


def comment_block(comments: list[Comment], file_name: str) -> tuple[str, list[tuple[int, int, int, Comment]]]:
    """The comments as text, and for each ``(header line, first text line, last text line, comment)``.

    Line numbers count from 1 at the block's first line; a comment without
    text has ``first > last``.
    """
    by_id = {c.id: c for c in comments}
    lines = [f"Comments (read from {file_name})"]
    spans = []
    for c in comments:
        lines.append("")
        head = c.author + (f" — {c.date}" if c.date else "")
        if c.parent and c.parent in by_id:
            head += f" — in reply to {by_id[c.parent].author}"
        lines.append(head)
        first = len(lines) + 1
        lines += [line for line in c.text.split("\n") if line.strip()]
        spans.append((first - 1, first, len(lines), c))
    return "\n".join(lines), spans


def attach_comments(draft, text: str, path, post_author: str = "") -> str:
    """Append the comments of ``path`` below ``text`` and their segments to ``draft``; return the new text.

    Each comment gets a ``byline`` segment for its header line and a
    ``comment`` segment with ``author``, ``date`` and ``reply_to`` (the
    segment of the comment it answers).  A comment the export marks as the
    post author's (WordPress ``bypostauthor``, ``author_is_post_author``), or
    whose name is the post's author, is spoken by ``author``: an author reply.
    Identical comments by different people stay separate segments.
    """
    from .draft import DraftSegment, DraftSpeaker
    from .labels import slug
    path = Path(path)
    comments = read_comments(path)
    block, spans = comment_block(comments, path.name)
    post = text.rstrip("\n")
    offset = post.count("\n") + 2  # line numbers of the block start after the post and one blank line
    taken = {s.id for s in draft.segments}
    draft.speakers.setdefault("page", DraftSpeaker("page", "Page furniture (navigation, page numbers, separators)",
                                                   "unknown"))
    draft.segments.append(DraftSegment(_free("comments", taken), "other", "page", offset + 1, offset + 1,
                                       note=f"heading written by kit import above the comments read from {path.name}"))
    seg_of: dict[str, str] = {}
    n = sum(1 for s in draft.segments if s.kind == "comment")
    for head, first, last, c in spans:
        n += 1
        own = c.by_post_author or (post_author and c.author.casefold() == post_author.casefold())
        sid = "author" if own else f"reader-{slug(c.author)}"
        if sid not in draft.speakers:
            draft.speakers[sid] = DraftSpeaker(sid, c.author if not own else (post_author or c.author),
                                               "author" if own else "reader")
        cid = _free(f"c{n}", taken)
        seg_of[c.id] = cid
        draft.segments.append(DraftSegment(_free(f"{cid}-author", taken), "byline", sid,
                                           head + offset, head + offset, author=c.author))
        if first > last:
            draft.segments[-1].unsure.append("this comment has no text in the export")
            continue
        date = _iso(c.date)
        seg = DraftSegment(cid, "comment", sid, first + offset, last + offset, author=c.author,
                           date=date, reply_to=seg_of.get(c.parent, ""))
        if c.date and not date:
            seg.unsure.append(f"the export's date {c.date!r} is not in a form the sidecar keeps; see the header line")
        if own:
            seg.note = "a reply by the post's author"
        if c.parent and c.parent not in seg_of:
            seg.unsure.append(f"answers comment {c.parent!r}, which is not in the export")
        draft.segments.append(seg)
    return post + "\n\n" + block + "\n"


def _free(base: str, taken: set) -> str:
    sid, k = base, 2
    while sid in taken:
        sid, k = f"{base}-{k}", k + 1
    taken.add(sid)
    return sid


def _iso(text: str) -> str:
    """An ISO date (and time) for the sidecar, or '' if ``text`` gives none.

    >>> _iso("2024-05-01T10:22:00+00:00"), _iso("May 1, 2024 at 10:22 am"), _iso("yesterday")
    ('2024-05-01T10:22:00+00:00', '2024-05-01', '')
    """
    from .paragraphs import find_date
    text = text.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$", text):
        return text
    return find_date(text) or ""
