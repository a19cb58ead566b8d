"""The WordPress Abilities API (``/wp-json/wp-abilities/v1``) on the same state as v2.

WordPress user auth only (Basic ``user:application-password``; ignored when
:attr:`DoorState.app_passwords_available` is off, as over plain http in production).
The verb of ``/run`` must match the ability's annotations (405 otherwise); input is read
from ``input[...]`` query parameters (GET/DELETE) or the JSON ``{"input": …}`` (POST) and
checked against the ability's input schema before permissions, as WordPress does.
The fleet abilities queue a batch job above :attr:`DoorState.batch_threshold` sites.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

from ..doors import AppPassword, doors
from ..jobs import jobs_of
from ..routing import (
    Ctx,
    Reply,
    WithHeaders,
    handles,
    register_namespace,
    routes_from_index,
    wp_error,
)
from ._abilities_clients import RUNNERS as _CLIENT_RUNNERS
from ._abilities_run import RUNNERS as _FLEET_RUNNERS
from ._abilities_site_items import RUNNERS as _ITEM_RUNNERS
from ._abilities_sites import RUNNERS as _SITE_RUNNERS
from ._abilities_updates import RUNNERS as _UPDATE_RUNNERS

__all__ = ["AB_NS", "DEFINITIONS", "RUNNERS"]

#: every simulated ability by name (the rest answer 501 ``sim_not_simulated``)
RUNNERS = {**_FLEET_RUNNERS, **_SITE_RUNNERS, **_ITEM_RUNNERS, **_UPDATE_RUNNERS, **_CLIENT_RUNNERS}

AB_NS = "/wp-abilities/v1"
_NAME = r"(?P<name>[a-z0-9-]+/[a-z0-9-]+)"
DEFINITIONS: dict[str, dict[str, Any]] = {
    d["name"]: d
    for d in json.loads(
        resources.files("mainwp_async._generated.abilities")
        .joinpath("definitions.json")
        .read_text(encoding="utf-8")
    )
}
_CATEGORIES = sorted({d["category"] for d in DEFINITIONS.values()} | {"user"})

_rows: list[dict[str, Any]] = [
    {"route": AB_NS, "methods": ["GET"]},
    {"route": AB_NS + "/abilities", "methods": ["GET"]},
    {
        "route": AB_NS + "/abilities/" + _NAME + "/run",
        "methods": ["GET", "POST", "PUT", "PATCH", "DELETE"],
    },
    {"route": AB_NS + "/abilities/" + _NAME, "methods": ["GET"]},
    {"route": AB_NS + "/categories", "methods": ["GET"]},
    {"route": AB_NS + "/categories/(?P<slug>[a-z0-9-]+)", "methods": ["GET"]},
]
for _r in _rows:
    _r["endpoints"] = [{"methods": _r["methods"], "args": {}}]
register_namespace(AB_NS, routes_from_index(_rows, AB_NS), mainwp_auth=False, require_key=False)


def _user(ctx: Ctx) -> AppPassword | None:
    """The WordPress user the request authenticates as (``None``: anonymous)."""
    d = doors(ctx.state)
    header = ctx.request.headers.get("Authorization", "") if ctx.request is not None else ""
    if not header.startswith("Basic ") or not d.app_passwords_available:
        return None
    try:
        user, _, password = base64.b64decode(header[6:]).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    known = [p for p in d.app_passwords if p.user == user]
    if not known:  # e.g. a v1 pair as Basic: WordPress answers as for no credential
        return None
    for p in known:
        if p.password == password.replace(" ", ""):
            return p
    raise wp_error(
        "incorrect_password", "The provided password is an invalid application password.", 401
    )


def _logged_in(ctx: Ctx) -> AppPassword:
    user = _user(ctx)
    if user is None:
        raise wp_error("rest_forbidden", "Sorry, you are not allowed to do that.", 401)
    return user


def _links(ctx: Ctx, d: dict[str, Any]) -> dict[str, Any]:
    base = f"{ctx.dash.public_url}/wp-json{AB_NS}/abilities"
    return {
        **d,
        "_links": {
            "self": [{"href": f"{base}/{d['name']}"}],
            "collection": [{"href": base}],
            "wp:action-run": [{"href": f"{base}/{d['name']}/run"}],
        },
    }


@handles("", ns=AB_NS)
async def h_ab_index(ctx: Ctx) -> Any:
    """The namespace index (public)."""
    return {
        "namespace": "wp-abilities/v1",
        "routes": {r["route"]: {"methods": r["methods"]} for r in _rows},
    }


@handles("/abilities", ns=AB_NS)
async def h_ab_list(ctx: Ctx) -> Any:
    """The definitions, paged with ``X-WP-Total``/``X-WP-TotalPages``/``Link``."""
    _logged_in(ctx)
    per_page = int(str(ctx.query.get("per_page", "50")) or 50)
    page = int(str(ctx.query.get("page", "1")) or 1)
    if not 1 <= per_page <= 100:
        raise Reply(
            400,
            {
                "code": "rest_invalid_param",
                "message": "Invalid parameter(s): per_page",
                "data": {
                    "status": 400,
                    "params": {
                        "per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"
                    },
                },
            },
        )
    items = [d for d in DEFINITIONS.values() if ctx.query.get("category") in (None, d["category"])]
    total_pages = max(1, -(-len(items) // per_page))
    chunk = items[(page - 1) * per_page : page * per_page]
    base = f"{ctx.dash.public_url}/wp-json{AB_NS}/abilities"
    links = []
    if page > 1:
        links.append(f'<{base}?page={page - 1}>; rel="prev"')
    if page < total_pages:
        links.append(f'<{base}?page={page + 1}>; rel="next"')
    headers = {"X-WP-Total": str(len(items)), "X-WP-TotalPages": str(total_pages)}
    if links:
        headers["Link"] = ", ".join(links)
    return WithHeaders([_links(ctx, d) for d in chunk], headers)


@handles("/abilities/" + _NAME, ns=AB_NS)
async def h_ab_get(ctx: Ctx) -> Any:
    """One definition."""
    _logged_in(ctx)
    return _links(ctx, _definition(ctx.groups["name"]))


@handles("/categories", ns=AB_NS)
async def h_ab_categories(ctx: Ctx) -> Any:
    """The categories."""
    _logged_in(ctx)
    return [
        {"slug": c, "label": c.replace("-", " ").title(), "description": "", "meta": []}
        for c in _CATEGORIES
    ]


@handles("/categories/(?P<slug>[a-z0-9-]+)", ns=AB_NS)
async def h_ab_category(ctx: Ctx) -> Any:
    """One category."""
    _logged_in(ctx)
    slug = ctx.groups["slug"]
    if slug not in _CATEGORIES:
        raise wp_error("rest_ability_category_not_found", "Ability category not found.", 404)
    return {"slug": slug, "label": slug.replace("-", " ").title(), "description": "", "meta": []}


def _definition(name: str) -> dict[str, Any]:
    found = DEFINITIONS.get(name)
    if found is None:
        raise wp_error("rest_ability_not_found", "Ability not found.", 404)
    return found


def _verb(d: dict[str, Any]) -> str:
    ann = (d.get("meta") or {}).get("annotations") or {}
    if ann.get("readonly"):
        return "GET"
    return "DELETE" if ann.get("destructive") and ann.get("idempotent") else "POST"


_VERB_MESSAGES = {
    "GET": "Read-only abilities require GET method.",
    "POST": "Abilities that perform updates require POST method.",
    "DELETE": "Abilities that perform destructive actions require DELETE method.",
}


def _query_input(query: dict[str, str], raw: Any) -> Any:
    """PHP's reading of ``input[a]=1&input[b][]=2`` (only the ``input`` key)."""
    out: dict[str, Any] = {}
    pairs = raw.query.items() if raw is not None else query.items()
    for key, value in pairs:
        m = re.fullmatch(r"input\[([^\]]+)\](\[\])?", key)
        if m is None:
            continue
        if m.group(2):
            out.setdefault(m.group(1), []).append(value)
        else:
            out[m.group(1)] = value
    if "input" in query and not out:
        return query["input"]  # a string: not an object
    return out or None


