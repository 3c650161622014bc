"""Grading throughput: the kit's data grader against executing one notebook per submission.

``python -m bench --only grading [--quick]``.  Builds synthetic submissions
answering every graded exercise (the kit's exercises if they validate, else
the test fixtures), grades them all with :func:`kit.grading.grade` (files
in, gradebook, feedback and review files out; code answers run in the
sandbox), and in the same run times the way notebook graders work: one
notebook per submission executed top to bottom with nbclient, which starts
a kernel, loads the answers and checks them.

The class is graded three ways, each the best of two runs (one in
``--quick``): on all CPUs; pinned to one CPU (this thread and everything it
starts, launchers and sandbox children included); and pinned, with the
answers to code exercises left out (nothing for the sandbox).  For each it
prints submissions per second of wall time and per CPU-second (grader plus
sandbox processes) and the ratio to the notebook grader, then where the CPU
goes (grader process per submission, sandbox per code answer) and how long
the file system takes to create as many files as there are feedback files
(this varies a lot on shared machines; ``TMPDIR`` moves the bench folder).
"""

from __future__ import annotations

import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["main", "synthetic_answers", "baseline_notebook"]

ROOT = Path(__file__).resolve().parent.parent


def _catalog():
    from kit.exercises import catalog
    cat = catalog()
    graded = [e for e in cat if e.mode == "graded"]
    if cat.problems or not graded or any(e.key is None for e in graded):
        cat = catalog(ROOT / "tests" / "data" / "exercises")
    return cat


def synthetic_answers(ex, rng: random.Random, n: int):
    """A plausible answer to ``ex``: often the key's, sometimes wrong, shaped as a widget saves it."""
    items = ex.key.items
    t = ex.type
    if t == "single_choice":
        return items[0]["value"] if rng.random() < 0.6 else rng.choice(ex.option_ids)
    if t == "multiple_choice":
        return sorted({i["value"] for i in items if rng.random() < 0.8} | {o for o in ex.option_ids if rng.random() < 0.2})
    if t == "sentence_labels":
        key = {i["sentence"]: i["label"] for i in items}
        return {s: (key[s] if s in key and rng.random() < 0.7 else rng.choice(ex.scheme))
                for s in ex.sentence_ids if s in key or rng.random() < 0.2}
    if t == "spans":
        n_chars = len(ex.document().original)
        out = []
        for i in items:
            if rng.random() < 0.75:
                a = max(0, i["start"] + rng.randint(-5, 5))
                b = min(n_chars, max(a + 1, i["end"] + rng.randint(-5, 5)))
                out.append({"start": a, "end": b, "label": i["label"] if rng.random() < 0.8 else rng.choice(ex.scheme)})
        a = rng.randrange(0, n_chars - 40)
        out.append({"start": a, "end": a + rng.randint(5, 40), "label": rng.choice(ex.scheme)})
        return out
    if t == "links":
        ids = ex.sentence_ids
        out = [{"source": i["source"], "target": i["target"],
                "relation": i["relation"] if rng.random() < 0.8 else rng.choice(ex.relations)}
               for i in items if rng.random() < 0.7]
        s, d = rng.sample(ids, 2) if len(ids) > 1 else (ids[0], ids[0])
        if s != d:
            out.append({"source": s, "target": d, "relation": rng.choice(ex.relations)})
        return out
    if t == "numeric":
        return items[0]["value"] + (0 if rng.random() < 0.6 else rng.randint(-3, 3))
    if t == "short_text":
        words = "the reader quotes Lavrov and repeats the predator image as camouflage of the West".split()
        return " ".join(rng.choice(words) for _ in range(rng.randint(10, 40)))
    if t == "code":
        name = ex.function or items[0]["function"]
        return f"def {name}(*args):\n    # submission {n}\n    return len(repr(args)) % {rng.randint(2, 9)}\n"
    raise ValueError(t)


