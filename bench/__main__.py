"""Run the benchmarks: every ``bench/bench_*.py`` module's ``main(args)``, in name order.

    python -m bench                   # all benchmarks, full size
    python -m bench --quick           # short runs (each module decides what that means)
    python -m bench --only analysis   # just bench/bench_analysis.py (repeatable)

A module receives the parsed arguments (``args.quick``, ``args.only``,
``args.extra`` for anything not understood here) and prints its own report.
A module that fails is reported and the others still run; the exit status is
1 if any failed.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
import time
import traceback
from pathlib import Path


def modules() -> list[str]:
    """The benchmark module names (without the ``bench_`` prefix), sorted."""
    here = Path(__file__).resolve().parent
    return sorted(m.name[len("bench_"):] for m in pkgutil.iter_modules([str(here)])
                  if m.name.startswith("bench_"))


def parse(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="a short run (smaller sizes, fewer repeats)")
    p.add_argument("--only", action="append", metavar="NAME",
                   help=f"run only this benchmark (repeatable); one of: {', '.join(modules()) or 'none'}")
    args, extra = p.parse_known_args(argv)
    args.extra = extra
    unknown = sorted(set(args.only or []) - set(modules()))
    if unknown:
        p.error(f"no benchmark named {', '.join(unknown)} (have: {', '.join(modules())})")
    return args


def main(argv=None) -> int:
    args = parse(argv)
    names = [n for n in modules() if not args.only or n in args.only]
    failed = []
    for name in names:
        print(f"\n=== bench_{name} {'(quick)' if args.quick else ''}".rstrip(), flush=True)
        t0 = time.perf_counter()
        try:
            importlib.import_module(f"bench.bench_{name}").main(args)
        except Exception:  # report and go on with the next benchmark
            traceback.print_exc()
            failed.append(name)
        print(f"=== bench_{name} done in {time.perf_counter() - t0:.1f} s", flush=True)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
