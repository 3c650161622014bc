"""What a widget shows: the blocks of text of an exercise's unit, its sentences,
and the text cut into runs at span boundaries (offsets into the original).

>>> import kit
>>> doc = kit.load("lavrov-new-regions-2025")
>>> [b["id"] for b in unit_blocks(doc, ["q1", "a1"])]
['q1', 'a1']
>>> list(unit_sentences(doc, ["q1"])["short_id"])
['q1.s1', 'q1.s2']
>>> [(r["start"], r["end"], r["labels"]) for r in runs(doc.original, 0, 48, [{"start": 8, "end": 14, "label": "naming"}])]
[(0, 8, []), (8, 14, ['naming']), (14, 48, [])]
"""

from __future__ import annotations

__all__ = ["document", "short_id", "unit_blocks", "unit_sentences", "normalize_spans",
           "runs", "spans_from"]


def document(text):
    """A Document from a text id, a path or a Document.

    >>> document("lavrov-new-regions-2025").id
    'lavrov-new-regions-2025'
    """
    if hasattr(text, "original") and hasattr(text, "segments"):
        return text
    from kit.document import load
    return load(text)


def short_id(full_id: str) -> str:
    """A segment or sentence id without its text prefix.

    >>> short_id("lavrov-new-regions-2025:a1.s3")
    'a1.s3'
    >>> short_id("a1.s3")
    'a1.s3'
    """
    from kit.ids import short
    return short(full_id)


def _unit_list(unit) -> list[str]:
    if unit is None:
        return []
    if isinstance(unit, str):
        return [unit]
    return [str(u) for u in unit]


def unit_blocks(doc, unit=None) -> list[dict]:
    """The blocks a widget shows: one per segment of the unit (or per sentence
    when the unit names sentences); all segments when the unit is empty.

    Each block has ``id``, ``start``, ``end``, ``speaker``, ``speaker_name``, ``kind``.

    >>> import kit
    >>> b = unit_blocks(kit.load("lavrov-new-regions-2025"), ["a1.s2"])[0]
    >>> b["id"], b["speaker"], b["kind"]
    ('a1.s2', 'lavrov', 'answer')
    """
    wanted = [short_id(u) for u in _unit_list(unit)]
    names = {s: info.get("name", s) for s, info in doc.speakers.items()}
    segments = {short_id(r["segment_id"]): r for r in _records(doc.segments)}
    if not wanted:
        return [_block(i, r, names) for i, r in segments.items()]
    sentences = {short_id(r["sentence_id"]): r for r in _records(doc.sentences)}
    blocks = []
    for u in wanted:
        row = segments.get(u) or sentences.get(u)
        if row is None:
            raise KeyError(f"'{u}' is neither a segment nor a sentence of '{doc.id}'")
        blocks.append(_block(u, row, names))
    return blocks


def _records(table) -> list[dict]:
    cols = [c for c in ("segment_id", "sentence_id", "speaker", "kind", "start", "end") if c in table]
    return table[cols].astype({"speaker": str, "kind": str}).to_dict("records")


def _block(block_id, row, names) -> dict:
    speaker = str(row["speaker"])
    return {"id": block_id, "start": int(row["start"]), "end": int(row["end"]), "speaker": speaker,
            "speaker_name": str(names.get(speaker, speaker)), "kind": str(row["kind"])}


def unit_sentences(doc, unit=None):
    """The sentences of a unit (segment ids or sentence ids), in text order,
    with an extra ``short_id`` column (``a1.s3``).

    >>> import kit
    >>> len(unit_sentences(kit.load("lavrov-new-regions-2025"))) > 50
    True
    """
    s = doc.sentences.copy()
    s["short_id"] = [short_id(i) for i in s.sentence_id.astype(str)]
    seg_short = [short_id(i) for i in s.segment_id.astype(str)]
    wanted = [short_id(u) for u in _unit_list(unit)]
    if not wanted:
        return s.reset_index(drop=True)
    keep = [sid in wanted or seg in wanted for sid, seg in zip(s.short_id, seg_short)]
    out = s[keep].reset_index(drop=True)
    if out.empty:
        raise KeyError(f"no sentences of '{doc.id}' in unit {wanted}")
    return out


def normalize_spans(spans, original: str) -> list[dict]:
    """Clean spans as a front end sends them: integer offsets inside the text,
    surrounding white space trimmed, empty and duplicate spans dropped, sorted.

    >>> normalize_spans([{"start": 5, "end": 0, "label": "x"}, {"start": 0, "end": 7, "label": "x"}], "ab cd  ")
    [{'start': 0, 'end': 5, 'label': 'x'}]
    """
    out, seen = [], set()
    for sp in spans or []:
        start, end = sorted((int(sp["start"]), int(sp["end"])))
        start, end = max(0, start), min(len(original), end)
        while start < end and original[start].isspace():
            start += 1
        while end > start and original[end - 1].isspace():
            end -= 1
        label = str(sp.get("label", ""))
        if start < end and (start, end, label) not in seen:
            seen.add((start, end, label))
            out.append({"start": start, "end": end, "label": label})
    return sorted(out, key=lambda d: (d["start"], d["end"], d["label"]))


def runs(original: str, start: int, end: int, spans) -> list[dict]:
    """Cut ``original[start:end]`` at every span boundary; each run lists the
    labels of the spans covering it (``start``, ``end``, ``text``, ``labels``).

    >>> [r["text"] for r in runs("abcdef", 0, 6, [{"start": 1, "end": 3, "label": "a"}, {"start": 2, "end": 5, "label": "b"}])]
    ['a', 'b', 'c', 'de', 'f']
    >>> [r["labels"] for r in runs("abcdef", 0, 6, [{"start": 1, "end": 3, "label": "a"}, {"start": 2, "end": 5, "label": "b"}])]
    [[], ['a'], ['a', 'b'], ['b'], []]
    """
    cuts = {start, end}
    inside = [sp for sp in spans or [] if sp["start"] < end and sp["end"] > start]
    for sp in inside:
        cuts.update(c for c in (sp["start"], sp["end"]) if start < c < end)
    edges = sorted(cuts)
    out = []
    for a, b in zip(edges, edges[1:]):
        labels = []
        for sp in inside:
            if sp["start"] <= a and sp["end"] >= b and sp["label"] not in labels:
                labels.append(sp["label"])
        out.append({"start": a, "end": b, "text": original[a:b], "labels": labels})
    return out


def spans_from(data, label: str = "label") -> list[dict]:
    """Spans from a table with ``start``/``end`` columns (and a label column),
    or from a list of dicts or ``(start, end[, label])`` tuples.

    >>> spans_from([(1, 4), (6, 9, "hedge")])
    [{'start': 1, 'end': 4, 'label': 'span'}, {'start': 6, 'end': 9, 'label': 'hedge'}]
    """
    if data is None:
        return []
    if hasattr(data, "columns"):
        for col in ("start", "end"):
            if col not in data.columns:
                raise ValueError(f"a table of spans needs '{col}' column (it has {list(data.columns)})")
        labels = data[label].astype(str) if label in data.columns else ["span"] * len(data)
        return [{"start": int(s), "end": int(e), "label": str(lab)}
                for s, e, lab in zip(data["start"], data["end"], labels)]
    out = []
    for item in data:
        if isinstance(item, dict):
            out.append({"start": int(item["start"]), "end": int(item["end"]),
                        "label": str(item.get(label, item.get("label", "span")))})
        else:
            s, e, *rest = item
            out.append({"start": int(s), "end": int(e), "label": str(rest[0]) if rest else "span"})
    return out
