"""Retry decisions: when a failed request may be sent again, and how long to wait first.

Everything here is pure; the transport owns the loop and the sleeping. MainWP itself never
answers 429 or sends ``Retry-After``, but proxies, WAFs and maintenance pages in front of it
do, so both are honoured.
"""

from __future__ import annotations

import email.utils
import math
import random
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import attrs

from mainwp_async.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConfigurationError,
)

__all__ = ["NO_RETRY", "RetryEvent", "RetryPolicy", "parse_retry_after"]

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_MAX_EXPONENT = 60  # 2**60 seconds is already far beyond any max_backoff


def _number(attribute: attrs.Attribute[Any], value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(
            f"RetryPolicy({attribute.name}=...) must be a number, not {type(value).__name__}"
        )
    return value


def _non_negative(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not (_number(attribute, value) >= 0 and math.isfinite(value)):
        raise ConfigurationError(
            f"RetryPolicy({attribute.name}=...) must be a finite number >= 0, got {value!r}"
        )


def _fraction(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not 0 <= _number(attribute, value) <= 1:
        raise ConfigurationError(
            f"RetryPolicy({attribute.name}=...) must be between 0 and 1, got {value!r}"
        )


def _count(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(
            f"RetryPolicy({attribute.name}=...) must be an integer >= 0, got {value!r}"
        )


def _statuses(value: Any) -> frozenset[int]:
    try:
        statuses = frozenset(value)
    except TypeError:
        statuses = None
    if statuses is None or not all(
        isinstance(s, int) and not isinstance(s, bool) and 100 <= s <= 599 for s in statuses
    ):
        raise ConfigurationError(
            f"RetryPolicy(retry_statuses=...) must be HTTP status codes, got {value!r}"
        )
    return statuses


@attrs.frozen
class RetryPolicy:
    """How often and how patiently to repeat failed requests.

    Attributes:
        max_retries: retries after the first attempt (0 disables retrying).
        initial_backoff: wait before the first retry, in seconds.
        max_backoff: upper bound of the exponential backoff, in seconds.
        jitter: random spread applied to the backoff, as a fraction (0.25 = plus or minus 25%).
        retry_statuses: HTTP statuses worth retrying.
        max_retry_after: upper bound, in seconds, for a server-provided ``Retry-After``.
        retry_non_idempotent: also retry POST/PUT/PATCH/DELETE calls not marked idempotent
            (risky: a timed-out write may already have happened).
    """

    max_retries: int = attrs.field(default=2, validator=_count)
    initial_backoff: float = attrs.field(default=0.5, validator=_non_negative)
    max_backoff: float = attrs.field(default=8.0, validator=_non_negative)
    jitter: float = attrs.field(default=0.25, validator=_fraction)
    retry_statuses: frozenset[int] = attrs.field(
        default=frozenset({429, 502, 503, 504}), converter=_statuses
    )
    max_retry_after: float = attrs.field(default=60.0, validator=_non_negative)
    retry_non_idempotent: bool = False

    def should_retry(
        self,
        *,
        attempt: int,
        method: str,
        idempotent: bool,
        status: int | None = None,
        error: BaseException | None = None,
    ) -> bool:
        """Whether to send the request again.

        ``attempt`` is the number of retries already made. A retry happens when the budget is
        not used up, the failure is transient (connection error, timeout, or a status in
        ``retry_statuses``; an :class:`~mainwp_async.errors.APIError` passed as ``error``
        counts by its status) and repeating is safe: GET, HEAD and OPTIONS always are, other
        methods only when ``idempotent`` or ``retry_non_idempotent`` is set, or when the
        connection could not even be opened (``APIConnectionError.request_sent`` False).
        """
        if attempt < 0 or attempt >= self.max_retries:
            return False
        if not self._transient(status, error):
            return False
        if isinstance(error, APIConnectionError) and not error.request_sent:
            return True  # never reached the server: nothing can have happened twice
        return method.upper() in _SAFE_METHODS or idempotent or self.retry_non_idempotent

    def _transient(self, status: int | None, error: BaseException | None) -> bool:
        if isinstance(error, APIConnectionError | APITimeoutError):
            return True
        if status is None and isinstance(error, APIError):
            status = error.status
        return status is not None and status in self.retry_statuses

    def delay(
        self,
        attempt: int,
        headers: Mapping[str, str] | None = None,
        *,
        rng: random.Random | None = None,
        now: datetime | None = None,
    ) -> float:
        """Seconds to wait before retry number ``attempt + 1``.

        A ``Retry-After`` header (seconds or an HTTP date; ``retry-after-ms`` is also read) wins,
        capped at ``max_retry_after``. Otherwise: ``min(initial_backoff * 2**attempt,
        max_backoff)`` spread by ``jitter`` and never above ``max_backoff``. Never negative.
        """
        if headers:
            hinted = _retry_after_from(headers, now or datetime.now(UTC))
            if hinted is not None:
                return min(hinted, self.max_retry_after)
        exponent = min(max(attempt, 0), _MAX_EXPONENT)
        base = min(self.initial_backoff * (2.0**exponent), self.max_backoff)
        if self.jitter:
            spread = (rng or random).uniform(-self.jitter, self.jitter)
            base *= 1.0 + spread
        return max(0.0, min(base, self.max_backoff))


def _retry_after_from(headers: Mapping[str, str], now: datetime) -> float | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    ms = lowered.get("retry-after-ms")
    if ms is not None:
        try:
            value = float(ms.strip())
        except ValueError:
            value = math.nan
        if math.isfinite(value):
            return max(0.0, value / 1000.0)
    return parse_retry_after(lowered.get("retry-after"), now=now)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Parse a ``Retry-After`` value into seconds from ``now`` (``None`` if absent or garbage).

    Accepts delay-seconds (decimals tolerated) and HTTP dates; a date in the past gives ``0``.
    Naive datetimes are taken as UTC. The result is never negative and never infinite; no
    upper cap is applied here (see :meth:`RetryPolicy.delay`).
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if not math.isfinite(seconds):
            return None
        return max(0.0, seconds)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:  # pragma: no cover - older Pythons returned None
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


NO_RETRY = RetryPolicy(max_retries=0)
"""A policy that never retries."""


@attrs.frozen
class RetryEvent:
    """What the transport reports to the user's retry hook before sleeping.

    Attributes:
        endpoint: the endpoint being retried (``"sites.get"`` or ``"GET /sites/1"``).
        attempt: the retry about to happen (1 for the first retry).
        delay: seconds the transport will wait first.
        reason: short cause, e.g. ``"HTTP 503"`` or ``"APITimeoutError"``.
        status: the HTTP status that triggered the retry, if any.
    """

    endpoint: str
    attempt: int
    delay: float
    reason: str
    status: int | None = None
