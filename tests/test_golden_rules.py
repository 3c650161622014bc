"""Sentence boundaries on the English Golden Rules and on Russian Kremlin transcripts.

The English set (tests/data/golden_rules_en.yml) is the public benchmark used by
pySBD and pragmatic_segmenter; the Russian set (tests/data/golden_rules_ru.yml)
was written for the kit from the Kremlin transcripts in tests/data/import/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kit.nlp import split_sentences

DATA = Path(__file__).resolve().parent / "data"
EN = yaml.safe_load((DATA / "golden_rules_en.yml").read_text(encoding="utf-8"))
RU = yaml.safe_load((DATA / "golden_rules_ru.yml").read_text(encoding="utf-8"))

#: Rules the splitter is known to fail, with the reason.  The tests for them are
#: strict xfails: if one starts to pass, the test suite says so.
KNOWN_FAILURES_EN = {
    18: "'At 5 a.m. Mr. Smith' goes on but '6 P.M. Mr. Smith' ends a sentence: the two differ only in "
        "meaning (pySBD fails this one too)",
}


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


def _id(case: dict) -> str:
    name = case.get("name", "")
    slug = re.sub(r"\W+", "-", name.lower(), flags=re.ASCII).strip("-")[:40] or re.sub(r"\s+", "-", name)[:30]
    return f"{case['rule']:02d}-{slug}" if "rule" in case else slug


def test_the_sets_are_whole():
    assert [r["rule"] for r in EN] == list(range(1, 49))
    assert len(RU) >= 25
    for case in EN + RU:  # every expected sentence is a piece of its text, in order
        pos = 0
        for s in case["sentences"]:
            pos = case["text"].index(s, pos) + len(s)


@pytest.mark.parametrize("rule", EN, ids=_id)
def test_english_golden_rule(rule, request):
    if rule["rule"] in KNOWN_FAILURES_EN:
        request.applymarker(pytest.mark.xfail(reason=KNOWN_FAILURES_EN[rule["rule"]], strict=True))
    assert sents(rule["text"]) == rule["sentences"]


def test_at_least_46_of_the_48_english_golden_rules_pass():
    passed = [r["rule"] for r in EN if sents(r["text"]) == r["sentences"]]
    assert len(EN) == 48 and len(passed) >= 46, f"passed {len(passed)}: {passed}"
    assert set(range(1, 49)) - set(passed) == set(KNOWN_FAILURES_EN)


@pytest.mark.parametrize("case", RU, ids=_id)
def test_russian_transcript_sentences(case):
    assert sents(case["text"]) == case["sentences"]


@pytest.mark.parametrize("case", [c for c in RU if "source" in c], ids=_id)
def test_russian_cases_from_a_transcript_are_copied_unchanged(case):
    lines = (Path(__file__).resolve().parents[1] / case["source"]).read_text(encoding="utf-8").splitlines()
    assert all(any(s in line for line in lines) for s in case["sentences"])


@pytest.mark.parametrize("case", EN + RU, ids=_id)
def test_spans_cover_the_text_and_only_white_space_is_left_out(case):
    text = case["text"]
    covered = [False] * len(text)
    for a, b in split_sentences(text):
        covered[a:b] = [True] * (b - a)
    assert all(covered[i] or ch.isspace() for i, ch in enumerate(text))
