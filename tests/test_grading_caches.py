"""What grading works out once and reuses gives the same answers as working it out each time.

Grading a class reuses per-exercise preparation (gold spans, accepted
labels, the table of sentence ids), reads submissions with a faster
bracket-depth scan and pauses the garbage collector.  Each test here
compares the fast path with the plain rule it replaces, or checks that
nothing outlives the grading run.
"""

import gc
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from kit.answers import _depth
from kit.checkers import check, span_scores
from kit.checkers.common import sentence
from kit.exercises import Key, catalog, short_id
from kit.grading import grade

FIX = Path(__file__).parent / "data" / "exercises"
CAT = catalog(FIX)


def depth_by_hand(raw: bytes) -> int:
    """Bracket depth outside JSON strings, one byte at a time (the rule _depth must follow).

    A string runs from a quote to the next quote not escaped by a backslash;
    a backslash before a line break (or at the end) escapes nothing, so no
    string starts at that quote and it counts as a plain character.
    """
    deepest = depth = i = 0
    n = len(raw)
    while i < n:
        c = raw[i:i + 1]
        if c == b'"':
            j, closed = i + 1, False
            while j < n:
                b = raw[j:j + 1]
                if b == b'"':
                    closed = True
                    break
                if b == b"\\":
                    if j + 1 < n and raw[j + 1:j + 2] != b"\n":
                        j += 2
                        continue
                    break
                j += 1
            if closed:
                i = j + 1
                continue
        elif c in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif c in (b"]", b"}"):
            depth -= 1
        i += 1
    return deepest


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from([b'"', b"\\", b"[", b"]", b"{", b"}", b"a", b":", b",", b"\n", b" "]),
                max_size=60).map(b"".join))
def test_depth_matches_the_byte_by_byte_rule(raw):
    assert _depth(raw) == depth_by_hand(raw)


def test_depth_of_real_submissions():
    for p in sorted((Path(__file__).parent / "data" / "class").glob("*.json")):
        raw = p.read_bytes()
        assert _depth(raw) == depth_by_hand(raw), p.name
    deep = b'{"a": ' + b"[" * 40 + b'"]]]"' + b"]" * 40 + b"}"
    assert _depth(deep) == 41
    assert _depth(b'["\\\\\n[", [[]]]') == depth_by_hand(b'["\\\\\n[", [[]]]') == 3   # escaped backslash, then a line break


def test_sentence_ids_long_short_and_foreign():
    ex = CAT.get("90.3")
    for sid in ex.sentence_spans:
        assert sentence(ex, sid) == sid
        assert sentence(ex, f"{ex.text}:{sid}") == sid
        assert sentence(ex, f"other-text:{sid}") is None
    assert sentence(ex, "a2.s1") is None and sentence(ex, 3) is None and sentence(ex, None) is None
    # the table follows short_id's rule for every sentence of the text, in the unit or not
    doc = ex.document()
    for full in doc.sentences["sentence_id"].astype(str):
        short = short_id(full, ex.text)
        expected = short if short in ex.sentence_spans else None
        assert sentence(ex, full) == expected and sentence(ex, short) == expected


def test_span_exercise_scores_as_span_scores_says():
    ex = CAT.get("90.4")
    gold = [(i["start"], i["end"], i["label"]) for i in ex.key.items]
    answers = [[], [{"start": s, "end": e, "label": lab} for s, e, lab in gold],
               [{"start": gold[0][0] + 2, "end": gold[0][1] + 9, "label": gold[0][2]},
                {"start": gold[0][0], "end": gold[0][1], "label": gold[0][2]},   # marked twice: merged
                {"start": 5, "end": 40, "label": gold[-1][2]}]]
    for value in answers:
        r = check(ex, value, grading=True)
        expected = span_scores(gold, [(v["start"], v["end"], v["label"]) for v in value])
        assert r.details == expected
        assert r.points == round(ex.points * expected["f1"], 4)


def test_a_new_key_is_not_served_from_the_cache(tmp_path):
    cat = catalog(FIX)
    ex = cat.get("90.3")               # sentence labels
    first = next(iter(ex.sentence_spans))
    answer = {i["sentence"]: i["label"] for i in ex.key.items}
    assert check(ex, answer, grading=True).status == "correct"
    old = ex.key
    try:
        items = [dict(i) for i in old.items]
        other = next(lab for lab in ex.scheme if lab != items[0]["label"])
        items[0] = dict(items[0], label=other, accept=[])
        ex.key = Key(items=items)
        r = check(ex, answer, grading=True)
        assert r.status == "partial" and first in {f.item for f in r.feedback}
    finally:
        ex.key = old
    assert check(ex, answer, grading=True).status == "correct"


def test_grading_leaves_the_garbage_collector_as_it_found_it(tmp_path):
    sub = tmp_path / "s.json"
    sub.write_text(json.dumps({"schema": 1, "student": "s1", "answers": {}}))
    assert gc.isenabled()
    grade([sub], folder=FIX, progress=False)
    assert gc.isenabled()
    gc.disable()
    try:
        grade([sub], folder=FIX, progress=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
