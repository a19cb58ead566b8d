"""The benchmark entry point runs end to end in its tiny configuration (no timing checks)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_benchmarks_quick_run_prints_ratios() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    ratios = [line for line in proc.stdout.splitlines() if line.startswith("ratio: ")]
    for name in ("fan-out latency=none", "fan-out latency=20 ms", "decode", "worker curve"):
        assert any(name in line for line in ratios), (name, proc.stdout)
    assert any("queue-vs-timeout" in line for line in ratios), proc.stdout
