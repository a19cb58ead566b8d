"""Decode: structuring a 500-site ``GET sites`` payload into models vs ``json.loads`` alone.

The simulator caps ``per_page`` at 100 (as MainWP does), so the payload is the five pages
of ``GET sites?per_page=100`` joined into one ``{"success", "total", "data"}`` body. Both
sides start from the same bytes; the structured side includes its ``json.loads``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from benchmarks._common import Config, median, out, table
from mainwp_async._generated.models import Site, SitesListResponse
from mainwp_async.convert import structure
from mainwp_async.testing import SimulatedDashboard

N_SITES = 500


async def _payload(n_sites: int) -> bytes:
    rows: list[Any] = []
    async with (
        SimulatedDashboard(sites=n_sites, seed=0) as dash,
        aiohttp.ClientSession() as session,
    ):
        headers = {"Authorization": f"Bearer {dash.tokens['read']}"}
        page = 1
        while len(rows) < n_sites:
            params = {"page": str(page), "per_page": "100"}
            url = f"{dash.url}/wp-json/mainwp/v2/sites"
            async with session.get(url, params=params, headers=headers) as r:
                body = await r.json()
            if r.status != 200 or not body.get("data"):
                raise RuntimeError(f"GET sites page {page}: HTTP {r.status}")
            rows.extend(body["data"])
            page += 1
    return json.dumps({"success": 1, "total": len(rows), "data": rows}).encode()


def _loads(payload: bytes) -> int:
    return len(json.loads(payload)["data"])


def _structured(payload: bytes) -> int:
    model = structure(json.loads(payload), SitesListResponse)
    if not model.data or not isinstance(model.data[0], Site):
        raise RuntimeError("structure() did not build Site models")
    return len(model.data)


def _time(fn: Callable[[bytes], int], payload: bytes, repeat: int) -> float:
    """Seconds per call, over ``repeat`` back-to-back calls."""
    started = time.perf_counter()
    for _ in range(repeat):
        fn(payload)
    return (time.perf_counter() - started) / repeat


async def run(cfg: Config) -> None:
    blocks, repeat = (1, 1) if cfg.quick else (5, 4)
    payload = await _payload(N_SITES)
    out(
        f"== decode: GET sites payload, {N_SITES} sites, {len(payload) / 1e6:.1f} MB; "
        f"{'1 block' if blocks == 1 else f'median of {blocks} blocks'} of {repeat} call(s), "
        f"alternating order, after a warm-up"
    )
    _loads(payload)
    _structured(payload)  # warm-up: builds and caches the converter's hooks
    variants: dict[str, Callable[[bytes], int]] = {
        "json.loads": _loads,
        "json.loads + structure": _structured,
    }
    times: dict[str, list[float]] = {n: [] for n in variants}
    names = list(variants)
    for block in range(blocks):
        order = names if block % 2 == 0 else names[::-1]
        for name in order:
            times[name].append(_time(variants[name], payload, repeat))
    per_call = {n: median(t) for n, t in times.items()}
    rows = [
        (n, f"{t * 1000:.1f}", f"{N_SITES / t:,.0f}", f"{t / N_SITES * 1e6:.1f}")
        for n, t in per_call.items()
    ]
    table(("decoder", "ms/payload", "items/s", "us/item"), rows)
    loads, full = per_call["json.loads"], per_call["json.loads + structure"]
    out(
        f"ratio: decode structure/json.loads = {loads / full:.3f} (items/s; "
        f"{full / loads:.1f}x the time; structure alone "
        f"{(full - loads) / N_SITES * 1e6:.0f} us per site)"
    )