def _write_class(cat, folder: Path, n: int, seed: int = 7) -> list:
    rng = random.Random(seed)
    graded = [e for e in cat if e.mode == "graded"]
    docs = []
    for k in range(n):
        answers: dict = {}
        for ex in graded:
            answers.setdefault(ex.notebook, {})[ex.id] = {"value": synthetic_answers(ex, rng, k),
                                                          "saved_at": "2026-03-01T10:00:00+00:00"}
        doc = {"schema": 1, "kind": "discourse-kit submission", "student": f"s{k:05d}", "kit_version": "0.1.0",
               "created": "2026-03-01T10:00:00+00:00", "answers": answers}
        (folder / f"student{k:05d}_{10000 + k}_{90000 + k}_submission.json").write_text(json.dumps(doc))
        docs.append(doc)
    return docs


def baseline_notebook(doc: dict, exercises_dir: str):
    """The notebook a notebook grader would execute for one submission: load answers, run checks."""
    import nbformat
    answers = {k: v["value"] for recs in doc["answers"].values() for k, v in recs.items()}
    cells = [
        "import json\nimport kit.checkers, kit.exercises",
        f"answers = json.loads({json.dumps(json.dumps(answers))})",
        f"cat = kit.exercises.catalog({exercises_dir!r})\n"
        "results = {e.id: kit.checkers.check(e, answers.get(e.id), grading=True)\n"
        "           for e in cat if e.mode == 'graded'}\n"
        "total = sum(r.points or 0 for r in results.values())\ntotal",
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _child_cpu() -> float:
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return c.ru_utime + c.ru_stime


def _pin_to_one_cpu():
    """Run this thread, and the threads and processes it starts, on one CPU; returns an undo (or None)."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    return lambda: os.sched_setaffinity(0, cpus)


def _grade_best(grade, subs: Path, tmp: Path, folder: str, n: int, repeat: int, one_cpu: bool) -> dict:
    """Grade ``subs`` ``repeat`` times into fresh folders; the best wall time and the least CPU time."""
    undo = _pin_to_one_cpu() if one_cpu else None
    best = {"wall": float("inf"), "cpu": float("inf"), "sandbox": float("inf"), "one_cpu": undo is not None}
    try:
        for k in range(repeat):
            out = tmp / f"out-{subs.name}-{'one' if one_cpu else 'all'}-{k}"
            t0, c0, s0 = time.perf_counter(), _cpu(), _child_cpu()
            run = grade([subs], out=out, folder=folder, progress=False)
            wall, cpu, sandbox = time.perf_counter() - t0, _cpu() - c0, _child_cpu() - s0
            assert len(run.gradebook) == n, "every synthetic submission should be graded"
            best["wall"], best["cpu"] = min(best["wall"], wall), min(best["cpu"], cpu)
            best["sandbox"] = min(best["sandbox"], sandbox)
            best["out"] = out
    finally:
        if undo:
            undo()
    return best


def _without_code(cat, subs: Path, folder: Path) -> None:
    """The same submissions with the answers to code exercises left out (nothing for the sandbox)."""
    code = {e.id for e in cat if e.type == "code"}
    folder.mkdir()
    for p in subs.iterdir():
        doc = json.loads(p.read_text())
        for records in doc["answers"].values():
            for ex_id in code & set(records):
                del records[ex_id]
        (folder / p.name).write_text(json.dumps(doc))


def _file_creation(folder: Path, names) -> float:
    """Seconds the file system takes to create (and write a line to) one file per name in a new folder."""
    folder.mkdir()
    t0 = time.perf_counter()
    for name in names:
        (folder / f"{name}.md").write_text("x\n", encoding="utf-8")
    return time.perf_counter() - t0


def main(args=None) -> int:
    """Run the benchmark; ``args`` is the runner's namespace (``.quick``) or a list of strings."""
    quick = getattr(args, "quick", False) or (isinstance(args, (list, tuple)) and "--quick" in args)
    n, n_nb, repeat = (200, 2, 1) if quick else (1000, 5, 2)
    from kit.grading import grade
    cat = _catalog()
    graded = [e for e in cat if e.mode == "graded"]
    n_code = sum(e.type == "code" for e in graded)
    with tempfile.TemporaryDirectory(prefix="kit-bench-") as tmp:
        tmp = Path(tmp)
        subs, plain = tmp / "subs", tmp / "subs-without-code"
        subs.mkdir()
        docs = _write_class(cat, subs, n)
        _without_code(cat, subs, plain)
        cat_folder = str(cat.folder)
        grade([next(subs.iterdir())], folder=cat_folder, progress=False)  # warm the caches (texts, keys)
        every = _grade_best(grade, subs, tmp, cat_folder, n, repeat, one_cpu=False)
        one = _grade_best(grade, subs, tmp, cat_folder, n, repeat, one_cpu=True)
        bare = _grade_best(grade, plain, tmp, cat_folder, n, repeat, one_cpu=True)
        fs = _file_creation(tmp / "fs-probe", [f"s{k:05d}" for k in range(n)])

        from nbclient import NotebookClient
        t0, c0 = time.perf_counter(), _cpu()
        for doc in docs[:n_nb]:
            nb = baseline_notebook(doc, cat_folder)
            NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp)}}).execute()
        nb_s, nb_cpu = time.perf_counter() - t0, _cpu() - c0

    nb_rate = n_nb / nb_s
    code_answers = n * n_code
    where = cat.folder.relative_to(ROOT) if cat.folder.is_relative_to(ROOT) else cat.folder
    print(f"grading: {n} submissions x {len(graded)} graded exercises ({n_code} code, run in the sandbox) "
          f"from {where}; best of {repeat}")
    print(f"  {'':34} {'submissions/s':>13} {'per CPU-second':>15} {'wall s':>7} {'CPU s':>6}  vs nbclient")
    rows = [("kit grade, all CPUs", every), ("kit grade, one CPU" + ("" if one["one_cpu"] else " (not pinned)"), one),
            ("  without the code answers", bare)]
    for label, r in rows:
        print(f"  {label:34} {n / r['wall']:13.1f} {n / r['cpu']:15.1f} {r['wall']:7.2f} {r['cpu']:6.2f}"
              f"  {n / r['wall'] / nb_rate:6.0f} x")
    print(f"  {'notebook per student (nbclient)':34} {nb_rate:13.2f} {n_nb / nb_cpu:15.2f} {nb_s:7.1f} {nb_cpu:6.1f}"
          f"  ({n_nb} notebooks; CPU includes the kernels)")
    print(f"  ratio, one CPU: {n / one['wall'] / nb_rate:.0f} x the notebook grader's submissions per second "
          f"({n / one['cpu'] / (n_nb / nb_cpu):.0f} x per CPU-second)")
    if code_answers:
        grader = (one["cpu"] - one["sandbox"]) / n * 1000
        print(f"  where the CPU goes (one CPU): grader process {grader:.2f} ms per submission, "
              f"sandbox {one['sandbox'] / code_answers * 1000:.2f} ms per code answer "
              f"(launcher, fork, limits, run, exit); without code answers {bare['cpu'] / n * 1000:.2f} ms per submission")
    print(f"  of which the file system: creating {n} files in the bench folder takes {fs:.2f} s "
          f"({fs / n * 1000:.2f} ms each)")
    startup(cat, n_large=n, repeat=repeat + 1)
    return 0


