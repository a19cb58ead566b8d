"""Observability: request/response event hooks and optional OpenTelemetry spans.

Every attempt the client sends produces a :class:`RequestEvent` before it leaves and a
:class:`ResponseEvent` when it ends (with the HTTP status, or the name of the transport
error). The events carry the method, the endpoint's qualified name (``sites.get``), the
URL path (never the query string, where legacy credentials may travel), the attempt
number and the elapsed time: nothing secret, so a hook may log or export them as is.

Hooks are plain callables. :func:`add_hook` registers one for the whole process (it
returns a function that removes it); :func:`hooks` registers some for the calls made
inside a ``with`` block (and the tasks it starts), which is what tests and job runners
want::

    with events.hooks(seen.append):
        await mw.sites.get(3)

A hook that raises is logged on ``mainwp_async.events`` and otherwise ignored: a broken
metrics exporter never breaks a nightly run.

OpenTelemetry is off unless ``opentelemetry-api`` is installed (``pip install
'mainwp-async[otel]'``) *and* :func:`enable_tracing` was called. Then every attempt is a
client span ``MainWP <METHOD> <endpoint>`` and :func:`fan_out_span` wraps a fan-out in a
parent span, so a trace shows where a run spent its time.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from .transport import Timeout, Transport, WireRequest, WireResponse

__all__ = [
    "Event",
    "Hook",
    "RequestEvent",
    "ResponseEvent",
    "add_hook",
    "disable_tracing",
    "enable_tracing",
    "fan_out_span",
    "hooks",
    "observed",
    "observed_send",
    "tracing_enabled",
]

log = logging.getLogger("mainwp_async.events")


@attrs.frozen(kw_only=True)
class RequestEvent:
    """An attempt is about to be sent."""

    method: str  #: HTTP method, upper case
    endpoint: str  #: the endpoint's qualified name, e.g. ``sites.get`` (``call:GET`` ad hoc)
    path: str  #: the URL path, without the query string
    attempt: int  #: 1 for the first try, 2 for the first retry, …


@attrs.frozen(kw_only=True)
class ResponseEvent:
    """An attempt ended: with an HTTP status, or with a transport error."""

    method: str  #: HTTP method, upper case
    endpoint: str  #: the endpoint's qualified name
    path: str  #: the URL path, without the query string
    attempt: int  #: 1 for the first try, 2 for the first retry, …
    status: int | None  #: the HTTP status; ``None`` when no response arrived
    elapsed: float  #: seconds from sending to the whole body read (or the error)
    error: str | None = None  #: the transport error's class name, e.g. ``APITimeoutError``

    @property
    def ok(self) -> bool:
        """True for a response with a status below 400."""
        return self.status is not None and self.status < 400


Event = RequestEvent | ResponseEvent
Hook = Callable[[Event], None]

_global_hooks: list[Hook] = []
_scoped_hooks: contextvars.ContextVar[tuple[Hook, ...]] = contextvars.ContextVar(
    "mainwp_async_event_hooks", default=()
)


def add_hook(hook: Hook) -> Callable[[], None]:
    """Call ``hook(event)`` for every request and response in this process.

    Returns a function that removes the hook again.
    """
    _global_hooks.append(hook)

    def remove() -> None:
        with contextlib.suppress(ValueError):
            _global_hooks.remove(hook)

    return remove


@contextlib.contextmanager
def hooks(*scoped: Hook) -> Iterator[None]:
    """Call the given hooks for requests made inside the ``with`` block (context-local)."""
    token = _scoped_hooks.set((*_scoped_hooks.get(), *scoped))
    try:
        yield
    finally:
        _scoped_hooks.reset(token)


def _emit(event: Event) -> None:
    for hook in (*_global_hooks, *_scoped_hooks.get()):
        try:
            hook(event)
        except Exception:
            log.exception("event hook %r failed", hook)


# -- OpenTelemetry -----------------------------------------------------------------------

_tracer: Any = None


def enable_tracing(tracer_provider: Any = None) -> bool:
    """Turn on OpenTelemetry spans; returns False when ``opentelemetry-api`` is missing.

    ``tracer_provider`` defaults to the globally configured one.
    """
    global _tracer
    try:
        from opentelemetry import trace
    except ImportError:
        log.warning("enable_tracing: opentelemetry-api is not installed; no spans")
        return False
    from ._version import __version__

    _tracer = trace.get_tracer("mainwp_async", __version__, tracer_provider=tracer_provider)
    return True


def disable_tracing() -> None:
    """Turn OpenTelemetry spans off again."""
    global _tracer
    _tracer = None


def tracing_enabled() -> bool:
    """Whether :func:`enable_tracing` is in force."""
    return _tracer is not None


@contextlib.contextmanager
def fan_out_span(name: str = "fan_out", *, items: int | None = None) -> Iterator[None]:
    """A parent span for one fan-out (no-op unless tracing is enabled).

    The request spans started inside become its children, so a trace shows the whole
    run as one bar with every site's requests below it.
    """
    if _tracer is None:
        yield
        return
    attributes = {"mainwp.fan_out.items": items} if items is not None else {}
    with _tracer.start_as_current_span(f"MainWP {name}", attributes=attributes):
        yield


def _span(event: RequestEvent) -> contextlib.AbstractContextManager[Any]:
    if _tracer is None:
        return contextlib.nullcontext()
    from opentelemetry.trace import SpanKind

    return _tracer.start_as_current_span(  # type: ignore[no-any-return]
        f"MainWP {event.method} {event.endpoint}",
        kind=SpanKind.CLIENT,
        attributes={
            "http.request.method": event.method,
            "url.path": event.path,
            "mainwp.endpoint": event.endpoint,
            "mainwp.attempt": event.attempt,
        },
        record_exception=False,
    )


# -- the one call site -------------------------------------------------------------------


def observed() -> bool:
    """Whether anything listens (a hook, global or scoped, or tracing).

    The client asks this before each attempt and sends straight through the transport
    when nothing does, so an unobserved request pays no extra coroutine layer.
    """
    return bool(_global_hooks or _scoped_hooks.get() or _tracer is not None)


async def observed_send(
    transport: Transport,
    request: WireRequest,
    timeout: Timeout,
    *,
    endpoint: str,
    attempt: int,
) -> WireResponse:
    """``transport.send`` with events and, when enabled, a span around it.

    ``attempt`` is zero-based here (as the client counts); events report it one-based.
    With no hook and no tracing it only sends (callers on a hot path check
    :func:`observed` first and skip this layer).
    """
    if not observed():
        return await transport.send(request, timeout)
    start = RequestEvent(
        method=request.method, endpoint=endpoint, path=request.url.path, attempt=attempt + 1
    )
    _emit(start)
    began = time.perf_counter()
    with _span(start) as span:
        try:
            response = await transport.send(request, timeout)
        except Exception as exc:
            _finish(start, span, None, time.perf_counter() - began, type(exc).__name__)
            raise
        _finish(start, span, response.status, time.perf_counter() - began, None)
    return response


def _finish(
    start: RequestEvent, span: Any, status: int | None, elapsed: float, error: str | None
) -> None:
    if span is not None:
        if status is not None:
            span.set_attribute("http.response.status_code", status)
        if error is not None or (status is not None and status >= 500):
            from opentelemetry.trace import Status, StatusCode

            span.set_attribute("error.type", error or str(status))
            span.set_status(Status(StatusCode.ERROR))
    _emit(
        ResponseEvent(
            method=start.method,
            endpoint=start.endpoint,
            path=start.path,
            attempt=start.attempt,
            status=status,
            elapsed=elapsed,
            error=error,
        )
    )
