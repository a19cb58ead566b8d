"""Queue vs timeout: the SDK starts a call's timeout once it holds a connection slot.

32 calls at once to a route that takes 100 ms, through 4 connections, with a 0.5 s total
timeout: the last calls wait about 0.7 s for a slot. The SDK (``max_connections=4``,
``timeout=0.5``, no retries) queues them without counting the wait; a naive aiohttp
session (``TCPConnector(limit=4)``, ``ClientTimeout(total=0.5)``) counts the wait for a
pooled connection against the timeout, so the back of the queue times out.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import aiohttp

from benchmarks._common import Config, out, table
from mainwp_async import NO_RETRY, APITimeoutError, MainWP
from mainwp_async.testing import SimulatedDashboard

CONNECTIONS = 4
CALLS = 32
LATENCY = 0.100
TIMEOUT = 0.5


def _tally(outcomes: Sequence[object], timeout_types: tuple[type[BaseException], ...]) -> list[int]:
    ok = sum(1 for o in outcomes if not isinstance(o, BaseException))
    timed_out = sum(1 for o in outcomes if isinstance(o, timeout_types))
    return [ok, timed_out, len(outcomes) - ok - timed_out]


async def run(cfg: Config) -> None:
    out(
        f"== queue vs timeout: {CALLS} concurrent GET sites/{{id}}/plugins, {LATENCY * 1000:.0f} "
        f"ms each, {CONNECTIONS} connections, total timeout {TIMEOUT} s, no retries"
    )
    rows = []
    counts: dict[str, list[int]] = {}
    async with SimulatedDashboard(sites=CALLS, seed=0, latency=LATENCY) as dash:
        token = dash.tokens["read_write"]
        ids = sorted(dash.state.sites)[:CALLS]

        async with MainWP(
            dash.url,
            token=token,
            allow_insecure_http=True,
            max_connections=CONNECTIONS,
            timeout=TIMEOUT,
            retry=NO_RETRY,
        ) as mw:
            before, started = dash.counters.total, time.perf_counter()
            sdk = await asyncio.gather(*(mw.sites.plugins(i) for i in ids), return_exceptions=True)
            sdk_wall = time.perf_counter() - started
        counts["SDK"] = _tally(sdk, (APITimeoutError,))
        rows.append(
            (
                f"SDK (max_connections={CONNECTIONS})",
                *counts["SDK"],
                dash.counters.total - before,
                f"{sdk_wall * 1000:.0f}",
            )
        )

        headers = {"Authorization": f"Bearer {token}"}
        base = f"{dash.url}/wp-json/mainwp/v2"

        async def naive_one(session: aiohttp.ClientSession, site_id: int) -> object:
            async with session.get(f"{base}/sites/{site_id}/plugins", headers=headers) as r:
                if r.status != 200:
                    raise RuntimeError(f"HTTP {r.status}")
                return await r.json()

        async with aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=CONNECTIONS),
            timeout=aiohttp.ClientTimeout(total=TIMEOUT),
        ) as session:
            before, started = dash.counters.total, time.perf_counter()
            naive = await asyncio.gather(
                *(naive_one(session, i) for i in ids), return_exceptions=True
            )
            naive_wall = time.perf_counter() - started
        counts["naive"] = _tally(naive, (TimeoutError,))
        rows.append(
            (
                f"aiohttp limit={CONNECTIONS}",
                *counts["naive"],
                dash.counters.total - before,
                f"{naive_wall * 1000:.0f}",
            )
        )

    table(("client", "ok", "timed out", "other errors", "reached server", "wall ms"), rows)
    out(
        f"ratio: queue-vs-timeout timed out SDK {counts['SDK'][1]}/{CALLS} vs naive aiohttp "
        f"{counts['naive'][1]}/{CALLS}"
    )
