"""Practice feedback: right and wrong on every try, the key's missing items one try at a time."""

import shutil
from pathlib import Path

import pytest

import kit

ROOT = Path(__file__).resolve().parents[1]
TEXT = kit.load("lavrov-new-regions-2025").original


@pytest.fixture
def home(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "texts", tmp_path / "texts")
    shutil.copytree(ROOT / "tests" / "data" / "tiers", tmp_path / "exercises")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.delenv("KIT_TEXTS", raising=False)
    monkeypatch.delenv("KIT_ANSWERS", raising=False)
    return tmp_path


def span(words, label="loaded language"):
    i = TEXT.index(words)
    return {"start": i, "end": i + len(words), "label": label}


def shown(html):
    import re
    return re.sub(r"<[^>]+>", " ", html)


def test_single_choice_names_the_key_only_from_the_second_try(home):
    from kit.widgets.binding import Binding
    b = Binding("93.3")
    first = shown(b.record("b"))
    assert "b: not the best answer" in first and "the key is c" not in first and "TIER-R8" not in first
    assert "the key is c" not in shown(b.record("b"))          # the same answer again is not a new try
    second = shown(Binding("93.3").record("a"))                # a new try, after a "restart"
    assert "defensible" in second and "the key prefers c" in second
    assert "TIER-R9" in second                                 # with the key's rationale


def test_spans_reveal_one_missing_item_per_try_and_on_request(home):
    from kit.checkers import practice
    from kit.widgets.binding import Binding
    b = Binding("93.1")
    one = shown(b.record([span("maniacal desire")]))
    assert "loaded language: found" in one and "1 more key item not shown yet" in one
    assert "predatory, colonial habits" not in one
    two = shown(b.record([span("maniacal desire"), span("vanished like smoke", "name calling or labelling")]))
    assert "The predatory, colonial habits" in two and "not marked" in two        # revealed on try 2
    assert "not in the key" in two                                                 # and the wrong span is named
    assert practice.state(b.exercise) == {"tries": 2, "revealed": 0}
    # a fully right answer shows everything it got right and counts no try
    full = shown(b.record([span("maniacal desire"), span("The predatory, colonial habits")]))
    assert "4 / 4" in full and practice.state(b.exercise)["tries"] == 2


def test_reveal_on_request_and_the_counts_survive_a_restart(home):
    from kit.checkers import practice
    from kit.widgets.binding import Binding
    b = Binding("93.1")
    b.record([span("maniacal desire", "name calling or labelling")])
    practice.reveal(b.exercise)
    again = Binding("93.1")                                      # a new kernel reads the counts from disk
    assert practice.state(again.exercise) == {"tries": 1, "revealed": 1}
    text = shown(again.feedback([span("maniacal desire", "name calling or labelling")]))
    assert "The predatory, colonial habits" in text                 # the one item asked for
    assert "marked, but as" not in text and "with a label the key does not give it" in text
    assert (home / "notebooks" / "answers" / "practice" / "93-tiers.json").is_file()
    # the counts stay out of the submission
    import kit.answers
    assert set(kit.answers.submission("s1")["answers"]) == {"93-tiers"}


def test_the_show_a_key_item_button(home):
    import kit.widgets
    box = kit.widgets.exercise("93.3")
    box.control.value = "b"
    assert "the key is c" not in shown(box.status.value)
    box.reveal.show()                                   # what a click does
    assert "the key is c" in shown(box.status.value) and "TIER-R8" in shown(box.status.value)
    assert getattr(kit.widgets.exercise("93.2"), "reveal") is None        # graded: no button
