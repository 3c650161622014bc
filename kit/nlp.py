"""Sentence and token spans: the offline, deterministic NLP the tables use.

Both functions return ``(start, end)`` character offsets into the string
they are given, so that ``text[start:end]`` is always the sentence or token.
Nothing here downloads data: the Punkt sentence splitter is parameterised in
code (see :data:`ABBREVIATIONS`), and tokens come from one regular expression.

>>> text = 'He said it was a "moment of truth." After that, FM Lavrov left.'
>>> [text[s:e] for s, e in split_sentences(text)]
['He said it was a "moment of truth."', 'After that, FM Lavrov left.']
>>> words = "Russia’s well-known “collective West”"
>>> [words[s:e] for s, e in tokenize(words)]
['Russia’s', 'well-known', '“', 'collective', 'West', '”']
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["split_sentences", "tokenize", "token_arrays", "ABBREVIATIONS", "WORD_RE"]

#: Abbreviations that end in a full stop but do not end a sentence, lower-cased
#: and without their final period, as Punkt stores them.  Initialisms written
#: without stops (FM, US, UN, NATO, CIS, SS, St Petersburg) need no entry.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof st sr jr gen col lt sgt capt gov sen rep rev hon
    u.s u.k u.n e.u u.s.a u.s.s.r e.g i.e etc vs cf no nos vol pp p
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp dept est approx fig
    т.е т.д т.п г гг см им ул стр др проф
    """.split()
)

#: One token: a word (letters or digits in any script, with inner hyphens and
#: straight or curly apostrophes kept: ``hadn’t``, ``well-known``, ``1941-1945``),
#: a number with inner separators (``1,000``, ``3.5``), an ellipsis, or a
#: single other non-space character (punctuation, quotes, dashes).
#: The group named ``w`` matches exactly the word tokens.
WORD_RE = re.compile(
    r"(?P<w>\d++(?:[.,]\d++)++"  # numbers with separators (possessive: no backtracking)
    r"|\w++(?:[-'’‐]\w++)*+)"  # words, inner hyphens and apostrophes
    r"|\.\.\.|…"  # ellipsis
    r"|[^\w\s]"  # any other single symbol
)

# The same tokens, each with the white space before it, so that ``findall`` (fast, in C)
# gives enough to compute every offset: (space, token, word-or-empty).
_SCAN_RE = re.compile(r"(\s*+)(" + WORD_RE.pattern.replace("(?P<w>", "(") + ")")

# Closing quotes and brackets that Punkt may leave at the start of the next
# sentence: they belong to the sentence they close.
_CLOSERS = "\"'”’»)]}"


# The commonest place a sentence may end: a plain word of two or more letters, one end mark,
# white space and the next token (whatever it is).  With the kit's parameters (abbreviations only; no learned
# collocations, sentence starters or orthographic context) Punkt always breaks there unless
# the word is an abbreviation, so the decision needs none of Punkt's token machinery.
# tests/test_nlp.py checks that split_sentences agrees with plain Punkt on random texts.
_PLAIN_END = re.compile(r"([^\W\d_]{2,})[.?!]\s+\S+")


@lru_cache(maxsize=1)
def _punkt(fast: bool = True):
    """Punkt with the kit's abbreviations; ``fast`` adds the shortcut for plain word ends."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    class _Punkt(PunktSentenceTokenizer):
        def text_contains_sentbreak(self, text: str) -> bool:
            m = _PLAIN_END.fullmatch(text)
            if m and m.group(1).lower() not in ABBREVIATIONS:
                return True
            return super().text_contains_sentbreak(text)

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return (_Punkt if fast else PunktSentenceTokenizer)(params)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of each sentence in ``text``.

    Uses NLTK's Punkt algorithm with the abbreviations in :data:`ABBREVIATIONS`
    (no trained model is loaded).  Closing quotes and brackets stay with the
    sentence they close, whether straight or curly; spans never include
    surrounding white space.

    >>> s = "The UN voted. Mr. Smith said “no.” Then St Petersburg! Да. Нет?"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['The UN voted.', 'Mr. Smith said “no.”', 'Then St Petersburg!', 'Да.', 'Нет?']
    """
    spans = []
    for start, end in _punkt().span_tokenize(text):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            continue
        if spans and start > 0 and _starts_with_closer(text, start, end):
            # move leading closers back to the previous sentence
            j = start
            while j < end and text[j] in _CLOSERS:
                j += 1
            prev_start, _ = spans[-1]
            spans[-1] = (prev_start, j)
            start = j
            while start < end and text[start].isspace():
                start += 1
            if start >= end:
                continue
        spans.append((start, end))
    return spans


def _starts_with_closer(text: str, start: int, end: int) -> bool:
    """True if the span begins with a closing quote followed by a space."""
    j = start
    while j < end and text[j] in _CLOSERS:
        j += 1
    return j > start and (j == end or text[j].isspace())


def tokenize(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of each token in ``text``.

    Words keep inner hyphens and straight or curly apostrophes, numbers keep
    their separators, any script counts as letters, and every other
    non-space character is a token of its own.

    >>> s = "Мы всегда готовы к переговорам — 1941-1945, hadn’t."
    >>> [s[a:b] for a, b in tokenize(s)]
    ['Мы', 'всегда', 'готовы', 'к', 'переговорам', '—', '1941-1945', ',', 'hadn’t', '.']
    """
    return [m.span() for m in WORD_RE.finditer(text)]


def token_arrays(text: str, start: int = 0, end: int | None = None):
    """Tokens of ``text[start:end]`` as arrays: ``(starts, ends, texts, is_word)``.

    The same tokens as :func:`tokenize`, computed in bulk for building tables:
    offsets come from the lengths of each token and the space before it.

    >>> starts, ends, texts, is_word = token_arrays("So — it’s 1941-1945.")
    >>> texts, starts.tolist(), is_word.tolist()
    (['So', '—', 'it’s', '1941-1945', '.'], [0, 3, 5, 10, 19], [True, False, True, True, False])
    """
    import numpy as np

    end = len(text) if end is None else end
    found = _SCAN_RE.findall(text, start, end)
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), [], np.zeros(0, dtype=bool)
    spaces, texts, words = zip(*found)
    n = len(texts)
    tok_len = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    step = np.fromiter(map(len, spaces), dtype=np.int64, count=n) + tok_len
    ends = start + np.cumsum(step)
    return ends - tok_len, ends, list(texts), np.fromiter(map(bool, words), dtype=bool, count=n)
