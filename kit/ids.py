"""The id format of segments and sentences: ``<text>:<segment>`` and ``<text>:<segment>.s<n>``.

Every table row names its segment and sentence by a full id; answers and
keys may use the short form (without the text prefix).  This module is the
one place that builds and splits those ids:

>>> full("lavrov-new-regions-2025", "a1.s3")
'lavrov-new-regions-2025:a1.s3'
>>> short("lavrov-new-regions-2025:a1.s3"), short("a1.s3")
('a1.s3', 'a1.s3')
>>> text_of("lavrov-new-regions-2025:a1.s3"), text_of("a1.s3")
('lavrov-new-regions-2025', None)
>>> sentence("lavrov-new-regions-2025:a1", 3)
'lavrov-new-regions-2025:a1.s3'
>>> split_sentence("lavrov-new-regions-2025:a1.s3")
('lavrov-new-regions-2025', 'a1', 3)
>>> segment_of("a1.s3"), segment_of("a1")
('a1', 'a1')
>>> split_sentence("a1.s3\\n")
Traceback (most recent call last):
ValueError: 'a1.s3\\n' is not a sentence id (<text>:<segment>.s<n>)
>>> relative("lavrov-new-regions-2025:a1.s3", "lavrov-new-regions-2025"), relative("other:a1", "t")
('a1.s3', 'other:a1')
"""

from __future__ import annotations

import re

__all__ = ["full", "short", "text_of", "sentence", "split_sentence", "segment_of", "relative", "shorts"]

# fullmatch, never ``$``: "a1.s3\n" is not a sentence id
_SENTENCE = re.compile(r"(?:(?P<text>[^:\n]+):)?(?P<segment>[^\n]+)\.s(?P<n>[0-9]+)")


def full(text: str, local: str) -> str:
    """The full id of a segment or sentence ``local`` (short id) of ``text``; full ids pass through."""
    local = str(local)
    return local if ":" in local else f"{text}:{local}"


def short(any_id) -> str:
    """The id without its text prefix (``a1.s3``); a short id is returned as it is."""
    return str(any_id).split(":", 1)[-1]


def shorts(series):
    """:func:`short` over a pandas Series of ids (vectorised), as strings.

    >>> import pandas as pd
    >>> shorts(pd.Series(["t:a1.s1", "t:q1"])).tolist()
    ['a1.s1', 'q1']
    """
    return series.astype(str).str.split(":", n=1).str[-1]


def text_of(any_id) -> str | None:
    """The text id of a full id, None for a short id."""
    s = str(any_id)
    return s.split(":", 1)[0] if ":" in s else None


def sentence(segment_id: str, n: int) -> str:
    """The id of sentence ``n`` (1-based) of a segment (full or short id)."""
    return f"{segment_id}.s{int(n)}"


def split_sentence(sentence_id) -> tuple:
    """``(text or None, segment, n)`` of a sentence id; ValueError if it is not one."""
    m = _SENTENCE.fullmatch(str(sentence_id))
    if not m:
        raise ValueError(f"{str(sentence_id)[:60]!r} is not a sentence id (<text>:<segment>.s<n>)")
    return m["text"], m["segment"], int(m["n"])


def segment_of(any_id) -> str:
    """The short segment id of a sentence id, or the short id itself for a segment."""
    s = short(any_id)
    m = _SENTENCE.fullmatch(s)
    return m["segment"] if m else s


def relative(ref, text: str | None) -> str:
    """``ref`` without its prefix when the prefix is ``text`` (ids of other texts stay full)."""
    ref = str(ref)
    if text and ref.startswith(f"{text}:"):
        return ref[len(text) + 1:]
    return ref
