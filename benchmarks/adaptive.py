"""Adaptive concurrency vs every fixed setting, against a 2-worker simulator in another process.

The simulator (``latency="realistic"``, ``worker_limit=2``: a 2-core PHP dashboard) runs in
a child process so its event loop does not share ours; its worker limit is changed by a
line on its stdin. Closed loop: the SDK's ``fan_out`` keeps ``concurrency`` calls of
``GET sites/{id}/plugins`` going (``max_connections=64`` so the client never queues).

1. Fixed settings 1..64 (``adaptive=False``) and the adaptive gate (ceiling 64): req/s and
   median request latency (time a call held its slot; client-side queueing is not
   latency the server causes). Targets: adaptive >= 0.95x the best fixed req/s and
   median <= 1.5x the unloaded (concurrency 1) median.
2. One adaptive stream while the worker limit goes 2 -> 8 -> 2: the gate's limit over
   time, and how long it took to follow each change.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import sys
import time
from collections.abc import AsyncIterator

from benchmarks._common import Config, out, table
from mainwp_async import NO_RETRY, MainWP

WORKERS = 2
SITES = 64


def _fixed_levels(quick: bool) -> list[int]:
    if quick:
        return [1, 2, 4, 16]
    return [1, 2, 3, 4, 5, 6, 8, 12, 16, 24, 32, 48, 64]


def _requests_for(concurrency: int, quick: bool) -> int:
    if quick:
        return max(24, concurrency * 3)
    return max(96, concurrency * 4)


class _Server:
    """The simulator in a child process; ``await set_workers(n)`` changes its limit."""

    def __init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None
        self.url = ""
        self.token = ""

    async def __aenter__(self) -> _Server:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.adaptive",
            "serve",
            str(WORKERS),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert self.proc.stdout is not None
        hello = json.loads(await self.proc.stdout.readline())
        self.url, self.token = hello["url"], hello["token"]
        return self

    async def set_workers(self, workers: int) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(f"{workers}\n".encode())
        await self.proc.stdin.drain()
        await self.proc.stdout.readline()  # the acknowledgement

    async def __aexit__(self, *exc: object) -> None:
        if self.proc is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            try:
                await asyncio.wait_for(self.proc.wait(), 5)
            except TimeoutError:
                self.proc.kill()
                await self.proc.wait()


def _client(server: _Server) -> MainWP:
    return MainWP(
        server.url, token=server.token, allow_insecure_http=True, max_connections=64,
        retry=NO_RETRY,
    )  # fmt: skip


async def _closed_loop(
    server: _Server, concurrency: int, n: int, *, adaptive: bool
) -> tuple[float, float, int]:
    """(req/s, median ms, final limit) of ``n`` calls at ``concurrency``."""
    async with _client(server) as mw:
        ids = [1 + i % SITES for i in range(n)]
        await mw.sites.plugins(1)  # open a connection first
        started = time.perf_counter()
        result = await mw.fan_out(
            ids, lambda sid: mw.sites.plugins(sid), concurrency=concurrency, adaptive=adaptive
        )
        wall = time.perf_counter() - started
        if result.failed:
            raise RuntimeError(f"{len(result.failed)} failed: {result.failed[0].error}")
        skip = min(concurrency, n // 4) if not adaptive else n // 4  # steady state only
        steady = [r.elapsed for r in result.results[skip:]]
        limit = mw.gate().current if adaptive else concurrency
        return n / wall, statistics.median(steady) * 1000, limit


async def _comparison(server: _Server, quick: bool) -> None:
    rows: list[list[object]] = []
    fixed: dict[int, tuple[float, float]] = {}
    for c in _fixed_levels(quick):
        rate, med, _ = await _closed_loop(server, c, _requests_for(c, quick), adaptive=False)
        fixed[c] = (rate, med)
        rows.append([f"fixed {c}", f"{rate:.1f}", f"{med:.0f}", ""])
    n = 90 if quick else 480
    rate, med, limit = await _closed_loop(server, 64, n, adaptive=True)
    rows.append(["adaptive (ceiling 64)", f"{rate:.1f}", f"{med:.0f}", f"limit now {limit}"])
    table(["setting", "req/s", "median ms", ""], rows)
    best_c, (best_rate, _) = max(fixed.items(), key=lambda kv: kv[1][0])
    unloaded = fixed[1][1]
    out(f"best fixed: concurrency {best_c} at {best_rate:.1f} req/s")
    out(f"unloaded median (concurrency 1): {unloaded:.0f} ms")
    out(f"ratio: adaptive throughput / best fixed = {rate / best_rate:.2f} (target >= 0.95)")
    out(f"ratio: adaptive median / unloaded median = {med / unloaded:.2f} (target <= 1.5)")


async def _endless(counter: itertools.count[int]) -> AsyncIterator[int]:
    for i in counter:
        yield 1 + i % SITES


async def _shift(server: _Server, quick: bool) -> None:
    phases = [(2, 2.0), (8, 3.0), (2, 3.0)] if quick else [(2, 6.0), (8, 8.0), (2, 8.0)]
    async with _client(server) as mw:
        gate = mw.gate(max_concurrency=64)
        samples: list[tuple[float, int, int]] = []  # (t, workers, limit)
        run = mw.fan_out_iter(_endless(itertools.count()), lambda s: mw.sites.plugins(s),
                              concurrency=64)  # fmt: skip
        t0 = time.perf_counter()
        follow: dict[int, float] = {}

        async def sampler() -> None:
            for i, (w, seconds) in enumerate(phases):
                if i:
                    await server.set_workers(w)
                changed = time.perf_counter()
                while (now := time.perf_counter()) - changed < seconds:
                    samples.append((now - t0, w, gate.current))
                    reached = gate.current >= w - 2 if w > WORKERS else gate.current <= w + 1
                    if i and i not in follow and reached:
                        follow[i] = now - changed
                    await asyncio.sleep(0.25)

        done = 0
        async with run:
            task = asyncio.create_task(sampler())
            async for r in run:
                done += 1
                if r.error is not None:
                    raise RuntimeError(f"failed: {r.error}")
                if task.done():
                    break
            await task
    wall = time.perf_counter() - t0
    out(f"{done} calls in {wall:.1f} s while the worker limit went "
        + " -> ".join(str(w) for w, _ in phases))  # fmt: skip
    rows = []
    step = 1.0
    next_t = 0.0
    for t, w, limit in samples:
        if t >= next_t:
            rows.append([f"{t:4.1f}", w, limit])
            next_t += step
    table(["t (s)", "workers", "adaptive limit"], rows)
    for key, (w, _) in enumerate(phases):
        if key == 0:
            continue
        took = follow.get(key)
        label = f"{took:.2f} s" if took is not None else "did not follow"
        out(f"ratio: limit followed workers -> {w} in {label} (target: a few seconds)")


async def run(cfg: Config) -> None:
    """Print both tables."""
    out(
        f"== adaptive concurrency: simulator in a child process, latency='realistic', "
        f"worker_limit={WORKERS}, closed loop GET sites/{{id}}/plugins"
    )
    async with _Server() as server:
        await _comparison(server, cfg.quick)
        out()
        await _shift(server, cfg.quick)


async def _serve(workers: int) -> None:
    from mainwp_async.testing import SimulatedDashboard

    async with SimulatedDashboard(
        sites=SITES, seed=0, latency="realistic", worker_limit=workers
    ) as dash:
        print(json.dumps({"url": dash.url, "token": dash.tokens["read_write"]}), flush=True)
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, sys.stdin.readline)
            if not line:
                return
            dash.set_worker_limit(int(line))
            print("ok", flush=True)


if __name__ == "__main__" and sys.argv[1:2] == ["serve"]:
    asyncio.run(_serve(int(sys.argv[2])))
