"""The v1 key and the application password stay out of reprs, errors and other origins."""

from __future__ import annotations

import base64
import json
import pickle
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web

from mainwp_async import ApplicationPassword, ConfigurationError, MainWP, V1ApiKey
from mainwp_async.errors import APIError

CK, CS = "ck_" + "1a2b3c4d" * 5, "cs_" + "9f8e7d6c" * 5
PW = "Abcd Efgh Ijkl Mnop Qrst Uvwx"


def _spellings() -> list[str]:
    basic = base64.b64encode(f"admin:{PW}".encode()).decode()
    return [CS, CS[3:], PW, PW.replace(" ", ""), basic]


def test_reprs_show_no_secret() -> None:
    key, app = V1ApiKey(CK, CS), ApplicationPassword("admin", PW)
    mw = MainWP("https://dash.example", v1_key=key, app_password=app)
    for text in (repr(key), str(key), repr(app), str(app), repr(mw)):
        assert not any(s in text for s in _spellings()), text
    assert repr(app) == "ApplicationPassword(user='admin')"
    with pytest.raises(TypeError):
        pickle.dumps(key)
    with pytest.raises(TypeError):
        pickle.dumps(app)


def test_malformed_credentials_are_refused_without_echoing_them() -> None:
    with pytest.raises(ConfigurationError) as info:
        V1ApiKey("ck_bad-secret!", CS)
    assert "bad-secret" not in str(info.value)
    with pytest.raises(ConfigurationError, match="v1_key= takes a V1ApiKey"):
        MainWP("https://dash.example", v1_key=("ck", "cs"))  # type: ignore[arg-type]


@pytest.fixture
async def two_origins() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    """``home`` redirects every request to ``other`` (another port: another origin)."""
    seen: list[dict[str, Any]] = []

    async def other(request: web.Request) -> web.Response:
        seen.append({"headers": dict(request.headers), "query": dict(request.query),
                     "body": await request.read()})  # fmt: skip
        return web.json_response({"code": "echo", "message": json.dumps(seen[-1]["headers"]),
                                  "data": {"status": 401}}, status=401)  # fmt: skip

    runners = []
    ports = []
    for handler in (other, None):
        app = web.Application()
        if handler is None:
            target = f"http://127.0.0.1:{ports[0]}"

            async def home(request: web.Request, target: str = target) -> web.Response:
                raise web.HTTPTemporaryRedirect(target + request.path_qs)

            app.router.add_route("*", "/{tail:.*}", home)
        else:
            app.router.add_route("*", "/{tail:.*}", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ports.append(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        runners.append(runner)
    yield f"http://127.0.0.1:{ports[1]}", seen
    for r in runners:
        await r.cleanup()


@pytest.mark.parametrize("transport", ["header", "query"])
async def test_no_door_credential_follows_a_redirect_to_another_origin(
    two_origins: tuple[str, list[dict[str, Any]]], transport: str
) -> None:
    home, seen = two_origins
    key = V1ApiKey(CK, CS, transport=transport)  # type: ignore[arg-type]
    app = ApplicationPassword("admin", PW)
    async with MainWP(home, v1_key=key, app_password=app) as mw:
        with pytest.raises(APIError) as v1_error:
            await mw.v1.sites.all_sites_count()
        with pytest.raises(APIError) as ab_error:
            await mw.abilities.count_sites()
    assert len(seen) == 2
    for request in seen:
        text = json.dumps(request["headers"]) + json.dumps(request["query"])
        assert not any(s in text for s in _spellings()), text
        assert "x-api-key" not in {k.lower() for k in request["headers"]}
    for error in (v1_error.value, ab_error.value):
        assert not any(s in str(error) or s in repr(error) for s in _spellings())
