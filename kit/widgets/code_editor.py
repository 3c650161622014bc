"""The code editor of code answers: CodeMirror 6 with Python highlighting
(``static/code_editor.js``, bundled from ``static/src``; licences in
``static/LICENSES.md``).

Tab indents and Shift+Tab dedents; Escape, then Tab, moves the focus on;
keys typed in it never reach JupyterLab's notebook shortcuts. ``value`` is
the code, kept in step with the editor on every keystroke.

>>> CodeEditor(value="def f():\\n    return 1\\n").value.splitlines()[1]
'    return 1'
"""

from __future__ import annotations

import anywidget
import traitlets as t

from .textview import STATIC

__all__ = ["CodeEditor"]


class CodeEditor(anywidget.AnyWidget):
    """A Python editor; ``value`` is its text, ``label`` its accessible name."""

    _esm = STATIC / "code_editor.js"
    _css = STATIC / "kit.css"

    value = t.Unicode("").tag(sync=True)
    label = t.Unicode("Python code").tag(sync=True)
