"""What a fan-out leaves behind: one result per input, a summary, all as plain data.

Every class here converts to JSON-ready dictionaries (``to_dict()``) and pickles, so a run
can be checkpointed, resumed with ``skip=``, or returned from a job-queue worker
(Celery, Arq, Temporal, Airflow) without a custom serialiser.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Hashable, Iterator, Mapping
from typing import Any, Generic, TypeVar

import attrs

from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    DecodeError,
    TransportError,
)

__all__ = [
    "ErrorInfo",
    "FailureGroup",
    "FanOutFailed",
    "FanOutResult",
    "ItemResult",
    "Summary",
    "is_retryable",
    "item_key",
    "plain",
]

T = TypeVar("T")
R = TypeVar("R")

_RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})


def is_retryable(error: BaseException | None) -> bool:
    """Whether running the call again later could succeed.

    True for connection trouble, timeouts, HTML/garbled answers (a maintenance page or a
    proxy in the way) and the statuses 408/425/429/500/502/503/504; false for everything
    the server refused on purpose (bad parameters, auth, scope, not found) and for our
    own errors. For writes, mind that a timed-out call may have happened already.
    """
    if error is None:
        return False
    if isinstance(error, APIConnectionError | APITimeoutError | TransportError | TimeoutError):
        return True
    if isinstance(error, DecodeError):
        return True
    if isinstance(error, APIError):
        return error.status in _RETRY_STATUSES
    return False


def item_key(item: Any) -> Hashable:
    """A stable key for an input: itself when it is an int or str, else its ``id``."""
    if isinstance(item, int | str):
        return item
    for attr in ("id", "site_id"):
        value = getattr(item, attr, None)
        if isinstance(value, int | str):
            return value
    if isinstance(item, Mapping):
        for attr in ("id", "site_id"):
            value = item.get(attr)
            if isinstance(value, int | str):
                return value
    if isinstance(item, tuple) and all(isinstance(v, int | str) for v in item):
        return item
    return repr(item)


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: models via the converter, containers recursively."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if attrs.has(type(value)):
        if hasattr(value, "to_dict"):
            return plain(value.to_dict())
        from .convert import unstructure

        try:
            return plain(unstructure(value))
        except Exception:  # a model the converter does not know
            return plain(attrs.asdict(value, recurse=False))
    return repr(value)


@attrs.frozen(kw_only=True)
class ErrorInfo:
    """An exception as plain data: class, message, HTTP details, and ``retryable``."""

    type: str
    message: str
    retryable: bool
    status: int | None = None
    code: str | None = None
    endpoint: str | None = None

    @classmethod
    def from_exception(cls, error: BaseException) -> ErrorInfo:
        """Describe ``error`` (its text is what ``str(error)`` shows: already redacted)."""
        return cls(
            type=f"{type(error).__module__}.{type(error).__qualname__}",
            message=str(error) or type(error).__name__,
            retryable=is_retryable(error),
            status=getattr(error, "status", None) if isinstance(error, APIError) else None,
            code=getattr(error, "code", None) if isinstance(error, APIError) else None,
            endpoint=getattr(error, "endpoint", None) if isinstance(error, APIError) else None,
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class ItemResult(Generic[T, R]):
    """The outcome for one input: its value, or the exception it raised.

    ``key`` identifies the input (a site id by default), ``dashboard`` names the
    dashboard in a fleet run, ``attempts`` counts runs of the call (more than one only
    when the fan-out was asked to retry), ``index`` is the input's position.
    """

    item: T
    value: R | None = None
    error: BaseException | None = None
    elapsed: float = 0.0
    key: Hashable = None
    dashboard: str | None = None
    attempts: int = 1
    index: int = -1

    @property
    def ok(self) -> bool:
        """True when the call returned instead of raising."""
        return self.error is None

    @property
    def site(self) -> Hashable:
        """The site (input key) this result belongs to."""
        return self.key

    @property
    def retryable(self) -> bool:
        """Whether the failure is worth retrying later (False for a success)."""
        return is_retryable(self.error)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (the item by its key, the value converted, the error described)."""
        return {
            "key": plain(self.key),
            "dashboard": self.dashboard,
            "index": self.index,
            "ok": self.ok,
            "elapsed": round(self.elapsed, 6),
            "attempts": self.attempts,
            "value": plain(self.value) if self.error is None else None,
            "error": ErrorInfo.from_exception(self.error).to_dict() if self.error else None,
        }


