"""The benchmark entry point runs end to end in its tiny configuration (no timing checks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

ROWS = (
    "typed / raw aiohttp + json.loads, sites/basic, c=1",
    "typed / raw aiohttp + json.loads, sites/{id}, c=64",
    ".raw() / raw aiohttp, sites/{id}, c=64",
    'call("GET", "/sites/3") / sites.get(3), c=1',
    "full generated Site",
    "`import mainwp_async` above bare Python",
)


def test_benchmarks_quick_run_writes_the_table_as_json(tmp_path: Path) -> None:
    target = tmp_path / "bench.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--json", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(target.read_text())
    assert report["quick"] is True
    assert report["machine"]["python"] == sys.version.split()[0]
    names = [row["name"] for row in report["rows"]]
    for expected in ROWS:
        assert any(name.startswith(expected) for name in names), (expected, names)
    for row in report["rows"]:
        assert isinstance(row["measured"], float) and row["measured"] > 0, row
        assert isinstance(row["met"], bool)
    # Every benchmark ran and printed its ratio lines; they are in the JSON too.
    for name in ("calls", "decode", "import", "fanout", "workers", "timeout"):
        assert name in report["benchmarks"], sorted(report["benchmarks"])
    for line in ("fan-out latency=none", "worker curve", "queue-vs-timeout", "typed/raw"):
        assert any(line in r for r in report["ratios"]), (line, report["ratios"])
    assert "targets met" in proc.stdout
