"""Plotly figures from the tables of :mod:`kit.analysis`: one builder per instrument.

Each builder takes the table its instrument returns and gives back a plotly
``go.Figure`` (it never calls ``.show()``; a notebook cell displays it).
Figures have a title, axis titles and hover text written for a student, and
a transparent background with mid-grey text and grid lines, so they read
well in JupyterLab's light and dark themes.  plotly is imported inside the
builders: ``import kit`` does not load it.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> fig = keyness(kit.analysis.keyness(kit.analysis.select(doc, speaker="lavrov"),
...                                    kit.analysis.select(doc, kind="comment")))
>>> fig.layout.title.text.split("<br>")[0]
'Key words: target against reference (top 20 by log-likelihood)'
"""

from __future__ import annotations

import textwrap

import pandas as pd

__all__ = ["frequencies", "keyness", "kwic", "dispersion", "deixis", "stance", "naming",
           "sentiment_arc", "THEME"]

#: Layout shared by every figure: transparent backgrounds, grey ink that reads on
#: white and on JupyterLab's dark theme, a colour-blind-safe palette (Okabe and Ito 2008).
THEME = dict(
    template="none",
    paper_bgcolor="rgba(0,0,0,0)",
    plot_bgcolor="rgba(0,0,0,0)",
    font=dict(color="rgb(128,128,128)", size=13),
    colorway=["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"],
    hoverlabel=dict(font=dict(size=12)),
    margin=dict(l=60, r=30, t=70, b=60),
    legend=dict(bgcolor="rgba(0,0,0,0)"),
)
_GRID = dict(gridcolor="rgba(128,128,128,0.25)", zerolinecolor="rgba(128,128,128,0.5)",
             linecolor="rgba(128,128,128,0.5)", automargin=True)


def _figure(data, title: str, x: str, y: str, **layout):
    import plotly.graph_objects as go
    fig = go.Figure(data=data)
    layout.setdefault("height", 450)
    fig.update_layout(**{**THEME, **layout}, title=dict(text=title, x=0.01))
    fig.update_xaxes(title_text=x, **_GRID)
    fig.update_yaxes(title_text=y, **_GRID)
    return fig


def _wrap(text: str, width: int = 70) -> str:
    return "<br>".join(textwrap.wrap(str(text), width)) or " "


def _need(table: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"this figure needs the table from kit.analysis.{what}() "
                         f"(missing columns: {', '.join(missing)})")


def _group_column(table: pd.DataFrame, known) -> str | None:
    extra = [c for c in table.columns if c not in known]
    return extra[0] if extra else None