class _Invalid(Exception):
    pass


def _check(schema: Any, value: Any, path: str) -> Any:
    """Validate like ``rest_validate_value_from_schema`` (strings coerce); return the value."""
    if not isinstance(schema, dict) or not schema:
        return value
    types = schema.get("type")
    kinds = types if isinstance(types, list) else [types] if types else []
    if "oneOf" in schema:
        return value
    if value is None and "null" in kinds:
        return None
    concrete = [k for k in kinds if k != "null"]
    if len(concrete) > 1:  # rest_get_best_type_for_value: the first type the value fits
        for one in concrete[:-1]:
            try:
                return _check({**schema, "type": one}, value, path)
            except _Invalid:
                continue
        return _check({**schema, "type": concrete[-1]}, value, path)
    kind = concrete[0] if concrete else None
    if kind == "object":
        if not isinstance(value, dict):
            raise _Invalid(f"{path or 'input'} is not of type object.")
        props = schema.get("properties") or {}
        for key in value:
            if key not in props and schema.get("additionalProperties") is False:
                raise _Invalid(f"{key} is not a valid property of Object.")
        for req in schema.get("required") or []:
            if req not in value:
                raise _Invalid(f"{req} is a required property of {path or 'input'}.")
        return {k: _check(props.get(k), v, f"input[{k}]") for k, v in value.items()}
    if kind == "array":
        items = value if isinstance(value, list) else [value]
        return [_check(schema.get("items"), v, f"{path}[{i}]") for i, v in enumerate(items)]
    if kind == "integer":
        if isinstance(value, bool) or not re.fullmatch(r"-?\d+", str(value)):
            raise _Invalid(f"{path} is not of type integer.")
        num = int(str(value))
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if (lo is not None and num < lo) or (hi is not None and num > hi):
            if lo is not None and hi is not None:
                raise _Invalid(f"{path} must be between {lo} (inclusive) and {hi} (inclusive)")
            raise _Invalid(f"{path} must be greater than or equal to {lo}")
        return value
    if kind == "boolean":
        if str(value).lower() not in ("true", "false", "1", "0"):
            raise _Invalid(f"{path} is not of type boolean.")
        return value
    if kind == "string" and schema.get("pattern") and not re.search(schema["pattern"], str(value)):
        raise _Invalid(f"{path} does not match pattern {schema['pattern']}.")
    enum = schema.get("enum")
    if enum and str(value) not in [str(e) for e in enum]:
        listed = ", ".join(str(e) for e in enum[:-1]) + f", and {enum[-1]}"
        raise _Invalid(f"{path} is not one of {listed}.")
    return value


