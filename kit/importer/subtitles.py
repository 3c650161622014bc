"""Subtitle files (SubRip ``.srt``, WebVTT ``.vtt``) read as the text a viewer reads.

:func:`extract` keeps the words of the cues and drops their numbers, timings
and settings.  A WebVTT voice span (``<v Roger Bingham>``) names the speaker:
a run of cues by one voice becomes one paragraph opening with ``Name:``, and
the voices are returned as the speakers the file declares.  In a SubRip file
the speaker marks are part of the text (``ROGER: We are…``, ``- Yes.``), so
each cue is kept as a paragraph as written.  A line in italics only
(``<i>Laughs</i>``) is kept in Markdown italics as its own paragraph, which
the inference takes for a note, not for speech.

>>> vtt = '''WEBVTT
...
... 00:11.000 --> 00:13.000
... <v Roger Bingham>We are in New York City
...
... 00:13.000 --> 00:16.000
... <v Roger Bingham>We're actually at the Lucern Hotel
...
... 00:30.500 --> 00:32.500 align:start size:50%
... <v Neil deGrasse Tyson><i>Laughs</i>
... '''
>>> text, meta = extract(vtt, "vtt")
>>> print(text)
Roger Bingham: We are in New York City
We're actually at the Lucern Hotel
<BLANKLINE>
Neil deGrasse Tyson: *Laughs*
<BLANKLINE>
>>> meta["speakers"]
['Roger Bingham', 'Neil deGrasse Tyson']
"""

from __future__ import annotations

import html
import re

__all__ = ["extract", "is_subtitles", "SubtitleProblem"]

_TIMING = re.compile(r"^\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}\s*-->\s*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}")
_VOICE = re.compile(r"^<v(?:\.[\w.\-]+)?[ \t]+([^>]+)>")
_ITALIC_ONLY = re.compile(r"^<i>([^<]+)</i>$")


class SubtitleProblem(ValueError):
    """A subtitle file without cues."""


def is_subtitles(suffix: str, text: str) -> bool:
    """True for ``.srt``/``.vtt`` files and for text that starts like WebVTT.

    >>> is_subtitles(".txt", "WEBVTT\\n\\n00:01.000 --> 00:02.000\\nHi"), is_subtitles(".txt", "Hello")
    (True, False)
    """
    return suffix in (".srt", ".vtt") or text.lstrip("\ufeff").startswith("WEBVTT")


def _cues(text: str):
    """The payload lines of each cue, in order."""
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip("\n").split("\n")
        at = next((i for i, line in enumerate(lines[:3]) if _TIMING.match(line)), None)
        if at is None:
            continue  # the WEBVTT header, NOTE, STYLE and REGION blocks
        payload = [line for line in lines[at + 1:] if line.strip()]
        if payload:
            yield payload


def _clean(line: str) -> str:
    return html.unescape(re.sub(r"</?(?:c|b|u|v|lang|ruby|rt)(?:[.\s][^>]*)?>", "", line)).strip()


def extract(text: str, kind: str) -> tuple[str, dict]:
    """Text and declared speakers of an ``srt`` or ``vtt`` subtitle file."""
    paras: list[list[str]] = []
    speakers: list[str] = []
    current = None  # the voice of the open paragraph
    for payload in _cues(text):
        if kind == "srt":
            paras.append([_italics(_clean(line)) for line in payload])
            continue
        for line in payload:
            m = _VOICE.match(line.strip())
            voice = " ".join(m.group(1).split()) if m else None
            body = _italics(_clean(line.strip()[m.end():] if m else line))
            if not body:
                continue
            if voice and voice not in speakers:
                speakers.append(voice)
            if voice is None and body.startswith("*") and body.endswith("*"):
                paras.append([body])  # a note in italics, no voice: its own paragraph
                current = "(note)"
            elif voice and voice != current or current in (None, "(note)") and voice:
                paras.append([f"{voice}: {body}"])
                current = voice
            elif paras and current not in (None, "(note)"):
                paras[-1].append(body)
            else:
                paras.append([body])
                current = None
    if not paras:
        raise SubtitleProblem("the subtitle file has no cues (lines with 'start --> end' timings)")
    return "\n\n".join("\n".join(p) for p in paras) + "\n", {"speakers": speakers}


def _italics(line: str) -> str:
    """``<i>Laughs</i>`` -> ``*Laughs*``; other tags dropped."""
    line = re.sub(r"<i>(.*?)</i>", lambda m: f"*{m.group(1).strip()}*", line)
    return re.sub(r"<[^>]+>", "", line).strip()
