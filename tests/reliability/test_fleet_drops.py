"""A faulty fleet: under connection drops of every kind no write is sent twice.

Every site of a simulated fleet answers its write in its own broken way (closed before
answering, TCP reset, half a status line, headers cut off, body shorter than its
Content-Length, garbage instead of HTTP), on fresh and on kept-alive connections. The
client runs its default retry policy; the server counts what it received per site.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async import RetryPolicy
from mainwp_async.errors import MainWPError

from .conftest import FIGURES, client, fuzz
from .rawserver import DROP, HALF, RESET, RawServer, Seen, response

OK = response(200, b'{"success":1,"message":"ok"}')
DROPS: dict[str, Any] = {
    "closed before answering": DROP,
    "reset": RESET,
    "half a status line": HALF,
    "headers cut off": ("close", b"HTTP/1.1 200 OK\r\nContent-Typ"),
    "short body": ("close", b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"succ'),
    "garbage": ("close", b"\x00\xff garbage \r\n\r\n"),
    "answered": OK,
}
WRITES = {
    # method, endpoint call, path piece that identifies the site
    "POST sites.sync": ("POST", lambda mw, i: mw.sites.sync(i), "/sync"),
    "POST sites.disconnect": ("POST", lambda mw, i: mw.sites.disconnect(i), "/disconnect"),
    "DELETE sites.remove": ("DELETE", lambda mw, i: mw.sites.remove(i), "/remove"),
    "DELETE tags.remove": ("DELETE", lambda mw, i: mw.tags.remove(i), "/remove"),
    "PUT clients.fields_edit": (
        "PUT",
        lambda mw, i: mw.clients.fields_edit(f"f{i}", name="x"),
        "/edit",
    ),
}
# Retries are allowed (the connection may have dropped before the request left), but only a
# retry the SDK chose: aiohttp's own resend is off, and non-idempotent writes are never resent.
POLICY = RetryPolicy(max_retries=2, initial_backoff=0, max_backoff=0, jitter=0)


def site_of(seen: Seen) -> str:
    parts = seen.path.split("/")
    return parts[-2]


@fuzz(40)
@given(
    write=st.sampled_from(sorted(WRITES)),
    plan=st.lists(st.sampled_from(sorted(DROPS)), min_size=4, max_size=12),
    warm=st.booleans(),
)
async def test_no_write_is_sent_twice_whatever_the_drop(
    write: str, plan: list[str], warm: bool
) -> None:
    method, call, _ = WRITES[write]
    order = iter(plan * 10)

    def handler(seen: Seen) -> Any:
        if seen.method == "GET":
            return response(200, b'{"success":1,"data":[],"total":0}')
        return DROPS[next(order)]

    async with RawServer(handler) as srv, client(srv.url, retry=POLICY, max_connections=4) as mw:
        if warm:  # fill the keep-alive pool first
            await asyncio.gather(*(mw.tags.list() for _ in range(4)))
        sites = list(range(1, len(plan) + 1))
        results = await asyncio.gather(*(call(mw, i) for i in sites), return_exceptions=True)
    FIGURES["examples fuzzed: faulty fleet"] += 1
    FIGURES["fleet writes checked"] += len(sites)
    FIGURES["connection drop kinds"] = len(DROPS) - 1
    assert len(results) == len(sites), "every site is accounted for"
    for outcome in results:
        assert not isinstance(outcome, BaseException) or isinstance(outcome, MainWPError), outcome
    per_site = Counter(site_of(s) for s in srv.seen if s.method == method)
    assert set(per_site) == {f"f{i}" if "fields" in write else str(i) for i in sites}
    assert max(per_site.values()) == 1, f"a {method} was sent twice: {per_site}"


@pytest.mark.parametrize("kind", [k for k in DROPS if k != "answered"])
async def test_an_idempotent_write_is_retried_only_by_the_policy(kind: str) -> None:
    def handler(seen: Seen) -> Any:
        return (
            response(200, b'{"success":1,"data":[],"total":0}') if seen.index == 0 else DROPS[kind]
        )

    async with RawServer(handler) as srv, client(srv.url, retry=POLICY) as mw:
        await mw.tags.list()
        with contextlib.suppress(MainWPError):
            await mw.sites.suspend(1)  # marked idempotent: the policy may repeat it
    posts = [s for s in srv.seen if s.method == "POST"]
    assert 1 <= len(posts) <= 1 + POLICY.max_retries
