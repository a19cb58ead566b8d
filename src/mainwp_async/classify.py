"""From a response's status, headers and bytes to a payload or the typed error it stands for.

:func:`decode_body` turns raw bytes into JSON with hard limits (size, nesting depth, integer
length, finite numbers), so a hostile or broken server yields a
:class:`~mainwp_async.errors.DecodeError` and never a ``RecursionError``, ``ValueError`` or
``OverflowError``. PHP notices printed before intact JSON are skipped with a warning (unless
``strict``). :func:`classify` decides whether a decoded payload is a success (``None``) or
which :class:`~mainwp_async.errors.APIError` describes it; :func:`explain` rewrites the
messages the Dashboard gets wrong (an unknown site reported as a missing permission, …) so
they point the user the right way. All pure.
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
from collections.abc import Mapping
from http import HTTPStatus
from itertools import accumulate
from typing import Any

import attrs

from ._spec import EndpointSpec, Permission
from .errors import (
    APIError,
    AuthenticationError,
    DecodeError,
    EndpointNotFoundError,
    InvalidParamsError,
    NotFoundError,
    OperationFailed,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    ScopeError,
    ServerError,
)
from .redact import Redactor

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_INT_DIGITS",
    "MAX_JSON_DEPTH",
    "NonJSONBody",
    "classify",
    "decode_body",
    "explain",
    "loads",
    "safe_snippet",
]

log = logging.getLogger("mainwp_async")

SNIPPET_LIMIT = 200
#: Largest response body the SDK reads (bytes); larger ones are a :class:`DecodeError`.
MAX_BODY_BYTES = 64 * 1024 * 1024
#: Deepest nesting of arrays/objects accepted (MainWP payloads are under 10 deep).
MAX_JSON_DEPTH = 100
#: Longest integer literal accepted (Python's own ``int`` parsing limit).
MAX_INT_DIGITS = 4300

_NO_SECRETS = Redactor(())
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def safe_snippet(
    text: str | bytes,
    *,
    limit: int = SNIPPET_LIMIT,
    secrets: Redactor | tuple[str, ...] | list[str] = (),
) -> str:
    """Return a short, printable excerpt of ``text`` that is safe to show in errors and logs.

    Control characters (newlines included) collapse to single spaces, every spelling of each
    secret and anything shaped like a credential become ``[REDACTED]`` (see
    :mod:`mainwp_async.redact`), and the result is cut to ``limit`` characters (an ellipsis
    marks the cut). Only a bounded head of ``text`` is looked at, so the cost does not grow
    with the body.
    """
    window = max(limit, 0) * 4 + 1024
    if isinstance(text, bytes):
        text = text[: window * 4].decode("utf-8", errors="replace")
    redactor = secrets if isinstance(secrets, Redactor) else Redactor(secrets)
    text = redactor(_CONTROL_RE.sub(" ", text[:window]).strip())
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


# --------------------------------------------------------------------------------------------
# Bounded JSON
# --------------------------------------------------------------------------------------------


class _Limit(Exception):
    """A JSON document beyond the decoder's limits (internal)."""


def _parse_int(text: str) -> int:
    if len(text) > MAX_INT_DIGITS:
        raise _Limit(f"an integer of {len(text)} digits (at most {MAX_INT_DIGITS})")
    try:
        return int(text)
    except ValueError:  # a lower sys.set_int_max_str_digits
        raise _Limit(f"an integer of {len(text)} digits") from None


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Limit(f"the number {text[:40]} is out of range")
    return value


def _parse_constant(text: str) -> Any:
    raise _Limit(f"{text} is not valid JSON")


_DECODER = json.JSONDecoder(
    parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
)
# Strings of *valid* JSON (checked only after a successful parse, which keeps it linear).
_JSON_STRING_RE = re.compile(r'"(?:[^"\\]++|\\.)*+"')
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_KEEP_BRACKETS = re.compile(r"[^\[\]{}]+")


def _too_deep(text: str, limit: int) -> bool:
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _KEEP_BRACKETS.sub("", _JSON_STRING_RE.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, map(ord, brackets))), default=0) > limit


