"""Hypothesis fuzzing of the pure functions: only the SDK's own errors, whatever the input."""

from __future__ import annotations

import json
import math
import random
import re
from typing import Any
from urllib.parse import quote, quote_plus, unquote

import attrs
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async._generated import models
from mainwp_async._generated.manifest import ENDPOINTS
from mainwp_async.classify import NonJSONBody, classify, decode_body, explain
from mainwp_async.convert import structure
from mainwp_async.errors import APIError, ConfigurationError, DecodeError, ResponseShapeError
from mainwp_async.redact import REDACTED, Redactor
from mainwp_async.retry import RetryPolicy
from mainwp_async.wire import encode_segment

from .conftest import FIGURES, fuzz

json_leaf = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**500), max_value=10**500)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_value = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
wp_error = st.fixed_dictionaries(
    {
        "code": st.sampled_from(
            [
                "rest_no_route",
                "ability_invalid_permissions",
                "mainwp_rest_authentication_disabled_key",
                "mainwp_rest_authentication_error",
                "rest_invalid_param",
                "website_not_found",
                "x",
            ]
        )
        | st.text(max_size=20),
        "message": json_leaf,
    },
    optional={"data": json_value, "additional_errors": json_value},
)
envelope = st.fixed_dictionaries(
    {"success": json_leaf}, optional={"error": json_leaf, "message": json_leaf, "data": json_value}
)
payloads = (
    json_value | wp_error | envelope | st.builds(NonJSONBody, st.text(), st.text(), st.text())
)
statuses = st.integers(min_value=100, max_value=599) | st.sampled_from([200, 401, 404, 500, 503])


@fuzz(250)
@given(
    status=statuses,
    payload=payloads,
    headers=st.dictionaries(st.text(max_size=10), st.text(max_size=20)),
)
def test_classify_returns_none_or_an_api_error(status: int, payload: Any, headers: Any) -> None:
    FIGURES["examples fuzzed: classify"] += 1
    result = classify(status, payload, endpoint="x.y", headers=headers)
    assert result is None or isinstance(result, APIError)
    if result is not None:
        str(result), repr(result)
        if not 200 <= status < 300:
            assert result.status == status
    elif not 200 <= status < 300:
        raise AssertionError("an error status was passed as success")


@fuzz(200)
@given(payload=wp_error, status=statuses, value=st.integers(1, 10**6) | st.text(max_size=30))
def test_explain_keeps_the_error_typed(payload: Any, status: int, value: Any) -> None:
    FIGURES["examples fuzzed: explain"] += 1
    error = classify(status, payload, endpoint="sites.get")
    if error is None:
        return
    for spec in (
        e for e in ENDPOINTS if e.qualname in ("sites.get", "sites.get_by_domain", "tags.get")
    ):
        out = explain(error, spec, {"id_domain": value, "id": value})
        assert isinstance(out, APIError) and out.status == error.status


def _nested(depth: int, kind: str) -> bytes:
    return (
        (b"[" * depth + b"]" * depth)
        if kind == "list"
        else (b'{"a":' * depth + b"1" + b"}" * depth)
    )


bodies = (
    st.binary(max_size=300)
    | st.text(max_size=300).map(str.encode)
    | json_value.map(lambda v: json.dumps(v).encode())
    | st.builds(_nested, st.integers(0, 3000), st.sampled_from(["list", "dict"]))
    | st.integers(0, 6000).map(lambda n: b"9" * n)
    | st.sampled_from(
        [b"1e400", b"-1e999", b"NaN", b"[Infinity]", b"\xef\xbb\xbf{}", b"<html><title>x"]
    )
    | st.tuples(st.text(max_size=80), json_value).map(
        lambda t: (f"<br />\n<b>Notice</b>: {t[0]}<br />\n" + json.dumps(t[1])).encode()
    )
)


@fuzz(500)
@given(
    status=statuses,
    body=bodies,
    method=st.sampled_from(["GET", "POST", "HEAD", "DELETE"]),
    strict=st.booleans(),
    ctype=st.sampled_from(["application/json", "text/html", "", "application/json; charset=UTF-8"]),
)
def test_decode_body_raises_only_decode_error(
    status: int, body: bytes, method: str, strict: bool, ctype: str
) -> None:
    FIGURES["examples fuzzed: decode_body"] += 1
    try:
        value = decode_body(status, {"Content-Type": ctype}, body, method=method, strict=strict)
    except DecodeError as exc:
        assert len(exc.snippet) <= 200
        str(exc), repr(exc)
        return
    # Whatever came back can be classified.
    result = classify(status, value)
    assert result is None or isinstance(result, APIError)


_MODELS = [
    getattr(models, name)
    for name in sorted(dir(models))
    if attrs.has(getattr(models, name)) and name.endswith("Response")
]


