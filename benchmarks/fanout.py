"""Fan-out: every site's plugins, SDK (typed and ``.raw()``) vs a raw aiohttp baseline.

All three clients talk to the same in-process simulator; each variant keeps its session
(and its warm connections) for the whole benchmark. Order rotates between repetitions so
no variant always runs first, and the median of the repetitions is reported.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import aiohttp

from benchmarks._common import Config, Sample, measure, median_sample, out, table
from mainwp_async import NO_RETRY, MainWP
from mainwp_async._generated.models import SitesPluginsResponse
from mainwp_async.testing import SimulatedDashboard

CONCURRENCY = 16
FIXED_LATENCY = 0.020

Runner = Callable[[], Awaitable[int]]


def _sdk_typed(mw: MainWP, ids: list[int]) -> Runner:
    async def one(site_id: int) -> SitesPluginsResponse:
        return await mw.sites.plugins(site_id)

    async def run() -> int:
        result = await mw.fan_out(ids, one, concurrency=CONCURRENCY, adaptive=False)
        if result.failed:
            raise RuntimeError(f"SDK typed: {len(result.failed)} failed: {result.failed[0].error}")
        if not isinstance(result.results[0].value, SitesPluginsResponse):
            raise RuntimeError("SDK typed did not return models")
        return len(result)

    return run


def _sdk_raw(mw: MainWP, ids: list[int]) -> Runner:
    async def one(site_id: int) -> object:
        response = await mw.sites.plugins(site_id).raw()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
        return response.json

    async def run() -> int:
        result = await mw.fan_out(ids, one, concurrency=CONCURRENCY, adaptive=False)
        if result.failed:
            raise RuntimeError(f"SDK raw: {len(result.failed)} failed: {result.failed[0].error}")
        return len(result)

    return run


def _aiohttp(session: aiohttp.ClientSession, base: str, token: str, ids: list[int]) -> Runner:
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}

    async def run() -> int:
        slots = asyncio.Semaphore(CONCURRENCY)

        async def one(site_id: int) -> object:
            async with slots, session.get(f"{base}/sites/{site_id}/plugins", headers=headers) as r:
                if r.status != 200:
                    raise RuntimeError(f"HTTP {r.status}")
                return await r.json()

        results = await asyncio.gather(*(one(i) for i in ids))
        return len(results)

    return run


def _repeated(runner: Runner, rounds: int) -> Runner:
    async def run() -> int:
        return sum([await runner() for _ in range(rounds)])

    return run


async def _series(variants: dict[str, Runner], reps: int, rounds: int) -> dict[str, Sample]:
    """Median of ``reps`` samples per variant, each ``rounds`` passes over every site."""
    names = list(variants)
    for name in names:  # warm-up: connections, converter hooks, caches
        await variants[name]()
    samples: dict[str, list[Sample]] = {n: [] for n in names}
    for rep in range(reps):
        rotated = names[rep % len(names) :] + names[: rep % len(names)]
        for name in rotated:
            samples[name].append(await measure(_repeated(variants[name], rounds)))
    return {n: median_sample(s) for n, s in samples.items()}


async def run(cfg: Config) -> None:
    n_sites = 40 if cfg.quick else 300
    # label, simulator latency, samples per variant, passes over all sites per sample
    settings = [("none", None, 1, 1), ("20 ms", FIXED_LATENCY, 1, 1)]
    if not cfg.quick:  # the no-latency pass is short (~0.1 s): more of them, less noise
        settings = [("none", None, 5, 3), ("20 ms", FIXED_LATENCY, 3, 1)]
    out(
        f"== fan-out: GET sites/{{id}}/plugins for {n_sites} sites, concurrency {CONCURRENCY}; "
        + "; ".join(
            f"latency {label}: median of {reps} samples of {rounds} pass(es)"
            for label, _, reps, rounds in settings
        )
        + "; rotating order, after a warm-up"
    )
    async with SimulatedDashboard(sites=n_sites, seed=0) as dash:
        token = dash.tokens["read_write"]
        ids = sorted(dash.state.sites)
        base = f"{dash.url}/wp-json/mainwp/v2"
        connector = aiohttp.TCPConnector(limit=CONCURRENCY)
        async with (
            MainWP(
                dash.url,
                token=token,
                allow_insecure_http=True,
                max_connections=CONCURRENCY,
                retry=NO_RETRY,
            ) as mw,
            aiohttp.ClientSession(connector=connector) as session,
        ):
            variants = {
                "raw aiohttp": _aiohttp(session, base, token, ids),
                "SDK .raw()": _sdk_raw(mw, ids),
                "SDK typed": _sdk_typed(mw, ids),
            }
            results: dict[str, dict[str, Sample]] = {}
            for label, latency, reps, rounds in settings:
                dash.set_latency(latency)
                results[label] = await _series(variants, reps, rounds)
            dash.set_latency(None)

    rows = []
    for label, by_variant in results.items():
        for name, s in by_variant.items():
            rows.append(
                (label, name, f"{s.rate:,.0f}", f"{s.wall * 1000:.0f}", f"{s.cpu_per_op * 1e6:.0f}")
            )
    table(("latency", "client", "req/s", "wall ms", "CPU us/req"), rows, left=2)
    for label, by_variant in results.items():
        raw = by_variant["raw aiohttp"].rate
        out(
            f"ratio: fan-out latency={label}: SDK typed/raw aiohttp = "
            f"{by_variant['SDK typed'].rate / raw:.2f}, SDK .raw()/raw aiohttp = "
            f"{by_variant['SDK .raw()'].rate / raw:.2f} (req/s)"
        )
    none = results["none"]
    base_cpu = none["raw aiohttp"].cpu_per_op
    pipeline = none["SDK .raw()"].cpu_per_op - base_cpu
    models = none["SDK typed"].cpu_per_op - none["SDK .raw()"].cpu_per_op
    out(
        f"SDK overhead per request (CPU, from the no-latency run; the simulator's own CPU "
        f"is in all three and cancels out): {(pipeline + models) * 1e6:.0f} us = "
        f"{pipeline * 1e6:.0f} us request pipeline + {models * 1e6:.0f} us typed models "
        f"(raw aiohttp + simulator: {base_cpu * 1e6:.0f} us/req)"
    )
