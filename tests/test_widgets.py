"""The Python side of kit.widgets: state, saving, restoring, feedback.

Each test sets widget traits the way the front end does (a click sets a
RadioButtons' ``value``, a mouse selection sets a TextView's ``spans``), then
reads the answers file on disk, builds a fresh widget (as after a kernel
restart) and checks the answer came back. The exercises are the fixtures of
the browser suite (``tests/browser/fixtures/exercises``) on the seed text;
the real kit.exercises, kit.checkers and kit.answers do the work.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "browser" / "fixtures" / "exercises"
SEED = "lavrov-new-regions-2025"
ORIGINAL = (REPO / "texts" / f"{SEED}.txt").read_text(encoding="utf-8")


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A KIT_HOME with the seed text and the fixture exercises; answers go to notebooks/answers."""
    shutil.copytree(REPO / "texts", tmp_path / "texts")
    shutil.copytree(FIXTURES, tmp_path / "exercises")
    (tmp_path / "notebooks").mkdir()
    monkeypatch.setenv("KIT_HOME", str(tmp_path))
    monkeypatch.delenv("KIT_TEXTS", raising=False)
    monkeypatch.delenv("KIT_ANSWERS", raising=False)
    return tmp_path


def on_disk(home, exercise_id):
    """The value saved for an exercise, read from the JSON file itself."""
    import kit.answers
    path = kit.answers.path_for("99-widgets")
    assert path.is_relative_to(home)
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["answers"][exercise_id]["value"]


def w():
    import kit.widgets
    return kit.widgets


# ---------------------------------------------------------------- questions

def test_single_choice_saves_explains_and_restores(home):
    box = w().exercise("99.1")
    assert box.control.value is None and box.status.value == ""
    box.control.value = "a"  # the student clicks option a
    assert on_disk(home, "99.1") == "a"
    assert "1 / 1 points" in box.status.value
    assert "exposed its true face" in box.status.value and "metaphor of unmasking" in box.status.value
    again = w().exercise("99.1")
    assert again.control.value == "a" and "1 / 1 points" in again.status.value


def test_single_choice_wrong_option_gets_no_point_and_the_key(home):
    box = w().single_choice("99.1")
    box.control.value = "b"
    assert on_disk(home, "99.1") == "b"
    assert "0 / 1 points" in box.status.value and "✗" in box.status.value


def test_hints_are_revealed_one_at_a_time(home):
    box = w().exercise("99.1")
    button, shown = box.hints.children
    assert "Read sentence" not in shown.value
    button.click()
    assert "Read sentence a1.s2" in shown.value and "unmasking" not in shown.value
    button.click()
    assert "unmasking" in shown.value and button.disabled


def test_multiple_choice_saves_the_ticked_options(home):
    box = w().exercise("99.2")
    box.control.checkboxes["d"].value = True
    box.control.checkboxes["a"].value = True
    assert on_disk(home, "99.2") == ["a", "d"]
    assert "points" in box.status.value
    box.control.checkboxes["d"].value = False
    assert on_disk(home, "99.2") == ["a"]
    again = w().exercise("99.2")
    assert [k for k, cb in again.control.checkboxes.items() if cb.value] == ["a"]


def test_numeric_graded_saves_numbers_and_refuses_words(home):
    box = w().exercise("99.3")
    box.control.value = "11"
    assert on_disk(home, "99.3") == 11
    assert "Saved at" in box.status.value and "graded after you submit" in box.status.value
    assert "points" not in box.status.value  # a graded item shows no score
    box.control.value = "eleven"
    assert "not a number yet" in box.status.value
    assert on_disk(home, "99.3") == 11  # the last number stays saved
    assert w().exercise("99.3").control.value == "11"


def test_short_text_saves_as_typed(home):
    box = w().exercise("99.4")
    box.control.value = "It was discarded."
    assert on_disk(home, "99.4") == "It was discarded."
    assert "1 / 1 points" in box.status.value and "were discarded" in box.status.value
    assert w().exercise("99.4").control.value == "It was discarded."


