"""Short text: a rubric of ideas gives provisional credit; quotations picked from the text are checked.

**The rubric.** Each key item is an idea ``{idea: ..., patterns: [regex,
...], points: 1}``.  An idea counts as present when any of its patterns
matches the answer (case-insensitive).  An item with ``deduct: true`` names
what a poor answer does (a verdict, taking a side, the misreading the item
targets): its points are subtracted when a pattern matches.  The
provisional score is::

    points × (points of the ideas found − deductions) / (points of all ideas)

Ideas count only in an explanation written as prose: outside its
quotations, at least a fifth of the words are function words
(``the``, ``is``, ``of`` ..., one of them an article, a form of *be* or a
preposition), or an answer built on two or more quotations.
A list of key words ("hegemonic instinct predatory colonial ...") earns no
idea, however many patterns it matches (:func:`is_prose`).

Every answer is flagged ``needs_review``: patterns find words, not
understanding, so the instructor confirms or overrides the score.

>>> import kit.exercises
>>> from kit.paths import project_root; FIX = project_root() / "tests/data/exercises"
>>> e = kit.exercises.get("90.7", FIX)
>>> r = score(e, "It repeats 'collective West' and casts the West as a predator.")
>>> r.points, r.status, r.needs_review
(2.0, 'provisional', True)

**Evidence-anchored answers.**  A spec with ``quotes: N`` asks for two parts:
up to N quotations picked from the text and an explanation.  The answer is
``{"quotes": [...], "text": "..."}``; a quotation is ``{"start", "end"}``
(offsets into the original, what the widget saves when the student selects
words with the mouse) or the words themselves, which must be found in the
exercise's unit (curly or straight quotes, spacing and capitals aside), or
the answer is not well-formed.  Key items with ``quote: true`` give the
evidence the key accepts (their ``evidence`` is the span).  A quotation
earns one point when it overlaps an accepted span by at least half of that
span and at least a third of the quotation itself (so quoting a whole
paragraph earns nothing); each accepted span counts once.  The quotations
are checked exactly; the explanation is scored by the rubric, provisionally::

    points × (quotations matched + ideas found − deductions) / (N + points of all ideas)

Worked example (fixture 93.5 in tests/data/tiers, N = 1, two ideas of 1 point, 3 points): the
quotation "hegemonic instincts" (an accepted span) and an explanation that
names one idea earn (1 + 1) / (1 + 2) of 3 points = 2 points.  A plain text
saved before the exercise asked for parts is still read (as the
explanation, with no quotation).
"""

from __future__ import annotations

import re

from .common import as_number, fraction_result, key_feedback
from .result import Feedback

__all__ = ["check_spec", "check_key", "problems", "summary", "score", "describe", "hit", "secrets", "NEEDS_TEXT",
           "key_answer", "bank_value", "quotes_of", "is_prose", "readable", "MAX_QUOTES"]

NEEDS_TEXT = False
MAX_QUOTES = 5
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def check_spec(ex, raw, err) -> None:
    """``max_chars`` caps the answer (default 5000); ``quotes`` (1 to 5) asks for quotations from ``text``."""
    q = raw.get("quotes", 0)
    if isinstance(q, bool) or not isinstance(q, int) or not 0 <= q <= MAX_QUOTES:
        err("quotes", f"'quotes' must be a whole number from 0 to {MAX_QUOTES}")
        return
    if q and not ex.text:
        err("quotes", "an exercise that asks for quotations needs 'text' (the text they come from)")
    ex.quotes = q


