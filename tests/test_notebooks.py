"""The notebook sequence: stored clean, executed with a real kernel, bound to real exercises.

Every notebook in ``notebooks/`` is executed top to bottom with nbclient and
the ``python3`` kernel (run pytest with the venv's python: jupyter_client
starts a kernelspec whose command is ``python`` with ``sys.executable``), in
the order a student opens them, inside a temporary copy of the kit's texts,
exercises and notebooks (``KIT_HOME``, ``KIT_ANSWERS``), so nothing lands in
the repository.  The kernel time of each notebook (the sum of its cells'
execution times) is printed, not asserted.

The exercises the notebooks show must exist in the specs and keys and the
other way round; every key's evidence must be in its text verbatim; a key's
own answer must earn full marks from the checker (for code and free-text
exercises, the reference solutions and model answers below, worked by hand,
stand in for it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXERCISES = ROOT / "exercises"
KEYS = EXERCISES / "keys"
TEXTS = ROOT / "texts"

WIDGET_CALL = re.compile(r"""kit\.widgets\.exercise\(\s*["']([^"']+)["']\s*\)""")
EXERCISE_REF = re.compile(r"""["'](\d\d\.\d+)["']""")
QUESTION = re.compile(r"^#+\s*Question\s+(\d+)\.(\d+)\b", re.M)
TYPES = {"single_choice", "multiple_choice", "sentence_labels", "spans", "links",
         "numeric", "short_text", "code"}
INSTRUCTOR = "99-instructor"


def student_order() -> list[str]:
    """Notebook stems in the order a student opens them (the numbered prefix)."""
    return sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


def read(name: str):
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def specs() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(EXERCISES.glob("*.yml"))}


def keys() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))["keys"] for p in sorted(KEYS.glob("*.yml"))}


def widget_ids(name: str) -> list[str]:
    return [m for c in read(name).cells if c.cell_type == "code" for m in WIDGET_CALL.findall(c.source)]


def spec_ids(spec: dict) -> list[str]:
    return [str(e["id"]) for e in spec["exercises"]]


# ---------------------------------------------------------------- stored form

