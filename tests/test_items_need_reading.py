"""Items that need reading: no fixed answering pattern earns much without reading the text.

A student who labels the sentences in the order of the scheme (1, 2, 3 ..., or backwards, starting
anywhere), or gives every sentence one label, should not pass a labelling exercise; and the correct
option of the choice items should not always sit at the same letter.
"""

from collections import Counter

import pytest

import kit.exercises
from kit.checkers import check

#: The most the scheme's order (any start, either way) may earn, as a share of the points.
MAX_ORDER = 0.5
#: The most one label for every sentence may earn: above half only where the key's own ``accept``
#: alternatives add to it (04.4: three grounds, and a rebuttal that also accepts grounds).
MAX_ONE_LABEL = 2 / 3
#: The largest share of the key's sentences that may carry one (first) label.
MAX_KEY_SHARE = 0.5


def labelling():
    return [e for e in kit.exercises.all_exercises() if e.type == "sentence_labels" and e.key]


def order_patterns(ex):
    """Answers that follow the scheme's order: forwards and backwards, from every starting label."""
    scheme, sids = ex.scheme, ex.sentence_ids
    n = len(scheme)
    for start in range(n):
        for step in (1, -1):
            yield f"scheme order from {scheme[start]!r}, step {step}", {
                s: scheme[(start + step * i) % n] for i, s in enumerate(sids)}


@pytest.mark.parametrize("ex", labelling(), ids=lambda e: e.id)
def test_labelling_in_the_scheme_order_fails(ex):
    for name, answer in order_patterns(ex):
        share = check(ex, answer, grading=True).points / ex.points
        assert share <= MAX_ORDER, f"{ex.id}: {name} earns {share:.0%}; reorder the scheme in the spec"


@pytest.mark.parametrize("ex", labelling(), ids=lambda e: e.id)
def test_the_key_is_not_mostly_one_label(ex):
    top = Counter(i["label"] for i in ex.key.items).most_common(1)[0]
    assert top[1] <= MAX_KEY_SHARE * len(ex.key.items), f"{ex.id}: {top[1]} of {len(ex.key.items)} are {top[0]}"


@pytest.mark.parametrize("ex", labelling(), ids=lambda e: e.id)
def test_one_label_for_everything_fails(ex):
    for label in ex.scheme:
        share = check(ex, {s: label for s in ex.sentence_ids}, grading=True).points / ex.points
        assert share <= MAX_ONE_LABEL + 1e-9, f"{ex.id}: every sentence '{label}' earns {share:.0%}"


def test_the_order_test_can_fail():
    """The worst case it guards against: a key that is the scheme's order, sentence by sentence."""
    ex = labelling()[0]
    answer = dict(zip(ex.sentence_ids, [ex.scheme[i % len(ex.scheme)] for i in range(len(ex.sentence_ids))]))
    from kit.exercises import Exercise, Key
    fake = Exercise(id="x", type="sentence_labels", mode="graded", points=1, prompt="p", notebook="n",
                    text=ex.text, unit=ex.unit, scheme=ex.scheme)
    fake.key = Key(items=[{"sentence": s, "label": lab, "accept": []} for s, lab in answer.items()])
    assert max(check(fake, a, grading=True).points for _, a in order_patterns(fake)) == 1


def choice_keys(kind):
    for ex in kit.exercises.all_exercises():
        if ex.type == kind and ex.key:
            full = [i["value"] for i in ex.key.items if i.get("credit", 1) >= 1 and i.get("tier", "required") == "required"]
            yield ex, full


def test_single_choice_answers_are_spread_over_the_letters():
    golds = [(ex.notebook, full[0]) for ex, full in choice_keys("single_choice")]
    letters = Counter(g for _, g in golds)
    assert len(letters) >= 3, letters
    assert max(letters.values()) <= len(golds) / 2, f"one letter is right too often: {letters}"
    by_notebook: dict = {}
    for nb, g in golds:
        by_notebook.setdefault(nb, []).append(g)
    same = {nb: gs for nb, gs in by_notebook.items() if len(gs) >= 2 and len(set(gs)) == 1}
    assert same == {}, f"within a notebook the right option is always the same letter: {same}"


def test_multiple_choice_answers_are_not_always_the_same_options():
    sets = [tuple(sorted(full)) for _, full in choice_keys("multiple_choice")]
    assert max(Counter(sets).values()) <= max(2, len(sets) // 3), Counter(sets)
