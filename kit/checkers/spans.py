"""Span annotation with labels, scored as in SemEval-2020 Task 11.

:func:`span_scores` gives precision, recall and F1 with partial credit for
partial overlap (Da San Martino et al. 2020, the propaganda techniques
task).  Spans are ``(start, end, label)`` with character offsets and an
exclusive end (or dicts with those keys).

1. Overlapping spans with the same label are merged, on both sides, so a
   student who marks one span twice does not earn its recall twice.  Spans
   that only touch (one ends where the next starts) are not merged; they
   share no character.
2. A predicted span is credited for *every* gold span of the same label it
   overlaps, in proportion to the overlap:
   ``precision = (1/|P|) Σ_p Σ_g |p ∩ g| / |p|`` and
   ``recall = (1/|G|) Σ_g Σ_p |p ∩ g| / |g|``; F1 is their harmonic mean.
3. Edge cases: both sides empty gives precision = recall = F1 = 1; one side
   empty gives 0 for all three; zero-length spans are dropped; a label that
   differs earns nothing, whatever the overlap.  ``labels=False`` ignores
   labels (the span-identification variant).

Worked by hand: gold A = [10, 20), B = [30, 40); predicted A = [15, 25),
A = [30, 40), B = [32, 36).  The first prediction covers 5 of its 10
characters with gold A (0.5); the second has the wrong label (0); the third
lies inside gold B (4/4 = 1).  Precision = (0.5 + 0 + 1) / 3 = 0.5.  Gold A is
covered 5/10, gold B 4/10: recall = (0.5 + 0.4) / 2 = 0.45.  F1 = 2 × 0.5 ×
0.45 / 0.95 ≈ 0.4737.

>>> s = span_scores([(10, 20, "A"), (30, 40, "B")],
...                 [(15, 25, "A"), (30, 40, "A"), (32, 36, "B")])
>>> round(s["precision"], 4), round(s["recall"], 4), round(s["f1"], 4)
(0.5, 0.45, 0.4737)

An exercise's points are ``F1 × points``.

**Tiers.** A key item may say ``tier: acceptable`` (the default is
``required``): a defensible span the key does not ask for.  Recall is
measured against the required items only; precision against required and
acceptable items together (:func:`tiered_scores`).  A student who marks an
acceptable span therefore loses no precision (it is credited as precise,
in proportion to its overlap, as a required span would be) and needs not
mark it for full recall.

Worked by hand: required A = [10, 20), acceptable A = [50, 60); predicted
A = [10, 20), A = [50, 60), A = [70, 80).  Precision = (1 + 1 + 0) / 3 =
2/3 (without the acceptable tier it would be 1/3); recall = 1/1 = 1 (the
acceptable span is not needed: marking only [10, 20) has recall 1 too);
F1 = 2 × 2/3 × 1 / (5/3) = 0.8.

>>> s = tiered_scores([(10, 20, "A")], [(50, 60, "A")], [(10, 20, "A"), (50, 60, "A"), (70, 80, "A")])
>>> round(s["precision"], 4), s["recall"], round(s["f1"], 4)
(0.6667, 1.0, 0.8)
"""

from __future__ import annotations

from .common import MAX_ITEMS, fraction_result, key_feedback, prepared
from .result import Feedback

NEEDS_TEXT = True

__all__ = ["span_scores", "tiered_scores", "merge", "TIERS", "check_tier", "describe", "hit", "secrets", "others",
           "agreement_rows", "NEEDS_TEXT", "check_spec", "check_key", "problems", "summary", "score"]


def _norm(spans, labels: bool) -> list:
    out = []
    for s in spans:
        if isinstance(s, dict):
            start, end, label = s["start"], s["end"], s.get("label")
        else:
            start, end, label = (tuple(s) + (None,))[:3]
        start, end = int(start), int(end)
        if end < start:
            raise ValueError(f"span ({start}, {end}) ends before it starts")
        if end > start:
            out.append((start, end, label if labels else None))
    return out


