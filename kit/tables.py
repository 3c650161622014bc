"""Tidy tables built from validated texts: segments, paragraphs, sentences, tokens.

Every row has ``start``/``end`` character offsets into the original and a
``text`` column equal to ``original[start:end]``.  Column meanings are in
:data:`COLUMNS` (and in ``docs/tables.md``).

:func:`build_many` builds the tables of a whole corpus in one pass: the
columns of every text are collected as plain lists and arrays, and each table
is made once (a few pandas calls in all, not a few dozen per text).
:func:`build` is the same for one text.

>>> from kit.paths import texts_dir
>>> from kit.textformat import read
>>> t = build(read(texts_dir() / "lavrov-new-regions-2025.yml"))
>>> t["segments"].loc[4, ["segment_id", "kind", "speaker"]].tolist()
['lavrov-new-regions-2025:a1', 'answer', 'lavrov']
>>> t["sentences"].loc[16, "text"]
'I think that the main lesson is the following: ...in the hour of trial.'
"""

from __future__ import annotations

import array
import bisect
import re

import numpy as np
import pandas as pd

from .nlp import split_sentences, token_columns
from .outline import _paragraphs, paragraph_mode  # the paragraph rule, shared with the outline
from .textformat import Structure

__all__ = ["build", "build_many", "local_view", "code_order", "COLUMNS", "CATEGORICAL", "ORDER"]