@pytest.mark.parametrize("name", student_order())
def test_stored_without_outputs(name):
    """Notebooks are committed clean: no outputs, no execution counts."""
    dirty = [i for i, c in enumerate(read(name).cells)
             if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, f"{name}: cells {dirty} have stored outputs; clear them before committing"


@pytest.mark.parametrize("name", student_order())
def test_opens_with_goals_and_time_and_ends_with_summary(name):
    cells = read(name).cells
    first = cells[0].source
    assert cells[0].cell_type == "markdown" and first.startswith("# ")
    assert "**Time:**" in first and "minutes" in first
    assert "Learning goals" in first
    assert cells[-1].cell_type == "markdown" and "## Summary" in cells[-1].source
    assert cells[2].cell_type == "code" and cells[2].source.startswith("import kit"), "setup cell comes first"


@pytest.mark.parametrize("name", student_order())
def test_code_cells_are_thin(name):
    """A cell calls the kit: a few lines, no definitions, loops or imports other than kit."""
    for i, c in enumerate(read(name).cells):
        if c.cell_type != "code":
            continue
        lines = [l for l in c.source.splitlines() if l.strip() and not l.lstrip().startswith("#")]
        assert len(lines) <= 3, f"{name} cell {i} has {len(lines)} lines"
        assert not re.search(r"^\s*(def|class|for|while|with|try)\b", c.source, re.M), f"{name} cell {i}"
        imports = re.findall(r"^\s*(?:import|from)\s+(\S+)", c.source, re.M)
        assert all(m == "kit" or m.startswith("kit.") for m in imports), f"{name} cell {i}: {imports}"


# ---------------------------------------------------------------- exercises and notebooks

def test_exercise_files_match_notebooks():
    """Each exercise file names its notebook, and that notebook exists."""
    for stem, spec in specs().items():
        assert spec["notebook"] == stem, f"exercises/{stem}.yml says notebook: {spec['notebook']}"
        assert (NOTEBOOKS / f"{stem}.ipynb").exists(), f"no notebook for exercises/{stem}.yml"
    assert set(keys()) == set(specs()), "every exercise file has a key file and vice versa"


def test_every_exercise_shown_once_in_its_notebook_and_nowhere_else():
    all_specs = specs()
    for name in student_order():
        shown = widget_ids(name)
        assert len(shown) == len(set(shown)), f"{name} shows an exercise twice: {shown}"
        expected = spec_ids(all_specs[name]) if name in all_specs else []
        assert shown == expected, f"{name}: widgets {shown} but exercises/{name}.yml lists {expected}"


def test_question_numbers_match_exercise_ids():
    """'Question 3.2' in the text is the widget for exercise 03.2, in the same order."""
    for name in student_order():
        cells = read(name).cells
        for i, c in enumerate(cells):
            if c.cell_type != "code" or not WIDGET_CALL.search(c.source):
                continue
            ex_id = WIDGET_CALL.search(c.source).group(1)
            heading = next(QUESTION.findall(cells[j].source) for j in range(i - 1, -1, -1)
                           if cells[j].cell_type == "markdown" and QUESTION.search(cells[j].source))
            nb, n = heading[-1]
            assert f"{int(nb):02d}.{n}" == ex_id, f"{name}: 'Question {nb}.{n}' shows exercise {ex_id}"


def test_other_exercise_references_exist():
    """Exercise ids named elsewhere in notebooks (answers, keys) are real ones."""
    known = {i for spec in specs().values() for i in spec_ids(spec)}
    for name in student_order():
        for c in read(name).cells:
            if c.cell_type == "code":
                for ref in EXERCISE_REF.findall(c.source):
                    assert ref in known, f"{name} refers to unknown exercise {ref}"


def test_specs_and_keys_cover_each_other():
    all_keys = keys()
    for stem, spec in specs().items():
        ids = spec_ids(spec)
        assert len(ids) == len(set(ids))
        assert set(ids) == set(all_keys[stem]), f"{stem}: specs {sorted(ids)} keys {sorted(all_keys[stem])}"
        for ex_id in ids:
            assert ex_id.startswith(stem[:2] + "."), f"{ex_id} is not numbered for {stem}"


def test_sequence_has_enough_exercises_of_every_type_and_mode():
    rows = [(stem, e["type"], e["mode"]) for stem, spec in specs().items() for e in spec["exercises"]]
    assert len(rows) >= 40
    assert {t for _, t, _ in rows} == TYPES
    for name in student_order():
        if name == INSTRUCTOR:
            continue
        modes = {m for stem, _, m in rows if stem == name}
        assert modes == {"practice", "graded"}, f"{name} needs practice and graded items, has {modes}"


def test_every_key_item_cites_verbatim_evidence_and_a_rationale():
    """Read straight from the files: the evidence is a substring of the raw text file."""
    all_keys = keys()
    for stem, spec in specs().items():
        for e in spec["exercises"]:
            text = (TEXTS / f"{e['text']}.txt").read_text(encoding="utf-8")
            for item in all_keys[stem][str(e["id"])]["items"]:
                ev, why = item.get("evidence"), item.get("rationale")
                assert isinstance(ev, str) and ev in text, f"{e['id']}: evidence not verbatim: {ev!r}"
                assert isinstance(why, str) and len(why.split()) >= 4, f"{e['id']}: rationale too thin"


def test_kit_loads_every_exercise_without_problems():
    import kit.exercises
    cat = kit.exercises.catalog(EXERCISES)
    assert [str(p) for p in cat.problems] == []
    assert len(cat) == sum(len(s["exercises"]) for s in specs().values())


# ---------------------------------------------------------------- keys earn full marks

# Reference solutions for the code exercises, written to the prompts' rules.
SOLUTIONS = {
    "02.5": (
        "import re\n"
        "def count_we(sentence):\n"
        "    words = re.findall(r'[A-Za-z]+', sentence)\n"
        "    return sum(1 for w in words if w != 'US' and w.lower() in {'we', 'us', 'our', 'ours', 'ourselves'})\n"),
    "04.9": (
        "import re\n"
        "def find_years(sentence):\n"
        "    return [int(y) for y in re.findall(r'(?<![A-Za-z0-9])[12][0-9]{3}(?![A-Za-z0-9])', sentence)]\n"),
    "06.3": "def overlap(a, b):\n    return max(0, min(a[1], b[1]) - max(a[0], b[0]))\n",
}

# Model answers for the free-text exercises: what a good student writes. Each
# should meet every idea of the rubric; an off-topic answer should meet none.
MODEL_ANSWERS = {
    "00.5": 'The blogger calls the questions "well focused" and says they "generated important answers", so '
            "we are primed to read them as important. He also says the magazine is a publication he "
            "hadn't heard of before.",
    "02.6": 'Answer 1 says the elites are "driven by hegemonic instincts" and have "innate vices". These are '
            "presented as the West's nature, not as choices. The West is a minority set against the world "
            "majority, and hypocritical: they \"proclaimed themselves democrats\".",
    "03.6": 'The title uses the blogger\'s own name "Outlaw US Empire", which Lavrov never uses. It selects '
            'answer 2 and leaves out the anniversary. "Still Tenuous" condenses his caution into a verdict, '
            "and the colon attributes the headline to Lavrov.",
    "04.8": "The 89 includes four Ukrainian regions (Donetsk, Luhansk, Zaporizhzhia, Kherson) Russia claims "
            "to have annexed in 2022. General Assembly resolution ES-11/4 declared this invalid (UN Digital "
            "Library). It is contested, and the text mentions it in passing, as if settled.",
    "05.6": 'Lavrov says "US diplomats voted together with Russia" (a2.s9). However, the voting record in the '
            "UN Digital Library may show other votes, so one vote suggests less than a change of policy.",
    "06.6": 'Classmates may label "so-called European values" as doubt or as loaded language, and disagree '
            "on boundaries: where a span should end. Agreement is low even for trained annotators.",
    "07.5": 'Both readers agree and echo the post: "No they have not disappeared". One writes "as a '
            'westerner" about his own system. They extend the predator and snake metaphors. Two comments '
            "are a small sample and cannot show what all readers think.",
    "08.3": 'Problem definition: "the crisis" (s1). Causal interpretation: "caused by" (s2). Moral '
            'evaluation: "reckless" (s3). Treatment recommendation: "we call on" (s4).',
    "08.4": 'Hedges: the briefing has fewer hedges per 1,000 words than Lavrov (3 against 9.5), whereas '
            'both use "we" often.',
}
#: The quotations of the model answers, for the exercises that ask for them (``quotes`` in the spec).
MODEL_QUOTES = {
    "00.5": ["generated important answers"],
    "02.6": ["hegemonic instincts", "innate vices"],
    "03.6": ["The Outlaw US Empire has much to do to regain our trust"],
}
OFF_TOPIC = "I liked reading this page and I have nothing else to add."


def key_answer(ex):
    """The answer a key describes, in the form a student's widget saves it."""
    items = ex.key.items
    return {
        "single_choice": lambda: items[0]["value"],
        "multiple_choice": lambda: [i["value"] for i in items],
        "numeric": lambda: items[0]["value"],
        "sentence_labels": lambda: {i["sentence"]: i["label"] for i in items},
        "spans": lambda: [{"start": i["start"], "end": i["end"], "label": i["label"]} for i in items],
        "links": lambda: [{k: i[k] for k in ("source", "target", "relation")} for i in items],
        "code": lambda: SOLUTIONS[ex.id],
        "short_text": lambda: ({"quotes": MODEL_QUOTES[ex.id], "text": MODEL_ANSWERS[ex.id]} if ex.quotes
                               else MODEL_ANSWERS[ex.id]),
    }[ex.type]()


def all_exercises():
    import kit.exercises
    return list(kit.exercises.catalog(EXERCISES))


@pytest.mark.parametrize("ex", all_exercises(), ids=lambda e: e.id)
def test_key_answer_earns_full_marks(ex):
    import kit.checkers
    result = kit.checkers.check(ex, key_answer(ex), grading=True)
    missed = [f.message for f in result.feedback if f.ok is False]
    assert result.points == result.max_points == ex.points, f"{ex.id}: {result.points}/{result.max_points} {missed}"


@pytest.mark.parametrize("ex", [e for e in all_exercises() if e.type == "short_text"], ids=lambda e: e.id)
def test_rubric_gives_nothing_for_an_off_topic_answer(ex):
    import kit.checkers
    assert kit.checkers.check(ex, OFF_TOPIC, grading=True).points == 0


def test_a_wrong_choice_is_not_credited():
    """The keys discriminate: the first wrong option of each single choice earns nothing."""
    import kit.checkers
    for ex in all_exercises():
        if ex.type == "single_choice":
            wrong = next(o for o in ex.option_ids if o not in {i["value"] for i in ex.key.items})
            assert kit.checkers.check(ex, wrong, grading=True).points == 0, ex.id


# ---------------------------------------------------------------- execution with a real kernel

def test_the_python3_kernel_is_this_python():
    """nbclient's python3 kernel must run the interpreter that has the kit installed.

    A kernelspec whose command is plain ``python`` is started with
    ``sys.executable``; another python3 kernelspec earlier on the Jupyter path
    (say in ~/.local/share/jupyter) would run a different interpreter.
    """
    import sys
    from jupyter_client.kernelspec import KernelSpecManager
    argv0 = KernelSpecManager().get_kernel_spec("python3").argv[0]
    bare = {"python", f"python{sys.version_info[0]}", f"python{sys.version_info[0]}.{sys.version_info[1]}"}
    assert argv0 in bare or Path(argv0).resolve() == Path(sys.executable).resolve(), (
        f"the python3 kernelspec runs {argv0}, not {sys.executable}: run pytest with the venv's python "
        "and remove the other kernelspec (jupyter kernelspec list)")


def kernel_seconds(nb) -> float:
    """Sum of the cells' execution times, from nbclient's timing metadata."""
    total = 0.0
    for c in nb.cells:
        m = c.get("metadata", {}).get("execution", {})
        start, end = m.get("iopub.execute_input"), m.get("shell.execute_reply")
        if start and end:
            total += (dt.datetime.fromisoformat(end.replace("Z", "+00:00"))
                      - dt.datetime.fromisoformat(start.replace("Z", "+00:00"))).total_seconds()
    return total


def _snapshot(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every notebook, in order, in a temporary copy of the kit tree."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    home = tmp_path_factory.mktemp("kit-home")
    for folder in ("texts", "exercises", "notebooks", "tests/data"):  # tests/data: the instructor's sample class
        shutil.copytree(ROOT / folder, home / folder, ignore=shutil.ignore_patterns("answers", "submission-*"))
    answers = home / "answers-store"
    watched = ("texts", "exercises", "notebooks")
    before = {d: _snapshot(ROOT / d) for d in watched}
    results = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIT_HOME", str(home))
        mp.setenv("KIT_ANSWERS", str(answers))
        mp.delenv("KIT_TEXTS", raising=False)
        for name in student_order():
            nb = nbformat.read(home / "notebooks" / f"{name}.ipynb", as_version=4)
            client = NotebookClient(nb, kernel_name="python3", timeout=300,
                                    resources={"metadata": {"path": str(home / "notebooks")}})
            error = None
            try:
                client.execute()
            except CellExecutionError as exc:
                error = str(exc)
            results[name] = {"error": error, "seconds": kernel_seconds(nb), "nb": nb}
    after = {d: _snapshot(ROOT / d) for d in watched}
    return {"results": results, "home": home, "unchanged": before == after}


@pytest.mark.parametrize("name", student_order())
def test_notebook_runs_top_to_bottom(executed, name, capsys):
    result = executed["results"][name]
    with capsys.disabled():
        print(f"\n  kernel time {name}: {result['seconds']:.2f} s")
    assert result["error"] is None, f"{name} failed:\n{result['error'][-3000:]}"
    code = [c for c in result["nb"].cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), f"{name}: a cell did not run"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors


def test_widgets_render_as_widgets(executed):
    """Each exercise cell displays a widget (not an error, not a bare repr)."""
    for name, result in executed["results"].items():
        for c in result["nb"].cells:
            if c.cell_type == "code" and WIDGET_CALL.search(c.source):
                kinds = [k for o in c.outputs for k in o.get("data", {})]
                assert "application/vnd.jupyter.widget-view+json" in kinds, f"{name}: {c.source}"


def test_kernel_time_of_the_sequence(executed, capsys):
    times = {n: r["seconds"] for n, r in executed["results"].items()}
    with capsys.disabled():
        print("\n  kernel time per notebook (s): "
              + ", ".join(f"{n[:2]} {s:.1f}" for n, s in times.items())
              + f"; total {sum(times.values()):.1f}")
    assert all(s > 0 for s in times.values()), "every notebook recorded its cells' timing"


def test_running_the_sequence_leaves_the_repository_alone(executed):
    assert executed["unchanged"], "executing the notebooks wrote into the repository's texts/, exercises/ or notebooks/"


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    """Notebooks 03, 05 and 06 run after a student saved the key's answer to every exercise."""
    from nbclient import NotebookClient
    import kit.answers

    home = tmp_path_factory.mktemp("kit-home-answered")
    for folder in ("texts", "exercises", "notebooks"):
        shutil.copytree(ROOT / folder, home / folder, ignore=shutil.ignore_patterns("answers", "submission-*"))
    runs = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KIT_HOME", str(home))
        mp.setenv("KIT_ANSWERS", str(home / "answers-store"))
        for ex in all_exercises():
            kit.answers.save(ex.notebook, ex.id, key_answer(ex))
        for name in ("03-framing", "05-counter-claims", "06-persuasion-techniques"):
            nb = nbformat.read(home / "notebooks" / f"{name}.ipynb", as_version=4)
            NotebookClient(nb, kernel_name="python3", timeout=300,
                           resources={"metadata": {"path": str(home / "notebooks")}}).execute()
            runs[name] = nb
    return runs


def _output_of(nb, needle: str) -> str:
    cell = next(c for c in nb.cells if c.cell_type == "code" and needle in c.source)
    return json.dumps([o.get("data", o.get("text")) for o in cell.outputs])


def test_saved_spans_feed_the_scorer_cell(answered):
    """Notebook 06 scores the student's saved spans of question 3.4: the key's own spans score 1."""
    out = _output_of(answered["06-persuasion-techniques"], "span_scores")
    assert "'precision': 1.0" in out and "'recall': 1.0" in out and "'f1': 1.0" in out


def test_saved_links_draw_the_argument_map(answered):
    """Notebook 05 draws the student's saved links of question 5.5: every linked sentence is a node."""
    out = _output_of(answered["05-counter-claims"], "argument_map")
    for sentence in ("a2.s7", "a2.s10", "commentary.s2", "c1.s2"):
        assert sentence in out


def test_exercise_counts_by_type_and_mode(capsys):
    counts = Counter((e["type"], e["mode"]) for spec in specs().values() for e in spec["exercises"])
    with capsys.disabled():
        print("\n  exercises by type and mode: " + json.dumps({f"{t}/{m}": n for (t, m), n in sorted(counts.items())}))
    assert sum(counts.values()) >= 40


# ---------------------------------------------------------------- rendering in a real JupyterLab

def _lab_helpers():
    """tests/browser/lab.py (the browser suite's JupyterLab driver), loaded by path."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("kit_browser_lab", ROOT / "tests" / "browser" / "lab.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FIGURE_CALL = re.compile(r"kit\.plots\.|argument_map\(|kit\.report\.fig_")


@pytest.fixture(scope="module")
def lab_pages(tmp_path_factory, chromium):
    """Each notebook opened in JupyterLab (headless chromium) at a laptop's size and run, as a
    student runs it; its screens in both themes are saved (tests/browser/screens.py)."""
    from tests.browser.screens import VIEWPORT, shoot
    L = _lab_helpers()
    shots = ROOT / "test-artifacts" / "browser" / "notebooks"
    root = tmp_path_factory.mktemp("kit-home-lab")
    for folder in ("texts", "exercises", "notebooks", "tests/data"):
        shutil.copytree(ROOT / folder, root / folder, ignore=shutil.ignore_patterns("answers", "submission-*"))
    for rel, data in L.SETTINGS.items():
        path = root / ".lab" / "settings" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data))
    seen = {}
    server = L.Lab(root)
    try:
        server.wait_ready()
        for name in student_order():
            # the browser is shared with the widget suite (tests/conftest.py)
            context = chromium.new_context(viewport=VIEWPORT)
            page = context.new_page()
            page.set_default_timeout(120_000)
            error = None
            try:
                L.open_notebook(page, server, f"{name}.ipynb")
                L.run_all(page)
                page.wait_for_timeout(1000)
                seen[name] = {
                    "exercises": {i: page.locator(".kit-ex-" + i.replace(".", "-")).inner_text()
                                  for i in widget_ids(name)},
                    "figures": page.locator(".js-plotly-plot").count(),
                    "broken": page.get_by_text("Error displaying widget").count(),
                }
                seen[name]["overflow"] = shoot(page, L, name, shots)
            except Exception as exc:  # reported by the test, with the server log
                error = f"{exc}\n{server.log_text()[-1500:]}"
                seen[name] = {"error": error}
            context.close()
            for session in server.api("GET", "/api/sessions"):
                server.api("DELETE", f"/api/sessions/{session['id']}")
    finally:
        server.stop()
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("name", student_order())
def test_notebook_renders_in_jupyterlab(lab_pages, name):
    """Run All in JupyterLab: no error, every exercise widget drawn with its title, every figure drawn."""
    seen = lab_pages[name]
    assert "error" not in seen, seen.get("error")
    for ex_id, text in seen["exercises"].items():
        assert f"Exercise {ex_id}" in text, f"{name}: the widget of {ex_id} did not render"
    figures = sum(1 for c in read(name).cells if c.cell_type == "code" and FIGURE_CALL.search(c.source))
    assert seen["figures"] >= figures, f"{name}: {seen['figures']} figures drawn, {figures} expected"
    assert seen["broken"] == 0
    # at 1366×768 nothing of a widget scrolls sideways or sticks out of its output
    assert not seen["overflow"], json.dumps(seen["overflow"][:10], indent=1)
