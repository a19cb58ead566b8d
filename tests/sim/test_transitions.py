"""State transitions and shapes the simulator takes from the 6.1.2 PHP source.

Each test drives the simulator over HTTP the way a user's code would and checks what the
real server's code answers (the PHP function is named in the simulator module that
implements it: ``testing/connection.py``, ``upgrades.py``, ``monitoring.py``, ``php.py``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.connection import AUTH_FAILED, NOT_DETECTED, http_error
from mainwp_async.testing.php import add_months, php_array_json
from mainwp_async.testing.state import Site

NS = "/wp-json/mainwp/v2"


class Api:
    def __init__(self, dash: SimulatedDashboard, session: aiohttp.ClientSession) -> None:
        self.dash = dash
        self.session = session

    async def __call__(self, method: str, path: str, **kw: Any) -> tuple[int, Any]:
        headers = {"Authorization": "Bearer " + self.dash.tokens["read_write"]}
        async with self.session.request(
            method, self.dash.url + NS + path, headers=headers, **kw
        ) as resp:
            return resp.status, await resp.json()

    def sites(self, pred: Any) -> list[Site]:
        return [s for s in self.dash.state.sites.values() if pred(s)]


@pytest.fixture
async def api() -> AsyncIterator[Api]:
    async with SimulatedDashboard(sites=40, seed=5) as dash, aiohttp.ClientSession() as session:
        yield Api(dash, session)


async def test_suspend_shows_as_status_until_unsuspended(api: Api) -> None:
    site = api.sites(lambda s: s.status == "connected")[0]
    status, body = await api("POST", f"/sites/{site.id}/suspend")
    assert (status, body["success"], body["suspended"]) == (200, 1, 1)
    _, got = await api("GET", f"/sites/{site.id}")
    assert (got["data"]["status"], got["data"]["suspended"]) == ("suspended", "1")
    _, listed = await api("GET", "/sites", params={"status": "suspended", "per_page": "100"})
    assert site.id in {int(r["id"]) for r in listed["data"]}
    await api("POST", f"/sites/{site.id}/unsuspend")
    _, got = await api("GET", f"/sites/{site.id}")
    assert (got["data"]["status"], got["data"]["suspended"]) == ("connected", "0")


async def test_seeded_fleet_has_suspended_and_disconnected_sites_with_server_texts(
    api: Api,
) -> None:
    _, body = await api("GET", "/sites", params={"per_page": "100"})
    by_status: dict[str, list[dict[str, Any]]] = {}
    for row in body["data"]:
        by_status.setdefault(row["status"], []).append(row)
    assert by_status["suspended"] and by_status["disconnected"]
    errors = {r["sync_errors"] for r in by_status["disconnected"]}
    assert NOT_DETECTED in errors and AUTH_FAILED in errors
    assert any(e.startswith("HTTP error - ") for e in errors)
    assert all(r["sync_errors"] for r in by_status["disconnected"])
    assert any(r["sync_errors"] for r in by_status["suspended"])  # suspended and disconnected


async def test_disconnect_then_sync_fails_with_the_childs_auth_error_and_reconnect_heals(
    api: Api,
) -> None:
    site = api.sites(lambda s: s.status == "connected")[0]
    _, body = await api("POST", f"/sites/{site.id}/disconnect")
    assert body == {
        "success": 1,
        "data": {
            "id": str(site.id),
            "name": site.name,
            "url": site.url,
            "client_id": str(site.client_id),
        },
    }
    _, got = await api("GET", f"/sites/{site.id}")
    assert got["data"]["status"] == "connected"  # nothing recorded until the next contact
    status, body = await api("POST", f"/sites/{site.id}/sync")
    assert (status, body) == (200, {"success": 0, "data": []})
    _, got = await api("GET", f"/sites/{site.id}")
    assert got["data"]["status"] == "disconnected"
    assert got["data"]["sync_errors"] == AUTH_FAILED
    _, again = await api("POST", f"/sites/{site.id}/disconnect")
    assert again["success"] == 0 and again["error"].startswith("Authentication failed!")
    _, body = await api("POST", f"/sites/{site.id}/reconnect")
    assert body["success"] == 1
    _, got = await api("GET", f"/sites/{site.id}")
    assert (got["data"]["status"], got["data"]["sync_errors"]) == ("connected", "")


async def test_unreachable_child_reconnect_and_disconnect_are_500_errors(api: Api) -> None:
    site = api.sites(lambda s: s.child_error.startswith("HTTP error"))[0]
    status, body = await api("POST", f"/sites/{site.id}/reconnect")
    assert status == 500 and body["code"] == "mainwp_rest_reconnect_site_error"
    assert body["message"] == f'Reconnect Site "{site.id}" error:: {site.child_error}'
    status, body = await api("POST", f"/sites/{site.id}/disconnect")
    assert status == 500 and body["code"] == "mainwp_rest_disconnect_site_error"


async def test_bulk_sync_gives_failed_sites_only_their_result(api: Api) -> None:
    bad = api.sites(lambda s: bool(s.child_error))[0]
    good = api.sites(lambda s: not s.child_error)[0]
    _, body = await api("POST", "/sites/sync", params={"include": f"{bad.id},{good.id}"})
    assert body["data"][str(bad.id)] == {"result": "failed"}
    assert body["data"][str(good.id)]["result"] == "success"
    assert body["data"][str(good.id)]["id"] == str(good.id)


async def test_bulk_reconnect_stops_at_the_first_site_without_sync_errors(api: Api) -> None:
    ordered = sorted(api.dash.state.sites.values(), key=lambda s: s.url)
    first_ok = next(i for i, s in enumerate(ordered) if not s.fields["sync_errors"])
    _, body = await api("POST", "/sites/reconnect")
    assert set(body["data"]) == {str(s.id) for s in ordered[:first_ok]}


async def test_updates_list_has_core_and_translation_rows(api: Api) -> None:
    _, body = await api("GET", "/updates")
    rows = body["data"]
    types = {r["type"] for r in rows}
    assert {"core", "plugin", "theme", "translation"} <= types and "wp" not in types
    core = next(r for r in rows if r["type"] == "core")
    assert (core["slug"], core["name"]) == ("wordpress", "WordPress")
    tr = [r for r in rows if r["type"] == "translation"]
    assert all(r["new_version"] == "" for r in tr)
    twins = [r for r in tr if tr.count(r) > 1]  # two languages of one plugin look alike
    assert twins


async def test_updates_list_stops_at_the_abilitys_50_rows_and_exclude_removes_positions() -> None:
    async with SimulatedDashboard(sites=120, seed=1) as dash, aiohttp.ClientSession() as s:
        api = Api(dash, s)
        total = sum(len(s.plugin_upgrades) for s in dash.state.sites.values())
        _, body = await api("GET", "/updates")
        assert total > 50 and len(body["data"]) == 50
        _, body = await api("GET", "/updates", params={"exclude": "1"})
        assert isinstance(body["data"], dict) and "1" not in body["data"] and "0" in body["data"]
        status, body = await api("GET", "/updates", params={"type": "wp"})
        assert status == 500 and body["code"] == "ability_invalid_input"


async def test_updates_ignored_in_the_ui_are_not_listed(api: Api) -> None:
    site = api.sites(lambda s: bool(s.ignored_plugins))[0]
    slug = next(iter(site.ignored_plugins))
    assert slug in site.plugin_upgrades
    _, body = await api("GET", "/updates")
    assert not [r for r in body["data"] if r["site_id"] == site.id and r["slug"] == slug]
    _, one = await api("GET", f"/updates/{site.id}")
    assert slug not in (one["data"]["plugins"] or {})
    _, got = await api("GET", f"/sites/{site.id}")
    assert slug in json.loads(got["data"]["ignored_plugins"])  # slug-keyed record


async def test_v2_ignore_records_by_position_and_keeps_listing_the_update(api: Api) -> None:
    site = api.sites(lambda s: len(s.plugin_upgrades) >= 2 and not s.ignored_plugins)[0]
    first, second = list(site.plugin_upgrades)[:2]
    _, body = await api("POST", f"/updates/{site.id}/ignore/plugins", data={"slug": first})
    assert body == {"success": 1, "data": ["success"], "url": site.url}
    _, got = await api("GET", f"/sites/{site.id}")
    assert json.loads(got["data"]["ignored_plugins"]) == [
        {"Name": first, "ignored_versions": ["all_versions"]}
    ]
    _, one = await api("GET", f"/updates/{site.id}")
    assert first in one["data"]["plugins"]  # still listed: the record is not keyed by slug
    _, body = await api("POST", f"/updates/{site.id}/ignore/plugins", data={"slug": second})
    assert body["data"] == []  # position 0 is taken: nothing recorded
    _, body = await api("POST", f"/updates/{site.id}/ignore/plugins")
    assert body["message"] == "Ignore update plugins per site successfully."
    _, one = await api("GET", f"/updates/{site.id}")
    assert one["data"]["plugins"] == []
    _, listed = await api("GET", "/updates", params={"include": str(site.id)})
    assert not [r for r in listed["data"] if r["type"] == "plugin"]


async def test_ignoring_core_drops_the_core_row(api: Api) -> None:
    site = api.sites(lambda s: bool(s.wp_upgrades) and s.fields["is_ignoreCoreUpdates"] == "0")[0]
    _, body = await api("POST", f"/updates/{site.id}/ignore/wp")
    assert body == {"success": 1, "message": "Ignore core update successfully."}
    _, listed = await api("GET", "/updates", params={"include": str(site.id)})
    assert "core" not in {r["type"] for r in listed["data"]}
    _, one = await api("GET", f"/updates/{site.id}")
    assert one["data"]["wp"] == []


async def test_abandoned_plugins_and_themes_are_keyed_by_slug(api: Api) -> None:
    site = api.sites(lambda s: bool(s.abandoned_plugins) and bool(s.abandoned_themes))[0]
    _, plugins = await api("GET", f"/sites/{site.id}/plugins/abandoned")
    assert plugins["total"] == len(plugins["data"]) >= 1
    slug, info = next(iter(plugins["data"].items()))
    assert slug in {p["slug"] for p in site.plugins}
    assert set(info) == {"Name", "PluginURI", "Version", "last_updated"}
    assert isinstance(info["last_updated"], int) and info["Name"]
    _, themes = await api("GET", f"/sites/{site.id}/themes/abandoned")
    (tslug, tinfo), *_ = themes["data"].items()
    assert tslug in {t["slug"] for t in site.themes} and set(tinfo) == {
        "Name", "Version", "last_updated"}  # fmt: skip
    clean = api.sites(lambda s: not s.abandoned_plugins)[0]
    _, none = await api("GET", f"/sites/{clean.id}/plugins/abandoned")
    assert (none["total"], none["data"]) == (0, [])


async def test_monitor_goes_down_then_up_with_an_open_then_resolved_incident(api: Api) -> None:
    site = api.sites(lambda s: s.child_error.startswith("HTTP error") and s.id in
                     api.dash.state.monitors)[0]  # fmt: skip
    _, body = await api("GET", f"/monitors/{site.id}/incidents")
    open_one = body["data"][0]
    assert open_one["resolved"] is False and open_one["ended_at"] is None
    assert open_one["duration_sec"] == 0 and open_one["started_at"].endswith("Z")
    _, check = await api("POST", f"/monitors/{site.id}/check")
    assert check["data"]["uptime_status"] == "down"
    _, count = await api("GET", f"/monitors/{site.id}/incidents/count")
    assert count["count"] == open_one["down_count"] + 1
    site.child_error = ""  # the host answers again
    _, check = await api("POST", f"/monitors/{site.id}/check")
    assert check["data"]["uptime_status"] == "up"
    _, body = await api("GET", f"/monitors/{site.id}/incidents")
    closed = body["data"][0]
    assert closed["resolved"] is True and closed["ended_at"] is not None
    assert closed["duration_sec"] > 0
    _, mon = await api("GET", f"/monitors/{site.id}")
    assert mon["data"]["last_status"] == "up" and mon["data"]["incidents_count_7d"] >= 1


async def test_seeded_fleet_has_a_resolved_incident(api: Api) -> None:
    found = []
    for mid in api.dash.state.monitor_ids():
        _, body = await api("GET", f"/monitors/{mid}/incidents")
        found += [i for i in body.get("data", []) if i["resolved"]]
    assert found and all(i["duration_sec"] > 0 for i in found)


@pytest.mark.parametrize(
    ("renewal", "expected"),
    [
        ("weekly", "2026-11-29"),
        ("monthly", "2026-12-01"),
        ("quarterly", "2027-02-01"),
        ("yearly", "2027-11-01"),
        ("disabled", None),
    ],
)
async def test_cost_next_renewal_per_renewal_type(
    api: Api, renewal: str, expected: str | None
) -> None:
    site = next(iter(api.dash.state.sites))
    _, body = await api("POST", "/costs/add", json={
        "name": "Hosting", "payment_type": "subscription", "product_type": "service",
        "license_type": "single_site", "cost_tracker_status": "active", "price": 9,
        "renewal_type": renewal, "last_renewal": "2026-11-01", "payment_method": "paypal",
        "sites": [site]})  # fmt: skip
    nxt = int(body["data"]["next_renewal"])
    if expected is None:
        assert nxt == 0
    else:
        import datetime as dt

        assert dt.datetime.fromtimestamp(nxt, dt.UTC).date().isoformat() == expected


def test_php_month_arithmetic_overflows_like_strtotime() -> None:
    import datetime as dt

    jan31 = int(dt.datetime(2026, 1, 31, tzinfo=dt.UTC).timestamp())
    assert dt.datetime.fromtimestamp(add_months(jan31, 1), dt.UTC).date() == dt.date(2026, 3, 3)


def test_php_arrays_encode_as_list_only_with_keys_0_to_n() -> None:
    assert php_array_json({0: "a", 1: "b"}) == '["a","b"]'
    assert php_array_json({1: "b"}) == '{"1":"b"}'
    assert php_array_json({"a/b.php": 1}) == '{"a\\/b.php":1}'


async def test_site_client_joins_the_primary_contact(api: Api) -> None:
    site = api.sites(lambda s: s.client_id in api.dash.state.clients)[0]
    client = api.dash.state.clients[site.client_id]
    _, body = await api("GET", f"/sites/{site.id}/client")
    data = body["data"]
    assert data["contact_id"] == client.fields["primary_contact_id"]
    assert data["contact_name"] and data["contact_email"] and data["contact_role"]
    assert data["client_linkedin"].startswith("https://")
    client.fields["primary_contact_id"] = "0"
    _, body = await api("GET", f"/sites/{site.id}/client")
    assert body["data"]["contact_id"] is None and body["data"]["contact_name"] is None
    _, listed = await api("GET", "/clients", params={"per_page": "100"})
    assert "1" in {c["suspended"] for c in listed["data"]}


async def test_update_plugins_needs_pending_not_ignored_slugs_and_a_reachable_child(
    api: Api,
) -> None:
    site = api.sites(lambda s: len(s.plugin_upgrades) >= 2 and not s.child_error)[0]
    first, second = list(site.plugin_upgrades)[:2]
    path = f"/updates/{site.id}/update/plugins"
    _, body = await api("POST", path)
    assert body == {"success": 0, "message": "No Plugins to update."}  # no slug is not "all"
    _, body = await api("POST", path, data={"slug": f"{first},not-pending/x.php"})
    assert body["success"] == 1 and set(body["data"]) == {first}
    site.fields["is_ignorePluginUpdates"] = "1"
    _, body = await api("POST", path, data={"slug": second})
    assert body == {"success": 0, "message": "Plugins ignored updates per site."}
    down = api.sites(lambda s: bool(s.plugin_upgrades) and not s.ignored_plugins and s is not site)[
        0
    ]
    down.child_error = http_error("Connection refused")  # the host stops answering
    slug = next(iter(down.plugin_upgrades))
    status, body = await api("POST", f"/updates/{down.id}/update/plugins", data={"slug": slug})
    assert (status, body["code"]) == (500, "mainwp_rest_upgrade_plugins_of_site_error")
    refused = api.sites(lambda s: s.child_error == AUTH_FAILED and bool(s.plugin_upgrades))
    refused = refused or [down]
    refused[0].child_error = AUTH_FAILED
    slug = next(iter(refused[0].plugin_upgrades))
    _, body = await api("POST", f"/updates/{refused[0].id}/update/plugins", data={"slug": slug})
    assert body == {"success": 1, "data": []}  # the child refuses: nothing updated


async def test_core_and_translation_updates_apply_and_leave_after_the_next_sync(api: Api) -> None:
    site = api.sites(lambda s: bool(s.translation_upgrades) and not s.child_error)[0]
    site.wp_upgrades = {"current": "6.9.1", "new": "7.0.4"}
    _, body = await api("POST", f"/updates/{site.id}/update/wp")
    assert body["data"] == {"old_version": "6.9.1", "version": "7.0.4"}
    slug = site.translation_upgrades[-1]["slug"]
    _, body = await api("POST", f"/updates/{site.id}/update/translations")
    assert body == {"success": 0, "message": "No Translations to update."}
    _, body = await api("POST", f"/updates/{site.id}/update/translations", data={"slug": slug})
    assert set(body["data"]) == {slug}
    _, listed = await api("GET", "/updates", params={"include": str(site.id)})
    assert "core" in {r["type"] for r in listed["data"]}  # listed until the dashboard syncs
    await api("POST", f"/sites/{site.id}/sync")
    _, listed = await api("GET", "/updates", params={"include": str(site.id)})
    kinds = {(r["type"], r["slug"]) for r in listed["data"]}
    assert ("core", "wordpress") not in kinds and ("translation", slug) not in kinds
    assert any(k == "translation" for k, _ in kinds)  # the other translations stay
    _, body = await api("POST", f"/updates/{site.id}/update/wp")
    assert body == {"success": 1, "message": "WordPress was updated to the latest version."}


async def test_status_filters_follow_the_list_ability(api: Api) -> None:
    both = api.sites(lambda s: s.suspended and bool(s.fields["sync_errors"]))[0]
    ids = {}
    for status in ("connected", "disconnected", "suspended"):
        _, body = await api("GET", "/sites", params={"status": status, "per_page": "100"})
        ids[status] = {int(r["id"]) for r in body["data"]}
    assert both.id in ids["disconnected"] and both.id in ids["suspended"]
    assert not ids["connected"] & (ids["disconnected"] | ids["suspended"])
