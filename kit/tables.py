"""Tidy tables built from a validated text: segments, paragraphs, sentences, tokens.

Every row has ``start``/``end`` character offsets into the original and a
``text`` column equal to ``original[start:end]``.  Column meanings are in
:data:`COLUMNS` (and in ``docs/tables.md``).

>>> from kit.paths import texts_dir
>>> from kit.textformat import read
>>> t = build(read(texts_dir() / "lavrov-new-regions-2025.yml"))
>>> t["segments"].loc[4, ["segment_id", "kind", "speaker"]].tolist()
['lavrov-new-regions-2025:a1', 'answer', 'lavrov']
>>> t["sentences"].loc[16, "text"]
'I think that the main lesson is the following: ...in the hour of trial.'
"""

from __future__ import annotations

import bisect

import pandas as pd

from .nlp import WORD_RE, split_sentences
from .textformat import Structure

__all__ = ["build", "COLUMNS", "CATEGORICAL"]

#: One line per column: what it means.  Shared by all tables where it occurs.
COLUMNS = {
    "text_id": "id of the text (file name without .txt)",
    "segment_id": "stable id '<text>:<segment>' of the segment the row is in",
    "paragraph_id": "stable id '<text>:<segment>.p<n>' of the paragraph (a line of the original)",
    "sentence_id": "stable id '<text>:<segment>.s<n>' of the sentence",
    "quote_id": "stable id '<text>:<segment>.q<n>' of a quotation marked in the sidecar",
    "n": "position of the row within its parent (segment in text, sentence in segment, ...), from 1",
    "i": "position of the token in the whole text, from 0",
    "kind": "segment kind: title, question, answer, comment, ... (docs/text-format.md)",
    "speaker": "id of who speaks or writes the segment (sidecar 'speakers')",
    "speaker_name": "display name of the speaker",
    "role": "the speaker's role: interviewer, interviewee, blogger, reader, ...",
    "voice": "whose words these are: the speaker, or the quoted person inside a marked quotation",
    "label": "speaker label that opened the segment in the original (not part of its text)",
    "reply_to": "for comments, the segment id it replies to (empty if unknown)",
    "line_start": "first line of the original the row lies on (1-based)",
    "line_end": "last line of the original the row lies on (1-based)",
    "start": "character offset where the row's text starts in the original",
    "end": "character offset just after the row's text (exclusive)",
    "text": "the row's text, always equal to original[start:end]",
    "lower": "the token lower-cased, for counting",
    "is_word": "True if the token contains a letter or digit (not punctuation)",
    "n_words": "number of word tokens in the row",
    "attribution": "the attribution given with a quotation (for example '- Sergei Lavrov')",
}

#: Columns stored as pandas categoricals.
CATEGORICAL = ("text_id", "segment_id", "sentence_id", "kind", "speaker", "role", "voice")


def build(s: Structure) -> dict[str, pd.DataFrame]:
    """Build the tables of a validated text; returns a dict of DataFrames."""
    rows = _Rows(s)
    for n, seg in enumerate(s.segments, start=1):
        rows.add_segment(n, seg)
    return rows.frames()


