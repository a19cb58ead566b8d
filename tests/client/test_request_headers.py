"""The headers a call sends, now that the client builds them once: same on the wire as before.

A loopback server records every request; the client's per-content-type header dicts are
shared between calls, so these tests check that no call's Content-Type leaks into the next,
that the User-Agent and credentials ride on every request, and that a user-supplied
credentials object is still asked on every request.
"""

from __future__ import annotations

import itertools
from typing import Any

import attrs
from aiohttp import web

from mainwp_async import NO_RETRY, MainWP
from mainwp_async._generated.manifest import BY_QUALNAME
from mainwp_async.pending import warn_if_capped

from .servers import serve

TOKEN = "s3cr3t==k3y1"


async def _recording_app(seen: list[dict[str, Any]]) -> web.Application:
    async def handler(request: web.Request) -> web.Response:
        seen.append(
            {
                "method": request.method,
                "path": request.path,
                "ua": request.headers.get("User-Agent"),
                "accept": request.headers.get("Accept"),
                "auth": request.headers.get("Authorization"),
                "key": request.headers.get("X-Api-Key"),
                "ctype": request.headers.get("Content-Type"),
                "query": dict(request.query),
                "body": await request.read(),
            }
        )
        return web.json_response({"success": 1, "data": []})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    return app


async def test_each_call_carries_its_own_content_type_and_every_call_the_same_identity():
    seen: list[dict[str, Any]] = []
    async with (
        serve(await _recording_app(seen)) as url,
        MainWP(url, token=TOKEN, user_agent="probe/1", retry=NO_RETRY) as mw,
    ):
        await mw.call("GET", "/sites/basic", raw=True)
        await mw.call("POST", "/ext/things", raw=True, name="blue")  # JSON body
        await mw.call("GET", "/sites/basic", raw=True, search="a b")
        await mw.call("DELETE", "/ext/things/7", raw=True)
        await mw.call("POST", "/ext/things", raw=True, name="red")
    assert [(r["method"], r["ctype"]) for r in seen] == [
        ("GET", None),
        ("POST", "application/json"),
        ("GET", None),
        ("DELETE", None),
        ("POST", "application/json"),
    ]
    assert {(r["ua"], r["accept"], r["auth"]) for r in seen} == {
        ("probe/1", "application/json", f"Bearer {TOKEN}")
    }
    assert seen[1]["body"] == b'{"name":"blue"}' and seen[4]["body"] == b'{"name":"red"}'
    assert seen[2]["query"] == {"search": "a b"} and seen[0]["query"] == {}


@attrs.define
class _RotatingKey:
    """A user credential whose header and query change on every request."""

    counter: Any = attrs.field(factory=lambda: itertools.count(1))

    def headers(self) -> dict[str, str]:
        return {"X-Api-Key": f"rot{next(self.counter)}"}

    def query(self) -> dict[str, str]:
        return {"sig": "q"}

    def secrets(self) -> tuple[str, ...]:
        return ()


async def test_user_credentials_are_asked_on_every_request():
    seen: list[dict[str, Any]] = []
    async with (
        serve(await _recording_app(seen)) as url,
        MainWP(url, credentials=_RotatingKey(), retry=NO_RETRY) as mw,
    ):
        for _ in range(3):
            await mw.call("GET", "/sites/basic", raw=True)
        await mw.call("POST", "/ext/things", raw=True, name="x")
    assert [r["key"] for r in seen] == ["rot1", "rot2", "rot3", "rot4"]
    assert [r["query"] for r in seen] == [{"sig": "q"}] * 4
    assert [r["ctype"] for r in seen] == [None, None, None, "application/json"]
    assert len({r["ua"] for r in seen}) == 1 and seen[0]["ua"].startswith("mainwp-async/")


def test_only_updates_list_has_a_payload_check_and_it_does_not_change_spec_equality():
    listing = BY_QUALNAME["updates.list"]
    assert listing.payload_check is warn_if_capped
    assert all(
        spec.payload_check is None for name, spec in BY_QUALNAME.items() if name != "updates.list"
    )
    renamed = attrs.evolve(BY_QUALNAME["sites.get"], name="get_again")
    assert renamed.qualname == "sites.get_again"
    assert attrs.evolve(listing) == listing and hash(attrs.evolve(listing)) == hash(listing)
