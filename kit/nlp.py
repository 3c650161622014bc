"""Sentence and token spans: the offline, deterministic NLP the tables use.

Both functions return ``(start, end)`` character offsets into the string
they are given, so that ``text[start:end]`` is always the sentence or token.
Nothing here downloads data: sentence ends are found by rules written in
this module (see :func:`split_sentences`), and tokens come from one regular
expression.

>>> text = 'He said it was a "moment of truth." After that, FM Lavrov left.'
>>> [text[s:e] for s, e in split_sentences(text)]
['He said it was a "moment of truth."', 'After that, FM Lavrov left.']
>>> words = "Russia’s well-known “collective West”"
>>> [words[s:e] for s, e in tokenize(words)]
['Russia’s', 'well-known', '“', 'collective', 'West', '”']
"""

from __future__ import annotations

import bisect
import functools
import re

__all__ = ["split_sentences", "tokenize", "token_arrays", "token_columns", "ABBREVIATIONS", "TITLES", "NUMBER_ABBREVIATIONS",
           "SENTENCE_STARTERS", "WORD_RE"]

#: Abbreviations written before a name or a place (``Mr. Smith``, ``Mt. Fuji``,
#: ``проф. Семенов``, ``см. выше``): a full stop after them never ends a sentence.
#: Lower-case, without the final full stop.
TITLES = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof st mt ft gen col lt sgt capt cmdr adm maj gov sen rep rev hon supt
    e.g i.e cf vs viz
    г-н г-жа тов акад проф ген см им ул пр т.е т.н пгт
    """.split()
)

#: Abbreviations written before a number (``No. 5``, ``p. 55``, ``ст. 5``): no sentence
#: ends between them and the number; before anything else they are ordinary words.
NUMBER_ABBREVIATIONS = frozenset("no nos nr n° vol vols p pp fig figs ст стр гл рис табл".split())

#: Abbreviations that may end a sentence (``Jane and co.``, ``in the U.S.``, ``и т.д.``).
#: Before a capitalised word a sentence ends only if that word is one of
#: :data:`SENTENCE_STARTERS`; before anything else it goes on.  Any run of single
#: letters joined by full stops (``U.S.A.``, ``a.m.``, ``т.е.``, ``В.В.``) counts too.
_ORDINARY = frozenset(
    """
    sr jr esq co corp inc ltd bros dept est etc approx ave blvd
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.n e.u u.s.a u.s.s.r a.m p.m
    т.д т.п г гг вв др млн млрд тыс руб долл коп кв куб н.э
    """.split()
)

#: Every abbreviation the splitter knows, lower-cased and without the final full stop
#: (the three kinds together; :mod:`kit.importer.labels` uses it too).
ABBREVIATIONS = TITLES | NUMBER_ABBREVIATIONS | _ORDINARY

#: Words that, capitalised after an abbreviation that may end a sentence, start a new
#: one (``the U.S. How about you?``; but ``the U.S. Government``): pronouns,
#: articles, conjunctions, question words and the commonest sentence openings.
SENTENCE_STARTERS = frozenset(
    """
    A An The This That These Those There Then Thus So But And Or Yet Still Also However Therefore Meanwhile
    I We You He She It They My Our Your His Her Its Their Me Us Him Them
    What When Where Why Who Whom Whose Which How If As After Before Since While Although Though Because
    In On At By For From With Without To Of Into During Under Over Between Among Against Despite
    Is Are Was Were Do Does Did Can Could Will Would Shall Should May Might Must Have Has Had Let
    Not No Yes Now Today Yesterday Tomorrow Here Many Most Some All Each Every Both Such Other Another
    Please Thank Thanks Well Oh Being More
    Я Мы Вы Ты Он Она Оно Они Это Этот Эта Эти Тот Та Те Там Тут Здесь Теперь Тогда Затем Потом Сейчас
    Но И А Или Однако Поэтому Потому Так Также Тоже Если Когда Как Что Чтобы Хотя Зато Впрочем Итак Кроме
    В Во На С Со По Для Из За К О Об У При После До Между Перед Без Через Это
    Кто Где Почему Зачем Какой Какая Какие Сколько Да Нет Спасибо Вопрос Ответ Мой Наш Ваш Его Ее Её Их
    Всё Все Вот Ведь Сегодня Вчера Завтра Надо Нужно Можно Есть Был Была Было Были Будет Уже Ещё Еще Даже Только
    """.split()
)

#: Names written with an exclamation mark that does not end the sentence (``Yahoo! in``).
_EXCLAIMED_NAMES = frozenset("yahoo jeopardy yum".split())

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


_OPENERS = "\"'“‘«„‹([{¿¡—–-"
_CLOSERS = "\"'”’»›)]}"
_BULLETS = "•⁃▪◦‣·*"
_DASHES = ("—", "–", "-", "--")

# A place where a sentence may end: a run of end marks (``e``: ``.``, ``?!``, ``...``, ``…``,
# spaced ``. . .``), closing quotes and brackets (``c``), then white space and the next
# token (``s``, ``n``), or white space to the end.  The word before is found afterwards.
_END_RE = re.compile(
    r"(?P<e>[.?!…]++(?: [.?!…]++)*+)(?P<c>[" + re.escape(_CLOSERS) + r"]*+)"
    r"(?=(?P<s>\s++)(?P<n>\S++)|\s*+$)"
)
_TAIL_RE = re.compile(r"(?:.*[^\w.'’°-])?([\w.'’°-]*)", re.DOTALL)
_NUMBER_RE = re.compile(r"[$€£¥₽]?\d[\d.,]*")
_DOTTED_RE = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_LEAD_RE = re.compile(r"[" + re.escape(_OPENERS) + r"]*+(\w*)")
_AFTER_DASH_RE = re.compile(r"\s*+[" + re.escape(_OPENERS) + r"]*+(\w)")
# A list marker after white space: ``1.``, ``1.)``, ``1)``, ``a.``, ``a)``, with a bullet before.
_MARKER_RE = re.compile(r"(?<!\S)([" + re.escape(_BULLETS) + r"]\s?)?(?:(\d{1,3})|([a-zA-Z]))(\.\)|\)|\.)(?=\s)")
# What every match of ``_MARKER_RE`` contains, found from its full stop or bracket (a character
# class first lets the search skip ahead in C; the look-behinds then check the one to three
# characters before): a quick test before the full pattern (``_has_marker``).
_NOT_BEFORE_MARKER = r"(?<![^\s" + re.escape(_BULLETS) + r"])"
_MARKER_HINT_RE = re.compile(
    r"[.)](?:(?<=" + _NOT_BEFORE_MARKER + r"[a-zA-Z\d][.)])|(?<=" + _NOT_BEFORE_MARKER + r"\d\d[.)])"
    r"|(?<=" + _NOT_BEFORE_MARKER + r"\d\d\d[.)]))(?=\s|\)\s)"
)


def _has_marker(text: str) -> bool:
    """True if ``_MARKER_RE`` matches somewhere in ``text`` (most texts fail the quick test)."""
    return _MARKER_HINT_RE.search(text) is not None and _MARKER_RE.search(text) is not None


# Decisions at a candidate end.
_GO_ON, _BREAK, _BREAK_AFTER_FIRST = 0, 1, 2


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` span of each sentence in ``text``.

    A sentence ends at ``.``, ``?``, ``!``, an ellipsis closing a word before a
    capitalised one (``know... Maybe``) or four spaced dots, followed by white space,
    with the closing quotes and brackets that follow the mark, unless a rule says
    otherwise.  It goes on after an abbreviation (:data:`TITLES` always,
    :data:`NUMBER_ABBREVIATIONS` before a number, the others unless one of the
    :data:`SENTENCE_STARTERS` follows), an initial (``Jonas E. Smith``), a number
    before a lower-case word, a three-dot ellipsis after a space (``is ... I``,
    ``[...]``), a mark followed by closing quotes or brackets and a lower-case word
    (``"Great." she said``), a mark followed by a dash and a lower-case word
    (``«Готовы? – спросил он»``), a name with an exclamation mark (``Yahoo! in``),
    and a list marker (``1.)``, ``a.``).  Numbered, lettered and bulleted lists
    (``1) one 2) two``) are cut before each item.
    Spans never include surrounding white space, and every character outside
    them is white space.  Same input, same output; no data is loaded.

    >>> s = "The UN voted. Mr. Smith said “no.” Then St Petersburg! Да. Нет?"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['The UN voted.', 'Mr. Smith said “no.”', 'Then St Petersburg!', 'Да.', 'Нет?']
    >>> s = "I live in the U.S. How about you? In 2022 г. С.Лавров, т.е. министр, сказал «да». Всё."
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['I live in the U.S.', 'How about you?', 'In 2022 г. С.Лавров, т.е. министр, сказал «да».', 'Всё.']
    >>> s = "1.) The first item 2.) The second item"
    >>> [s[a:b] for a, b in split_sentences(s)]
    ['1.) The first item', '2.) The second item']
    """
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    if start == n:
        return []
    items, markers = _list_items(text) if text[start] in _BULLETS or _has_marker(text) else ([], ())
    spans = []
    last = start  # the word before a candidate starts at or after the end of the previous one
    for m in _END_RE.finditer(text, start):
        ends, closers, _, nxt = m.groups()
        if nxt is None:
            break  # only white space follows: the last sentence ends with the text
        e_start = m.start()
        w_start = max(last, text.rfind(" ", last, e_start) + 1, text.rfind("\n", last, e_start) + 1)
        w = text[w_start:e_start]
        if not w.isprintable():  # another kind of white space (tab, no-break space) inside
            w = (w.split() or [""])[-1]
            w_start = e_start - len(w)
        last = m.end()
        while items and items[-1] <= w_start:  # a list item opens before this candidate
            start = _cut(text, spans, start, items.pop())
        if e_start in markers or (ends == "." and w_start - start <= 2 and _opens_with_marker(text, start, w_start, w, closers)):
            continue
        if ends == "." and not closers and w.isalpha() and len(w) > 1 and nxt[0].isupper() \
                and w.lower() not in ABBREVIATIONS:
            decision = _BREAK  # the commonest case: "word. Next"
        else:
            decision = _decide(text, w, w_start, ends, closers, nxt, m.end("n"))
        if decision == _GO_ON:
            continue
        if decision == _BREAK_AFTER_FIRST:
            spans.append((start, e_start + 1))
            start = e_start + 2
            continue
        spans.append((start, last))
        start = m.start("n")
    while items:
        start = _cut(text, spans, start, items.pop())
    end = n
    while text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
    return spans


