"""Benchmarks for mainwp-async: ``python -m benchmarks [--quick] [--only NAME]``.

Every benchmark runs its subject and a baseline in the same process, against the same
simulated dashboard on 127.0.0.1, and prints a small table plus ``ratio:`` lines. Nothing
here asserts on timings: the numbers are for reading, not for failing a build.

* ``fanout``  - every site's plugins via the SDK (typed and ``.raw()``) vs raw aiohttp.
* ``decode``  - ``convert.structure`` of a 500-site ``GET sites`` payload vs ``json.loads``.
* ``workers`` - latency/throughput against a 2-worker ``realistic`` simulator vs a real
  2-core dashboard.
* ``timeout`` - the SDK's slot-then-timeout queue vs a naive aiohttp ``ClientTimeout``.
* ``adaptive`` - the adaptive per-dashboard limit vs every fixed concurrency, and following
  a worker-limit change (simulator in a child process).
"""

from __future__ import annotations

BENCHMARKS: dict[str, str] = {
    "fanout": "benchmarks.fanout",
    "decode": "benchmarks.decode",
    "workers": "benchmarks.workers",
    "timeout": "benchmarks.queue_timeout",
    "adaptive": "benchmarks.adaptive",
}
"""Benchmark name -> module with an ``async def run(cfg: Config) -> None``."""

__all__ = ["BENCHMARKS"]
