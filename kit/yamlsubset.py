"""A fast reader for the plain subset of YAML that kit files are written in.

:func:`parse` reads block mappings and sequences, one-line flow mappings and
sequences, plain, quoted and simple folded or literal scalars, and comments,
and returns the same :class:`~kit.yamlines.LineDict` and
:class:`~kit.yamlines.LineList` objects, with the same values and lines, as
the libyaml-based reader in :mod:`kit.yamlines`, in a fraction of the time.
Anything outside that subset, or anything it is not sure of, gives ``None``
and the caller reads the file with the full reader, which also gives every
error message.  So it never needs to explain a problem, only to recognise
what is certainly fine:

>>> data = parse("title: A text\\nspeakers:\\n  a: {name: A, role: reader}\\nsegments:\\n- id: t\\n  lines: 1\\n")
>>> data["segments"][0]["lines"], data["segments"].line_of(0), data["speakers"]["a"]["name"]
(1, 5, 'A')
>>> parse("a: &x [1, 2]\\nb: *x\\n") is None      # anchors and aliases: the full reader refuses them
True
>>> parse("a: ring \\x07\\n") is None            # so are control characters, with their line
True

Plain scalars are typed by PyYAML's own resolver and constructor (``1`` is an
int, ``2025-03-01`` a date, ``yes`` True), as the full reader does.
"""

from __future__ import annotations

import re

import yaml

from .yamlines import _LOADER, LineDict, LineList

__all__ = ["parse"]


class _Unsure(Exception):
    """The text has something the fast reader does not handle: use the full reader."""


# Characters the fast reader leaves to the full one: anything YAML refuses (its Reader's
# NON_PRINTABLE set), tabs and carriage returns (indentation and line rules), the other
# YAML line breaks (NEL, LS, PS) and the byte-order mark.
_UNSURE_ASCII = bytes([*range(0x0a), *range(0x0b, 0x20), 0x7f])  # the same, for ASCII text
_UNSURE_CHARS = re.compile("[^\n -~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")

# One line: (indent, "- " entry, key, plain value, other rest). The key is a short plain
# word followed by ': ' or ':' at the end of the line. "plain value" is a value that is
# certainly a plain scalar on one line: it opens with no indicator and has no ':' or '#'
# (so no comment) and no trailing space; any other value is in "other rest".
_LINE = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z0-9_][A-Za-z0-9_.\-]{0,199}):(?: +|$))?"
                   r"(?:([^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\n]*(?<! ))$|(.*)$)", re.M)

# Characters that may not open a plain scalar here (YAML indicators, quotes, and '-', '?', ':').
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")

# The bodies of quoted scalars, written as "unrolled loops" (runs of plain characters between
# escapes), which the regular expression engine runs much faster than one alternation a character.
_DQ_BODY = r'[^"\\]*(?:\\.[^"\\]*)*'
_SQ_BODY = r"[^']*(?:''[^']*)*"
_DQ = re.compile(f'"({_DQ_BODY})"')
_SQ = re.compile(f"'({_SQ_BODY})'")
_DQ_TAIL = re.compile(f'({_DQ_BODY})"')  # the last line of a quoted scalar over several
_SQ_TAIL = re.compile(f"({_SQ_BODY})'")
_END = re.compile(r" *(?: #.*)?")  # what may follow a complete value on its line
_DQ_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)")
_DQ_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r"}

# Inside one-line flow collections: a double-quoted, single-quoted or plain scalar (a plain
# one without ':' or '#', which the fast reader leaves to the full one). A plain scalar here
# cannot end with a space (spaces inside are followed by a character), so that it and the
# ' *' after it cannot share spaces: the patterns never backtrack far, whatever the line (one
# that could split a run of spaces two ways took minutes on a hostile line).
_FLOW_PLAIN_TRIM = r"[^\s,\[\]{}#:\"'&*!|>%@`?\-][^ ,\[\]{}#:]*(?: +[^ ,\[\]{}#:]+)*"
_FLOW_VALUE = f"(?:\"({_DQ_BODY})\"|'({_SQ_BODY})'|({_FLOW_PLAIN_TRIM}))"
# key (1), then a scalar (2-4) and the separator (5), or the '[' of a sequence (6)
_FLOW_PAIR = re.compile(r" *([A-Za-z0-9_][A-Za-z0-9_.\-]{0,199}): +(?:" + _FLOW_VALUE + r" *([,}])|(\[))")
_FLOW_ITEM = re.compile(r" *" + _FLOW_VALUE + r" *([,\]])")
_FLOW_EMPTY = re.compile(r" *([}\]])")
_FLOW_SEP = re.compile(r" *([,}])")
# A flow mapping of scalars only that ends its line, the usual case ({id: q1, lines: 4,
# label: "Q:"}): checked whole by _FLOW_SCALARS (group 1: what is between the braces),
# then its pairs (key, value with its quotes) listed by _FLOW_SCALAR_PAIR.
_FLOW_KEY = r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,199}"
_FLOW_SCALAR = f"\"{_DQ_BODY}\"|'{_SQ_BODY}'|{_FLOW_PLAIN_TRIM}"
_FLOW_SCALAR_PAIR = re.compile(f"({_FLOW_KEY}): +({_FLOW_SCALAR})")
_PAIR = f"{_FLOW_KEY}: +(?:{_FLOW_SCALAR})"
_FLOW_SCALARS = re.compile(r"\{ *((?:" + _PAIR + r" *, *)*" + _PAIR + r") *\} *(?: #.*)?")