def merge(spans) -> list:
    """Merge overlapping spans with the same label.

    >>> merge([(0, 5, "A"), (3, 8, "A"), (8, 9, "A"), (2, 4, "B")])
    [(0, 8, 'A'), (8, 9, 'A'), (2, 4, 'B')]
    """
    out: list = []
    by_label: dict = {}
    for s in spans:
        by_label.setdefault(s[2], []).append(s)
    for label, group in by_label.items():
        group.sort()
        cur = list(group[0])
        for start, end, _ in group[1:]:
            if start < cur[1]:
                cur[1] = max(cur[1], end)
            else:
                out.append(tuple(cur))
                cur = [start, end, label]
        out.append(tuple(cur))
    return out


def _credit(spans, others) -> float:
    """Σ over ``spans`` of the share of each covered by same-label ``others``."""
    total = 0.0
    for a0, a1, la in spans:
        covered = 0
        for b0, b1, lb in others:
            if la == lb and b0 < a1 and a0 < b1:
                covered += min(a1, b1) - max(a0, b0)
        total += covered / (a1 - a0)
    return total


def span_scores(gold, predicted, labels: bool = True) -> dict:
    """Precision, recall and F1 of ``predicted`` spans against ``gold`` (see the module doc).

    >>> span_scores([], [])
    {'precision': 1.0, 'recall': 1.0, 'f1': 1.0}
    >>> span_scores([(0, 10, "A")], [(0, 5, "A"), (3, 10, "A")])   # merged into (0, 10)
    {'precision': 1.0, 'recall': 1.0, 'f1': 1.0}
    """
    return _scores(merge(_norm(gold, labels)), merge(_norm(predicted, labels)))


def tiered_scores(required, acceptable, predicted, labels: bool = True) -> dict:
    """Precision against required + acceptable spans, recall against required ones (module doc).

    With no acceptable spans this is :func:`span_scores`:

    >>> tiered_scores([(0, 10, "A")], [], [(0, 5, "A")]) == span_scores([(0, 10, "A")], [(0, 5, "A")])
    True
    """
    req = merge(_norm(required, labels))
    return _scores(req, merge(_norm(predicted, labels)), merge(_norm(list(required) + list(acceptable), labels)))


