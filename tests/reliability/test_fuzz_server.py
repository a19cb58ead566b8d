"""Hypothesis chooses what a hostile or broken server answers; typed calls must cope.

A raw-socket server on 127.0.0.1 sends exactly the status line, headers and body hypothesis
picks (bad lengths, broken chunking, junk encodings, redirects, HTML, deep JSON, huge
numbers, dropped and reset connections). Twelve typed endpoints are called; each call must
end, within a generous bound, in a return value or one of the SDK's own errors.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async import MainWP, RetryPolicy
from mainwp_async.errors import MainWPError

from .conftest import FIGURES, TOKEN, fuzz
from .rawserver import ACTIONS, RawServer, Seen

CALLS: dict[str, Callable[[MainWP], Any]] = {
    "sites.list": lambda mw: mw.sites.list(),
    "sites.get": lambda mw: mw.sites.get(1),
    "sites.sync": lambda mw: mw.sites.sync(1),
    "sites.remove": lambda mw: mw.sites.remove(1),
    "sites.plugins": lambda mw: mw.sites.plugins("shop.example.com"),
    "tags.list": lambda mw: mw.tags.list(),
    "tags.add": lambda mw: mw.tags.add(name="x"),
    "clients.get": lambda mw: mw.clients.get("someone@example.com"),
    "clients.fields_edit": lambda mw: mw.clients.fields_edit("vat", name="x"),
    "costs.get": lambda mw: mw.costs.get(1),
    "updates.list": lambda mw: mw.updates.list(),
    "monitors.get": lambda mw: mw.monitors.get(1),
    "api_keys.list": lambda mw: mw.api_keys.list(),
}

header_names = st.sampled_from(
    [
        "Content-Type",
        "Content-Length",
        "Transfer-Encoding",
        "Content-Encoding",
        "Location",
        "Retry-After",
        "retry-after-ms",
        "X-Junk",
        "Set-Cookie",
    ]
)
header_values = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
    max_size=40,
) | st.sampled_from(
    [
        "application/json",
        "text/html",
        "chunked",
        "gzip",
        "br",
        "-1",
        "99999",
        "0",
        "/x",
        "http://[::1",
    ]
)
json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_like.map(lambda v: json.dumps(v).encode()),
    st.sampled_from(
        [
            b'{"success":1,"data":[],"total":0}',
            b'{"code":"rest_no_route","message":"x","data":{"status":404}}',
            b'{"success":0,"error":"nope"}',
            b"[" * 5000,
            b"9" * 5000,
            b"1e400",
            b"<html><head><title>Down</title></head></html>",
            b'<br />\n<b>Notice</b>: x<br />\n{"success":1}',
            b"5\r\nabc",
        ]
    ),
)
replies = st.one_of(
    st.tuples(
        st.integers(100, 599) | st.sampled_from([200, 301, 302, 307, 401, 404, 429, 500, 503]),
        st.lists(st.tuples(header_names, header_values), max_size=4),
        bodies,
    ),
    st.sampled_from(ACTIONS),
    st.binary(max_size=60),  # not even a status line
)


def raw_reply(reply: Any) -> Any:
    if isinstance(reply, str):
        return reply
    if isinstance(reply, bytes):
        return reply
    status, headers, body = reply
    names = {k.lower() for k, _ in headers}
    lines = [f"HTTP/1.1 {status} Reason"]
    lines += [f"{k}: {v}" for k, v in headers]
    if "content-length" not in names and "transfer-encoding" not in names:
        lines.append(f"Content-Length: {len(body)}")
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


@pytest.fixture
async def hostile() -> Any:
    state: dict[str, Any] = {"reply": b""}

    def handler(_: Seen) -> Any:
        return state["reply"]

    async with RawServer(handler) as srv:
        policy = RetryPolicy(
            max_retries=1, initial_backoff=0, max_backoff=0, jitter=0, max_retry_after=0
        )
        async with MainWP(srv.url, token=TOKEN, retry=policy, timeout=1) as lenient:
            strict = lenient.with_options(strict_models=True)
            yield state, srv, lenient, strict


@fuzz(150)
@given(endpoint=st.sampled_from(sorted(CALLS)), reply=replies, strict=st.booleans())
async def test_typed_calls_end_in_a_result_or_an_sdk_error(
    hostile: Any, endpoint: str, reply: Any, strict: bool
) -> None:
    state, _srv, lenient, strict_client = hostile
    state["reply"] = raw_reply(reply)
    mw = strict_client if strict else lenient
    FIGURES["examples fuzzed: server replies x typed calls"] += 1
    FIGURES["typed endpoints fuzzed"] = len(CALLS)
    try:
        await asyncio.wait_for(CALLS[endpoint](mw), 20)  # a hang fails the test
    except MainWPError as exc:
        str(exc), repr(exc)  # never raises either
