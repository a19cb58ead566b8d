"""Pending updates as the 6.1.2 server lists them, and what ignoring one does.

Sources (MainWP Dashboard 6.1.2, read and re-expressed here):

* ``GET updates`` rows: ``includes/abilities/class-mainwp-abilities-updates.php``
  ``::get_site_updates`` (via ``::execute_list_updates``, which the REST controller calls
  first): one row per core, plugin, theme and translation update; the core row's type is
  ``core``; a translation row takes ``name`` (else ``slug``) and ``version`` from the
  child's record and has no ``new_version``. The ability pages with its default
  ``per_page`` of 50, which the REST route never overrides, so the route answers at most
  50 rows. The REST ``exclude`` filter unsets *row positions* equal to the excluded ids
  (``class-mainwp-rest-updates-controller.php::get_items``), which turns the list into an
  index-keyed object when it removes anything.
* ``GET updates/{site}``: ``class-mainwp-rest-updates-controller.php::get_updates_of_site``:
  the stored upgrade records, emptied by the site's ``is_ignore*Updates`` flags and
  filtered through its ignored lists.
* Ignored lists: ``class/class-mainwp-common-functions.php::get_not_ignored_updates_themesplugins``
  drops an update only when the ignored array has its *slug* as key (with ``all_versions``
  or that version). The dashboard UI records slug-keyed entries. The REST v2 route
  (``::ignore_updates_batch_items``) walks the parsed slug list with its *positions* as
  keys, so it records ``{0: {Name: <slug>, ...}}`` (a JSON list when the array was empty),
  answers ``data`` keyed by position, records nothing for a position already taken, and
  the ignored update keeps being listed. v2 has no un-ignore route.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from .php import remove_http_prefix
from .state import Site

__all__ = [
    "LIST_PER_PAGE",
    "TYPES",
    "ignore_items",
    "not_ignored",
    "site_update_rows",
    "site_updates",
]

#: The ability's default page size that ``GET updates`` ends up with.
LIST_PER_PAGE = 50
#: Update types the list ability accepts, in the order it emits rows.
TYPES = ("core", "plugins", "themes", "translations")


def _flag(site: Site, name: str) -> bool:
    return site.fields.get(name, "0") not in ("", "0")


def not_ignored(upgrades: dict[str, Any], ignored: dict[Any, Any]) -> dict[str, Any]:
    """The updates whose slug is not ignored (for all versions or the offered one)."""
    out: dict[str, Any] = {}
    for slug, info in upgrades.items():
        entry = ignored.get(slug)
        if isinstance(entry, str):
            continue  # the old format: slug -> name
        if isinstance(entry, dict):
            versions = entry.get("ignored_versions") or []
            offered = (info.get("update") or {}).get("new_version", "")
            if "all_versions" in versions or offered in versions:
                continue
        out[slug] = info
    return out


def _core(site: Site) -> dict[str, Any]:
    wp = site.wp_upgrades
    if _flag(site, "is_ignoreCoreUpdates") or not isinstance(wp, dict):
        return {}
    return wp


def site_update_rows(site: Site, types: tuple[str, ...] = TYPES) -> list[dict[str, Any]]:
    """The rows ``GET updates`` lists for one site."""
    rows: list[dict[str, Any]] = []
    base = {"site_id": site.id, "site_url": site.url, "site_name": remove_http_prefix(site.name)}
    core = _core(site)
    if "core" in types and core:
        rows.append({**base, "type": "core", "slug": "wordpress", "name": "WordPress",
                     "current_version": core.get("current", ""),
                     "new_version": core.get("new", "")})  # fmt: skip
    for kind, table, ignored, flag in (
        ("plugin", site.plugin_upgrades, site.ignored_plugins, "is_ignorePluginUpdates"),
        ("theme", site.theme_upgrades, site.ignored_themes, "is_ignoreThemeUpdates"),
    ):
        if kind + "s" not in types or _flag(site, flag):
            continue
        for slug, info in not_ignored(table, ignored).items():
            offered = (info.get("update") or {}).get("new_version", info.get("new_version", ""))
            rows.append({**base, "type": kind, "slug": slug, "name": info.get("Name", slug),
                         "current_version": info.get("Version", ""),
                         "new_version": offered})  # fmt: skip
    if "translations" in types and isinstance(site.translation_upgrades, list):
        for tr in site.translation_upgrades:
            rows.append({**base, "type": "translation", "slug": tr.get("slug", ""),
                         "name": tr.get("name", tr.get("slug", "")),
                         "current_version": tr.get("version", ""),
                         "new_version": tr.get("new_version", "")})  # fmt: skip
    return rows


def site_updates(site: Site, kinds: set[str] | None = None) -> dict[str, Any]:
    """``GET updates/{site}`` data: ``wp``, ``plugins``, ``themes``, ``translations``."""
    plugins = {} if _flag(site, "is_ignorePluginUpdates") else site.plugin_upgrades
    themes = {} if _flag(site, "is_ignoreThemeUpdates") else site.theme_upgrades
    data: dict[str, Any] = {
        "wp": _core(site) or [],
        "plugins": not_ignored(plugins, site.ignored_plugins) or [],
        "themes": not_ignored(themes, site.ignored_themes) or [],
        "translations": site.translation_upgrades or [],
    }
    if kinds and "all" not in kinds:
        data = {k: v for k, v in data.items() if k in kinds}
    return data


def ignore_items(site: Site, kind: str, slugs: list[str]) -> dict[Any, str]:
    """What ``POST updates/{site}/ignore/{plugins|themes}`` with ``slug`` records.

    Returns the answer's ``data`` as a PHP array (position -> ``"success"``).
    """
    ignored = site.ignored_plugins if kind == "plugin" else site.ignored_themes
    data: dict[Any, str] = {}
    for position, slug in enumerate(slugs):
        if position not in ignored:
            ignored[position] = {"Name": unquote(slug), "ignored_versions": ["all_versions"]}
            data[position] = "success"
    return data
