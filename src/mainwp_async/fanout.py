"""Bounded concurrent calls over many sites, where one failure never hides the others."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

import attrs

__all__ = ["FanOutResult", "ItemResult", "fan_out"]

T = TypeVar("T")
R = TypeVar("R")


@attrs.frozen(kw_only=True)
class ItemResult(Generic[T, R]):
    """The outcome for one input: its value, or the exception it raised.

    ``value`` is typed ``R``: read it on a successful result (``ok``, or one taken from
    :attr:`FanOutResult.succeeded`); on a failed one it raises the recorded ``error``.
    """

    item: T
    _value: Any = attrs.field(default=None, alias="value")
    error: BaseException | None = None
    elapsed: float = 0.0

    @property
    def value(self) -> R:
        """What the call returned; raises the call's exception when it failed."""
        if self.error is not None:
            raise self.error
        return self._value  # type: ignore[no-any-return]

    @property
    def ok(self) -> bool:
        """True when the call returned instead of raising."""
        return self.error is None


@attrs.frozen
class FanOutResult(Generic[T, R]):
    """Every input's :class:`ItemResult`, in input order."""

    results: tuple[ItemResult[T, R], ...]

    @property
    def succeeded(self) -> list[ItemResult[T, R]]:
        """Results whose call returned."""
        return [r for r in self.results if r.error is None]

    @property
    def failed(self) -> list[ItemResult[T, R]]:
        """Results whose call raised (the exception is kept on each)."""
        return [r for r in self.results if r.error is not None]

    def values(self) -> list[R]:
        """The returned values of the successful calls, in input order."""
        return [r.value for r in self.results if r.error is None]

    def __iter__(self) -> Iterator[ItemResult[T, R]]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


ProgressCallback = Callable[[int, int, ItemResult[Any, Any]], None]


async def fan_out(
    items: Iterable[T],
    fn: Callable[[T], Awaitable[R]],
    *,
    concurrency: int = 8,
    progress: ProgressCallback | None = None,
) -> FanOutResult[T, R]:
    """Run ``fn(item)`` for every item, at most ``concurrency`` at a time.

    Each item ends with a value or the exception it raised (``Exception`` subclasses
    only: cancelling the whole run cancels every worker and propagates, leaving no task
    behind). ``progress(done, total, result)`` is called after each item. A fixed pool
    of workers pulls from the inputs, so 10,000 sites cost ``concurrency`` tasks.
    """
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    inputs = list(items)
    total = len(inputs)
    results: list[ItemResult[T, R] | None] = [None] * total
    next_index = 0
    done = 0

    async def worker() -> None:
        nonlocal next_index, done
        while next_index < total:
            index = next_index
            next_index += 1
            item = inputs[index]
            started = time.perf_counter()
            try:
                value = await fn(item)
            except Exception as exc:  # recorded, never fatal for the others
                result: ItemResult[T, R] = ItemResult(
                    item=item, error=exc, elapsed=time.perf_counter() - started
                )
            else:
                result = ItemResult(item=item, value=value, elapsed=time.perf_counter() - started)
            results[index] = result
            done += 1
            if progress is not None:
                progress(done, total, result)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(concurrency, total)):
            group.create_task(worker())
    return FanOutResult(tuple(r for r in results if r is not None))