#: One line per column: what it means.  Shared by all tables where it occurs.
COLUMNS = {
    "text_id": "id of the text (file name without .txt)",
    "segment_id": "stable id '<text>:<segment>' of the segment the row is in",
    "paragraph_id": "stable id '<text>:<segment>.p<n>' of the paragraph (a line, or a block between blank lines)",
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

#: Column order of each table (docs/tables.md).
ORDER = {
    "segments": "text_id segment_id n kind speaker speaker_name role label reply_to line_start line_end "
                "n_words start end text".split(),
    "paragraphs": "text_id paragraph_id segment_id n line_start line_end kind speaker role start end text".split(),
    "sentences": "text_id sentence_id segment_id paragraph_id n voice n_words kind speaker role start end text".split(),
    "tokens": "text_id i sentence_id segment_id voice is_word kind speaker role lower start end text".split(),
    "quotations": "text_id quote_id segment_id speaker voice attribution start end text".split(),
}

# How the categories of each categorical column are ordered within one text: sorted, or in order of
# first appearance (the order the tables have always had); a corpus unites the texts' categories in
# text order.  ``local_view`` restores a text's own order when a Document is cut from corpus tables.
SORTED, APPEARANCE = "sorted", "appearance"


def build(s: Structure) -> dict[str, pd.DataFrame]:
    """Build the tables of one validated text; returns a dict of DataFrames."""
    return build_many([s])


def build_many(structures, extras: dict | None = None) -> dict[str, pd.DataFrame]:
    """Build the tables of several validated texts at once, stacked in the given order.

    Equal to building each text and stacking the tables, categories united in text order;
    each table is made once.  If ``extras`` is a dict, it receives ``lower_codes`` (the code
    of each token's lower-case form) and ``vocabulary`` (the forms), which the concordance
    index reuses.

    >>> from kit.paths import texts_dir
    >>> from kit.textformat import read
    >>> s = read(texts_dir() / "lavrov-new-regions-2025.yml")
    >>> len(build_many([s])["tokens"]) == len(build(s)["tokens"])
    True
    """
    rows = _Rows()
    for s in structures:
        rows.add_text(s)
    frames = rows.frames()
    if extras is not None:
        extras.update(lower_codes=rows.lower_codes, vocabulary=rows.vocabulary)
    return frames


#: Token offsets and positions (``start``, ``end``, ``i`` of the token table) are 32-bit: a
#: token table takes 12 bytes a token less than with 64-bit ones.
_OFFSET = np.int32


class _Rows:
    """Accumulates the columns of every table, text after text, then makes each DataFrame once."""

    def __init__(self):
        self.text_ids: list[str] = []
        self.seg = _RowTable("t segment_id n kind speaker speaker_name role label reply_to "
                             "line_start line_end start end text", text_apart=True)
        self.par = _RowTable("t paragraph_id seg n line_start line_end start end text", text_apart=True)
        self.sen = _cols("sentence_id seg par n voice start end text")
        # texts of sentences, paragraphs, segments: one Arrow array per text (``sen["text"]`` and the
        # row tables' ``texts`` hold the current text's)
        self.text_chunks = {"sen": [], "par": [], "seg": []}
        self.quo = _RowTable("t quote_id segment_id speaker voice attribution start end text")
        # tokens: each column grows in one block (no per-text arrays to join at the end, which would
        # hold every token twice); ``voice`` holds one entry per run of tokens, ``sizes`` their lengths
        self.tok = {"start": _Column(_OFFSET), "end": _Column(_OFFSET), "sent": _Column(np.int32),
                    "is_word": _Column(np.bool_), "text": _TextColumn(), "voice": [], "sizes": []}
        self.tok_text_sizes: list[int] = []
        self.voice_sorted: list[bool] = []  # per text: any marked quotation (voices sorted, as always)

    # -- one text ------------------------------------------------------------------------------

    def add_text(self, s: Structure) -> None:
        if len(s.original) >= 2**31:
            raise ValueError(f"{s.id}: a text of 2**31 characters or more cannot be tokenized")
        self.text_ids.append(s.id)
        t = len(self.text_ids) - 1
        self.original = s.original
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", s.original)]
        self.mode = paragraph_mode(s.meta, s.original)
        n_tok = len(self.tok["start"])
        self.has_quotes = False
        first = len(self.sen["n"])
        pending = [self.add_segment(t, s, n, seg) for n, seg in enumerate(s.segments, start=1)]
        if not self.add_text_tokens(s, first):
            for seg, quotes, first_sentence in pending:
                self.add_tokens(seg, quotes, first_sentence)
        self.text_chunks["sen"].append(_arrow_text(self.sen["text"]))
        self.sen["text"] = []
        for name, table in (("par", self.par), ("seg", self.seg)):
            self.text_chunks[name].append(_arrow_text(table.texts))
            table.texts = []
        self.voice_sorted.append(self.has_quotes)
        self.tok_text_sizes.append(len(self.tok["start"]) - n_tok)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def add_segment(self, t: int, s: Structure, n: int, seg) -> None:
        original, tid = s.original, s.id
        seg_id = f"{tid}:{seg.id}"
        seg_row = len(self.seg)
        quotes = [(q.start, q.end, q.voice) for q in seg.quotes]
        self.has_quotes |= bool(quotes)
        par, sen = self.par, self.sen
        n_par = 0
        first_sentence = len(sen["n"])
        for p_start, p_end in _paragraphs(original, seg.start, seg.end, self.mode):
            n_par += 1
            par_row = len(par)
            par.add(t, f"{seg_id}.p{n_par}", seg_row, n_par, self.line_of(p_start), self.line_of(p_end - 1),
                    p_start, p_end, original[p_start:p_end])
            spans = split_sentences(original[p_start:p_end])
            k0 = len(sen["n"]) - first_sentence
            starts = [a + p_start for a, _ in spans]
            ends = [b + p_start for _, b in spans]
            numbers = range(k0 + 1, k0 + len(spans) + 1)
            sen["sentence_id"] += [f"{seg_id}.s{k}" for k in numbers]
            sen["n"] += numbers
            sen["voice"] += [_voice(seg.speaker, quotes, a, b) for a, b in zip(starts, ends)] if quotes \
                else [seg.speaker] * len(spans)
            sen["start"] += starts
            sen["end"] += ends
            sen["text"] += [original[a:b] for a, b in zip(starts, ends)]
            sen["par"] += [par_row] * len(spans)
        sen["seg"] += [seg_row] * (len(sen["n"]) - first_sentence)
        for k, q in enumerate(seg.quotes, start=1):
            attr = original[q.attribution[0]:q.attribution[1]] if q.attribution else ""
            self.quo.add(t, f"{seg_id}.q{k}", seg_id, seg.speaker, q.voice, attr, q.start, q.end,
                    original[q.start:q.end])
        info = s.speakers.get(seg.speaker, {})
        self.seg.add(t, seg_id, n, seg.kind, seg.speaker, str(info.get("name", seg.speaker)),
                str(info.get("role", "unknown")), seg.label, f"{tid}:{seg.reply_to}" if seg.reply_to else "",
                seg.line_start, seg.line_end, seg.start, seg.end, original[seg.start:seg.end])
        return seg, quotes, first_sentence

    def add_text_tokens(self, s: Structure, first: int) -> bool:
        """Tokenize the whole text in one pass and give each token its sentence; False if that cannot be done.

        A token outside every sentence (a speaker label, a line no segment covers) is dropped.  If any
        token straddles a sentence boundary, or a marked start or end inside a word, nothing is added
        and the caller tokenizes segment by segment, as the one-pass scan would then differ.
        """
        sen = self.sen
        sent_start = np.asarray(sen["start"][first:], dtype=np.int64)
        sent_end = np.asarray(sen["end"][first:], dtype=np.int64)
        starts, ends, texts, is_word = _tokens_in_chunks(s)
        k = np.searchsorted(sent_start, starts, side="right") - 1
        kk = np.maximum(k, 0)
        inside = (k >= 0) & (ends <= sent_end[kk])
        if not inside.all():
            nxt = np.minimum(k + 1, len(sent_start) - 1)
            before_next = (k + 1 >= len(sent_start)) | (ends <= sent_start[nxt])
            clean = inside | (((k < 0) | (starts >= sent_end[kk])) & before_next)
            if not clean.all() or not len(sent_start):
                return False
            starts, ends, k, is_word = starts[inside], ends[inside], k[inside], is_word[inside]
            texts = texts.filter(_arrow_bool(inside))
        voice = None  # or [(token indices, quoted voice), ...]
        if self.has_quotes:
            voice = [(np.flatnonzero((starts >= q.start) & (ends <= q.end)), q.voice)
                     for seg in s.segments for q in seg.quotes]
        self._keep_tokens(starts, ends, texts, is_word, voice, k + first)
        return True

    def add_tokens(self, seg, quotes, first_sentence: int) -> None:
        """Collect the tokens of a segment, each with the (global) row of its sentence."""
        original = self.original
        bounds = np.column_stack([self.sen["start"][first_sentence:], self.sen["end"][first_sentence:]]) \
            if len(self.sen["start"]) > first_sentence else np.zeros((0, 2), np.int64)
        starts, ends, texts, is_word = token_columns(original, seg.start, seg.end)
        k = np.searchsorted(bounds[:, 0], starts, side="right") - 1
        if len(starts) and ((k < 0).any() or (ends > bounds[np.maximum(k, 0), 1]).any()):
            # a token would straddle a sentence boundary: tokenize sentence by sentence instead
            parts = [token_columns(original, a, b) for a, b in bounds.tolist()]
            starts, ends = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
            texts = _concat_text([p[2] for p in parts])
            is_word = np.concatenate([p[3] for p in parts])
            k = np.repeat(np.arange(len(bounds)), [len(p[2]) for p in parts])
        voice = None  # the speaker's, unless a marked quotation gives some tokens another voice
        if quotes:
            voice = [(np.flatnonzero((starts >= q0) & (ends <= q1)), who) for q0, q1, who in quotes]
        self._keep_tokens(starts, ends, texts, is_word, voice, k + first_sentence)

    def _keep_tokens(self, starts, ends, texts, is_word, voice, sentence_rows) -> None:
        """Append one run of tokens (with the global rows of their sentences) to the token columns."""
        tok = self.tok
        tok["start"].extend(starts)
        tok["end"].extend(ends)
        tok["text"].extend(texts)
        tok["is_word"].extend(is_word)
        tok["voice"].append(voice)
        tok["sizes"].append(len(starts))
        tok["sent"].extend(sentence_rows)

    # -- the tables ----------------------------------------------------------------------------

    def frames(self) -> dict[str, pd.DataFrame]:
        """Make every table once, for all the texts added."""
        names, segs = self.text_ids, self.seg.columns()
        par, quo = self.par.columns(), self.quo.columns()
        seg_tid = np.asarray(segs["t"], dtype=np.int64)
        sen_seg = np.asarray(self.sen["seg"], dtype=np.int64)
        sen_tid = seg_tid[sen_seg] if len(sen_seg) else np.zeros(0, np.int64)
        par_seg = np.asarray(par["seg"], dtype=np.int64)
        par_tid = seg_tid[par_seg] if len(par_seg) else np.zeros(0, np.int64)

        # per segment: kind, speaker, role as objects; shared by paragraphs, sentences and tokens
        kind = np.asarray(segs["kind"], dtype=object)
        speaker = np.asarray(segs["speaker"], dtype=object)
        role = np.asarray(segs["role"], dtype=object)
        segment_ids = np.asarray(segs["segment_id"], dtype=object)

        # tokens (each grown column is dropped once it is in the table: the peak memory is the tables')
        tok = self.tok
        sizes = np.asarray(tok.pop("sizes"), dtype=np.int64)
        sent = tok.pop("sent").numpy()
        n_tok = len(sent)
        tok_tid = sen_tid.astype(np.int32)[sent] if n_tok else np.zeros(0, np.int32)
        counts = np.bincount(sent, minlength=len(sen_seg)) if n_tok else np.zeros(len(sen_seg), np.int64)
        is_word = tok.pop("is_word").numpy()
        text_sizes = np.asarray(self.tok_text_sizes, dtype=np.int64)
        i = np.arange(n_tok, dtype=_OFFSET)
        i -= np.repeat((np.cumsum(text_sizes) - text_sizes).astype(_OFFSET), text_sizes)
        text, lower, self.lower_codes, self.vocabulary = _token_text(tok.pop("text").arrow())
        speaker_tok = _by_parent(sen_seg, sen_tid, speaker, sent)
        voice_tok = self._token_voice(speaker_tok, sizes, tok_tid)
        tok.pop("voice")
        sentence_ids = np.asarray(self.sen["sentence_id"], dtype=object)
        tokens = {
            "text_id": _text_cat(tok_tid, names),
            "i": i,
            "sentence_id": pd.Categorical.from_codes(sent, categories=_str_index(sentence_ids)),
            "segment_id": _by_parent(sen_seg, sen_tid, segment_ids, sent),
            "voice": voice_tok,
            "is_word": is_word,
            "kind": _by_parent(sen_seg, sen_tid, kind, sent),
            "speaker": speaker_tok,
            "role": _by_parent(sen_seg, sen_tid, role, sent),
            "lower": lower,
            "start": tok.pop("start").numpy(),
            "end": tok.pop("end").numpy(),
            "text": text,
        }
        del tok_tid
        self.tok = None

        # sentences: word counts from the tokens
        words = np.bincount(sent, weights=is_word, minlength=len(sen_seg)).astype(np.int64) if n_tok \
            else np.zeros(len(sen_seg), np.int64)
        words = np.where(counts > 0, words, 0)
        sen = self.sen
        sentences = {
            "text_id": _text_cat(sen_tid, names),
            "sentence_id": _categorical(sentence_ids, sen_tid, SORTED),
            "segment_id": _categorical(segment_ids[sen_seg], sen_tid, SORTED),
            "paragraph_id": _strings(np.asarray(par["paragraph_id"], dtype=object)[sen["par"]]
                                     if len(sen["par"]) else []),
            "n": np.asarray(sen["n"], dtype=np.int64),
            "voice": _categorical(np.asarray(sen["voice"], dtype=object), sen_tid, SORTED),
            "n_words": words,
            "kind": _categorical(kind[sen_seg], sen_tid, SORTED),
            "speaker": _categorical(speaker[sen_seg], sen_tid, SORTED),
            "role": _categorical(role[sen_seg], sen_tid, SORTED),
            "start": np.asarray(sen["start"], dtype=np.int64),
            "end": np.asarray(sen["end"], dtype=np.int64),
            "text": _joined(self.text_chunks["sen"]),
        }
        seg_words = np.bincount(sen_seg, weights=words, minlength=len(segment_ids)).astype(np.int64) \
            if len(sen_seg) else np.zeros(len(segment_ids), np.int64)
        paragraphs = {
            "text_id": _text_cat(par_tid, names),
            "paragraph_id": _strings(par["paragraph_id"]),
            "segment_id": _categorical(segment_ids[par_seg], par_tid, SORTED),
            "n": np.asarray(par["n"], dtype=np.int64),
            "line_start": np.asarray(par["line_start"], dtype=np.int64),
            "line_end": np.asarray(par["line_end"], dtype=np.int64),
            "kind": _categorical(kind[par_seg], par_tid, SORTED),
            "speaker": _categorical(speaker[par_seg], par_tid, SORTED),
            "role": _categorical(role[par_seg], par_tid, SORTED),
            "start": np.asarray(par["start"], dtype=np.int64),
            "end": np.asarray(par["end"], dtype=np.int64),
            "text": _joined(self.text_chunks["par"]),
        }
        segments = {
            "text_id": _text_cat(seg_tid, names),
            "segment_id": _categorical(segment_ids, seg_tid, SORTED),
            "n": np.asarray(segs["n"], dtype=np.int64),
            "kind": _categorical(kind, seg_tid, SORTED),
            "speaker": _categorical(speaker, seg_tid, SORTED),
            "speaker_name": _strings(segs["speaker_name"]),
            "role": _categorical(role, seg_tid, SORTED),
            "label": _strings(segs["label"]),
            "reply_to": _strings(segs["reply_to"]),
            "line_start": np.asarray(segs["line_start"], dtype=np.int64),
            "line_end": np.asarray(segs["line_end"], dtype=np.int64),
            "n_words": seg_words,
            "start": np.asarray(segs["start"], dtype=np.int64),
            "end": np.asarray(segs["end"], dtype=np.int64),
            "text": _joined(self.text_chunks["seg"]),
        }
        quo_tid = np.asarray(quo["t"], dtype=np.int64)
        quotations = {
            "text_id": _text_cat(quo_tid, names),
            "quote_id": _strings(quo["quote_id"]),
            "segment_id": _categorical(np.asarray(quo["segment_id"], dtype=object), quo_tid, SORTED),
            "speaker": _categorical(np.asarray(quo["speaker"], dtype=object), quo_tid, SORTED),
            "voice": _categorical(np.asarray(quo["voice"], dtype=object), quo_tid, SORTED),
            "attribution": _strings(quo["attribution"]),
            "start": np.asarray(quo["start"], dtype=np.int64),
            "end": np.asarray(quo["end"], dtype=np.int64),
            "text": _strings(quo["text"]),
        }
        out = {"segments": segments, "paragraphs": paragraphs, "sentences": sentences, "tokens": tokens,
               "quotations": quotations}
        return {name: pd.DataFrame({col: cols[col] for col in ORDER[name]}, copy=False) for name, cols in out.items()}

    def _token_voice(self, speaker: pd.Categorical, sizes: np.ndarray, tok_tid: np.ndarray) -> pd.Categorical:
        """Token voices: the speaker's, or the quoted voice inside marked quotations."""
        if not any(self.voice_sorted) or not any(v is not None for v in self.tok["voice"]):
            return speaker  # no marked quotation anywhere: the voice is the speaker, same categories
        labels = list(speaker.categories)
        number = {name: k for k, name in enumerate(labels)}
        ids = speaker.codes.astype(np.int64)
        at = np.cumsum(np.r_[0, sizes])
        for k, v in enumerate(self.tok["voice"]):
            for idx, who in v or ():
                if who not in number:
                    number[who] = len(labels)
                    labels.append(who)
                ids[at[k] + idx] = number[who]
        # per text: sorted if the text has marked quotations, else in order of appearance
        order = np.asarray([SORTED if q else APPEARANCE for q in self.voice_sorted], dtype=object)
        return _categorical(ids, tok_tid, order, labels=np.asarray(labels, dtype=object))


class _Column:
    """A column of numbers that grows in one block (an ``array.array``), read as numpy without a copy.

    >>> c = _Column(np.int32); c.extend(np.array([1, 2], np.int64)); c.extend(np.array([3])); c.numpy()
    array([1, 2, 3], dtype=int32)
    """

    _TYPECODES = {np.int32: "i", np.bool_: "b"}  # array.array's code for each dtype a column may have

    def __init__(self, dtype):
        self.dtype = dtype
        self.values = array.array(self._TYPECODES[dtype])

    def extend(self, values: np.ndarray) -> None:
        values = np.ascontiguousarray(values, dtype=self.dtype)
        self.values.frombytes(memoryview(values).cast("B"))

    def __len__(self) -> int:
        return len(self.values)

    def numpy(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype=self.dtype) if len(self.values) else np.zeros(0, self.dtype)


class _TextColumn:
    """A column of strings that grows in one block of UTF-8 bytes, read as an Arrow array without a copy.

    >>> import pyarrow as pa
    >>> c = _TextColumn(); c.extend(pa.array(["Да", "no"], pa.large_string())[1:]); c.extend(pa.array(["é"]))
    >>> c.arrow().to_pylist()
    ['no', 'é']
    """

    def __init__(self):
        self.data = bytearray()
        self.offsets = array.array("q", [0])

    def extend(self, strings) -> None:
        """Append an Arrow string or large_string array."""
        import pyarrow as pa
        if not len(strings):
            return
        if strings.type != pa.large_string():
            strings = strings.cast(pa.large_string())
        _, offsets, data = strings.buffers()
        at = np.frombuffer(offsets, dtype=np.int64, count=len(strings) + 1, offset=strings.offset * 8)
        lo, hi = int(at[0]), int(at[-1])
        if hi > lo:
            self.data += memoryview(data)[lo:hi]
        self.offsets.frombytes(memoryview(at[1:] - lo + self.offsets[-1]).cast("B"))

    def arrow(self):
        import pyarrow as pa
        return pa.Array.from_buffers(pa.large_string(), len(self.offsets) - 1,
                                     [None, pa.py_buffer(self.offsets), pa.py_buffer(self.data)])

_VECTOR_ROWS = 500_000  # up to this many rows, categories are united in one vectorised pass
_CHUNK = 20_000  # characters per tokenizer call: long calls are slower per token (memory), short ones pay overhead


def _tokens_in_chunks(s: Structure):
    """``token_columns`` over runs of consecutive segments of about ``_CHUNK`` characters.

    Each run starts where a segment starts and ends where one ends, so a run's tokens are
    the tokens of those segments (and of the labels between them, which the caller drops).
    """
    segs = s.segments
    if not segs or any(b.start < a.end for a, b in zip(segs, segs[1:])):
        return token_columns(s.original)
    parts, lo = [], segs[0].start
    for a, b in zip(segs, segs[1:] + [None]):
        if b is None or b.end - lo > _CHUNK:
            parts.append(token_columns(s.original, lo, a.end))
            lo = b.start if b is not None else None
    if len(parts) == 1:
        return parts[0]
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            _concat_text([p[2] for p in parts]), np.concatenate([p[3] for p in parts]))