@fuzz(200)
@given(
    model=st.sampled_from(_MODELS),
    data=json_value
    | st.dictionaries(
        st.sampled_from(["data", "success", "total", "id", "price", "name"]), json_value
    ),
    strict=st.booleans(),
)
def test_structure_raises_only_response_shape_error(model: type, data: Any, strict: bool) -> None:
    FIGURES["examples fuzzed: structure"] += 1
    try:
        out = structure(data, model, strict=strict)
    except ResponseShapeError as exc:
        str(exc), repr(exc)
        return
    assert isinstance(out, model)


retry_after = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.floats().map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        ["Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "inf", "nan"]
    ),
)


@fuzz(200)
@given(
    attempt=st.integers(-5, 10**6),
    after=retry_after,
    after_ms=retry_after,
    policy=st.builds(
        RetryPolicy,
        max_retries=st.integers(0, 10),
        initial_backoff=st.floats(0, 100),
        max_backoff=st.floats(0, 100),
        jitter=st.floats(0, 1),
        max_retry_after=st.floats(0, 1000),
    ),
    seed=st.integers(0, 2**32),
)
def test_retry_delays_are_finite_and_bounded(
    attempt: int, after: str | None, after_ms: str | None, policy: RetryPolicy, seed: int
) -> None:
    FIGURES["examples fuzzed: retry delay"] += 1
    headers = {
        k: v for k, v in (("Retry-After", after), ("retry-after-ms", after_ms)) if v is not None
    }
    delay = policy.delay(attempt, headers, rng=random.Random(seed))
    assert math.isfinite(delay) and delay >= 0
    assert delay <= max(policy.max_backoff, policy.max_retry_after)


# (a secret inside the marker itself, e.g. "REDACTED", could not be told from it; hypothesis
# proposes such strings since it seeds text from the constants of loaded modules)
secrets = st.text(min_size=8, max_size=40).filter(
    lambda s: s.strip() == s and "\x00" not in s and s not in "[REDACTED]"
)


def spellings(secret: str) -> list[str]:
    return [
        secret,
        quote(secret, safe=""),
        quote(secret, safe="/"),
        quote_plus(secret),
        re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quote(secret, safe="")),
        secret.replace("/", "\\/"),
        quote(quote(secret, safe=""), safe=""),  # encoded twice
    ]


@fuzz(250)
@given(
    secret=secrets, before=st.text(max_size=40), after=st.text(max_size=40), which=st.integers(0, 6)
)
def test_every_spelling_of_a_secret_is_redacted(
    secret: str, before: str, after: str, which: int
) -> None:
    FIGURES["examples fuzzed: redaction"] += 1
    spelled = spellings(secret)[which]
    out = Redactor([secret])(f"{before} {spelled} {after}")
    assert spelled not in out and secret not in out
    assert secret not in unquote(out) and secret not in unquote(unquote(out))


@fuzz(200)
@given(
    secret=st.text(min_size=1, max_size=7), text=st.text(alphabet="abcdefghij /=.-_", max_size=80)
)
def test_short_secrets_leave_ordinary_text_alone(secret: str, text: str) -> None:
    FIGURES["examples fuzzed: redaction"] += 1
    assert Redactor([secret])(text) == text  # no credential keyword, no credential shape


@fuzz(200)
@given(text=st.text(max_size=60))
def test_redaction_is_idempotent(text: str) -> None:
    redactor = Redactor(["0123456789abcdef", "pass/word+1"])
    once = redactor(text)
    assert redactor(once) == once
    assert once.count(REDACTED) >= 0


_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9%@._~-]+$")


@fuzz(500)
@given(
    value=st.text(max_size=40)
    | st.integers()
    | st.booleans()
    | st.floats()
    | st.none()
    | st.lists(st.integers(), max_size=2)
)
def test_encode_segment_never_lets_a_value_leave_its_segment(value: Any) -> None:
    FIGURES["examples fuzzed: path segments"] += 1
    try:
        out = encode_segment(value)
    except ConfigurationError:
        return
    assert _SAFE_SEGMENT.match(out), out
    assert unquote(out) == str(value)
    assert out not in (".", "..") and "/" not in unquote(unquote(out))


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


@fuzz(200)
@given(value=json_value, limit=st.integers(0, 6), ascii_only=st.booleans())
def test_the_depth_check_agrees_with_the_parsed_document(
    value: Any, limit: int, ascii_only: bool
) -> None:
    from mainwp_async.decoding import _too_deep

    FIGURES["examples fuzzed: depth check"] += 1
    try:
        doc = json.dumps(value, ensure_ascii=ascii_only)
    except ValueError:  # an int beyond Python's digit limit
        return
    assert _too_deep(doc, limit) == (_depth(value) > limit)
