"""The claim linker: pick a claim, the sentence that supports or attacks it
and the relation; the links so far are listed and drawn as an argument map.

The answer is a list of ``{"source", "target", "relation"}`` with short
sentence ids: ``source`` supports/attacks ``target`` (the claim).

>>> fig = argument_map([{"source": "a1.s2", "target": "a1.s1", "relation": "support"},
...                     {"source": "c2.s1", "target": "a1.s1", "relation": "attack"}])
>>> sorted(fig.data[-1].text)
['a1.s1', 'a1.s2', 'c2.s1']
>>> [a.arrowcolor for a in fig.layout.annotations if a.showarrow]
['#009E73', '#D55E00']
>>> [a.text for a in fig.layout.annotations if a.name == "relation"]
['supports', 'attacks']
>>> argument_map([]).layout.annotations[0].text
'No links yet.'

"""

from __future__ import annotations

from html import escape

import ipywidgets as widgets

from .binding import Binding
from .frame import ExerciseBox
from .units import document, short_id, unit_sentences

__all__ = ["claim_linker", "argument_map", "relation_colors", "contradictions"]

# arrow colours with at least 3:1 against the map's white ground (WCAG 1.4.11)
_KNOWN = {"support": "#009E73", "attack": "#D55E00", "rebut": "#BA6E98", "undercut": "#B37C00"}
_SPARE = ["#448EB8", "#0072B2", "#908928", "#878787"]
_INK = "#1f1f1f"  # text on the map's white ground: 16:1


def relation_colors(relations) -> dict:
    """Colours of relations: support green, attack vermilion, others from the palette.

    >>> relation_colors(["attack", "support"])
    {'attack': '#D55E00', 'support': '#009E73'}
    """
    out, spare = {}, _SPARE
    for r in relations:
        out[r] = _KNOWN.get(r) or spare[len([k for k in out if k not in _KNOWN]) % len(spare)]
    return out


def _levels(links) -> dict:
    """Rows of the map: claims nobody links onward sit on top (0), their
    supporters one row below, and so on (cycles stop at the number of nodes)."""
    nodes = list(dict.fromkeys([x for l in links for x in (l["target"], l["source"])]))
    level = {n: 0 for n in nodes}
    for _ in range(len(nodes)):
        changed = False
        for l in links:
            want = level[l["target"]] + 1
            if level[l["source"]] < want and want < len(nodes):
                level[l["source"]], changed = want, True
        if not changed:
            break
    return level


def argument_map(links, sentences=None):
    """A plotly figure of the links: one node per sentence, one arrow per link
    from the supporting/attacking sentence to the claim, coloured by relation.

    ``sentences`` maps short ids to their text (shown on hover).
    """
    import plotly.graph_objects as go
    sentences = sentences or {}
    level = _levels(links)
    rows: dict = {}
    for n, lv in level.items():
        rows.setdefault(lv, []).append(n)
    pos = {}
    for lv, names in rows.items():
        for i, n in enumerate(names):
            pos[n] = ((i + 1) / (len(names) + 1), -lv)
    colors = relation_colors(dict.fromkeys(l["relation"] for l in links))
    fig = go.Figure()
    for rel, color in colors.items():  # legend entries for the relations
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=dict(color=color, width=3),
                                 name=rel, hoverinfo="skip"))
    for l in links:
        (x0, y0), (x1, y1) = pos[l["source"]], pos[l["target"]]
        fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=3, arrowsize=1.3, arrowwidth=2.5,
                           arrowcolor=colors[l["relation"]], standoff=22, startstandoff=22, text="")
    for l in links:  # the relation in words, half-way along its arrow: a cue besides colour
        (x0, y0), (x1, y1) = pos[l["source"]], pos[l["target"]]
        fig.add_annotation(x=(x0 + x1) / 2, y=(y0 + y1) / 2, xref="x", yref="y", showarrow=False,
                           text=f"{l['relation']}s", name="relation", font=dict(size=11, color=_INK),
                           bgcolor="#ffffff", bordercolor=colors[l["relation"]], borderwidth=1.5, borderpad=2)
    names = list(pos)
    for n in names:  # each node: its id and the first words of its sentence, dark on white
        fig.add_annotation(x=pos[n][0], y=pos[n][1], xref="x", yref="y", showarrow=False, name="node",
                           text=f"<b>{escape(n)}</b><br>{_few_words(sentences.get(n, ''))}",
                           font=dict(size=11, color=_INK), bgcolor="#ffffff", bordercolor="#595959",
                           borderwidth=1, borderpad=3, align="center")
    hover = [f"<b>{n}</b><br>" + _wrap(sentences.get(n, "")) for n in names]
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in names], y=[pos[n][1] for n in names], mode="markers",
        text=names, hovertext=hover, hoverinfo="text",
        marker=dict(size=40, color="rgba(255, 255, 255, 0)"),
        name="sentence", showlegend=False))
    if not links:
        fig.add_annotation(x=0.5, y=0, text="No links yet.", showarrow=False, font=dict(size=14, color=_INK))
    depth = max(level.values(), default=0)
    fig.update_layout(
        autosize=True, height=220 + 110 * depth, margin=dict(l=10, r=10, t=30, b=10),
        title=dict(text="Argument map", font=dict(size=14, color=_INK)),
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", font=dict(color=_INK),
        xaxis=dict(visible=False, range=[0, 1]), yaxis=dict(visible=False, range=[-depth - 0.5, 0.5]),
        legend=dict(orientation="h", y=-0.02, x=0), showlegend=bool(links))
    return fig


