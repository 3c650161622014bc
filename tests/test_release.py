"""The student release holds everything a student needs and no graded key value."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kit.exercises import PRACTICE_ONLY_MARKER, catalog
from kit.release import ReleaseError, build, leaks

ROOT = Path(__file__).parent.parent
FIX = Path(__file__).parent / "data" / "exercises"
SEED = "lavrov-new-regions-2025"


@pytest.fixture
def tree(tmp_path, monkeypatch):
    """An instructor tree: the fixture exercises and keys, the seed text, a notebook, the kit."""
    root = tmp_path / "course"
    shutil.copytree(FIX, root / "exercises")
    (root / "texts").mkdir(parents=True)
    for suffix in (".txt", ".yml"):
        shutil.copy(ROOT / "texts" / f"{SEED}{suffix}", root / "texts")
    nb = root / "notebooks"
    (nb / "answers").mkdir(parents=True)
    (nb / "90-fixture.ipynb").write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4,
                                                     "nbformat_minor": 5}))
    (nb / "answers" / "90-fixture.json").write_text('{"schema": 1, "answers": {}}')
    (nb / "submission-s1.json").write_text("{}")
    shutil.copytree(ROOT / "kit", root / "kit", ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "docs").is_dir():
        shutil.copytree(ROOT / "docs", root / "docs")
    for name in ("pyproject.toml", "environment.yml", "Makefile"):
        shutil.copy(ROOT / name, root / name)
    (root / "README.md").write_text("# Course\n")
    monkeypatch.setenv("KIT_HOME", str(root))
    monkeypatch.delenv("KIT_TEXTS", raising=False)
    return root


def secret_values(root):
    """Graded key values, read straight from the YAML (independently of kit.exercises)."""
    modes = {}
    for spec in (root / "exercises").glob("*.yml"):
        for ex in yaml.safe_load(spec.read_text())["exercises"]:
            modes[ex["id"]] = ex["mode"]
    everywhere, evidence = set(), set()
    for key_file in (root / "exercises" / "keys").glob("*.yml"):
        for ex_id, key in yaml.safe_load(key_file.read_text())["keys"].items():
            if modes[ex_id] != "graded":
                continue
            for item in key["items"]:
                everywhere.add(item["rationale"])
                evidence.add(item["evidence"])
                everywhere.update(item.get("patterns", []))
                if "idea" in item:
                    everywhere.add(item["idea"])
                for case in item.get("cases", []):
                    everywhere.add(json.dumps(case["expected"]) if not isinstance(case["expected"], str)
                                   else case["expected"])
    return modes, {v for v in everywhere if len(v) >= 4}, evidence


def scan(out, everywhere, evidence):
    hits = []
    for p in out.rglob("*"):
        if not p.is_file():
            continue
        rel = p.relative_to(out)
        if rel.parts[0] == "texts":
            continue          # the texts are public; evidence is quoted from them by design
        text = p.read_text(encoding="utf-8", errors="replace")
        hits += [(str(rel), v) for v in everywhere if v in text]
        # Evidence is a quote of the public text: the kit's lexicons and the docs may quote the same
        # words for their own reasons. In the exercise material it would give the answer away.
        if rel.parts[0] not in ("kit", "docs"):
            hits += [(str(rel), v) for v in evidence if v in text]
    return hits


def test_release_has_no_graded_key_value(tree, tmp_path):
    out = tmp_path / "release"
    rel = build(out, root=tree)
    modes, everywhere, evidence = secret_values(tree)
    assert len(everywhere) > 20 and len(evidence) > 10     # the scan has something to find
    assert scan(out, everywhere, evidence) == []
    assert sorted(rel.practice_keys) == sorted(i for i, m in modes.items() if m == "practice")
    assert sorted(rel.graded_left_out) == sorted(i for i, m in modes.items() if m == "graded")
    for key_file in (out / "exercises" / "keys").glob("*.yml"):
        kept = yaml.safe_load(key_file.read_text())["keys"]
        assert all(modes[k] == "practice" for k in kept)
    # The scan can fail: a graded key copied in by mistake is found by both scanners.
    leaked = out / "exercises" / "keys" / "leaked.yml"
    shutil.copy(tree / "exercises" / "keys" / "91-second.yml", leaked)
    assert scan(out, everywhere, evidence)
    assert any("graded exercise 91.1" in what for _, what in leaks(out, catalog(tree / "exercises")))
    leaked.unlink()


def test_release_contents(tree, tmp_path):
    out = tmp_path / "release"
    build(out, root=tree)
    for name in ("kit/__init__.py", "kit/checkers/_launcher.py", "pyproject.toml", "environment.yml", "Makefile",
                 "README.md", f"texts/{SEED}.txt", "exercises/90-fixture.yml", "notebooks/90-fixture.ipynb",
                 f"exercises/keys/{PRACTICE_ONLY_MARKER}"):
        assert (out / name).is_file(), name
    assert not (out / "notebooks" / "answers").exists()
    assert not (out / "notebooks" / "submission-s1.json").exists()
    assert not list(out.rglob("__pycache__"))
    assert not (out / "tests").exists()
    # instructor-only notebooks (99-...) stay behind
    (tree / "notebooks" / "99-instructor.ipynb").write_text((tree / "notebooks" / "90-fixture.ipynb").read_text())
    build(out, root=tree, force=True)
    assert (out / "notebooks" / "90-fixture.ipynb").is_file()
    assert not (out / "notebooks" / "99-instructor.ipynb").exists()


def test_release_of_the_real_course_has_no_graded_key_value(tmp_path, monkeypatch):
    """The course as shipped: its notebooks, texts and exercises, scanned for every graded key value."""
    monkeypatch.setenv("KIT_HOME", str(ROOT))
    out = tmp_path / "release"
    rel = build(out, root=ROOT)
    modes, everywhere, evidence = secret_values(ROOT)
    assert sum(m == "graded" for m in modes.values()) >= 9 and len(everywhere) > 20
    # Evidence strings are quotes of the public text, and the course's prompts and practice keys quote
    # the same sentences on purpose; what would give a graded answer away is a rationale, a rubric
    # idea or pattern, or an expected output, and none of those may appear anywhere.
    assert scan(out, everywhere, set()) == []
    assert sorted(rel.graded_left_out) == sorted(i for i, m in modes.items() if m == "graded")
    assert sorted(p.name for p in (out / "notebooks").glob("*.ipynb"))[0].startswith("00-")
    assert not list((out / "notebooks").glob("99-*.ipynb"))


def test_release_works_for_a_student(tree, tmp_path, monkeypatch):
    out = tmp_path / "release"
    build(out, root=tree)
    monkeypatch.setenv("KIT_HOME", str(out))
    cat = catalog(out / "exercises")
    assert cat.problems == []
    assert all((e.key is None) == (e.mode == "graded") for e in cat)
    code = ("import kit.checkers, kit.exercises\n"
            "print(kit.checkers.check(kit.exercises.get('90.1'), 'b').status, "
            "kit.checkers.check(kit.exercises.get('90.2'), ['a']).status)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=out,
                       env={**os.environ, "PYTHONPATH": str(out), "KIT_HOME": str(out)})
    assert r.stdout.split() == ["correct", "saved"], r.stderr


def test_refuses_non_empty_folder_unless_forced(tree, tmp_path):
    out = tmp_path / "release"
    (out / ".git").mkdir(parents=True)
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / "kit").mkdir()
    (out / "kit" / "stale.py").write_text("old = True\n")
    with pytest.raises(ReleaseError, match="not empty"):
        build(out, root=tree)
    build(out, root=tree, force=True)
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"    # not ours: kept
    assert not (out / "kit" / "stale.py").exists()                          # ours: replaced
    with pytest.raises(ReleaseError, match="holds the kit itself"):
        build(tree, root=tree, force=True)


def test_cli_release(tree, tmp_path):
    out = tmp_path / "release"
    env = {**os.environ, "KIT_HOME": str(tree)}
    ok = subprocess.run([sys.executable, "-m", "kit", "release", str(out)], capture_output=True, text=True, env=env)
    assert ok.returncode == 0, ok.stderr
    assert "graded keys left out 8" in ok.stdout
    again = subprocess.run([sys.executable, "-m", "kit", "release", str(out)], capture_output=True, text=True, env=env)
    assert again.returncode == 1 and "not empty" in again.stderr


# ---------------------------------------------------------------- the guard knows every secret

def _notebook(*markdown, metadata=None):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": [m]} for m in markdown]
    return json.dumps({"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


PLANTED = [
    # (what, file, content): each a secret of a graded fixture exercise, in a form the guard must see through
    ("rationale inside a notebook's JSON (quotes escaped)", "notebooks/p.ipynb",
     _notebook('Hint: FIXTURE-R913 The comment quotes Lavrov with an attribution and then answers in the first person.'
               .replace("comment", '"comment"'))),
    ("rationale re-wrapped and re-cased", "docs/notes.md",
     "fixture-r905a THE BLOGGER SAYS\nRubio's actions   contradict\n  the words Lavrov reports."),
    ("rationale HTML-escaped", "docs/page.html",
     "<p>FIXTURE-R902a The phrase stands in double <b>quotation</b> marks.</p>".replace("double", "&#100;ouble")),
    ("single-choice gold after its id", "notebooks/p.ipynb", _notebook("For 91.3 the correct answer is (c).")),
    ("single-choice gold as a saved answer", "notebooks/p.ipynb",
     _notebook("x", metadata={"kit": {"answers": {"91.3": {"value": "c"}}}})),
    ("sentence-label gold", "notebooks/p.ipynb", _notebook("In 91.1, label c2.s9 **Boosters**.")),
    ("numeric value", "exercises/notes.yml", "# 91.4: the expected value is 170\n"),
    ("code expected output", "notebooks/p.ipynb", _notebook("slug() should give the-world-majority")),
    ("multiple-choice gold", "notebooks/p.ipynb", _notebook("90.2 answers: a and c")),
    ("span with its label", "notebooks/p.ipynb", _notebook("Loaded language — \u201cmaniacal desire\u201d")),
    ("link", "notebooks/p.ipynb", _notebook("commentary.s2 -> a2.s8: attack")),
    ("rubric idea", "notebooks/p.ipynb", _notebook("Mention that the predator metaphor is extended.")),
    ("rubric pattern", "notebooks/p.ipynb", _notebook("use camouflag\\\\w* and predat\\\\w*")),
    ("key field in a graded spec", "exercises/90-fixture.yml", None),
    ("graded key in a key file", "exercises/keys/extra.yml", None),
]


@pytest.mark.parametrize("what, name, content", PLANTED, ids=[p[0] for p in PLANTED])
def test_guard_catches_each_kind_of_secret(tree, tmp_path, what, name, content):
    out = tmp_path / "release"
    build(out, root=tree)
    cat = catalog(tree / "exercises")
    assert leaks(out, cat) == []
    target = out / name
    if name == "exercises/90-fixture.yml":
        content = target.read_text().replace('prompt: Which of these phrases', 'key: [a, c]\n    prompt: Which of these phrases')
    elif name == "exercises/keys/extra.yml":
        content = 'keys:\n  "91.4":\n    items: [{value: 170}]\n'
    target.write_text(content, encoding="utf-8")
    found = leaks(out, cat)
    assert found, f"{what} not caught"
    assert all(f == name for f, _ in found)


def test_build_refuses_a_tree_with_a_planted_secret(tree, tmp_path):
    (tree / "notebooks" / "91-second.ipynb").write_text(_notebook("In 91.1, label c2.s9 **Boosters**."))
    with pytest.raises(ReleaseError, match="91.1"):
        build(tmp_path / "release", root=tree)


def test_guard_leaves_ordinary_words_alone(tree, tmp_path):
    # Short secrets are not scanned on their own: "c", "170" and "boosters" occur in any prose.
    out = tmp_path / "release"
    build(out, root=tree)
    (out / "notebooks" / "p.ipynb").write_text(_notebook(
        "Option c of 91.3 is worth reading; boosters are a Hyland category; more than 170 items were planned."))
    assert leaks(out, catalog(tree / "exercises")) == []

def test_cli_release_refuses_unchecked_drafts(tree, tmp_path):
    """A text `kit import` drafted and nobody checked (`# unsure:`, `# TODO`, date 0000) is not
    shipped to students by accident; --allow-drafts ships it knowingly."""
    sidecar = tree / "texts" / f"{SEED}.yml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(
        "date: 2025-03", "date: 2025-03  # TODO: check the day"), encoding="utf-8")
    env = {**os.environ, "KIT_HOME": str(tree)}
    out = tmp_path / "release"
    refused = subprocess.run([sys.executable, "-m", "kit", "release", str(out)], capture_output=True,
                             text=True, env=env)
    assert refused.returncode == 1 and not out.exists()
    assert f"{SEED}.yml:" in refused.stderr and "TODO: check the day" in refused.stderr
    allowed = subprocess.run([sys.executable, "-m", "kit", "release", str(out), "--allow-drafts"],
                             capture_output=True, text=True, env=env)
    assert allowed.returncode == 0 and "1 unchecked draft note" in allowed.stderr


def test_release_ships_what_make_lab_needs(tmp_path):
    out = tmp_path / "release"
    build(out, root=ROOT)
    makefile = (out / "Makefile").read_text(encoding="utf-8")
    needed = {word for line in makefile.splitlines() if line.startswith("$(STAMP):")
              for word in line.split(":", 1)[1].split("|")[0].split()}
    assert needed and all((out / name).is_file() for name in needed), needed
