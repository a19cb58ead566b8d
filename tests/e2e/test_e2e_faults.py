"""Retries and broken responses against the simulator's injected faults."""

from __future__ import annotations

import pytest

from mainwp_async import RetryEvent, RetryPolicy
from mainwp_async.errors import (
    APIConnectionError,
    APITimeoutError,
    DecodeError,
    RateLimitError,
    ServerError,
)
from mainwp_async.testing import SimulatedDashboard

from .conftest import client

NO_RETRY = RetryPolicy(max_retries=0)


async def test_get_survives_two_503s(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("503", route=r"^/sites/1$", times=2)
    async with client(rig, on_retry=events.append) as mw:
        site = await mw.sites.get(id_domain=1)
    assert site.data is not None and site.data.name == "Child One"
    assert [e.attempt for e in events] == [1, 2]
    assert all(e.endpoint == "sites.get" and "503" in e.reason for e in events)
    assert [e.status for e in events] == [503, 503]
    assert rig.counters.count_path("GET", "/sites/1") == 3


async def test_get_gives_up_after_the_retry_budget(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("502", route=r"^/sites/1$")
    async with client(rig, on_retry=events.append) as mw:
        with pytest.raises(ServerError) as info:
            await mw.sites.get(id_domain=1)
    assert info.value.status == 502
    assert len(events) == 2
    assert rig.counters.count_path("GET", "/sites/1") == 3


async def test_429_retry_after_is_honoured(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("429", route=r"^/tags$", times=1, retry_after=0)
    # A long backoff that Retry-After: 0 must override.
    policy = RetryPolicy(max_retries=1, initial_backoff=30.0, max_backoff=30.0, jitter=0.0)
    async with client(rig, retry=policy, on_retry=events.append) as mw:
        tags = await mw.tags.list()
    assert tags.data is not None and len(tags.data) == 2
    assert len(events) == 1
    assert events[0].delay == 0.0 and events[0].status == 429


async def test_429_beyond_the_budget_is_a_rate_limit_error(rig: SimulatedDashboard) -> None:
    rig.set_fault("429", route=r"^/tags$", retry_after=0)
    async with client(rig) as mw:
        with pytest.raises(RateLimitError) as info:
            await mw.tags.list()
    assert info.value.status == 429
    assert info.value.headers.get("retry-after") == "0"


async def test_post_that_meets_a_503_is_sent_once(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("503", route=r"^/tags/add$", method="POST", times=1)
    async with client(rig, on_retry=events.append) as mw:
        with pytest.raises(ServerError) as info:
            await mw.tags.add(name="Exactly once")
    assert info.value.status == 503
    assert events == []
    assert rig.counters.count_path("POST", "/tags/add") == 1
    # The proxy's 503 came after the server acted: a retry would have made two tags.
    assert [t.name for t in rig.state.tags.values()].count("Exactly once") == 1


async def test_idempotent_put_is_retried(rig: SimulatedDashboard) -> None:
    rig.set_fault("503", route=r"^/settings/general/edit$", times=1)
    async with client(rig) as mw:
        await mw.settings.general_edit(date_format="Y-m-d")
    assert rig.counters.count_path("PUT", "/settings/general/edit") == 2


async def test_connection_reset_on_get_is_retried(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("reset", route=r"^/sites/1/plugins$", times=1)
    async with client(rig, on_retry=events.append) as mw:
        plugins = await mw.sites.plugins(id_domain=1)
    assert plugins.data is not None and len(plugins.data) == 5
    assert len(events) == 1 and events[0].reason == "APIConnectionError"
    assert rig.counters.count_path("GET", "/sites/1/plugins") == 2


async def test_connection_reset_on_post_is_not_retried(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("reset", route=r"^/sites/1/sync$", method="POST", times=1)
    async with client(rig, on_retry=events.append) as mw:
        with pytest.raises(APIConnectionError):
            await mw.sites.sync(id_domain=1)
        # The connection pool recovers: the next call works.
        assert (await mw.sites.count()).count == 3
    assert events == []
    assert rig.counters.count_path("POST", "/sites/1/sync") == 1


async def test_html_maintenance_page_is_a_server_error_with_a_short_snippet(
    rig: SimulatedDashboard,
) -> None:
    token = rig.tokens["read_write"]
    rig.set_fault("html", route=r"^/sites$")
    async with client(rig, retry=NO_RETRY) as mw:
        with pytest.raises(ServerError) as info:
            await mw.sites.list()
    err = info.value
    assert err.status == 503
    assert "maintenance" in err.message.lower()
    assert len(err.message) <= 200 and "\n" not in err.message
    for text in (str(err), repr(err)):
        assert token not in text
        assert token.split("==")[0] not in text and token.split("==")[1] not in text


async def test_html_maintenance_page_retries_honour_the_cap(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("html", route=r"^/sites$", times=1)  # Retry-After: 600
    policy = RetryPolicy(max_retries=1, max_retry_after=0.0)
    async with client(rig, retry=policy, on_retry=events.append) as mw:
        sites = await mw.sites.list()
    assert sites.total == 3
    assert [e.delay for e in events] == [0.0]


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("notice", "PHP notices"), ("truncated", "truncated")],
)
async def test_broken_json_is_a_decode_error(
    rig: SimulatedDashboard, kind: str, reason: str
) -> None:
    rig.set_fault(kind, route=r"^/sites/1$")
    async with client(rig) as mw:
        with pytest.raises(DecodeError) as info:
            await mw.sites.get(id_domain=1)
        raw_error = None
        try:
            await mw.sites.get(id_domain=1).raw()
        except DecodeError as exc:
            raw_error = exc
    err = info.value
    assert err.status == 200
    assert reason in err.reason
    assert err.endpoint == "sites.get"
    assert 0 < len(err.snippet) <= 200
    assert raw_error is not None, ".raw() cannot hand back JSON that is not there"
    assert rig.counters.count_path("GET", "/sites/1") == 2  # a 200 is not retried


async def test_slow_response_times_out(rig: SimulatedDashboard) -> None:
    rig.set_fault("slow", route=r"^/sites$")
    async with client(rig, retry=NO_RETRY, timeout=0.2) as mw:
        with pytest.raises(APITimeoutError):
            await mw.sites.list()
        rig.set_fault(None)
        assert (await mw.sites.list()).total == 3


async def test_timeouts_of_reads_are_retried(rig: SimulatedDashboard) -> None:
    events: list[RetryEvent] = []
    rig.set_fault("slow", route=r"^/sites$", times=1)
    async with client(rig, timeout=0.2, on_retry=events.append) as mw:
        assert (await mw.sites.list()).total == 3
    assert [e.reason for e in events] == ["APITimeoutError"]
