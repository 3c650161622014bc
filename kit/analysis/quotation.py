"""Quotation: direct quotes, scare quotes, "so-called", and reported speech, with who is quoted.

Four kinds of voice-taking, found in the text of each segment:

* ``direct``: words between double quotes (straight ``"..."`` or curly
  ``“...”``) that are not a scare quote, and every quotation marked in the
  sidecar (``doc.quotations``);
* ``scare``: a short quoted stretch (1 to 4 words) inside a longer sentence,
  the marks keeping a term at a distance (``the "collective West"``);
* ``so-called``: the words after *so-called*, which does the same job;
* ``reported``: a reporting verb with its sayer (``as the head of state
  emphasized``, ``The owner of the White House himself admitted``), with the
  verb's stance from ``kit/data/reporting_verbs.yml`` (neutral "said",
  emphatic "emphasised", factive "admitted", distancing "claimed", ...).

Who is quoted comes from the sidecar (voice and attribution), from a
reporting clause in the same sentence, or from "in the words of X".  These
are surface patterns: a quoted title (a medal's name) counts as a direct
quote, and a sayer is the noun phrase just before the verb.  Check the
sentence before you build on a row.

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> q = quotations(doc)
>>> q[q.type == "scare"]["text"].tolist()
['moment of truth.', 'collective West', 'watershed', 'peacemaker', 'collective West', 'collective West']
"""

from __future__ import annotations

import re

import pandas as pd

from .base import load_yaml_data, segments_of, sentences_of, stopwords

__all__ = ["quotations", "reporting_verbs"]

_QUOTES = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')
_SO_CALLED = re.compile(r"\bso-called\s+", re.IGNORECASE)
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_WORDS_OF = re.compile(r"\bin the words of\s+([^,.;:!?\"“”]+)", re.IGNORECASE)
_SKIP_BACK = {"has", "have", "had", "also", "repeatedly", "himself", "herself", "itself",
              "themselves", "once", "already", "publicly", "openly", "recently", "just",
              "would", "like", "to", "will", "must", "not", "never", "again", "then",
              "indeed", "even", "first", "later", "yesterday", "today", "certainly"}
_STOP_BACK = {"as", "that", "but", "which", "who", "when", "while", "because", "if", "so",
              "where", "whom", "what", "how", "why"}
_NOT_A_REPORT = {"to", "be", "been", "being", "is", "was", "were", "are"}


def reporting_verbs() -> dict[str, str]:
    """``verb form -> stance`` from ``kit/data/reporting_verbs.yml``.

    >>> v = reporting_verbs()
    >>> v["said"], v["admitted"], v["claimed"], v["emphasized"]
    ('neutral', 'factive', 'distancing', 'emphatic')
    """
    data = load_yaml_data("reporting_verbs.yml")
    return {str(v).lower(): stance for stance, spec in data["stances"].items() for v in spec["verbs"]}


def _verb_pattern(verbs) -> re.Pattern:
    alts = sorted(verbs, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in alts) + r")\b",
                      re.IGNORECASE)


def _sayer(before: str) -> str:
    """The noun phrase just before a reporting verb ('As President X has repeatedly' -> 'President X')."""
    tail = re.split(r"[,;:()\"“”—–\[\]]", before)[-1]
    words = tail.split()
    while words and words[-1].lower().strip(".!?") in _SKIP_BACK:
        words.pop()
    phrase = []
    for w in reversed(words):
        if w.lower() in _STOP_BACK or len(phrase) >= 8:
            break
        phrase.append(w)
    return " ".join(reversed(phrase)).strip()


def _adjacent_sayer(reports, q0: int, q1: int) -> str:
    """The sayer of a report that directly frames a quote (X said: "..." / "...," X said)."""
    for r in reports:
        if 0 <= q0 - r["end"] <= 4 or 0 <= r["start"] - q1 <= 4:
            return r["who"]
    return ""


def _reported(sentence: str, pattern, verbs):
    """Yield (start, end, verb, stance, who) for each reporting verb in a sentence."""
    for m in pattern.finditer(sentence):
        before = sentence[:m.start()]
        prev = [w.lower() for w in _WORD.findall(before[-40:])]
        while prev and prev[-1] in _SKIP_BACK - {"to"}:
            prev.pop()
        if prev and prev[-1] in _NOT_A_REPORT:
            continue
        who = _sayer(before)
        if not who:
            continue
        verb = re.sub(r"\s+", " ", m.group(1).lower())
        yield m.start(), m.end(), m.group(1), verbs[verb], who