def test_code_shows_starter_saves_changes_only(home):
    import kit.answers
    box = w().exercise("99.8")
    assert box.control.value.startswith("def count_words(text):")
    assert kit.answers.get("99-widgets", "99.8") is None  # showing the starter saves nothing
    box.control.value = "def count_words(text):\n    return len(text.split())\n"
    assert "len(text.split())" in on_disk(home, "99.8")
    assert "Saved at" in box.status.value
    assert "len(text.split())" in w().exercise("99.8").control.value


def test_saved_answer_that_no_longer_fits_is_kept_on_disk(home):
    import kit.answers
    kit.answers.save("99-widgets", "99.2", ["a", "z"])
    box = w().exercise("99.2")
    assert "could not be shown" in box.status.value
    assert on_disk(home, "99.2") == ["a", "z"]


# ---------------------------------------------------------------- sentence labeller

def test_sentence_labeller_rows_save_and_restore(home):
    box = w().exercise("99.5")
    rows = box.control.rows
    assert [r["id"] for r in rows] == [f"a1.s{i}" for i in range(1, 12)]
    assert rows[2]["text"] == "The notorious rule of law and the basic rules of decency were discarded."
    box.control.value = {"a1.s3": "evaluative"}  # what the front end sends after a key press
    assert on_disk(home, "99.5") == {"a1.s3": "evaluative"}
    # practice feedback says what is wrong without giving the key's label away on the first try
    assert "1.5 / 3 points" in box.status.value and "a1.s10: not labelled yet" in box.status.value
    assert "the key has policy" not in box.status.value
    box.control.value = {"a1.s3": "evaluative", "a1.s10": "policy", "q1.s1": "factual", "a1.s4": "nonsense"}
    assert on_disk(home, "99.5") == {"a1.s3": "evaluative", "a1.s10": "policy"}  # out-of-unit and unknown dropped
    assert "3 / 3 points" in box.status.value
    assert w().exercise("99.5").control.value == {"a1.s3": "evaluative", "a1.s10": "policy"}


# ---------------------------------------------------------------- span highlighter

def test_span_highlighter_stores_offsets_into_the_original(home):
    box = w().exercise("99.6")
    view = box.control
    start = ORIGINAL.index("hegemonic instincts")
    # a mouse selection often takes the space before a word: it is trimmed
    assert ORIGINAL[start - 1] == " "
    view.spans = [{"start": start - 1, "end": start + 19, "label": "loaded language"}]
    want = [{"start": start, "end": start + 19, "label": "loaded language"}]
    assert on_disk(home, "99.6") == want
    assert ORIGINAL[want[0]["start"]:want[0]["end"]] == "hegemonic instincts"
    marked = [r for b in view.blocks for r in b["runs"] if r["labels"]]
    assert [(r["text"], r["labels"]) for r in marked] == [("hegemonic instincts", ["loaded language"])]
    assert view.span_items[0]["text"] == "hegemonic instincts"
    assert "loaded language: found" in box.status.value and "1 more key item not shown yet" in box.status.value
    assert "scare quotes: not marked" not in box.status.value     # revealed on the next try, not the first
    again = w().exercise("99.6")
    assert again.control.spans == want
    view.spans = []  # the student removes it
    assert on_disk(home, "99.6") == []


def test_span_highlighter_shows_only_the_unit_and_offers_the_scheme(home):
    view = w().exercise("99.6").control
    assert [b["id"] for b in view.blocks] == ["a1"]
    assert view.scheme == ["scare quotes", "loaded language"]
    first = view.words[0]
    assert ORIGINAL[first[0]:first[1]] == "The"  # keyboard selection walks these words
    block = view.blocks[0]
    assert "".join(r["text"] for r in block["runs"]) == ORIGINAL[block["runs"][0]["start"]:block["runs"][-1]["end"]]


def test_overlapping_spans_cut_into_runs_with_both_labels(home):
    view = w().exercise("99.6").control
    s = ORIGINAL.index('"collective West"')
    view.spans = [{"start": s, "end": s + 17, "label": "scare quotes"},
                  {"start": s + 1, "end": s + 40, "label": "loaded language"}]
    labels = {r["text"]: r["labels"] for b in view.blocks for r in b["runs"] if r["labels"]}
    assert labels['"'] == ["scare quotes"]
    assert labels['collective West"'] == ["scare quotes", "loaded language"]


