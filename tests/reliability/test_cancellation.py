"""Cancellation at hypothesis-chosen points leaves no orphan task and no open connection.

A batch of calls (reads, writes, retried 503s, slow answers) runs against a loopback server;
hypothesis picks after how many event-loop steps the batch is cancelled. Afterwards the
client is closed and nothing of it may be left running or connected.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mainwp_async import RetryPolicy

from .conftest import FIGURES, client, fuzz
from .rawserver import RawServer, Seen, response

POLICY = RetryPolicy(max_retries=2, initial_backoff=0.001, max_backoff=0.002, jitter=0)
CALLS = [
    lambda mw: mw.sites.list(),
    lambda mw: mw.sites.sync(1),
    lambda mw: mw.tags.remove(2),
    lambda mw: mw.sites.get(3),
    lambda mw: mw.call("GET", "/sites/{id}/plugins", id=4),
]


def _leftovers(before: set[asyncio.Task[Any]]) -> list[asyncio.Task[Any]]:
    current = asyncio.current_task()
    return [
        t
        for t in asyncio.all_tasks()
        if t is not current
        and t not in before
        and not t.done()
        and "RawServer" not in repr(t.get_coro())  # the test server's own handlers
        and "_serve" not in repr(t.get_coro())
    ]


@fuzz(60)
@given(
    steps=st.integers(0, 80),
    calls=st.lists(st.integers(0, len(CALLS) - 1), min_size=1, max_size=6),
    slow=st.booleans(),
    flaky=st.booleans(),
)
async def test_cancellation_leaves_nothing_behind(
    steps: int, calls: list[int], slow: bool, flaky: bool
) -> None:
    async def handler(seen: Seen) -> bytes:
        if slow:
            await asyncio.sleep(0.002)
        if flaky and seen.index % 2 == 0:
            return response(503, b"busy")
        return response(200, b'{"success":1,"data":[],"total":0}')

    before = set(asyncio.all_tasks())
    async with RawServer(handler) as srv:
        mw = client(srv.url, retry=POLICY)
        await mw.open()
        batch = asyncio.ensure_future(
            asyncio.gather(*(CALLS[i](mw) for i in calls), return_exceptions=True)
        )
        for _ in range(steps):
            await asyncio.sleep(0)
        batch.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await batch
        await mw.close()
        for _ in range(50):  # let the server notice the closed sockets
            if srv.open_connections == 0:
                break
            await asyncio.sleep(0.001)
        FIGURES["examples fuzzed: cancellation points"] += 1
        assert srv.open_connections == 0, "the client left a connection open"
        assert not mw._transport.is_open
    assert _leftovers(before) == [], "orphan tasks"
