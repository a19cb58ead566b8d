"""Hostile caller input never reaches an unintended route: judged by what the server received.

Path traversal, ``.``/``..`` (plain and percent-encoded), bools, CR/LF, unicode, huge values
and separators are thrown at path parameters of generated methods and of ``call()``, and at
query parameters. Each call either fails with ConfigurationError before anything is sent,
or the server sees exactly one request on the intended route with the value, decoded, as
exactly one path segment (or one query value).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async.errors import ConfigurationError, MainWPError

from .conftest import FIGURES, client, fuzz
from .rawserver import RawServer, Seen, response

API = "/wp-json/mainwp/v2"

pieces = st.sampled_from(
    [".", "..", "/", "\\", "%", "%2e", "%2E", "%2f", "%252e", "#", "?", "&", "=", " ", "\r\n", "\t",
     "\x00", "a", "1", "é", "\u2028", "\U0001f600", "@", "+", ";", "~", "-", "_"]
)  # fmt: skip
hostile_text = st.lists(pieces, max_size=8).map("".join)
hostile = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.just(10**5000),
    st.booleans(),
    st.floats(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.text(min_size=1000, max_size=1100, alphabet="ab"),
)

ROUTES = {
    # name: (how to call it, the route the value must stay inside)
    "sites.disconnect": (lambda mw, v: mw.sites.disconnect(v), r"/sites/([^/]+)/disconnect"),
    "sites.remove": (lambda mw, v: mw.sites.remove(v), r"/sites/([^/]+)/remove"),
    "sites.sync": (lambda mw, v: mw.sites.sync(v), r"/sites/([^/]+)/sync"),
    "updates.update": (lambda mw, v: mw.updates.update(v), r"/updates/([^/]+)/update"),
    "tags.remove": (lambda mw, v: mw.tags.remove(v), r"/tags/([^/]+)/remove"),
    "clients.remove": (lambda mw, v: mw.clients.remove(v), r"/clients/([^/]+)/remove"),
    "call template": (
        lambda mw, v: mw.call("POST", "/sites/{id}/reconnect", id=v),
        r"/sites/([^/]+)/reconnect",
    ),
    "call extension": (
        lambda mw, v: mw.call("DELETE", "/extension/{thing}/items", thing=v),
        r"/extension/([^/]+)/items",
    ),
}


@pytest.fixture
async def recorder() -> Any:
    async with (
        RawServer(lambda _: response(200, b'{"success":1}')) as srv,
        client(srv.url) as mw,
    ):
        yield srv, mw


def _segment_ok(seen: Seen, route: str, value: Any) -> None:
    assert " " not in seen.target and "\r" not in seen.target and "\n" not in seen.target
    match = re.fullmatch(re.escape(API) + route, seen.path)
    assert match, f"{seen.method} {seen.path} is not the intended route"
    segment = match.group(1)
    assert unquote(segment) == str(value), "the value changed on the way"
    for decoded in (segment, unquote(segment), unquote(unquote(segment))):
        assert decoded not in (".", "..") and "/" not in decoded and "\\" not in decoded


@fuzz(250)
@given(name=st.sampled_from(sorted(ROUTES)), value=hostile)
async def test_hostile_path_values_never_reach_another_route(
    recorder: Any, name: str, value: Any
) -> None:
    srv, mw = recorder
    call, route = ROUTES[name]
    before = len(srv.seen)
    FIGURES["examples fuzzed: hostile path values"] += 1
    try:
        await call(mw, value)
    except ConfigurationError:
        assert len(srv.seen) == before, "refused, yet something was sent"
        FIGURES["hostile path values refused before sending"] += 1
        return
    except MainWPError:
        pass
    sent = srv.seen[before:]
    assert len(sent) == 1
    _segment_ok(sent[0], route, value)


@fuzz(150)
@given(value=hostile_text, key=st.sampled_from(["search", "status", "fields"]))
async def test_hostile_query_values_stay_one_value(recorder: Any, value: str, key: str) -> None:
    srv, mw = recorder
    before = len(srv.seen)
    FIGURES["examples fuzzed: hostile query values"] += 1
    try:
        await mw.sites.list(**{key: value})
    except ConfigurationError:
        assert len(srv.seen) == before
        return
    except MainWPError:
        pass
    (seen,) = srv.seen[before:]
    assert seen.path == f"{API}/sites"
    assert " " not in seen.target and "\r" not in seen.target and "\n" not in seen.target
    query = parse_qsl(seen.target.partition("?")[2], keep_blank_values=True)
    wire = {"fields": "_fields"}.get(key, key)
    assert [v for k, v in query if k == wire] == [value]
    assert {k for k, _ in query} == {wire}, "a value smuggled in another parameter"


@fuzz(150)
@given(path=st.lists(hostile_text, min_size=1, max_size=4).map(lambda p: "/" + "/".join(p)))
async def test_hostile_concrete_paths_in_call_are_checked_segment_by_segment(
    recorder: Any, path: str
) -> None:
    srv, mw = recorder
    before = len(srv.seen)
    FIGURES["examples fuzzed: hostile call() paths"] += 1
    try:
        await mw.call("GET", path)
    except ConfigurationError:
        assert len(srv.seen) == before
        return
    except MainWPError:
        pass
    (seen,) = srv.seen[before:]
    assert " " not in seen.target and "\r" not in seen.target and "\n" not in seen.target
    assert seen.path.startswith(API + "/") or seen.path == API
    if seen.path.rstrip("/") == API:
        return  # the index, what "/" names
    for segment in seen.path[len(API) :].split("/")[1:]:
        for decoded in (segment, unquote(segment), unquote(unquote(segment))):
            assert decoded not in ("", ".", ".."), seen.path
