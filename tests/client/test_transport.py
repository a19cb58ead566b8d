"""Transport: redirects keep credentials home, timeouts and connection errors are typed."""

import asyncio

import aiohttp
import pytest
from aiohttp import web
from yarl import URL

from mainwp_async.errors import APIConnectionError, APITimeoutError, ConfigurationError
from mainwp_async.transport import Limits, Timeout, Transport, WireRequest

from .servers import serve

SECRET = "Bearer s3cr3t==k3y"


def _recorder(seen):
    async def handler(request: web.Request) -> web.Response:
        seen.append((request.host, request.headers.get("Authorization"), dict(request.query)))
        return web.json_response({"ok": True})

    return handler


async def test_cross_origin_redirect_drops_authorization_and_query_credentials():
    seen = []
    other = web.Application()
    other.router.add_get("/landing", _recorder(seen))
    async with serve(other) as other_url:
        home = web.Application()

        async def bounce(request):
            raise web.HTTPFound(other_url + "/landing")

        home.router.add_get("/start", bounce)
        async with serve(home) as home_url:
            t = Transport(user_agent="t")
            await t.open()
            try:
                resp = await t.send(
                    WireRequest(
                        method="GET",
                        url=URL(home_url + "/start"),
                        headers={"Authorization": SECRET},
                        params=[("key_pass", "pp")],
                    ),
                    Timeout(),
                )
            finally:
                await t.close()
    assert resp.status == 200
    assert seen == [(other_url.removeprefix("http://"), None, {})]


async def test_same_origin_redirect_keeps_authorization():
    seen = []
    app = web.Application()

    async def bounce(request):
        raise web.HTTPMovedPermanently("/landing")

    app.router.add_get("/start", bounce)
    app.router.add_get("/landing", _recorder(seen))
    async with serve(app) as url:
        t = Transport(user_agent="t")
        await t.open()
        try:
            await t.send(
                WireRequest(
                    method="GET", url=URL(url + "/start"), headers={"Authorization": SECRET}
                ),
                Timeout(),
            )
        finally:
            await t.close()
    assert seen[0][1] == SECRET


async def test_slow_response_is_a_typed_timeout():
    app = web.Application()

    async def slow(request):
        await asyncio.sleep(1.5)
        return web.json_response({})

    app.router.add_get("/slow", slow)
    async with serve(app) as url:
        t = Transport(user_agent="t")
        await t.open()
        try:
            with pytest.raises(APITimeoutError):
                await t.send(WireRequest(method="GET", url=URL(url + "/slow")), Timeout(total=0.2))
        finally:
            await t.close()


async def test_timeout_starts_when_the_request_gets_its_slot():
    """Two requests through one slot: the second waits ~0.4 s but has its own 0.7 s budget."""
    app = web.Application()

    async def half(request):
        await asyncio.sleep(0.4)
        return web.json_response({})

    app.router.add_get("/x", half)
    async with serve(app) as url:
        t = Transport(user_agent="t", limits=Limits(max_connections=1))
        await t.open()
        try:
            req = WireRequest(method="GET", url=URL(url + "/x"))
            results = await asyncio.gather(
                t.send(req, Timeout(total=0.7)), t.send(req, Timeout(total=0.7))
            )
        finally:
            await t.close()
    assert [r.status for r in results] == [200, 200]


async def test_connection_refused_is_a_typed_connection_error():
    t = Transport(user_agent="t")
    await t.open()
    try:
        with pytest.raises(APIConnectionError):
            await t.send(
                WireRequest(method="GET", url=URL("http://127.0.0.1:9/")), Timeout(total=2)
            )
    finally:
        await t.close()


async def test_injected_session_is_never_closed_and_own_session_is():
    session = aiohttp.ClientSession()
    try:
        t = Transport(session=session, user_agent="t")
        await t.open()
        await t.close()
        assert not session.closed
    finally:
        await session.close()
    own = Transport(user_agent="t")
    await own.open()
    inner = own._session
    await own.close()
    assert inner.closed


async def test_send_before_open_is_a_clear_error():
    with pytest.raises(ConfigurationError, match="async with"):
        await Transport(user_agent="t").send(
            WireRequest(method="GET", url=URL("http://127.0.0.1:9/")), Timeout()
        )


async def test_refused_connection_says_the_request_was_never_sent():
    t = Transport(user_agent="t")
    await t.open()
    try:
        with pytest.raises(APIConnectionError) as info:
            await t.send(WireRequest(method="POST", url=URL("http://127.0.0.1:9/")), Timeout())
    finally:
        await t.close()
    assert info.value.request_sent is False


async def test_a_post_to_a_dashboard_that_refuses_connections_is_retried():
    from mainwp_async import MainWP, RetryPolicy

    events = []
    policy = RetryPolicy(max_retries=2, initial_backoff=0.0, max_backoff=0.0, jitter=0.0)
    token = "a" * 40 + "==" + "b" * 40
    async with MainWP(
        "http://127.0.0.1:9", token=token, retry=policy, on_retry=events.append
    ) as mw:
        with pytest.raises(APIConnectionError):
            await mw.tags.add(name="x")
    assert [e.attempt for e in events] == [1, 2]
