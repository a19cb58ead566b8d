"""Exception hierarchy of the SDK and the pure functions that map a response onto it.

Every exception the SDK raises on purpose derives from :class:`MainWPError`::

    MainWPError
    ├── TransportError                    the request did not produce an HTTP response
    │   ├── APIConnectionError
    │   └── APITimeoutError
    ├── ConfigurationError                bad client set-up or bad call (no I/O happened)
    │   └── InsecureTransportError
    ├── APIError                          the server answered, and the answer is a failure
    │   ├── AuthenticationError           401 (and 403)
    │   │   ├── ScopeError                the key's scope does not cover the HTTP method
    │   │   └── PermissionDeniedError     403: the key's WordPress user lacks a capability
    │   ├── NotFoundError
    │   │   └── EndpointNotFoundError     404 rest_no_route
    │   ├── InvalidParamsError
    │   │   └── RequestTooLargeError      413
    │   ├── RateLimitError                429
    │   ├── ServerError                   other 5xx
    │   ├── RedirectError                 a redirect the SDK refuses to follow (loop, downgrade, …)
    │   └── OperationFailed               HTTP 200 whose body says ``success: 0``
    ├── DecodeError                       a success response whose body is not JSON
    ├── ResponseShapeError                JSON that does not fit the expected model
    ├── PaginationError                   a list that never stops paging
    └── JobTimeoutError                   a background tool job did not complete in time

 This module holds the tree only. Deciding which error a response stands for is
:mod:`mainwp_async.classify`; scrubbing secrets out of text is :mod:`mainwp_async.redact`.
``classify``, ``decode_body``, ``safe_snippet`` and ``NonJSONBody`` are still importable from
here for compatibility.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._spec import Permission
    from .scopes import Scope

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "ConfigurationError",
    "DecodeError",
    "EndpointNotFoundError",
    "InsecureTransportError",
    "InvalidParamsError",
    "JobTimeoutError",
    "MainWPError",
    "NotFoundError",
    "OperationFailed",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RedirectError",
    "RequestTooLargeError",
    "ResponseShapeError",
    "ScopeError",
    "ServerError",
    "TransportError",
]

_COMPAT = frozenset({"NonJSONBody", "classify", "decode_body", "safe_snippet"})


def __getattr__(name: str) -> Any:
    # The decoding/classification functions moved to ``classify``; keep old imports working.
    if name in _COMPAT:
        from . import classify as _classify

        return getattr(_classify, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# The tree
# --------------------------------------------------------------------------------------------


class MainWPError(Exception):
    """Base class of every error raised deliberately by mainwp-async."""


class TransportError(MainWPError):
    """The request did not yield an HTTP response (network, TLS or timeout trouble)."""


class APIConnectionError(TransportError):
    """Connecting to, or talking with, the Dashboard failed before a response arrived.

    ``request_sent`` is False when no connection could be opened at all (refused, DNS,
    TLS handshake): the request cannot have reached the server, so repeating it is safe
    whatever its method.
    """

    def __init__(self, message: str, *, request_sent: bool = True) -> None:
        super().__init__(message)
        self.request_sent = request_sent


class APITimeoutError(TransportError):
    """The request took longer than the configured timeout.

    The server may still have carried out the request: writes are not retried after a timeout
    unless the endpoint is idempotent.
    """


class ConfigurationError(MainWPError):
    """The client or a call is set up wrongly; raised before any network traffic."""


class InsecureTransportError(ConfigurationError):
    """Refusing to send credentials over plain HTTP to a host that is not loopback."""

    def __init__(self, message: str, *, host: str | None = None) -> None:
        super().__init__(message)
        #: The host name the URL points at (never a credential).
        self.host = host


class APIError(MainWPError):
    """The server answered, and the answer describes a failure.

    Attributes:
        status: HTTP status (``None`` for failures detected client-side before sending).
        code: the server's machine-readable error code (``WP_Error`` code) when there is one.
        message: human-readable text, HTML entities decoded.
        endpoint: the endpoint involved, as ``"sites.get"`` or ``"GET /sites/1"``.
        body: the decoded response body (``None`` when empty).
        headers: the response headers.
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None,
        code: str | None = None,
        endpoint: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.endpoint = endpoint
        self.body = body
        self.headers: Mapping[str, str] = dict(headers or {})

    def __str__(self) -> str:
        head = " ".join(
            part for part in (str(self.status) if self.status else "", self.code) if part
        )
        text = f"{head}: {self.message}" if head else self.message
        if self.endpoint:
            text = f"{text} ({self.endpoint})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, endpoint={self.endpoint!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not pickle by default; keep errors picklable so they
        # survive multiprocessing and test-runner boundaries.
        return (_rebuild_error, (type(self), self.message, dict(self.__dict__)))


def _rebuild_error(cls: type[APIError], message: str, state: dict[str, Any]) -> APIError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class AuthenticationError(APIError):
    """The key was refused: missing, malformed, unknown, disabled or with the wrong secret."""