def quotations(data) -> pd.DataFrame:
    """Direct quotes, scare quotes, *so-called* terms and reported speech, in text order.

    Columns: text_id, segment_id, sentence_id, speaker (who uses the
    quotation), type (direct, scare, so-called, reported), who (who is
    quoted, when it can be found; empty for scare quotes), verb (the
    reporting verb as written), verb_stance (neutral, emphatic, factive,
    distancing, evaluative), start, end (offsets of the quoted words, or for
    reported speech of the sayer and verb), text, sidecar (True if the
    quotation is marked in the sidecar).

    >>> import kit
    >>> doc = kit.load("lavrov-new-regions-2025")
    >>> q = quotations(doc)
    >>> rep = q[q.type == "reported"]
    >>> rep[["who", "verb", "verb_stance"]].values.tolist()[:3]
    [['President Vladimir Putin', 'said', 'neutral'], ['the head of state', 'emphasized', 'emphatic'], ['The owner of the White House', 'admitted', 'factive']]
    >>> d = q[q.sidecar].iloc[0]
    >>> d.type, d.who, d.speaker
    ('direct', 'Sergei Lavrov', 'reader-2')
    """
    sents = sentences_of(data)
    segs = segments_of(data)
    verbs = reporting_verbs()
    vpat = _verb_pattern(verbs)
    sw = stopwords()
    rows = []
    sent_ids = sents["sentence_id"].astype(str).to_numpy()
    s_start = sents["start"].to_numpy()
    s_end = sents["end"].to_numpy()
    s_text = sents["text"].to_numpy(object)
    s_seg = sents["segment_id"].astype(str).to_numpy()
    s_tid = sents["text_id"].astype(str).to_numpy()
    by_seg: dict = {}
    for k, seg in enumerate(s_seg):
        by_seg.setdefault(seg, []).append(k)

    def sentence_at(seg_id, offset):
        for k in by_seg.get(seg_id, []):
            if s_start[k] <= offset < s_end[k]:
                return k
        return by_seg.get(seg_id, [None])[0]

    reported_by_sentence: dict = {}
    for k in range(len(sents)):
        for a, b, verb, stance, who in _reported(s_text[k], vpat, verbs):
            start = s_start[k] + s_text[k].rfind(who, 0, a)
            row = dict(text_id=s_tid[k], segment_id=s_seg[k], sentence_id=sent_ids[k], type="reported",
                       who=who, verb=verb, verb_stance=stance, start=int(start), end=int(s_start[k] + b))
            rows.append(row)
            reported_by_sentence.setdefault(k, []).append(row)

    for seg in segs.itertuples(index=False):
        seg_id, text, base = str(seg.segment_id), seg.text, int(seg.start)
        for m in _QUOTES.finditer(text):
            g = 1 if m.group(1) is not None else 2
            a, b = base + m.start(g), base + m.end(g)
            inner = m.group(g)
            k = sentence_at(seg_id, a)
            n_words = len(_WORD.findall(inner))
            sentence_words = len(_WORD.findall(s_text[k])) if k is not None else n_words
            kind = "scare" if n_words <= 4 and sentence_words > n_words else "direct"
            who = ""
            if kind == "direct" and k is not None:
                words_of = _WORDS_OF.search(s_text[k])
                if words_of:
                    who = words_of.group(1).strip()
                else:
                    who = _adjacent_sayer(reported_by_sentence.get(k, []), base + m.start(), base + m.end())
            rows.append(dict(text_id=str(seg.text_id), segment_id=seg_id,
                             sentence_id=sent_ids[k] if k is not None else "",
                             type=kind, who=who, verb="", verb_stance="", start=a, end=b))
        for m in _SO_CALLED.finditer(text):
            words = []
            for w in _WORD.finditer(text, m.end()):
                gap = text[(words[-1].end() if words else m.end()):w.start()]
                if gap.strip() or w.group().lower() in sw or len(words) >= 3:
                    break
                words.append(w)
            if not words:
                continue
            a, b = base + words[0].start(), base + words[-1].end()
            k = sentence_at(seg_id, a)
            rows.append(dict(text_id=str(seg.text_id), segment_id=seg_id,
                             sentence_id=sent_ids[k] if k is not None else "",
                             type="so-called", who="", verb="so-called", verb_stance="distancing",
                             start=a, end=b))

    out = pd.DataFrame(rows, columns=["text_id", "segment_id", "sentence_id", "type", "who", "verb",
                                      "verb_stance", "start", "end"])
    out["sidecar"] = False
    out = _merge_sidecar(out, data, sents, sentence_at)
    speakers = segs.set_index(segs["segment_id"].astype(str))["speaker"].astype(str)
    out.insert(3, "speaker", out["segment_id"].map(speakers))
    texts = _texts(data)
    out["text"] = [texts[t][a:b] for t, a, b in zip(out["text_id"], out["start"], out["end"])]
    out = out.sort_values(["text_id", "start", "type"], kind="stable").reset_index(drop=True)
    return out[["text_id", "segment_id", "sentence_id", "speaker", "type", "who", "verb", "verb_stance",
                "start", "end", "text", "sidecar"]]


def _texts(data) -> dict:
    from .base import originals
    return originals(data)


def _quotations_table(data) -> pd.DataFrame:
    if hasattr(data, "quotations"):
        return data.quotations
    from .base import _documents
    docs = _documents(pd.unique(data["text_id"].astype(str)))
    q = pd.concat([d.quotations for d in docs.values()], ignore_index=True)
    return q[q["segment_id"].astype(str).isin(set(data["segment_id"].astype(str)))]


def _merge_sidecar(out: pd.DataFrame, data, sents, sentence_at) -> pd.DataFrame:
    """Mark found quotes that the sidecar also marks; add the sidecar's others."""
    q = _quotations_table(data)
    if q is None or q.empty:
        return out
    extra = []
    for row in q.itertuples(index=False):
        who = re.sub(r"^[\s\-–—]+", "", str(row.attribution or "")).strip() or str(row.voice)
        a, b = int(row.start), int(row.end)
        hit = (out["type"] == "direct") & (out["text_id"] == str(row.text_id)) & \
              (out["start"] < b) & (out["end"] > a)
        if hit.any():
            out.loc[hit, "sidecar"] = True
            out.loc[hit, "who"] = who
        else:
            k = sentence_at(str(row.segment_id), a)
            extra.append(dict(text_id=str(row.text_id), segment_id=str(row.segment_id),
                              sentence_id=str(sents["sentence_id"].iloc[k]) if k is not None else "",
                              type="direct", who=who, verb="", verb_stance="", start=a, end=b,
                              sidecar=True))
    if extra:
        out = pd.concat([out, pd.DataFrame(extra)], ignore_index=True)
    return out
