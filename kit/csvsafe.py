"""CSV files that are safe to open in a spreadsheet program.

Spreadsheet programs (Excel, LibreOffice Calc, Google Sheets) read a cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a
formula, so a student who names a file ``=HYPERLINK(...)`` or types
``+SUM(...)`` as an answer could make the instructor's gradebook run it.
Following OWASP's "CSV Injection" guidance (owasp.org/www-community/attacks/
CSV_Injection), every such text cell is prefixed with a single quote, which
the spreadsheet shows as text and does not evaluate.  Numbers stay numbers,
including numbers written as text ("-2.5"):

>>> cell("=HYPERLINK(\\"http://x\\")"), cell("-2+3+cmd|' /C calc'!A0"), cell("@SUM(A1)")
('\\'=HYPERLINK("http://x")', "'-2+3+cmd|' /C calc'!A0", "'@SUM(A1)")
>>> cell(-2.5), cell("-2.5"), cell("+1e3"), cell("Jane Smith"), cell("\\tx")
(-2.5, '-2.5', '+1e3', 'Jane Smith', "'\\tx")

Every CSV file the kit writes goes through :func:`write_frame`,
:func:`write_columns` or :func:`writer`.
"""

from __future__ import annotations

import csv
import re

__all__ = ["DANGEROUS", "cell", "row", "safe_frame", "write_frame", "write_columns", "writer"]

#: First characters that make a spreadsheet treat a cell as a formula.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def cell(value):
    """``value`` made safe for a spreadsheet: a quote before a formula-like text.

    >>> cell("'already quoted"), cell(None), cell("")
    ("'already quoted", None, '')
    """
    if isinstance(value, str) and value.startswith(DANGEROUS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def row(values) -> list:
    """:func:`cell` applied to each value of a row.

    >>> row(["=1+1", 3, "ok"])
    ["'=1+1", 3, 'ok']
    """
    return [cell(v) for v in values]


def safe_frame(df):
    """A copy of DataFrame ``df`` with every text cell (and column name) made safe.

    >>> import pandas as pd
    >>> safe_frame(pd.DataFrame({"a": ["=x", "y"], "n": [-1.5, 2]})).to_dict("list")
    {'a': ["'=x", 'y'], 'n': [-1.5, 2.0]}
    """
    from pandas.api.types import is_object_dtype, is_string_dtype
    out = df.copy()
    for name in out.columns:
        col = out[name]
        if is_object_dtype(col.dtype) or is_string_dtype(col.dtype):
            out[name] = col.astype(object).map(cell)
    out.columns = [cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def write_frame(df, path) -> None:
    """Write DataFrame ``df`` to ``path`` as CSV (no index), every cell made safe."""
    safe_frame(df).to_csv(path, index=False)


def write_columns(columns: dict, path) -> None:
    """Write a table kept as column name → list of plain values, as :func:`write_frame` writes it.

    The file is the one pandas writes for ``DataFrame(columns)`` (so no
    pandas is needed to grade a class): a column of numbers with a float or
    a missing value is a float column (``3`` → ``3.0``), missing values are
    empty cells, and every text cell and column name is made safe.

    >>> import io, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> write_columns({"=who": ["=x", None], "points": [3, None], "max": [3, 2], "ok": [True, False]}, path)
    >>> print(open(path, encoding="utf-8").read(), end="")
    '=who,points,max,ok
    '=x,3.0,3,True
    ,,2,False
    """
    names = list(columns)
    cells = [_column_cells(columns[name]) for name in names]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow([cell(name) for name in names])
        w.writerows(zip(*cells))


def _column_cells(values: list) -> list:
    """The cells of one column as pandas writes the column it would infer from ``values``."""
    present = [v for v in values if v is not None]
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present)
    if present and numbers and (len(present) < len(values) or any(isinstance(v, float) for v in present)):
        return ["" if v is None else repr(float(v)) for v in values]     # a float column; None is NaN
    return [cell(v) for v in values]


class _SafeWriter:
    """A ``csv.writer`` whose rows pass through :func:`row`."""

    def __init__(self, fh, **kwargs):
        self._w = csv.writer(fh, **kwargs)

    def writerow(self, values):
        return self._w.writerow(row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)


def writer(fh, **kwargs) -> _SafeWriter:
    """Like ``csv.writer(fh)``, but every cell is made safe.

    >>> import io
    >>> buf = io.StringIO()
    >>> _ = writer(buf).writerow(["=cmd", -2.5])
    >>> buf.getvalue()
    "'=cmd,-2.5\\r\\n"
    """
    return _SafeWriter(fh, **kwargs)