def _cut(text: str, spans: list, start: int, cut: int) -> int:
    """End the sentence opened at ``start`` before ``cut`` (a list item); return the next start."""
    if cut <= start:
        return start
    end = cut
    while text[end - 1].isspace():
        end -= 1
    spans.append((start, end))
    return cut


def _opens_with_marker(text: str, start: int, w_start: int, w: str, closers: str) -> bool:
    """True if the word ``w`` before a full stop is a list marker (``1.``, ``a.``, ``9.)``, ``• 9.``) opening the sentence."""
    if w_start != start and not (w_start - start <= 2 and text[start] in _BULLETS
                                 and text[start + 1:w_start].isspace()):
        return False
    w = w.lstrip(_BULLETS)
    return closers in ("", ")") and (w.isdigit() and len(w) <= 3 or len(w) == 1 and w.isalpha())


def _decide(text: str, w: str, w_start: int, ends: str, closers: str, nxt: str, nxt_end: int) -> int:
    """Whether the sentence ends after the end marks ``ends`` (and ``closers``) that follow the word ``w``.

    ``nxt`` is the next token and ``nxt_end`` where it ends in ``text``.  Returns
    ``_GO_ON``, ``_BREAK``, or ``_BREAK_AFTER_FIRST`` (a full stop and then an ellipsis
    that opens the next sentence: ``compounds. . . . The``).
    """
    first = _LEAD_RE.match(nxt)
    lead = first.group(1)
    c = lead[:1]
    upper, lower = c.isupper(), c.islower()
    if nxt[first.end():first.end() + 1] == ".":
        lead = ""  # an initial or an abbreviation ("В.В.Путин", "U.S."), not a sentence starter
    if nxt in _DASHES and _after_dash_is_lower(text, nxt_end):
        return _GO_ON  # «Готовишься? – спросила мама»: the words after a dash go on
    if "?" in ends or "!" in ends:
        if lower and (closers or w.lower() in _EXCLAIMED_NAMES):
            return _GO_ON
        return _BREAK
    if len(ends) > 1 or ends == "…":  # an ellipsis: ... … .... . . . (spaced) . . . .
        if not upper:
            return _GO_ON
        if " " not in ends:  # "know... Maybe" ends; "is ... I" and "[...]" mark an omission
            return _BREAK if any(ch.isalnum() for ch in w) else _GO_ON
        if ends.count(".") < 4:
            return _GO_ON  # ". . . I didn't": an omission inside the sentence
        return _BREAK_AFTER_FIRST if w and ends.startswith(". ") else _BREAK  # "compounds. . . . The"
    if closers:
        return _GO_ON if lower else _BREAK
    if not w or w[-1] in _CLOSERS:
        return _BREAK
    if not w.isalpha():
        w = _TAIL_RE.fullmatch(w).group(1).lstrip("'’.-")  # without what opens it: "(Mr", "**Mr", "—[Hon", "'Mr"
    if not w:
        return _BREAK
    low = w.lower()
    if low in TITLES:
        if low == "г" and _word_before(text, w_start).rstrip(",").replace("-", "").replace("–", "").isdigit():
            return _ordinary(lead, upper)  # "в 2022 г." is a year, not "г. Москва"
        return _GO_ON
    if c.isdigit() and low in NUMBER_ABBREVIATIONS:
        return _GO_ON
    if low in _ORDINARY or _DOTTED_RE.fullmatch(low) or low.rpartition("-")[2] in _ORDINARY:
        return _ordinary(lead, upper)
    if len(w) == 1 and w.isalpha():
        before = _word_before(text, w_start)
        if w == "I" and before[:1].islower():
            return _BREAK  # the pronoun after a lower-case word ("you and I."), not an initial
        if upper and lead in SENTENCE_STARTERS and not before[:1].isupper():
            return _BREAK
        return _GO_ON
    if lower and _NUMBER_RE.fullmatch(w):
        return _GO_ON
    return _BREAK


