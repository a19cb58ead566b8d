"""The demo names abandoned plugins from the slug-keyed map the simulator sends."""

from __future__ import annotations

import io
import re

from mainwp_async.demo import run_demo
from mainwp_async.testing import SimulatedDashboard


async def test_demo_lists_abandoned_plugins_by_their_real_names() -> None:
    fleet = SimulatedDashboard(sites=60, seed=3).state  # the fleet run_demo builds
    names = {info["Name"] for s in fleet.sites.values() for info in s.abandoned_plugins.values()}
    assert names
    out = io.StringIO()
    assert await run_demo(sites=60, seed=3, fault_rate=0.0, out=out, err=io.StringIO()) == 0
    section = out.getvalue().split("Abandoned plugins (no longer maintained upstream)")[1]
    rows = re.findall(r"^\s+\d+ sites?\s+(.+?)\s*$", section, flags=re.M)  # "  2 sites  Name"
    listed = rows[: len(names)]
    assert listed and "?" not in listed
    assert set(listed) <= names