@handles("/abilities/" + _NAME + "/run", ns=AB_NS)
async def h_ab_run(ctx: Ctx) -> Any:
    """Run one ability."""
    name = ctx.groups["name"]
    jobs_of(ctx.dash).tick(ctx.state)  # a request lets WP-Cron run queued work
    d = _definition(name)
    user = _user(ctx)
    want = _verb(d)
    if ctx.method != want:
        raise wp_error("rest_ability_invalid_method", _VERB_MESSAGES[want], 405)
    if want == "POST":
        data = ctx.json.get("input") if isinstance(ctx.json, dict) else None
    else:
        data = _query_input(ctx.query, ctx.request)
    schema = d.get("input_schema") or {}
    if data is None and isinstance(schema, dict) and "default" in schema:
        data = schema["default"] or {}  # WP_Ability::normalize_input: the default stands in
    try:
        if data is None and isinstance(schema, dict) and schema:
            kinds = schema.get("type")
            if not (isinstance(kinds, list) and "null" in kinds):
                raise _Invalid("input is not of type object.")
        elif data is not None:
            data = _check(schema, data, "")
    except _Invalid as exc:
        raise wp_error(
            "ability_invalid_input", f'Ability "{name}" has invalid input. Reason: {exc}', 400
        ) from None
    if user is None:
        raise Reply(
            401,
            {
                "code": "mainwp_permission_denied",
                "message": "You must be logged in to access this ability.",
                "data": {"status": 401},
                "additional_data": [{"status": 401}],
            },
        )
    if user.role != "administrator":
        raise Reply(
            403,
            {
                "code": "mainwp_permission_denied",
                "message": "You do not have permission to perform this action.",
                "data": {"status": 403},
                "additional_data": [{"status": 403}],
            },
        )
    runner: Callable[[Ctx, dict[str, Any]], Any] | None = RUNNERS.get(name)
    if runner is None:
        raise wp_error("sim_not_simulated", f"The simulator does not run {name}.", 501)
    return runner(ctx, dict(data or {}))
