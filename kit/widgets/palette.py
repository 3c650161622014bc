"""Colours for speakers, kinds and labels that read well on light and dark themes.

The eight colours are the Okabe–Ito palette (Okabe & Ito 2008, "Color
Universal Design"), chosen because it stays distinguishable for the common
forms of colour blindness. Highlights use them at 35 % opacity so the text
keeps JupyterLab's own font colour in either theme.

>>> colors(["morality", "legality"])
{'morality': '#E69F00', 'legality': '#56B4E9'}
>>> tint("#E69F00")
'rgba(230, 159, 0, 0.35)'
"""

from __future__ import annotations

__all__ = ["PALETTE", "colors", "tint"]

PALETTE = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]


def colors(names) -> dict:
    """One palette colour per name, in the order given (cycling after eight).

    >>> colors(["a", "b", "a"])["a"]
    '#E69F00'
    """
    out: dict = {}
    for name in names:
        if name not in out:
            out[name] = PALETTE[len(out) % len(PALETTE)]
    return out


def tint(hex_color: str, alpha: float = 0.35) -> str:
    """A see-through version of ``#RRGGBB`` for backgrounds.

    >>> tint("#000000", 0.5)
    'rgba(0, 0, 0, 0.5)'
    """
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r}, {g}, {b}, {alpha})"
