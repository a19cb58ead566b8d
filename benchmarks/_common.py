"""Shared helpers: configuration, the run's report, statistics, timing and tables."""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Config",
    "Report",
    "Row",
    "Sample",
    "Stats",
    "iqr",
    "measure",
    "median",
    "median_sample",
    "out",
    "stats",
    "table",
]


@dataclass
class Row:
    """One line of the issue's table: what was measured against its target."""

    name: str
    measured: float
    target: float
    unit: str = "x"  #: "x" = a ratio; "us" / "ms" = a time
    higher_is_better: bool = True
    now: str = ""  #: the value the issue reported before the work
    detail: str = ""

    @property
    def met(self) -> bool:
        """Whether the measurement reaches the target."""
        if self.higher_is_better:
            return self.measured >= self.target
        return self.measured <= self.target

    def cells(self) -> tuple[str, str, str, str, str]:
        """``measure``, ``now``, ``target``, ``measured`` and the detail, as printed."""
        cmp = ">=" if self.higher_is_better else "<="
        value = f"{self.measured:.2f}" if self.unit == "x" else f"{self.measured:.1f} {self.unit}"
        target = f"{cmp} {self.target:g}{'' if self.unit == 'x' else ' ' + self.unit}"
        return self.name, self.now, target, value + ("" if self.met else "  (miss)"), self.detail


@dataclass
class Report:
    """Everything one run measured: the table rows, each benchmark's data and ratio lines."""

    rows: list[Row] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    ratios: list[str] = field(default_factory=list)
    current: str = ""

    def row(self, row: Row) -> None:
        """Add a row of the issue's table."""
        self.rows.append(row)

    def record(self, key: str, value: Any) -> None:
        """Keep ``value`` under the running benchmark's name in the JSON output."""
        self.data.setdefault(self.current, {})[key] = value

    def to_json(self, quick: bool) -> dict[str, Any]:
        """The report as JSON-ready data."""
        return {
            "quick": quick,
            "machine": machine(),
            "rows": [{**asdict(r), "met": r.met} for r in self.rows],
            "benchmarks": self.data,
            "ratios": self.ratios,
        }

    def write(self, path: Path, quick: bool) -> None:
        """Write the report as JSON to ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(quick), indent=2, default=str) + "\n")


REPORT = Report()
"""The run's report; ``out("ratio: ...")`` lines are collected into it too."""


@dataclass(frozen=True)
class Config:
    """Run-wide options."""

    quick: bool = False
    report: Report = field(default_factory=lambda: REPORT)
    rounds: int = 5  #: interleaved rounds per sample set (calls); more = steadier medians


def machine() -> dict[str, Any]:
    """What the numbers ran on (they mean little without it)."""
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": model or platform.processor(),
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in load],
    }


@dataclass(frozen=True)
class Stats:
    """Median and interquartile range of a series of samples."""

    median: float
    q1: float
    q3: float
    n: int

    @property
    def iqr(self) -> float:
        """``q3 - q1``."""
        return self.q3 - self.q1

    def rel_iqr(self) -> float:
        """IQR as a fraction of the median (the noise of this measurement)."""
        return self.iqr / self.median if self.median else 0.0


def stats(values: Sequence[float]) -> Stats:
    """Median and quartiles (inclusive method; a single value is its own quartiles)."""
    if len(values) == 1:
        return Stats(values[0], values[0], values[0], 1)
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return Stats(statistics.median(values), q1, q3, len(values))


def iqr(values: Sequence[float]) -> float:
    """Interquartile range."""
    return stats(values).iqr


@dataclass(frozen=True)
class Sample:
    """One timed run: wall seconds and process CPU seconds for ``count`` operations."""

    wall: float
    cpu: float
    count: int

    @property
    def rate(self) -> float:
        """Operations per wall-clock second."""
        return self.count / self.wall if self.wall > 0 else float("inf")

    @property
    def cpu_per_op(self) -> float:
        """Process CPU seconds per operation."""
        return self.cpu / self.count


async def measure(fn: Callable[[], Awaitable[int]]) -> Sample:
    """Time one awaited run of ``fn`` (which returns how many operations it did)."""
    gc.collect()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    count = await fn()
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    return Sample(wall=wall, cpu=cpu, count=count)


def median_sample(samples: Sequence[Sample]) -> Sample:
    """The sample with the median wall time (its own CPU time goes with it)."""
    ordered = sorted(samples, key=lambda s: s.wall)
    return ordered[(len(ordered) - 1) // 2]


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return statistics.median(values)


def out(line: str = "") -> None:
    """Print one line now (benchmarks run long; keep the output flowing)."""
    print(line, flush=True)
    if line.startswith("ratio: "):
        REPORT.ratios.append(line[len("ratio: ") :])


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], left: int = 1) -> None:
    """Print a table: the first ``left`` columns left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        parts = [c.ljust(widths[i]) if i < left else c.rjust(widths[i]) for i, c in enumerate(row)]
        out("  " + "  ".join(parts).rstrip())
        if n == 0:
            out("  " + "  ".join("-" * w for w in widths))
