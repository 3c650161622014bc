"""Every text of the import corpus imports with every speaker's turn count right.

The counts were made by reading (tests/data/import/README.md); the corpus and
the comparison are in tests/import_corpus.py, which also prints the table
(`python tests/import_corpus.py`).  Each imported text must also validate and
load.
"""

from __future__ import annotations

import pytest

import kit
from import_corpus import CORPUS, score
from kit.textformat import validate


@pytest.mark.parametrize("case", CORPUS, ids=[c.file.split("/")[-1] for c in CORPUS])
def test_every_speakers_turns_are_found(case, tmp_path):
    s = score(case, out_dir=tmp_path)
    assert s["error"] == ""
    assert s["found"] == s["expected"]
    assert s["extra"] == 0
    result = s["result"]
    assert validate(result.yml) == []
    doc = kit.load(result.yml)
    assert doc.original == result.source.text


def test_the_corpus_covers_at_least_25_texts_in_12_layouts():
    families = {c.layout.split(",")[0] for c in CORPUS}
    assert len(CORPUS) >= 25 and len(families) >= 12, sorted(families)