def _text_cat(codes: np.ndarray, names: list[str]) -> pd.Categorical:
    """The text_id column: one category per text, in text order."""
    small = np.int8 if len(names) < 127 else np.int16 if len(names) < 32_000 else np.int32
    return pd.Categorical.from_codes(codes.astype(small), categories=_str_index(names))


def _strings(values):
    """A column of Python strings as the pandas ``str`` dtype (through Arrow when pandas stores it there)."""
    if _arrow_strings():
        import pyarrow as pa
        return pd.array(pa.array(values if isinstance(values, list) else list(values), type=pa.large_string(),
                                 memory_pool=_pool()),
                        dtype=_STR)
    return pd.array(np.asarray(values, dtype=object), dtype="str")


def _joined(chunks: list):
    """Arrow string arrays (one per text) as one ``str`` column."""
    import pyarrow as pa
    arr = pa.concat_arrays(chunks, memory_pool=_pool()) if chunks else pa.array([], type=pa.large_string())
    chunks.clear()
    if _arrow_strings():
        return pd.array(arr, dtype=_STR)
    return pd.array(np.asarray(arr.to_pylist(), dtype=object), dtype=_STR)


def _str_index(values) -> pd.Index:
    """Categories (strings) as a ``str`` Index."""
    return pd.Index(_strings(values))


