"""One owner per exercise type: each checker module knows its type, nothing else does."""

import ast
import re
from pathlib import Path

import pytest

import kit.exercises
from kit import checkers

KIT = Path(kit.exercises.__file__).parent
PROTOCOL = ("check_spec", "check_key", "problems", "summary", "score", "describe", "secrets")


@pytest.mark.parametrize("kind", checkers.TYPES)
def test_each_type_module_offers_the_whole_protocol(kind):
    mod = checkers.module(kind)
    missing = [name for name in PROTOCOL if not callable(getattr(mod, name, None))]
    assert missing == [], f"kit.checkers.{kind} lacks {missing}"
    assert isinstance(mod.NEEDS_TEXT, bool)


def _imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            yield ("." * node.level) + (node.module or ""), [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, []


def test_checkers_do_not_import_exercises():
    for path in sorted((KIT / "checkers").glob("*.py")):
        for module, names in _imports(path):
            assert "exercises" not in module and "exercises" not in names, f"{path.name} imports {module}"


@pytest.mark.parametrize("name", ["report.py", "release.py", "grading.py", "exercises.py"])
def test_no_type_ladders_outside_the_checkers(name):
    src = (KIT / name).read_text()
    assert not re.search(r"\.type\s*(==|!=|in|not in)\s*[\"'(\[]", src), f"{name} tests an exercise type"
    named = {n.value for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Constant)} & set(checkers.TYPES)
    assert named == set(), f"{name} names the type(s) {named}"


def test_ids_are_split_in_one_place():
    offenders = []
    for path in sorted(KIT.rglob("*.py")):
        if path.name in ("ids.py", "sandbox.py", "_launcher.py"):
            continue
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"split\(\s*[\"']:[\"']", line) and ">>>" not in line:
                offenders.append(f"{path.relative_to(KIT)}:{n}")
    assert offenders == []


def test_secrets_of_every_real_graded_exercise():
    """Every kind of key knowledge is declared: gold options, labels, numbers, outputs, ideas."""
    for ex in kit.exercises.all_exercises():
        if ex.key is None:
            continue
        found = checkers.secrets(ex)
        assert all(i["rationale"] in found for i in ex.key.items)
        if ex.type == "single_choice":
            assert {i["value"] for i in ex.key.items} <= set(found)
        if ex.type == "sentence_labels":
            assert all(f"{i['sentence']}: {i['label']}" in found for i in ex.key.items)
        if ex.type == "numeric":
            assert all(f"{i['value']:g}" in found for i in ex.key.items)
        if ex.type == "short_text":
            assert all(i["idea"] in found for i in ex.key.items if not i.get("quote"))
