"""The command line as a user meets it: help, listing, showing, bad input."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import SEED_ID


def kit(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "kit", *args], capture_output=True, text=True, **kwargs)


def test_every_command_has_help():
    from kit.cli import build_parser
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # the registered sub-commands
    assert {"texts", "show", "validate"} <= set(commands)
    for name in commands:
        run = kit(name, "--help")
        assert run.returncode == 0 and "usage: kit " + name in run.stdout, name


def test_kit_texts_lists_the_seed():
    run = kit("texts")
    assert run.returncode == 0
    assert SEED_ID in run.stdout and "Lavrov: Outlaw US Empire Relations Still Tenuous" in run.stdout


def test_kit_show_prints_questions_answers_and_comments_with_speakers():
    run = kit("show", SEED_ID)
    assert run.returncode == 0, run.stderr
    rows = [line.split() for line in run.stdout.splitlines() if line.startswith("  ")]
    turns = {(r[0], r[1], r[2]) for r in rows if len(r) > 3}
    for q, a in (("q1", "a1"), ("q2", "a2"), ("q3", "a3")):
        assert (q, "question", "interviewer") in turns
        assert (a, "answer", "lavrov") in turns
    assert ("c1", "comment", "reader-1") in turns and ("c2", "comment", "reader-2") in turns
    assert "Sergey Lavrov" in run.stdout and "words" in run.stdout


def test_kit_show_unknown_text_is_a_clear_error():
    run = kit("show", "no-such-text")
    assert run.returncode == 1
    assert "no text 'no-such-text'" in run.stderr and SEED_ID in run.stderr


def test_kit_without_command_prints_help_and_fails():
    run = kit()
    assert run.returncode == 2 and "commands:" in run.stdout