def _wrap(text: str, width: int = 60) -> str:
    words, lines, line = str(text).split(), [], ""
    for w in words:
        if line and len(line) + len(w) + 1 > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    lines.append(line)
    return "<br>".join(escape(x) for x in lines)


def _few_words(text: str, words: int = 4, width: int = 24) -> str:
    """The first words of a sentence, for a node of the map (escaped for plotly).

    >>> _few_words("The collective West has exposed its true face.")
    'The collective West has…'
    """
    parts = str(text).split()
    out = ""
    for w in parts[:words]:
        if out and len(out) + len(w) + 1 > width:
            break
        out = f"{out} {w}".strip()
    return escape(out + ("…" if len(out.split()) < len(parts) else ""))


def _excerpt(text: str, width: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


class Linker(widgets.VBox):
    """The controls of the claim linker; ``value`` is the list of links."""

    def __init__(self, sentences: dict, relations: list[str], exercise_id: str):
        self.sentences, self.relations = sentences, relations
        # the whole sentence in each option; the chosen one is also shown in full below its drop-down
        options = [(f"{sid}: {' '.join(str(txt).split())}", sid) for sid, txt in sentences.items()]
        lay = widgets.Layout(width="100%")
        style = {"description_width": "initial"}
        self.claim = widgets.Dropdown(options=options, value=None, description="Claim",
                                      tooltip="The sentence that makes the claim", layout=lay, style=style)
        self.source = widgets.Dropdown(options=options, value=None, description="Linked sentence",
                                       tooltip="The sentence that supports or attacks the claim",
                                       layout=lay, style=style)
        self.claim_text, self.source_text = widgets.HTML(""), widgets.HTML("")
        for w in (self.claim_text, self.source_text):
            w.add_class("kit-chosen")
        # a radio group (arrow keys inside, "1 of 2" for screen readers)
        self.relation = widgets.RadioButtons(options=relations, value=relations[0], description="Relation",
                                             orientation="horizontal", style=style,
                                             tooltip="The linked sentence's relation to the claim")
        self.add = widgets.Button(description="Add link", icon="link", button_style="",
                                  tooltip="Add the link: linked sentence → claim", disabled=True,
                                  layout=widgets.Layout(width="auto"))
        self.note = widgets.HTML("")
        self.listing = widgets.VBox()
        self.map = widgets.Box(layout=widgets.Layout(width="100%"))
        self.map.add_class("kit-map")
        self.listing.add_class("kit-links")
        self.links: list[dict] = []
        import plotly.graph_objects  # noqa: F401  (imported now, not on the student's first click)
        verbs = " or ".join(f"{r}s" for r in relations)
        help_ = widgets.HTML(f"<span style='color: var(--jp-ui-font-color2)'>Choose a claim, then the sentence "
                             f"that {escape(verbs)} it, and the relation; then add the link.</span>")
        super().__init__([help_, self.claim, self.claim_text, self.source, self.source_text, self.relation,
                          widgets.HBox([self.add, self.note]), self.listing, self.map])
        self.add_class("kit-linker")
        for w in (self.claim, self.source):
            w.observe(self._ready, names="value")
        self.add.on_click(lambda _: self.link(self.source.value, self.claim.value, self.relation.value))
        self._callbacks = []
        self._draw()

    def on_change(self, callback):
        """Call ``callback()`` after every change of the links."""
        self._callbacks.append(callback)

    def _ready(self, _=None):
        c, s = self.claim.value, self.source.value
        for sid, shown in ((c, self.claim_text), (s, self.source_text)):
            shown.value = (f"<div class='kit-chosen-text'><b>{escape(sid)}</b> {escape(self.sentences[sid])}</div>"
                           if sid else "")
        self.add.disabled = not (c and s and c != s)
        self.note.value = ("" if not (c and s) or c != s else
                           "<span style='color: var(--jp-ui-font-color2)'>Pick two different sentences.</span>")

    def link(self, source, target, relation):
        """Add a link (what the "Add link" button does)."""
        if source not in self.sentences or target not in self.sentences:
            raise ValueError(f"both sentences must be in this exercise (got {source!r} → {target!r})")
        if relation not in self.relations:
            raise ValueError(f"relation must be one of {self.relations}, not {relation!r}")
        new = {"source": source, "target": target, "relation": relation}
        if source == target or new in self.links:
            return
        self.set_links(self.links + [new])

    def remove(self, i: int):
        """Remove the i-th link."""
        self.set_links(self.links[:i] + self.links[i + 1:])

    def set_links(self, links, notify=True):
        self.links = [dict(l) for l in links]
        self._draw()
        if notify:
            for cb in self._callbacks:
                cb()

    def _draw(self):
        colors = relation_colors(self.relations)
        rows = []
        for i, l in enumerate(self.links):
            text = (f"<span style='color:{colors.get(l['relation'], '#999999')}'>■</span> "
                    f"<b>{escape(l['source'])}</b> {escape(l['relation'])}s <b>{escape(l['target'])}</b> "
                    f"<span style='color: var(--jp-ui-font-color2)'>— “{escape(_excerpt(self.sentences.get(l['source'], ''), 50))}” → "
                    f"“{escape(_excerpt(self.sentences.get(l['target'], ''), 50))}”</span>")
            rm = widgets.Button(description="Remove", icon="times",
                                layout=widgets.Layout(width="auto", min_width="6.5em", flex="0 0 auto"),
                                tooltip=f"Remove the link {l['source']} {l['relation']}s {l['target']}")
            rm.add_class("kit-remove-link")
            rm.on_click(lambda _, i=i: self.remove(i))
            rows.append(widgets.HBox([rm, widgets.HTML(text)]))
        head = widgets.HTML(f"<b>Links so far ({len(self.links)})</b>" if self.links else
                            "<span>No links yet.</span>")
        head.add_class("kit-links-head")
        clash = contradictions(self.links)
        warn = widgets.HTML("".join(
            f"<div class='kit-warning' role='alert'>⚠ {escape(s)} both supports and attacks {escape(t)}: "
            f"a sentence cannot do both to the same claim. Remove one of the two links.</div>" for s, t in clash))
        self.listing.children = [head, *rows, warn]
        self._draw_map()

    def _draw_map(self):
        for old in self.map.children:
            old.close()
        if not self.links:
            self.map.children = []
            return
        import plotly.graph_objects as go
        fig = go.FigureWidget(argument_map(self.links, self.sentences))
        self.map.children = [fig]


def contradictions(links) -> list[tuple[str, str]]:
    """Pairs (source, target) linked both as support and as attack.

    >>> contradictions([{"source": "a", "target": "b", "relation": "support"},
    ...                 {"source": "a", "target": "b", "relation": "attack"},
    ...                 {"source": "c", "target": "b", "relation": "attack"}])
    [('a', 'b')]
    """
    seen: dict = {}
    for l in links:
        seen.setdefault((l["source"], l["target"]), set()).add(l["relation"])
    return [pair for pair, rels in seen.items() if {"support", "attack"} <= rels]


def claim_linker(exercise_id: str) -> ExerciseBox:
    """The widget for a ``links`` exercise; ``box.control`` is a :class:`Linker`."""
    b = Binding(exercise_id)
    ex = b.exercise
    relations = [str(r) for r in (getattr(ex, "relations", None) or ["support", "attack"])]
    sents = unit_sentences(document(ex.text), getattr(ex, "unit", None))
    sentences = {sid: " ".join(str(txt).split()) for sid, txt in zip(sents.short_id, sents.text)}
    control = Linker(sentences, relations, b.id)

    def write(value):
        links = [{"source": short_id(l["source"]), "target": short_id(l["target"]),
                  "relation": str(l["relation"])} for l in value or []]
        bad = [l for l in links if l["source"] not in sentences or l["target"] not in sentences
               or l["relation"] not in relations]
        if bad:
            raise ValueError(f"links that do not fit this exercise: {bad}")
        control.set_links(links)

    box = ExerciseBox(b, control, lambda: [dict(l) for l in control.links], write, [])
    control.on_change(box._changed)
    return box
