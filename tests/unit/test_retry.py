from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async.errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    DecodeError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from mainwp_async.retry import NO_RETRY, RetryEvent, RetryPolicy, parse_retry_after

NOW = datetime(2026, 11, 27, 12, 0, 0, tzinfo=UTC)
POLICY = RetryPolicy()
SAFE = ("GET", "HEAD", "OPTIONS")
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def test_defaults() -> None:
    p = RetryPolicy()
    assert (p.max_retries, p.initial_backoff, p.max_backoff, p.jitter) == (2, 0.5, 8.0, 0.25)
    assert p.retry_statuses == frozenset({429, 502, 503, 504})
    assert p.max_retry_after == 60.0 and p.retry_non_idempotent is False
    assert NO_RETRY.max_retries == 0
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.max_retries = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    "bad",
    [
        dict(max_retries=-1),
        dict(max_retries="3"),
        dict(max_retries=True),
        dict(jitter=1.5),
        dict(max_backoff=-1.0),
        dict(initial_backoff="0.5"),
        dict(max_retry_after=float("inf")),
        dict(retry_statuses=5),
        dict(retry_statuses={"503"}),
    ],
)
def test_invalid_policy(bad: dict[str, float]) -> None:
    with pytest.raises(ConfigurationError) as info:
        RetryPolicy(**bad)  # type: ignore[arg-type]
    assert next(iter(bad)) in str(info.value)


@pytest.mark.parametrize("method", SAFE + UNSAFE)
@pytest.mark.parametrize("status", [200, 400, 401, 404, 413, 429, 500, 502, 503, 504])
@pytest.mark.parametrize("idempotent", [True, False])
def test_status_matrix(method: str, status: int, idempotent: bool) -> None:
    expected = status in {429, 502, 503, 504} and (method in SAFE or idempotent)
    assert (
        POLICY.should_retry(attempt=0, method=method, idempotent=idempotent, status=status)
        is expected
    )
    loose = RetryPolicy(retry_non_idempotent=True)
    assert loose.should_retry(attempt=0, method=method, idempotent=idempotent, status=status) is (
        status in {429, 502, 503, 504}
    )


@pytest.mark.parametrize("method", SAFE + UNSAFE)
@pytest.mark.parametrize("idempotent", [True, False])
@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (APIConnectionError("reset"), True),
        (APITimeoutError("slow"), True),
        (RateLimitError("x", status=429), True),
        (ServerError("x", status=503), True),
        (ServerError("x", status=500), False),
        (NotFoundError("x", status=404), False),
        (DecodeError("bad", status=200), False),
        (ValueError("ours"), False),
    ],
)
def test_error_matrix(method: str, idempotent: bool, error: BaseException, transient: bool) -> None:
    expected = transient and (method in SAFE or idempotent)
    assert (
        POLICY.should_retry(attempt=0, method=method, idempotent=idempotent, error=error)
        is expected
    )


def test_method_case_insensitive() -> None:
    assert POLICY.should_retry(attempt=0, method="get", idempotent=False, status=503)


@given(attempt=st.integers(min_value=-5, max_value=50), retries=st.integers(0, 10))
def test_budget(attempt: int, retries: int) -> None:
    p = RetryPolicy(max_retries=retries)
    assert p.should_retry(attempt=attempt, method="GET", idempotent=True, status=503) is (
        0 <= attempt < retries
    )


def test_no_retry_never_retries() -> None:
    assert not NO_RETRY.should_retry(attempt=0, method="GET", idempotent=True, status=503)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("5", 5.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("-3", 0.0),
        ("100000", 100000.0),
        (format_datetime(NOW + timedelta(seconds=30), usegmt=True), 30.0),
        (format_datetime(NOW - timedelta(hours=1), usegmt=True), 0.0),
        ("Fri, 27 Nov 2026 12:00:10 GMT", 10.0),
        ("", None),
        (None, None),
        ("soon", None),
        ("inf", None),
        ("nan", None),
        ("Fri, 99 Foo 2026", None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == expected


def test_parse_retry_after_naive_now() -> None:
    assert parse_retry_after("Fri, 27 Nov 2026 12:00:10 GMT", now=NOW.replace(tzinfo=None)) == 10.0


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"retry-after": "3"}, 3.0),
        ({"Retry-After": "100000"}, 60.0),
        ({"Retry-After": format_datetime(NOW + timedelta(days=2), usegmt=True)}, 60.0),
        ({"Retry-After": format_datetime(NOW - timedelta(days=2), usegmt=True)}, 0.0),
        ({"retry-after-ms": "1500"}, 1.5),
    ],
)
def test_delay_honours_retry_after(headers: dict[str, str], expected: float) -> None:
    assert POLICY.delay(0, headers, now=NOW) == expected


def test_delay_garbage_retry_after_falls_back() -> None:
    d = POLICY.delay(0, {"Retry-After": "later"}, rng=random.Random(1), now=NOW)
    assert 0.375 <= d <= 0.625


def test_delay_without_jitter_is_exponential() -> None:
    p = RetryPolicy(jitter=0.0)
    assert [p.delay(a) for a in range(6)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


@given(
    attempt=st.integers(min_value=0, max_value=10_000),
    initial=st.floats(min_value=0, max_value=100),
    maximum=st.floats(min_value=0, max_value=1000),
    jitter=st.floats(min_value=0, max_value=1),
    seed=st.integers(),
)
def test_backoff_bounds(
    attempt: int, initial: float, maximum: float, jitter: float, seed: int
) -> None:
    p = RetryPolicy(initial_backoff=initial, max_backoff=maximum, jitter=jitter)
    d = p.delay(attempt, rng=random.Random(seed))
    base = min(initial * 2.0 ** min(attempt, 60), maximum)
    assert 0.0 <= d <= maximum
    assert d >= base * (1 - jitter) - 1e-9


@given(value=st.text(max_size=40))
def test_parse_retry_after_never_negative(value: str) -> None:
    out = parse_retry_after(value, now=NOW)
    assert out is None or out >= 0.0


def test_retry_event() -> None:
    ev = RetryEvent("sites.get", 1, 0.5, "HTTP 503", status=503)
    assert ev.endpoint == "sites.get" and ev.delay == 0.5


def test_a_connection_that_never_opened_is_safe_to_retry_for_any_method() -> None:
    policy = RetryPolicy()
    refused = APIConnectionError("cannot connect", request_sent=False)
    dropped = APIConnectionError("reset mid-response")
    assert policy.should_retry(attempt=0, method="POST", idempotent=False, error=refused)
    assert not policy.should_retry(attempt=0, method="POST", idempotent=False, error=dropped)
    assert not policy.should_retry(attempt=2, method="POST", idempotent=False, error=refused)