class ScopeError(AuthenticationError):
    """The API key's scope does not cover the HTTP method of the request.

    Raised client-side (``status is None``, no body) when the client knows the key's scope, and
    for the server's 401 "does not have … permissions" answer.

    Attributes:
        needed: the permission the request requires, when known.
        has: the key's scope, when known (the server does not report it).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        endpoint: str | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        needed: Permission | None = None,
        has: Scope | None = None,
    ) -> None:
        super().__init__(
            message, status=status, code=code, endpoint=endpoint, body=body, headers=headers
        )
        self.needed = needed
        self.has = has


class PermissionDeniedError(AuthenticationError):
    """403: the key is valid but its WordPress user may not do this (e.g. no manage_options)."""


class NotFoundError(APIError):
    """The addressed object (site, client, tag, post, job, …) does not exist."""


class EndpointNotFoundError(NotFoundError):
    """404 ``rest_no_route``: no such route for this method.

    Typical causes: the method is not registered for the path (the server never answers 405),
    a typo in the path, pretty permalinks disabled, or the extension providing the route is
    not active on the Dashboard.
    """


class InvalidParamsError(APIError):
    """The request's parameters or body were rejected (missing, malformed or out of range)."""

    @property
    def params(self) -> Mapping[str, Any]:
        """Per-parameter complaints from ``data.params`` (empty when the server gave none)."""
        data = self.body.get("data") if isinstance(self.body, Mapping) else None
        params = data.get("params") if isinstance(data, Mapping) else None
        if isinstance(params, Mapping):
            return dict(params)
        if isinstance(params, list):
            return {str(p): "missing" for p in params}
        return {}


class RequestTooLargeError(InvalidParamsError):
    """413: too many items in one request (``/batch`` accepts at most 100)."""


class RateLimitError(APIError):
    """429: a proxy or WAF in front of the Dashboard is throttling requests."""


class ServerError(APIError):
    """A 5xx answer that is not better described by a more specific class."""


class RedirectError(APIError):
    """A 3xx answer the SDK will not follow; ``status`` is the redirect's status.

    Raised for a redirect from https to http, a write (POST/PUT/PATCH/DELETE) answered with
    301/302/303 (following would silently turn it into a GET), a loop, more than five hops,
    and a ``Location`` that is unparsable, not http(s), or carries a user name or password.
    Never retried: the same request would be redirected the same way.

    Attributes:
        location: where the server pointed, without query, fragment or user info
            (``""`` when it could not be parsed).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None,
        location: str = "",
        endpoint: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, status=status, endpoint=endpoint, headers=headers)
        self.location = location


class OperationFailed(APIError):
    """HTTP 200 whose body reports failure (``success`` is 0, ``"0"`` or false).

    The message comes from the body's ``error`` or ``message`` field.
    """


class DecodeError(MainWPError):
    """A success response whose body is not usable JSON.

    Typical causes: an HTML maintenance or login page, PHP notices printed before the JSON,
    an empty body, or a truncated response.

    Attributes:
        status: HTTP status of the response.
        content_type: its ``Content-Type`` header (may be empty).
        snippet: at most 200 printable characters of the body, with secrets redacted.
        reason: short explanation of what was wrong.
    """

    def __init__(
        self,
        reason: str,
        *,
        status: int,
        content_type: str = "",
        snippet: str = "",
        endpoint: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.content_type = content_type
        self.snippet = snippet
        self.endpoint = endpoint

    def __str__(self) -> str:
        where = f" ({self.endpoint})" if self.endpoint else ""
        ctype = self.content_type or "no content type"
        body = f": {self.snippet!r}" if self.snippet else ""
        return f"HTTP {self.status} [{ctype}] {self.reason}{where}{body}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_plain, (type(self), self.reason, dict(self.__dict__)))


def _rebuild_plain(cls: type[Exception], arg: str, state: dict[str, Any]) -> Exception:
    err = cls.__new__(cls)
    Exception.__init__(err, arg)
    err.__dict__.update(state)
    return err


class ResponseShapeError(MainWPError):
    """Decoded JSON does not fit the model the SDK expected.

    Attributes:
        model: name of the model being built (e.g. ``"Site"``).
        path: where in the payload the problem is (e.g. ``"data[2].id"``).
        value: a short, safe excerpt of the offending value.
        detail: what was expected.
    """

    def __init__(
        self,
        model: str,
        path: str,
        value: Any = None,
        detail: str = "",
        *,
        endpoint: str | None = None,
    ) -> None:
        from .classify import safe_snippet

        text = value if isinstance(value, str) else _json_or_repr(value)
        snippet = safe_snippet(text, limit=80)
        super().__init__(model, path, snippet, detail)
        self.model = model
        self.path = path
        self.value = snippet
        self.detail = detail
        self.endpoint = endpoint

    def __str__(self) -> str:
        where = f" ({self.endpoint})" if self.endpoint else ""
        detail = f": {self.detail}" if self.detail else ""
        return (
            f"cannot read {self.model} at {self.path or '<root>'}{detail}; got {self.value}{where}"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_plain, (type(self), self.model, dict(self.__dict__)))


class PaginationError(MainWPError):
    """A paged list did not come to an end within the allowed number of pages."""


class JobTimeoutError(MainWPError):
    """A background tool job was still not completed when the wait gave up.

    ``job_id`` names the job and ``last_status`` is the last status model read, so a
    caller can report progress or keep waiting.
    """

    def __init__(self, message: str, *, job_id: str, last_status: Any = None) -> None:
        super().__init__(message)
        self.job_id = job_id
        self.last_status = last_status


def _json_or_repr(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=repr)[:1000]
    except (TypeError, ValueError, RecursionError):
        try:
            return repr(value)[:1000]
        except (ValueError, RecursionError):
            return f"<{type(value).__name__}>"