def _child_env(tmp: Path) -> dict:
    """The environment of the timed commands: Python's compiled-module cache on, as an instructor has it.

    An installed kit has its modules compiled once; with ``PYTHONDONTWRITEBYTECODE`` set (some
    CI and sandbox machines set it) every command would compile the kit's source again, about
    0.15 s that no instructor pays.  The cache goes to a folder of this run (``PYTHONPYCACHEPREFIX``),
    filled by the warm-up command.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(tmp / "pycache"))
    return env


def _cli_run(subs: Path, out: Path, cat_folder: str, env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one ``kit grade`` command in a fresh interpreter (children included)."""
    import subprocess
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "kit", "grade", str(subs), "--out", str(out), "--exercises", cat_folder,
                    "--no-progress"], check=True, capture_output=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: Run in a fresh interpreter: the CPU seconds of each step of ``kit grade`` on one submission.
_STEPS = """
import json, resource, sys
def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime
steps, t = [], cpu()
def step(name):
    global t
    now = cpu(); steps.append((name, now - t)); t = now
import kit.cli, kit.grading, kit.exercises, kit.checkers, kit.checkers.code
step("imports (kit, YAML, the checkers)")
cat = kit.exercises.catalog(sys.argv[1])
step("exercise catalog (specs, keys, texts' outlines, rubric patterns)")
from kit.checkers.sandbox import isolation
isolation()
step("sandbox check (a confined trial run)")
kit.grading.grade([sys.argv[2]], out=sys.argv[3], folder=sys.argv[1], progress=False)
step("grading one submission (sandbox launcher, scoring, files)")
steps.append(("pandas imported", "pandas" in sys.modules))
print(json.dumps(steps))
"""


