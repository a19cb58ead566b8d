"""Every route served; fault knobs; counters; worker limit; statefulness; fleet determinism."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import aiohttp
import pytest

from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.jobs import jobs_of

ROUTES_JSON = Path(__file__).resolve().parents[2] / "postman" / "source" / "routes.json"
NS = "/wp-json/mainwp/v2"


def concrete(pattern: str) -> str:
    """Turn a route regex into a concrete path that matches it."""

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        return {
            "id_email": "1",
            "id_name": "1",
            "key_identifier": "1",
            "mail_type": "daily_digest",
            "api_slug": "cloudways",
            "slug": "plugin",
            "destroy_id": "x",
            "renew_id": "x",
            "disconnect_id": "x",
        }.get(name, "1")

    out = re.sub(r"\(\?P<(\w+)>(?:[^()]|\((?:[^()])*\))*\)", sub, pattern)
    return out.replace("$", "")


async def test_every_route_and_method_is_served() -> None:
    routes = json.loads(ROUTES_JSON.read_text())["routes"]
    assert len(routes) == 144
    seen = 0
    async with SimulatedDashboard(profile="rig") as dash, aiohttp.ClientSession() as s:
        auth = {"Authorization": "Bearer " + dash.tokens["read_write"]}
        for pattern, info in routes.items():
            path = NS + concrete(pattern[len("/mainwp/v2") :])
            for method in info["methods"]:
                async with s.request(method, dash.url + path, headers=auth, json={}) as r:
                    body = await r.json()
                    assert not (isinstance(body, dict) and body.get("code") == "rest_no_route"), (
                        method,
                        path,
                    )
                    seen += 1
            async with s.request(
                "TRACE" if False else "GET", dash.url + NS + "/nope", headers=auth
            ) as r:
                assert r.status == 404
    assert seen >= 200


async def _get(
    s: aiohttp.ClientSession, dash: SimulatedDashboard, path: str
) -> aiohttp.ClientResponse:
    return await s.get(
        dash.url + NS + path, headers={"Authorization": "Bearer " + dash.tokens["read"]}
    )


@pytest.mark.parametrize("kind", ["503", "502", "504"])
async def test_fault_status(kind: str) -> None:
    async with SimulatedDashboard(sites=3, faults=[]) as dash, aiohttp.ClientSession() as s:
        dash.set_fault(kind, route=r"^/sites/count$")
        assert (await _get(s, dash, "/sites/count")).status == int(kind)
        assert (await _get(s, dash, "/sites/basic")).status == 200
        assert dash.counters.faults[kind] == 1


async def test_fault_429_html_notice_truncated() -> None:
    async with SimulatedDashboard(sites=3) as dash, aiohttp.ClientSession() as s:
        dash.set_fault("429", retry_after=7)
        r = await _get(s, dash, "/sites/count")
        assert r.status == 429 and r.headers["Retry-After"] == "7"
        dash.set_fault("html")
        r = await _get(s, dash, "/sites/count")
        assert r.headers["Content-Type"].startswith("text/html")
        dash.set_fault("notice")
        text = await (await _get(s, dash, "/sites/count")).text()
        assert text.startswith("<br />\n<b>Notice</b>:") and text.endswith('{"count": 3}')
        dash.set_fault("truncated")
        text = await (await _get(s, dash, "/sites/count")).text()
        with pytest.raises(ValueError):
            json.loads(text)
        dash.set_fault(None)
        assert (await _get(s, dash, "/sites/count")).status == 200


async def test_fault_reset_and_slow() -> None:
    async with SimulatedDashboard(sites=3) as dash, aiohttp.ClientSession() as s:
        dash.set_fault("reset")
        with pytest.raises(aiohttp.ClientError):
            r = await _get(s, dash, "/sites/basic")
            await r.read()
        dash.set_fault("slow", slow_seconds=30)
        with pytest.raises(asyncio.TimeoutError):
            await s.get(
                dash.url + NS + "/sites/count",
                timeout=aiohttp.ClientTimeout(total=0.2),
                headers={"Authorization": "Bearer " + dash.tokens["read"]},
            )
        assert dash.counters.faults["slow"] == 1


async def test_fault_rate_is_deterministic() -> None:
    async def run() -> list[int]:
        async with SimulatedDashboard(sites=3, seed=5) as dash, aiohttp.ClientSession() as s:
            dash.set_fault("503", rate=0.3)
            return [(await _get(s, dash, "/sites/count")).status for _ in range(30)]

    a, b = await run(), await run()
    assert a == b and 503 in a and 200 in a


async def test_counters_idempotency_and_body() -> None:
    async with SimulatedDashboard(sites=3) as dash, aiohttp.ClientSession() as s:
        h = {
            "Authorization": "Bearer " + dash.tokens["read_write"],
            "Idempotency-Key": "k1",
            "Content-Type": "application/json",
        }
        body = b'{"name": "once"}'
        await s.post(dash.url + NS + "/tags/add", data=body, headers=h)
        assert dash.counters.idempotency_keys["k1"] == 1
        assert dash.counters.bodies[dash.body_hash("POST", NS + "/tags/add", body)] == 1
        assert dash.counters.count("POST", "/mainwp/v2/tags/add") == 1
        assert dash.counters.count_path("POST", "/tags/add") == 1


async def test_worker_limit_caps_concurrency() -> None:
    async with (
        SimulatedDashboard(sites=3, latency=0.02, worker_limit=2) as dash,
        aiohttp.ClientSession() as s,
    ):
        await asyncio.gather(*[_get(s, dash, "/sites/count") for _ in range(12)])
        assert dash.counters.max_in_flight == 2
        dash.set_worker_limit(None)
        await asyncio.gather(*[_get(s, dash, "/sites/count") for _ in range(12)])
        assert dash.counters.max_in_flight > 2


async def test_statefulness() -> None:
    async with SimulatedDashboard(profile="rig") as dash, aiohttp.ClientSession() as s:
        rw = {"Authorization": "Bearer " + dash.tokens["read_write"]}

        async def call(m: str, p: str, **kw: object) -> tuple[int, dict]:
            async with s.request(m, dash.url + NS + p, headers=rw, **kw) as r:  # type: ignore[arg-type]
                return r.status, await r.json()

        _, b = await call("POST", "/tags/add", json={"name": "Production"})
        assert b["data"]["name"] == "Production (1)"
        tid = b["data"]["id"]
        assert tid in (await call("GET", "/tags"))[1]["data"]
        await call("DELETE", f"/tags/{tid}/remove")
        assert (await call("GET", f"/tags/{tid}"))[0] == 404
        # editing a site without client_id unassigns its client
        _, b = await call("PUT", "/sites/1/edit", json={"name": "Child One"})
        assert b["data"]["client_id"] == "0"
        assert (await call("GET", "/sites/1/client"))[1]["success"] == 0
        # update applied, still listed until sync
        slug = "realdash-sample/realdash-sample.php"
        await call("POST", "/updates/3/update/plugins", json={"slug": slug})
        assert slug in (await call("GET", "/updates/3"))[1]["data"]["plugins"]
        await call("POST", "/sites/3/sync")
        assert slug not in (await call("GET", "/updates/3"))[1]["data"]["plugins"]
        # a deleted key is refused
        _, b = await call("POST", "/rest-api/add-key", data={"permissions": "read"})
        tok = {"Authorization": "Bearer " + b["token"]}
        assert (await s.get(dash.url + NS + "/sites/count", headers=tok)).status == 200
        kid = max(dash.state.keys)
        await call("DELETE", f"/rest-api/delete-key/{kid}")
        r = await s.get(dash.url + NS + "/sites/count", headers=tok)
        assert r.status == 401
        assert (await r.json())["code"] == "mainwp_rest_authentication_disabled_key"
        # tool job completes
        _, b = await call("POST", "/settings/tools/destroy-sessions")
        st = f"/settings/tools/destroy-sessions-status/{b['destroy_id']}"
        assert (await call("GET", st))[1]["status"] == "pending"
        for _ in dash.state.sites:  # WP-Cron runs (testing.jobs): 5 sites per run
            jobs_of(dash).run_cron(dash.state)
        assert (await call("GET", st))[1]["status"] == "completed"


def test_fleet_deterministic_and_varied() -> None:
    a = SimulatedDashboard(sites=500, seed=1).state
    b = SimulatedDashboard(sites=500, seed=1).state
    c = SimulatedDashboard(sites=500, seed=2).state
    assert json.dumps(a.snapshot()) == json.dumps(b.snapshot())
    assert json.dumps(a.snapshot()) != json.dumps(c.snapshot())
    sites = list(a.sites.values())
    assert sum(1 for x in sites if x.plugin_upgrades) > 50
    assert sum(1 for x in sites if x.status == "disconnected") > 5
    assert sum(1 for x in sites if x.fields["suspended"] == "1") > 3
    assert sum(1 for x in sites if x.abandoned_plugins) > 3
    assert len({x.fields["wp_version"] for x in sites}) > 3


async def test_pytest_plugin_fixture(mainwp_dashboard: SimulatedDashboard) -> None:
    assert mainwp_dashboard.url.startswith("http://127.0.0.1:")
    assert set(mainwp_dashboard.tokens) == {"read", "write", "delete", "read_write"}
    assert all(
        re.fullmatch(r"[0-9a-f]{40}==[0-9a-f]{40}", t) for t in mainwp_dashboard.tokens.values()
    )


def test_pending_updates_always_go_forward_in_the_synthetic_fleet() -> None:
    """Every generated plugin update offers a newer version than the installed one."""
    from mainwp_async.testing.fleet import build_fleet
    from mainwp_async.testing.state import DashboardState

    def key(version: str) -> tuple[int, ...]:
        return tuple(int(p) for p in version.split(".") if p.isdigit())

    state = DashboardState()
    build_fleet(state, 300, 5)
    pairs = [
        (up["Version"], up["update"]["new_version"])
        for site in state.sites.values()
        for up in site.plugin_upgrades.values()
    ]
    assert pairs
    assert all(key(cur) < key(new) for cur, new in pairs), [
        p for p in pairs if key(p[0]) >= key(p[1])
    ][:5]
