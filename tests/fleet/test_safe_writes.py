"""Every guard: the data survives the guarded call, and the raw stub destroys it."""

from __future__ import annotations

import pytest

from mainwp_async import MainWP
from mainwp_async.safe_writes import UnsafeWriteError
from mainwp_async.testing import SimulatedDashboard, connection

from ..e2e.conftest import client


async def test_edit_tag_keeps_the_name(fleet: SimulatedDashboard) -> None:
    tag = next(iter(fleet.state.tags.values()))
    name = tag.name
    async with client(fleet) as mw:
        await mw.safe.edit_tag(tag.id, color="#0000ff")
        assert (tag.name, tag.color) == (name, "#0000ff")
        await mw.tags.edit(tag.id, color="#ff0000")  # the raw stub: what the server does
    assert tag.name == "" and tag.color == "#ff0000"


async def test_edit_tag_refuses_an_empty_name(fleet: SimulatedDashboard) -> None:
    tag = next(iter(fleet.state.tags.values()))
    async with client(fleet) as mw:
        with pytest.raises(UnsafeWriteError):
            await mw.safe.edit_tag(tag.id, name="  ")


async def test_edit_site_keeps_the_client(fleet: SimulatedDashboard) -> None:
    site = next(s for s in fleet.state.sites.values() if s.client_id)
    client_id = site.client_id
    async with client(fleet) as mw:
        await mw.safe.edit_site(site.id, name="Renamed")
        assert site.name == "Renamed" and site.client_id == client_id
        await mw.safe.edit_site(site.id, client_id=0)  # unassigning on purpose still works
        assert site.client_id == 0
        site.client_id = client_id
        await mw.sites.edit(site.id, name="Raw")
    assert site.client_id == 0  # the raw stub unassigned it


async def test_edit_post_keeps_the_rest_of_the_record(rig: SimulatedDashboard) -> None:
    # edit_page runs the same read-merge-write on /pages (the simulator keeps one page).
    kind = "post"
    site = next(s for s in rig.state.sites.values() if s.posts)
    post_id, post = next(iter(site.posts.items()))
    content = post["post_content"]
    assert content
    async with client(rig) as mw:
        edit = mw.safe.edit_post if kind == "post" else mw.safe.edit_page
        await edit(site.id, post_id, post_title="New title")
        assert post["post_title"] == "New title" and post["post_content"] == content
        raw = mw.posts.edit if kind == "post" else mw.pages.edit
        await raw(site.id, post_id, post_title="Raw title")
    assert post["post_content"] == ""  # the raw stub replaced the whole record


async def test_edit_cost_keeps_the_rest_of_the_record(fleet: SimulatedDashboard) -> None:
    cost = next(c for c in fleet.state.costs.values() if c.name and c.sites)
    name, sites = cost.name, list(cost.sites)
    async with client(fleet) as mw:
        await mw.safe.edit_cost(cost.id, price=20.5)
        assert (cost.name, cost.sites, cost.price) == (name, sites, 20.5)
        await mw.costs.edit(cost.id, price=30, sites=sites)
    assert cost.name == "" and cost.price == 30  # the raw stub emptied the name


def _site_with_plugin_updates(dash: SimulatedDashboard) -> int:
    sites = dash.state.sites.values()
    return next(s.id for s in sites if len(s.plugin_upgrades) >= 2 and s.status == "connected")


async def test_ignore_updates_needs_slugs_or_ignore_all(fleet: SimulatedDashboard) -> None:
    sid = _site_with_plugin_updates(fleet)
    first, *rest = list(fleet.state.sites[sid].plugin_upgrades)

    async def pending(mw: MainWP) -> list[str]:
        data = (await mw.call("GET", f"/updates/{sid}", raw=True)).json["data"]["plugins"]
        return list(data) if isinstance(data, dict) else [p["slug"] for p in data]

    async with client(fleet) as mw:
        with pytest.raises(UnsafeWriteError, match="ignore_all"):
            await mw.safe.ignore_updates(sid, "plugins")
        assert await pending(mw) == [first, *rest]
        await mw.safe.ignore_updates(sid, "plugins", [first])
        # the others stay listed (6.1.2 records slugged ignores oddly, but never "all")
        assert set(rest) <= set(await pending(mw))
        await mw.updates.ignore_plugins(sid)  # the raw stub
        assert await pending(mw) == []  # every one ignored, no way back in v2


async def test_update_items_names_the_pending_slugs(fleet: SimulatedDashboard) -> None:
    sid = _site_with_plugin_updates(fleet)
    site = fleet.state.sites[sid]
    pending = set(site.plugin_upgrades)
    async with client(fleet) as mw:
        raw = await mw.call("POST", f"/updates/{sid}/update/plugins", raw=True, slug="")
        assert raw.json["success"] == 0 and not site.applied  # the raw call did nothing
        await mw.safe.update_items(sid, "plugins")
    assert {slug for kind, slug in site.applied if kind == "plugin"} == pending


async def test_update_items_refuses_a_disconnected_site(fleet: SimulatedDashboard) -> None:
    sid = _site_with_plugin_updates(fleet)
    site = fleet.state.sites[sid]
    site.child_error = connection.AUTH_FAILED  # the child dropped the dashboard's key
    site.fields["sync_errors"] = "ERROR: " + connection.AUTH_FAILED  # listed disconnected
    slug = next(iter(site.plugin_upgrades))
    async with client(fleet) as mw:
        with pytest.raises(UnsafeWriteError, match="disconnected"):
            await mw.safe.update_items(sid, "plugins", [slug])
        answer = await mw.call("POST", f"/updates/{sid}/update/plugins", raw=True, slug=slug)
    assert answer.json["success"] == 1 and answer.json["data"] == []  # "success"...
    assert not site.applied  # ...and nothing changed


async def test_disconnect_sites_needs_ids_or_all_sites(fleet: SimulatedDashboard) -> None:
    def connected() -> int:  # the child still accepts the dashboard's key
        return sum(not s.child_error for s in fleet.state.sites.values())

    before = connected()
    async with client(fleet) as mw:
        with pytest.raises(UnsafeWriteError, match="all_sites"):
            await mw.safe.disconnect_sites()
        with pytest.raises(UnsafeWriteError, match="confirm"):
            await mw.safe.disconnect_all_sites()
        assert connected() == before
        first = next(s.id for s in fleet.state.sites.values() if not s.child_error)
        await mw.safe.disconnect_sites([first])
        assert connected() == before - 1
        await mw.call("POST", "/sites/disconnect")  # the raw route
    assert connected() == 0


async def test_admin_password_needs_a_password(fleet: SimulatedDashboard) -> None:
    async with client(fleet) as mw:
        with pytest.raises(UnsafeWriteError, match="password="):
            await mw.safe.update_admin_password([1, 2], None)
    assert fleet.counters.count_path("PUT", "/users/update-admin-password") == 0
