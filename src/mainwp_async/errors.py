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
    │   └── OperationFailed               HTTP 200 whose body says ``success: 0``
    ├── DecodeError                       a success response whose body is not JSON
    ├── ResponseShapeError                JSON that does not fit the expected model
    ├── PaginationError                   a list that never stops paging
    └── JobTimeoutError                   a background tool job did not complete in time

:func:`decode_body` turns raw bytes into JSON, and :func:`classify` decides whether a decoded
payload is a success (``None``) or which :class:`APIError` describes it. Both are pure.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

import attrs

from ._spec import Permission

if TYPE_CHECKING:
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
    "NonJSONBody",
    "NotFoundError",
    "OperationFailed",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTooLargeError",
    "ResponseShapeError",
    "ScopeError",
    "ServerError",
    "TransportError",
    "classify",
    "decode_body",
    "safe_snippet",
]

SNIPPET_LIMIT = 200
_REDACTED = "[REDACTED]"


# --------------------------------------------------------------------------------------------
# Redaction helpers (used for every piece of server text we put into an exception)
# --------------------------------------------------------------------------------------------

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
_SECRET_PATTERNS = (
    # Authorization header values of any scheme we might see echoed back.
    re.compile(r"(?i)\b(bearer|basic|oauth)\s+[^\s\"'<>,;]+"),
    # MainWP bearer tokens: <hex>==<hex>.
    re.compile(r"[0-9A-Za-z]{8,}==[0-9A-Za-z]{8,}"),
    # Consumer keys and secrets, prefixed or bare long hex strings.
    re.compile(r"(?i)\b(ck|cs)_[0-9a-z]{8,}"),
    re.compile(r"(?i)(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f])"),
)


def _redact_patterns(text: str) -> str:
    for pattern in _SECRET_PATTERNS:
        if pattern.groups:
            text = pattern.sub(lambda m: f"{m.group(1)} {_REDACTED}", text)
        else:
            text = pattern.sub(_REDACTED, text)
    return text


def safe_snippet(
    text: str | bytes, *, limit: int = SNIPPET_LIMIT, secrets: Iterable[str] = ()
) -> str:
    """Return a short, printable excerpt of ``text`` that is safe to show in errors and logs.

    Control characters (newlines included) collapse to single spaces, anything shaped like a
    credential (``Bearer …``, a ``<hex>==<hex>`` token, ``ck_``/``cs_`` values, 32+ hex digits)
    and every string in ``secrets`` become ``[REDACTED]``, and the result is cut to ``limit``
    characters (an ellipsis marks the cut).
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, _REDACTED)
    text = _CONTROL_RE.sub(" ", text).strip()
    text = _redact_patterns(text)
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


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
        status: HTTP status (``0`` for failures detected client-side before sending).
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
        status: int,
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

    Raised client-side (``status == 0``, no body) when the client knows the key's scope, and
    for the server's 401 "does not have … permissions" answer.

    Attributes:
        needed: the permission the request requires, when known.
        has: the key's scope, when known (the server does not report it).
    """

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
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
        snippet = safe_snippet(value if isinstance(value, str) else _json_or_repr(value), limit=80)
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
        return json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):
        return repr(value)


# --------------------------------------------------------------------------------------------
# decode_body
# --------------------------------------------------------------------------------------------


@attrs.frozen
class NonJSONBody:
    """Stand-in payload for an *error* response whose body is not JSON.

    A 502 from a proxy or a 503 maintenance page should still be classified by its status
    (and retried), so :func:`decode_body` returns this instead of raising for non-2xx answers.
    ``snippet`` is already shortened and redacted.
    """

    content_type: str
    snippet: str


_BOM = b"\xef\xbb\xbf"


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    lname = name.lower()
    for key, value in headers.items():
        if key.lower() == lname:
            return value
    return ""


def decode_body(
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    *,
    method: str | None = None,
    endpoint: str | None = None,
) -> Any:
    """Decode a response body to JSON.

    Rules:

    * A leading UTF-8 byte-order mark is ignored.
    * An empty (or whitespace-only) body is ``None`` for ``HEAD`` requests, for 204/205/304
      and for any non-2xx status; on another 2xx it is a :class:`DecodeError` (every MainWP
      success carries JSON).
    * A body that is not JSON raises :class:`DecodeError` for 2xx statuses (HTML pages, PHP
      notices before the JSON, truncated output). For non-2xx statuses it returns a
      :class:`NonJSONBody` so :func:`classify` can still decide by status.

    The JSON content type is not required: the decision is made on the bytes.
    """
    ctype = _header(headers, "content-type")
    success = 200 <= status < 300
    if (method or "").upper() == "HEAD" or status in (204, 205, 304):
        return None
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    if not body.strip():
        if success:
            raise DecodeError(
                "empty body where JSON was expected",
                status=status,
                content_type=ctype,
                endpoint=endpoint,
            )
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        reason = "body is not valid UTF-8"
    else:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            reason = _describe_json_failure(text, exc, ctype)
    snippet = safe_snippet(body)
    if not success:
        return NonJSONBody(content_type=ctype, snippet=snippet)
    raise DecodeError(reason, status=status, content_type=ctype, snippet=snippet, endpoint=endpoint)


