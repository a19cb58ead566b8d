"""Worker-limit curve: a 2-worker ``realistic`` simulator vs a real 2-core dashboard.

Closed loop: ``concurrency`` callers (the SDK's ``fan_out``, ``max_connections=64`` so the
client never queues) each send the next ``GET sites/{id}/plugins`` as soon as theirs
returns. The median latency is taken over the steady state only: requests that started
after the first ``concurrency`` ones (which all start at once and see a shorter queue);
req/s is all requests over the whole run.

Targets were measured on a real MainWP dashboard on 2 cores: about 31 req/s from 2
concurrent requests on; median 63 ms at 1, 233 ms at 8 and 2 s at 64. Values marked ``*``
are derived from those (1/63 ms at concurrency 1; 2 / 31 req/s at concurrency 2).
"""

from __future__ import annotations

import statistics
import time

from benchmarks._common import Config, out, table
from mainwp_async import NO_RETRY, MainWP
from mainwp_async._generated.models import SitesPluginsResponse
from mainwp_async.testing import SimulatedDashboard

WORKERS = 2
#: concurrency -> (median ms, req/s, which of them are derived)
TARGETS: dict[int, tuple[float, float, str]] = {
    1: (63.0, 1000 / 63.0, "rate"),
    2: (2000 / 31.0, 31.0, "median"),
    8: (233.0, 31.0, ""),
    64: (2000.0, 31.0, ""),
}


def _plan(quick: bool) -> list[tuple[int, int]]:
    """(concurrency, requests) per level."""
    if quick:
        return [(1, 4), (2, 4), (8, 8)]
    return [(1, 32), (2, 64), (8, 64), (64, 128)]


async def run(cfg: Config) -> None:
    plan = _plan(cfg.quick)
    out(
        f"== worker-limit curve: latency='realistic', worker_limit={WORKERS}, closed loop, "
        f"GET sites/{{id}}/plugins; requests per level: "
        + ", ".join(f"{n} at {c}" for c, n in plan)
        + (" (--quick: concurrency 64 skipped)" if cfg.quick else "")
    )
    rows = []
    ratios = []
    async with (
        SimulatedDashboard(sites=64, seed=0, latency="realistic", worker_limit=WORKERS) as dash,
        MainWP(
            dash.url,
            token=dash.tokens["read_write"],
            allow_insecure_http=True,
            max_connections=64,
            retry=NO_RETRY,
        ) as mw,
    ):
        site_ids = sorted(dash.state.sites)

        async def one(site_id: int) -> SitesPluginsResponse:
            return await mw.sites.plugins(site_id)

        await mw.fan_out(site_ids[:2], one, concurrency=2, adaptive=False)  # warm-up
        for concurrency, n in plan:
            ids = [site_ids[i % len(site_ids)] for i in range(n)]
            loop_started = time.perf_counter()
            result = await mw.fan_out(ids, one, concurrency=concurrency, adaptive=False)
            wall = time.perf_counter() - loop_started
            if result.failed:
                raise RuntimeError(f"{len(result.failed)} failed: {result.failed[0].error}")
            steady = [r.elapsed for r in result.results[concurrency:]] or [
                r.elapsed for r in result.results
            ]
            med = statistics.median(steady) * 1000
            rate = n / wall
            t_med, t_rate, derived = TARGETS[concurrency]
            rows.append(
                (
                    concurrency,
                    n,
                    f"{med:.0f}",
                    f"{t_med:.0f}{'*' if derived == 'median' else ''}",
                    f"{med / t_med:.2f}",
                    f"{rate:.1f}",
                    f"{t_rate:.1f}{'*' if derived == 'rate' else ''}",
                    f"{rate / t_rate:.2f}",
                )
            )
            ratios.append(f"c={concurrency}: {med / t_med:.2f}/{rate / t_rate:.2f}")
        max_in_flight = dash.counters.max_in_flight
    table(
        (
            "concurrency",
            "requests",
            "median ms",
            "target",
            "ratio",
            "req/s",
            "target",
            "ratio",
        ),
        rows,
    )
    out(f"(simulator max in service at once: {max_in_flight}; * = derived target)")
    out("ratio: worker curve measured/target (median ms / req/s): " + ", ".join(ratios))
