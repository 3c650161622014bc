"""Keyboard and semantics for widgets built from ipywidgets.

:class:`Access` is a zero-size anywidget put inside a box with the class
``kit-guard`` (every exercise, the concordance explorer): its front end
(``static/access.js``) keeps keys pressed in the box from reaching
JupyterLab's notebook shortcuts, lets Escape leave to the notebook cell,
names the box as a region, and makes radio buttons one radio group.

>>> guarded(__import__("ipywidgets").VBox(), "Exercise 1.1")._dom_classes
('kit-guard',)
"""

from __future__ import annotations

import anywidget
import traitlets as t

from .textview import STATIC

__all__ = ["Access", "guarded", "table"]


class Access(anywidget.AnyWidget):
    """The keyboard guard of the box it sits in; ``name`` labels the box as a region."""

    _esm = STATIC / "access.js"
    _css = STATIC / "kit.css"

    name = t.Unicode("").tag(sync=True)


def guarded(box, name: str):
    """Mark ``box`` (an ipywidgets Box) as one guarded, labelled region and add
    the :class:`Access` child that does it; returns the box."""
    box.add_class("kit-guard")
    box.access = Access(name=name, layout={"width": "0", "height": "0", "overflow": "hidden"})
    box.children = (*box.children, box.access)
    return box


def table(frame, label: str, max_height: str = "24em"):
    """A pandas table a keyboard can scroll: an HTML region that takes the
    focus (Tab, then the arrow keys scroll it), named by ``label`` for screen
    readers, text cells left-aligned (WCAG 2.1.1, 4.1.2).

    >>> import pandas as pd
    >>> html = table(pd.DataFrame({"word": ["West"], "n": [3]}), "Word counts").data
    >>> 'role="region"' in html and 'tabindex="0"' in html and 'aria-label="Word counts"' in html
    True
    """
    from html import escape

    from IPython.display import HTML
    inner = frame.to_html(border=0, classes="kit-table")
    return HTML(f'<div class="kit-table-region" role="region" tabindex="0" aria-label="{escape(label)}" '
                f'style="overflow: auto; max-height: {escape(max_height)}; max-width: 100%">'
                f"<style>.kit-table-region th, .kit-table-region td {{ text-align: left; }}"
                f".kit-table-region:focus-visible {{ outline: 2px solid var(--jp-brand-color1); }}</style>"
                f"{inner}</div>")