# ---------------------------------------------------------------- claim linker

def test_claim_linker_adds_lists_maps_and_removes(home):
    box = w().exercise("99.7")
    ui = box.control
    assert ui.add.disabled
    ui.claim.value, ui.source.value = "a1.s2", "a1.s3"
    assert not ui.add.disabled
    ui.relation.value = "support"
    ui.add.click()
    want = [{"source": "a1.s3", "target": "a1.s2", "relation": "support"}]
    assert on_disk(home, "99.7") == want
    assert "1 / 1 points" in box.status.value
    assert "a1.s3</b> supports <b>a1.s2" in ui.listing.children[1].children[1].value
    fig = ui.map.children[0]
    assert sorted(fig.data[-1].text) == ["a1.s2", "a1.s3"]
    again = w().exercise("99.7")
    assert again.control.links == want
    remove = ui.listing.children[1].children[0]
    remove.click()
    assert on_disk(home, "99.7") == [] and ui.map.children == ()


def test_claim_linker_refuses_a_sentence_linked_to_itself(home):
    ui = w().exercise("99.7").control
    ui.claim.value = ui.source.value = "a1.s2"
    assert ui.add.disabled and "two different sentences" in ui.note.value


def test_argument_map_puts_claims_above_their_support():
    from kit.widgets import argument_map
    fig = argument_map([{"source": "a1.s3", "target": "a1.s2", "relation": "support"},
                        {"source": "a1.s4", "target": "a1.s3", "relation": "attack"}],
                       {"a1.s2": "claim", "a1.s3": "grounds", "a1.s4": "rebuttal"})
    nodes = fig.data[-1]
    y = dict(zip(nodes.text, nodes.y))
    assert y["a1.s2"] > y["a1.s3"] > y["a1.s4"]  # a chain reads top-down
    assert [t.name for t in fig.data[:-1]] == ["support", "attack"]  # the legend
    assert len([a for a in fig.layout.annotations if a.showarrow]) == 2  # one arrow per link
    assert "grounds" in nodes.hovertext[list(nodes.text).index("a1.s3")]
    # each node shows its id and the first words of its sentence, dark text on white
    labels = {a.text: a for a in fig.layout.annotations if a.name == "node"}
    assert "<b>a1.s3</b><br>grounds" in labels and labels["<b>a1.s3</b><br>grounds"].font.color == "#1f1f1f"
    # each arrow says its relation in words (a cue besides colour)
    assert sorted(a.text for a in fig.layout.annotations if a.name == "relation") == ["attacks", "supports"]


def test_claim_linker_warns_about_a_pair_that_both_supports_and_attacks(home):
    ui = w().exercise("99.7").control
    ui.link("a1.s3", "a1.s2", "support")
    assert "kit-warning" not in ui.listing.children[-1].value
    ui.link("a1.s3", "a1.s2", "attack")
    assert "a1.s3 both supports and attacks a1.s2" in ui.listing.children[-1].value
    ui.remove(1)
    assert "kit-warning" not in ui.listing.children[-1].value


def test_claim_linker_options_keep_the_whole_sentence(home):

    ui = w().exercise("99.7").control
    longest = max(ui.sentences.values(), key=len)
    assert len(longest) > 70 and any(label.endswith(longest) for label, _ in ui.claim.options)
    ui.claim.value = next(k for k, v in ui.sentences.items() if v == longest)
    assert longest.split()[-1] in ui.claim_text.value


# ---------------------------------------------------------------- viewer, explorer, picker

def test_text_viewer_colours_by_speaker_and_highlights_a_table_of_spans(home):
    import kit
    import pandas as pd
    spans = pd.DataFrame({"start": [605], "end": [666], "category": ["claim"]})
    view = w().text_viewer(SEED, spans=spans, label="category")
    assert len(view.blocks) == len(kit.load(SEED).segments)
    colours = {b["id"]: b["color"] for b in view.blocks}
    assert colours["a1"] == colours["a2"] != colours["q1"]  # same speaker, same colour
    assert {"name": "claim", "color": view.colors["claim"], "kind": "label"} in view.legend
    assert "Sergey Lavrov" in [i["name"] for i in view.legend if i["kind"] == "speaker"]
    marked = [r["text"] for b in view.blocks for r in b["runs"] if r["labels"]]
    assert marked == [ORIGINAL[605:666]]


