"""Per-dashboard concurrency that finds the server's knee by itself, plus a req/s cap.

A MainWP dashboard is a PHP server with a handful of workers: past the point where every
worker is busy, one more request in flight only waits in a queue. :class:`AdaptiveLimit`
is the pure decision (no clock, no I/O): fed the latency and outcome of each finished
call it keeps a limit near the knee, Vegas-style:

* the *unloaded* latency is the lowest window median seen recently (a sliding minimum,
  so it follows a server that gets slower or faster for good);
* every window of samples compares the window's median latency with it: close to it and
  the limit was actually used -> probe one more; clearly above it -> shrink in proportion;
* a failed probe doubles the wait before the next one, so the limit does not sit above
  the knee half of the time;
* a 429, 503 or timeout halves the limit at once (AIMD back-off), at most once per window.

:class:`Gate` is the small async part: callers take a slot (``async with gate.slot():``)
and the gate admits at most ``limit`` at once, honours a ``Retry-After`` pause for the
whole dashboard, and spaces starts to an optional requests-per-second cap.
"""

from __future__ import annotations

import asyncio
import math
import statistics
import time
import weakref
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import attrs

from .errors import APIError, APITimeoutError, ConfigurationError
from .retry import parse_retry_after

__all__ = ["AdaptiveLimit", "Decision", "FixedLimit", "Gate", "RateLimiter", "is_overload"]


@attrs.frozen
class Decision:
    """What :meth:`AdaptiveLimit.observe` decided, for logs and tests."""

    limit: int
    reason: str


def is_overload(error: BaseException | None) -> bool:
    """Whether ``error`` says the server is overloaded (429, 503 or a timeout)."""
    if isinstance(error, APITimeoutError | TimeoutError):
        return True
    return isinstance(error, APIError) and error.status in (429, 503)


class FixedLimit:
    """A limit that never moves (``concurrency=N`` with ``adaptive=False``)."""

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ConfigurationError("concurrency must be at least 1")
        self.limit = limit
        self.max_limit = limit

    def observe(self, latency: float, *, in_flight: int, overload: bool = False) -> Decision:
        """Ignore the sample: the limit stays."""
        return Decision(self.limit, "fixed")


class AdaptiveLimit:
    """Pure limit logic: feed it each finished call, read :attr:`limit`.

    ``initial``, ``min_limit`` and ``max_limit`` bound it (``max_limit`` is the user's
    ceiling). ``tolerance`` is the latency ratio to the unloaded latency still treated
    as "no queue" (a probe that stays below it is kept); above ``backoff_ratio`` the
    limit shrinks. ``window`` is the minimum number of samples per decision.
    """

    def __init__(
        self,
        *,
        initial: int = 2,
        min_limit: int = 1,
        max_limit: int = 64,
        tolerance: float = 1.25,
        backoff_ratio: float = 1.4,
        window: int = 8,
        history: int = 24,
        overload_factor: float = 0.5,
        max_probe_wait: int = 8,
    ) -> None:
        if not 1 <= min_limit <= max_limit:
            raise ConfigurationError("need 1 <= min_limit <= max_limit")
        if not (1.0 < tolerance < backoff_ratio):
            raise ConfigurationError("need 1 < tolerance < backoff_ratio")
        if not 0.0 < overload_factor < 1.0:
            raise ConfigurationError("overload_factor must be between 0 and 1")
        self.min_limit = min_limit
        self.max_limit = max_limit
        self.limit = max(min_limit, min(initial, max_limit))
        self.tolerance = tolerance
        self.backoff_ratio = backoff_ratio
        self.window = window
        self.overload_factor = overload_factor
        self.max_probe_wait = max_probe_wait
        self._samples: list[float] = []
        self._peak_in_flight = 0
        self._window_medians: deque[float] = deque(maxlen=history)
        self._probing = False
        self._probe_wait = 1
        self._good_windows = 0
        self._overload_seen = False
        self._overloads = 0
        self.decisions = 0

    @property
    def unloaded_latency(self) -> float | None:
        """The lowest window median of the recent windows (``None`` before the first one)."""
        return min(self._window_medians) if self._window_medians else None

    def observe(self, latency: float, *, in_flight: int, overload: bool = False) -> Decision:
        """Record one finished call; maybe move the limit.

        ``in_flight`` is how many calls were running when this one finished (including
        it); ``overload`` marks a 429/503/timeout answer.
        """
        if overload:
            self._overloads += 1
            if self._overloads >= self.window:  # still overloaded a window later
                self._overload_seen = False
                self._overloads = 0
            if not self._overload_seen:
                self._overload_seen = True
                self._probing = False
                self._good_windows = 0
                self.limit = max(self.min_limit, math.floor(self.limit * self.overload_factor))
                return Decision(self.limit, "overload")
            return Decision(self.limit, "overload (already backed off this window)")
        if not (latency >= 0 and math.isfinite(latency)):
            return Decision(self.limit, "ignored sample")
        self._samples.append(latency)
        self._peak_in_flight = max(self._peak_in_flight, in_flight)
        if len(self._samples) < max(self.window, self.limit):
            return Decision(self.limit, "collecting")
        return self._decide()

    def _decide(self) -> Decision:
        samples, self._samples = self._samples, []
        peak, self._peak_in_flight = self._peak_in_flight, 0
        self._overload_seen = False
        self._overloads = 0
        self.decisions += 1
        median = statistics.median(samples)
        self._window_medians.append(median)
        base = min(self._window_medians)
        ratio = median / base if base > 0 else 1.0
        if ratio >= self.backoff_ratio:
            if self._probing:  # the last probe went past the knee: wait longer next time
                self._probe_wait = min(self._probe_wait * 2, self.max_probe_wait)
            self._probing = False
            self._good_windows = 0
            # In proportion to the queue, but at most by half per window (noise).
            shrunk = max(math.floor(self.limit * self.tolerance / ratio), math.ceil(self.limit / 2))
            self.limit = max(self.min_limit, min(self.limit - 1, shrunk))
            return Decision(self.limit, f"queueing (latency x{ratio:.2f})")
        if ratio > self.tolerance:
            self._good_windows = 0
            return Decision(self.limit, f"holding (latency x{ratio:.2f})")
        if self._probing:  # the probe kept latency down: it was below the knee
            self._probe_wait = 1
            self._probing = False
        self._good_windows += 1
        saturated = peak >= self.limit
        if saturated and self._good_windows >= self._probe_wait and self.limit < self.max_limit:
            self.limit += 1
            self._probing = True
            self._good_windows = 0
            return Decision(self.limit, f"probing (latency x{ratio:.2f})")
        return Decision(self.limit, f"steady (latency x{ratio:.2f})")