def _after_dash_is_lower(text: str, pos: int) -> bool:
    """True if the first word after ``pos`` (just after a dash) starts with a lower-case letter."""
    m = _AFTER_DASH_RE.match(text, pos)
    return m is not None and m.group(1).islower()


def _ordinary(lead: str, upper: bool) -> int:
    """An abbreviation that may end a sentence: it does before a sentence starter."""
    return _BREAK if upper and lead in SENTENCE_STARTERS else _GO_ON


def _word_before(text: str, pos: int) -> str:
    """The run of non-space characters that ends before the white space before ``pos``."""
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    i = j
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:j]


def _list_items(text: str):
    """Where the items of numbered, lettered or bulleted lists start, and their markers' full stops.

    A list is two or more markers of one style (``1.)``, ``2)``, ``a.``) numbered
    one after another, the first opening the text or following a sentence end
    (``1. The first item 2. The second item``), or a text that opens with a bullet
    and has the same bullet again after white space.  Returns the start offsets of
    the second and later items (last first), and the offsets of the markers' full stops.

    >>> _list_items("a. The first item b. The second item c. The third")
    ([37, 18], {1, 19, 38})
    """
    found = []  # (position, style, number) of every marker; style: bullet, digit or letter, delimiter
    where = {}  # (style, number) -> positions, in order
    for mm in _MARKER_RE.finditer(text):
        bullet, digits, letter, delim = mm.groups()
        style = ((bullet or "").strip(), bool(digits), delim)
        number = int(digits) if digits else ord(letter)
        found.append((mm.start(), style, number, mm.start(4)))
        where.setdefault((style, number), []).append(len(found) - 1)
    cuts, stops, taken = set(), set(), set()
    for i, (pos, style, number, _) in enumerate(found):
        if i in taken or not _opens(text, pos):
            continue
        if not style[1] and (chr(number) not in "aA" or style[2] == "." and chr(number) == "A"):
            continue  # letters: a list starts at a (or A with a bracket: "A) ..."), never at "A." (an initial)
        chain, j = [i], i
        while True:  # the first marker of the same style with the next number, after the last one
            later = where.get((style, number + len(chain)), ())
            k = bisect.bisect_right(later, j)
            if k == len(later):
                break
            j = later[k]
            chain.append(j)
        if len(chain) > 1:
            taken.update(chain)
            cuts.update(found[k][0] for k in chain[1:])
            if style[2].startswith("."):
                stops.update(found[k][3] for k in chain)
    first = text.lstrip()[:1]
    if first in _BULLETS and first != "*":
        cuts.update(mm.start() for mm in re.finditer(r"(?<=\s)" + re.escape(first), text))
    return sorted(cuts, reverse=True), stops


