"""v1, Abilities and v2 share one dashboard state; queued jobs are waited for both ways."""

from __future__ import annotations

from typing import Any

import pytest

from mainwp_async import ConfigurationError, JobTimeoutError, MainWP
from mainwp_async.jobs import take_baseline, wait_for_batch_job
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.jobs import jobs_of

STATUS_PATH = "/wp-json/wp-abilities/v1/abilities/mainwp/get-batch-job-status-v1/run"


async def test_a_tag_added_through_v2_lists_through_v1_and_the_abilities(mw: MainWP) -> None:
    added = await mw.tags.add(name="Added via v2")
    tag_id = str(added.data.id)  # type: ignore[union-attr]
    v1_tags = await mw.v1.tags.all_tags()
    assert v1_tags.data[tag_id] == "Added via v2"
    listed = await mw.abilities.list_tags(per_page=100)
    assert "Added via v2" in [t.name for t in listed.items]


async def test_a_tag_added_by_an_ability_is_seen_by_v2_and_removed_by_v1_reads(mw: MainWP) -> None:
    tag = await mw.abilities.add_tag(name="Added by ability", color="#123456")
    assert (await mw.tags.get(tag.id)).data.name == "Added by ability"  # type: ignore[union-attr]
    deleted = await mw.abilities.delete_tag(tag_id=tag.id, confirm=True)
    assert deleted.deleted is True
    assert str(tag.id) not in (await mw.v1.tags.all_tags()).data


async def test_v1_site_rows_match_v2_sites(mw: MainWP, dash: SimulatedDashboard) -> None:
    rows = await mw.v1.sites.all_sites()
    v2 = {s.id: s.name async for s in mw.sites.iter_list()}
    assert {int(k): r.name for k, r in rows.items()} == v2
    one = await mw.v1.site.site(site_id=2)
    assert (one.id, one.url) == (2, dash.state.sites[2].url)
    as_list = await mw.v1.sites.all_sites(format="array")  # {"data": [...]} on the wire
    assert as_list.keys() == rows.keys()


async def test_a_v1_ignore_is_undone_by_v1_unignore(mw: MainWP) -> None:
    await mw.v1.updates.ignore_update(
        site_id=1, type="plugin", slug="akismet/akismet.php", name="Akismet"
    )
    assert "akismet/akismet.php" in await mw.v1.updates.site_ignored_plugins_updates(site_id=1)
    await mw.v1.updates.unignore_update(site_id=1, type="plugin", slug="akismet/akismet.php")
    assert await mw.v1.updates.site_ignored_plugins_updates(site_id=1) == {}


async def test_an_unknown_site_is_not_found_through_v1_and_the_abilities(mw: MainWP) -> None:
    from mainwp_async import NotFoundError

    with pytest.raises(NotFoundError) as v1_error:
        await mw.v1.site.site_installed_plugins(site_id=999)
    with pytest.raises(NotFoundError) as ab_error:
        await mw.abilities.get_site(site_id_or_domain=999)
    assert v1_error.value.status == 200 and ab_error.value.status == 403


def _stepper(dash: SimulatedDashboard, seconds: float, seen: list[Any]) -> Any:
    def on_progress(status: Any) -> None:
        seen.append(status)
        jobs_of(dash).advance(seconds)  # WP-Cron's clock moves between two polls

    return on_progress


