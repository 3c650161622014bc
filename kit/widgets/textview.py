"""The text on screen: segments coloured by speaker or kind, spans highlighted
with a legend, and (with a label scheme) spans a student adds with the mouse.

Python cuts the text into runs and the front end only draws them; every run
keeps its offsets into the original, which is how a mouse selection becomes
``{"start", "end", "label"}`` (see ``static/textview.js``).

>>> import kit
>>> view = TextView(kit.load("lavrov-new-regions-2025"), unit=["title"])
>>> [r["text"] for r in view.blocks[0]["runs"]]
['Lavrov: Outlaw US Empire Relations Still Tenuous']
>>> view.spans = [{"start": 8, "end": 14, "label": "naming"}]
>>> [r["labels"] for r in view.blocks[0]["runs"]]
[[], ['naming'], []]
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as t

from .palette import colors
from .units import document, normalize_spans, runs, spans_from, unit_blocks

__all__ = ["TextView", "text_viewer"]

STATIC = Path(__file__).parent / "static"


def front_end(name: str) -> str:
    """A widget's ES module: the key guard every widget shares (``static/guard.js``), then
    ``static/<name>``, which calls ``guard(root)``.

    >>> "function guard(box)" in front_end("kwic.js")
    True
    """
    shared = (STATIC / "guard.js").read_text(encoding="utf-8")
    return shared + "\n" + (STATIC / name).read_text(encoding="utf-8")


class TextView(anywidget.AnyWidget):
    """A text (or the unit of an exercise) with highlighted spans.

    ``spans`` is the list of ``{"start", "end", "label"}`` (offsets into the
    original). With a non-empty ``scheme`` the student can add and remove
    spans with the mouse or the keyboard; ``focus_span`` (``[start, end]``) outlines
    a stretch and scrolls it into view.
    """

    _esm = front_end("textview.js")
    _css = STATIC / "kit.css"

    blocks = t.List().tag(sync=True)
    legend = t.List().tag(sync=True)
    colors = t.Dict().tag(sync=True)
    spans = t.List().tag(sync=True)
    span_items = t.List().tag(sync=True)
    scheme = t.List().tag(sync=True)
    words = t.List().tag(sync=True)
    focus_span = t.List().tag(sync=True)
    label = t.Unicode("Text").tag(sync=True)
    max_height = t.Unicode("30em").tag(sync=True)

    def __init__(self, doc, unit=None, color_by="speaker", spans=(), scheme=(), **kwargs):
        super().__init__(**kwargs)
        if color_by not in ("speaker", "kind", None):
            raise ValueError(f"color_by must be 'speaker', 'kind' or None, not {color_by!r}")
        self.color_by = color_by
        self.scheme = [str(s) for s in scheme]
        self.show(doc, unit, spans)

    def show(self, doc, unit=None, spans=()):
        """Show another text (or unit), with the given spans."""
        self.doc = document(doc)
        self.unit = unit
        self._blocks = unit_blocks(self.doc, unit)
        self.label = f"Text: {self.doc.meta.get('title', self.doc.id)}"
        if self.scheme:
            lo, hi = self._blocks[0]["start"], self._blocks[-1]["end"]
            tok = self.doc.tokens
            words = tok[tok.is_word & (tok.start >= lo) & (tok.end <= hi)]
            inside = [any(b["start"] <= s and e <= b["end"] for b in self._blocks)
                      for s, e in zip(words.start, words.end)]
            self.words = [[int(s), int(e)] for (s, e), keep in zip(zip(words.start, words.end), inside) if keep]
        new = normalize_spans(spans_from(spans), self.doc.original)
        if new == self.spans:
            self._draw()
        self.spans = new

    @t.observe("spans")
    def _spans_changed(self, change):
        clean = normalize_spans(change["new"], self.doc.original)
        if clean != change["new"]:
            self.spans = clean  # runs this observer again with the clean list
            return
        self._draw()

    def _block_colors(self) -> dict:
        if self.color_by is None:
            return {}
        if self.color_by == "speaker":
            return colors(list(self.doc.speakers) + [b["speaker"] for b in self._blocks])
        return colors(b["kind"] for b in self._blocks)

    def _draw(self):
        labels = list(self.scheme) + [s["label"] for s in self.spans]
        label_colors = colors(labels)
        block_colors = self._block_colors()
        blocks = []
        for b in self._blocks:
            key = b[self.color_by] if self.color_by else None
            heading = f"{b['speaker_name']} · {b['kind']}" if b["speaker_name"] else b["kind"]
            blocks.append({"id": b["id"], "kind": b["kind"], "heading": f"{b['id']} — {heading}",
                           "color": block_colors.get(key, ""),
                           "runs": runs(self.doc.original, b["start"], b["end"], self.spans)})
        legend = []
        names = {s: i.get("name", s) for s, i in self.doc.speakers.items()}
        for key, color in block_colors.items():
            if any(b[self.color_by] == key for b in self._blocks):
                name = names.get(key, key) if self.color_by == "speaker" else key
                legend.append({"name": name, "color": color, "kind": self.color_by})
        if not self.scheme:  # with a scheme, the label buttons are the legend
            shown = dict.fromkeys(s["label"] for s in self.spans)
            legend += [{"name": lab, "color": label_colors[lab], "kind": "label"} for lab in shown]
        with self.hold_sync():
            self.colors = label_colors
            self.blocks = blocks
            self.legend = legend
            self.span_items = [dict(s, text=_excerpt(self.doc.original[s["start"]:s["end"]]))
                               for s in self.spans]


def _excerpt(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def text_viewer(text=None, color_by="speaker", spans=None, unit=None, label="label"):
    """Show a text with its segments coloured by ``speaker`` or ``kind`` and,
    optionally, spans highlighted with a legend.

    ``spans`` is a table with ``start``/``end`` columns (and a ``label``
    column, or the column named by ``label``), or a list of dicts or
    ``(start, end, label)`` tuples: results of an analysis, a student's or a
    key's annotations. Without ``text`` a text picker chooses the text.

    >>> v = text_viewer("lavrov-new-regions-2025", spans=[(8, 14, "naming")])
    >>> v.legend[-1]["name"], v.spans
    ('naming', [{'start': 8, 'end': 14, 'label': 'naming'}])
    """
    spans = spans_from(spans, label=label) if spans is not None else []
    if text is not None:
        view = TextView(text, unit=unit, color_by=color_by, spans=spans)
        view.add_class("kit-text-viewer")
        return view
    import ipywidgets as widgets
    from .picker import text_picker
    picker = text_picker()
    view = TextView(picker.value, unit=unit, color_by=color_by, spans=spans)
    picker.observe(lambda ch: view.show(ch["new"]), names="value")
    from .access import guarded
    box = guarded(widgets.VBox([picker, view]), "Text viewer")
    box.add_class("kit-text-viewer")
    box.picker, box.view = picker, view
    return box