def _steps(subs: Path, out: Path, cat_folder: str, env: dict) -> list:
    """Where the fixed cost of one command goes (CPU seconds of each step, children included)."""
    import subprocess
    done = subprocess.run([sys.executable, "-c", _STEPS, cat_folder, str(subs), str(out)], check=True,
                          capture_output=True, text=True, cwd=ROOT, env=env)
    return json.loads(done.stdout.strip().splitlines()[-1])


def startup(cat, n_large: int, repeat: int = 2) -> dict:
    """``kit grade`` as an instructor runs it (a fresh process) on classes of 1, 100 and ``n_large``.

    The baseline is the same command on the large class: a small class should grade at no less
    than half its rate (submissions per CPU-second).  Also printed: the interpreter alone,
    ``import pandas`` (which ``kit grade`` no longer needs) and where the fixed cost goes.
    """
    import subprocess
    out = {}
    cat_folder = str(cat.folder)
    with tempfile.TemporaryDirectory(prefix="kit-bench-startup-") as tmp:
        tmp = Path(tmp)
        env = _child_env(tmp)
        for n in (1, 100, n_large):
            subs = tmp / f"class{n}"
            subs.mkdir()
            _write_class(cat, subs, n)
            _cli_run(subs, tmp / f"warm{n}", cat_folder, env)  # texts cached, modules compiled, files in the page cache
            runs = [_cli_run(subs, tmp / f"out{n}-{k}", cat_folder, env) for k in range(repeat)]
            out[n] = min(runs, key=lambda r: r[1])
        floor = {}
        for label, code in (("python -c pass", "pass"), ("import pandas", "import pandas")):
            subprocess.run([sys.executable, "-c", code], check=True, env=env)   # compiled once
            best = float("inf")
            for _ in range(repeat):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run([sys.executable, "-c", code], check=True, env=env)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                best = min(best, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            floor[label] = best
        steps = min((_steps(tmp / "class1", tmp / f"steps-{k}", cat_folder, env) for k in range(repeat)),
                    key=lambda st: sum(v for _, v in st[:-1]))
    rate = {n: n / cpu for n, (wall, cpu) in out.items()}
    per_sub = (out[n_large][1] - out[1][1]) / (n_large - 1)
    fixed = out[1][1] - per_sub
    print(f"kit grade start-up (fresh process each, best of {repeat}, CPU seconds incl. sandbox children"
          + ("; compiled modules cached, PYTHONDONTWRITEBYTECODE ignored" if os.environ.get("PYTHONDONTWRITEBYTECODE")
             else "") + "):")
    for n, (wall, cpu) in out.items():
        print(f"  {n:5} submissions: {wall:6.2f} s wall, {cpu:6.2f} s CPU, {rate[n]:7.1f} submissions per CPU-second")
    print(f"  fixed cost per command about {fixed:.2f} s CPU; {per_sub * 1000:.1f} ms per submission")
    print(f"  where one submission's command goes: python start {floor['python -c pass']:.3f} s, "
          + ", ".join(f"{name} {value:.3f} s" for name, value in steps[:-1])
          + f"; {steps[-1][0]}: {'yes' if steps[-1][1] else 'no'} (import pandas alone: {floor['import pandas']:.2f} s)")
    print(f"  class of 100 against a class of {n_large}: {rate[100] / rate[n_large]:.2f} of its rate (target >= 0.5)")
    return {"runs": out, "fixed": fixed, "per_submission": per_sub, "steps": steps}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