def _raw_decode(text: str, start: int = 0) -> tuple[Any, int]:
    """Decode one JSON value at ``start``; raise ``_Limit`` or ``ValueError``."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except RecursionError:
        raise _Limit(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    if _too_deep(text[start:end], MAX_JSON_DEPTH):
        raise _Limit(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value, end


_WS = " \t\n\r"


def loads(text: str) -> Any:
    """Decode a JSON document within the SDK's limits.

    Raises ``ValueError`` (``json.JSONDecodeError``) for malformed JSON and
    :class:`~mainwp_async.errors.DecodeError` (``status=0``) for JSON beyond the limits:
    nesting over :data:`MAX_JSON_DEPTH`, integers over :data:`MAX_INT_DIGITS` digits,
    non-finite numbers (``1e400``, ``NaN``, ``Infinity``).
    """
    try:
        value, end = _raw_decode(text, len(text) - len(text.lstrip(_WS)))
    except _Limit as exc:
        raise DecodeError(str(exc), status=0) from None
    if text[end:].strip(_WS):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


# --------------------------------------------------------------------------------------------
# decode_body
# --------------------------------------------------------------------------------------------


@attrs.frozen
class NonJSONBody:
    """Stand-in payload for an *error* response whose body is not JSON.

    A 502 from a proxy or a 503 maintenance page should still be classified by its status
    (and retried), so :func:`decode_body` returns this instead of raising for non-2xx answers.
    ``snippet`` is already shortened and redacted; ``title`` is the HTML ``<title>`` when the
    body is an HTML page (also redacted), else empty.
    """

    content_type: str
    snippet: str
    title: str = ""


_BOM = b"\xef\xbb\xbf"
_TITLE_RE = re.compile(r"(?is)<title[^>]{0,200}>([^<]{0,500})</title")
_TAG_RE = re.compile(r"<[^<>]{0,200}>")
# PHP's own diagnostics (display_errors=On), in HTML or plain form.
_PHP_NOTICE_RE = re.compile(
    r"(?i)\b(?:notice|warning|deprecated|strict standards|user notice|user warning)\b"
    r"\s*(?:</b>)?\s*:"
)
# Where JSON may start after PHP output: the start of a line or right after a tag.
_JSON_START_RE = re.compile(r"(?:^|(?<=\n)|(?<=>))[ \t\r]*([\[{])")
_MAX_RECOVERY_TRIES = 4


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    lname = name.lower()
    for key, value in headers.items():
        if key.lower() == lname:
            return value
    return ""


def html_title(text: str, redactor: Redactor = _NO_SECRETS) -> str:
    """The ``<title>`` of an HTML page (entities decoded, redacted, shortened), or ``""``."""
    match = _TITLE_RE.search(text[:65536])
    if not match:
        return ""
    return safe_snippet(html.unescape(match.group(1)), limit=120, secrets=redactor)


def decode_body(
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    *,
    method: str | None = None,
    endpoint: str | None = None,
    strict: bool = False,
    redactor: Redactor = _NO_SECRETS,
) -> Any:
    """Decode a response body to JSON.

    Rules:

    * A leading UTF-8 byte-order mark is ignored.
    * An empty (or whitespace-only) body is ``None`` for ``HEAD`` requests, for 204/205/304
      and for any non-2xx status; on another 2xx it is a :class:`DecodeError` (every MainWP
      success carries JSON).
    * JSON beyond the limits (over :data:`MAX_BODY_BYTES`, nested deeper than
      :data:`MAX_JSON_DEPTH`, integers longer than :data:`MAX_INT_DIGITS` digits, non-finite
      numbers) is a :class:`DecodeError`, whatever the status.
    * PHP notices/warnings printed before otherwise intact JSON are skipped: the JSON is
      returned and a warning naming the notice is logged, unless ``strict`` (then
      :class:`DecodeError`).
    * A body that is not JSON raises :class:`DecodeError` for 2xx statuses (HTML pages,
      truncated output). For non-2xx statuses it returns a :class:`NonJSONBody` so
      :func:`classify` can still decide by status.

    The JSON content type is not required: the decision is made on the bytes. Every snippet
    of the body put into an error or a log line goes through ``redactor``.
    """
    ctype = _header(headers, "content-type")
    success = 200 <= status < 300
    if (method or "").upper() == "HEAD" or status in (204, 205, 304):
        return None
    if len(raw) > MAX_BODY_BYTES:
        raise DecodeError(
            f"body of {len(raw)} bytes is over the {MAX_BODY_BYTES} byte limit",
            status=status,
            content_type=ctype,
            endpoint=endpoint,
        )
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
        text = ""
    else:
        try:
            return loads(text)
        except DecodeError as exc:
            raise DecodeError(
                exc.reason,
                status=status,
                content_type=ctype,
                snippet=safe_snippet(body, secrets=redactor),
                endpoint=endpoint,
            ) from None
        except json.JSONDecodeError as exc:
            recovered = _after_php_notices(text)
            if recovered is not None:
                value, notice = recovered
                shown = safe_snippet(notice, secrets=redactor)
                if strict:
                    raise DecodeError(
                        "PHP notices were printed before the JSON (strict_models is on)",
                        status=status,
                        content_type=ctype,
                        snippet=shown,
                        endpoint=endpoint,
                    ) from None
                log.warning(
                    "%s: the dashboard printed PHP output before the JSON; it was skipped: %s",
                    endpoint or "response",
                    shown,
                )
                return value
            reason = _describe_json_failure(text, exc, ctype)
    snippet = safe_snippet(body, secrets=redactor)
    if not success:
        title = html_title(text, redactor) if "<" in text[:65536] else ""
        return NonJSONBody(content_type=ctype, snippet=snippet, title=title)
    raise DecodeError(reason, status=status, content_type=ctype, snippet=snippet, endpoint=endpoint)


def _after_php_notices(text: str) -> tuple[Any, str] | None:
    """``(json, notice text)`` when ``text`` is PHP notices followed by intact JSON."""
    head = text.lstrip()
    if head[:1] in ("{", "[") or not _PHP_NOTICE_RE.search(text[:65536]):
        return None
    for tries, match in enumerate(_JSON_START_RE.finditer(text)):
        if tries >= _MAX_RECOVERY_TRIES:
            break
        start = match.start(1)
        prefix = text[:start]
        if not _PHP_NOTICE_RE.search(prefix):
            continue
        try:
            value, end = _raw_decode(text, start)
        except (_Limit, ValueError):
            continue
        if text[end:].strip(_WS):
            continue
        notice = " ".join(_TAG_RE.sub(" ", html.unescape(prefix)).split())
        return value, notice
    return None


def _describe_json_failure(text: str, exc: json.JSONDecodeError, ctype: str) -> str:
    stripped = text.lstrip()
    lowered = stripped[:200].lower()
    if lowered.startswith(("<!doctype html", "<html")) or "text/html" in ctype.lower():
        title = html_title(text)
        if "maintenance" in text[:65536].lower():
            return "got an HTML maintenance page instead of JSON" + (f" ({title})" if title else "")
        return "got an HTML page instead of JSON" + (f" ({title})" if title else "")
    brace = min((i for i in (text.find("{"), text.find("[")) if i > 0), default=-1)
    if brace > 0 and stripped[:1] not in "{[":
        return "unexpected output (e.g. PHP notices) before the JSON"
    # Cut off mid-string, mid-literal (``tru``, ``12.``) or after a separator.
    tail = text[exc.pos : exc.pos + 200].rstrip()
    if exc.msg.startswith("Unterminated string") or (
        exc.pos > 0 and len(text) - exc.pos < 200 and re.fullmatch(r"[\w.+-]*", tail)
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
    if not isinstance(value, str):
        try:
            value = str(value)
        except ValueError:  # an int beyond Python's digit limit
            value = type(value).__name__
    return html.unescape(value[:4096]).strip()


# What to check for each authentication failure; the server's own wording is kept after it.
_AUTH_HINTS = {
    "mainwp_rest_authentication_disabled_key": (
        "the dashboard does not know this API key or it is disabled: check that the token is "
        "copied whole from MainWP > REST API, that the key still exists and is enabled there, "
        "and that base_url is the dashboard the key belongs to"
    ),
    "mainwp_rest_authentication_missing_parameter": (
        "the token is incomplete: it must be '<secret>==<key>' exactly as the dashboard showed it"
    ),
    "mainwp_rest_authentication_invalid_key_pass": (
        "the key's passphrase is wrong: check key_pass (legacy keys only)"
    ),
    "mainwp_rest_authentication_bad_request": (
        "the dashboard only accepts API keys over https: use an https base_url"
    ),
}
_AUTH_MESSAGE_HINTS = (
    (
        "consumer secret is invalid",
        "the token's secret half does not match its key: copy the whole token again",
    ),
    (
        "you are not authenticated",
        "no credentials reached the dashboard: check that a proxy or web server in front of it "
        "passes the Authorization header through (Apache needs CGIPassAuth On)",
    ),
)


def _auth_message(code: str, message: str) -> str:
    hint = _AUTH_HINTS.get(code)
    if hint is None:
        lowered = message.lower()
        hint = next((h for needle, h in _AUTH_MESSAGE_HINTS if needle in lowered), None)
    return f"{hint} (the server said: {message})" if hint else message


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
                message = _auth_message(code, message)
        return cls(message, status=status, code=code, endpoint=endpoint, body=payload, headers=hdrs)

    if not ok:
        cls = _class_for_status(status)
        message = ""
        code_value: str | None = None
        if isinstance(payload, NonJSONBody):
            message = (
                f"{_reason(status)}: the server sent an HTML page titled {payload.title!r}"
                if payload.title
                else payload.snippet
            )
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
# explain: messages that point the user the right way
# --------------------------------------------------------------------------------------------

_SUBJECTS = {
    "sites": "site",
    "updates": "site",
    "clients": "client",
    "tags": "tag",
    "costs": "cost",
    "monitors": "monitor",
    "users": "site",
    "posts": "site",
    "pages": "site",
}
_ID_DOMAIN = re.compile(r"^\d+$")


def explain(error: APIError, spec: EndpointSpec, args: Mapping[str, Any]) -> APIError:
    """Reword ``error`` where the Dashboard's own answer would mislead, knowing the call.

    * an unknown site id answered as ``ability_invalid_permissions`` (MainWP 6.1.2 does this
      for ``GET sites/{id}``) becomes a :class:`NotFoundError` saying no site has that id;
    * ``rest_no_route`` for a call addressed by domain says no site has that domain (the
      route's pattern only matches domains with a TLD of 2-6 letters).

    The server's code and text stay available as ``code`` and in the message.
    """
    subject = _SUBJECTS.get(spec.category)
    if subject is None:
        return error
    key = next((p.name for p in spec.params if p.location.value == "path"), None)
    value = args.get(key) if key else None
    if value is None or isinstance(value, bool):
        return error
    shown = str(value)[:100]
    numeric = bool(_ID_DOMAIN.match(shown))
    said = f" (the server said: {error.code}: {error.message})" if error.code else ""
    if error.code == "ability_invalid_permissions" and spec.method == "GET":
        what = f"id {shown}" if numeric else f"domain {shown!r}"
        return NotFoundError(
            f"no {subject} with {what} on this dashboard{said}",
            status=error.status,
            code=error.code,
            endpoint=error.endpoint,
            body=error.body,
            headers=error.headers,
        )
    if isinstance(error, EndpointNotFoundError) and not numeric and key == "id_domain":
        return EndpointNotFoundError(
            f"no {subject} with domain {shown!r}: the dashboard matched no route for it "
            "(the domain is unknown here, or its TLD is longer than the 2-6 letters the "
            f"route accepts; use the numeric id then){said}",
            status=error.status,
            code=error.code,
            endpoint=error.endpoint,
            body=error.body,
            headers=error.headers,
        )
    return error
