"""Text of a web page saved from a browser: paragraphs kept, page furniture dropped.

Uses the standard library's :mod:`html.parser`.  Scripts, styles, forms,
navigation, headers, footers, sidebars, share buttons and anything marked
hidden are dropped; each block (paragraph, heading, list item, ...) becomes
one paragraph of the result, separated by blank lines; a ``<pre>`` block
keeps its lines, indentation and blank lines as the browser shows them, since
typeset records (the Congressional Record, for one) mark paragraphs by
indentation alone.  Metadata the page
declares (title, date, canonical address, licence link, language) is
returned beside the text:

>>> page = '''<html lang="en"><head><title>Talk • Site</title><script>var x = 1;</script></head>
... <body><nav><a href="/">Home</a></nav><article><h1>Talk</h1>
... <p><b>Q:</b> Why?</p><p><b>A:</b> Because&nbsp;so.<span class="hidden">tooltip</span></p>
... </article><footer><a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></footer>
... </body></html>'''
>>> text, meta = extract(page)
>>> print(text)
Talk
<BLANKLINE>
Q: Why?
<BLANKLINE>
A: Because so.
<BLANKLINE>
>>> meta["title"], meta["language"], meta["licence"]
('Talk', 'en', 'CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)')
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["extract"]

_SKIP = {"script", "style", "noscript", "template", "svg", "math", "form", "button", "select",
         "option", "textarea", "iframe", "object", "canvas", "nav", "head", "dialog"}
_OUTSIDE_CONTENT = {"header", "footer", "aside"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "tr", "table", "section", "article", "main", "blockquote", "pre", "figure",
          "figcaption", "hr", "address", "details", "summary", "body", "header", "footer"}
_DROP_ROLES = {"banner", "navigation", "contentinfo", "search", "menu", "menubar", "toolbar", "dialog"}
_FURNITURE_CLASS = re.compile(r"(?:^|[-_])(?:nav|navbar|menu|sidebar|footer|header|breadcrumbs?|share|"
                              r"social|cookies?|banner|tabs?|toolbar|search|subscribe|advert|ads?)(?:[-_]|$)")


class _Extractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, dropped here)
        self.drop_depth = 0
        self.content_depth = 0  # inside <article> or <main>
        self.blocks: list[str] = []
        self.buf: list[str] = []
        self.meta: dict = {}
        self.in_title = False
        self.title_parts: list[str] = []
        self.h1_parts: list[str] | None = None
        self.pre_depth = 0
        self.pre_block = False  # the buffer holds preformatted text
        self.italic_depth = 0
        self.chars = [0, 0]  # letters in the buffer outside and inside <i>/<em>
        self.aside_blocks: list[int] = []  # blocks wholly in italics: an aside in another voice
        self.link: list | None = None  # [href, text parts] of the open <a>

    # --- tags -------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        self._note_meta(tag, a)
        if tag in _VOID:
            if tag == "br" and not self.drop_depth:
                self.buf.append("\n")
            elif tag == "hr":
                self._flush()
            return
        drop = self.drop_depth > 0 or self._drops(tag, a)
        if tag in _BLOCK:
            self._flush()
        if tag == "pre" and not drop:
            self.pre_depth += 1
            self.pre_block = True
        self.stack.append((tag, drop and not self.drop_depth))
        if drop:
            self.drop_depth += 1
        if tag in ("article", "main"):
            self.content_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1" and not self.drop_depth and self.h1_parts is None:
            self.h1_parts = []
        if tag in ("i", "em") and not self.drop_depth:
            self.italic_depth += 1
        if tag == "a" and a.get("href", "").startswith(("http://", "https://")):
            self.link = [a["href"], []]

    def handle_endtag(self, tag):
        if tag in _VOID or not any(t == tag for t, _ in self.stack):
            return
        if tag in ("i", "em") and self.italic_depth:
            self.italic_depth -= 1
        if tag == "a" and self.link is not None:
            text = " ".join("".join(self.link[1]).split())
            if re.match(r"(?:continue reading|read more|read the (?:full|rest)|originally published|source\b)", text, re.I):
                self.meta.setdefault("continue_link", self.link[0])
            self.link = None
        while self.stack:
            t, _ = self.stack.pop()
            if self.drop_depth:
                self.drop_depth -= 1
            if t in ("article", "main"):
                self.content_depth -= 1
            if t == "title":
                self.in_title = False
            if t == "pre" and self.pre_depth:
                self._flush()
                self.pre_depth -= 1
            if t == "h1" and self.h1_parts is not None and "h1" not in self.meta:
                self.meta["h1"] = _clean("".join(self.h1_parts))
            if t in _BLOCK:
                self._flush()
            if t == tag:
                break

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
        if self.drop_depth:
            return
        self.buf.append(data)
        self.chars[1 if self.italic_depth else 0] += sum(ch.isalpha() for ch in data)
        if self.link is not None:
            self.link[1].append(data)
        if self.h1_parts is not None and "h1" not in self.meta:
            self.h1_parts.append(data)

    # --- helpers ----------------------------------------------------------
    def _drops(self, tag, a) -> bool:
        if tag in _SKIP or "hidden" in a or a.get("aria-hidden") == "true":
            return True
        if a.get("role") in _DROP_ROLES:
            return True
        classes = a.get("class", "").split()
        if any(c.startswith("hidden") for c in classes):
            return True
        outside = self.content_depth == 0
        if outside and (tag in _OUTSIDE_CONTENT or any(_FURNITURE_CLASS.search(c) for c in classes)):
            return True
        return False

    def _note_meta(self, tag, a):
        m = self.meta
        if tag == "html" and a.get("lang"):
            m.setdefault("language", a["lang"].split("-")[0].lower())
        elif tag == "link" and a.get("rel", "").lower() == "canonical" and a.get("href"):
            m.setdefault("source", a["href"])
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key == "og:url" and a.get("content"):
                m.setdefault("source", a["content"])
            elif key in ("article:published_time", "datepublished", "date", "dc.date") and a.get("content"):
                m.setdefault("date", a["content"])
            elif key == "author" and a.get("content"):
                m.setdefault("author", a["content"])
            elif key in ("og:site_name", "application-name") and a.get("content"):
                m.setdefault("publisher", a["content"])
        elif tag == "time" and a.get("datetime"):
            m.setdefault("date", a["datetime"])
        if "license" in a.get("rel", "").lower().split() and a.get("href"):
            m.setdefault("licence_href", a["href"])

    def _flush(self):
        text = "".join(self.buf)
        self.buf = []
        if self.pre_block:
            self.pre_block = self.pre_depth > 0
            block = _preformatted(text)
            if block:
                self.blocks.append(block)
            return
        lines = [_clean(part) for part in text.split("\n")]
        block = "\n".join(line for line in lines if line)
        plain, italic = self.chars
        self.chars = [0, 0]
        if block:
            if italic and not plain:
                self.aside_blocks.append(len(self.blocks))
            self.blocks.append(block)

    def licence_text(self, page: str) -> str:
        href = self.meta.get("licence_href")
        if not href:
            return ""
        m = re.search(r"<a\b[^>]*rel=\"[^\"]*license[^\"]*\"[^>]*>(.*?)</a>", page, re.S | re.I)
        label = _clean(re.sub(r"<[^>]+>", " ", m.group(1))) if m else ""
        return f"{label} ({href})" if label else href


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _preformatted(text: str) -> str:
    """Preformatted text as shown: lines and indentation kept, blank lines at the ends dropped.

    >>> _preformatted("\\n  The CHAIRMAN. Yes.  \\nno indent\\n\\n\\n   {time}  1507\\n\\n")
    '  The CHAIRMAN. Yes.\\nno indent\\n\\n\\n   {time}  1507'
    """
    lines = [line.replace("\u00a0", " ").rstrip() for line in text.expandtabs().split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def _title(parser: _Extractor) -> str:
    h1 = parser.meta.get("h1", "")
    title = _clean("".join(parser.title_parts))
    if h1:
        return h1
    for sep in (" • ", " | ", " — ", " – ", " - "):
        if sep in title:
            return title.rsplit(sep, 1)[0].strip()
    return title


def extract(page: str) -> tuple[str, dict]:
    """Return ``(text, meta)`` for an HTML page.

    ``text`` has one paragraph per block element, blocks separated by a
    blank line, white space inside a block collapsed.  ``meta`` may hold
    ``title``, ``date``, ``source``, ``licence``, ``language``, ``author``, ``publisher``,
    and ``aside_lines``, the lines of paragraphs set wholly in italics.  A
    "Continue reading" link gives ``source`` when the page declares none:

    >>> text, meta = extract('<p><b>Q:</b> Why?</p><p><em>Typing fast here.</em></p><p><b>A:</b> Yes.</p>'
    ...                      '<p><a href="https://example.org/2004/07/talk">Continue reading</a></p>')
    >>> meta["aside_lines"], meta["source"]
    ([3], 'https://example.org/2004/07/talk')
    """
    parser = _Extractor()
    parser.feed(page)
    parser.close()
    parser._flush()
    meta = {k: v for k, v in parser.meta.items() if k in ("date", "source", "language", "author", "publisher")}
    title = _title(parser)
    if title:
        meta["title"] = title
    licence = parser.licence_text(page)
    if licence:
        meta["licence"] = licence
    if "source" not in meta and parser.meta.get("continue_link"):
        meta["source"] = parser.meta["continue_link"]  # the post's own "Continue reading" link
    starts, line = [], 1
    for block in parser.blocks:
        starts.append(line)
        line += block.count("\n") + 2
    if parser.aside_blocks:
        meta["aside_lines"] = [starts[i] for i in parser.aside_blocks]
    text = "\n\n".join(parser.blocks)
    return (text + "\n" if text else ""), meta
