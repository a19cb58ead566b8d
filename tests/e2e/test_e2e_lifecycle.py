"""The client's session lifecycle: closed on error and on cancellation, injected ones kept."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from mainwp_async import MainWP, RetryEvent, RetryPolicy
from mainwp_async.errors import ConfigurationError, ScopeError, ServerError
from mainwp_async.scopes import Scope
from mainwp_async.testing import SimulatedDashboard

from .conftest import client, client_tasks_left


class Boom(Exception):
    pass


async def test_session_closed_when_the_body_raises(rig: SimulatedDashboard) -> None:
    mw = client(rig)
    with pytest.raises(Boom):
        async with mw:
            assert (await mw.sites.count()).count == 3
            session = mw._transport._session
            assert session is not None and not session.closed
            raise Boom
    assert session.closed
    with pytest.raises(ConfigurationError, match="not open"):
        await mw.sites.count()


async def test_session_closed_when_the_body_is_cancelled(rig: SimulatedDashboard) -> None:
    rig.set_fault("slow", route=r"^/sites$")
    mw = client(rig)
    entered = asyncio.Event()

    async def body() -> None:
        async with mw:
            entered.set()
            await mw.sites.list()  # blocks: the server never answers

    task = asyncio.create_task(body())
    await entered.wait()
    while rig.counters.in_flight == 0:  # noqa: ASYNC110 - until the request is on the server
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not mw._transport.is_open
    assert await client_tasks_left() == []


async def test_scope_auto_failure_closes_the_session(rig: SimulatedDashboard) -> None:
    rig.set_fault("503", route=r"^/rest-api/keys$")
    mw = client(rig, scope="auto")
    with pytest.raises(ServerError):
        await mw.open()
    assert not mw._transport.is_open


async def test_injected_session_is_left_open(rig: SimulatedDashboard) -> None:
    async with aiohttp.ClientSession() as session:
        with pytest.raises(Boom):
            async with MainWP(rig.url, token=rig.tokens["read_write"], session=session) as mw:
                assert (await mw.sites.count()).count == 3
                raise Boom
        assert not session.closed
        async with session.get(f"{rig.url}/wp-json/mainwp/v2") as resp:  # still usable
            assert resp.status == 200
        # And a second client on it works too.
        async with MainWP(rig.url, token=rig.tokens["read"], session=session) as mw:
            assert (await mw.tags.get(id=1)).data.name == "Production"
        assert not session.closed


async def test_with_options_shares_the_session_and_changes_only_what_it_says(
    rig: SimulatedDashboard,
) -> None:
    hooked: list[RetryEvent] = []
    async with client(rig, scope="auto", per_page=50) as mw:
        assert mw.scope is Scope.READ_WRITE
        read_only = mw.with_options(scope="read")
        patient = mw.with_options(on_retry=hooked.append)
        brittle = mw.with_options(retry=RetryPolicy(max_retries=0))
        small_pages = mw.with_options(per_page=1)

        assert read_only._transport is mw._transport is patient._transport
        # scope: only the copy refuses writes
        with pytest.raises(ScopeError):
            await read_only.tags.add(name="nope")
        assert (await mw.tags.add(name="yes")).data.name == "yes"
        assert patient.scope is Scope.READ_WRITE and small_pages.scope is Scope.READ_WRITE

        # retry policy and hook: only where they were set
        rig.set_fault("503", route=r"^/sites/count$", times=1)
        with pytest.raises(ServerError):
            await brittle.sites.count()
        rig.set_fault("503", route=r"^/sites/count$", times=1)
        assert (await patient.sites.count()).count == 3
        assert len(hooked) == 1
        rig.set_fault("503", route=r"^/sites/count$", times=1)
        assert (await mw.sites.count()).count == 3
        assert len(hooked) == 1  # the original has no hook
        rig.set_fault(None)

        # per_page: one page per tag on the copy, one request on the original
        rig.counters.reset()
        assert len([t async for t in small_pages.tags.iter_list()]) == 3
        assert rig.counters.count_path("GET", "/tags") == 4
        rig.counters.reset()
        assert len([t async for t in mw.tags.iter_list()]) == 3
        assert rig.counters.count_path("GET", "/tags") == 1

        # Nothing but the named option differs from the original.
        resources = {"sites", "clients", "tags", "updates", "costs", "users", "settings",
                     "monitors", "api_keys", "posts", "pages", "batch",
                     "v1", "abilities"}  # fmt: skip
        for copy, changed in (
            (read_only, {"_scope", "_auto_scope"}),
            (patient, {"_on_retry"}),
            (brittle, {"_retry"}),
            (small_pages, {"_per_page"}),
            (mw.with_options(timeout=0.2), {"_timeout"}),
        ):
            differs = {
                k for k, v in vars(copy).items() if k not in resources and v is not vars(mw)[k]
            }
            assert differs <= changed, differs
            assert copy.sites._client is copy  # namespaces are bound to the copy

    # Closing the original closes the shared session for every copy.
    assert not patient._transport.is_open
