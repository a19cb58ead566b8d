"""The only module of the client that talks to aiohttp: one session, one request at a time.

A :class:`Transport` owns (or borrows) an :class:`aiohttp.ClientSession`, gates every
request with its own slot semaphore so a timeout only starts once the request has a
connection slot, follows redirects itself (so ``Authorization`` never reaches another
host), and turns every aiohttp/asyncio failure into our :mod:`errors`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import NoReturn

import aiohttp
import attrs
from yarl import URL

from .auth import redact
from .errors import APIConnectionError, APITimeoutError, ConfigurationError, TransportError

__all__ = ["Limits", "Timeout", "Transport", "WireRequest", "WireResponse"]

log = logging.getLogger("mainwp_async")

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
# Headers that carry credentials and must not cross to another origin.
_SENSITIVE_HEADERS = ("authorization", "cookie", "proxy-authorization", "x-api-key")


@attrs.frozen(kw_only=True)
class Timeout:
    """Per-request time limits, in seconds (``None`` = no limit).

    ``total`` covers one attempt from the moment it holds a connection slot until the
    body is read; waiting for a slot is not counted (see :class:`Limits`).
    """

    total: float | None = 60.0
    connect: float | None = 10.0
    read: float | None = 30.0


@attrs.frozen(kw_only=True)
class Limits:
    """How many requests may be in flight at once through one client."""

    max_connections: int = 16

    def __attrs_post_init__(self) -> None:
        if self.max_connections < 1:
            raise ConfigurationError("max_connections must be at least 1")


@attrs.frozen(kw_only=True)
class WireRequest:
    """A fully built HTTP request: what goes on the wire, nothing more."""

    method: str
    url: URL
    headers: Mapping[str, str] = attrs.field(factory=dict, repr=False)
    params: Sequence[tuple[str, str]] = attrs.field(default=(), repr=False)
    body: bytes | None = attrs.field(default=None, repr=False)


@attrs.frozen(kw_only=True)
class WireResponse:
    """What came back: status, lower-cased headers and the untouched body bytes."""

    status: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    content: bytes = attrs.field(repr=False)
    url: URL
    elapsed: float = 0.0


def _same_origin(a: URL, b: URL) -> bool:
    return (a.scheme, a.host, a.port) == (b.scheme, b.host, b.port)


class Transport:
    """Sends :class:`WireRequest` objects over one aiohttp session.

    Pass ``session`` to reuse an application's own :class:`aiohttp.ClientSession`: the
    transport then never closes it. Otherwise the session is created by :meth:`open`
    (inside ``async with MainWP(...)``) and closed by :meth:`close`.
    """

    def __init__(
        self,
        *,
        session: aiohttp.ClientSession | None = None,
        limits: Limits | None = None,
        verify_ssl: bool = True,
        user_agent: str,
        secrets: Iterable[str] = (),
    ) -> None:
        self._limits = limits or Limits()
        self._verify_ssl = verify_ssl
        self._user_agent = user_agent
        self._session = session
        self._owns_session = session is None
        self._slots = asyncio.Semaphore(self._limits.max_connections)
        self._users = 0
        self._secrets = tuple(s for s in secrets if s)

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
            connector = aiohttp.TCPConnector(
                # Our semaphore is the one queue; the connector must not add another.
                limit=self._limits.max_connections,
                ssl=self._verify_ssl,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                # Cookies are not part of this API; never let them leak between hosts.
                cookie_jar=aiohttp.DummyCookieJar(),
                timeout=aiohttp.ClientTimeout(total=None),
            )
            self._owns_session = True

    async def close(self) -> None:
        """Close the session if we created it and no other user still needs it."""
        self._users = max(0, self._users - 1)
        if self._users == 0 and self._owns_session and self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def send(self, request: WireRequest, timeout: Timeout) -> WireResponse:
        """Send ``request`` once (following same-origin redirects) and read the whole body."""
        if self._session is None or self._session.closed:
            raise ConfigurationError(
                "the client is not open: use `async with MainWP(...) as mw:` before calling it"
            )
        async with self._slots:
            started = time.perf_counter()
            try:
                async with asyncio.timeout(timeout.total):
                    response = await self._send_following_redirects(request, timeout)
            except TimeoutError as exc:
                raise APITimeoutError(
                    f"{request.method} {request.url.path} timed out after {timeout.total} s"
                ) from exc
            elapsed = time.perf_counter() - started
        log.debug(
            "%s %s -> %s in %.0f ms",
            request.method,
            request.url.path,
            response.status,
            elapsed * 1000,
        )
        return attrs.evolve(response, elapsed=elapsed)

    async def _send_following_redirects(
        self, request: WireRequest, timeout: Timeout
    ) -> WireResponse:
        assert self._session is not None
        origin = request.url
        current = request
        client_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=timeout.connect, sock_read=timeout.read
        )
        for _ in range(_MAX_REDIRECTS + 1):
            headers = {"User-Agent": self._user_agent, **current.headers}
            try:
                async with self._session.request(
                    current.method,
                    current.url,
                    headers=headers,
                    params=list(current.params) or None,
                    data=current.body,
                    allow_redirects=False,
                    timeout=client_timeout,
                ) as resp:
                    content = await resp.read()
                    status = resp.status
                    resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                    location = resp.headers.get("Location")
            except aiohttp.ServerTimeoutError as exc:
                self._fail(
                    APITimeoutError(f"{current.method} {current.url.path}: {type(exc).__name__}"),
                    exc,
                )
            except aiohttp.ClientConnectorError as exc:
                # No connection was opened: the request never left this machine.
                self._fail(
                    APIConnectionError(
                        f"{current.method} {current.url.path}: cannot connect to "
                        f"{current.url.host}:{current.url.port}: {exc.os_error}",
                        request_sent=False,
                    ),
                    exc,
                )
            except (aiohttp.ClientError, OSError) as exc:
                self._fail(
                    APIConnectionError(
                        f"{current.method} {current.url.path}: {type(exc).__name__}: {exc}"
                    ),
                    exc,
                )
            if status not in _REDIRECT_STATUSES or not location:
                return WireResponse(
                    status=status, headers=resp_headers, content=content, url=current.url
                )
            target = current.url.join(URL(location))
            current = self._redirected(current, target, status, origin)
        raise APIConnectionError(f"more than {_MAX_REDIRECTS} redirects from {origin.path}")

    def _fail(self, error: TransportError, cause: BaseException) -> NoReturn:
        """Raise ``error`` for ``cause``, never carrying a credential along.

        aiohttp quotes the request URL in some errors; with query-string credentials (a
        legacy ``key_pass`` or consumer key pair) that URL holds a secret, so the message
        is redacted and the aiohttp exception is not chained.
        """
        if any(secret in str(cause) or secret in str(error) for secret in self._secrets):
            error.args = (redact(str(error), self._secrets),)
            raise error from None
        raise error from cause

    @staticmethod
    def _redirected(current: WireRequest, target: URL, status: int, origin: URL) -> WireRequest:
        """The request to send after a redirect: credentials stay with the origin only."""
        headers = dict(current.headers)
        params = list(current.params)
        if not _same_origin(target, origin):
            headers = {k: v for k, v in headers.items() if k.lower() not in _SENSITIVE_HEADERS}
            # Query credentials (key_pass, legacy consumer keys) stay home too.
            params = []
            log.warning(
                "redirect to another origin (%s): credentials were not forwarded", target.host
            )
        method, body = current.method, current.body
        if status == 303 or (status in (301, 302) and method == "POST"):
            method, body = "GET", None
            headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        if target.query:
            params = []
        return WireRequest(method=method, url=target, headers=headers, params=params, body=body)