class RateLimiter:
    """Space call starts to at most ``rate`` per second (a token bucket of ``burst``)."""

    def __init__(self, rate: float, *, burst: int = 1, clock: Callable[[], float] | None = None):
        if not (rate > 0 and math.isfinite(rate)):
            raise ConfigurationError("rate_limit must be a positive number of requests/s")
        self.rate = rate
        self.burst = max(1, burst)
        self._clock = clock or time.monotonic
        self._tokens = float(self.burst)
        self._stamp = self._clock()

    def delay(self) -> float:
        """Take a token; return how long to wait before using it (0 when one is ready)."""
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        self._tokens -= 1.0
        if self._tokens >= 0:
            return 0.0
        return -self._tokens / self.rate


class Gate:
    """Admit at most ``limit.limit`` calls at once to one dashboard.

    ``limit`` is an :class:`AdaptiveLimit` (default) or :class:`FixedLimit`;
    ``rate_limit`` caps starts per second. :meth:`pause` stops every new start until a
    moment (``Retry-After`` for the whole dashboard). A slot taken and then cancelled
    is always given back.
    """

    def __init__(
        self,
        limit: AdaptiveLimit | FixedLimit | None = None,
        *,
        rate_limit: float | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.limit = limit or AdaptiveLimit()
        self._clock = clock or time.monotonic
        self.rate = RateLimiter(rate_limit, clock=self._clock) if rate_limit else None
        self.in_flight = 0
        self.peak_in_flight = 0
        self._paused_until = 0.0
        self._changed = asyncio.Condition()
        self.history: list[tuple[float, int]] = []  #: (time, limit) after each change

    @property
    def current(self) -> int:
        """The number of calls admitted at once right now."""
        return self.limit.limit

    def pause(self, seconds: float) -> None:
        """Start nothing new for ``seconds`` (a ``Retry-After`` for the whole dashboard)."""
        if seconds > 0 and math.isfinite(seconds):
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    async def _wait_pause(self) -> None:
        # A loop, not an Event: another Retry-After may extend the pause meanwhile.
        while (left := self._paused_until - self._clock()) > 0:  # noqa: ASYNC110
            await asyncio.sleep(left)

    async def acquire(self) -> None:
        """Wait for a free slot (and the pause and the rate cap)."""
        await self._wait_pause()
        async with self._changed:
            await self._changed.wait_for(lambda: self.in_flight < self.limit.limit)
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        if self.rate is not None:
            wait = self.rate.delay()
            if wait > 0:
                try:
                    await asyncio.sleep(wait)
                except BaseException:
                    await self.release(None)
                    raise

    async def release(self, latency: float | None, *, error: BaseException | None = None) -> None:
        """Give the slot back; ``latency`` feeds the limit (``None``: no sample)."""
        async with self._changed:
            in_flight = self.in_flight
            self.in_flight -= 1
            before = self.limit.limit
            if latency is not None or is_overload(error):
                self.limit.observe(
                    latency if latency is not None else math.nan,
                    in_flight=in_flight,
                    overload=is_overload(error),
                )
            if self.limit.limit != before:
                self.history.append((self._clock(), self.limit.limit))
            self._changed.notify_all()
        hint = _retry_after(error)
        if hint:
            self.pause(hint)

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """``async with gate.slot():`` around one call; its latency and outcome are fed back."""
        await self.acquire()
        started = self._clock()
        try:
            yield
        except asyncio.CancelledError:
            await asyncio.shield(self.release(None))
            raise
        except BaseException as exc:
            await asyncio.shield(self.release(self._clock() - started, error=exc))
            raise
        else:
            await self.release(self._clock() - started)


def _retry_after(error: BaseException | None) -> float | None:
    if not isinstance(error, APIError) or error.status not in (429, 503):
        return None
    value = parse_retry_after(error.headers.get("retry-after"), now=datetime.now(UTC))
    return min(value, 300.0) if value else None


_GATES: weakref.WeakKeyDictionary[Any, Gate] = weakref.WeakKeyDictionary()


def gate_for(owner: Any, *, max_limit: int = 64, rate_limit: float | None = None) -> Gate:
    """The one adaptive :class:`Gate` of a dashboard (``owner``: its transport object).

    Every fan-out on the same client shares it, so two fan-outs together do not buy twice
    the concurrency the server can take. ``max_limit`` raises the ceiling if asked.
    """
    gate = _GATES.get(owner)
    if gate is None:
        gate = Gate(AdaptiveLimit(max_limit=max_limit), rate_limit=rate_limit)
        _GATES[owner] = gate
    else:
        if isinstance(gate.limit, AdaptiveLimit) and max_limit > gate.limit.max_limit:
            gate.limit.max_limit = max_limit
        if rate_limit and gate.rate is None:
            gate.rate = RateLimiter(rate_limit)
    return gate
