"""The analysis toolkit against plain NLTK, on corpora scaled to ~1 million and ~10 million tokens.

The generator writes real texts (a ``.txt`` and its sidecar ``.yml``) into a
temporary folder: each is the seed text, segment for segment, followed by
several hundred synthetic reader comments (sentences of the seed with a
share of their words replaced by words drawn from a Zipf-distributed
vocabulary, so that the vocabulary grows with the corpus as real vocabularies
do).  Each size is measured in a fresh Python process, so that its peak
memory is its own.

Jobs, each done by the kit and by a plain NLTK baseline over the same files:

==================  ===================================  =============================================
job                 kit                                  baseline
==================  ===================================  =============================================
load and tokenize   ``kit.corpus(folder)`` + token table  Punkt ``span_tokenize`` (same abbreviations)
                    (validated sidecars, sentences,       then ``TreebankWordTokenizer().span_tokenize``
                    tokens with offsets and ids)          per sentence
frequency table     ``frequencies(corpus, by=None)``      ``FreqDist`` of lower-cased words
concordance         ``concordance(corpus, q)`` after the  ``nltk.Text.concordance_list(q)`` after its
                    index is built                        ``ConcordanceIndex`` is built
collocations        ``collocations(corpus, "west", 5)``   ``BigramCollocationFinder.from_words(window_size=6)``
                                                          filtered to the node, scored with PMI
keyness             ``keyness(one text, the rest)``       two ``FreqDist`` + G2 and log ratio in Python
==================  ===================================  =============================================

Ratios are baseline time / kit time (above 1: the kit is faster).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = "lavrov-new-regions-2025"
RARE = "dernali"  # a word of the generated vocabulary with two hits at 1M tokens (else the first such word)
COMMENTS_PER_TEXT = 400
SYLLABLES = ("ka lo mir ta ven sor pa li un der ro mex tal fi gor na be sti os val ki pre "
             "dom ru sel ar tin ko ve lan mo ri").split()


# --- the generator ---------------------------------------------------------------------------

def _vocabulary(size: int, rng: random.Random) -> list[str]:
    words, seen = [], set()
    while len(words) < size:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            words.append(w)
    return words


def generate(folder: Path, tokens: int, short: bool = False) -> dict:
    """Write texts into ``folder`` until about ``tokens`` tokens; return a summary.

    ``short=True`` writes many short texts instead (a title line and 17 reader
    comments each, about 1,900 tokens: the shape of a corpus of posts or articles).
    """
    if short:
        return _generate_short(folder, tokens)
    import yaml

    import kit
    seed = kit.load(SEED)
    sidecar = yaml.safe_load(seed.path.read_text(encoding="utf-8"))
    original = seed.original.rstrip("\n")
    n_seed_lines = original.count("\n") + 1
    sentences = seed.sentences["text"].tolist()
    rng = random.Random(20250301)
    vocab = _vocabulary(60_000, rng)
    seed_tokens = len(seed.tokens)
    per_comment = 110  # rough; the loop below counts for real
    n_texts = max(1, round(tokens / (seed_tokens + COMMENTS_PER_TEXT * per_comment)))
    total = 0
    for t in range(n_texts):
        trng = random.Random(t)
        comments = [_comment(trng, sentences, vocab) for _ in range(COMMENTS_PER_TEXT)]
        text = original + "\n" + "\n".join(comments) + "\n"
        meta = dict(sidecar)
        meta["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()  # the seed's sidecar records its own
        meta["title"] = f"{sidecar['title']} (bench copy {t})"
        meta["speakers"] = dict(sidecar["speakers"])
        for r in range(3, 53):
            meta["speakers"][f"reader-{r}"] = {"name": f"Reader {r}", "role": "reader"}
        meta["segments"] = list(sidecar["segments"]) + [
            {"id": f"x{j}", "lines": n_seed_lines + 1 + j, "kind": "comment",
             "speaker": f"reader-{3 + j % 50}"} for j in range(len(comments))]
        _write_text(folder, f"bench-{t:04d}", text, meta)
        total += len(text)
    return {"texts": n_texts, "chars": total}


def _write_text(folder: Path, name: str, text: str, meta: dict) -> None:
    """Write ``name.txt`` and its sidecar ``name.yml``."""
    import yaml
    (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    (folder / f"{name}.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")


SHORT_COMMENTS = 17


def _comment(trng: random.Random, sentences: list[str], vocab: list[str]) -> str:
    body = []
    for _ in range(trng.randint(3, 6)):
        words = trng.choice(sentences).split()
        for k in range(len(words)):
            if trng.random() < 0.3 and words[k].isalpha():
                rank = min(int(trng.paretovariate(1.1)), len(vocab)) - 1
                words[k] = vocab[rank]
        body.append(" ".join(words))
    return " ".join(body)


def _generate_short(folder: Path, tokens: int) -> dict:
    """Many short texts: a title and ``SHORT_COMMENTS`` comments each (about 1,900 tokens)."""
    import kit
    seed = kit.load(SEED)
    sentences = seed.sentences["text"].tolist()
    rng = random.Random(20250302)
    vocab = _vocabulary(60_000, rng)
    n_texts = max(1, round(tokens / 1_950))
    total = 0
    for t in range(n_texts):
        trng = random.Random(100_000 + t)
        comments = [_comment(trng, sentences, vocab) for _ in range(SHORT_COMMENTS)]
        text = f"Thread {t}: {trng.choice(sentences)}\n" + "\n".join(comments) + "\n"
        meta = {"format": 1, "title": f"Bench thread {t}", "language": "en", "date": "2025-03",
                "source": "synthetic thread written by bench/bench_analysis.py",
                "licence": "synthetic text, no rights reserved",
                "speakers": {f"reader-{r}": {"name": f"Reader {r}", "role": "reader"} for r in range(1, 21)},
                "segments": [{"id": "t", "lines": 1, "kind": "title", "speaker": "reader-1"}] + [
                    {"id": f"c{j}", "lines": 2 + j, "kind": "comment", "speaker": f"reader-{1 + (j * 7 + t) % 20}"}
                    for j in range(len(comments))]}
        _write_text(folder, f"short-{t:04d}", text, meta)
        total += len(text)
    return {"texts": n_texts, "chars": total}


# --- measurements (run in a worker process) --------------------------------------------------

def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_now_mb() -> float:
    """The resident memory now (the peak is ``_rss_mb``)."""
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def _warm_up() -> None:
    """Load the code a build uses (the kit's modules, pandas, Arrow and its compute and IPC modules)
    by building the seed's tables once, so that memory per token counts data, not libraries."""
    import pyarrow.compute  # noqa: F401
    import pyarrow.ipc  # noqa: F401

    import kit.cache  # noqa: F401
    from kit.paths import texts_dir
    from kit.tables import build
    from kit.textformat import read
    build(read(texts_dir() / f"{SEED}.yml"))


def _best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _baseline_tokenize(folder: Path):
    """Plain NLTK: Punkt sentences (same abbreviations as the kit), Treebank word spans."""
    from nltk.tokenize import TreebankWordTokenizer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from kit.nlp import ABBREVIATIONS
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    punkt, tb = PunktSentenceTokenizer(params), TreebankWordTokenizer()
    texts = {}
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        words = []
        for line_start, line in _lines(text):
            for s0, s1 in punkt.span_tokenize(line):
                sent = line[s0:s1]
                try:
                    spans = tb.span_tokenize(sent)
                    words.extend(sent[a:b] for a, b in spans)
                except ValueError:  # Treebank's alignment fails on some quote patterns
                    words.extend(tb.tokenize(sent))
        texts[path.stem] = words
    return texts


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            yield pos, line
        pos += len(line) + 1


def _baseline_keyness(target_words, reference_words):
    from nltk import FreqDist
    fa = FreqDist(w.lower() for w in target_words if w[:1].isalnum())
    fb = FreqDist(w.lower() for w in reference_words if w[:1].isalnum())
    c, d = fa.N(), fb.N()
    out = []
    for w in set(fa) | set(fb):
        a, b = fa[w], fb[w]
        if a + b < 3:
            continue
        e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
        g2 = 2 * ((a * math.log(a / e1) if a else 0) + (b * math.log(b / e2) if b else 0))
        lr = math.log2(((a or 0.5) / c) / ((b or 0.5) / d))
        out.append((g2, w, a, b, lr))
    out.sort(reverse=True)
    return out


def _second_loads(kit, kd, folder: Path, r: dict) -> None:
    """A second cold load of the kit (fresh disk cache, no memory cache) and of the baseline."""
    cache = os.environ.get("KIT_CACHE_DIR")
    os.environ["KIT_CACHE_DIR"] = os.path.join(cache, "again") if cache else tempfile.mkdtemp(prefix="kit-bench-")
    kd._CACHE.clear()
    kd._CORPORA.clear()
    t0 = time.perf_counter()
    kit.corpus(folder=folder).tokens
    r["kit_load_runs"] = [r["kit_load"], time.perf_counter() - t0]
    t0 = time.perf_counter()
    _baseline_tokenize(folder)
    r["base_load_runs"] = [r["base_load"], time.perf_counter() - t0]
    if cache:
        os.environ["KIT_CACHE_DIR"] = cache
    r["kit_load"], r["base_load"] = min(r["kit_load_runs"]), min(r["base_load_runs"])


def measure(folder: Path, quick: bool) -> dict:
    """Run every job with the kit and the baseline; return the timings (seconds) and sizes."""
    r: dict = {}
    repeat = 3 if quick else 5
    import kit
    import kit.document  # noqa: F401  (imports are not part of the timings: pandas, numpy, NLTK)
    import nltk.tokenize.punkt  # noqa: F401
    from kit import analysis as A
    from kit.analysis.index import index_for
    _warm_up()
    base_rss = _rss_mb()
    t0 = time.perf_counter()
    corpus = kit.corpus(folder=folder)
    tokens = corpus.tokens
    r["kit_load"] = time.perf_counter() - t0
    r["rss_now_after_load_mb"] = _rss_now_mb()
    r["tokens"], r["words"] = len(tokens), int(tokens["is_word"].sum())
    r["texts"] = len(corpus)
    r["rss_before_mb"], r["rss_after_load_mb"] = base_rss, _rss_mb()
    r["token_table_mb"] = tokens.memory_usage(deep=True).sum() / 2**20
    r["all_tables_mb"] = sum(getattr(corpus, n).memory_usage(deep=True).sum()
                             for n in ("segments", "paragraphs", "sentences", "tokens", "quotations")) / 2**20

    t0 = time.perf_counter()
    base = _baseline_tokenize(folder)
    r["base_load"] = time.perf_counter() - t0
    # On a shared machine one run of each can be off by 2x: a second cold load of each, alternated,
    # and the faster of each pair.  The kit's second load gets a fresh disk cache and no memory cache.
    import kit.document as kd
    if r["tokens"] > 2_500_000:  # at 10M one run each: two corpora and two baselines would not fit beside each other
        r["kit_load_runs"], r["base_load_runs"] = [r["kit_load"]], [r["base_load"]]
    else:
        _second_loads(kit, kd, folder, r)
    words = [w for ws in base.values() for w in ws]
    r["base_tokens"] = len(words)

    r["kit_freq"] = _best(lambda: A.frequencies(corpus, by=None), repeat)
    r["kit_freq_speaker"] = _best(lambda: A.frequencies(corpus, by="speaker"), repeat)
    from nltk import FreqDist
    r["base_freq"] = _best(lambda: FreqDist(w.lower() for w in words if w[:1].isalnum()), repeat)

    t0 = time.perf_counter()
    index_for(corpus)
    r["kit_index"] = time.perf_counter() - t0
    import nltk
    text = nltk.Text(words)
    t0 = time.perf_counter()
    text.concordance_list("zzzzzz", width=80, lines=10**9)
    r["base_index"] = time.perf_counter() - t0
    for key, q in (("west", "west"), ("phrase", "collective West"), ("the", "the")):
        r[f"kit_kwic_{key}"] = _best(lambda q=q: A.concordance(corpus, q, width=40), repeat)
        r[f"kit_kwic_{key}_hits"] = len(A.concordance(corpus, q, width=40))
        bq = q.split() if " " in q else q
        r[f"base_kwic_{key}"] = _best(lambda bq=bq: text.concordance_list(bq, width=80, lines=10**9), repeat)
        r[f"base_kwic_{key}_hits"] = len(text.concordance_list(bq, width=80, lines=10**9))
    # a rare word: microseconds, so each side is timed over many calls, the sides alternated
    from collections import Counter
    from kit.analysis.kwic import find_hits, kwic_lines
    twice = Counter(w.lower() for w in words if w.isalpha())
    rare = RARE if twice.get(RARE) == 2 else min(w for w, n in twice.items() if n == 2)
    r["rare"], r["kit_kwic_rare_hits"] = rare, len(A.concordance(corpus, rare, width=40))
    r["base_kwic_rare_hits"] = len(text.concordance_list(rare, width=80, lines=10**9))
    r["kit_kwic_rare"], r["kit_lines_rare"], r["base_kwic_rare"] = _per_call([
        lambda: A.concordance(corpus, rare, width=40),  # the table (a DataFrame of 12 columns)
        lambda: kwic_lines(*find_hits(corpus, rare), 40),  # the explorer's lines (no table), like NLTK's
        lambda: text.concordance_list(rare, width=80, lines=10**9)], 300 if quick else 1000, 7 if quick else 15)

    r["kit_coll"] = _best(lambda: A.collocations(corpus, "west", window=5, min_freq=2), 1 if not quick else 2)
    if r["words"] <= 2_500_000:
        from nltk.collocations import BigramCollocationFinder
        from nltk.metrics import BigramAssocMeasures

        def baseline_coll():
            lw = [w.lower() for w in words if w[:1].isalnum()]
            f = BigramCollocationFinder.from_words(lw, window_size=6)
            f.apply_ngram_filter(lambda w1, w2: "west" not in (w1, w2))
            f.apply_freq_filter(2)
            return f.score_ngrams(BigramAssocMeasures.pmi)
        r["base_coll"] = _best(baseline_coll, 1)
    else:
        r["base_coll"] = None

    first = corpus.text_ids[0]
    target, reference = tokens[tokens.text_id == first], tokens[tokens.text_id != first]
    r["kit_key"] = _best(lambda: A.keyness(target, reference), repeat)
    bt = base[first]
    br = [w for tid, ws in base.items() if tid != first for w in ws]
    r["base_key"] = _best(lambda: _baseline_keyness(bt, br), repeat)
    r["rss_peak_mb"] = _rss_mb()
    return r


def _per_call(fns, calls: int, rounds: int) -> list[float]:
    """Seconds per call of each of ``fns``: the best of ``rounds`` runs of ``calls`` calls, the functions alternated."""
    best = [math.inf] * len(fns)
    for _ in range(rounds):
        for k, fn in enumerate(fns):
            t0 = time.perf_counter()
            for _ in range(calls):
                fn()
            best[k] = min(best[k], (time.perf_counter() - t0) / calls)
    return best


def import_time(repeat: int = 5) -> dict:
    """Seconds for ``import kit`` in a fresh interpreter (median), and what it loaded."""
    code = ("import time, sys; t = time.perf_counter(); import kit; d = time.perf_counter() - t; "
            "print(d, [m for m in ('pandas', 'numpy', 'plotly', 'nltk', 'ipywidgets') if m in sys.modules])")
    times, loaded = [], []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        d, mods = out.stdout.split(" ", 1)
        times.append(float(d))
        loaded = mods.strip()
    code2 = ("import time; t = time.perf_counter(); import kit; kit.load('%s'); "
             "print(time.perf_counter() - t)" % SEED)
    first_load = [float(subprocess.run([sys.executable, "-c", code2], capture_output=True, text=True,
                                       check=True).stdout) for _ in range(3)]
    return {"import": statistics.median(times), "loaded": loaded,
            "import_and_load_seed": statistics.median(first_load)}


# --- report ----------------------------------------------------------------------------------

def _ratio(base, kit_s):
    if base is None or not kit_s:
        return "   n/a"
    return f"{base / kit_s:6.1f}x"


def report(r: dict) -> str:
    rows = [
        ("load and tokenize", r["kit_load"], r["base_load"]),
        ("frequency table", r["kit_freq"], r["base_freq"]),
        ("frequency table by speaker", r["kit_freq_speaker"], None),
        ("concordance index (once)", r["kit_index"], r["base_index"]),
        (f"concordance 'west' ({r['kit_kwic_west_hits']:,} hits)", r["kit_kwic_west"], r["base_kwic_west"]),
        (f"concordance 'collective West' ({r['kit_kwic_phrase_hits']:,})", r["kit_kwic_phrase"],
         r["base_kwic_phrase"]),
        (f"concordance 'the' ({r['kit_kwic_the_hits']:,} hits)", r["kit_kwic_the"], r["base_kwic_the"]),
        ("collocations of 'west', window 5", r["kit_coll"], r["base_coll"]),
        ("keyness (one text vs the rest)", r["kit_key"], r["base_key"]),
    ]
    lines = [f"{r['tokens']:,} tokens ({r['words']:,} words) in {r['texts']} texts; "
             f"baseline tokens: {r['base_tokens']:,}",
             f"{'job':44} {'kit':>10} {'NLTK':>10} {'ratio':>8}"]
    for name, k, b in rows:
        lines.append(f"{name:44} {k:10.4f} {b if b is not None else float('nan'):10.4f} {_ratio(b, k):>8}")
    if "rare" in r:
        lines.append(f"concordance of a rare word '{r['rare']}' ({r['kit_kwic_rare_hits']} hits; NLTK "
                     f"{r['base_kwic_rare_hits']}), ms per query: table (concordance) {r['kit_kwic_rare'] * 1e3:.3f}, "
                     f"lines (find_hits + kwic_lines, as the explorer) {r['kit_lines_rare'] * 1e3:.3f}, "
                     f"NLTK concordance_list {r['base_kwic_rare'] * 1e3:.3f}; ratio table "
                     f"{r['base_kwic_rare'] / r['kit_kwic_rare']:.2f}x, lines "
                     f"{r['base_kwic_rare'] / r['kit_lines_rare']:.2f}x")
    lines.append("cold loads (s), kit: " + ", ".join(f"{x:.2f}" for x in r.get("kit_load_runs", [])) +
                 "; NLTK: " + ", ".join(f"{x:.2f}" for x in r.get("base_load_runs", [])) + " (the faster of each above)")
    lines.append(f"load throughput: kit {r['tokens'] / r['kit_load']:,.0f} tokens/s, "
                 f"NLTK {r['base_tokens'] / r['base_load']:,.0f} tokens/s "
                 f"(ratio {(r['tokens'] / r['kit_load']) / (r['base_tokens'] / r['base_load']):.1f}x)")
    lines.append(f"memory: peak RSS after loading {r['rss_after_load_mb']:,.0f} MB "
                 f"(process start {r['rss_before_mb']:,.0f} MB), peak overall {r['rss_peak_mb']:,.0f} MB; "
                 f"token table {r['token_table_mb']:,.0f} MB = "
                 f"{r['token_table_mb'] * 2**20 / r['tokens']:.0f} bytes/token; "
                 f"RSS growth per token {(r['rss_after_load_mb'] - r['rss_before_mb']) * 2**20 / r['tokens']:.0f} bytes")
    return "\n".join(lines)


def measure_warm(folder: Path) -> dict:
    """A fresh process loading a corpus whose tables are in the disk cache, then its first query."""
    import kit
    import kit.document  # noqa: F401
    from kit import analysis as A
    r: dict = {}
    _warm_up()
    base_rss = _rss_mb()
    t0 = time.perf_counter()
    corpus = kit.corpus(folder=folder)
    tokens = corpus.tokens
    r["warm_load"] = time.perf_counter() - t0
    r["tokens"] = len(tokens)
    r["rss_before_mb"], r["rss_after_load_mb"] = base_rss, _rss_mb()
    r["rss_now_after_load_mb"] = _rss_now_mb()
    t0 = time.perf_counter()
    hits = A.concordance(corpus, "west")
    r["first_query"] = time.perf_counter() - t0
    r["first_query_hits"] = len(hits)
    return r


def _worker(folder: str, quick: bool, warm: bool = False) -> None:
    result = measure_warm(Path(folder)) if warm else measure(Path(folder), quick)
    print("RESULT " + json.dumps(result), flush=True)


def _run_worker(root: Path, folder: str, *flags: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-m", "bench.bench_analysis", folder, *flags],
                         capture_output=True, text=True, cwd=root, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"the worker for {folder} failed:\n{out.stderr[-3000:]}")
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[len("RESULT "):])