def _opens(text: str, pos: int) -> bool:
    """True if ``pos`` opens the text or follows a sentence end (``.``, ``?``, ``!`` and closers)."""
    j = pos
    while j > 0 and text[j - 1].isspace():
        j -= 1
    while j > 0 and text[j - 1] in _CLOSERS:
        j -= 1
    return j == 0 or text[j - 1] in ".?!…"


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

    The same tokens as :func:`tokenize`, computed in bulk (see :func:`token_columns`,
    which gives the texts as an Arrow array instead of a list).

    >>> starts, ends, texts, is_word = token_arrays("So — it’s 1941-1945.")
    >>> texts, starts.tolist(), is_word.tolist()
    (['So', '—', 'it’s', '1941-1945', '.'], [0, 3, 5, 10, 19], [True, False, True, True, False])
    """
    starts, ends, texts, is_word = token_columns(text, start, end)
    return starts, ends, texts.to_pylist(), is_word


# Each token with the white space before it, no groups: ``findall`` then gives one string per token.
_SPACED_RE = re.compile(r"\s*+(?:" + WORD_RE.pattern.replace("(?P<w>", "(?:") + ")")


def token_columns(text: str, start: int = 0, end: int | None = None):
    """Tokens of ``text[start:end]`` as ``(starts, ends, texts, is_word)``, texts as an Arrow string array.

    One regular-expression pass (in C) gives each token with the white space before
    it; everything else is computed on arrays: offsets from the lengths, the white
    space before each token from a running count of space characters (a token never
    contains one), ``is_word`` from the class of its first character (a token is a word
    exactly when it starts with a letter, digit or underscore), and the token texts cut
    from the UTF-8 bytes of the text, without making a Python string per token.

    >>> starts, ends, texts, is_word = token_columns("Да — it’s 1,5.")
    >>> texts.to_pylist(), starts.tolist(), ends.tolist(), is_word.tolist()
    (['Да', '—', 'it’s', '1,5', '.'], [0, 3, 5, 10, 13], [2, 4, 9, 13, 14], [True, False, True, True, False])
    """
    import numpy as np
    import pyarrow as pa

    end = len(text) if end is None else end
    found = _SPACED_RE.findall(text, start, end)
    n = len(found)
    if not n:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), pa.array([], type=pa.large_string()), np.zeros(0, dtype=bool)
    ends = np.cumsum(np.fromiter(map(len, found), dtype=np.int64, count=n))  # relative to start
    del found
    part = text[start:start + int(ends[-1])]
    cp = np.frombuffer(part.encode("utf-32-le"), dtype=np.uint32)
    flags = _char_flags(cp)
    spaces = np.zeros(len(cp) + 1, dtype=np.int64)
    np.cumsum(flags & _SPACE, out=spaces[1:])
    m_start = np.zeros(n, dtype=np.int64)
    m_start[1:] = ends[:-1]
    starts = m_start + (spaces[ends] - spaces[m_start])
    is_word = (flags[starts] & _WORD).astype(bool)
    texts = _cut_strings(part, cp, starts, ends)
    return starts + start, ends + start, texts, is_word


_SPACE, _WORD = 1, 2


def _char_flags(cp):
    """For each code point: ``_SPACE`` if ``\\s`` matches it, ``_WORD`` if ``\\w`` does (Python's own tests)."""
    import numpy as np

    table = _flag_table()
    if not len(cp) or int(cp.max()) < len(table):
        return table[cp]
    wide = cp >= len(table)
    out = table[np.where(wide, 0, cp)]
    for k in np.flatnonzero(wide).tolist():
        out[k] = _flags_of(chr(int(cp[k])))
    return out


def _flags_of(ch: str) -> int:
    return (_SPACE if ch.isspace() else 0) | (_WORD if ch.isalnum() or ch == "_" else 0)


@functools.cache
def _flag_table():
    """``_char_flags`` of every character of the Basic Multilingual Plane, made once (about 20 ms)."""
    import numpy as np
    return np.fromiter((_flags_of(chr(c)) for c in range(0x10000)), dtype=np.uint8, count=0x10000)


def _cut_strings(part: str, cp, starts, ends):
    """The substrings ``part[a:b]`` for each ``(a, b)``, as an Arrow string array cut from the UTF-8 bytes."""
    import numpy as np
    import pyarrow as pa

    data = np.frombuffer(part.encode("utf-8"), dtype=np.uint8)
    if len(data) == len(cp):  # ASCII: byte offsets are character offsets
        b0, b1 = starts, ends
    else:
        size = (cp >= 0x80).view(np.uint8) + 1  # bytes of each character in UTF-8
        size += (cp >= 0x800).view(np.uint8)
        size += (cp >= 0x10000).view(np.uint8)
        at = np.zeros(len(cp) + 1, dtype=np.int64)
        np.cumsum(size, dtype=np.int64, out=at[1:])
        b0, b1 = at[starts], at[ends]
    lengths = b1 - b0
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    take = np.arange(int(offsets[-1]), dtype=np.int64) + np.repeat(b0 - offsets[:-1], lengths)
    # large_string (64-bit offsets): the type pandas stores its ``str`` columns in, so that no copy is made
    return pa.Array.from_buffers(pa.large_string(), len(starts), [None, pa.py_buffer(offsets),
                                                                  pa.py_buffer(data[take])])
