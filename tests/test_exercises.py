"""Exercise specs and keys: loading, lookup, and every validation error with its file and line."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import kit.exercises as exercises
from kit.exercises import PRACTICE_ONLY_MARKER, catalog

ROOT = Path(__file__).parent.parent
FIX = Path(__file__).parent / "data" / "exercises"

SPEC = """\
notebook: 50-test
title: Test
exercises:
  - id: "50.1"
    type: single_choice
    mode: practice
    points: 1
    text: lavrov-new-regions-2025
    prompt: Pick one.
    options:
      - {id: a, text: first}
      - {id: b, text: second}
  - id: "50.2"
    type: sentence_labels
    mode: graded
    points: 2
    text: lavrov-new-regions-2025
    unit: [a1]
    prompt: Label.
    scheme: [morality, political]
  - id: "50.3"
    type: links
    mode: graded
    points: 2
    text: lavrov-new-regions-2025
    unit: [c2]
    prompt: Link.
  - id: "50.4"
    type: spans
    mode: graded
    points: 2
    text: lavrov-new-regions-2025
    unit: [a1]
    prompt: Mark.
    scheme: [loaded language]
"""

KEYS = """\
keys:
  "50.1":
    items:
      - {value: a, evidence: The so-called European values, rationale: r}
  "50.2":
    items:
      - {sentence: a1.s3, label: morality, evidence: the basic rules of decency, rationale: r}
  "50.3":
    items:
      - {source: c2.s4, target: c2.s2, relation: support, evidence: No they have not disappeared., rationale: r}
  "50.4":
    items:
      - {label: loaded language, evidence: maniacal desire, rationale: r}
"""


def make(tmp_path, spec=SPEC, keys=KEYS, name="50-test"):
    folder = tmp_path / "exercises"
    (folder / "keys").mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yml").write_text(spec, encoding="utf-8")
    if keys is not None:
        (folder / "keys" / f"{name}.yml").write_text(keys, encoding="utf-8")
    return folder


def problems(folder):
    return [str(p) for p in catalog(folder).problems]


def line_of(text, needle, nth=1):
    """1-based line of the nth line containing needle (so tests do not hard-code line numbers)."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return hits[nth - 1]


def test_fixture_catalog_loads_clean():
    cat = catalog(FIX)
    assert cat.problems == []
    assert [e.id for e in cat.notebook("91-second")] == ["91.1", "91.2", "91.3", "91.4"]
    assert {e.type for e in cat} == set(exercises.TYPES)
    ex = cat.get("90.3")
    assert ex.sentence_ids == ["a1.s3", "a1.s6", "a1.s10", "a1.s11"]
    assert ex.key.items[0]["sentence"] == "a1.s3"
    assert cat.get("90.4").key.items[2]["end"] - cat.get("90.4").key.items[2]["start"] == len("maniacal desire")
    with pytest.raises(KeyError, match="no exercise '99.9'"):
        cat.get("99.9")


def test_valid_small_folder(tmp_path):
    assert problems(make(tmp_path)) == []


@pytest.mark.parametrize("old,new,needle,message", [
    ("type: single_choice", "type: choice", "type: choice", "unknown type 'choice'"),
    ("mode: practice", "mode: homework", "mode: homework", "unknown mode 'homework'"),
    ("    prompt: Pick one.\n", "", 'id: "50.1"', "missing 'prompt'"),
    ("points: 1", "points: -1", "points: -1", "points must be a number, 0 or more"),
    ('id: "50.1"', "id: 50.1", "id: 50.1", 'the id must be a string: write id: "50.1"'),
    ("    scheme: [morality, political]\n", "", 'id: "50.2"', "needs a 'scheme'"),
    ("unit: [a1]\n    prompt: Label.", "unit: [a9]\n    prompt: Label.", "unit: [a9]", "unit 'a9' is neither"),
    ("text: lavrov-new-regions-2025\n    prompt: Pick", "text: no-such-text\n    prompt: Pick", "no-such-text",
     "no text 'no-such-text'"),
    ("    options:\n      - {id: a, text: first}\n      - {id: b, text: second}\n", "    hint: [x]\n", "hint: [x]",
     "did you mean 'hints'"),
])
def test_spec_errors_name_file_and_line(tmp_path, old, new, needle, message):
    spec = SPEC.replace(old, new, 1)
    assert spec != SPEC
    found = problems(make(tmp_path, spec=spec))
    where = f"50-test.yml:{line_of(spec, needle)}:"
    assert any(where in p and message in p for p in found), found


@pytest.mark.parametrize("old,new,needle,message", [
    ("{value: a,", "{value: z,", "value: z", "answer option 'z' is not among the options"),
    ("label: morality", "label: legality", "label: legality", "label 'legality' is not in the scheme"),
    ("sentence: a1.s3", "sentence: a1.s99", "a1.s99", "sentence id 'a1.s99' is not in the text"),
    ("sentence: a1.s3", "sentence: a2.s1", "a2.s1", "is not in the text unit a1"),
    ("relation: support", "relation: rebuts", "rebuts", "link relation 'rebuts' is not allowed"),
    ("evidence: the basic rules of decency", "evidence: the basic rules of courtesy", "courtesy",
     "evidence not found verbatim"),
    ("evidence: the basic rules of decency", "evidence: The Notorious Rule of Law", "Notorious",
     "with different quotes, dashes, spaces or capitals"),
    ("evidence: the basic rules of decency", "evidence: The past three years", "past three",
     "not inside sentence a1.s3"),
    ("evidence: maniacal desire", "evidence: the need to respect", "the need to respect",
     "is in lavrov-new-regions-2025 but not inside the unit a1"),
    (", rationale: r}\n  \"50.2\"", "}\n  \"50.2\"", "{value: a, evidence", "needs 'rationale'"),
    ('  "50.4":', '  "50.9":', '"50.9"', "key for an unknown exercise 50.9"),
])
def test_key_errors_name_file_and_line(tmp_path, old, new, needle, message):
    keys = KEYS.replace(old, new, 1)
    assert keys != KEYS
    found = problems(make(tmp_path, keys=keys))
    where = f"keys/50-test.yml:{line_of(keys, needle)}:"
    assert any(where in p and message in p for p in found), found