def check_key(ex, items, raw, err) -> list:
    """Ideas: a name, valid patterns, positive points. Quote items: evidence inside the unit."""
    quotes = getattr(ex, "quotes", 0)
    n_quote = n_idea = 0
    for n, item in enumerate(items):
        if item.get("quote"):
            n_quote += 1
            if not quotes:
                err(n, "quote", "a quote item needs an exercise that asks for quotations ('quotes: 1' in the spec)")
                continue
            spans = _locate_all(ex, item.get("evidence", ""))
            if not spans:
                err(n, "evidence", "the evidence of a quote item must lie inside the exercise's unit")
            item["_spans"] = spans
            continue
        if not item.get("deduct"):
            n_idea += 1
        if not isinstance(item.get("idea"), str) or not item["idea"].strip():
            err(n, "idea" if "idea" in item else None, "each rubric item needs an 'idea' (what the answer should say)")
        patterns = item.get("patterns")
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not patterns:
            err(n, "patterns" if "patterns" in item else None, "each rubric item needs 'patterns' (regular expressions)")
            patterns = []
        compiled = []
        for p in patterns:
            try:
                compiled.append(re.compile(str(p), re.IGNORECASE))
            except re.error as exc:
                err(n, "patterns", f"pattern {p!r} is not a valid regular expression: {exc}")
        pts = as_number(item.get("points", 1))
        if pts is None or pts <= 0:
            err(n, "points", "points must be a positive number")
        item["patterns"], item["points"], item["_compiled"] = [str(p) for p in patterns], pts, compiled
        item["deduct"] = bool(item.get("deduct"))
    if quotes and not n_quote:
        err(0, None, "the exercise asks for quotations: add at least one item with 'quote: true'")
    if not n_idea and not quotes:
        err(0, None, "the rubric needs at least one idea that earns points (not only deductions)")
    return items


_FUNCTION_WORDS = frozenset("""a an the this that these those it its it's they them their he his she her we our us
i my you your of in on at to for from by with as about into than then so but and or nor not no is are was were be
been being has have had do does did can could may might must should would will shall which who whom whose what
when where why how if because while although though there here only also even both each either one all any some
more most less such very just""".split())


_CORE = frozenset("a an the is are was were of to in it this that".split())


def is_prose(text: str) -> bool:
    """Whether an explanation reads as sentences rather than a list of key words.

    >>> is_prose("The West is said to act from instinct, not from choice.")
    True
    >>> is_prose("hegemonic instinct predatory colonial innate vices arrogance deceit majority minority")
    False
    """
    quoted = re.findall(r'["\u201c][^"\u201d]{3,}["\u201d]', text)
    if len(quoted) >= 2:        # a structured answer built on quotations ("Problem: '...' (a2.s5) ...")
        return True
    own = re.sub(r'["\u201c][^"\u201d]*["\u201d]', " ", text)     # the student's own words, not the quotes
    own = re.sub(r"\b[\w-]+\.s\d+\b", " ", own)                       # nor sentence ids
    words = re.findall(r"[A-Za-z\u00C0-\u024F']+", own.lower())
    if not words or not _CORE & set(words):
        return False
    return sum(w in _FUNCTION_WORDS for w in words) >= 0.2 * len(words)


# ---------------------------------------------------------------- quotations

def _fold(s: str) -> str:
    return re.sub(r"\s+", " ", s.translate(_FOLD)).strip().lower()


def _unit_index(ex):
    """The folded unit text and, for each of its characters, the offset in the original."""
    cache = ex.__dict__.setdefault("_prepared", {})
    hit = cache.get("short_text.unit")
    if hit is None:
        original = ex.outline().original
        chars, where = [], []
        for a, b in ex.unit_ranges:
            for i in range(a, b):
                c = original[i].translate(_FOLD).lower()
                if c.isspace():
                    if chars and chars[-1] == " ":
                        continue
                    c = " "
                chars.append(c)
                where.append(i)
            chars.append(" ")
            where.append(b)
        hit = cache["short_text.unit"] = ("".join(chars), where)
    return hit


def _locate_all(ex, words: str) -> list:
    """Every (start, end) in the original where ``words`` occur inside the unit (folded match)."""
    needle = _fold(words)
    if not needle:
        return []
    text, where = _unit_index(ex)
    out, i = [], text.find(needle)
    while i != -1:
        out.append((where[i], where[i + len(needle) - 1] + 1))
        i = text.find(needle, i + 1)
    return out


