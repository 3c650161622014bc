"""The discourse kit: load texts into tidy tables and study how they work.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> doc.segments.groupby("kind", observed=True).size()["answer"]
np.int64(3)

``import kit`` is light: pandas, NLTK, plotly and the widgets are imported
the first time something needs them.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = ["load", "corpus", "texts", "Document", "Corpus", "TextFormatError", "nlp", "__version__"]

_LAZY = {
    "load": "kit.document",
    "corpus": "kit.document",
    "texts": "kit.document",
    "Document": "kit.document",
    "Corpus": "kit.document",
    "TextFormatError": "kit.textformat",
}
_SUBMODULES = {"nlp", "analysis", "plots", "checkers", "answers", "widgets", "exercises",
               "grading", "textformat", "tables", "paths", "importer", "report", "release", "display"}


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f"kit.{name}")
    raise AttributeError(f"module 'kit' has no attribute '{name}'")


def __dir__():
    return sorted(set(__all__) | _SUBMODULES)