def _describe_json_failure(text: str, exc: json.JSONDecodeError, ctype: str) -> str:
    stripped = text.lstrip()
    lowered = stripped[:200].lower()
    if lowered.startswith(("<!doctype html", "<html")) or "text/html" in ctype.lower():
        if "maintenance" in text.lower():
            return "got an HTML maintenance page instead of JSON"
        return "got an HTML page instead of JSON"
    brace = min((i for i in (text.find("{"), text.find("[")) if i > 0), default=-1)
    if brace > 0 and stripped[:1] not in "{[":
        return "unexpected output (e.g. PHP notices) before the JSON"
    # Cut off mid-string, mid-literal (``tru``, ``12.``) or after a separator.
    tail = text[exc.pos :].rstrip()
    if exc.msg.startswith("Unterminated string") or (
        exc.pos > 0 and re.fullmatch(r"[\w.+-]*", tail)
    ):
        return "JSON is truncated"
    return f"body is not valid JSON ({exc.msg} at position {exc.pos})"


# --------------------------------------------------------------------------------------------
# classify
# --------------------------------------------------------------------------------------------

# Error codes whose meaning is clear from the code alone, whatever HTTP status carried them
# (many MainWP controllers build WP_Error without a status, so WordPress answers 500).
# Facts taken from the server's code table (MainWP 6.1.2).
_NOT_FOUND_CODES = frozenset(
    {
        "api_key_not_found",
        "destroy_session_job_not_found",
        "disconnect_job_not_found",
        "renew_connection_job_not_found",
        "id_domain_not_found",
        "mainwp_site_not_found",
        "no_pages_found",
        "no_posts_found",  # NB: GET posts always fails with this on 6.1.2 (server bug)
        "no_users_found",
        "no_website_found",
        "post_id_not_found",
        "post_not_exist",
        "status_not_found",
        "user_id_not_found",
        "user_not_found",
        "website_not_found",
        "mainwp_rest_get_secure_site_error",
        "mainwp_rest_sync_site_error",
        # On 6.1.2 the ability behind GET sites/{id} reports an unknown id or domain as a
        # missing permission (HTTP 500); the route's own 404 is never reached. The genuine
        # "user lacks manage_options" case is a 403 mainwp_permission_denied instead.
        "ability_invalid_permissions",
    }
)
_NOT_FOUND_RE = re.compile(r"^mainwp_rest_invalid_[a-z]+_(id|data)$")

_INVALID_PARAMS_CODES = frozenset(
    {
        "rest_invalid_param",
        "rest_missing_callback_param",
        "rest_invalid_json",
        "rest_setting_value_invalid",
        "ability_invalid_input",
        "empty_body",
        "empty_file",
        "empty_name",
        "duplicate_title",
        "file_not_readable",
        "incomplete_date_range",
        "incomplete_search",
        "invalid_content_type",
        "invalid_json",
        "mainwp_invalid_input",
        "mainwp_rest_invalid_param",
        "mainwp_rest_invalid_plugins_slugs",
        "mainwp_rest_invalid_themes_slugs",
        "mainwp_rest_create_costs_invalid_data",
        "missing_destroy_id",
        "missing_disconnect_id",
        "missing_email",
        "missing_key",
        "missing_renew_id",
        "missing_required_fields",
        "missing_username",
        "no_data",
        "no_file_uploaded",
        "no_target_sites",
        "upload_error",
    }
)
_INVALID_PARAMS_RE = re.compile(r"^invalid_[a-z_]+$")

_TOO_LARGE_CODES = frozenset({"mainwp_rest_request_entity_too_large"})
_ENDPOINT_NOT_FOUND_CODES = frozenset({"rest_no_route"})
_PERMISSION_DENIED_CODES = frozenset({"mainwp_permission_denied", "rest_forbidden"})
_AUTH_PREFIX = "mainwp_rest_authentication_"
_SCOPE_RE = re.compile(r"does not have (read|write|delete) permissions", re.IGNORECASE)

_WP_ERROR_KEYS = frozenset({"code", "message", "data", "additional_errors"})


def _is_wp_error(payload: Any) -> bool:
    return (
        isinstance(payload, Mapping)
        and isinstance(payload.get("code"), str)
        and "message" in payload
        and set(payload) <= _WP_ERROR_KEYS
    )


def _is_failure_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str):
        return value.strip().lower() in ("0", "false", "")
    return False


def _is_job_status(payload: Mapping[str, Any]) -> bool:
    # Tool-job status bodies use ``success`` for "job finished"; a pending job is not a failure.
    return "status" in payload and "progress" in payload