class _Rows:
    """Accumulates column lists for each table, then makes DataFrames."""

    def __init__(self, s: Structure):
        self.s = s
        self.line_starts = [0] + [i + 1 for i, ch in enumerate(s.original) if ch == "\n"]
        self.seg = _cols("segment_id n kind speaker speaker_name role label reply_to "
                         "line_start line_end start end n_words text")
        self.par = _cols("paragraph_id segment_id n line_start start end text")
        self.sen = _cols("sentence_id segment_id paragraph_id n voice start end n_words text")
        self.tok = _cols("i sentence_id segment_id voice start end is_word text")
        self.quo = _cols("quote_id segment_id speaker voice start end attribution text")

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def add_segment(self, n: int, seg) -> None:
        s, tid = self.s, self.s.id
        seg_id = f"{tid}:{seg.id}"
        quotes = [(q.start, q.end, q.voice) for q in seg.quotes]
        n_par = n_sen = n_words = 0
        for p_start, p_end in _paragraphs(s.original, seg.start, seg.end):
            n_par += 1
            par_id = f"{seg_id}.p{n_par}"
            _append(self.par, par_id, seg_id, n_par, self.line_of(p_start), p_start, p_end,
                    s.original[p_start:p_end])
            para = s.original[p_start:p_end]
            for a, b in split_sentences(para):
                n_sen += 1
                a, b = a + p_start, b + p_start
                words = self.add_tokens(f"{seg_id}.s{n_sen}", seg_id, seg.speaker, quotes, a, b)
                n_words += words
                _append(self.sen, f"{seg_id}.s{n_sen}", seg_id, par_id, n_sen,
                        _voice(seg.speaker, quotes, a, b), a, b, words, s.original[a:b])
        for k, q in enumerate(seg.quotes, start=1):
            attr = s.original[q.attribution[0]:q.attribution[1]] if q.attribution else ""
            _append(self.quo, f"{seg_id}.q{k}", seg_id, seg.speaker, q.voice, q.start, q.end,
                    attr, s.original[q.start:q.end])
        info = s.speakers.get(seg.speaker, {})
        _append(self.seg, seg_id, n, seg.kind, seg.speaker, str(info.get("name", seg.speaker)),
                str(info.get("role", "unknown")), seg.label, f"{tid}:{seg.reply_to}" if seg.reply_to else "",
                seg.line_start, seg.line_end, seg.start, seg.end, n_words, s.original[seg.start:seg.end])

    def add_tokens(self, sen_id, seg_id, speaker, quotes, a, b) -> int:
        """Append the tokens of sentence ``[a, b)``; return its number of words."""
        tok, original, words = self.tok, self.s.original, 0
        i = len(tok["i"])
        for m in WORD_RE.finditer(original, a, b):
            t0, t1 = m.span()
            text = m.group()
            tok["i"].append(i)
            tok["sentence_id"].append(sen_id)
            tok["segment_id"].append(seg_id)
            tok["voice"].append(_voice(speaker, quotes, t0, t1) if quotes else speaker)
            tok["start"].append(t0)
            tok["end"].append(t1)
            is_word = text[0].isalnum() or text[-1].isalnum()
            tok["is_word"].append(is_word)
            tok["text"].append(text)
            i += 1
            words += is_word
        return words

    def frames(self) -> dict[str, pd.DataFrame]:
        seg = pd.DataFrame(self.seg)
        info = seg.set_index("segment_id")[["kind", "speaker", "role"]]
        out = {"segments": seg}
        for name, cols in (("paragraphs", self.par), ("sentences", self.sen),
                           ("tokens", self.tok), ("quotations", self.quo)):
            df = pd.DataFrame(cols)
            if name == "quotations":
                df = df.astype({"start": "int64", "end": "int64"})
            else:
                df = df.join(info, on="segment_id")
            out[name] = df
        tokens = out["tokens"]
        tokens["lower"] = tokens["text"].str.lower()
        return {name: _finish(df, self.s.id) for name, df in out.items()}


def _cols(names: str) -> dict[str, list]:
    return {name: [] for name in names.split()}


def _append(cols: dict, *values) -> None:
    for col, value in zip(cols.values(), values, strict=True):
        col.append(value)


def _paragraphs(text: str, start: int, end: int):
    """Yield ``(start, end)`` of each non-blank line inside ``[start, end)``, trimmed."""
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            yield a, b
        pos = stop + 1


def _voice(speaker: str, quotes, a: int, b: int) -> str:
    """The quoted voice if ``[a, b)`` lies inside a quotation, else the speaker."""
    for q0, q1, voice in quotes:
        if q0 <= a and b <= q1:
            return voice
    return speaker


def _finish(df: pd.DataFrame, text_id: str) -> pd.DataFrame:
    """Add ``text_id`` first, set categorical dtypes, order columns sensibly."""
    df.insert(0, "text_id", text_id)
    for col in CATEGORICAL:
        if col in df:
            df[col] = df[col].astype("category")
    for col in ("start", "end", "n", "i", "n_words", "line_start", "line_end"):
        if col in df:
            df[col] = df[col].astype("int64")
    front = [c for c in df.columns if c.endswith("_id") or c in ("n", "i")]
    back = [c for c in ("start", "end", "text") if c in df]
    middle = [c for c in df.columns if c not in front and c not in back]
    return df[front + middle + back]