def _scores(g: list, p: list, g_all: list | None = None) -> dict:
    """Precision, recall and F1 of merged spans ``p`` against merged spans ``g``.

    ``g_all`` (merged required + acceptable spans) is what precision is measured against.
    """
    if not g and not p:
        return {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    if not g or not p:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    precision = _credit(p, g if g_all is None else g_all) / len(p)
    recall = _credit(g, p) / len(g)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# ---------------------------------------------------------------- the exercise type

def check_spec(ex, raw, err) -> None:
    """Spans need a scheme of labels and a text."""
    if not ex.scheme:
        err("scheme" if "scheme" in raw else None, "a spans exercise needs a 'scheme' (its labels)")


def _occurrences(original: str, ranges, evidence: str):
    for start, end in ranges:
        i = original.find(evidence, start, end)
        while i != -1:
            yield i
            i = original.find(evidence, i + 1, end)


#: Key item tiers of spans and links: recall counts ``required`` items only.
TIERS = ("required", "acceptable")


def check_tier(items, err, what: str = "item") -> None:
    """``tier`` is required (the default) or acceptable; at least one item is required."""
    for n, item in enumerate(items):
        tier = item.get("tier", "required")
        if tier not in TIERS:
            err(n, "tier", f"tier must be required or acceptable, not {tier!r}")
        item["tier"] = str(tier)
    if items and all(i["tier"] == "acceptable" for i in items):
        err(0, "tier", f"every {what} is acceptable: at least one must be required (recall counts those)")


def check_key(ex, items, raw, err) -> list:
    """Label in the scheme; the evidence (its ``occurrence``-th time) inside the unit gives the span.

    ``tier`` is ``required`` (default) or ``acceptable``.
    """
    original = ex.outline().original
    check_tier(items, err, "span")
    for n, item in enumerate(items):
        if item.get("label") not in ex.scheme:
            err(n, "label", f"label {item.get('label')!r} is not in the scheme ({', '.join(ex.scheme)})")
        occurrence = item.get("occurrence", 1)
        if isinstance(occurrence, bool) or not isinstance(occurrence, int) or occurrence < 1:
            err(n, "occurrence", "occurrence must be a whole number, 1 or more")
            continue
        ev = item.get("evidence", "")
        found = list(_occurrences(original, ex.unit_ranges, ev))
        if len(found) < occurrence:
            where = f"unit {', '.join(ex.unit)}" if ex.unit else "text"
            if ev in original and not found:
                err(n, "evidence", f"the evidence is in {ex.text} but not inside the {where}")
            elif found:
                err(n, "occurrence", f"the evidence occurs {len(found)} time(s) in the {where}, not {occurrence}")
            continue
        item["start"] = found[occurrence - 1]
        item["end"] = item["start"] + len(ev)
    return items


def problems(ex, value) -> list[str]:
    """A list of {start, end, label} with offsets inside the text and labels from the scheme."""
    if not isinstance(value, list):
        return [f"expected a list of spans, got {type(value).__name__}"]
    if len(value) > MAX_ITEMS:
        return [f"too many spans ({len(value)})"]
    n_chars = len(ex.outline().original)
    out = []
    for n, span in enumerate(value, 1):
        if not isinstance(span, dict):
            out.append(f"span {n}: expected {{start, end, label}}, got {type(span).__name__}")
            continue
        start, end, label = span.get("start"), span.get("end"), span.get("label")
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            out.append(f"span {n}: start and end must be whole numbers")
        elif not 0 <= start < end <= n_chars:
            out.append(f"span {n}: offsets {start}-{end} are outside the text (0-{n_chars}) or empty")
        if not isinstance(label, str) or label not in ex.scheme:
            out.append(f"span {n}: {str(label)[:40]!r} is not a label of the scheme")
        if len(out) >= 5:
            break
    return out


def summary(ex, value) -> str:
    return f"{len(value)} span(s) marked"


def _gold(ex) -> tuple:
    """The key's spans as (start, end, label); required ones merged; all merged."""
    gold = [(i["start"], i["end"], i["label"]) for i in ex.key.items]
    req = [g for g, i in zip(gold, ex.key.items) if i.get("tier", "required") == "required"]
    return gold, merge(_norm(req, True)), merge(_norm(gold, True))


def score(ex, value):
    """F1 × points, with feedback on each key span and each unmatched answer span."""
    original = ex.outline().original
    gold, gold_req, gold_all = prepared(ex, "spans.gold", _gold)
    pred = merge(_norm(value, True))
    scores = _scores(gold_req, pred, gold_all)   # tiered_scores(...): pred is merged already
    feedback = []
    for item, g in zip(ex.key.items, gold):
        share = _credit([g], pred)
        if item.get("tier") == "acceptable":
            if share > 0:
                feedback.append(key_feedback(item, True, f"{g[2]}: marked; the key accepts it (not required)",
                                             f"{g[0]}-{g[1]}"))
            continue
        other = [p[2] for p in pred if p[0] < g[1] and g[0] < p[1] and p[2] != g[2]]
        if share >= 0.999:
            msg = f"{g[2]}: found"
        elif share > 0:
            msg = f"{g[2]}: {share:.0%} of it marked"
        elif other:
            msg = f"{g[2]}: marked, but as {other[0]}"
        else:
            msg = f"{g[2]}: not marked"
        if share >= 0.999:
            conceal = None
        elif share > 0:
            conceal = f"{g[2]}: one of your spans covers part of a key span; the key's span is longer or shifted"
        elif other:
            conceal = "one of your spans sits on a key span, with a label the key does not give it"
        else:
            conceal = ""
        feedback.append(key_feedback(item, share >= 0.999 or (False if share == 0 else None), msg, f"{g[0]}-{g[1]}",
                                     conceal))
    for p in pred:
        if _credit([p], gold_all) == 0:
            snippet = original[p[0]:p[1]]
            snippet = snippet if len(snippet) <= 60 else snippet[:59] + "…"
            feedback.append(Feedback(False, f"{p[2]} on \u201c{snippet}\u201d: not in the key", item=f"{p[0]}-{p[1]}"))
    return fraction_result(ex, scores["f1"], feedback, details=scores)


def describe(ex, item) -> str:
    tier = " (acceptable)" if item.get("tier") == "acceptable" else ""
    return f"{item['label']}: \u201c{item['evidence'][:50]}\u201d{tier}"


def hit(ex, item, value) -> bool:
    """At least half of the key span is marked with its label."""
    return _credit([(item["start"], item["end"], item["label"])], merge(_norm(value, True))) >= 0.5


def secrets(ex) -> list[str]:
    """Each key span's label with its words: ``loaded language: maniacal desire``."""
    return [f"{i['label']}: {i['evidence']}" for i in ex.key.items]


def others(ex, value) -> list:
    """``(label: “words”, key suggestion)`` for each span of this answer that touches no key span of its label.

    The words are trimmed of spaces and punctuation at both ends, so that
    students who marked the same words with slightly different edges count
    together.
    """
    original = ex.outline().original
    _, _, gold_all = prepared(ex, "spans.gold", _gold)
    out = []
    for p in merge(_norm(value, True)):
        if _credit([p], gold_all) == 0:
            words = " ".join(original[p[0]:p[1]].split()).strip(" .,;:!?\"'\u201c\u201d\u2018\u2019()-\u2013\u2014")
            if words:
                out.append((f"{p[2]}: \u201c{words[:80]}\u201d",
                            f"- {{label: {p[2]}, evidence: {_yaml_str(words)}, tier: acceptable, rationale: ...}}"))
    return out


def _yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def agreement_rows(ex, answers: dict) -> tuple:
    """Agreement material, one item per word token of the unit (its label: the labels covering it).

    Returns (coder, item, label) rows, the key's rows, sentence texts, and
    item → short sentence id.
    """
    from .. import ids
    from .sentence_labels import NONE_LABEL
    doc = ex.document()
    tok = doc.tokens[doc.tokens["is_word"]]
    ranges = ex.unit_ranges
    keep = [(int(a), int(b), ids.short(s)) for a, b, s in zip(tok["start"], tok["end"], tok["sentence_id"].astype(str))
            if any(r0 <= a and b <= r1 for r0, r1 in ranges)]
    sentence_of = {f"{a}-{b}": s for a, b, s in keep}
    spans_of = {ids.short(s): (int(a), int(b)) for s, a, b in
                zip(doc.sentences["sentence_id"].astype(str), doc.sentences["start"], doc.sentences["end"])}
    texts = {s: doc.original[slice(*spans_of[s])] for _, _, s in keep}

    def labels_of(spans):
        out = []
        for a, b, _ in keep:
            labs = sorted({sp[2] for sp in spans if sp[0] < b and a < sp[1]})
            out.append("+".join(labs) if labs else NONE_LABEL)
        return out

    gold = [(i["start"], i["end"], i["label"]) for i in ex.key.items if i.get("tier", "required") == "required"]
    key_rows = [("KEY", f"{a}-{b}", lab) for (a, b, _), lab in zip(keep, labels_of(gold))]
    rows = []
    for student, value in answers.items():
        spans = [(s["start"], s["end"], s["label"]) for s in value]
        rows += [(student, f"{a}-{b}", lab) for (a, b, _), lab in zip(keep, labels_of(spans))]
    return rows, key_rows, texts, sentence_of
