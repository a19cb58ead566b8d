"""The v1 site writes (add/edit a site, core/plugin/theme/item updates) on the shared state."""

from __future__ import annotations

import pytest

from mainwp_async import InvalidParamsError, MainWP, OperationFailed, ServerError
from mainwp_async.testing import SimulatedDashboard


async def test_a_site_added_through_v1_is_a_v2_site(mw: MainWP, dash: SimulatedDashboard) -> None:
    out = await mw.v1.site.add_site(
        url="https://v1-added.example.test", name="From v1", admin="boss", groupids="1,2"
    )
    site_id = out["siteid"]
    assert "Site successfully added" in out["response"]
    v2 = (await mw.sites.get(site_id)).data
    assert v2.name == "From v1"  # type: ignore[union-attr]
    with pytest.raises(OperationFailed, match="already connected"):
        await mw.v1.site.add_site(url="https://v1-added.example.test/", name="x", admin="y")
    assert len(dash.state.sites) == 6


async def test_edit_site_changes_the_fields_given_and_the_tags(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    out = await mw.v1.site.edit_site(site_id=2, suspended=1, groupids="3")
    assert out == {"message": "Site updated successfully.", "site": dash.state.sites[2].url,
                   "success": True}  # fmt: skip
    assert bool((await mw.sites.get(2)).data.suspended) is True  # type: ignore[union-attr]
    assert dash.state.sites[2].tags == [3]
    with pytest.raises(OperationFailed):  # {"success": false}: nothing was given to change
        await mw.v1.site.edit_site(site_id=2)


async def test_plugin_updates_through_v1_leave_the_pending_list_after_sync(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    pending = list(dash.state.sites[3].plugin_upgrades)
    out = await mw.v1.site.site_update_plugins(site_id=3)
    assert out["SUCCESS"] == "Process ran."
    info = out["data"]["updates_info"]
    assert sorted(info) == sorted(pending) and all(v["success"] == 1 for v in info.values())
    await mw.v1.site.sync_site(site_id=3)
    assert dash.state.sites[3].plugin_upgrades == {}


async def test_one_item_update_and_a_core_update(mw: MainWP, dash: SimulatedDashboard) -> None:
    slug = "mailchimp-for-wp/mailchimp-for-wp.php"
    out = await mw.v1.site.site_update_item(site_id=1, type="plugin", slug=slug)
    assert list(out["data"]["updates_info"]) == [slug]
    none = await mw.v1.site.site_update_item(site_id=1, type="plugin", slug="not/pending.php")
    assert none["data"]["updates_info"] == []
    core = await mw.v1.site.site_update_wordpress(site_id=3)
    assert core["upgrade"] == "SUCCESS" and core["version"]
    await mw.v1.site.sync_site(site_id=3)
    assert not dash.state.sites[3].wp_upgrades
    latest = await mw.v1.site.site_update_wordpress(site_id=1)
    assert latest == {"upgrade": "SUCCESS"}


async def test_theme_updates_answer_their_info(mw: MainWP, dash: SimulatedDashboard) -> None:
    site = dash.state.sites[2]
    site.theme_upgrades["twentytwentyfour"] = {
        "Name": "Twenty Twenty-Four",
        "Version": "1.0",
        "update": {"new_version": "1.3"},
    }
    out = await mw.v1.site.site_update_themes(site_id=site.id)
    assert sorted(out["data"]["updates_info"]) == sorted(site.theme_upgrades)


async def test_an_unreachable_child_is_an_error_for_the_item_updates(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    dash.state.sites[3].child_error = "HTTP error - timed out"
    with pytest.raises(ServerError):
        await mw.v1.site.site_update_plugins(site_id=3)
    with pytest.raises(OperationFailed, match="timed out"):
        await mw.v1.site.site_update_wordpress(site_id=3)
    assert dash.state.sites[3].wp_upgrades  # nothing was applied


async def test_manage_plugin_and_theme_change_what_v2_and_the_abilities_list(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    slug = dash.state.sites[1].plugins[0]["slug"]
    await mw.v1.site.site_manage_plugin(site_id=1, plugin=slug, action="deactivate")
    rows = {p["slug"]: p["active"] for p in dash.state.render_plugin_items(dash.state.sites[1])}
    assert rows[slug] is False
    await mw.v1.site.site_manage_theme(site_id=1, theme="generatepress", action="activate")
    assert [t["slug"] for t in dash.state.sites[1].themes if t["active"]] == ["generatepress"]
    await mw.v1.site.site_manage_plugin(site_id=1, plugin=slug, action="delete")
    assert slug not in [p["slug"] for p in dash.state.sites[1].plugins]
    with pytest.raises(InvalidParamsError):  # 400 {"ERROR": ...}
        await mw.v1.site.site_manage_plugin(site_id=1, plugin=slug, action="explode")


async def test_v1_disconnect_then_reconnect_moves_the_connection(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    await mw.v1.site.disconnect_site(site_id=2)
    assert dash.state.sites[2].child_error  # the child no longer knows the dashboard
    await mw.v1.site.reconnect_site(site_id=2)
    assert dash.state.sites[2].child_error == ""


async def test_v1_check_sites_answers_every_site(mw: MainWP, dash: SimulatedDashboard) -> None:
    dash.state.sites[2].child_error = "HTTP error - timed out"
    out = await mw.v1.sites.check_sites()
    assert out == {str(i): "failed" if i == 2 else "success" for i in dash.state.sites}


async def test_v1_disconnect_sites_disconnects_every_reachable_child(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    dash.state.sites[3].child_error = "HTTP error - timed out"
    reachable = [i for i, s in dash.state.sites.items() if not s.child_error]
    out = await mw.v1.sites.disconnect_sites()
    assert out.success == "Process ran."
    assert reachable and all(dash.state.sites[i].child_error for i in reachable)
    with pytest.raises(OperationFailed):  # the child no longer knows the dashboard
        await mw.sites.sync(reachable[0])
    assert dash.state.sites[3].child_error == "HTTP error - timed out"


async def test_v1_update_translations_clears_them_after_sync(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    site = dash.state.sites[1]
    site.translation_upgrades = [{"slug": "akismet", "name": "Akismet", "version": "5.7"}]
    assert (await mw.v1.site.site_update_translations(site_id=1)).success == "Process ran."
    await mw.v1.site.sync_site(site_id=1)
    assert dash.state.sites[1].translation_upgrades == []
    dash.state.sites[1].child_error = "HTTP error - timed out"
    with pytest.raises(ServerError):  # the callback lets the child's exception through: a 500
        await mw.v1.site.site_update_translations(site_id=1)
