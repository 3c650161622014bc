"""``import kit`` stays light: plotly, NLTK and the widgets load only when used."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("plotly", "nltk", "ipywidgets", "vaderSentiment")


def _loaded_after(code: str) -> list[str]:
    probe = (f"import sys\n{code}\n"
             f"print(__import__('json').dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_import_kit_loads_none_of_the_heavy_packages():
    assert _loaded_after("import kit") == []


def test_the_analysis_package_does_not_load_plotting_or_widgets():
    assert _loaded_after("import kit.analysis, kit.plots") == []


def test_a_figure_loads_plotly_only_when_built():
    loaded = _loaded_after("import kit\n"
                           "doc = kit.load('lavrov-new-regions-2025')\n"
                           "kit.plots.stance(kit.analysis.stance(doc))")
    assert "plotly" in loaded and "ipywidgets" not in loaded
