"""YAML that remembers where things are, so errors can name file and line.

:func:`load` parses a YAML file safely and returns plain dicts and lists
whose subclasses also know their line numbers (1-based):

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yml"
>>> _ = p.write_text("a: 1\\nitems:\\n  - id: x\\n  - id: y\\n")
>>> data = load(p)
>>> data["items"][1]["id"], data["items"].line_of(1), data.line_of("items")
('y', 4, 2)

A syntax error becomes a :class:`FileError` with the file and line:

>>> _ = p.write_text("a: 1\\nb: [1, 2\\nc: 3\\n")
>>> load(p)
Traceback (most recent call last):
...
kit.yamlines.FileError: .../x.yml:3: invalid YAML: ...expected ',' or ']'...

So do a control character and an alias (``*name``): kit files never need
aliases, and refusing them stops a "billion laughs" file, whose few lines
of aliases would expand to billions of values:

>>> loads("a: 1\\nb: ring \\x07\\n", "x.yml")
Traceback (most recent call last):
...
kit.yamlines.FileError: x.yml:2: control character U+0007 is not allowed; remove it
>>> loads("a: &x [1, 2]\\nb: *x\\n", "x.yml")
Traceback (most recent call last):
...
kit.yamlines.FileError: x.yml:2: YAML aliases (*name) are not allowed in kit files; write the value out
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["load", "loads", "read_bytes", "LineDict", "LineList", "FileError"]


# libyaml's parser when PyYAML was built with it (much faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FileError(ValueError):
    """A problem in a data file, located by ``path`` and 1-based ``line``."""

    def __init__(self, path, line: int | None, message: str):
        self.path, self.line, self.message = str(path), line, message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


class LineDict(dict):
    """A dict that knows the line of each key (``line_of``) and its own ``line``."""

    line: int = 1
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows the line of each item (``line_of``) and its own ``line``."""

    line: int = 1
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if 0 <= index < len(self.item_lines) else self.line


_STR = "tag:yaml.org,2002:str"


class _Alias(Exception):
    """A node met a second time while building: the file uses an alias."""


def _build(node, scalars, seen=None):
    if seen is not None:
        if id(node) in seen:
            raise _Alias()
        seen.add(id(node))
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.key_lines = line, {}
        for key_node, value_node in node.value:
            key = _build(key_node, scalars, seen)
            if isinstance(key, (dict, list)):
                raise FileError("", key_node.start_mark.line + 1, "a key must be a plain value")
            out[key] = _build(value_node, scalars, seen)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        out = LineList(_build(n, scalars, seen) for n in node.value)
        out.line = line
        out.item_lines = [n.start_mark.line + 1 for n in node.value]
        return out
    if node.tag == _STR:  # the commonest scalar: no need for the constructor's machinery
        return node.value
    try:
        return scalars.construct_object(node, deep=True)  # int, bool, null, date ...
    except (ValueError, OverflowError) as exc:  # a date that cannot be: 2025-13-45
        raise FileError("", line, f"invalid YAML: {node.value!r} cannot be read ({exc})") from None


def loads(text: str, path="<string>", fast: bool = True):
    """Parse YAML ``text``; ``path`` is only used in error messages.

    Aliases (``*name``) are refused, and so are control characters, each
    with the line where it is.  With ``fast`` (the default), a document in the
    plain subset kit files are written in is read by :mod:`kit.yamlsubset`,
    which gives the same values and lines; anything else (and every error) by
    libyaml and the line-keeping walk below.

    >>> loads("a: 1\\nb: [x, 'y']\\n") == loads("a: 1\\nb: [x, 'y']\\n", fast=False) == {"a": 1, "b": ["x", "y"]}
    True
    """
    if fast:
        data = _subset.parse(text)
        if data is not None:
            return data
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise FileError(path, line, f"invalid YAML: {exc.problem}") from None
    except yaml.reader.ReaderError as exc:     # a character YAML does not allow (control characters)
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        raise FileError(path, line, f"control character {what} is not allowed; remove it") from None
    except yaml.YAMLError as exc:
        raise FileError(path, None, f"invalid YAML: {str(exc).splitlines()[0][:200]}") from None
    if node is None:
        return None
    try:
        return _build(node, yaml.SafeLoader(""), set() if "*" in text else None)
    except _Alias:
        raise FileError(path, _alias_line(text), "YAML aliases (*name) are not allowed in kit files; "
                                                 "write the value out") from None
    except FileError as exc:
        raise FileError(path, exc.line, exc.message) from None
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise FileError(path, mark.line + 1 if mark else None, f"invalid YAML: {exc.problem}") from None


def _alias_line(text: str) -> int | None:
    """The line of the first alias (``*name``) in ``text``."""
    for token in yaml.scan(text, Loader=_LOADER):
        if isinstance(token, yaml.AliasToken):
            return token.start_mark.line + 1
    return None


def load(path, fast: bool = True):
    """Read and parse the YAML file at ``path`` (UTF-8); ``fast`` as in :func:`loads`."""
    path = path if isinstance(path, Path) else Path(path)
    data = read_bytes(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileError(path, _line_of_byte(data, exc.start),
                        f"not valid UTF-8 (byte 0x{exc.object[exc.start]:02x}); save the file as UTF-8") from None
    return loads(text, path, fast)


def read_bytes(path) -> bytes:
    """The bytes of the file at ``path`` (``Path.read_bytes`` without a buffer: one read of a whole file).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_bytes(b"caf\\xc3\\xa9\\n")
    >>> read_bytes(p) == p.read_bytes() == "café\\n".encode("utf-8")
    True
    """
    with open(path, "rb", buffering=0) as f:
        return f.read()


def _line_of_byte(data: bytes, offset: int) -> int:
    """The 1-based line on which byte ``offset`` of ``data`` lies."""
    return data.count(b"\n", 0, offset) + 1


from . import yamlsubset as _subset  # noqa: E402  (it builds on the classes above)
