"""Sentence labelling: a label from the scheme for each sentence, scored per sentence.

The answer maps sentence ids to labels (``{"a1.s3": "morality"}``).  The
scored sentences are those the key labels together with those the student
labelled; each counts once, and is right when the labels agree (a key item
may list further acceptable labels in ``accept``)::

    fraction = right / |key sentences ∪ labelled sentences|

Worked example: the key labels a1.s2 and a1.s3; a student labels a1.s2 as
in the key, a1.s3 differently and a1.s4, which the key leaves unlabelled.
Three sentences count, one is right: 1/3 of the points.  Labelling extra
sentences therefore costs credit, and an empty answer earns none.
"""

from __future__ import annotations

from .common import MAX_ITEMS, fraction_result, key_feedback, prepared, sentence
from .result import Feedback

__all__ = ["check_spec", "check_key", "problems", "summary", "score", "fraction", "describe", "hit", "secrets",
           "others", "agreement_rows", "NEEDS_TEXT", "NONE_LABEL"]

NEEDS_TEXT = True
#: The label of a sentence a student left unlabelled (in agreement tables).
NONE_LABEL = "(none)"


def fraction(answer: dict, key: dict) -> float:
    """Share of points: ``answer`` and ``key`` map sentence ids to a label (key: a set of labels).

    >>> fraction({"s2": "A", "s3": "B", "s4": "A"}, {"s2": {"A"}, "s3": {"A"}})
    0.3333333333333333
    """
    counted = set(answer) | set(key)
    if not counted:
        return 1.0
    return sum(1 for s in counted if s in key and answer.get(s) in key[s]) / len(counted)


def check_spec(ex, raw, err) -> None:
    """A scheme of labels and a text; the unit says which sentences."""
    if not ex.scheme:
        err("scheme" if "scheme" in raw else None, "a sentence_labels exercise needs a 'scheme' (its labels)")


def check_key(ex, items, raw, err) -> list:
    """Each item: a sentence of the unit, a label of the scheme, evidence inside that sentence."""
    seen = {}
    original = ex.outline().original
    for n, item in enumerate(items):
        sid = sentence(ex, item.get("sentence"))
        if sid is None:
            err(n, "sentence", f"sentence id {item.get('sentence')!r} is not in the text"
                               f"{' unit ' + ', '.join(ex.unit) if ex.unit else ''}")
            continue
        if sid in seen:
            err(n, "sentence", f"sentence {sid} has two key items")
        seen[sid] = n
        accept = item.get("accept") or []
        accept = [accept] if isinstance(accept, str) else accept
        for label in [item.get("label"), *accept]:
            if label not in ex.scheme:
                err(n, "label", f"label {label!r} is not in the scheme ({', '.join(ex.scheme)})")
        start, end = ex.sentence_spans[sid]
        ev = item.get("evidence", "")
        if ev in original and ev not in original[start:end]:
            err(n, "evidence", f"the evidence is not inside sentence {sid}")
        item["sentence"] = sid
        item["accept"] = [str(a) for a in accept]
    return items


def problems(ex, value) -> list[str]:
    """A mapping of the exercise's sentence ids to labels of the scheme."""
    if not isinstance(value, dict):
        return [f"expected a mapping of sentence ids to labels, got {type(value).__name__}"]
    if len(value) > MAX_ITEMS:
        return [f"too many sentences ({len(value)})"]
    out = []
    for sid, label in value.items():
        if sentence(ex, sid) is None:
            out.append(f"{str(sid)[:40]!r} is not a sentence of this exercise")
        elif label is not None and (not isinstance(label, str) or label not in ex.scheme):
            out.append(f"{sid}: {str(label)[:40]!r} is not a label of the scheme")
        if len(out) >= 5:
            break
    return out


def _answer(ex, value) -> dict:
    return {sentence(ex, s): label for s, label in value.items() if label is not None}


def summary(ex, value) -> str:
    return f"{len(_answer(ex, value))} sentence(s) labelled"


def _key(ex) -> tuple:
    """Sentence id → key item, and sentence id → the labels accepted there."""
    key = {i["sentence"]: i for i in ex.key.items}
    return key, {s: {i["label"], *i.get("accept", [])} for s, i in key.items()}


def score(ex, value):
    """Per-sentence credit with feedback for every counted sentence."""
    answer = _answer(ex, value)
    key, accepted = prepared(ex, "sentence_labels.key", _key)
    feedback = []
    for sid in ex.sentence_spans:   # the exercise's sentences, in unit order
        given = answer.get(sid)
        if sid in key:
            item = key[sid]
            ok = given in accepted[sid]
            if ok:
                msg = f"{sid}: {given}, as in the key"
            elif given is None:
                msg = f"{sid}: not labelled; the key has {item['label']}"
            else:
                msg = f"{sid}: {given}; the key has {item['label']}"
            conceal = None if ok else (f"{sid}: not labelled yet" if given is None
                                       else f"{sid}: {given} is not the key's label")
            feedback.append(key_feedback(item, ok, msg, sid, conceal))
        elif given is not None:
            feedback.append(Feedback(False, f"{sid}: labelled {given}, but the key leaves it unlabelled", item=sid))
    share = fraction(answer, accepted)
    return fraction_result(ex, share, feedback, details={"accuracy": share})


def describe(ex, item) -> str:
    return f"{item['sentence']}: {item['label']}"


def hit(ex, item, value) -> bool:
    return _answer(ex, value).get(item["sentence"]) in {item["label"], *item.get("accept", [])}


def secrets(ex) -> list[str]:
    """Each key sentence with its label(s): ``a1.s3: morality``."""
    return [f"{i['sentence']}: {label}" for i in ex.key.items for label in [i["label"], *i.get("accept", [])]]


def others(ex, value) -> list:
    """``(description, key suggestion)`` for each label of this answer the key does not accept there."""
    key, accepted = prepared(ex, "sentence_labels.key", _key)
    out = []
    for sid, label in sorted(_answer(ex, value).items()):
        if label in accepted.get(sid, ()):
            continue
        if sid in key:
            hint = f"sentence {sid}: accept: [{', '.join([*key[sid].get('accept', []), label])}]"
        else:
            hint = f"- {{sentence: {sid}, label: {label}, evidence: ..., rationale: ...}}"
        out.append((f"{sid}: {label}", hint))
    return out


def agreement_rows(ex, answers: dict) -> tuple:
    """Agreement material: (coder, item, label) rows, the key's rows, item texts and item → sentence.

    ``answers`` maps a student to that student's well-formed answer.  Every
    sentence of the unit is an item; an unlabelled one gets ``NONE_LABEL``.
    """
    original = ex.outline().original
    items = ex.sentence_ids
    texts = {sid: original[a:b] for sid, (a, b) in ex.sentence_spans.items()}
    gold = {i["sentence"]: i["label"] for i in ex.key.items}
    key_rows = [("KEY", sid, gold.get(sid, NONE_LABEL)) for sid in items]
    rows = []
    for student, value in answers.items():
        labels = _answer(ex, value)
        rows += [(student, sid, labels.get(sid) or NONE_LABEL) for sid in items]
    return rows, key_rows, texts, {sid: sid for sid in items}