def _token_text(arr):
    """Token text (an Arrow string array) and lower-case forms as ``str`` columns, plus lower-case codes and vocabulary.

    The lower-case form of each distinct token is computed once (with Python's ``str.lower``).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    pool = _pool()
    enc = pc.dictionary_encode(arr, memory_pool=pool)
    forms = enc.dictionary.to_pylist()
    lowered = [w.lower() for w in forms]
    codes_of_form, vocab = pd.factorize(np.asarray(lowered, dtype=object))
    idx = enc.indices.to_numpy(zero_copy_only=False)
    lower_arr = pc.take(pa.array(lowered, type=pa.large_string(), memory_pool=pool), enc.indices, memory_pool=pool)
    if _arrow_strings():
        text, lower = pd.array(arr, dtype=_STR), pd.array(lower_arr, dtype=_STR)
    else:
        text = pd.array(np.asarray(arr.to_pylist(), dtype=object), dtype=_STR)
        lower = pd.array(np.asarray(lower_arr.to_pylist(), dtype=object), dtype=_STR)
    codes = codes_of_form.astype(np.int32)[idx] if len(idx) else np.zeros(0, np.int32)
    return text, lower, codes, np.asarray(vocab, dtype=object)


def _concat_text(parts: list):
    """Arrow string arrays (token texts) as one array, in the tables' memory pool."""
    import pyarrow as pa
    parts = [p for p in parts if len(p)]
    if not parts:
        return pa.array([], type=pa.large_string())
    return pa.concat_arrays(parts, memory_pool=_pool())


