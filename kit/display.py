"""Tables a student can read in a notebook: text left-aligned, ids kept on one line.

pandas shows a DataFrame with every cell right-aligned, long text cut with
``...`` and ids wrapped over several lines.  These helpers return an object
that a notebook cell displays as a styled HTML table instead; the DataFrame
itself is unchanged (``.data``), so the analysis stays a tidy table.

- :func:`table`: any result table, with the columns you choose;
- :func:`kwic`: a concordance, the node aligned in the middle and the left
  and right contexts joined to it exactly as the original spells them;
- :func:`fields`: a few metadata fields of a text as a two-column list.

A wide table scrolls inside its own box, which takes keyboard focus
(``tabindex=0``) and is a labelled region, so it can be scrolled without a mouse.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> t = kwic(kit.analysis.concordance(doc, "collective West", width=30))
>>> '<b class="kit-show-node">collective West</b>' in t._repr_html_()
True
>>> pair = kit.corpus(["lavrov-new-regions-2025", "state-briefing-2022-08-18"])
>>> "state-briefing-2022-08-18:" in kwic(kit.analysis.concordance(pair, "war"))._repr_html_()
True
>>> line = t.data.iloc[0]               # the cells join exactly as the original spells them
>>> line.left[-12:] + line.node + line.right[:9]
'ssiya, the "collective West" exposed'

>>> fields(doc.meta, ["date", "language"]).data.values.tolist()
[['date', '2025-03'], ['language', 'en']]
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from . import ids

__all__ = ["table", "kwic", "fields", "Shown"]

_CSS = """<style>
.kit-show-box {max-width: 100%; overflow-x: auto; margin: 0.3em 0;}
.kit-show-box:focus-visible {outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 2px;}
.kit-show-table {border-collapse: collapse; font-size: var(--jp-content-font-size1, 13px);}
.kit-show-table th {text-align: left; font-weight: 600; padding: 3px 10px 3px 0;
               border-bottom: 1px solid var(--jp-border-color1, #999);}
.kit-show-table td {text-align: left; vertical-align: top; padding: 3px 10px 3px 0;
               border-bottom: 1px solid var(--jp-border-color3, #ddd);}
.kit-show-table td.kit-show-num {text-align: right; padding-left: 10px; font-variant-numeric: tabular-nums;}
.kit-show-table td.kit-show-id {white-space: nowrap; font-family: var(--jp-code-font-family, monospace);
                      font-size: 0.92em;}
.kit-show-table td.kit-show-long {min-width: 18em; max-width: 48em;}
.kit-show-kwic td {padding: 2px 0; border: none; white-space: pre;}
.kit-show-kwic td.kit-show-left {text-align: right;}
.kit-show-kwic .kit-show-node {font-weight: 700;}
.kit-show-kwic td.kit-show-where {padding-right: 12px;}
</style>"""


@dataclass
class Shown:
    """A table prepared for reading; ``data`` is the DataFrame it shows."""

    data: pd.DataFrame
    html: str
    label: str

    def _repr_html_(self) -> str:
        return (f'{_CSS}<div class="kit-show-box" tabindex="0" role="region" '
                f'aria-label="{escape(self.label)}">{self.html}</div>')

    def __repr__(self) -> str:
        return self.data.to_string(index=False, max_rows=20)


def _is_id(name: str) -> bool:
    return name.endswith("_id") or name in ("id", "sentence", "segment", "unit")


def _cell(name: str, value, long: set) -> str:
    if isinstance(value, float):
        text, cls = (f"{value:,.3g}" if abs(value) < 0.01 and value else f"{value:,.2f}"), "kit-show-num"
    elif isinstance(value, (int,)) and not isinstance(value, bool):
        text, cls = f"{value:,}", "kit-show-num"
    else:
        text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        cls = "kit-show-id" if _is_id(name) else ("kit-show-long" if name in long else "")
    return f'<td class="{cls}">{escape(text)}</td>' if cls else f"<td>{escape(text)}</td>"


def table(df: pd.DataFrame, columns=None, max_rows: int = 60, label: str = "table") -> Shown:
    """``df`` as a readable table: the ``columns`` you name (default all), at most ``max_rows`` rows.

    >>> import pandas as pd
    >>> t = table(pd.DataFrame({"sentence_id": ["x:a1.s1"], "text": ["A sentence."], "n": [3]}))
    >>> "<td>A sentence.</td>" in t._repr_html_(), 'class="kit-show-id"' in t._repr_html_()
    (True, True)
    """
    data = df if columns is None else df[list(columns)]
    shown = data.head(max_rows)
    long = {c for c in shown.columns if shown[c].dtype == object
            and max((len(str(v)) for v in shown[c]), default=0) > 60}
    numeric = {c for c in shown.columns if pd.api.types.is_numeric_dtype(shown[c])
               and not pd.api.types.is_bool_dtype(shown[c])}
    right = " style='text-align: right'"
    head = "".join(f"<th scope='col'{right if c in numeric else ''}>{escape(str(c))}</th>"
                   for c in shown.columns)
    rows = ["<tr>" + "".join(_cell(str(c), v.item() if hasattr(v, "item") else v, long)
                             for c, v in zip(shown.columns, row)) + "</tr>"
            for row in shown.itertuples(index=False)]
    more = (f"<caption style='caption-side: bottom; text-align: left'>{len(shown)} of {len(data)} rows"
            "</caption>") if len(data) > len(shown) else ""
    return Shown(data, f"<table class='kit-show-table'>{more}<thead><tr>{head}</tr></thead>"
                       f"<tbody>{''.join(rows)}</tbody></table>", label)


def kwic(df: pd.DataFrame, max_rows: int = 60) -> Shown:
    """A concordance from :func:`kit.analysis.concordance`, read as keyword-in-context lines."""
    shown = df.head(max_rows)
    where = shown["sentence_id"] if "sentence_id" in shown else shown.get("segment_id", [""] * len(shown))
    several = "text_id" in df and df["text_id"].nunique() > 1     # a corpus: keep the text in the id
    rows = []
    for w, left, node, right in zip(where, shown["left"], shown["node"], shown["right"]):
        short = str(w) if several else ids.short(w)
        # the node and its right context share a cell, so they run on as the original spells them
        rows.append(f"<tr><td class='kit-show-where kit-show-id'>{escape(short)}</td><td class='kit-show-left'>{escape(left)}"
                    f'</td><td><b class="kit-show-node">{escape(node)}</b>{escape(right)}</td></tr>')
    more = (f"<caption style='caption-side: bottom; text-align: left'>{len(shown)} of {len(df)} lines"
            "</caption>") if len(df) > len(shown) else ""
    return Shown(df, f"<table class='kit-show-table kit-show-kwic'>{more}<tbody>{''.join(rows)}</tbody></table>",
                 "concordance")


def fields(meta: dict, keys) -> Shown:
    """Some fields of a text's metadata (``doc.meta``) as a two-column list."""
    data = pd.DataFrame({"field": list(keys), "value": [" ".join(str(meta.get(k, "")).split()) for k in keys]})
    return table(data, label="metadata")
