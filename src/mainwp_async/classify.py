"""From a decoded response to the typed error it stands for, and messages that help (pure).

:func:`classify` decides whether a decoded payload is a success (``None``) or which
:class:`~mainwp_async.errors.APIError` describes it; :func:`explain` rewrites the answers the
Dashboard gets wrong (an unknown site reported as a missing permission, ...) so they point the
user the right way. Decoding the bytes, within limits, is :mod:`mainwp_async.decoding`;
its names are re-exported here, so ``status + headers + body -> payload or typed error`` is
one import: ``decode_body`` then ``classify``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from ._spec import EndpointSpec, Permission
from .decoding import (
    MAX_BODY_BYTES,
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    NonJSONBody,
    decode_body,
    loads,
    safe_snippet,
)
from .errors import (
    APIError,
    ApplicationPasswordsUnavailableError,
    AuthenticationError,
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
    said = f" (the server said: {error.message})" if error.message else ""
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


# --------------------------------------------------------------------------------------
# The legacy v1 and Abilities doors (issue 11): their own error shapes, same error tree
# --------------------------------------------------------------------------------------


def classify_v1(
    status: int,
    payload: Any,
    *,
    endpoint: str,
    site_scoped: bool = False,
    headers: Mapping[str, str] | None = None,
    site_id: Any = None,
) -> APIError | None:
    """The typed error a v1 answer stands for, or ``None`` for a success.

    ``{"ERROR": msg}``: 401 -> :class:`AuthenticationError`, 400 ->
    :class:`InvalidParamsError` (the message is HTML-unescaped: the server sends
    ``&gt;``). An empty 2xx body on a ``site_scoped`` route -> :class:`NotFoundError`.
    Anything else (a WordPress error from MainWP's v2 auth layer, other statuses) follows
    the v2 rules of :func:`mainwp_async.errors.classify`.
    """
    hdrs: Mapping[str, str] = headers or {}
    ok = 200 <= status < 300
    if isinstance(payload, Mapping) and "ERROR" in payload:
        message = html.unescape(str(payload["ERROR"])) or "v1 error"
        cls: type[APIError]
        if status == 401:
            cls = AuthenticationError
        elif status == 400:
            cls = InvalidParamsError
        elif ok:
            cls = OperationFailed
        else:
            cls = type(classify(status, {}, endpoint=endpoint) or APIError("x", status=status))
        return cls(message, status=status, code=None, endpoint=endpoint, body=payload, headers=hdrs)
    if ok and payload in ("", None):
        if site_scoped:
            shown = f" {site_id}" if site_id is not None else ""
            return NotFoundError(
                f"no child site with site_id{shown} (v1 answers an unknown id with an empty body)",
                status=status,
                code=None,
                endpoint=endpoint,
                body=payload,
                headers=hdrs,
            )
        return None
    if ok and isinstance(payload, Mapping) and set(payload) == {"error"}:
        return OperationFailed(
            html.unescape(str(payload["error"])) or "operation failed",
            status=status,
            code=None,
            endpoint=endpoint,
            body=payload,
            headers=hdrs,
        )
    return classify(status, payload, endpoint=endpoint, headers=hdrs)


def classify_ability(
    status: int,
    payload: Any,
    *,
    endpoint: str,
    headers: Mapping[str, str] | None = None,
    sent_app_password: bool = True,
) -> APIError | None:
    """The typed error of an Abilities API answer (``None`` for a success).

    WordPress errors follow the v2 rules (``*_not_found`` -> ``NotFoundError`` even when
    the REST layer stamped 403 on it, ``ability_invalid_input`` -> ``InvalidParamsError``,
    ``mainwp_permission_denied`` -> ``PermissionDeniedError``); a 401 ``rest_forbidden``
    after an application password was sent means WordPress ignored the password:
    :class:`ApplicationPasswordsUnavailableError`.
    """
    error = classify(status, payload, endpoint=endpoint, headers=headers)
    if error is None or not sent_app_password or status != 401:
        return error
    message = str(payload.get("message", "")) if isinstance(payload, Mapping) else ""
    if error.code == "rest_forbidden" or (
        error.code == "mainwp_permission_denied" and "logged in" in message.lower()
    ):
        return ApplicationPasswordsUnavailableError(
            "the dashboard ignored the application password (WordPress answers as if no "
            "credential was sent): application passwords need HTTPS, a 'local' environment "
            f"or the wp_is_application_passwords_available filter; server said: {error.message}",
            status=status,
            code=error.code,
            endpoint=endpoint,
            body=payload,
            headers=headers or {},
        )
    return error


__all__ += ["classify_ability", "classify_v1"]