def _arrow_bool(mask: np.ndarray):
    import pyarrow as pa
    return pa.array(mask, type=pa.bool_())


def _arrow_text(values: list[str]):
    import pyarrow as pa
    return pa.array(values, type=pa.large_string(), memory_pool=_pool())


def _pool():
    """Arrow memory for the tables from the system allocator: pages freed during a build go back to
    the system (Arrow's default allocator keeps them, which raised the peak memory of a build)."""
    import pyarrow as pa
    return pa.system_memory_pool()


def _arrow_strings() -> bool:
    """True if pandas' default string dtype is stored in Arrow (pandas 3 with pyarrow)."""
    return getattr(_STR, "storage", None) == "pyarrow"


_STR = pd.Series(["x"]).dtype  # pandas' default string dtype


def _by_parent(parent_seg: np.ndarray, parent_tid: np.ndarray, per_segment: np.ndarray, rows: np.ndarray):
    """A per-segment value repeated to tokens (via their sentence ``rows``); categories in order of appearance."""
    per_sentence = _categorical(per_segment[parent_seg], parent_tid, APPEARANCE)
    return pd.Categorical.from_codes(per_sentence.codes[rows], dtype=per_sentence.dtype)


def code_order(codes: np.ndarray) -> np.ndarray:
    """``numpy.argsort(codes, kind="stable")`` for non-negative 32-bit codes, as two 16-bit radix passes.

    About four times faster than the general stable sort on a million codes (the concordance
    index's order of tokens by lower-case form).

    >>> code_order(np.array([70000, 3, 70000, 0, 3], np.int32)).tolist()
    [3, 1, 4, 0, 2]
    """
    codes = np.asarray(codes)
    if not len(codes) or codes.min() < 0 or codes.max() >= 2**32:
        return np.argsort(codes, kind="stable")
    order = np.argsort((codes & 0xFFFF).astype(np.uint16), kind="stable")  # radix sort for 16-bit keys
    high = (codes >> 16).astype(np.uint16)
    if high.any():
        order = order[np.argsort(high[order], kind="stable")]
    return order


