"""The concordance explorer: type a word, phrase or pattern, watch the
key-word-in-context lines update, click a line to see it in the text.

The lines come from ``kit.analysis.kwic`` (``find_hits``, then ``kwic_lines``
for the page shown, no table); this module only wires the search box, the
lines and a :class:`~kit.widgets.textview.TextView`.
"""

from __future__ import annotations

import ipywidgets as widgets
import anywidget
import traitlets as t

from .picker import ALL, text_picker
from .textview import STATIC, TextView, front_end
from .units import document, short_id

__all__ = ["KwicLines", "ConcordanceExplorer", "concordance_explorer"]


class KwicLines(anywidget.AnyWidget):
    """Concordance lines (``lines``: ``where, left, node, right``); the front end
    sets ``selected`` to the index of the line a student clicks."""

    _esm = front_end("kwic.js")
    _css = STATIC / "kit.css"

    lines = t.List().tag(sync=True)
    selected = t.Int(-1).tag(sync=True)
    empty = t.Unicode("Type a word above.").tag(sync=True)
    label = t.Unicode("Concordance lines").tag(sync=True)
    max_height = t.Unicode("18em").tag(sync=True)


class ConcordanceExplorer(widgets.VBox):
    """Search box, options, the lines and the text viewer; ``table`` holds the
    current concordance as a DataFrame."""

    def __init__(self, text=None, query: str = "", width: int = 40, limit: int = 200):
        self.width, self.limit = width, limit
        self.picker = text_picker(include_all=True) if text is None else None
        self._fixed = None if text is None else (text if hasattr(text, "documents") else document(text))
        self.query = widgets.Text(value=query, placeholder="a word, a phrase, or a pattern",
                                  description="Search", continuous_update=True,
                                  tooltip="Word, phrase or regular expression to look for",
                                  layout=widgets.Layout(width="28em"))
        self.regex = widgets.Checkbox(value=False, description="pattern (regular expression)", indent=False,
                                      layout=widgets.Layout(width="auto"))
        self.case = widgets.Checkbox(value=False, description="match case", indent=False,
                                     layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML("")
        self.lines = KwicLines(label="Concordance lines: click one to see it in the text")
        data = self.data()
        first = data.document(data.text_ids[0]) if data.text_ids else None
        self.viewer = TextView(first)
        self.viewer.max_height = "16em"
        self._table = self._hits = self._page = None
        top = [self.picker] if self.picker else []
        super().__init__(top + [widgets.HBox([self.query, self.regex, self.case]), self.status,
                                self.lines, self.viewer])
        self.add_class("kit-concordance")
        from .access import guarded
        guarded(self, "Concordance explorer")
        for w in filter(None, (self.picker, self.query, self.regex, self.case)):
            w.observe(self.search, names="value")
        self.lines.observe(self._chosen, names="selected")
        self.search()

    def data(self):
        """The Document or Corpus being searched."""
        if self._fixed is not None:
            return self._fixed
        from kit.document import corpus, load
        return corpus() if self.picker.value == ALL else load(self.picker.value)

    @property
    def table(self):
        """The whole current concordance as a DataFrame (built when first asked for: only a page is shown)."""
        if self._table is None and self._hits is not None:
            from kit.analysis.kwic import kwic_rows
            ix, hits = self._hits
            self._table = kwic_rows(ix, hits, self.width)
        return self._table

    @table.setter
    def table(self, value):
        self._table, self._hits = value, None

    def search(self, _=None):
        """Run the concordance for the current query and options (lines are built for the shown page only)."""
        from kit.analysis.kwic import find_hits, kwic_lines
        q = self.query.value
        self.lines.selected = -1
        if not q.strip():
            self.table = None
            self.lines.empty, self.lines.lines = "Type a word above.", []
            self.status.value = ""
            return
        try:
            ix, hits = find_hits(self.data(), q, regex=self.regex.value, case=self.case.value)
        except Exception as err:  # a half-typed pattern is normal; say so and wait
            self.table = None
            self.lines.empty, self.lines.lines = "No lines.", []
            self.status.value = (f"<span style='color: var(--jp-error-color1)'>Not a pattern yet: "
                                 f"{_esc(err)}</span>")
            return
        self.table = None
        self._hits = (ix, hits)
        lines = self._page = kwic_lines(ix, hits[:self.limit], self.width)
        texts = ix.text[hits.rows]
        many = bool(len(texts)) and bool((texts != texts[0]).any())  # hits in more than one text
        self.lines.empty = f"No lines for “{q}”."
        self.lines.lines = [
            {"where": (f"{line.text_id} " if many else "") + short_id(line.segment_id)
             + ("" if line.speaker is None else f" · {line.speaker}"),
             "left": line.left, "node": line.node, "right": line.right}
            for line in lines]
        shown = "" if len(hits) <= self.limit else f" (showing the first {self.limit})"
        self.status.value = (f"<span role='status' style='color: var(--jp-ui-font-color2)'>"
                             f"{len(hits)} line{'s' if len(hits) != 1 else ''}{shown}. "
                             f"Click a line to see it in the text.</span>")

    def _chosen(self, change):
        i = change["new"]
        if self._hits is None or not 0 <= i < min(len(self._page), self.limit):
            return
        ix, hits = self._hits
        row = self._page[i]
        doc = self.data().document(row.text_id)
        same = ix.text[hits.rows] == ix.text_names.index(row.text_id)
        spans = [{"start": int(s), "end": int(e), "label": "match"}
                 for s, e in zip(hits.starts[same].tolist(), hits.ends[same].tolist())]
        self.viewer.show(doc, spans=spans)
        self.viewer.focus_span = [int(row.start), int(row.end)]


def _esc(err) -> str:
    from html import escape
    return escape(str(err))


def concordance_explorer(text=None, query: str = "") -> ConcordanceExplorer:
    """Search a text (or, without ``text``, the texts chosen in a picker) and
    read each hit in its context.

    ``text`` is a text id, a Document or a Corpus; ``query`` fills the box.
    """
    return ConcordanceExplorer(text, query)
