"""The sentence splitter against NLTK's plain Punkt (and pySBD, Blingfire if installed), same text, same run.

The text is every prose file of the repository (``texts/*.txt``, the ``.txt`` and
``.md`` transcripts in ``tests/data/import/`` and ``notebooks/data/``: English and
Russian interviews, briefings, hearings, dialogues) repeated to about 4 MB (1 MB
with ``--quick``) and cut into paragraphs at blank lines, the unit
``kit.tables`` splits.  Each splitter gets the same paragraphs; the splitters take
turns, three rounds, and each one's best CPU time is kept.  Printed: MB/s (UTF-8
bytes per CPU second), the ratio to plain Punkt (above 1:
faster than Punkt) and how many of the 48 English Golden Rules
(``tests/data/golden_rules_en.yml``) each one passes.

==============  ===========================================================
splitter        what is called on each paragraph
==============  ===========================================================
kit             ``kit.nlp.split_sentences(p)``
Punkt           ``PunktSentenceTokenizer().span_tokenize(p)`` (untrained, no abbreviations)
pySBD           ``pysbd.Segmenter(language="en", clean=False, char_span=False).segment(p)``
                (optional: ``pip install pysbd``); timed on the first 200 kB only, it is slow
Blingfire       ``blingfire.text_to_sentences_and_offsets(p)`` (optional: ``pip install blingfire``)
==============  ===========================================================

    python -m bench --only sentences [--quick]
"""

from __future__ import annotations

import re
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def corpus(size: int) -> list[str]:
    """Paragraphs of the repository's prose files, repeated until their text holds ``size`` bytes."""
    files = sorted(ROOT.glob("texts/*.txt")) + sorted(
        p for d in ("tests/data/import", "notebooks/data") for p in (ROOT / d).glob("*")
        if p.suffix in (".txt", ".md") and p.name != "README.md")
    base = [p for f in files for p in re.split(r"\n[ \t]*\n", f.read_text(encoding="utf-8")) if p.strip()]
    per_round = sum(len(p.encode("utf-8")) for p in base)
    return base * max(1, round(size / per_round))


def _splitters() -> dict:
    """The splitters that can run here: name -> function of one paragraph."""
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    from kit.nlp import split_sentences

    punkt = PunktSentenceTokenizer()
    found = {"kit": split_sentences, "Punkt": lambda p: list(punkt.span_tokenize(p))}
    try:
        import pysbd
        seg = pysbd.Segmenter(language="en", clean=False, char_span=False)
        found["pySBD"] = seg.segment
    except ImportError:
        pass
    try:
        import blingfire
        found["Blingfire"] = lambda p: blingfire.text_to_sentences_and_offsets(p)[1]
    except ImportError:
        pass
    return found


def golden_rules(name: str, split) -> int:
    """How many of the English Golden Rules ``split`` passes (sentences compared after stripping)."""
    import yaml

    rules = yaml.safe_load((ROOT / "tests" / "data" / "golden_rules_en.yml").read_text(encoding="utf-8"))
    passed = 0
    for rule in rules:
        out = split(rule["text"])
        got = [s.strip() for s in out] if name == "pySBD" else [rule["text"][a:b].strip() for a, b in out]
        passed += [s for s in got if s] == rule["sentences"]
    return passed


def measure(splitters: dict, parts: dict, repeat: int = 3) -> dict:
    """Best CPU time of each splitter over its paragraphs, the splitters taking turns.

    CPU time of this process (``time.process_time``) rather than wall time, and
    runs interleaved, so that other work on a shared machine slows no splitter
    more than another.
    """
    best = dict.fromkeys(splitters, float("inf"))
    for round_ in range(repeat):
        for name, split in splitters.items():
            if name == "pySBD" and round_:
                continue  # one run of the slow one is enough
            t0 = time.process_time()
            for p in parts[name]:
                split(p)
            best[name] = min(best[name], time.process_time() - t0)
    return best


def main(args=None) -> None:
    """Run the benchmark; ``args`` is the runner's namespace (``.quick``)."""
    quick = getattr(args, "quick", False)
    paragraphs = corpus(1_000_000 if quick else 4_000_000)
    size = sum(len(p.encode("utf-8")) for p in paragraphs)
    sample, total = [], 0
    for p in paragraphs:  # the first 200 kB, for the slow splitters
        if total >= 200_000:
            break
        sample.append(p)
        total += len(p.encode("utf-8"))
    print(f"{size / 1e6:.2f} MB in {len(paragraphs):,} paragraphs (pySBD: the first {total / 1e6:.2f} MB)")
    splitters = _splitters()
    parts = {name: sample if name == "pySBD" else paragraphs for name in splitters}
    seconds = measure(splitters, parts)
    rows = [(name, (total if name == "pySBD" else size) / 1e6 / seconds[name], golden_rules(name, split))
            for name, split in splitters.items()]
    punkt = dict((n, r) for n, r, _ in rows)["Punkt"]
    print(f"{'splitter':<10} {'MB/s':>8} {'x Punkt':>8} {'Golden Rules':>13}")
    for name, rate, score in rows:
        print(f"{name:<10} {rate:>8.2f} {rate / punkt:>7.2f}x {score:>10}/48")


if __name__ == "__main__":
    main()