def _categorical(values: np.ndarray, text: np.ndarray, order, labels: np.ndarray | None = None) -> pd.Categorical:
    """A categorical whose categories are each text's own (sorted, or in order of appearance), united in text order.

    ``order`` is ``'sorted'``, ``'appearance'`` or an array with one of those per text.  With
    ``labels``, ``values`` are integer codes into ``labels`` (faster than strings).

    >>> _categorical(np.array(["b", "a", "c", "a"], object), np.array([0, 0, 1, 1]), "sorted").categories.tolist()
    ['a', 'b', 'c']
    >>> _categorical(np.array(["b", "a", "c", "a"], object), np.array([0, 0, 1, 1]), "appearance").categories.tolist()
    ['b', 'a', 'c']
    """
    values = np.asarray(values, dtype=object if labels is None else np.int64)
    if not len(values):
        return pd.Categorical.from_codes(np.zeros(0, np.int8), categories=_str_index([]))
    codes, uniques = pd.factorize(values)
    uniques = np.asarray(uniques, dtype=object) if labels is None else labels[uniques]
    # each text's values in order of first appearance (rows come text after text), sorted if asked;
    # then the union in text order
    n_texts = int(text[-1]) + 1
    per_text = np.full(n_texts, order == SORTED) if isinstance(order, str) else \
        (np.asarray(order, dtype=object) == SORTED)
    if len(values) <= _VECTOR_ROWS:
        # first row of each (text, value) pair, all at once
        _, first = np.unique(text.astype(np.int64) * len(uniques) + codes, return_index=True)
        pair_text, pair_code = text[first], codes[first]
        rank = np.empty(len(uniques), dtype=np.int64)
        rank[np.argsort(uniques, kind="stable")] = np.arange(len(uniques))
        within = np.where(per_text[pair_text], rank[pair_code], first)
        pair_code = pair_code[np.lexsort((within, pair_text))]
        _, where = np.unique(pair_code, return_index=True)
        final = pair_code[np.sort(where)]
    else:
        # a token-sized column: text by text, so that no temporary is as large as the column
        cut = np.searchsorted(text, np.arange(n_texts + 1)).tolist()
        seen = np.zeros(len(uniques), bool)
        parts = []
        for t in range(n_texts):
            if cut[t] == cut[t + 1]:
                continue
            own = pd.unique(codes[cut[t]:cut[t + 1]])
            if per_text[t]:
                own = own[np.argsort(np.asarray(uniques[own], dtype=object), kind="stable")]
            new = own[~seen[own]]
            seen[new] = True
            parts.append(new)
        final = np.concatenate(parts)
    remap = np.empty(len(uniques), dtype=np.int64)
    remap[final] = np.arange(len(final))
    width = np.int8 if len(final) < 127 else np.int16 if len(final) < 32_000 else np.int32
    return pd.Categorical.from_codes(remap[codes].astype(width), categories=_str_index(uniques[final].tolist()))


