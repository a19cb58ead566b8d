"""JSON Schemas of the CLI's ``--json`` documents (what scripts may rely on)."""

from __future__ import annotations

from typing import Any

FAILURE = {
    "type": "object",
    "required": ["dashboard", "error", "message", "site_id", "site"],
    "additionalProperties": False,
    "properties": {
        "dashboard": {"type": "string"},
        "error": {"type": "string", "pattern": "^[A-Z][A-Za-z]+$"},
        "message": {"type": "string", "minLength": 1},
        "site_id": {"type": ["integer", "null"]},
        "site": {"type": ["string", "null"]},
    },
}


def envelope(command: str, item: dict[str, Any]) -> dict[str, Any]:
    """``{"command", "items": [item...], "failures": [...]}`` for one command."""
    return {
        "type": "object",
        "required": ["command", "items", "failures"],
        "additionalProperties": False,
        "properties": {
            "command": {"const": command},
            "items": {"type": "array", "items": item},
            "failures": {"type": "array", "items": FAILURE},
        },
    }


def obj(required: dict[str, Any], **optional: Any) -> dict[str, Any]:
    """An object schema: every key in ``required`` present (with the ``dashboard`` key)."""
    props = {"dashboard": {"type": "string"}, **required, **optional}
    return {
        "type": "object",
        "required": ["dashboard", *required],
        "additionalProperties": False,
        "properties": props,
    }


INT = {"type": "integer"}
STR = {"type": "string"}
OPT_STR = {"type": ["string", "null"]}
BOOL = {"type": "boolean"}

SITE = obj(
    {
        "id": INT,
        "name": STR,
        "url": {"type": "string", "pattern": "^https?://"},
        "status": {"enum": ["connected", "disconnected", "suspended", "unknown"]},
        "client_id": {"type": ["integer", "null"]},
        "tags": {"type": "array", "items": STR},
    }
)
SITE_DETAIL = obj(
    {
        "id": INT,
        "name": STR,
        "url": STR,
        "status": OPT_STR,
        "suspended": {"type": ["boolean", "null"]},
        "client_id": {"type": ["integer", "null"]},
        "wp_version": OPT_STR,
        "php_version": OPT_STR,
        "child_version": OPT_STR,
        "plugins": INT,
        "themes": INT,
        "plugin_updates": INT,
        "theme_updates": INT,
        "last_sync": {"type": ["string", "null"], "format": "date-time"},
        "sync_errors": OPT_STR,
    }
)
SITE_ACTION = obj({"id": INT, "name": STR, "url": STR, "result": {"const": "ok"}})
INVENTORY = obj(
    {
        "slug": STR,
        "name": OPT_STR,
        "sites": {"type": "integer", "minimum": 1},
        "active": {"type": "integer", "minimum": 0},
        "versions": {"type": "array", "items": STR, "minItems": 1},
        "updates": {"type": "integer", "minimum": 0},
    }
)
INVENTORY_BY_SITE = obj(
    {
        "site_id": INT,
        "site": OPT_STR,
        "slug": STR,
        "name": OPT_STR,
        "version": OPT_STR,
        "active": BOOL,
        "update": OPT_STR,
    }
)
PLAN_ITEM = {
    "site_id": INT,
    "site": OPT_STR,
    "type": {"enum": ["plugin", "theme", "core", "translation"]},
    "slug": OPT_STR,
    "name": OPT_STR,
    "current": OPT_STR,
    "new": OPT_STR,
}
PLAN = obj(PLAN_ITEM)
APPLY = obj(
    {**PLAN_ITEM, "result": {"enum": ["dry run", "updated", "updated, sync failed", "failed"]}}
)
TAG = obj({"id": INT, "name": STR, "color": OPT_STR, "sites": INT})
CLIENT = obj({"id": INT, "name": STR, "email": OPT_STR, "city": OPT_STR, "suspended": BOOL})
COST = obj(
    {
        "id": INT,
        "name": STR,
        "type": OPT_STR,
        "status": OPT_STR,
        "price": {"type": ["number", "null"]},
        "renewal": OPT_STR,
        "next_renewal": OPT_STR,
    }
)
CALL = obj({"status": INT, "json": {}})
DISCOVER = obj(
    {
        "in_sync": BOOL,
        "live_routes": INT,
        "known_routes": INT,
        "added": {"type": "array", "items": STR},
        "removed": {"type": "array", "items": STR},
        "changed": {"type": "array", "items": STR},
        "summary": STR,
    }
)
PROFILE = {
    "type": "object",
    "required": ["name", "url", "token", "scope", "max_concurrency", "rate_limit"],
    "additionalProperties": False,
    "properties": {
        "name": STR,
        "url": STR,
        "token": {"type": "string", "pattern": "^(env |keyring |file|none)"},
        "scope": OPT_STR,
        "max_concurrency": {"type": ["integer", "null"]},
        "rate_limit": {"type": ["number", "null"]},
    },
}