def _quote_span(ex, q):
    """(start, end) of one quotation of an answer, or a problem (text)."""
    if isinstance(q, dict):
        s, e = q.get("start"), q.get("end")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (s, e)) or not s < e:
            return "expected {start, end} offsets"
        if not any(a <= s and e <= b for a, b in ex.unit_ranges):
            return f"offsets {s}-{e} are outside the exercise's text"
        return (s, e)
    if isinstance(q, str):
        if len(q) > 2000:
            return "a quotation of more than 2,000 characters"
        found = _locate_all(ex, q)
        if not found:
            short = q if len(q) <= 40 else q[:39] + "…"
            return f"\u201c{short}\u201d is not in the text of this exercise: copy it exactly, or select it with the mouse"
        return found[0]
    return f"expected words of the text, got {type(q).__name__}"


def quotes_of(ex, value) -> list:
    """The quotations of a well-formed answer as (start, end) offsets (none for plain text)."""
    if not isinstance(value, dict):
        return []
    return [_quote_span(ex, q) for q in value.get("quotes") or []]


def _text_of(value) -> str:
    return value if isinstance(value, str) else str(value.get("text") or "")


def problems(ex, value) -> list[str]:
    """Text of at most ``max_chars`` characters; with ``quotes``, also ``{"quotes": [...], "text": ...}``."""
    quotes = getattr(ex, "quotes", 0)
    if quotes and isinstance(value, dict):
        extra = set(value) - {"quotes", "text"}
        if extra:
            return [f"unexpected part(s) {', '.join(sorted(map(str, extra)))[:60]}: expected quotes and text"]
        qs, text = value.get("quotes") or [], value.get("text") or ""
        if not isinstance(qs, list):
            return ["'quotes' must be a list of quotations"]
        if len(qs) > quotes:
            return [f"{len(qs)} quotations; this exercise asks for at most {quotes}"]
        if not isinstance(text, str):
            return [f"expected text for the explanation, got {type(text).__name__}"]
        if len(text) > ex.max_chars:
            return [f"the explanation is {len(text):,} characters long; the limit is {ex.max_chars:,}"]
        return [f"quotation {n}: {s}" for n, s in enumerate((_quote_span(ex, q) for q in qs), 1) if isinstance(s, str)]
    if not isinstance(value, str):
        want = "text or {quotes, text}" if quotes else "text"
        return [f"expected {want}, got {type(value).__name__}"]
    if len(value) > ex.max_chars:
        return [f"the answer is {len(value):,} characters long; the limit is {ex.max_chars:,}"]
    return []


def summary(ex, value) -> str:
    words = f"{len(_text_of(value).split())} words"
    if getattr(ex, "quotes", 0):
        return f"{len(quotes_of(ex, value))} quotation(s), {words}"
    return words


def _matches(quote, spans) -> bool:
    s, e = quote
    for a, b in spans:
        overlap = min(e, b) - max(s, a)
        if overlap > 0 and overlap >= 0.5 * (b - a) and overlap >= (e - s) / 3:
            return True
    return False


def _match_quotes(ex, value) -> tuple:
    """(key item or None) for each quotation of the answer; each key item is used once."""
    keyed = [i for i in ex.key.items if i.get("quote")]
    used, out = set(), []
    for q in quotes_of(ex, value):
        item = next((i for n, i in enumerate(keyed) if n not in used and _matches(q, i["_spans"])), None)
        if item is not None:
            used.add(keyed.index(item))
        out.append((q, item))
    return out