async def test_a_queued_v2_sync_is_waited_for_through_the_ability(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    jobs_of(dash).threshold = 2
    jobs_of(dash).chunk_size = 2
    started = await mw.sites.sync_all()
    assert started.extra["job_id"].startswith("sync_")
    seen: list[Any] = []
    result = await wait_for_batch_job(
        mw, started, interval=0.001, on_progress=_stepper(dash, 40, seen)
    )
    assert (result.source, result.status, result.total, result.succeeded) == (
        "ability",
        "completed",
        5,
        5,
    )
    assert dash.counters.count_path("GET", STATUS_PATH) == len(seen)
    statuses = [s.status for s in seen]
    assert statuses[0] == "queued" and "processing" in statuses and statuses[-1] == "completed"
    assert [s.progress for s in seen] == sorted(s.progress for s in seen)


async def test_a_queued_ability_sync_reports_its_failed_site(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    jobs_of(dash).threshold = 2
    dash.state.sites[3].child_error = "NOMAINWP"
    queued = await mw.abilities.sync_sites()
    assert queued.queued is True and queued.sites_queued == 5
    result = await wait_for_batch_job(
        mw, queued.job_id, interval=0.001, on_progress=_stepper(dash, 90, [])
    )
    assert (result.status, result.succeeded, result.failed) == ("completed", 4, 1)
    assert result.errors[0].site_id == 3


async def test_without_an_app_password_a_sync_is_waited_for_by_last_sync(
    dash: SimulatedDashboard,
) -> None:
    jobs_of(dash).threshold = 2
    async with MainWP(dash.url, token=dash.tokens["read_write"]) as mw:
        baseline = await take_baseline(mw, "sync")
        dash.state.now += 3600  # the sync happens later than the last one
        started = await mw.sites.sync_all()
        seen: list[Any] = []
        result = await wait_for_batch_job(
            mw, started, baseline=baseline, interval=0.001, on_progress=_stepper(dash, 40, seen)
        )
    assert (result.source, result.status, result.succeeded) == ("heuristic", "completed", 5)
    assert seen[0][2] == [1, 2, 3, 4, 5]  # nobody synced yet at the first poll
    assert dash.counters.count_path("GET", STATUS_PATH) == 0


async def test_without_an_app_password_an_update_is_waited_for_by_the_updates_list(
    dash: SimulatedDashboard,
) -> None:
    jobs_of(dash).threshold = 2
    async with MainWP(dash.url, token=dash.tokens["read_write"]) as mw:
        # a fleet update of the simulator applies plugin and theme updates
        baseline = await take_baseline(mw, "update", types=("plugin", "theme"))
        assert baseline.pending
        assert not {s for s, _, _ in baseline.pending} & {
            s.id for s in dash.state.sites.values() if s.fields.get("suspended") == "1"
        }
        started = await mw.updates.update_all()
        result = await wait_for_batch_job(
            mw, started, baseline=baseline, interval=0.001, on_progress=_stepper(dash, 40, [])
        )
        assert result.source == "heuristic" and result.status == "completed"
        left = {(u.site_id, u.slug) async for u in mw.updates.iter_list()}
    assert not left & {(s, slug) for s, _, slug in baseline.pending}


async def test_the_fallback_names_the_site_that_never_moves(dash: SimulatedDashboard) -> None:
    jobs_of(dash).threshold = 2
    dash.state.sites[4].child_error = "NOMAINWP"
    async with MainWP(dash.url, token=dash.tokens["read_write"]) as mw:
        baseline = await take_baseline(mw, "sync")
        dash.state.now += 3600
        started = await mw.sites.sync_all()
        with pytest.raises(JobTimeoutError, match=r"waiting for site\(s\) 4") as info:
            await wait_for_batch_job(
                mw,
                started,
                baseline=baseline,
                interval=0.001,
                timeout=0.2,
                on_progress=_stepper(dash, 120, []),
            )
    assert info.value.last_status[2] == [4]


async def test_the_fallback_needs_its_baseline(dash: SimulatedDashboard) -> None:
    async with MainWP(dash.url, token=dash.tokens["read_write"]) as mw:
        with pytest.raises(ConfigurationError, match="take_baseline"):
            await wait_for_batch_job(mw, "sync_0000")
        with pytest.raises(ConfigurationError, match="no queued job id"):
            await wait_for_batch_job(mw, {"success": 1, "total": 3})


async def test_the_fleet_waiters_use_the_ability_when_an_app_password_is_given(
    mw: MainWP, dash: SimulatedDashboard
) -> None:
    from mainwp_async.jobs import wait_for_sync, wait_for_updates

    jobs_of(dash).threshold = 2
    started = await mw.sites.sync_all()
    seen: list[Any] = []
    outcome = await wait_for_sync(mw, started, interval=0.001, on_progress=_stepper(dash, 40, seen))
    assert outcome.state == "completed" and outcome.job_id == started.extra["job_id"]
    assert seen and all(isinstance(s, dict) and "progress" in s for s in seen)  # ability answers
    assert outcome.last_status["succeeded"] == 5
    assert dash.counters.count_path("GET", STATUS_PATH) == len(seen)

    updating = await mw.updates.update_all()
    done = await wait_for_updates(mw, updating, [1, 3, 4, 5], interval=0.001,
                                  on_progress=_stepper(dash, 40, []))  # fmt: skip
    assert done.last_status is not None and done.last_status["status"] == "completed"


async def test_the_fleet_waiters_fall_back_without_an_app_password(
    dash: SimulatedDashboard,
) -> None:
    from mainwp_async.jobs import read_last_sync, wait_for_sync

    jobs_of(dash).threshold = 2
    async with MainWP(dash.url, token=dash.tokens["read_write"]) as key_only:
        baseline = await read_last_sync(key_only)
        dash.state.now += 3600
        started = await key_only.sites.sync_all()
        outcome = await wait_for_sync(key_only, started, baseline=baseline, interval=0.001,
                                      on_progress=_stepper(dash, 40, []))  # fmt: skip
    assert outcome.state == "completed" and outcome.last_status == {"not_synced": []}
    assert dash.counters.count_path("GET", STATUS_PATH) == 0


async def test_a_client_added_through_v1_is_a_v2_client(mw: MainWP) -> None:
    added = await mw.v1.client.add_client(name="Via v1", client_email="v1@example.test",
                                          selected_sites=[2])  # fmt: skip
    assert added.success is True and added.client_id == added.clientid
    v2 = await mw.clients.get(added.client_id)
    assert v2.data.name == "Via v1"  # type: ignore[union-attr]
    edited = await mw.v1.client.edit_client(client_id=added.client_id, city="Springfield")
    assert edited.client_id == added.client_id
    rows = (await mw.v1.clients.all_clients()).data
    assert any(r.name == "Via v1" and r.city == "Springfield" for r in rows)


async def test_a_v1_write_that_fails_in_a_200_is_operation_failed(mw: MainWP) -> None:
    from mainwp_async import OperationFailed

    with pytest.raises(OperationFailed, match="Client ID field is required"):
        await mw.v1.client.edit_client(client_id=999, name="nobody")


def test_the_batch_waiter_lives_in_jobs_only() -> None:
    import mainwp_async.batch_jobs as batch_jobs
    import mainwp_async.jobs as jobs

    assert "wait_for_batch_job" in jobs.__all__ and "wait_for_batch_job" not in batch_jobs.__all__
    assert not hasattr(batch_jobs, "wait_for_batch_job")  # one home for the waiters