@attrs.frozen(kw_only=True)
class FailureGroup:
    """All failures of one error type: how many, and one example."""

    type: str
    count: int
    example_key: Any
    example_message: str
    retryable: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class Summary:
    """Counts of a run, failures grouped by error type, wall time and retries.

    ``interrupted`` calls were running when the run was cancelled or timed out (they may
    or may not have reached the server); ``not_started`` never ran (``None`` when the
    input was an iterator that was not drained, so its length is unknown).
    """

    total: int
    succeeded: int
    failed: int
    skipped: int = 0
    interrupted: int = 0
    not_started: int | None = 0
    retries: int = 0
    wall: float = 0.0
    failures: tuple[FailureGroup, ...] = ()
    cancelled: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out = attrs.asdict(self, recurse=False)
        out["failures"] = [g.to_dict() for g in self.failures]
        return out

    def __str__(self) -> str:
        parts = [f"{self.succeeded}/{self.total} ok", f"{self.failed} failed"]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.interrupted or self.not_started:
            parts.append(f"{self.interrupted} interrupted, {self.not_started} not started")
        if self.retries:
            parts.append(f"{self.retries} retries")
        lines = [", ".join(parts) + f" in {self.wall:.1f} s"]
        for g in self.failures:
            lines.append(f"  {g.count} x {g.type} (e.g. {g.example_key!r}: {g.example_message})")
        return "\n".join(lines)


class FanOutFailed(ExceptionGroup[Exception]):
    """Strict mode: every failure of a fan-out, with the whole :attr:`result` attached."""

    result: FanOutResult[Any, Any]

    def derive(self, excs: Any) -> FanOutFailed:  # type: ignore[override]
        """Keep :attr:`result` on the groups ``except*`` splits off."""
        group = FanOutFailed(self.message, excs)
        group.result = self.result
        return group


@attrs.frozen
class FanOutResult(Generic[T, R]):
    """Every finished input's :class:`ItemResult` in input order, and the run's summary.

    ``interrupted`` and ``not_started`` hold the inputs a cancelled or timed-out run did
    not finish, so the caller can run them again.
    """

    results: tuple[ItemResult[T, R], ...]
    summary: Summary = attrs.field(factory=lambda: Summary(total=0, succeeded=0, failed=0))
    interrupted: tuple[T, ...] = ()
    not_started: tuple[T, ...] = ()

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
        return [r.value for r in self.results if r.error is None]  # type: ignore[misc]

    def done_keys(self) -> set[Hashable]:
        """Keys of the inputs that succeeded: pass as ``skip=`` to resume a run."""
        return {r.key for r in self.results if r.error is None}

    def raise_for_failures(self) -> None:
        """Raise :class:`FanOutFailed` holding every failure (no-op when none failed)."""
        errors = [r.error for r in self.results if isinstance(r.error, Exception)]
        if errors:
            group = FanOutFailed(f"{len(errors)} of {len(self.results)} calls failed", errors)
            group.result = self
            raise group

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the summary, every result, the unfinished inputs by key."""
        return {
            "summary": self.summary.to_dict(),
            "results": [r.to_dict() for r in self.results],
            "interrupted": [plain(item_key(i)) for i in self.interrupted],
            "not_started": [plain(item_key(i)) for i in self.not_started],
        }

    def __iter__(self) -> Iterator[ItemResult[T, R]]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)