def report_warm(cold: dict, warm: dict) -> str:
    """The reload from the disk cache against the cold load of the same run."""
    per_token = (warm["rss_after_load_mb"] - warm["rss_before_mb"]) * 2**20 / warm["tokens"]
    cold_per_token = (cold["rss_after_load_mb"] - cold["rss_before_mb"]) * 2**20 / cold["tokens"]
    return "\n".join([
        f"reload from the disk cache (fresh process): {warm['warm_load']:.3f} s against the cold load "
        f"{cold['kit_load']:.2f} s: {cold['kit_load'] / warm['warm_load']:.1f}x (target 10x)",
        f"first concordance query after the reload ('west', {warm['first_query_hits']:,} hits, index from the "
        f"cache): {warm['first_query'] * 1000:.0f} ms (target <= 150 ms)",
        f"cold load against NLTK (Punkt + Treebank spans): {cold['base_load'] / cold['kit_load']:.1f}x (target 4x)",
        f"RSS growth per token: cold load {cold_per_token:.0f} bytes at the peak, "
        f"{(cold['rss_now_after_load_mb'] - cold['rss_before_mb']) * 2**20 / cold['tokens']:.0f} once loaded; "
        f"reload {per_token:.0f} bytes (target <= 200)",
    ])


def main(args) -> None:
    quick = bool(getattr(args, "quick", False))
    sizes = [("long", 1_000_000), ("short", 1_000_000)] if quick else \
        [("long", 1_000_000), ("short", 1_000_000), ("long", 10_000_000)]
    imp = import_time(3 if quick else 7)
    print(f"import kit: {imp['import'] * 1000:.1f} ms (target < 300 ms); modules loaded: {imp['loaded']}; "
          f"import + load the seed: {imp['import_and_load_seed'] * 1000:.0f} ms", flush=True)
    root = Path(__file__).resolve().parent.parent
    for shape, size in sizes:
        with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp, \
                tempfile.TemporaryDirectory(prefix="kit-bench-cache-") as cache:
            texts = Path(tmp) / "texts"
            texts.mkdir()
            t0 = time.perf_counter()
            info = generate(texts, size, short=shape == "short")
            what = "short texts (about 1,900 tokens each)" if shape == "short" else "long texts"
            print(f"\n-- about {size:,} tokens in {what}: wrote {info['texts']} texts "
                  f"({info['chars'] / 2**20:.0f} MB) in {time.perf_counter() - t0:.1f} s", flush=True)
            os.environ["KIT_CACHE_DIR"] = cache  # a cache of this run only: the first load is cold
            try:
                cold = _run_worker(root, str(texts), "--quick" if quick else "--full")
                print(report(cold), flush=True)
                warm = _run_worker(root, str(texts), "--warm")
                print(report_warm(cold, warm), flush=True)
            finally:
                os.environ.pop("KIT_CACHE_DIR", None)


if __name__ == "__main__":
    _worker(sys.argv[1], "--quick" in sys.argv[2:], "--warm" in sys.argv[2:])
