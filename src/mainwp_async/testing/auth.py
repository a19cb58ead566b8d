"""MainWP's REST key check as the simulator runs it (Bearer, Basic ``ck:cs``, query pair)."""

from __future__ import annotations

import base64
from typing import Any

from aiohttp import web

from .state import ApiKey, DashboardState

__all__ = ["auth_error", "authenticate", "scope_error"]

_SCOPES = {"read": ("read", "read_write"), "write": ("write", "read_write"),
           "delete": ("write", "read_write", "delete")}  # fmt: skip


def auth_error(code: str, message: str) -> tuple[int, Any]:
    """A 401 WP_Error (status, body)."""
    return 401, {"code": code, "message": message, "data": {"status": 401}}


def authenticate(
    state: DashboardState, request: web.Request
) -> tuple[ApiKey | None, tuple[int, Any] | None]:
    """The key the request carries, or the refusal; ``(None, None)`` when it carries none."""
    header = request.headers.get("Authorization")
    ck = cs = None
    q = request.query
    if header is None:
        ck = q.get("oauth_mainwp_ck") or q.get("consumer_key")
        cs = q.get("oauth_mainwp_cs") or q.get("consumer_secret")
        if not ck or not cs:
            return None, None
    elif header.startswith("Bearer "):
        token = header[7:].strip()
        if not token:
            return None, None
        if "==" not in token:
            return None, auth_error(
                "mainwp_rest_authentication_missing_parameter", "Invalid OAuth parameter."
            )
        secret, _, keyhex = token.partition("==")
        ck, cs = "ck_" + keyhex, "cs_" + secret
    elif header.startswith("Basic "):
        try:
            decoded = base64.b64decode(header[6:]).decode()
        except (ValueError, UnicodeDecodeError):
            decoded = ""
        ck, _, cs = decoded.partition(":")
    else:
        return None, None
    key = state.key_by_hex((ck or "").removeprefix("ck_"))
    if key is None or not key.active:
        return None, auth_error(
            "mainwp_rest_authentication_disabled_key", "The REST API Key are disabled."
        )
    if (cs or "").removeprefix("cs_") != key.secret_hex:
        return None, auth_error("mainwp_rest_authentication_error", "Consumer secret is invalid.")
    return key, None


def scope_error(key: ApiKey, method: str) -> tuple[int, Any] | None:
    """The refusal when ``key``'s scope does not allow ``method``, else ``None``."""
    need = {"GET": "read", "HEAD": "read", "POST": "write", "PUT": "write",
            "PATCH": "write", "DELETE": "delete"}.get(method)  # fmt: skip
    if need is None or key.scope in _SCOPES[need]:
        return None
    return auth_error(
        "mainwp_rest_authentication_error",
        f"The API key provided does not have {need} permissions.",
    )