def local_view(table: pd.DataFrame, name: str, rows: slice, text_id: str, voices_sorted: bool = False) -> pd.DataFrame:
    """Rows of one text cut from a corpus table, with that text's own categories (as :func:`build` gives).

    Categories are sorted, except in the token table, where ids, kind, speaker and role keep their
    order of appearance, and voices too unless the text has marked quotations (``voices_sorted``).

    >>> from kit.paths import texts_dir
    >>> from kit.textformat import read
    >>> t = build(read(texts_dir() / "lavrov-new-regions-2025.yml"))
    >>> local_view(t["tokens"], "tokens", slice(0, 8), "lavrov-new-regions-2025")["segment_id"].cat.categories.tolist()
    ['lavrov-new-regions-2025:title']
    """
    df = table.iloc[rows].reset_index(drop=True)
    for col in df.columns:
        if not isinstance(df[col].dtype, pd.CategoricalDtype):
            continue
        c = df[col].array
        if col == "text_id":
            df[col] = pd.Categorical.from_codes(np.zeros(len(df), np.int8), categories=pd.Index([text_id], dtype="str"))
            continue
        appearance = name == "tokens" and col != "text_id" and not (col == "voice" and voices_sorted)
        used = pd.unique(c.codes[c.codes >= 0])
        if not appearance:
            # sorted by value (the corpus keeps each text's categories together, but not always sorted)
            used = used[np.argsort(np.asarray(c.categories[used], dtype=object), kind="stable")]
        remap = np.full(len(c.categories), -1, dtype=np.int64)
        remap[used] = np.arange(len(used))
        width = np.int8 if len(used) < 127 else np.int16 if len(used) < 32_000 else np.int32
        df[col] = pd.Categorical.from_codes(remap[c.codes].astype(width), categories=c.categories[used])
    return df


