"""Autosave cost: :func:`kit.answers.save` against the plain atomic write it grew from.

``python -m bench --only autosave [--quick]``.  The baseline is what a save
was before the cross-process lock: read the notebook's answers file, change
one answer, write a temporary file, fsync, rename (one thread lock, no file
lock, no clean-up).  The kit's save adds the ``flock`` on
``.<notebook>.lock``, re-reading under it and the scan for stale temporary
files.  Both write the same file of 30 answers, interleaved round by round
so that the disk's mood affects both alike; the median of each is printed
with the ratio.  The fsync dominates both, and varies a lot on shared
machines, so compare the ratio more than the milliseconds; ``TMPDIR=/dev/shm``
takes the disk out and shows what the lock itself costs.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path

__all__ = ["main", "baseline_save"]


def baseline_save(path: Path, exercise_id: str, value) -> None:
    """The save before this change: read, update, write a temporary file, fsync, rename."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {"schema": 1, "answers": {}}
    data["answers"][exercise_id] = {"value": value, "saved_at": "2026-01-01T00:00:00+00:00"}
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def main(args=None) -> int:
    """Run the benchmark; ``args`` is the runner's namespace (``.quick``) or a list of strings."""
    quick = getattr(args, "quick", False) or (isinstance(args, (list, tuple)) and "--quick" in args)
    rounds = 100 if quick else 400
    with tempfile.TemporaryDirectory(prefix="kit-bench-save-") as tmp:
        kit_dir, base_dir = Path(tmp) / "kit", Path(tmp) / "base"
        base_dir.mkdir()
        old = os.environ.get("KIT_ANSWERS")
        os.environ["KIT_ANSWERS"] = str(kit_dir)
        try:
            from kit import answers
            for i in range(30):
                answers.save("03-framing", f"03.{i}", {"a1.s3": "morality", "n": i})
                baseline_save(base_dir / "03-framing.json", f"03.{i}", {"a1.s3": "morality", "n": i})
            kit_ms, base_ms = [], []
            for i in range(rounds):
                value = {"a1.s3": "x" * 50, "n": i}
                t = time.perf_counter()
                baseline_save(base_dir / "03-framing.json", f"03.{i % 30}", value)
                base_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                answers.save("03-framing", f"03.{i % 30}", value)
                kit_ms.append((time.perf_counter() - t) * 1000)
        finally:
            if old is None:
                os.environ.pop("KIT_ANSWERS", None)
            else:
                os.environ["KIT_ANSWERS"] = old
    b, k = statistics.median(base_ms), statistics.median(kit_ms)
    print(f"autosave, {rounds} saves of a 30-answer file (median):")
    print(f"  baseline (atomic write, no file lock)    {b:8.3f} ms")
    print(f"  kit.answers.save (flock, re-read, clean) {k:8.3f} ms   ratio {k / b:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
