"""Guessing a text's language from its script and a few very common words.

Good enough for a draft: the sidecar marks the guess for the instructor to
check.  Cyrillic text is Russian unless it has letters only Ukrainian uses;
Latin-script text is English when English function words are frequent.

>>> detect_language("Мы всегда готовы к переговорам.")
('ru', 'Cyrillic script')
>>> detect_language("The past three years have become a kind of moment of truth.")
('en', 'Latin script, common English words')
>>> detect_language("Le monde entier a vu que les élites dirigeantes sont guidées.")[0]
'und'
"""

from __future__ import annotations

import re

__all__ = ["detect_language"]

_EN = frozenset("the of and to a in is that it for was on with as be by not this are have you i we".split())


def detect_language(text: str) -> tuple[str, str]:
    """Return ``(code, how)``: an ISO 639-1 code (or ``und``) and how it was found."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return "und", "no letters"
    cyr = sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff")
    greek = sum(1 for ch in letters if "\u0370" <= ch <= "\u03ff")
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    if cyr > 0.5 * len(letters):
        if re.search(r"[іїєґІЇЄҐ]", text):
            return "uk", "Cyrillic script with Ukrainian letters"
        return "ru", "Cyrillic script"
    if greek > 0.5 * len(letters):
        return "el", "Greek script"
    if latin > 0.5 * len(letters):
        words = re.findall(r"[a-z]+", text.lower())
        if words and sum(w in _EN for w in words) / len(words) > 0.15:
            return "en", "Latin script, common English words"
        return "und", "Latin script, language not recognised"
    return "und", "script not recognised"
