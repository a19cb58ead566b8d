"""The only module of the client that talks to aiohttp: one session, one request at a time.

A :class:`Transport` owns (or borrows) an :class:`aiohttp.ClientSession`, gates every
request with its own slot semaphore so a timeout only starts once the request has a
connection slot, follows redirects itself under one credential policy (see
:mod:`mainwp_async.redirects`), reads at most :data:`~mainwp_async.classify.MAX_BODY_BYTES`
of a body, and turns every aiohttp/asyncio failure into our :mod:`errors` with a redacted
message and no chained aiohttp exception (those carry request headers and credentialed
URLs).

aiohttp resends a request with an idempotent method (``PUT``, ``DELETE``, ...) by itself
when a kept-alive connection drops before the answer. That would break the SDK's promise
that a write is sent once unless the caller asked for retries, so the session's
``_retry_connection`` switch (the one aiohttp's own test client turns off) is turned off on
every session the transport uses, an injected one included.

aiohttp itself is imported only when a transport first needs it (a session is opened or
injected): importing the package and constructing a client stay free of its ~250 ms import.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
from yarl import URL

from .decoding import MAX_BODY_BYTES
from .errors import (
    APIConnectionError,
    APITimeoutError,
    ConfigurationError,
    DecodeError,
    MainWPError,
)
from .redact import Redactor
from .redirects import REDIRECT_STATUSES, RedirectPolicy

if TYPE_CHECKING:
    import aiohttp

__all__ = ["Limits", "Timeout", "Transport", "WireRequest", "WireResponse", "load_aiohttp"]

log = logging.getLogger("mainwp_async")


def load_aiohttp() -> Any:
    """Import aiohttp (once) and bind it in this module; return the module.

    Every code path that touches aiohttp runs after :meth:`Transport.open` or an injected
    session, both of which call this first, so the module-level name is bound by then.
    """
    global aiohttp
    import aiohttp

    return aiohttp


def _seconds(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(
            f"Timeout({attribute.name}=...) must be a positive number of seconds or None, "
            f"got {value!r}"
        )


@attrs.frozen(kw_only=True)
class Timeout:
    """Per-request time limits, in seconds (``None`` = no limit).

    ``total`` covers one attempt from the moment it holds a connection slot until the
    body is read; waiting for a slot is not counted (see :class:`Limits`). Every limit is
    ``None`` or a positive, finite number; anything else is a
    :class:`~mainwp_async.errors.ConfigurationError`.
    """

    total: float | None = attrs.field(default=60.0, validator=_seconds)
    connect: float | None = attrs.field(default=10.0, validator=_seconds)
    read: float | None = attrs.field(default=30.0, validator=_seconds)


def _connections(_inst: Any, _attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"max_connections must be an integer >= 1, got {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """How many requests may be in flight at once through one client."""

    max_connections: int = attrs.field(default=16, validator=_connections)


@attrs.frozen(kw_only=True)
class WireRequest:
    """A fully built HTTP request: what goes on the wire, nothing more."""

    method: str
    url: URL
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    params: Sequence[tuple[str, str]] = attrs.field(default=(), repr=False)
    body: bytes | None = attrs.field(default=None, repr=False)
    #: Query credentials (``key_pass``, consumer keys): sent to the request's origin only.
    secret_params: Sequence[tuple[str, str]] = attrs.field(default=(), repr=False)


@attrs.frozen(kw_only=True)
class WireResponse:
    """What came back: status, lower-cased headers and the untouched body bytes."""

    status: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    content: bytes = attrs.field(repr=False)
    url: URL
    elapsed: float = 0.0


class Transport:
    """Sends :class:`WireRequest` objects over one aiohttp session.

    Pass ``session`` to reuse an application's own :class:`aiohttp.ClientSession`: the
    transport then never closes it (but does switch off aiohttp's automatic resend on it,
    see the module docstring). Otherwise the session is created by :meth:`open` (inside
    ``async with MainWP(...)``) and closed by :meth:`close`.
    """

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession | None = None,
        limits: Limits | None = None,
        verify_ssl: object = True,
        user_agent: str,
        secrets: Iterable[str] = (),
        redactor: Redactor | None = None,
    ) -> None:
        self._limits = limits or Limits()
        self._verify_ssl = verify_ssl
        self._user_agent = user_agent
        self._session = session
        self._owns_session = session is None
        if session is not None:
            load_aiohttp()
            _no_resend(session)
        self._slots = asyncio.Semaphore(self._limits.max_connections)
        self._users = 0
        self._redact = redactor or Redactor(tuple(s for s in secrets if s))
        self._redirects = RedirectPolicy(self._redact)
        self._client_timeouts: dict[Timeout, aiohttp.ClientTimeout] = {}
        # The last Timeout seen and its aiohttp form: an identity check on the hot path.
        self._last_timeout: tuple[Timeout, aiohttp.ClientTimeout] | None = None

    @property
    def user_agent(self) -> str:
        """The ``User-Agent`` sent with every request (unless a request sets its own)."""
        return self._user_agent

    @property
    def is_open(self) -> bool:
        """Whether a usable session is attached."""
        return self._session is not None and not self._session.closed

    @property
    def owns_session(self) -> bool:
        """Whether :meth:`close` closes the session (False for an injected one)."""
        return self._owns_session

    async def open(self) -> None:
        """Create the session if we own it (idempotent; counts nested users)."""
        self._users += 1
        if self._session is None or (self._owns_session and self._session.closed):
            load_aiohttp()
            connector = aiohttp.TCPConnector(
                # Our semaphore is the one queue; the connector must not add another.
                limit=self._limits.max_connections,
                ssl=self._verify_ssl,  # type: ignore[arg-type]
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                # Cookies are not part of this API; never let them leak between hosts.
                cookie_jar=aiohttp.DummyCookieJar(),
                timeout=aiohttp.ClientTimeout(total=None),
            )
            _no_resend(self._session)
            self._owns_session = True

    async def close(self) -> None:
        """Close the session if we created it and no other user still needs it."""
        self._users = max(0, self._users - 1)
        if self._users == 0 and self._owns_session and self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def _client_timeout(self, timeout: Timeout) -> aiohttp.ClientTimeout:
        """The aiohttp per-socket limits of ``timeout`` (``total`` is ours, see :meth:`send`)."""
        last = self._last_timeout
        if last is not None and last[0] is timeout:
            return last[1]
        client_timeout = self._client_timeouts.get(timeout)
        if client_timeout is None:
            client_timeout = aiohttp.ClientTimeout(
                total=None, sock_connect=timeout.connect, sock_read=timeout.read
            )
            self._client_timeouts[timeout] = client_timeout
        self._last_timeout = (timeout, client_timeout)
        return client_timeout

    async def send(self, request: WireRequest, timeout: Timeout) -> WireResponse:
        """Send ``request`` once (following redirects by the policy) and read the whole body."""
        session = self._session
        if session is None or session.closed:
            raise ConfigurationError(
                "the client is not open: use `async with MainWP(...) as mw:` before calling it"
            )
        client_timeout = self._client_timeout(timeout)
        slots = self._slots
        await slots.acquire()  # as ``async with``, one coroutine frame less
        try:
            started = time.perf_counter()
            timed_out = False
            try:
                async with asyncio.timeout(timeout.total):
                    # The redirect loop, inline: one coroutine less on every request.
                    chain = None
                    current = request
                    while True:
                        status, headers, content, location = await self._attempt(
                            current, client_timeout
                        )
                        if location is None or status not in REDIRECT_STATUSES:
                            break
                        if chain is None:
                            chain = self._redirects.chain(request)
                        current = chain.follow(current, status, location)
            except TimeoutError:
                timed_out = True
            if timed_out:
                # Raised outside the handler so no aiohttp exception rides along as context.
                raise APITimeoutError(
                    f"{request.method} {request.url.path} timed out after {timeout.total} s"
                )
            elapsed = time.perf_counter() - started
        finally:
            slots.release()
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s -> %s in %.0f ms", request.method, request.url.path, status, elapsed * 1000
            )
        return WireResponse(
            status=status, headers=headers, content=content, url=current.url, elapsed=elapsed
        )

    async def _attempt(
        self, current: WireRequest, client_timeout: aiohttp.ClientTimeout
    ) -> tuple[int, dict[str, str], bytes, str | None]:
        """One HTTP exchange: ``(status, lower-cased headers, body, Location)``.

        aiohttp failures come back as our errors, unchained.
        """
        session = self._session
        assert session is not None
        headers = current.headers
        if "User-Agent" not in headers:  # the client's own headers carry it already
            headers = {"User-Agent": self._user_agent, **headers}
        params = current.params
        if current.secret_params:
            params = [*params, *current.secret_params]
        failure: MainWPError
        try:
            async with session.request(
                current.method,
                current.url,
                headers=headers,
                params=params or None,
                data=current.body,
                allow_redirects=False,
                timeout=client_timeout,
            ) as resp:
                content = await _read_bounded(resp)
                raw_headers = resp.headers
                resp_headers = {k.lower(): v for k, v in raw_headers.items()}
                return resp.status, resp_headers, content, raw_headers.get("Location")
        except aiohttp.ServerTimeoutError as exc:
            failure = APITimeoutError(
                self._redact(f"{current.method} {current.url.path}: {type(exc).__name__}")
            )
        except aiohttp.ClientConnectorError as exc:
            # No connection was opened: the request never left this machine.
            failure = APIConnectionError(
                self._redact(
                    f"{current.method} {current.url.path}: cannot connect to "
                    f"{current.url.host}:{current.url.port}: {exc.os_error}"
                ),
                request_sent=False,
            )
        except (aiohttp.ClientError, OSError) as exc:
            failure = APIConnectionError(
                self._redact(f"{current.method} {current.url.path}: {type(exc).__name__}: {exc}")
            )
        except _TooLarge as exc:
            failure = DecodeError(
                f"body is over the {MAX_BODY_BYTES} byte limit ({exc})",
                status=exc.status,
                content_type=exc.content_type,
            )
        # Raised here, outside every handler: aiohttp's exception (which holds the
        # request headers and the credentialed URL) is neither cause nor context.
        raise failure


class _TooLarge(Exception):
    def __init__(self, what: str, status: int, content_type: str) -> None:
        super().__init__(what)
        self.status = status
        self.content_type = content_type


def _ctype(resp: aiohttp.ClientResponse) -> str:
    return resp.headers.get("Content-Type", "")


async def _read_bounded(resp: aiohttp.ClientResponse) -> bytes:
    """The whole body, but never more than ``MAX_BODY_BYTES`` (decompressed)."""
    length = resp.content_length
    if length is not None:
        if length > MAX_BODY_BYTES:
            raise _TooLarge(f"Content-Length {length}", resp.status, _ctype(resp))
        if "Content-Encoding" not in resp.headers:
            return await resp.read()  # the parser stops at Content-Length
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(1 << 16):
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLarge("streamed body", resp.status, _ctype(resp))
        chunks.append(chunk)
    return b"".join(chunks)


def _no_resend(session: aiohttp.ClientSession) -> None:
    """Switch off aiohttp's silent resend of idempotent requests on a dropped connection.

    ``ClientSession._request`` retries once, for GET/HEAD/OPTIONS/TRACE/PUT/DELETE, when a
    reused connection fails with ``ClientOSError``/``ServerDisconnectedError`` while
    ``_retry_connection`` is true (aiohttp 3.9+). Retrying is the SDK's decision
    (:class:`~mainwp_async.retry.RetryPolicy`), never the HTTP library's.
    """
    if not hasattr(session, "_retry_connection"):  # pragma: no cover - other aiohttp versions
        log.warning("this aiohttp has no _retry_connection switch; writes may be resent")
        return
    session._retry_connection = False
