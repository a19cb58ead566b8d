"""Shared helpers: configuration, timing and plain-text tables."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

__all__ = ["Config", "Sample", "measure", "median_sample", "out", "table"]


@dataclass(frozen=True)
class Config:
    """Run-wide options."""

    quick: bool = False


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


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], left: int = 1) -> None:
    """Print a table: the first ``left`` columns left-aligned, the others right-aligned."""
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        parts = [c.ljust(widths[i]) if i < left else c.rjust(widths[i]) for i, c in enumerate(row)]
        out("  " + "  ".join(parts).rstrip())
        if n == 0:
            out("  " + "  ".join("-" * w for w in widths))
