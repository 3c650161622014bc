"""The "Show a key item" button of practice exercises (kit.checkers.practice does the work).

Practice feedback reveals the key's missing items one per new try; this
button asks for the next one at once.  It appears only for practice
exercises of the types whose feedback can conceal key items.
"""

from __future__ import annotations

import ipywidgets as widgets

__all__ = ["reveal_button"]

_TYPES = ("single_choice", "multiple_choice", "sentence_labels", "spans", "links", "numeric", "short_text")


def reveal_button(box):
    """A button that reveals one more key item of ``box``'s practice exercise and re-checks (or None)."""
    ex = box.binding.exercise
    if box.binding.mode != "practice" or getattr(ex, "type", None) not in _TYPES or getattr(ex, "key", None) is None:
        return None
    button = widgets.Button(description="Show a key item", icon="eye", layout=widgets.Layout(width="auto"),
                            tooltip="Reveal one more item of the key, with its evidence and rationale")
    button.add_class("kit-reveal-button")

    def show(_=None):
        from kit.checkers import practice
        practice.reveal(ex)
        value = box.value
        box.status.value = box.binding.feedback(value, check=True)

    button.on_click(show)
    button.show = show
    return button