_MAX_DEPTH = 40  # deeper files go to the full reader, exactly as before
_MAX_FOLDED = 20_000  # the longest plain scalar over several lines read here (characters)
_SPACES = [" " * n for n in range(_MAX_DEPTH * 8 + 220)]  # indentation strings by width

# Plain scalars already typed (a plain string's value never changes): 'reader', '1', 'yes'.
_TYPED: dict = {}
_TYPED_MAX = 20_000
_STR_TAG = "tag:yaml.org,2002:str"
_SAFE_TAGS = {"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
              "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}
_RESOLVER = _LOADER("")  # the full reader's resolver: the same implicit types
_CONSTRUCTORS = yaml.SafeLoader.yaml_constructors  # and the same constructors (yamlines._build's)
# The first characters some implicit type can start with; a plain scalar opening with any
# other character is a string (unless a resolver looks at every scalar: then ask each time).
class _Every:
    def __contains__(self, char) -> bool:
        return True


_IMPLICIT_FIRST = frozenset(k for k in _LOADER.yaml_implicit_resolvers if k)
if _LOADER.yaml_implicit_resolvers.get(None):
    _IMPLICIT_FIRST = _Every()


def _typed(value: str):
    """A plain scalar's value, as PyYAML's resolver and safe constructor give it."""
    if value[0] not in _IMPLICIT_FIRST:
        return value
    if len(value) > 100:
        return _resolve(value)
    try:
        return _TYPED[value]
    except KeyError:
        pass
    out = _resolve(value)
    if len(_TYPED) >= _TYPED_MAX:
        _TYPED.clear()
    _TYPED[value] = out
    return out


def _resolve(value: str):
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == _STR_TAG:
        return value
    if tag not in _SAFE_TAGS:
        raise _Unsure()
    try:
        return _CONSTRUCTORS[tag](_RESOLVER, yaml.ScalarNode(tag, value))
    except (ValueError, OverflowError):  # '2025-13-45' looks like a date: the full reader says where
        raise _Unsure() from None


def _unescape(body: str) -> str:
    """The value of a double-quoted scalar's ``body``: only JSON-like escapes are taken."""
    if "\\" not in body:
        return body

    def one(m):
        code = m.group(1)
        if code in _DQ_SIMPLE:
            return _DQ_SIMPLE[code]
        if len(code) == 5 and not 0xD800 <= int(code[1:], 16) <= 0xDFFF:
            return chr(int(code[1:], 16))
        raise _Unsure()
    return _DQ_ESCAPE.sub(one, body)


def _quoted(rest: str, doc, i: int, col: int):
    """A single- or double-quoted scalar, on one line or folded over several: (value, next row)."""
    double = rest[0] == '"'
    m = (_DQ if double else _SQ).match(rest)
    if m:
        _after(rest, m.end())
        body = m.group(1)
    else:
        raw = doc.lines()
        parts, n, tail = [rest[1:].rstrip(" ")], len(raw), (_DQ_TAIL if double else _SQ_TAIL)
        while True:
            if i >= n:
                raise _Unsure()
            whole = raw[i]
            width = len(whole) - len(whole.lstrip(" "))
            if width <= col or len(whole) == width:
                raise _Unsure()  # a blank line (a line break in the value) or a line not indented
            i += 1
            m = tail.match(whole, width)
            if m:
                _after(whole, m.end())
                parts.append(m.group(1))
                break
            parts.append(whole[width:].rstrip(" "))
        if not all(parts) or any(p[-1] == "\\" for p in parts[:-1]):
            raise _Unsure()  # an escaped line break, or a line break next to a quote
        body = " ".join(parts)
    return (_unescape(body) if double else body.replace("''", "'")), i


def _after(rest: str, pos: int) -> None:
    """Only spaces and a comment may follow a value that ends at ``pos``."""
    if not _END.fullmatch(rest, pos):
        raise _Unsure()


def _flow_scalar(m, base: int):
    dq, sq, plain = m.group(base), m.group(base + 1), m.group(base + 2)
    if dq is not None:
        return _unescape(dq)
    if sq is not None:
        return sq.replace("''", "'")
    return _typed(plain.rstrip(" "))


def _flow_seq(rest: str, pos: int, line: int):
    """A flow sequence of scalars starting after its '[' at ``pos``: (LineList, end)."""
    out = LineList()
    out.line, out.item_lines = line, []
    m = _FLOW_EMPTY.match(rest, pos)
    if m:
        if m.group(1) != "]":
            raise _Unsure()
        return out, m.end()
    while True:
        m = _FLOW_ITEM.match(rest, pos)
        if not m:
            raise _Unsure()
        out.append(_flow_scalar(m, 1))
        out.item_lines.append(line)
        pos = m.end()
        if m.group(4) == "]":
            return out, pos


def _flow_line(rest: str, line: int):
    """The flow mapping that is the rest of a line, ``{...}`` and perhaps a comment."""
    pairs = None
    if rest[-1] == "}":  # as kit import writes it, '{key: value, key: value}': one pass finds the pairs,
        pairs = _FLOW_SCALAR_PAIR.findall(rest, 1, len(rest) - 1)
        if "{" + ", ".join(map(": ".join, pairs)) + "}" != rest:  # ... and they must be the whole line
            pairs = None
    if pairs is None:
        whole = _FLOW_SCALARS.fullmatch(rest)
        if not whole:  # not scalars only, or not the end of the line: the general reader
            value, end = _flow_map(rest, 1, line)
            _after(rest, end)
            return value
        pairs = _FLOW_SCALAR_PAIR.findall(whole.group(1))
    out = LineDict()
    typed, implicit = _typed, _IMPLICIT_FIRST
    for key, value in pairs:
        if key[0] in implicit:
            key = typed(key)
        first = value[0]
        if first == '"':
            value = value[1:-1]
            if "\\" in value:
                value = _unescape(value)
        elif first == "'":
            value = value[1:-1].replace("''", "'")
        else:
            value = value.rstrip(" ")
            if value[0] in implicit:
                value = typed(value)
        out[key] = value
    out.line, out.key_lines = line, dict.fromkeys(out, line)  # every key is on this line
    return out


def _flow_map(rest: str, pos: int, line: int):
    """A one-line flow mapping starting after its '{' at ``pos``: (LineDict, end)."""
    out = LineDict()
    lines = {}
    out.line, out.key_lines = line, lines
    m = _FLOW_EMPTY.match(rest, pos)
    if m:
        if m.group(1) != "}":
            raise _Unsure()
        return out, m.end()
    while True:
        m = _FLOW_PAIR.match(rest, pos)
        if not m:
            raise _Unsure()
        key = _typed(m.group(1))
        if m.group(6):
            value, pos = _flow_seq(rest, m.end(6), line)
            tail = _FLOW_SEP.match(rest, pos)
            if not tail:
                raise _Unsure()
            sep, pos = tail.group(1), tail.end()
        else:
            value, sep, pos = _flow_scalar(m, 2), m.group(5), m.end()
        out[key] = value
        out.key_lines[key] = line
        if sep == "}":
            return out, pos


def _block_scalar(header: str, doc, i: int, parent: int):
    """A folded (``>``) or literal (``|``) scalar whose header is on row ``i - 1``: (value, next row).

    Only the plain case is taken: every content line at one indentation, no blank or
    more-indented lines inside, no trailing spaces, clip or strip chomping.
    """
    if header not in (">", ">-", "|", "|-"):
        raise _Unsure()
    raw = doc.lines()
    n = len(raw)
    if i >= n:
        raise _Unsure()
    width = len(raw[i]) - len(raw[i].lstrip(" "))
    indent = " " * width
    if width <= parent:
        raise _Unsure()
    parts = []
    while i < n:
        line = raw[i]
        if not line.startswith(indent) or len(line) == width or line[width] == " ":
            break
        if line[-1] == " ":
            raise _Unsure()
        parts.append(line[width:])
        i += 1
    if not parts:
        raise _Unsure()
    j = i
    while j < n and raw[j] == "":
        j += 1
    if j == i and i == n:
        raise _Unsure()  # the last line has no line break: clip would differ
    if j < n and (len(raw[j]) - len(raw[j].lstrip(" ")) > parent or not raw[j].strip(" ")):
        raise _Unsure()  # a paragraph break, a more-indented line or a line of spaces
    value = (" " if header[0] == ">" else "\n").join(parts)
    return (value if header.endswith("-") else value + "\n"), i


def _value(rest: str, doc, i: int, line: int, col: int):
    """The value that opens ``rest`` (a key's or a sequence entry's) on row ``i - 1``: (value, next row)."""
    first = rest[0]
    if first == '"' or first == "'":
        return _quoted(rest, doc, i, col)
    if first == "{":
        return _flow_line(rest, line), i
    if first == "[":
        value, end = _flow_seq(rest, 1, line)
        _after(rest, end)
        return value, i
    if first in ">|":
        return _block_scalar(rest.rstrip(" "), doc, i, col)
    raise _Unsure()  # another indicator ('&', '*', '!', '-', '?' ...): left to the full reader


class _Doc:
    """The text and, split when first needed, its lines (for scalars over several lines)."""

    __slots__ = ("text", "_lines")

    def __init__(self, text: str):
        self.text, self._lines = text, None

    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.split("\n")
        return self._lines


def parse(text: str):
    """The YAML ``text`` as LineDict/LineList/scalars, or None if it is not in the fast subset.

    Only a mapping at the top is taken; ``None`` also for an empty document.
    """
    if text.isascii():
        if len(text.encode("ascii").translate(None, _UNSURE_ASCII)) != len(text):
            return None
    elif _UNSURE_CHARS.search(text):
        return None
    rows = _LINE.findall(text)
    if len(rows) != text.count("\n") + 1:
        return None
    try:
        return _parse(rows, _Doc(text))
    except _Unsure:
        return None
    except Exception:  # a surprise (a bug here): the full reader is the reference, and never wrong
        return None


def _parse(rows, doc):
    """The document of ``rows`` (``_LINE`` matches); raises _Unsure outside the subset.

    The loop's first branch is the usual line, ``key: plain value`` in the mapping being
    read; everything else (structure, other values) is in the second.
    """
    typed, implicit, special, n = _typed, _IMPLICIT_FIRST, _NOT_PLAIN_START, len(rows)
    known = _TYPED.get  # known(text, typed) is typed when the text is not yet in _TYPED
    first = _content(rows, 0)
    if first == n:
        return None
    indent, dash, key, _, _ = rows[first]
    if dash or not key:
        raise _Unsure()
    root = cur = LineDict()
    lines = {}
    root.line, root.key_lines = first + 1, lines
    col, col_s, is_map, indentless = len(indent), indent, True, False
    stack = [(col, col_s, cur, is_map, indentless, lines)]  # the open containers, innermost last
    skip = 0        # lines up to this one belong to a value already read
    folded = None   # (line, key, text) of a plain scalar continued up to that line
    for lineno, (indent, dash, key, plain, rest) in enumerate(rows, 1):
        if plain and key and indent == col_s and is_map and not dash:
            if key[0] in implicit:  # 'name', 'n': typed once ('no' is False), then remembered
                k = known(key, typed)
                if k is typed:
                    k = typed(key)
            else:
                k = key
            if plain[0] in implicit:  # '5', 'yes', '2025-03-01'
                value = known(plain, typed)
                cur[k] = typed(plain) if value is typed else value
            else:
                cur[k] = plain
            lines[k] = lineno
            continue
        if not dash and not key and not plain and (not rest or rest[0] == "#"):
            continue  # blank or comment
        if lineno <= skip:
            continue
        width = len(indent)
        if width > col:
            folded = _fold(rows, doc, lineno, folded, cur, is_map, col)
            continue
        if width < col or (indentless and not dash):
            while width < col or (width == col and indentless and not dash):
                stack.pop()
                if not stack:
                    raise _Unsure()
                col, col_s, cur, is_map, indentless, lines = stack[-1]
            if width != col:
                raise _Unsure()
        if is_map:
            if dash or not key:
                raise _Unsure()
        elif not dash:
            raise _Unsure()
        elif not key:  # '- value'
            if plain:
                value = plain if plain[0] not in implicit else typed(plain)
            elif not rest or rest[0] in "#>|":
                raise _Unsure()  # an empty entry or a block scalar: left to the full reader
            elif rest[0] == "{":
                value = _flow_line(rest, lineno)
            else:
                value, skip = _other(rest, doc, lineno, col)
            cur.append(value)
            lines.append(lineno)
            continue
        else:  # '- key: ...' opens a mapping, the sequence's next entry
            if len(stack) >= _MAX_DEPTH:
                raise _Unsure()
            mapping = LineDict()
            mapping.line, mapping.key_lines = lineno, {}
            cur.append(mapping)
            lines.append(lineno)
            col = width + len(dash)
            col_s = _SPACES[col] if col < len(_SPACES) else " " * col
            cur, is_map, indentless, lines = mapping, True, False, mapping.key_lines
            stack.append((col, col_s, cur, is_map, indentless, lines))
        k = key if key[0] not in implicit else typed(key)
        if plain or (rest and rest[0] != "#"):  # 'key: value'
            if plain:
                value = plain if plain[0] not in implicit else typed(plain)
            elif rest[0] == "{":
                value = _flow_line(rest, lineno)
            else:
                value, skip = _other(rest, doc, lineno, col)
            cur[k] = value
            lines[k] = lineno
            continue
        # 'key:' opens a block on the next lines, or is null
        if lineno < n and (rows[lineno][2] or rows[lineno][1] or rows[lineno][3]):
            nxt = lineno  # the usual case: the block starts on the next line
        else:
            nxt = _content(rows, lineno)
        if nxt < n:
            below, below_dash = rows[nxt][0], rows[nxt][1]
            width = len(below)
            if width > col or (width == col and below_dash):
                if len(stack) >= _MAX_DEPTH:
                    raise _Unsure()
                if below_dash:
                    block, inner, is_map, indentless = LineList(), [], False, width == col
                    block.line, block.item_lines = nxt + 1, inner
                else:
                    block, inner, is_map, indentless = LineDict(), {}, True, False
                    block.line, block.key_lines = nxt + 1, inner
                cur[k] = block
                lines[k] = lineno
                col, col_s, cur, lines = width, below, block, inner
                stack.append((col, col_s, cur, is_map, indentless, lines))
                continue
        cur[k] = None
        lines[k] = lineno
    return root


def _other(rest: str, doc, lineno: int, col: int):
    """A value that ``_LINE`` did not find certainly plain: (value, last line it takes)."""
    if rest[0] in _NOT_PLAIN_START:
        return _value(rest, doc, lineno, lineno, col)
    cut = rest.find(" #")
    value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
    if ": " in value or value[-1] == ":":
        raise _Unsure()
    return _typed(value), lineno


def _content(rows, i: int) -> int:
    """The index of the first row from ``i`` that is not blank or a comment (``len(rows)`` if none)."""
    for j in range(i, len(rows)):
        indent, dash, key, plain, rest = rows[j]
        if dash or key or plain or (rest and rest[0] != "#"):
            return j
    return len(rows)


def _fold(rows, doc, lineno: int, folded, cur, is_map: bool, col: int):
    """Line ``lineno``, indented past ``col``, continues the plain scalar on the line before it.

    YAML folds the two with a space. The scalar is in ``cur`` (under its key, or the last
    entry of a sequence); ``folded`` is what the previous call returned.  Returns
    ``(line, key, text)`` for the next line.
    """
    line = doc.lines()[lineno - 1]
    more = line.lstrip(" ").rstrip(" ")
    if ": " in more or " #" in more or more[-1] == ":":
        raise _Unsure()
    if folded is not None and folded[0] == lineno - 1:
        _, key, text = folded
    else:
        indent, dash, key, plain, rest = rows[lineno - 2]  # the line that opened the scalar
        rest = plain or rest
        if not rest or rest[0] in _NOT_PLAIN_START or " #" in rest:
            raise _Unsure()
        if is_map:
            if not key or len(indent) + len(dash) != col:
                raise _Unsure()
            key = _typed(key)
        else:
            if key or not dash or len(indent) != col:
                raise _Unsure()
            key = len(cur) - 1
        text = rest.rstrip(" ")
    text = text + " " + more
    if len(text) > _MAX_FOLDED:
        raise _Unsure()  # each line copies the text so far: a very long one is left to the full reader
    cur[key] = _typed(text)
    return lineno, key, text
