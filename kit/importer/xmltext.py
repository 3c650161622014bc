"""Parliamentary records published as data: ParlaMint TEI and TheyWorkForYou (Hansard) XML.

:func:`extract` turns the XML into the text that ``kit import`` keeps: one
paragraph per ``<seg>`` or ``<p>``, the first paragraph of each speech
opening with ``Name:``; headings, notes and procedural text as their own
paragraphs.  Besides the text it returns metadata (title, date, source,
licence) and what the XML says for certain, which the inference uses as
hints: the speakers' names, and the lines that are headings or the record's
own notes.

>>> tei = '''<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>
... <title type="main">Sitting</title></titleStmt></fileDesc></teiHeader><text><body><div>
... <head>Statement</head><u who="#LindsayHoyle"><seg>Order.</seg><seg>Next.</seg></u>
... <note>House adjourned.</note></div></body></text></TEI>'''
>>> text, meta = extract(tei)
>>> print(text)
Sitting
<BLANKLINE>
Statement
<BLANKLINE>
Lindsay Hoyle: Order.
<BLANKLINE>
Next.
<BLANKLINE>
House adjourned.
<BLANKLINE>
>>> meta["speakers"], meta["heading_lines"], meta["note_lines"]
(['Lindsay Hoyle'], [3], [9])
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["extract", "is_record_xml", "XmlProblem"]


class XmlProblem(ValueError):
    """The XML cannot be read, or is of a kind ``kit import`` does not know."""


def is_record_xml(text: str) -> bool:
    """True for a ParlaMint/TEI or TheyWorkForYou file.

    >>> is_record_xml('<?xml version="1.0"?><publicwhip>'), is_record_xml("<html>")
    (True, False)
    """
    head = text[:4000]
    return bool(re.search(r"<(?:TEI|teiCorpus|publicwhip)\b", head))


def extract(text: str) -> tuple[str, dict]:
    """Text and metadata of a ParlaMint TEI or TheyWorkForYou XML file."""
    if re.search(r"<!ENTITY|<!DOCTYPE[^>]*\[", text[:20000]):
        raise XmlProblem("the XML declares entities, which kit import does not expand; remove the DOCTYPE")
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise XmlProblem(f"not well-formed XML ({exc})") from None
    tag = _local(root.tag)
    if tag in ("TEI", "teiCorpus"):
        return _Writer().tei(root)
    if tag == "publicwhip":
        return _Writer().publicwhip(root)
    raise XmlProblem(f"XML of a kind kit import does not read (root element <{tag}>); "
                     "it reads ParlaMint TEI and TheyWorkForYou XML")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _name_from_id(who: str) -> str:
    """``#LindsayHoyle`` -> ``Lindsay Hoyle``; ``#McDonaldAndy`` -> ``Mc Donald Andy`` is left to the instructor."""
    who = who.split()[0].lstrip("#")
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", who).replace("_", " ").replace(".", " ").strip()


class _Writer:
    def __init__(self):
        self.paras: list[str] = []
        self.meta: dict = {"speakers": [], "heading_lines": [], "note_lines": []}

    def _line(self) -> int:
        return sum(p.count("\n") + 2 for p in self.paras) + 1

    def add(self, text: str, kind: str = "") -> None:
        if not text:
            return
        if kind:
            self.meta[f"{kind}_lines"].append(self._line())
        self.paras.append(text)

    def speech(self, name: str, paras: list[str]) -> None:
        paras = [p for p in paras if p]
        if not paras:
            return
        name = name.strip().rstrip(":").strip()
        if name not in self.meta["speakers"]:
            self.meta["speakers"].append(name)
        self.add(f"{name}: {paras[0]}")
        for p in paras[1:]:
            self.add(p)

    def done(self) -> tuple[str, dict]:
        if not self.meta["speakers"]:
            raise XmlProblem("the XML holds no speeches with a speaker")
        return "\n\n".join(self.paras) + "\n", self.meta

    # --- ParlaMint / Parla-CLARIN TEI ----------------------------------------
    def tei(self, root) -> tuple[str, dict]:
        for el in root.iter():
            name = _local(el.tag)
            if name == "title" and el.get("type") == "main" and "title" not in self.meta:
                self.meta["title"] = re.sub(r"\s*\[ParlaMint[^\]]*\]\s*$", "", _text(el))
            elif name == "setting":
                for d in el.iter():
                    if _local(d.tag) == "date" and d.get("when"):
                        self.meta.setdefault("date", d.get("when"))
            elif name == "licence" and _text(el):
                self.meta.setdefault("licence", _text(el))
            elif name == "idno" and el.get("subtype") == "parliament":
                self.meta.setdefault("source", _text(el))
        if self.meta.get("title"):
            self.add(self.meta["title"])
        body = next((el for el in root.iter() if _local(el.tag) == "body"), None)
        if body is None:
            raise XmlProblem("a TEI file without <body>")
        self._tei_children(body)
        return self.done()

    def _tei_children(self, parent) -> None:
        for el in parent:
            name = _local(el.tag)
            if name == "div":
                self._tei_children(el)
            elif name == "head":
                self.add(_text(el), "heading")
            elif name == "u":
                who = el.get("who", "")
                segs = [_text(s) for s in el if _local(s.tag) in ("seg", "p")]
                if who:
                    self.speech(_name_from_id(who), segs)
                else:
                    for s in segs:
                        self.add(s, "note")
            elif name in ("note", "gap", "kinesic", "vocal", "incident"):
                self.add(_text(el) or f"[{name}]", "note")

    # --- TheyWorkForYou -------------------------------------------------------
    def publicwhip(self, root) -> tuple[str, dict]:
        for el in root:
            name = _local(el.tag)
            if name in ("major-heading", "minor-heading", "oral-heading"):
                self.add(_text(el), "heading")
            elif name == "speech":
                paras = [_text(p) for p in el if _local(p.tag) == "p"]
                speaker = el.get("speakername", "")
                if speaker:
                    self.speech(speaker, paras)
                    if "source" not in self.meta and el.get("url"):
                        self.meta["source"] = el.get("url")
                else:
                    for p in paras:
                        self.add(p, "note")
            elif name == "division":
                self.add(_text(el), "note")
        m = re.search(r"debate/(\d{4}-\d{2}-\d{2})", ET.tostring(root, encoding="unicode")[:2000])
        if m:
            self.meta["date"] = m.group(1)
        return self.done()
