"""The sidecar's metadata for an imported text, with a TODO where a value is a placeholder.

Values come, in this order, from the instructor's options (``--title``,
``--date`` ...), from what the file declares (HTML head, Markdown front
matter) and from the text itself (title line, dates in the byline).  What
cannot be found gets a placeholder that ``kit validate`` accepts and a
``# TODO: check`` comment so that the instructor sees it:

>>> meta, todo = build_meta({}, {}, title_line="", byline="", text="The UN voted.", file_name="x.txt")
>>> meta["date"], todo["date"]
('0000', 'TODO: check — no date found in the file; give YYYY, YYYY-MM or YYYY-MM-DD')
>>> build_meta({"date": "2022-03-11T13:48:02-05:00"}, {}, "", "", "text", "x.md")[0]["date"]
'2022-03-11'
"""

from __future__ import annotations

import re

from .language import detect_language
from .paragraphs import find_date

__all__ = ["build_meta", "DATE_RE", "PLACEHOLDER_DATE"]

DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PLACEHOLDER_DATE = "0000"


def _date(value) -> str | None:
    text = str(value or "").strip()
    if DATE_RE.match(text):
        return text
    m = re.match(r"^(\d{4}-\d{2}-\d{2})[T ]", text)
    if m:
        return m.group(1)
    return find_date(text)


def build_meta(declared: dict, overrides: dict, title_line: str, byline: str, text: str,
               file_name: str) -> tuple[dict, dict]:
    """Return ``(meta, todo)``: field -> value, and field -> comment for the sidecar."""
    meta: dict = {}
    todo: dict = {}
    o, d = overrides, declared
    if o.get("title"):
        meta["title"] = o["title"]
    elif d.get("title"):
        meta["title"] = d["title"]
    elif title_line:
        meta["title"] = title_line
        todo["title"] = "from the first line of the text; check"
    else:
        meta["title"] = file_name
        todo["title"] = "TODO: check — no title found; give the published title"
    if o.get("source") or d.get("source"):
        meta["source"] = o.get("source") or d["source"]
    else:
        meta["source"] = f"{file_name} (imported file)"
        todo["source"] = "TODO: check — say where it was published (URL, publication, date seen)"
    date = o.get("date") or _date(d.get("date")) or _date(byline)
    if date:
        meta["date"] = date
        if not o.get("date") and not d.get("date"):
            todo["date"] = "from the byline; check"
    else:
        meta["date"] = PLACEHOLDER_DATE
        todo["date"] = "TODO: check — no date found in the file; give YYYY, YYYY-MM or YYYY-MM-DD"
    if o.get("language"):
        meta["language"] = o["language"]
    else:
        code, how = detect_language(text)
        if code == "und" and d.get("language"):
            code, how = d["language"], "declared by the page"
        meta["language"] = code
        todo["language"] = f"detected ({how})" + ("; TODO: check" if code == "und" else "")
    if o.get("licence") or d.get("licence"):
        meta["licence"] = o.get("licence") or d["licence"]
        if not o.get("licence"):
            todo["licence"] = "as stated on the page; check it covers this text"
    else:
        meta["licence"] = "unknown: not stated in the file"
        todo["licence"] = "TODO: check — find the licence or the terms of use before sharing the text"
    for key in ("publisher", "author"):
        if d.get(key):
            meta[key] = d[key]
    return meta, todo