def score(ex, value):
    """Quotations checked against the key's spans; the explanation by the rubric; flagged for review."""
    text = _text_of(value)
    quotes = getattr(ex, "quotes", 0)
    ideas = [i for i in ex.key.items if not i.get("quote") and not i.get("deduct")]
    total = sum(i["points"] for i in ideas) + quotes
    found, feedback = 0.0, []
    if quotes:
        original = ex.outline().original
        matched = _match_quotes(ex, value)
        for (s, e), item in matched:
            words = " ".join(original[s:e].split())
            words = words if len(words) <= 60 else words[:59] + "…"
            if item is not None:
                found += 1
                feedback.append(key_feedback(item, True, f"quotation \u201c{words}\u201d: evidence the key accepts",
                                             f"quote {s}-{e}"))
            else:
                feedback.append(Feedback(False, f"quotation \u201c{words}\u201d: in the text, but not evidence the key "
                                                "uses here (or it is much longer than the words that do the work)",
                                         item=f"quote {s}-{e}"))
        if len(matched) < quotes:
            feedback.append(Feedback(False, f"{quotes - len(matched)} more quotation(s) asked for: select the words "
                                            "in the text", item="quotes"))
    prose = is_prose(text)
    if not prose and text.strip():
        feedback.append(Feedback(False, "the explanation reads as a list of words: ideas count only in sentences",
                                 item="prose"))
    for item in ideas:
        ok = prose and any(rx.search(text) for rx in item["_compiled"])
        found += item["points"] if ok else 0
        feedback.append(key_feedback(item, ok, f"{item['idea']}: {'mentioned' if ok else 'not found'}", item["idea"],
                                     None if ok else ""))
    for item in ex.key.items:
        if item.get("deduct") and any(rx.search(text) for rx in item["_compiled"]):
            found -= item["points"]
            feedback.append(key_feedback(item, False, f"{item['idea']} (− {item['points']:g})", item["idea"]))
    return fraction_result(ex, max(0.0, found) / total if total else 0.0, feedback, status="provisional",
                           needs_review=True, notes=["short text: provisional credit from the rubric, please review"])


# ---------------------------------------------------------------- reports, release, tests

def describe(ex, item) -> str:
    if item.get("quote"):
        return f"quotation: \u201c{item['evidence'][:50]}\u201d"
    return ("deduction: " if item.get("deduct") else "idea: ") + item["idea"]


def hit(ex, item, value) -> bool:
    if item.get("quote"):
        return any(i is item for _, i in _match_quotes(ex, value))
    return any(rx.search(_text_of(value)) for rx in item["_compiled"])


def secrets(ex) -> list[str]:
    """The rubric's ideas and patterns (quote items: their evidence is public text, the rationale is secret)."""
    out = []
    for i in ex.key.items:
        if not i.get("quote"):
            out += [i["idea"], *i["patterns"]]
    return out


def readable(ex, value) -> str:
    """``“quotation” | “quotation” — explanation`` (for needs-review.csv)."""
    if not isinstance(value, dict):
        return value
    original = ex.outline().original
    quotes = " | ".join("\u201c" + " ".join(original[s:e].split()) + "\u201d" for s, e in quotes_of(ex, value))
    return f"{quotes} \u2014 {_text_of(value)}" if quotes else _text_of(value)


def key_answer(ex):
    """The answer the key describes: its accepted quotations and every idea with its evidence.

    Used by the tests (every key's own answer must earn full marks).
    """
    text = " ".join(f'{i["idea"].rstrip(".")}: "{i["evidence"]}".' for i in ex.key.items
                    if not i.get("quote") and not i.get("deduct"))
    quotes = getattr(ex, "quotes", 0)
    if not quotes:
        return text
    spans = [i["_spans"][0] for i in ex.key.items if i.get("quote")][:quotes]
    return {"quotes": [{"start": s, "end": e} for s, e in spans], "text": text}


def bank_value(ex, entry: dict):
    """The answer value of an answer-bank entry ``{text, quotes?}`` (tests/data/answer_banks)."""
    if getattr(ex, "quotes", 0):
        return {"quotes": list(entry.get("quotes") or []), "text": entry["text"]}
    return entry["text"]
