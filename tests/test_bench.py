"""`make bench` runs: its corpora validate, and each measurement runs on a small size.

The figures themselves are not checked here (no timing in tests); only that the
benchmark still measures what bench/README.md says it does.
"""

from __future__ import annotations

import pytest

from bench import bench_analysis as B


@pytest.mark.parametrize("short", [False, True], ids=["long texts", "short texts"])
def test_the_analysis_bench_runs_on_the_corpus_it_writes(tmp_path, monkeypatch, short):
    folder = tmp_path / "texts"
    folder.mkdir()
    monkeypatch.setenv("KIT_CACHE_DIR", str(tmp_path / "cache"))
    info = B.generate(folder, 20_000 if short else 100_000, short=short)  # long texts: two of them
    assert info["texts"] == len(list(folder.glob("*.txt"))) == len(list(folder.glob("*.yml")))

    cold = B.measure(folder, quick=True)
    assert cold["tokens"] > 15_000 and cold["texts"] >= 2 and cold["texts"] == info["texts"]
    # the kit and the NLTK baseline tokenize the same files into about as many tokens
    assert abs(cold["base_tokens"] - cold["tokens"]) < 0.01 * cold["tokens"]
    text = B.report(cold)
    assert "load and tokenize" in text and "concordance 'west'" in text

    import kit.document
    kit.document._CACHE.clear()
    kit.document._CORPORA.clear()
    warm = B.measure_warm(folder)
    assert warm["tokens"] == cold["tokens"] and warm["first_query_hits"] == cold["kit_kwic_west_hits"]
    assert "reload from the disk cache" in B.report_warm(cold, warm)
