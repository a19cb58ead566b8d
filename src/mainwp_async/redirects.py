"""One credential policy for redirects, applied hop by hop by the transport (pure, no I/O).

Rules, all enforced by :meth:`RedirectChain.follow`:

* Credentials (``Authorization``/``Cookie``/``X-Api-Key`` headers and the query credentials
  the transport keeps apart in ``WireRequest.secret_params``) go to the request's own
  origin only (scheme, host and port). Once a chain has left the origin they stay off for
  the rest of it. A ``Location`` that copies the query (``return 301 …$request_uri``) has
  every credential parameter removed before it is followed off-origin.
* A same-origin ``Location`` with its own query keeps the query credentials: they are added
  back (once) to the new query.
* https -> http is never followed (:class:`~mainwp_async.errors.RedirectError`).
* 301/302/303 on anything but GET/HEAD is a ``RedirectError`` saying so: following would turn
  the write into a GET (what browsers do) and report the GET's answer as the write's.
  303 on GET stays a GET; 307/308 repeat the method and body.
* A loop (the same method and URL twice) and more than :data:`MAX_REDIRECTS` hops are a
  ``RedirectError``, as is a ``Location`` that cannot be parsed, is not http(s), has no host
  or carries a user name or password.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import attrs
from yarl import URL

from .errors import RedirectError
from .redact import Redactor

if TYPE_CHECKING:
    from .transport import WireRequest

__all__ = ["MAX_REDIRECTS", "REDIRECT_STATUSES", "RedirectChain", "RedirectPolicy"]

log = logging.getLogger("mainwp_async")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization", "x-api-key"})
_SAFE_METHODS = frozenset({"GET", "HEAD"})
# Query parameters that carry MainWP credentials, whoever put them in the request.
CREDENTIAL_PARAMS = frozenset(
    {"key_pass", "consumer_key", "consumer_secret", "oauth_mainwp_ck", "oauth_mainwp_cs"}
)
_MAX_LOCATION = 8192


def same_origin(a: URL, b: URL) -> bool:
    """Whether two absolute URLs share scheme, host and port."""
    return (a.scheme, (a.host or "").lower(), a.port) == (b.scheme, (b.host or "").lower(), b.port)


def shown_url(url: URL) -> str:
    """``scheme://host:port/path`` of ``url``: no user info, query or fragment."""
    try:
        return str(url.with_user(None).with_query(None).with_fragment(None))[:300]
    except ValueError:  # pragma: no cover - a URL yarl built itself
        return ""


class RedirectPolicy:
    """Factory of one :class:`RedirectChain` per request (kept as a seam for tests)."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        self._redactor = redactor or Redactor(())

    def chain(self, request: WireRequest) -> RedirectChain:
        """Start following redirects for ``request``."""
        return RedirectChain(request, self._redactor)


class RedirectChain:
    """The state of one request's redirects: origin, hops so far, whether credentials left."""

    def __init__(self, request: WireRequest, redactor: Redactor) -> None:
        self._origin = request.url
        self._redactor = redactor
        self._hops = 0
        self._visited = {(request.method, str(request.url.with_fragment(None)))}
        self._secret_keys = CREDENTIAL_PARAMS | {k for k, _ in request.secret_params}
        self._secret_values = frozenset(v for _, v in request.secret_params if v)
        self._secret_params = tuple(request.secret_params)
        self.credentials_dropped = False

    def _error(self, message: str, status: int, location: str = "") -> RedirectError:
        return RedirectError(
            self._redactor(message), status=status, location=self._redactor(location)
        )

    def follow(self, current: WireRequest, status: int, location: str) -> WireRequest:
        """The request to send for a ``status`` redirect to ``location``, or raise."""
        where = f"{current.method} {current.url.path[:200]}"
        target = self._target(current, status, location, where)
        shown = shown_url(target)
        if self._origin.scheme == "https" and target.scheme != "https":
            raise self._error(
                f"{where}: refusing to follow a redirect from https to {target.scheme} "
                f"({shown}); credentials would travel unencrypted",
                status,
                shown,
            )
        method, body = current.method, current.body
        if status in (301, 302, 303) and method not in _SAFE_METHODS:
            raise self._error(
                f"{where}: the dashboard answered {status} (to {shown}); following it would "
                f"turn the {method} into a GET, so it was not followed and nothing was "
                "resent. Point base_url at the address the dashboard redirects to",
                status,
                shown,
            )
        headers = dict(current.headers)
        if status == 303 and method == "HEAD":
            method = "HEAD"
        elif status == 303:
            method, body = "GET", None
        if body is None:
            headers = {k: v for k, v in headers.items() if k.lower() != "content-type"}
        if not same_origin(target, self._origin):
            if not self.credentials_dropped:
                log.warning(
                    "redirect to another origin (%s): credentials were not forwarded",
                    target.host,
                )
            self.credentials_dropped = True
        params = list(current.params)
        secret_params: list[tuple[str, str]] = list(self._secret_params)
        if self.credentials_dropped:
            headers = {k: v for k, v in headers.items() if k.lower() not in SENSITIVE_HEADERS}
            secret_params = []
            params = [
                (k, v)
                for k, v in params
                if k not in self._secret_keys and v not in self._secret_values
            ]
            if target.query:
                target = target.with_query(
                    [
                        (k, v)
                        for k, v in target.query.items()
                        if k not in self._secret_keys and v not in self._secret_values
                    ]
                )
        elif target.query:
            target = target.with_query(
                [(k, v) for k, v in target.query.items() if k not in self._secret_keys]
            )
        if target.query_string:
            params = []  # the Location's own query replaces the request's
        self._hops += 1
        if self._hops > MAX_REDIRECTS:
            raise self._error(
                f"{where}: more than {MAX_REDIRECTS} redirects (last to {shown})", status, shown
            )
        key = (method, str(target.with_fragment(None)))
        if key in self._visited:
            raise self._error(f"{where}: redirect loop (back to {shown})", status, shown)
        self._visited.add(key)
        return attrs.evolve(
            current,
            method=method,
            url=target.with_fragment(None),
            headers=headers,
            params=params,
            body=body,
            secret_params=secret_params,
        )

    def _target(self, current: WireRequest, status: int, location: str, where: str) -> URL:
        bad = f"{where}: the dashboard answered {status} with an unusable Location header"
        if len(location) > _MAX_LOCATION:
            raise self._error(f"{bad} ({len(location)} characters long)", status)
        target: URL | None = None
        try:
            target = current.url.join(URL(location.strip()))
            scheme, host = target.scheme, target.host
        except (ValueError, TypeError, UnicodeError):
            target = None
        # Raised outside the handler: the parse error quotes the header, which may echo secrets.
        if target is None:
            raise self._error(f"{bad} (it cannot be parsed)", status)
        if scheme not in ("http", "https") or not host:
            raise self._error(
                f"{bad} (it must be an http(s) URL with a host, got scheme {scheme!r})", status
            )
        if target.user is not None or target.password is not None:
            raise self._error(f"{bad} (it carries a user name or password)", status)
        return target
