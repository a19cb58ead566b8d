"""How every MainWP REST v2 route gets its ``category.name`` in the SDK.

The rule, applied to a route of the ``mainwp/v2`` namespace:

1. **Category** = the first path segment, lower-cased, dashes turned into ``_``;
   ``rest-api`` becomes ``api_keys`` and the global ``/batch`` route is the ``batch``
   category.
2. **Name** = the remaining segments after the category, with every path-parameter
   segment dropped, joined with ``_`` (dashes inside a segment become ``_`` too):
   ``/sites/{id_domain}/plugins/activate`` -> ``sites.plugins_activate``.
3. **Empty name**: ``list`` for a GET without path parameters (``GET /sites`` ->
   ``sites.list``), ``get`` for a GET with path parameters (``GET /tags/{id}`` ->
   ``tags.get``), ``run`` otherwise (``POST /batch`` -> ``batch.run``).
4. **Regex variants of one path** (the server registers some paths twice with
   different parameter patterns): the numeric variant keeps the name, the
   domain variant gets ``_by_domain`` and the e-mail variant ``_by_email``
   (``sites.get`` / ``sites.get_by_domain``, ``clients.get`` / ``clients.get_by_email``).
5. **Fleet-wide twins**: when a route without path parameters would get the same
   name as a route with path parameters in the same category, the one *without*
   path parameters gets the suffix ``_all`` (``POST /sites/sync`` -> ``sites.sync_all``,
   ``POST /sites/{id}/sync`` -> ``sites.sync``).
6. **Renames** for the API-key routes, whose paths repeat the noun:
   ``rest-api/keys`` -> ``list``, ``add-key`` -> ``add``, ``edit-key/{id}`` -> ``edit``,
   ``delete-key/{id}`` -> ``delete``.

Names are unique inside a category (the tests check it for the whole API).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = [
    "CATEGORIES",
    "CATEGORY_TITLES",
    "NAMESPACE",
    "category_of",
    "endpoint_name",
    "route_params",
    "route_template",
    "slug",
]

#: The twelve categories in folder/namespace order: (category slug, folder title).
CATEGORY_TITLES: tuple[tuple[str, str], ...] = (
    ("sites", "Sites"),
    ("clients", "Clients"),
    ("tags", "Tags"),
    ("updates", "Updates"),
    ("costs", "Costs"),
    ("users", "Users"),
    ("settings", "Settings"),
    ("monitors", "Monitors"),
    ("api_keys", "API Keys"),
    ("posts", "Posts"),
    ("pages", "Pages"),
    ("batch", "Batch"),
)

#: The category slugs alone, in the same order.
CATEGORIES: tuple[str, ...] = tuple(slug for slug, _ in CATEGORY_TITLES)

#: The REST namespace every route lives in.
NAMESPACE = "/mainwp/v2"

_CATEGORY_RENAMES = {"rest_api": "api_keys"}
_NAME_RENAMES: dict[tuple[str, str], str] = {
    ("api_keys", "keys"): "list",
    ("api_keys", "add_key"): "add",
    ("api_keys", "edit_key"): "edit",
    ("api_keys", "delete_key"): "delete",
}
_NUMERIC_PATTERNS = re.compile(r"^(\(\?!fields\$\))?(\[\\d\]\+|\\d\+|\[0-9\]\+)\$?$")


def slug(text: str) -> str:
    """Return ``text`` as an identifier fragment: lower case, dashes and spaces to ``_``."""
    return re.sub(r"[^0-9a-z_]", "_", text.strip().lower().replace("-", "_").replace(" ", "_"))


def _strip_namespace(route: str) -> str:
    if route.startswith(NAMESPACE):
        route = route[len(NAMESPACE) :]
    return route


def route_params(route: str) -> tuple[str, list[tuple[str, str]]]:
    """Split a route regex into a ``{param}`` template and its ``(name, pattern)`` list.

    Named groups ``(?P<name>...)`` (nested groups and character classes inside are
    handled) become ``{name}``; ``{name}`` and ``:name`` placeholders already in
    template form are accepted as well. The namespace prefix is removed.
    """
    route = _strip_namespace(route)
    out: list[str] = []
    params: list[tuple[str, str]] = []
    i = 0
    n = len(route)
    while i < n:
        if route.startswith("(?P<", i):
            j = route.index(">", i)
            name = route[i + 4 : j]
            k = j + 1
            depth = 1
            in_class = False
            while k < n and depth:
                c = route[k]
                if c == "\\":
                    k += 2
                    continue
                if in_class:
                    if c == "]":
                        in_class = False
                elif c == "[":
                    in_class = True
                elif c == "(":
                    depth += 1
                elif c == ")":
                    depth -= 1
                k += 1
            params.append((name, route[j + 1 : k - 1]))
            out.append("{" + name + "}")
            i = k
        else:
            out.append(route[i])
            i += 1
    template = "".join(out)
    segments = []
    for seg in template.split("/"):
        m = re.fullmatch(r":([A-Za-z_][A-Za-z0-9_]*)|\{\{?([A-Za-z_][A-Za-z0-9_]*)\}?\}", seg)
        if m:
            name = m.group(1) or m.group(2)
            if all(p[0] != name for p in params):
                params.append((name, "[^/]+"))
            seg = "{" + name + "}"
        segments.append(seg)
    return "/".join(segments), params


def route_template(route: str) -> str:
    """Return the ``{param}`` template of a route regex, below the namespace."""
    return route_params(route)[0]


def _segments(template: str) -> list[str]:
    return [s for s in template.split("/") if s]


def category_of(route: str) -> str:
    """Return the category slug of a route (first segment; ``rest-api`` -> ``api_keys``)."""
    segs = _segments(route_template(route))
    if not segs:
        return "index"
    cat = slug(segs[0])
    return _CATEGORY_RENAMES.get(cat, cat)


def _base_name(template: str, method: str) -> str:
    segs = _segments(template)
    has_params = any(s.startswith("{") for s in segs)
    statics = [slug(s) for s in segs[1:] if not s.startswith("{")]
    name = "_".join(statics)
    if not name:
        name = ("get" if has_params else "list") if method.upper() == "GET" else "run"
    return name


def _variant_suffix(params: list[tuple[str, str]]) -> str:
    """Suffix for a regex variant: numeric keeps the name, else ``_by_email``/``_by_domain``."""
    if not params:
        return ""
    pattern = params[-1][1]
    if _NUMERIC_PATTERNS.match(pattern):
        return ""
    if "@" in pattern:
        return "_by_email"
    return "_by_domain"


def endpoint_name(route: str, method: str, all_routes: Iterable[str]) -> tuple[str, str]:
    """Return ``(category, name)`` of ``route`` sent with ``method`` (see module rule).

    ``route`` is the server's regex (with or without the namespace prefix);
    ``all_routes`` are every route of the API (needed for the variant and ``_all``
    rules). Templates with ``{name}`` or ``:name`` placeholders are accepted too.
    """
    template, params = route_params(route)
    category = category_of(route)
    name = _base_name(template, method)
    renamed = _NAME_RENAMES.get((category, name))
    if renamed is not None:
        return category, renamed
    others = [r for r in all_routes if _strip_namespace(r) != _strip_namespace(route)]
    if params:
        twins = [r for r in others if route_template(r) == template]
        if twins:
            name += _variant_suffix(params)
    else:
        for other in others:
            o_template, o_params = route_params(other)
            if (
                o_params
                and category_of(other) == category
                and _base_name(o_template, method) == name
            ):
                name += "_all"
                break
    return category, name
