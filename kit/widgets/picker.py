"""The text picker every widget shares: a drop-down of the texts in ``texts/``.

>>> p = text_picker()
>>> "lavrov-new-regions-2025" in [v for _, v in p.options]
True
>>> text_picker(include_all=True).options[0]
('All texts', '*')
"""

from __future__ import annotations

import ipywidgets as widgets

__all__ = ["text_picker", "ALL"]

ALL = "*"


def text_picker(value=None, include_all: bool = False) -> widgets.Dropdown:
    """A drop-down listing every text in ``texts/`` (``kit.texts()``) by title;
    its ``value`` is the text id (``"*"`` for "All texts" when offered)."""
    from kit.document import texts
    catalog = texts()
    options = [(f"{row.title or row.text_id} ({row.text_id})", row.text_id)
               for row in catalog.itertuples()]
    if include_all:
        options.insert(0, ("All texts", ALL))
    if not options:
        raise FileNotFoundError("no texts found in texts/ (add a .txt with its .yml sidecar)")
    ids = [v for _, v in options]
    if value is not None and value not in ids:
        raise KeyError(f"no text '{value}' (texts: {', '.join(i for i in ids if i != ALL)})")
    picker = widgets.Dropdown(options=options, value=value if value is not None else ids[0],
                              description="Text", tooltip="Choose a text",
                              layout=widgets.Layout(width="auto", max_width="48em"))
    picker.add_class("kit-text-picker")
    return picker
