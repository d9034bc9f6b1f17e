"""The benchmark scripts keep working (a small run; timings are printed, never asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_detect_benchmark_runs_on_a_small_file():
    """bench_detect.py generates its input, runs both sides and prints both ratios."""
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own script
        [sys.executable, str(ROOT / "benchmarks" / "bench_detect.py"), "2000"],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    lines = [line for line in done.stdout.splitlines() if "ratio" in line]
    assert 3 == len(lines)
    assert lines[0].startswith("in memory, 2,000 dicts: t1133.detect")
    assert lines[1].startswith("end to end, 2,000-line NDJSON: t1133 detect")