def _pale(hex_colour: str, alpha: float = 0.3) -> str:
    """``#0072B2`` as a see-through ``rgba`` (the same hue, lighter on either theme)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _short(value) -> str:
    """``text:segment`` ids shown without the text prefix."""
    from .ids import short
    return short(value)


def frequencies(table: pd.DataFrame, top: int = 15, min_words: int = 100):
    """Bars of the most frequent words (per 1,000 words), one panel per group.

    Each group gets its own panel and axis, so a long answer and a short comment
    are each read on their own scale.  Groups with fewer than ``min_words`` words
    are left out and named under the title: a rate per 1,000 words from a
    31-word comment is one or two occurrences and says little.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> f = kit.analysis.frequencies(doc, by="kind", stopwords=True)
    >>> fig = frequencies(f[f.kind.isin(["answer", "comment", "plug"])], top=5)
    >>> [t.name for t in fig.data], fig.layout.xaxis.title.text
    (['answer', 'comment'], 'occurrences per 1,000 words')
    >>> "left out (under 100 words): plug (" in fig.layout.title.text
    True
    """
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots
    _need(table, ["word", "n", "per_1000"], "frequencies")
    group = _group_column(table, {"word", "n", "group_words", "per_1000", "rank"})
    groups = [(None, table)] if group is None else \
        [(g, t) for g, t in table.groupby(group, observed=True, sort=False)]
    small = [(g, int(t["group_words"].iloc[0])) for g, t in groups
             if g is not None and "group_words" in t and int(t["group_words"].iloc[0]) < min_words]
    groups = [(g, t) for g, t in groups if g not in {name for name, _ in small}] or groups[:1]
    names = [str(g) if g is not None else "all" for g, _ in groups]
    fig = make_subplots(rows=len(groups), cols=1, subplot_titles=names if group else None,
                        vertical_spacing=min(0.3 / max(len(groups), 1), 0.08))
    for row, (name, t) in enumerate(groups, 1):
        t = t.sort_values("n", ascending=False).head(top).iloc[::-1]
        label = str(name) if name is not None else "all"
        fig.add_trace(go.Bar(
            x=t["per_1000"], y=t["word"], orientation="h", name=label, showlegend=False,
            customdata=t[["n", "group_words"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>%{customdata[0]} times in %{customdata[1]} words"
                          "<br>%{x:.1f} per 1,000 words<extra>" + label + "</extra>"), row=row, col=1)
    where = f" by {group.replace('_id', '')}" if group else ""
    title = f"Most frequent words{where} (top {top})"
    if small:
        title += ("<br><sup>left out (under " f"{min_words} words): "
                  + ", ".join(f"{g} ({n} words)" for g, n in small) + "</sup>")
    fig.update_layout(**THEME, title=dict(text=title, x=0.01), bargap=0.25,
                      height=max(350, len(groups) * (22 * top + 60) + 120))
    fig.update_xaxes(title_text="occurrences per 1,000 words", **_GRID)
    fig.update_yaxes(title_text="word", **_GRID)
    return fig


def keyness(table: pd.DataFrame, top: int = 20):
    """Bars of the log ratio of the strongest key words (by G2), positive and negative.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> k = kit.analysis.keyness(kit.analysis.select(doc, speaker="lavrov"),
    ...                          kit.analysis.select(doc, kind="comment"))
    >>> fig = keyness(k, top=10)
    >>> len(fig.data[0].y) + len(fig.data[1].y), fig.layout.xaxis.title.text
    (10, 'log ratio (log2 of the ratio of relative frequencies)')
    """
    import plotly.graph_objects as go
    _need(table, ["word", "g2", "log_ratio", "direction"], "keyness")
    t = table.sort_values("g2", ascending=False).head(top).sort_values("log_ratio")
    weak = t["p"] >= 0.05 if "p" in t else pd.Series(False, index=t.index)
    traces = []
    for sign, name, colour in (("+", "more frequent in the target", "#0072B2"),
                               ("-", "less frequent in the target", "#E69F00")):
        part = t[t["direction"] == sign]
        shaky = weak[part.index]
        traces.append(go.Bar(
            x=part["log_ratio"], y=part["word"], orientation="h", name=name,
            # bars whose difference chance could well make (p >= 0.05) are pale and hatched:
            # a second cue besides the shade, for readers who cannot tell the two apart
            marker=dict(color=[_pale(colour) if w else colour for w in shaky],
                        line=dict(color=colour, width=1),
                        pattern=dict(shape=["/" if w else "" for w in shaky], fgcolor=colour, size=6)),
            customdata=part[["freq_target", "freq_reference", "g2", "p"]].to_numpy(),
            hovertemplate="<b>%{y}</b><br>target: %{customdata[0]}, reference: %{customdata[1]}"
                          "<br>log ratio %{x:.2f}<br>G2 = %{customdata[2]:.2f}, p = %{customdata[3]:.3g}"
                          "<extra></extra>"))
    title = f"Key words: target against reference (top {top} by log-likelihood)"
    if weak.any():
        title += (f"<br><sup>pale, hatched bars: {int(weak.sum())} word(s) with p ≥ 0.05, "
                  "a difference that chance could well make</sup>")
    return _figure(traces, title,
                   "log ratio (log2 of the ratio of relative frequencies)", "word",
                   height=max(350, 24 * len(t) + 150), yaxis=dict(categoryorder="array",
                                                                  categoryarray=t["word"].tolist()))


def kwic(table: pd.DataFrame, max_rows: int = 100, query: str | None = None):
    """The concordance as a readable table: context right-aligned, node highlighted.

    ``query`` names the search in the title (by default the forms found).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> fig = kwic(kit.analysis.concordance(doc, "collective West", width=30))
    >>> fig.data[0].header.values[2], fig.data[0].cells.values[2][0]
    ('node', '<b>collective West</b>')
    """
    import plotly.graph_objects as go
    _need(table, ["left", "node", "right"], "concordance")
    t = table.head(max_rows)
    where = [f"{_short(s)} · {sp}" for s, sp in zip(t.get("sentence_id", t.get("segment_id", [""] * len(t))),
                                                  t.get("speaker", [""] * len(t)))]
    cells = [where, t["left"].tolist(), [f"<b>{n}</b>" for n in t["node"]], t["right"].tolist()]
    table_trace = go.Table(
        columnwidth=[1.7, 3, 1.4, 3],
        header=dict(values=["where", "left context", "node", "right context"],
                    align=["left", "right", "center", "left"], fill_color="rgba(128,128,128,0.2)",
                    font=dict(color="rgb(128,128,128)", size=13)),
        cells=dict(values=cells, align=["left", "right", "center", "left"],
                   fill_color=[["rgba(0,0,0,0)"] * len(t), ["rgba(0,0,0,0)"] * len(t),
                               ["rgba(230,159,0,0.35)"] * len(t), ["rgba(0,0,0,0)"] * len(t)],
                   line_color="rgba(128,128,128,0.3)", font=dict(color="rgb(128,128,128)", size=12),
                   height=26))
    if query is None:
        spelled = {}
        for n in table["node"]:
            spelled.setdefault(n.lower(), n)
        forms = list(spelled.values())
        query = forms[0] if len(forms) == 1 else ", ".join(forms[:3]) + (", …" if len(forms) > 3 else "")
    shown = f"{len(t)} of {len(table)}" if len(table) > len(t) else f"{len(t)}"
    fig = _figure([table_trace], f"Concordance of “{query}” ({shown} lines)", "", "",
                  height=min(1200, 170 + 36 * max(len(t), 1)), margin=dict(l=20, r=20, t=60, b=20))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def dispersion(table: pd.DataFrame):
    """A dispersion plot: one row per term, a tick at each hit, coloured by speaker.

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> fig = dispersion(kit.analysis.dispersion(doc, ["West", "Russia"]))
    >>> sorted(t.name for t in fig.data)[:2], fig.layout.xaxis.title.text
    (['interviewer', 'karlof1'], 'position in the text (token number)')
    """
    import plotly.graph_objects as go
    _need(table, ["term", "i", "speaker", "node"], "dispersion")
    several = "text_id" in table and table["text_id"].nunique() > 1
    rows = table.assign(row=[f"{t} · {x}" if several else str(t)
                             for t, x in zip(table["term"], table.get("text_id", table["term"]))])
    traces = []
    for speaker, t in rows.groupby("speaker", observed=True, sort=True):
        traces.append(go.Scatter(
            x=t["i"], y=t["row"], mode="markers", name=str(speaker),
            marker=dict(symbol="line-ns-open", size=18, line=dict(width=2)),
            customdata=[[n, _short(s), str(speaker)] for n, s in zip(t["node"], t["sentence_id"])],
            hovertemplate="<b>%{customdata[0]}</b><br>sentence %{customdata[1]}"
                          "<br>speaker: %{customdata[2]}<br>token %{x}<extra></extra>"))
    n_rows = rows["row"].nunique()
    return _figure(traces, "Dispersion: where the terms occur", "position in the text (token number)",
                   "term", height=max(250, 60 * n_rows + 150))


def _category_bars(table: pd.DataFrame, title: str, what: str, categories=None):
    import plotly.graph_objects as go
    _need(table, ["category", "n", "per_1000"], what)
    group = _group_column(table, {"category", "n", "words", "per_1000", "items"})
    cats = list(dict.fromkeys(categories or table["category"]))
    traces = []
    for cat in cats:
        t = table[table["category"] == cat]
        x = [_short(v) for v in t[group]] if group else ["all"] * len(t)
        traces.append(go.Bar(
            x=x, y=t["per_1000"], name=cat.replace("_", " "),
            customdata=[[n, w, _wrap(items or "none", 50)] for n, w, items in
                        zip(t["n"], t.get("words", [0] * len(t)), t.get("items", [""] * len(t)))],
            hovertemplate="<b>%{x}</b>: " + cat.replace("_", " ") +
                          "<br>%{customdata[0]} in %{customdata[1]} words (%{y:.1f} per 1,000)"
                          "<br>%{customdata[2]}<extra></extra>"))
    label = (group or "").replace("_id", "")
    return _figure(traces, title.format(by=label or "all"), label or "", "per 1,000 words", barmode="group")


def deixis(table: pd.DataFrame):
    """Grouped bars: we, they and named out-groups per speaker (or segment), per 1,000 words.

    >>> import kit
    >>> fig = deixis(kit.analysis.deixis(kit.load("lavrov-new-regions-2025")))
    >>> [t.name for t in fig.data], fig.layout.yaxis.title.text
    (['we', 'they', 'named out-groups'], 'per 1,000 words')
    """
    return _category_bars(table, "We and they: person deixis per {by}", "deixis")


def stance(table: pd.DataFrame):
    """Grouped bars: Hyland's stance categories per speaker (or segment), per 1,000 words.

    >>> import kit
    >>> fig = stance(kit.analysis.stance(kit.load("lavrov-new-regions-2025")))
    >>> [t.name for t in fig.data][:2], fig.layout.title.text
    (['hedges', 'boosters'], 'Stance markers (Hyland 2005) per speaker')
    """
    return _category_bars(table, "Stance markers (Hyland 2005) per {by}", "stance")


def naming(table: pd.DataFrame, actor: str | None = None):
    """How each actor is named: bars per expression, grouped by actor, stacked by speaker.

    ``actor`` (an id such as ``"west"``) keeps one actor.

    >>> import kit
    >>> n = kit.analysis.naming(kit.load("lavrov-new-regions-2025"))
    >>> fig = naming(n, actor="west")
    >>> fig.layout.title.text, sorted(t.name for t in fig.data)
    ('How the West is named, by speaker', ['interviewer', 'lavrov', 'reader-2'])
    """
    import plotly.graph_objects as go
    _need(table, ["actor", "label", "expression", "n"], "naming")
    t = table if actor is None else table[table["actor"] == actor]
    if actor is not None and t.empty:
        raise ValueError(f"no actor '{actor}' in this table (actors: {', '.join(table['actor'].unique())})")
    group = "speaker" if "speaker" in t.columns else None
    order = t.groupby(["label", "expression"], sort=False)["n"].sum().reset_index()
    traces = []
    for name, part in (t.groupby(group, observed=True, sort=True) if group else [("all", t)]):
        traces.append(go.Bar(
            y=[part["label"].tolist(), part["expression"].tolist()], x=part["n"], orientation="h",
            name=str(name),
            customdata=[[str(name), s] for s in part.get("sentences", [""] * len(part))],
            hovertemplate="<b>%{y}</b><br>%{x} times by %{customdata[0]}"
                          "<br>sentences: %{customdata[1]}<extra></extra>"))
    title = f"How {t['label'].iloc[0]} is named, by speaker" if actor is not None and len(t) else \
        "Naming: the expressions for each actor, by speaker"
    fig = _figure(traces, title, "mentions", "actor and expression", barmode="stack",
                  height=max(350, 24 * len(order) + 160))
    fig.update_yaxes(categoryorder="array",
                     categoryarray=list(zip(order["label"], order["expression"]))[::-1], autorange="reversed")
    return fig


def sentiment_arc(table: pd.DataFrame, smooth: int = 5):
    """The sentiment arc: VADER compound per sentence along the text, with a moving average.

    >>> import kit
    >>> s = kit.analysis.sentiment(kit.load("lavrov-new-regions-2025"))
    >>> fig = sentiment_arc(s)
    >>> fig.data[0].name, len(fig.data[0].x) == len(s), fig.layout.yaxis.range
    ('moving average (5 sentences)', True, (-1.05, 1.05))
    """
    import plotly.graph_objects as go
    _need(table, ["order", "compound", "speaker"], "sentiment")
    t = table.sort_values(["text_id", "order"] if "text_id" in table else ["order"]).reset_index(drop=True)
    unit = "sentence" if "sentence_id" in t.columns else "segment"
    x = list(range(1, len(t) + 1))
    avg = t["compound"].rolling(smooth, center=True, min_periods=1).mean()
    traces = [go.Scatter(x=x, y=avg, mode="lines", name=f"moving average ({smooth} {unit}s)",
                         line=dict(color="rgb(128,128,128)", width=2), hoverinfo="skip")]
    label = t["sentence_id"] if unit == "sentence" else t["segment_id"]
    body = t["text"] if "text" in t.columns else [""] * len(t)
    for speaker in sorted(t["speaker"].astype(str).unique()):
        m = t["speaker"].astype(str) == speaker
        traces.append(go.Scatter(
            x=[x[i] for i in range(len(t)) if m.iloc[i]], y=t.loc[m, "compound"], mode="markers",
            name=speaker, marker=dict(size=8),
            customdata=[[_short(s), _wrap(b)] for s, b in zip(label[m], pd.Series(body)[m.to_numpy()])],
            hovertemplate="<b>%{customdata[0]}</b> (" + speaker + ")<br>compound %{y:.2f}"
                          "<br>%{customdata[1]}<extra></extra>"))
    fig = _figure(traces, f"Sentiment arc: VADER compound score per {unit}", f"{unit} (in text order)",
                  "compound score (-1 negative … +1 positive)", yaxis=dict(range=[-1.05, 1.05]))
    fig.add_hline(y=0, line=dict(color="rgba(128,128,128,0.5)", width=1, dash="dot"))
    return fig
