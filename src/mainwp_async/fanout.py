"""Bounded, streaming concurrent calls over many sites, where one failure never hides the others.

:func:`fan_out_iter` yields each input's :class:`~mainwp_async.outcomes.ItemResult` as it
completes, pulling inputs (any iterable or async iterable) only as slots free up: at most
``concurrency`` tasks exist at any moment, so 100,000 inputs cost what 100 do.
:func:`fan_out` is the collect-all form built on it. Both can resume (``skip=`` the keys
already done), stop at a deadline (``timeout=``), retry retryable failures when asked
(``retries=``), and go through a per-dashboard :class:`~mainwp_async.limits.Gate`.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Container,
    Hashable,
    Iterable,
    Iterator,
    Sequence,
)
from types import TracebackType
from typing import Any, Generic, TypeVar

from .errors import ConfigurationError
from .limits import Gate
from .outcomes import (
    FailureGroup,
    FanOutFailed,
    FanOutResult,
    ItemResult,
    Summary,
    is_retryable,
    item_key,
)

__all__ = [
    "FanOutFailed",
    "FanOutResult",
    "FanOutRun",
    "ItemResult",
    "ProgressCallback",
    "fan_out",
    "fan_out_iter",
]

T = TypeVar("T")
R = TypeVar("R")

ProgressCallback = Callable[[int, int, ItemResult[Any, Any]], None]
"""``progress(done, total, result)``; ``total`` is 0 for an input of unknown length."""

_Outcome = tuple[Any, BaseException | None, float]


class _Slot:
    __slots__ = ("attempts", "index", "item", "key")

    def __init__(self, index: int, item: Any, key: Hashable) -> None:
        self.index, self.item, self.key, self.attempts = index, item, key, 1


class FanOutRun(Generic[T, R]):
    """One streaming fan-out: an async iterator of results with a live summary.

    Use it as ``async with fan_out_iter(...) as run: async for result in run: ...``:
    leaving the block (a ``break``, an exception, a cancellation) cancels what is still
    running and waits for it, so no task and no connection outlives the block. After a
    cancellation or timeout, :attr:`interrupted` and :attr:`not_started` say which
    inputs did not finish.
    """

    def __init__(
        self,
        items: Iterable[T] | AsyncIterable[T],
        fn: Callable[[T], Awaitable[R]],
        *,
        concurrency: int = 8,
        gate: Gate | None = None,
        skip: Container[Hashable] | None = None,
        key: Callable[[T], Hashable] = item_key,
        progress: ProgressCallback | None = None,
        retries: int = 0,
        retry_delay: float = 1.0,
        timeout: float | None = None,
        strict: bool = False,
        dashboard: str | None = None,
    ) -> None:
        if concurrency < 1:
            raise ConfigurationError("concurrency must be at least 1")
        if retries < 0:
            raise ConfigurationError("retries must be 0 or more")
        self._fn = fn
        self._concurrency = concurrency
        self._gate = gate
        self._skip = skip
        self._key = key
        self._progress = progress
        self._retries = retries
        self._retry_delay = retry_delay
        self._timeout = timeout
        self._strict = strict
        self.dashboard = dashboard
        self._sequence: Sequence[T] | None = items if isinstance(items, Sequence) else None
        self._sync: Iterator[T] | None = None
        self._async: AsyncIterator[T] | None = None
        if isinstance(items, AsyncIterable):
            self._async = aiter(items)
        else:
            self._sync = iter(items)
        self._total: int | None = len(items) if isinstance(items, Sequence) else None
        self._pulled = 0
        self._exhausted = False
        self._drained = False
        self._tasks: dict[asyncio.Task[_Outcome], _Slot] = {}
        self._ready: deque[ItemResult[T, R]] = deque()
        self._started_at: float | None = None
        self._deadline: float | None = None
        self._finished_at: float | None = None
        self._done = self._ok = self._failed = self._skipped = self._retried = 0
        self._groups: dict[str, list[Any]] = {}
        self._strict_errors: list[Exception] = []
        self._stopped = False
        self._cancelled = False
        self.interrupted: list[T] = []
        """Inputs whose call was running when the run was cancelled or timed out."""
        self.not_started: list[T] = []
        """Inputs never started (only known for a sequence input)."""

    # -- iteration -----------------------------------------------------------------

    def __aiter__(self) -> FanOutRun[T, R]:
        return self

    async def __aenter__(self) -> FanOutRun[T, R]:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def __anext__(self) -> ItemResult[T, R]:
        if self._started_at is None:
            self._started_at = time.perf_counter()
            if self._timeout is not None:
                self._deadline = time.monotonic() + self._timeout
        while True:
            if self._ready:
                return self._ready.popleft()
            if self._stopped:
                raise StopAsyncIteration
            try:
                await self._fill()
                if not self._tasks:
                    self._finish()
                    continue
                remaining = None
                if self._deadline is not None:
                    remaining = max(0.0, self._deadline - time.monotonic())
                done, _ = await asyncio.wait(
                    self._tasks, timeout=remaining, return_when=asyncio.FIRST_COMPLETED
                )
            except asyncio.CancelledError:
                self._cancelled = True
                await self._stop()
                raise
            if not done:  # the deadline passed
                await self._stop()
                continue
            for task in done:
                self._collect(task)

    async def aclose(self) -> None:
        """Cancel whatever still runs and wait for it (safe to call more than once)."""
        if self._tasks or not self._stopped:
            if self._tasks:
                self._cancelled = True
            await self._stop()

    def __del__(self) -> None:
        for task in getattr(self, "_tasks", {}):
            task.cancel()

    # -- internals -----------------------------------------------------------------

    async def _next_input(self) -> tuple[bool, Any]:
        if self._async is not None:
            try:
                return True, await anext(self._async)
            except StopAsyncIteration:
                return False, None
        assert self._sync is not None
        try:
            return True, next(self._sync)
        except StopIteration:
            return False, None

    async def _fill(self) -> None:
        while not self._exhausted and len(self._tasks) < self._concurrency:
            more, item = await self._next_input()
            if not more:
                self._exhausted = self._drained = True
                break
            index = self._pulled
            self._pulled += 1
            key = self._key(item)
            if self._skip is not None and key in self._skip:
                self._skipped += 1
                continue
            self._spawn(_Slot(index, item, key), delay=0.0)

    def _spawn(self, slot: _Slot, *, delay: float) -> None:
        task = asyncio.ensure_future(self._call(slot.item, delay))
        self._tasks[task] = slot

    async def _call(self, item: T, delay: float) -> _Outcome:
        if delay > 0:
            await asyncio.sleep(delay)
        started = time.perf_counter()  # reset once a gate slot is held: waits do not count
        try:
            if self._gate is not None:
                async with self._gate.slot():
                    started = time.perf_counter()
                    value = await self._fn(item)
            else:
                value = await self._fn(item)
        except Exception as exc:  # recorded, never fatal for the others
            return None, exc, time.perf_counter() - started
        return value, None, time.perf_counter() - started

    def _collect(self, task: asyncio.Task[_Outcome]) -> None:
        slot = self._tasks.pop(task)
        value, error, elapsed = task.result()
        if error is not None and slot.attempts <= self._retries and is_retryable(error):
            self._retried += 1
            slot.attempts += 1
            self._spawn(slot, delay=self._retry_delay * 2 ** (slot.attempts - 2))
            return
        self._record(slot, value, error, elapsed)

    def _record(self, slot: _Slot, value: Any, error: BaseException | None, elapsed: float) -> None:
        result: ItemResult[T, R] = ItemResult(
            item=slot.item,
            value=value,
            error=error,
            elapsed=elapsed,
            key=slot.key,
            dashboard=self.dashboard,
            attempts=slot.attempts,
            index=slot.index,
        )
        self._done += 1
        if error is None:
            self._ok += 1
        else:
            self._failed += 1
            self._group(result, error)
        self._ready.append(result)
        if self._progress is not None:
            self._progress(self._done, self._known_total(), result)

    def _group(self, result: ItemResult[T, R], error: BaseException) -> None:
        name = type(error).__qualname__
        group = self._groups.get(name)
        if group is None:
            self._groups[name] = [1, result.key, str(error), is_retryable(error)]
        else:
            group[0] += 1
        if self._strict and isinstance(error, Exception):
            self._strict_errors.append(error)

    def _known_total(self) -> int:
        if self._total is None:
            return 0
        return self._total - self._skipped if self._exhausted else self._total

    def _finish(self) -> None:
        self._stopped = True
        self._finished_at = time.perf_counter()
        if self._strict and self._strict_errors:
            group = FanOutFailed(
                f"{len(self._strict_errors)} of {self._done} calls failed", self._strict_errors
            )
            group.result = FanOutResult((), self.summary())
            raise group

    async def _stop(self) -> None:
        """Cancel running calls, wait until they are gone, record what did not finish."""
        self._stopped = True
        if self._finished_at is None:
            self._finished_at = time.perf_counter()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        pending = set(tasks)
        recancelled = False
        while pending:
            try:
                _, pending = await asyncio.wait(pending)
            except asyncio.CancelledError:
                recancelled = True
        for task in tasks:
            slot = self._tasks.pop(task)
            if not task.cancelled() and task.exception() is None:
                self._record(slot, *task.result())  # it finished while being cancelled
            else:
                self.interrupted.append(slot.item)
        if self._sequence is not None and not self._exhausted:
            self.not_started = list(self._sequence[self._pulled :])
        self._exhausted = True
        if recancelled:
            raise asyncio.CancelledError

    def summary(self) -> Summary:
        """Counts so far, failures by type (one example each), wall time and retries."""
        end = self._finished_at or time.perf_counter()
        wall = end - self._started_at if self._started_at is not None else 0.0
        not_started: int | None = len(self.not_started)
        if self._sequence is None and not self._drained:
            not_started = None  # an iterator we did not drain: its length is unknown
        return Summary(
            total=self._done + len(self.interrupted) + (not_started or 0),
            succeeded=self._ok,
            failed=self._failed,
            skipped=self._skipped,
            interrupted=len(self.interrupted),
            not_started=not_started,
            retries=self._retried,
            wall=wall,
            failures=tuple(
                FailureGroup(
                    type=name, count=g[0], example_key=g[1], example_message=g[2], retryable=g[3]
                )
                for name, g in sorted(self._groups.items(), key=lambda kv: -kv[1][0])
            ),
            cancelled=self._cancelled,
        )


def fan_out_iter(
    items: Iterable[T] | AsyncIterable[T],
    fn: Callable[[T], Awaitable[R]],
    *,
    concurrency: int = 8,
    gate: Gate | None = None,
    skip: Container[Hashable] | None = None,
    key: Callable[[T], Hashable] = item_key,
    progress: ProgressCallback | None = None,
    retries: int = 0,
    retry_delay: float = 1.0,
    timeout: float | None = None,
    strict: bool = False,
    dashboard: str | None = None,
) -> FanOutRun[T, R]:
    """Stream ``fn(item)`` results as they complete, at most ``concurrency`` at a time.

    * ``gate``: a per-dashboard :class:`~mainwp_async.limits.Gate` every call goes
      through (adaptive limit, Retry-After pause, req/s cap);
    * ``skip``: keys (``key(item)``, a site id by default) already done: not run again;
    * ``retries``: re-run a call whose error :func:`~mainwp_async.outcomes.is_retryable`
      up to this many times (default 0: a write is never sent twice unless asked);
    * ``timeout``: stop after this many seconds; unfinished inputs are reported, not lost;
    * ``strict``: after the last result, raise :class:`FanOutFailed` with every failure.

    Only ``Exception`` subclasses are recorded per item; cancelling the run cancels every
    call in flight and propagates.
    """
    return FanOutRun(
        items,
        fn,
        concurrency=concurrency,
        gate=gate,
        skip=skip,
        key=key,
        progress=progress,
        retries=retries,
        retry_delay=retry_delay,
        timeout=timeout,
        strict=strict,
        dashboard=dashboard,
    )


async def fan_out(
    items: Iterable[T] | AsyncIterable[T],
    fn: Callable[[T], Awaitable[R]],
    *,
    concurrency: int = 8,
    gate: Gate | None = None,
    skip: Container[Hashable] | None = None,
    key: Callable[[T], Hashable] = item_key,
    progress: ProgressCallback | None = None,
    retries: int = 0,
    retry_delay: float = 1.0,
    timeout: float | None = None,
    strict: bool = False,
    dashboard: str | None = None,
) -> FanOutResult[T, R]:
    """Run ``fn(item)`` for every item and collect the results in input order.

    The collect-all form of :func:`fan_out_iter` (same options). Every input ends in the
    result: as a value, an error, or (after ``timeout``) in ``interrupted`` /
    ``not_started``. With ``strict=True`` a run with failures raises
    :class:`FanOutFailed` (an ``ExceptionGroup`` of every failure, ``.result`` attached).
    """
    run: FanOutRun[T, R] = fan_out_iter(
        items,
        fn,
        concurrency=concurrency,
        gate=gate,
        skip=skip,
        key=key,
        progress=progress,
        retries=retries,
        retry_delay=retry_delay,
        timeout=timeout,
        dashboard=dashboard,
    )
    collected: list[ItemResult[T, R]] = []
    async with run:
        async for result in run:
            collected.append(result)
    collected.sort(key=lambda r: r.index)
    outcome = FanOutResult(
        tuple(collected), run.summary(), tuple(run.interrupted), tuple(run.not_started)
    )
    if strict:
        outcome.raise_for_failures()
    return outcome