def test_duplicate_ids_across_notebooks(tmp_path):
    folder = make(tmp_path)
    (folder / "51-other.yml").write_text(SPEC.replace("50-test", "51-other"), encoding="utf-8")
    found = problems(folder)
    assert any("51-other.yml:4: duplicate exercise id 50.1 (also at 50-test.yml:4)" in p for p in found), found


def test_rubric_regex_and_all_correct_choice_are_rejected(tmp_path):
    spec = SPEC + """\
  - id: "50.5"
    type: short_text
    mode: graded
    points: 1
    prompt: Say.
  - id: "50.6"
    type: multiple_choice
    mode: practice
    points: 1
    prompt: Pick.
    options: [{id: a, text: x}, {id: b, text: y}]
"""
    keys = KEYS + """\
  "50.5":
    items:
      - {idea: x, patterns: ["(unclosed"], evidence: maniacal desire, rationale: r}
  "50.6":
    items:
      - {value: a, evidence: maniacal desire, rationale: r}
      - {value: b, evidence: maniacal desire, rationale: r}
"""
    found = problems(make(tmp_path, spec=spec, keys=keys))
    assert any(f":{line_of(keys, '(unclosed')}:" in p and "not a valid regular expression" in p for p in found)
    assert any("every option is marked correct" in p for p in found)


def test_missing_keys_depend_on_the_tree(tmp_path):
    # Instructor tree: a graded exercise without a key is a problem.
    keys = KEYS.split('  "50.2":')[0]
    found = problems(make(tmp_path / "a", keys=keys))
    assert any("exercise 50.2 has no key" in p for p in found)
    # Student release: keys/ holds practice keys only; graded ones may be absent, practice ones not.
    folder = make(tmp_path / "b", keys=keys)
    (folder / "keys" / PRACTICE_ONLY_MARKER).write_text("practice keys only\n")
    assert problems(folder) == []
    assert catalog(folder).get("50.2").key is None
    (folder / "keys" / "50-test.yml").write_text("keys: {}\n")
    assert any("exercise 50.1 has no key" in p for p in problems(folder))
    # No keys/ at all: everything loads, nothing can be checked.
    folder = make(tmp_path / "c", keys=None)
    shutil.rmtree(folder / "keys")
    cat = catalog(folder)
    assert cat.problems == [] and all(e.key is None for e in cat)


def test_broken_spec_raises_broken_key_is_dropped(tmp_path):
    # A spec with problems cannot be used: get() raises with the problems.
    folder = make(tmp_path / "a", spec=SPEC.replace("scheme: [morality, political]", "scheme: []"))
    with pytest.raises(exercises.ExerciseError, match="needs a 'scheme'"):
        catalog(folder).get("50.2")
    # A key with problems is dropped (the exercise still shows, it cannot be checked); the rest works.
    cat = catalog(make(tmp_path / "b", keys=KEYS.replace("label: morality", "label: legality")))
    assert cat.get("50.2").key is None
    assert "label 'legality'" in str(cat.broken["50.2"][0])
    assert cat.get("50.1").key is not None


def test_yaml_syntax_error_is_reported(tmp_path):
    found = problems(make(tmp_path, spec=SPEC.replace("options:\n      - {id: a", "options:\n      - {id: [a", 1)))
    assert any("50-test.yml:" in p and "invalid YAML" in p for p in found)


def test_module_functions_follow_kit_home(tmp_path, monkeypatch):
    shutil.copytree(FIX, tmp_path / "exercises")
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.setenv("KIT_TEXTS", str(ROOT / "texts"))
    assert exercises.get("90.2").type == "multiple_choice"
    assert [e.id for e in exercises.load_notebook("90-fixture")][:2] == ["90.1", "90.2"]
    assert len(exercises.all_exercises()) == 13
    assert exercises.validate() == []


def test_real_exercises_folder_loads_whatever_it_holds():
    cat = catalog(ROOT / "exercises")     # whatever state the real exercises are in
    for p in cat.problems:
        assert ".yml" in str(p) or "exercises" in str(p)
    for ex in cat:
        assert ex.type in exercises.TYPES and ex.mode in exercises.MODES


def test_cli_validate(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "kit", "exercises", "validate", "--dir", str(FIX)],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "13 exercises in 2 notebooks, 13 keys; 0 problem(s)" in ok.stdout
    folder = make(tmp_path, keys=KEYS.replace("relation: support", "relation: rebuts"))
    bad = subprocess.run([sys.executable, "-m", "kit", "exercises", "validate", "--dir", str(folder)],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert f"keys/50-test.yml:{line_of(KEYS, 'relation: support')}: key 50.3: link relation 'rebuts'" in bad.stderr
    listing = subprocess.run([sys.executable, "-m", "kit", "exercises", "list", "--dir", str(FIX)],
                             capture_output=True, text=True)
    assert listing.returncode == 0 and "90.4" in listing.stdout
    helptext = subprocess.run([sys.executable, "-m", "kit", "exercises", "--help"], capture_output=True, text=True)
    assert helptext.returncode == 0 and "validate" in helptext.stdout
