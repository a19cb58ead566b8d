"""The decoder's shortcut for a 2xx JSON document decides every body as the full path does.

A body that starts with ``{`` or ``[`` is decoded at once; with the shortcut switched off
the same body takes the full path, and both must agree: the same value, or the same error
with the same reason.
"""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mainwp_async import decoding
from mainwp_async.decoding import MAX_JSON_DEPTH, NonJSONBody, decode_body
from mainwp_async.errors import DecodeError


def _outcome(status: int, body: bytes, method: str | None = "GET") -> tuple[str, Any]:
    try:
        value = decode_body(status, {"content-type": "application/json"}, body, method=method)
    except DecodeError as exc:
        return "error", (exc.reason, exc.status)
    if isinstance(value, NonJSONBody):
        return "nonjson", value.content_type
    return "value", value


def _same_both_ways(status: int, body: bytes, method: str | None = "GET") -> tuple[str, Any]:
    fast = _outcome(status, body, method)
    with mock.patch.object(decoding, "_OPENERS", ()):  # no body qualifies: the full path
        full = _outcome(status, body, method)
    assert fast == full
    return fast


EDGE_BODIES = [
    b'{"success": 1, "data": []}',
    b"[1, 2.5, -0.0, 1e3]",
    b'{"a": 1} ',  # trailing blank
    b'{"a": 1} x',  # trailing garbage
    b'{"a": 1}{"b": 2}',  # two documents
    b'{"a": 1',  # truncated
    b'{"a": "\xff"}',  # not UTF-8
    b"[1e400]",  # not finite
    b"[NaN]",
    b"[" + b"9" * 5000 + b"]",  # an integer past the digit limit
    b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1),  # one level too deep
    b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH,  # just deep enough
    b'{"s": "' + b"[" * 300 + b'"}',  # brackets inside a string are not nesting
    b"{}",
    b"[]",
]


@pytest.mark.parametrize("body", EDGE_BODIES)
@pytest.mark.parametrize("status", [200, 201, 204, 400, 500])
def test_edge_bodies_are_decided_alike_by_both_paths(status: int, body: bytes) -> None:
    _same_both_ways(status, body)


def test_the_shortcut_keeps_the_limits() -> None:
    kind, (reason, _) = _same_both_ways(200, EDGE_BODIES[10])
    assert kind == "error" and "deeper than" in reason
    kind, (reason, _) = _same_both_ways(200, b"[1e400]")
    assert kind == "error" and "out of range" in reason
    assert _same_both_ways(200, b'{"a": 1} x')[0] == "error"


def test_head_and_no_content_answers_stay_empty() -> None:
    assert _same_both_ways(200, b'{"a": 1}', method="HEAD") == ("value", None)
    assert _same_both_ways(200, b'{"a": 1}', method="head") == ("value", None)
    assert _same_both_ways(204, b'{"a": 1}') == ("value", None)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(doc=_json, tail=st.sampled_from([b"", b" ", b"\n", b"x", b"}", b"]"]))
def test_random_documents_are_decided_alike_by_both_paths(doc: Any, tail: bytes) -> None:
    body = json.dumps(doc).encode() + tail
    kind, value = _same_both_ways(200, body)
    if kind == "value" and body[:1] in (b"{", b"["):
        assert value == doc


@settings(max_examples=300, deadline=None)
@given(body=st.binary(max_size=64).map(lambda b: b"{" + b))
def test_random_bytes_after_a_brace_are_decided_alike_by_both_paths(body: bytes) -> None:
    _same_both_ways(200, body)
    _same_both_ways(502, body)