def _class_for_code(code: str) -> type[APIError] | None:
    if code in _ENDPOINT_NOT_FOUND_CODES:
        return EndpointNotFoundError
    if code in _TOO_LARGE_CODES:
        return RequestTooLargeError
    if code in _PERMISSION_DENIED_CODES:
        return PermissionDeniedError
    if code.startswith(_AUTH_PREFIX):
        return AuthenticationError
    if code in _NOT_FOUND_CODES or code.endswith("_not_found") or _NOT_FOUND_RE.match(code):
        return NotFoundError
    if code in _INVALID_PARAMS_CODES or _INVALID_PARAMS_RE.match(code):
        return InvalidParamsError
    return None


def _class_for_status(status: int) -> type[APIError]:
    if status in (400, 422):
        return InvalidParamsError
    if status == 401:
        return AuthenticationError
    if status == 403:
        return PermissionDeniedError
    if status == 404:
        return NotFoundError
    if status == 405:
        return EndpointNotFoundError
    if status == 413:
        return RequestTooLargeError
    if status == 429:
        return RateLimitError
    if status >= 500:
        return ServerError
    return APIError


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "unexpected HTTP status"


def _text(value: Any) -> str:
    if value is None:
        return ""
    return html.unescape(value if isinstance(value, str) else str(value)).strip()


def classify(
    status: int,
    payload: Any,
    *,
    endpoint: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> APIError | None:
    """Decide whether a decoded response is a success; return the error describing it if not.

    ``None`` means success. The decision uses, in order:

    1. a ``WP_Error`` body's ``code`` (so a "not found" served as HTTP 500 is still a
       :class:`NotFoundError`, and ``empty_body`` is :class:`InvalidParamsError` whatever the
       status); a 401 whose message says the key "does not have read/write/delete
       permissions" becomes :class:`ScopeError` with ``needed`` filled in;
    2. the HTTP status, for non-2xx answers (429, 5xx, 404, 400/422, 401/403, 413, …);
    3. a ``success`` flag of 0 / ``"0"`` / false in a 2xx body: :class:`OperationFailed`.

    Bodies that are not envelopes (lists, ``{"count": 3}``, ``{"total": …, "data": …}``) are
    successes. Tool-job status bodies (with ``status`` and ``progress``) are successes even
    while ``success`` is false, since there it only means "not finished yet".
    """
    hdrs: Mapping[str, str] = headers or {}
    ok = 200 <= status < 300

    if _is_wp_error(payload) and (not ok or "data" in payload):
        code: str = payload["code"]
        message = _text(payload.get("message")) or _reason(status)
        cls = _class_for_code(code) or (_class_for_status(status) if not ok else ServerError)
        if cls is AuthenticationError or (not ok and status == 401):
            match = _SCOPE_RE.search(message)
            if match:
                return ScopeError(
                    message,
                    status=status,
                    code=code,
                    endpoint=endpoint,
                    body=payload,
                    headers=hdrs,
                    needed=Permission(match.group(1).lower()),
                )
            if cls is not PermissionDeniedError:
                cls = AuthenticationError
        return cls(message, status=status, code=code, endpoint=endpoint, body=payload, headers=hdrs)

    if not ok:
        cls = _class_for_status(status)
        message = ""
        code_value: str | None = None
        if isinstance(payload, NonJSONBody):
            message = payload.snippet
        elif isinstance(payload, Mapping):
            raw_code = payload.get("code")
            code_value = raw_code if isinstance(raw_code, str) else None
            message = _text(payload.get("message") or payload.get("error"))
            if code_value is not None:
                cls = _class_for_code(code_value) or cls
        message = message or _reason(status)
        return cls(
            message, status=status, code=code_value, endpoint=endpoint, body=payload, headers=hdrs
        )

    if (
        isinstance(payload, Mapping)
        and "success" in payload
        and _is_failure_flag(payload["success"])
        and not _is_job_status(payload)
    ):
        raw_code = payload.get("code")
        message = _text(payload.get("error") or payload.get("message")) or "operation failed"
        return OperationFailed(
            message,
            status=status,
            code=raw_code if isinstance(raw_code, str) else None,
            endpoint=endpoint,
            body=payload,
            headers=hdrs,
        )
    return None


# --------------------------------------------------------------------------------------------
# The legacy v1 and Abilities doors (issue 11): two more ways a call can fail
# --------------------------------------------------------------------------------------------


class CredentialRequiredError(ConfigurationError):
    """The call needs a credential this client was not given; no request was sent.

    ``needed`` names the :class:`~mainwp_async.MainWP` keyword that supplies it:
    ``"token"`` (MainWP v2), ``"v1_key"`` (legacy v1) or ``"app_password"`` (Abilities).
    """

    def __init__(self, message: str, *, needed: str) -> None:
        super().__init__(message)
        self.needed = needed


class ApplicationPasswordsUnavailableError(AuthenticationError):
    """An application password was sent and WordPress acted as if none was.

    WordPress only reads application passwords where it considers them available
    (HTTPS, a ``local`` environment, or a filter); elsewhere the header is dropped and
    the answer is the same 401 ``rest_forbidden`` as without credentials.
    """


__all__ += ["ApplicationPasswordsUnavailableError", "CredentialRequiredError"]
