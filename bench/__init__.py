"""Benchmarks: each ``bench/bench_<name>.py`` measures the kit against a plain baseline
in the same run and prints the ratios.  Run them all with ``make bench`` (or
``python -m bench``); ``--quick`` for a short run, ``--only NAME`` for one."""
