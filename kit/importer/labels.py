"""Speaker labels at the start of a paragraph, and how their variants group.

A transcript marks who speaks with a label: ``Sergey Lavrov:``, ``MR. PRICE:``,
``Q`` followed by spaces (White House style), ``В.Путин:`` or, in a play,
``SOCRATES.`` and ``Soc.``.  :func:`find_label` spots a candidate at the start
of a line; :func:`group_names` decides which names are one person:

>>> find_label("Sergey Lavrov: The past three years")
Label(text='Sergey Lavrov:', name='Sergey Lavrov', style='colon', column=0)
>>> find_label("     Q    Too late.")
Label(text='Q', name='Q', style='q', column=5)
>>> find_label("Lavrov’s message essentially: There’s nothing") is None
True
>>> [sorted(g) for g in group_names(["Socrates", "Soc", "Crito", "Cr"])]
[['Soc', 'Socrates'], ['Cr', 'Crito']]
>>> [sorted(g) for g in group_names(["President of Russia Vladimir Putin", "Vladimir Putin", "Sergei Chemezov"])]
[['President of Russia Vladimir Putin', 'Vladimir Putin'], ['Sergei Chemezov']]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..nlp import ABBREVIATIONS

__all__ = ["Label", "find_label", "group_names", "name_key", "canonical_name", "slug",
           "is_question_name", "is_answer_name", "STOP_NAMES"]

_LETTER = r"[^\W\d_]"
_TOKEN = _LETTER + r"[\w.’'\-]*"
_BRACKETS = r"(?:[ \u00a0]*\([^()\n]{1,60}\))*"  # "(Witney) (Con)", "(spoke in French)", "(00:01:02)"
_COLON_RE = re.compile(rf"^(?P<indent>[ \t\u00a0]*)(?P<name>{_TOKEN}(?:[ \u00a0]+{_TOKEN}){{0,7}}{_BRACKETS})[ \u00a0]*:(?=\s|$)")
_Q_RE = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<name>[QA])(?:\t+|[ \u00a0]{2,})(?=\S)")
# White House transcripts since about 2021: "Q Can you give ..." -- one space, then a capital, a dash or a bracket
_Q1_RE = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<name>Q)[ \u00a0](?=[A-Z\u0410-\u042f\u201c\"(\[\u2014\u2013-])")
# Markdown emphasis around the label: "**The Prime Minister:**", "**Q**:", "*Soc.*"
_BOLD_RE = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<open>\*\*|__|\*|_)(?P<name>[^*_\n]{1,90}?)(?P<c1>:)?(?P=open)(?P<c2>:)?(?=\s|$)")
# a time stamp before the label: "[00:01:02] NAME:", "00:01:02 NAME:"
_STAMP_RE = re.compile(r"^[ \t]*\[?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?\]?[ \t]+(?=\S)")
_QDOT_RE = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<name>[QA])\.[ \t]+(?=\S)")
_GPO_NAME = (r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.|Senator|Representative|Chairman|Chairwoman|Secretary|General|Admiral|"
             r"Ambassador|Judge|Governor|Mayor|Commissioner|The)[ \u00a0]+(?:Mc|Mac|O['’])?[A-Z][A-Z'’\-]+"
             r"(?:[ \u00a0]+[A-Z][A-Z'’\-]+)*(?:[ \u00a0]+(?:pro tempore|PRO TEMPORE|of [A-Z][a-z]+(?: [A-Z][a-z]+)?))?")
_GPO_RE = re.compile(rf"^(?P<indent>[ \t\u00a0]*)(?P<name>{_GPO_NAME}(?:[ \u00a0]*\([^()]{{1,60}}\))?)\.(?=\s|$)")
_DOT_RE = re.compile(rf"^(?P<indent>[ \t\u00a0]*)(?P<name>{_LETTER}[\w’'\-]*(?: {_LETTER}[\w’'\-]*){{0,2}})\.[ \t]+(?=\S)")

#: Lower-case words allowed inside a label ("President of Russia Vladimir Putin").
CONNECTORS = frozenset("of the de del della di da van von der den du la le al bin ibn and for on to и по".split())

#: Words that look like labels before a colon or full stop but never name a speaker.
STOP_NAMES = frozenset("""
note notes update updated source sources photo photos image video edit ps p.s nb tags tag related
posted published share example warning summary abstract keywords title date author by also
translation disclaimer correction transcript subject re from to sent tel email phone url link
yes no well true certainly indeed then now so oh ah very quite good right exactly thus here there
it he she we they i you what why how nay aye ay truly clearly surely impossible of and but or if
for in on at as my your his her our their this that these those the a an not nor yet still just
perhaps maybe one two three first second third end fin chapter part section scene act
""".split())

_QUESTION_NAMES = frozenset("q question questioner interviewer reporter journalist audience "
                            "вопрос журналист корреспондент ведущий ведущая".split())
_ANSWER_NAMES = frozenset("a answer ответ".split())
_HONORIFICS = frozenset("mr mrs ms miss dr prof sir madam mme herr frau г г-н г-жа господин госпожа".split())


@dataclass(frozen=True)
class Label:
    """A speaker label found at the start of a line.

    ``text`` is the label exactly as written (what the sidecar's ``label``
    holds), ``name`` the name inside it, ``style`` one of ``colon`` (``Name:``),
    ``q`` (``Q`` or ``A`` followed by spaces), ``qdot`` (``Q.``), ``gpo``
    (``Mr. SMITH.``, ``The CHAIRMAN.``: a title and an upper-case name, as
    printed in US congressional records), ``dot`` (``Name.`` as in plays)
    and ``column`` how far it is indented.
    """

    text: str
    name: str
    style: str
    column: int


def find_label(line: str) -> Label | None:
    """The candidate label at the start of ``line``, or None.

    A candidate still has to recur in the text before it counts as a
    speaker (see :mod:`kit.importer.infer`).

    >>> find_label("MR. BATES:  I have a little bit for you").name
    'MR. BATES'
    >>> find_label("В.Путин: Добрый день!").name
    'В.Путин'
    >>> find_label("Soc. What is the exact time?").style
    'dot'
    >>> [find_label(s).name for s in ("Q: Did you type it?", "A: Yes, sir.")]
    ['Q', 'A']
    >>> [find_label(s).text for s in ("  Mr. DEUTSCH. Madam Chairman,", "  The SPEAKER pro tempore. Pursuant",
    ...                               "  Mr. BROWN of California. I yield", "  Mr. TRAFICANT (during the reading). I ask")]
    ['Mr. DEUTSCH.', 'The SPEAKER pro tempore.', 'Mr. BROWN of California.', 'Mr. TRAFICANT (during the reading).']
    >>> find_label("Mr. Smith. He came late.") is None, find_label("DONALD B. VERRILLI, JR., ESQ.") is None
    (True, True)
    >>> [(lab.text, lab.style) for lab in map(find_label, ("Q Can you give any new assessments", "Q — you hear",
    ...                                                     "**The Prime Minister:** I gather", "**Q**: Why?"))]
    [('Q', 'q'), ('Q', 'q'), ('**The Prime Minister:**', 'bold'), ('**Q**:', 'bold')]
    >>> find_label("**$STDOUT:** I am $STDOUT the rapper.").name
    '$STDOUT'
    >>> find_label("Mr. David Cameron (Witney) (Con): I join").name
    'Mr. David Cameron (Witney) (Con)'
    >>> find_label("Mr. Lavrov (Russian Federation) (spoke in Russian): We").name
    'Mr. Lavrov (Russian Federation) (spoke in Russian)'
    >>> lab = find_label("[00:01:02] ANNA SMITH: Welcome back.")
    >>> (lab.text, lab.column), find_label("JOHN DOE (00:01:02): Thanks.").name
    (('ANNA SMITH:', 11), 'JOHN DOE (00:01:02)')
    >>> find_label("Q fever is a disease") is None, find_label("A Bill to amend") is None
    (True, True)
    >>> find_label("\u00a0Q\u00a0\u00a0\u00a0 Okay.").column  # a copied web page may indent with no-break spaces
    1
    >>> find_label("Q    And on Iran: The Israeli Foreign Minister").text
    'Q'
    >>> find_label("The truth is: Russia is the only country") is None
    True
    """
    m = _STAMP_RE.match(line)
    if m:
        lab = _find(line[m.end():])
        return Label(lab.text, lab.name, lab.style, lab.column + m.end()) if lab else None
    return _find(line)


def _find(line: str) -> Label | None:
    m = _BOLD_RE.match(line)
    # in bold a name may open with a sign ("**$STDOUT:**", a performer's name): the emphasis marks it as a label
    if m and (m.group("c1") or m.group("c2")) and _good_name(_unbracket(m.group("name")).lstrip("$@#~+"), colon=True):
        return Label(line[m.start("open"):m.end()], m.group("name").strip(), "bold", len(m.group("indent")))
    m = _GPO_RE.match(line)
    if m:
        return Label(line[m.start("name"):m.end()], m.group("name"), "gpo", len(m.group("indent")))
    m = _Q_RE.match(line)  # "Q    And on Iran: ..." is a question, not a label "Q And on Iran:"
    if m:
        return Label(m.group("name"), m.group("name"), "q", len(m.group("indent")))
    m = _COLON_RE.match(line)
    if m and _good_name(_unbracket(m.group("name")), colon=True):
        name = m.group("name")
        text = line[m.start("name"):m.end()]
        return Label(text, name, "colon", len(m.group("indent")))
    for regex, style in ((_Q_RE, "q"), (_Q1_RE, "q"), (_QDOT_RE, "qdot")):
        m = regex.match(line)
        if m:
            text = line[m.start("name"):m.end("name") + (1 if style == "qdot" else 0)]
            return Label(text, m.group("name"), style, len(m.group("indent")))
    m = _DOT_RE.match(line)
    # "ROBERT A. LONG", "DONALD B. VERRILLI": the full stop closes an initial, not a label
    if m and _good_name(m.group("name"), colon=False) and not re.search(r"(?:^|\s)[^\W\d_]$", m.group("name")):
        name = m.group("name")
        return Label(name + ".", name, "dot", len(m.group("indent")))
    return None


def _unbracket(name: str) -> str:
    """The name without notes in brackets: ``Mr. David Cameron (Witney) (Con)`` -> ``Mr. David Cameron``."""
    return re.sub(r"\s*\([^()]*\)", "", name).strip() or name


def _good_name(name: str, colon: bool) -> bool:
    """Capitalised tokens (connectors allowed), not a stop word, not too long.

    ``A:`` is an answer label although "a" is a stop word:

    >>> _good_name("A", colon=True), _good_name("A", colon=False), _good_name("Note", colon=True)
    (True, False, False)
    """
    if colon and name in ("Q", "A"):
        return True
    if len(name) > 60 or name.casefold().strip(".") in STOP_NAMES:
        return False
    tokens = name.replace("\u00a0", " ").split()
    if tokens[0].casefold() in CONNECTORS and not (tokens[0].casefold() == "the" and len(tokens) > 1):
        return False  # "of Russia:" is no name, "The Prime Minister:" is a title
    for tok in tokens:
        if tok.casefold() in CONNECTORS:
            continue
        if not tok[0].isupper():
            return False
    if not colon and any(t.casefold() in STOP_NAMES or t.casefold() in ABBREVIATIONS for t in tokens):
        return False
    return True


def _tokens(name: str) -> list[str]:
    """Case-folded words of a name; a note in brackets (``(during the reading)``) is left out."""
    text = re.sub(r"\([^()]*\)", " ", unicodedata.normalize("NFKC", name)).casefold().replace("ё", "е")
    return [t for t in re.split(r"[\s.’'`:]+", text) if t]


def name_key(name: str) -> str:
    """A key under which case and punctuation variants of a name coincide.

    >>> name_key("MR. PRICE") == name_key("Mr Price") == name_key("mr. price")
    True
    >>> name_key("Q") == name_key("QUESTION") == name_key("Вопрос")
    True
    >>> name_key("Mr. TRAFICANT (during the reading)") == name_key("Mr. TRAFICANT")
    True
    """
    tokens = _tokens(name)
    joined = " ".join(tokens)
    if joined in _QUESTION_NAMES:
        return "question"
    if joined in _ANSWER_NAMES:
        return "answer"
    return joined


def is_question_name(name: str) -> bool:
    """True for labels that mark questions: Question, Q, QUESTION, Вопрос, Interviewer ..."""
    return name_key(name) == "question" or " ".join(_tokens(name)) in _QUESTION_NAMES


def is_answer_name(name: str) -> bool:
    """True for labels that mark answers: Answer, A, Ответ."""
    return name_key(name) == "answer"


def _edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _variant_of(short: str, long: str) -> bool:
    """True if ``short`` abbreviates or shortens ``long`` (aligned at the end)."""
    a = [t for t in _tokens(short) if t not in _HONORIFICS]
    b = [t for t in _tokens(long) if t not in _HONORIFICS]
    if not a or not b or len(a) > len(b):
        return False
    tail = b[len(b) - len(a):]
    if len(a) == 1:
        return len(a[0]) >= 2 and tail[0].startswith(a[0])
    if a[-1] != tail[-1]:
        return False
    return all(y.startswith(x) for x, y in zip(a[:-1], tail[:-1]))


def _spelling_variant(x: str, y: str) -> bool:
    """Same surname, first names spelt slightly differently (Sergey / Sergei)."""
    a, b = _tokens(x), _tokens(y)
    if len(a) != len(b) or len(a) < 2 or a[-1] != b[-1]:
        return False
    return all(p == q or (p[0] == q[0] and _edit_distance(p, q) <= 2) for p, q in zip(a[:-1], b[:-1]))


def group_names(names) -> list[set[str]]:
    """Group label names that refer to one speaker, in order of first appearance.

    Names group when they are equal up to case and punctuation, when one
    shortens the other (``Soc`` / ``Socrates``, ``Vladimir Putin`` /
    ``President of Russia Vladimir Putin``, ``В.Путин`` / ``Владимир Путин``),
    or when only a first name is spelt differently.  A short form that would
    fit two different speakers (``Cr`` for ``Crito`` and ``Critias``) is left
    on its own.

    >>> [sorted(g) for g in group_names(["MR PRICE", "MR. PRICE", "QUESTION", "Q"])]
    [['MR PRICE', 'MR. PRICE'], ['Q', 'QUESTION']]
    >>> [sorted(g) for g in group_names(["Sergey Lavrov", "Sergei Lavrov"])]
    [['Sergei Lavrov', 'Sergey Lavrov']]
    >>> [sorted(g) for g in group_names(["Crito", "Critias", "Cr"])]
    [['Crito'], ['Critias'], ['Cr']]
    """
    names = list(dict.fromkeys(names))
    parent = {n: n for n in names}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    by_key: dict[str, str] = {}
    for n in names:
        key = name_key(n)
        if key in by_key:
            parent[find(n)] = find(by_key[key])
        else:
            by_key[key] = n
    keys = list(by_key.values())
    for short in keys:
        fits = {find(long) for long in keys if long != short and
                (_variant_of(short, long) or _spelling_variant(short, long))}
        fits.discard(find(short))
        if len(fits) == 1:
            parent[find(short)] = fits.pop()
    groups: dict[str, set[str]] = {}
    for n in names:
        groups.setdefault(find(n), set()).add(n)
    order = {n: i for i, n in enumerate(names)}
    return sorted(groups.values(), key=lambda g: min(order[n] for n in g))


def canonical_name(variants, counts=None) -> str:
    """The name to show for a group: the full form, without a title in front.

    >>> canonical_name(["Soc", "Socrates"])
    'Socrates'
    >>> canonical_name(["President of Russia Vladimir Putin", "Vladimir Putin"])
    'Vladimir Putin'
    >>> canonical_name(["MR. BATES"])
    'Mr. Bates'
    """
    variants = list(variants)
    counts = counts or {}
    full = [v for v in variants if not any(v != w and _variant_of(v, w) and
                                           len(_tokens(v)) == len(_tokens(w)) for w in variants)]
    full = full or variants
    best = min(full, key=lambda v: (len(_tokens(v)), -counts.get(v, 0), variants.index(v)))
    if best.isupper() and (len(best) > 4 or " " in best):  # "MR. BATES" -> "Mr. Bates"; call signs stay "CDR"
        best = " ".join(t.capitalize() if t[:1].isalpha() else t for t in best.split())
    return best


_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
                     "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye g".split()))


def slug(name: str) -> str:
    """An id for the sidecar: lower-case ASCII letters, digits and '-'.

    >>> slug("В.Путин"), slug("MR. BATES"), slug("Sergey Lavrov")
    ('v-putin', 'mr-bates', 'sergey-lavrov')
    """
    out = []
    for ch in name.casefold():
        t = _TRANSLIT.get(ch)
        out.append("" if t == "_" else t if t is not None else ch)
    text = unicodedata.normalize("NFKD", "".join(out)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "speaker"
