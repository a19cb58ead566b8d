"""Every v1 and Abilities capture, replayed by a local server, through the SDK's methods.

The server answers with the captured status, headers and body bytes; the SDK call is
the one a user makes for the captured request (method picked from the path, arguments
from the query or body). Each ends in a typed result or the typed error the answer
stands for, and the request the SDK sent is the captured one (credentials aside).
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from aiohttp import web

from mainwp_async import (
    ApplicationPassword,
    AuthenticationError,
    ConfigurationError,
    EndpointNotFoundError,
    InvalidParamsError,
    MainWP,
    NotFoundError,
    V1ApiKey,
)
from mainwp_async._ability_spec import AbilityCategory, AbilityDefinition
from mainwp_async.errors import (
    APIError,
    ApplicationPasswordsUnavailableError,
    PermissionDeniedError,
)
from mainwp_async.v1 import classify_v1

ROOT = Path(__file__).resolve().parents[2] / "postman" / "source"
V1 = sorted((ROOT / "v1").glob("*.json"))
V1 = [p for p in V1 if p.name != "index.json"]
AB = sorted(p for p in (ROOT / "abilities").glob("*.json") if re.match(r"\d\d_", p.name))
_CRED_KEYS = {"consumer_key", "consumer_secret", "oauth_mainwp_ck", "oauth_mainwp_cs", "rest_route"}


class Replay:
    """A local server answering every request with the current capture."""

    def __init__(self) -> None:
        self.capture: dict[str, Any] = {}
        self.seen: list[tuple[str, str, list[tuple[str, str]], bytes]] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.seen.append(
            (request.method, request.path, list(request.query.items()), await request.read())
        )
        cap = self.capture
        body = cap["body"]
        text = json.dumps(body) if cap["body_kind"] == "json" else str(body or "")
        ctype = cap["headers"].get("content-type", "application/json; charset=UTF-8")
        headers = {
            k: v
            for k, v in cap["headers"].items()
            if k in ("x-wp-total", "x-wp-totalpages", "link")
        }
        return web.Response(
            status=cap["status"], body=text.encode(), headers={**headers, "Content-Type": ctype}
        )


@pytest.fixture
async def replay() -> AsyncIterator[tuple[Replay, MainWP]]:
    server = Replay()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", server.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    mw = MainWP(
        f"http://127.0.0.1:{port}",
        v1_key=V1ApiKey("ck_" + "a" * 40, "cs_" + "b" * 40),
        app_password=ApplicationPassword("admin", "abcd efgh ijkl mnop qrst uvwx"),
    )
    async with mw:
        yield server, mw
    await runner.cleanup()


def _is_typed(value: Any) -> bool:
    if attrs.has(type(value)) or isinstance(value, str):
        return True
    if isinstance(value, dict):
        return all(attrs.has(type(v)) for v in value.values()) or all(
            isinstance(k, str) for k in value
        )
    if isinstance(value, list):
        return all(attrs.has(type(v)) for v in value)
    return False


# -------------------------------------------------------------------------------- v1


def _v1_expected(cap: dict[str, Any], qualname: str) -> type[APIError] | None:
    from mainwp_async._generated.v1.manifest import SITE_SCOPED

    status, body = cap["status"], cap["body"]
    if status == 401:
        return AuthenticationError
    if status == 400:
        return InvalidParamsError
    if body == "" and qualname in SITE_SCOPED:
        return NotFoundError
    return None


@pytest.mark.parametrize("path", V1, ids=[p.stem for p in V1])
async def test_every_v1_capture_replays_to_a_typed_answer(
    replay: tuple[Replay, MainWP], path: Path
) -> None:
    server, mw = replay
    cap = server.capture = json.loads(path.read_text())  # noqa: ASYNC240
    req = cap["request"]
    route = (
        req["query"]["rest_route"] if req["path"] == "/" else req["path"].removeprefix("/wp-json")
    )
    args = {k: v for k, v in req["query"].items() if k not in _CRED_KEYS}
    if route.rstrip("/") == "/mainwp/v1":
        call, qualname = mw.v1.index(), "v1.index"
    else:
        group, action = route.removeprefix("/mainwp/v1/").split("/")
        g, n = group.replace("-", "_"), action.replace("-", "_")
        qualname = f"v1.{g}.{n}"
        if cap["status"] != 400:
            call = getattr(getattr(mw.v1, g), n)(**args)
    expected = _v1_expected(cap, qualname)
    if cap["status"] == 400 and "site_id" not in args:
        # the SDK refuses the call the server answers 400 "Required parameter is missing."
        with pytest.raises(TypeError, match="site_id"):
            mw.v1.site.site(**args)
        assert not server.seen
        assert classify_v1(400, cap["body"], endpoint=qualname).__class__ is InvalidParamsError
        return
    if expected is None:
        result = await call
        assert result is None or _is_typed(result), result
        if cap["body"] == "":  # nothing ignored: an empty map, not an error
            assert result == {}
    else:
        with pytest.raises(expected) as info:
            await call
        assert info.value.endpoint == qualname
        if cap["body"] and isinstance(cap["body"], dict) and "ERROR" in cap["body"]:
            assert "&gt;" not in info.value.message  # the entity is decoded for humans
    method, sent_path, query, _ = server.seen[-1]
    assert (method, sent_path) == (req["method"], "/wp-json" + route)
    assert {k: v for k, v in query} == {k: str(v) for k, v in args.items()}


# -------------------------------------------------------------------------- abilities


def _ab_expected(cap: dict[str, Any]) -> type[Exception] | None:
    status, body = cap["status"], cap["body"]
    code = body.get("code") if isinstance(body, dict) else None
    if status < 300:
        return None
    if status == 401 and code == "rest_forbidden":
        return ApplicationPasswordsUnavailableError  # the SDK sent a password; it was ignored
    if status == 401 and code == "mainwp_permission_denied" and "logged in" in body["message"]:
        return ApplicationPasswordsUnavailableError
    if status == 401:
        return AuthenticationError
    if code and code.endswith("_not_found"):
        return NotFoundError
    if status == 403:
        return PermissionDeniedError
    if status == 400:
        return InvalidParamsError
    if status == 405:
        return EndpointNotFoundError
    raise AssertionError(f"no expectation for {status} {code}")


def _input_of(req: dict[str, Any]) -> dict[str, Any]:
    if isinstance(req.get("body"), dict):
        return dict(req["body"].get("input") or {})
    out: dict[str, Any] = {}
    for key, value in req["query"].items():
        m = re.fullmatch(r"input\[([^\]]+)\](\[\])?", key)
        if m and m.group(2):
            out.setdefault(m.group(1), []).append(value)
        elif m:
            out[m.group(1)] = True if value == "true" else value
    return out


@pytest.mark.parametrize("path", AB, ids=[p.stem for p in AB])
async def test_every_abilities_capture_replays_to_a_typed_answer(
    replay: tuple[Replay, MainWP], path: Path
) -> None:
    server, mw = replay
    cap = server.capture = json.loads(path.read_text())  # noqa: ASYNC240
    req = cap["request"]
    below = req["path"].removeprefix("/wp-json/wp-abilities/v1")
    if below.startswith("/wp-json/mainwp/v2"):
        pytest.skip("a MainWP v2 call (the SDK never sends an application password there)")
    query = {k: str(v) for k, v in req["query"].items()}
    run = re.fullmatch(r"/abilities/([a-z0-9-]+/[a-z0-9-]+)/run", below)
    one = re.fullmatch(r"/abilities/([a-z0-9-]+/[a-z0-9-]+)", below)
    cat = re.fullmatch(r"/categories/([a-z0-9-]+)", below)
    if "per_page" in query and int(query["per_page"]) > 100:
        with pytest.raises(ConfigurationError):  # refused before sending, like the server
            await mw.abilities.list_definitions(per_page=int(query["per_page"]))
        return
    coro: Any
    if run:
        coro = mw.abilities.run(run.group(1), _method=req["method"], **_input_of(req)).parse()
    elif one:
        coro = mw.abilities.describe(one.group(1))
    elif below == "/abilities":
        page = mw.abilities.list_definitions(
            page=int(query.get("page", 1)),
            per_page=min(int(query.get("per_page", 50)), 100),
            category=query.get("category"),
        )
        coro = _definitions(page)
    elif below == "/categories":
        coro = mw.abilities.categories()
    elif cat:
        coro = mw.abilities.category(cat.group(1))
    elif below in ("", "/"):
        coro = mw.abilities.index()
    else:
        raise AssertionError(below)
    expected = _ab_expected(cap)
    if expected is InvalidParamsError and run and cap["body"]["code"] == "ability_invalid_input":
        try:
            await coro
        except ConfigurationError:
            # missing or off-enum input: refused before any request, where the server says 400
            assert not server.seen
            return
        except InvalidParamsError:
            return  # a rule the SDK leaves to the server (range, pattern, unknown property)
        raise AssertionError("invalid input was accepted")
    if expected is None:
        result = await coro
        if run:
            assert attrs.has(type(result)), result
        elif below in ("", "/"):
            assert result["namespace"] == "wp-abilities/v1"
        else:
            assert isinstance(result, AbilityDefinition | AbilityCategory | list)
    else:
        with pytest.raises(expected):
            await coro


async def _definitions(raw_coro: Any) -> list[AbilityDefinition]:
    from mainwp_async.convert import structure

    raw = await raw_coro
    raw.parse()  # raises the typed error
    return [structure(d, AbilityDefinition) for d in raw.json]