def test_text_viewer_by_kind_and_bad_options(home):
    view = w().text_viewer(SEED, color_by="kind")
    assert [i["name"] for i in view.legend][:3] == ["title", "subtitle", "intro"]
    with pytest.raises(ValueError, match="color_by"):
        w().text_viewer(SEED, color_by="mood")
    with pytest.raises(FileNotFoundError, match="no text 'nope'"):
        w().text_viewer("nope")


def test_text_picker_lists_every_text_and_drives_the_viewer(home):
    import kit
    shutil.copy(home / "texts" / f"{SEED}.txt", home / "texts" / "copy-of-seed.txt")
    (home / "texts" / "copy-of-seed.yml").write_text(
        (home / "texts" / f"{SEED}.yml").read_text(encoding="utf-8").replace(
            'title: "Lavrov: Outlaw US Empire Relations Still Tenuous"', 'title: "The copy"'), encoding="utf-8")
    picker = w().text_picker()
    every = sorted(p.stem for p in (home / "texts").glob("*.yml"))
    assert [v for _, v in picker.options] == list(kit.texts()["text_id"]) == every
    assert every[:2] == ["copy-of-seed", SEED]
    assert picker.options[0][0] == "The copy (copy-of-seed)"
    box = w().text_viewer()
    box.picker.value = SEED
    assert box.view.doc.id == SEED


def test_concordance_explorer_updates_lines_and_jumps_to_context(home):
    import kit
    import kit.analysis
    ex = w().concordance_explorer(SEED)
    assert ex.lines.lines == []
    ex.query.value = "West"  # typed into the box
    table = kit.analysis.concordance(kit.load(SEED), "West")
    assert len(ex.lines.lines) == len(table) > 3
    assert ex.lines.lines[0]["node"] == table.iloc[0]["node"]
    ex.lines.selected = 2  # a click on the third line
    row = table.iloc[2]
    assert ex.viewer.focus_span == [int(row.start), int(row.end)]
    assert {"start": int(row.start), "end": int(row.end), "label": "match"} in ex.viewer.spans
    ex.regex.value = True
    ex.query.value = "West(ern"  # half-typed pattern
    assert "Not a pattern yet" in ex.status.value and ex.lines.lines == []
    ex.query.value = "west(ern)?"
    assert len(ex.lines.lines) == len(kit.analysis.concordance(kit.load(SEED), "west(ern)?", regex=True))


def test_concordance_explorer_without_text_offers_all_texts(home):
    ex = w().concordance_explorer(query="Russia")
    assert ex.picker.value == "*" and len(ex.lines.lines) > 0
    # each line says where it is (text, segment, speaker) and shows the table's context
    table = ex.table
    assert len(set(table.text_id.astype(str))) > 1 and len(ex.lines.lines) == min(len(table), ex.limit)
    for line, r in zip(ex.lines.lines, table.itertuples()):
        assert line == {"where": f"{r.text_id} {str(r.segment_id).split(':')[1]} · {r.speaker}",
                        "left": r.left, "node": r.node, "right": r.right}
    last = len(ex.lines.lines) - 1  # a click on a line of another text than the first opens that text
    ex.lines.selected = last
    r = table.iloc[last]
    assert ex.viewer.doc.id == str(r.text_id) and ex.viewer.focus_span == [int(r.start), int(r.end)]


# ---------------------------------------------------------------- dispatch

