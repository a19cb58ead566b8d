"""Calls: the SDK's typed, ``.raw()`` and ``call()`` paths vs raw aiohttp and httpx.

Every client GETs the same capture bodies from the same loopback server, which runs in
its own process (:mod:`benchmarks._server`): ``sites/basic`` (a small list) and
``sites/{id}`` (one full site record, JSON-text fields and all). A sample is ``N`` GETs
at concurrency 1 or 64 (64 workers, each sending its next GET when the last returns).
Rounds are interleaved: each round takes one sample of every client, in an order that
rotates from round to round, so drift on the (shared) machine hits all of them alike.
Reported: median req/s with its IQR over the rounds; ratios are medians over medians.

The baselines do what a careful hand-written client does: ``session.get`` with the
``Authorization`` header, ``await resp.read()`` and ``json.loads``; the SDK variants
return its models (typed), its :class:`RawResponse` (``.raw()``) or go through
``mw.call("GET", "/sites/3")``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from benchmarks._common import Config, Row, Sample, measure, out, stats, table
from benchmarks._server import PREFIX, served
from mainwp_async import NO_RETRY, MainWP

TOKEN = "benchmarksecret==bench1"
BODIES = {"sites/basic": "/sites/basic", "sites/{id}": "/sites/3"}
CONCURRENCY = (1, 64)
One = Callable[[], Awaitable[Any]]


async def _drive(one: One, n: int, concurrency: int) -> int:
    """``n`` calls of ``one``: in a loop, or by ``concurrency`` workers sharing the count."""
    if concurrency == 1:
        for _ in range(n):
            await one()
        return n
    remaining = n

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await one()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return n


def _clients(
    mw: MainWP, session: aiohttp.ClientSession, httpx_client: Any, base: str, body: str
) -> dict[str, One]:
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    url = f"{base}{PREFIX}{BODIES[body]}"
    path = BODIES[body]

    async def raw_aiohttp() -> Any:
        async with session.get(url, headers=headers) as resp:
            data = await resp.read()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}")
        return json.loads(data)

    if body == "sites/basic":

        def named() -> Awaitable[Any]:
            return mw.sites.basic()

        def named_raw() -> Awaitable[Any]:
            return mw.sites.basic().raw()
    else:

        def named() -> Awaitable[Any]:
            return mw.sites.get(3)

        def named_raw() -> Awaitable[Any]:
            return mw.sites.get(3).raw()

    async def by_path() -> Any:
        return await mw.call("GET", path)

    variants: dict[str, One] = {
        "raw aiohttp": raw_aiohttp,
        "SDK typed": named,
        "SDK .raw()": named_raw,
        "SDK call()": by_path,
    }
    if httpx_client is not None:

        async def httpx_get() -> Any:
            resp = await httpx_client.get(url, headers=headers)
            if resp.status_code != 200:
                raise RuntimeError(f"HTTP {resp.status_code}")
            return json.loads(resp.content)

        variants["httpx"] = httpx_get
    return variants


def _httpx_client(concurrency: int) -> Any:
    try:
        import httpx
    except ImportError:
        return None
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(limits=limits)


async def _check(variants: dict[str, One]) -> None:
    """Warm every client up and make sure each got a real answer."""
    for name, one in variants.items():
        value = await one()
        if name == "SDK typed" and not hasattr(value, "__attrs_attrs__"):
            raise RuntimeError(f"SDK typed returned {type(value).__name__}, not a model")
        if name == "SDK .raw()" and value.status != 200:
            raise RuntimeError(f"SDK .raw(): HTTP {value.status}")


async def run(cfg: Config) -> None:
    n = 64 if cfg.quick else 2000
    rounds = 1 if cfg.quick else cfg.rounds
    out(
        f"== calls: {n} GETs per sample, {rounds} interleaved round(s), bodies "
        f"{', '.join(BODIES)} from a loopback server in another process"
    )
    samples: dict[tuple[str, int, str], list[Sample]] = {}
    async with served() as base:
        for concurrency in CONCURRENCY:
            httpx_client = _httpx_client(concurrency)
            async with (
                MainWP(
                    base,
                    token=TOKEN,
                    allow_insecure_http=True,
                    max_connections=concurrency,
                    retry=NO_RETRY,
                ) as mw,
                aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency)) as session,
            ):
                try:
                    for body in BODIES:
                        variants = _clients(mw, session, httpx_client, base, body)
                        await _check(variants)
                        names = list(variants)
                        for r in range(rounds):
                            for name in names[r % len(names) :] + names[: r % len(names)]:
                                one = variants[name]

                                async def sample(one: One = one, c: int = concurrency) -> int:
                                    return await _drive(one, n, c)

                                key = (body, concurrency, name)
                                samples.setdefault(key, []).append(await measure(sample))
                finally:
                    if httpx_client is not None:
                        await httpx_client.aclose()
    _summarise(cfg, samples)


def _summarise(cfg: Config, samples: dict[tuple[str, int, str], list[Sample]]) -> None:
    rate = {k: stats([s.rate for s in v]) for k, v in samples.items()}
    cpu = {k: stats([s.cpu_per_op * 1e6 for s in v]) for k, v in samples.items()}
    rows = [
        (
            body,
            c,
            name,
            f"{rate[body, c, name].median:,.0f}",
            f"±{rate[body, c, name].rel_iqr() * 100:.0f}%",
            f"{cpu[body, c, name].median:.0f}",
        )
        for (body, c, name) in samples
    ]
    table(("body", "c", "client", "req/s", "IQR", "client CPU us/req"), rows, left=3)
    cfg.report.record(
        "samples",
        {
            f"{body} c={c} {name}": {
                "req_per_s": [round(s.rate, 1) for s in v],
                "cpu_us_per_req": [round(s.cpu_per_op * 1e6, 1) for s in v],
            }
            for (body, c, name), v in samples.items()
        },
    )

    def ratio(body: str, c: int, a: str, b: str) -> float:
        """Median over rounds of a/b req/s, each pair taken in the same round (paired)."""
        pairs = zip(samples[body, c, a], samples[body, c, b], strict=True)
        return stats([x.rate / y.rate for x, y in pairs]).median

    def cpu_ratio(body: str, c: int, a: str, b: str) -> float:
        """The same from client CPU per request (steadier when the machine is shared)."""
        return cpu[body, c, b].median / cpu[body, c, a].median

    now = {
        ("sites/basic", 1): "0.77",
        ("sites/basic", 64): "0.63",
        ("sites/{id}", 1): "0.48",
        ("sites/{id}", 64): "0.31",
    }
    for body in BODIES:
        target = 0.90 if body == "sites/basic" else 0.85
        for c in CONCURRENCY:
            value = ratio(body, c, "SDK typed", "raw aiohttp")
            by_cpu = cpu_ratio(body, c, "SDK typed", "raw aiohttp")
            out(f"ratio: typed/raw aiohttp {body} c={c} = {value:.3f} (by client CPU {by_cpu:.3f})")
            cfg.report.row(
                Row(
                    f"typed / raw aiohttp + json.loads, {body}, c={c}",
                    value,
                    target,
                    now=now[body, c],
                    detail=f"by client CPU/request: {by_cpu:.2f}",
                )
            )
    for body in BODIES:
        value = ratio(body, 64, "SDK .raw()", "raw aiohttp")
        by_cpu = cpu_ratio(body, 64, "SDK .raw()", "raw aiohttp")
        out(f"ratio: .raw()/raw aiohttp {body} c=64 = {value:.3f} (by client CPU {by_cpu:.3f})")
        cfg.report.row(
            Row(
                f".raw() / raw aiohttp, {body}, c=64",
                value,
                0.95,
                now="0.69-0.77",
                detail=f"by client CPU/request: {by_cpu:.2f}",
            )
        )
    for c in CONCURRENCY:
        value = ratio("sites/{id}", c, "SDK call()", "SDK typed")
        by_cpu = cpu_ratio("sites/{id}", c, "SDK call()", "SDK typed")
        out(
            f'ratio: call("GET", "/sites/3")/named method c={c} = {value:.3f} '
            f"(by client CPU {by_cpu:.3f})"
        )
        cfg.report.row(
            Row(
                f'call("GET", "/sites/3") / sites.get(3), c={c}',
                value,
                0.97,
                now="0.6-0.9",
                detail=f"by client CPU/request: {by_cpu:.2f}",
            )
        )
    if not any(name == "httpx" for (_, _, name) in samples):
        out("(httpx not installed: pip install -e '.[bench]' for the httpx rows)")
        return
    for body in BODIES:
        for c, target, was in ((1, 3.0, "2.3-2.8x"), (64, 30.0, "9-16x")):
            value = ratio(body, c, "SDK typed", "httpx")
            by_cpu = cpu_ratio(body, c, "SDK typed", "httpx")
            out(f"ratio: SDK typed/httpx {body} c={c} = {value:.2f}x (by client CPU {by_cpu:.2f}x)")
            cfg.report.row(
                Row(
                    f"SDK typed / httpx + json.loads, {body}, c={c}",
                    value,
                    target,
                    now=was,
                    detail=f"by client CPU/request: {by_cpu:.2f}",
                )
            )
