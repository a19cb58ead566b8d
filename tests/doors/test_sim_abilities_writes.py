"""The simulated write abilities change the state the v2 and v1 doors read."""

from __future__ import annotations

import pytest

from mainwp_async import InvalidParamsError, MainWP, NotFoundError
from mainwp_async.testing import SimulatedDashboard


async def test_a_site_suspended_by_an_ability_reads_suspended_through_v2(mw: MainWP) -> None:
    out = await mw.abilities.suspend_site(site_id_or_domain=2)
    assert out.suspended is True
    assert bool((await mw.sites.get(2)).data.suspended) is True  # type: ignore[union-attr]
    await mw.abilities.unsuspend_site(site_id_or_domain=2)
    assert bool((await mw.sites.get(2)).data.suspended) is False  # type: ignore[union-attr]
    listed = await mw.abilities.list_sites(status="suspended")
    assert listed.items == []


async def test_delete_site_previews_then_needs_confirm_then_removes(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    preview = await mw.abilities.delete_site(site_id_or_domain=4, dry_run=True)
    assert preview.dry_run is True and 4 in dash.state.sites
    with pytest.raises(InvalidParamsError, match="confirm"):
        await mw.abilities.delete_site(site_id_or_domain=4)
    with pytest.raises(InvalidParamsError, match="both"):
        await mw.abilities.delete_site(site_id_or_domain=4, dry_run=True, confirm=True)
    done = await mw.abilities.delete_site(site_id_or_domain=4, confirm=True)
    assert done.deleted is True and 4 not in dash.state.sites
    assert (await mw.abilities.count_sites()).total == 4
    with pytest.raises(NotFoundError):
        await mw.abilities.get_site(site_id_or_domain=4)


async def test_an_added_site_is_listed_by_v2(mw: MainWP) -> None:
    added = await mw.abilities.add_site(
        url="https://added.example.test", name="Added", admin_username="boss"
    )
    assert added.url == "https://added.example.test/" and added.admin_username == "boss"
    assert added.id in {s.id async for s in mw.sites.iter_list()}
    renamed = await mw.abilities.update_site(site_id_or_domain=added.id, name="Renamed")
    assert renamed.name == "Renamed"


async def test_plugin_activation_and_theme_switch_show_in_the_v2_lists(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    slug = dash.state.sites[1].plugins[0]["slug"]
    await mw.abilities.deactivate_site_plugins(site_id_or_domain=1, plugins=[slug])
    rows = (await mw.abilities.get_site_plugins(site_id_or_domain=1, status="inactive")).plugins
    assert slug in [p.slug for p in rows]
    switched = await mw.abilities.activate_site_theme(site_id_or_domain=1, theme="generatepress")
    assert switched.activated is True
    themes = await mw.abilities.get_site_themes(site_id_or_domain=1)
    assert themes.active_theme == "generatepress"


async def test_deleting_the_active_theme_is_an_error_and_keeps_it(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    out = await mw.abilities.delete_site_themes(
        site_id_or_domain=1, themes=["twentytwentyfive", "generatepress"], confirm=True
    )
    assert [e["slug"] for e in out.errors] == ["twentytwentyfive"]  # type: ignore[index]
    assert [t["slug"] for t in dash.state.sites[1].themes] == ["twentytwentyfive"]


async def test_a_plugin_update_by_ability_leaves_the_v2_pending_list(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    slug = "mailchimp-for-wp/mailchimp-for-wp.php"
    out = await mw.abilities.update_site_plugins(site_id_or_domain=1, slugs=[slug])
    assert [u.slug for u in out.updated] == [slug] and out.summary.total_updated == 1
    assert slug not in dash.state.sites[1].plugin_upgrades
    core = await mw.abilities.update_site_core(site_id_or_domain=3)
    assert core.updated.type == "core"
    assert not dash.state.sites[3].wp_upgrades


async def test_an_ability_ignore_is_listed_by_v1_and_by_the_ability(mw: MainWP) -> None:
    slug = "mailchimp-for-wp/mailchimp-for-wp.php"
    out = await mw.abilities.ignore_site_plugins(site_id_or_domain=1, slugs=[slug])
    assert out.success is True and out.ignored_count == 1
    assert slug in await mw.v1.updates.site_ignored_plugins_updates(site_id=1)
    ignored = await mw.abilities.list_ignored_updates(site_ids_or_domains=[1])
    assert [(i.type, i.slug) for i in ignored.ignored] == [("plugin", slug)]
    pending = await mw.abilities.get_site_updates(site_id_or_domain=1)
    assert slug not in [u.slug for u in pending.updates]
    await mw.abilities.set_ignored_updates(
        action="unignore", site_id_or_domain=1, type="plugin", slug=slug
    )
    assert (await mw.abilities.list_ignored_updates()).total == 0


async def test_clients_written_by_abilities_are_the_v2_clients(mw: MainWP) -> None:
    added = await mw.abilities.add_client(
        name="Ability Client", client_email="ab@example.test", selected_sites=[5]
    )
    assert (await mw.clients.get(added.id)).data.name == "Ability Client"  # type: ignore[union-attr]
    sites = await mw.abilities.get_client_sites(client_id_or_email="ab@example.test")
    assert [s.id for s in sites.items] == [5]
    suspended = await mw.abilities.suspend_client(client_id_or_email=added.id)
    assert suspended.suspended == 1
    preview = await mw.abilities.delete_client(client_id_or_email=added.id, dry_run=True)
    assert preview.would_affect.associated_sites_count == 1  # type: ignore[union-attr]
    await mw.abilities.delete_client(client_id_or_email=added.id, confirm=True)
    with pytest.raises(NotFoundError):
        await mw.abilities.get_client(client_id_or_email=added.id)
    assert (await mw.sites.get(5)).data.client_id in (0, "0")  # type: ignore[union-attr]


async def test_a_renamed_tag_and_its_sites_match_v2(mw: MainWP, dash: SimulatedDashboard) -> None:
    out = await mw.abilities.update_tag(tag_id=5, name="Renamed by ability")
    assert out.name == "Renamed by ability" and sorted(out.sites_ids) == [1, 5]
    assert (await mw.tags.get(5)).data.name == "Renamed by ability"  # type: ignore[union-attr]
    sites = await mw.abilities.get_tag_sites(tag_id=5)
    assert sorted(s.id for s in sites.items) == [1, 5]
    clients = await mw.abilities.get_tag_clients(tag_id=5)
    assert [c.client_id for c in clients.items] == [1]


async def test_a_queued_batch_suspend_applies_when_its_job_runs(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    from mainwp_async.jobs import wait_for_batch_job
    from mainwp_async.testing.jobs import jobs_of

    jobs_of(dash).threshold = 2
    queued = await mw.abilities.suspend_sites(site_ids_or_domains=[1, 2, 3])
    assert queued.queued is True and queued.job_id.startswith("suspend_")  # type: ignore[union-attr]
    assert dash.state.sites[1].fields["suspended"] == "0"  # nothing ran yet
    result = await wait_for_batch_job(
        mw, queued, interval=0.001, on_progress=lambda _: jobs_of(dash).advance(40)
    )
    assert (result.status, result.succeeded, result.total) == ("completed", 3, 3)
    assert [dash.state.sites[i].fields["suspended"] for i in (1, 2, 3, 4)] == ["1", "1", "1", "0"]