def test_exercise_picks_the_widget_for_each_type(home):
    from kit.widgets.concordance import KwicLines  # noqa: F401  (imported for completeness)
    from kit.widgets.labeller import SentenceLabels
    from kit.widgets.linker import Linker
    from kit.widgets.textview import TextView
    kinds = {"99.1": "RadioButtons", "99.2": "VBox", "99.3": "Text", "99.4": "Textarea",
             "99.5": SentenceLabels, "99.6": TextView, "99.7": Linker, "99.8": "CodeEditor"}
    for eid, kind in kinds.items():
        control = w().exercise(eid).control
        if isinstance(kind, str):
            assert type(control).__name__ == kind, eid
        else:
            assert isinstance(control, kind), eid
    with pytest.raises(KeyError, match="no exercise '99.99'"):
        w().exercise("99.99")


def test_import_kit_does_not_load_widgets():
    import subprocess
    import sys
    code = "import kit, sys; kit.load; print('ipywidgets' in sys.modules, 'kit.widgets' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_code_practice_runs_checks_on_the_button_only(home):
    box = w().exercise("99.9")
    box.control.value = "def count_words(text):\n    return len(text.split(' '))\n"
    assert "Run checks" in box.status.value and "points" not in box.status.value  # typing does not run code
    box.run_button.click()
    assert "/ 1 points" in box.status.value and "✗" in box.status.value  # split(' ') miscounts double spaces
    box.control.value = "def count_words(text):\n    return len(text.split())\n"
    box.run_button.click()
    assert "1 / 1 points" in box.status.value
    assert "text.split()" in on_disk(home, "99.9")


def test_every_exercise_of_the_kit_gets_its_widget(tmp_path, monkeypatch):
    """The notebooks' own exercises (exercises/ of the kit) all render, without touching their answers."""
    import kit.exercises
    from kit.widgets import TYPES
    monkeypatch.delenv("KIT_HOME", raising=False)
    monkeypatch.setenv("KIT_ANSWERS", str(tmp_path))
    every = kit.exercises.all_exercises()
    assert every, "the kit has no exercises"
    for e in every:
        box = w().exercise(e.id)
        assert box.binding.notebook == e.notebook and e.type in TYPES
        assert f"Exercise {e.id}" in box.heading.value
    assert list(tmp_path.iterdir()) == []  # showing a widget saves nothing


# ---------------------------------------------------------------- submit button

def test_submit_button_refuses_an_empty_submission_then_writes_the_file(home):
    import json
    box = w().submit_button()
    box.button.click()
    assert "student id first" in box.status.value and box.path is None
    box.student.value = "s1234567"
    box.button.click()
    assert "Nothing to submit yet" in box.status.value and box.path is None
    assert not list(home.rglob("submission-*.json"))
    w().exercise("99.1").control.value = "a"  # the student answers one exercise
    box.button.click()
    path = box.path
    assert path is not None and path.exists() and str(path) in box.status.value
    data = json.loads(path.read_text())
    assert data["student"] == "s1234567" and data["answers"]["99-widgets"]["99.1"]["value"] == "a"
    box.student.value = "../../etc/x"
    box.button.click()
    assert "Not submitted" in box.status.value


def test_an_answers_folder_that_cannot_be_written_is_said_at_once(home, monkeypatch):
    """Before the student types anything, every exercise says answers would not be saved."""
    from kit.widgets import exercise
    from kit.widgets import binding
    blocker = home / "not-a-folder"
    blocker.write_text("a file where the answers folder should be\n", encoding="utf-8")
    monkeypatch.setenv("KIT_ANSWERS", str(blocker / "answers"))
    monkeypatch.setattr(binding, "_WRITABLE", {})
    w = exercise("99.1")
    assert "Answers cannot be saved" in w.status.value and "KIT_ANSWERS" in w.status.value


def test_submit_button_knows_the_hub_user_and_the_course_exchange_folder(home, monkeypatch, tmp_path):
    import kit.answers
    from kit.widgets.submit import submit_button
    monkeypatch.setenv("JUPYTERHUB_USER", "s1234567")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    monkeypatch.setenv("KIT_SUBMIT_DIR", str(exchange))
    kit.answers.save("99-widgets", "99.1", "b")
    box = submit_button()
    assert box.student.value == "s1234567"
    assert box.submit() == exchange / "submission-s1234567.json"
    assert json.loads((exchange / "submission-s1234567.json").read_text(encoding="utf-8"))["student"] == "s1234567"