class _RowTable:
    """Rows of a small table (segments, paragraphs, quotations) kept as tuples, read as columns at the end.

    With ``text_apart``, the last column (``text``) is kept apart in ``texts``, to be taken one text at a time.

    >>> t = _RowTable("a b text", text_apart=True); t.add(1, "x", "one"); t.add(2, "y", "two")
    >>> len(t), t.columns(), t.texts
    (2, {'a': [1, 2], 'b': ['x', 'y']}, ['one', 'two'])
    """

    def __init__(self, names: str, text_apart: bool = False):
        self.names = names.split()
        self.apart = text_apart
        self.rows: list[tuple] = []
        self.texts: list[str] = []

    def add(self, *values) -> None:
        if self.apart:
            self.texts.append(values[-1])
            values = values[:-1]
        self.rows.append(values)

    def __len__(self) -> int:
        return len(self.rows)

    def columns(self) -> dict[str, list]:
        names = self.names[:-1] if self.apart else self.names
        cols = list(zip(*self.rows)) if self.rows else [()] * len(names)
        return {name: list(col) for name, col in zip(names, cols, strict=True)}


def _cols(names: str) -> dict[str, list]:
    return {name: [] for name in names.split()}


def _voice(speaker: str, quotes, a: int, b: int) -> str:
    """The quoted voice if ``[a, b)`` lies inside a quotation, else the speaker."""
    for q0, q1, voice in quotes:
        if q0 <= a and b <= q1:
            return voice
    return speaker
