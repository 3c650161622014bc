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

from .textview import STATIC, front_end

__all__ = ["Access", "guarded"]


class Access(anywidget.AnyWidget):
    """The keyboard guard of the box it sits in; ``name`` labels the box as a region."""

    _esm = front_end("access.js")
    _css = STATIC / "kit.css"

    name = t.Unicode("").tag(sync=True)


def guarded(box, name: str):
    """Mark ``box`` (an ipywidgets Box) as one guarded, labelled region and add
    the :class:`Access` child that does it; returns the box."""
    box.add_class("kit-guard")
    box.access = Access(name=name, layout={"width": "0", "height": "0", "overflow": "hidden"})
    box.children = (*box.children, box.access)
    return box
