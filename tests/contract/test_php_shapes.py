"""The models against answers in the shapes MainWP 6.1.2's PHP code emits.

The captures come from one dashboard in one state; these fixtures are written from the
code that builds each answer (named on every fixture), in the states the captures lack:
pending core and translation updates, ignored and abandoned plugins, a suspended and a
disconnected site, open and resolved incidents. Every one must structure with
``strict=True``: no misfit and no unknown key.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from mainwp_async import models as M
from mainwp_async._generated.models import RESPONSE_MODELS
from mainwp_async.convert import structure, unstructure
from mainwp_async.errors import ResponseShapeError

AKISMET = "akismet/akismet.php"


def _site(**changes: Any) -> dict[str, Any]:
    """A site row as sites:prepare_item_for_response sends it (wp + wp_sync columns)."""
    row: dict[str, Any] = {
        "id": "4",
        "name": "Shop",
        "url": "https://shop.example/",
        "tags": {"1": "Production", "7": "Woo"},
        "note": "",
        "ip": "203.0.113.5",
        "client_id": "0",
        "is_staging": "0",
        "wp_version": "6.8.1",
        "php_version": "8.2.1",
        "child_version": "6.1",
        "mysql_version": "8.0.36",
        "memory_limit": "256M",
        "database_size": "1048576",
        "active_theme": "Twenty Twenty-Four 1.2",
        "status": "connected",
        "sync_errors": "",
        "http_status": "200 - OK",
        "health_status": "1",
        "health_score": "87",
        "icon": "",
        "last_sync": "2026-11-30T08:00:00",
        "suspended": "0",
        "plugins": json.dumps(
            [{"name": "Akismet", "slug": AKISMET, "version": "5.7", "active": 1, "mainwp": "F"}]
        ),
        "themes": json.dumps(
            [{"name": "Twenty Twenty-Four", "slug": "twentytwentyfour", "version": "1.2"}]
        ),
        "wp_upgrades": json.dumps({"current": "6.8.1", "new": "6.8.2"}),
        "plugin_upgrades": json.dumps(
            {
                AKISMET: {
                    "Name": "Akismet",
                    "Version": "5.7",
                    "DomainPath": "",
                    "update": {
                        "id": "w.org/plugins/akismet",
                        "slug": "akismet",
                        "plugin": AKISMET,
                        "new_version": "5.7.1",
                        "package": "https://downloads.example/akismet.5.7.1.zip",
                        "icons": {"1x": "https://img.example/a.png"},
                        "banners": [],
                        "compatibility": [],
                    },
                }
            }
        ),
        "theme_upgrades": json.dumps(
            {
                "twentytwentyfour": {
                    "Name": "Twenty Twenty-Four",
                    "Version": "1.2",
                    "active": 1,
                    "update": {"theme": "twentytwentyfour", "new_version": "1.3"},
                }
            }
        ),
        # child_stats:stats_translation_updates
        "translation_upgrades": json.dumps(
            [
                {"type": "plugin", "slug": "akismet", "language": "de_DE", "version": "5.7"},
                {"type": "core", "slug": "default", "language": "de_DE", "name": "WordPress core"},
            ]
        ),
        # updates:ignore_updates_batch_items
        "ignored_plugins": json.dumps(
            {AKISMET: {"Name": "Akismet", "ignored_versions": ["all_versions"]}}
        ),
        "ignored_themes": "[]",
    }
    row.update(changes)
    return row


def _get_site(row: dict[str, Any], *, strict: bool = True) -> M.Site:
    out = structure({"data": row}, RESPONSE_MODELS["sites.get"], strict=strict)
    assert isinstance(out, M.SitesGetResponse)
    return out.data


def test_a_rich_site_is_fully_typed() -> None:
    site = _get_site(_site())
    assert (site.id, site.name, site.url, site.status) == (
        4,
        "Shop",
        "https://shop.example/",
        "connected",
    )
    assert site.health_score == 87 and site.database_size == 1048576 and site.health_status == 1
    assert site.http_status == "200 - OK"  # code and text: a string, as the server builds it
    assert site.tags == {"1": "Production", "7": "Woo"}
    assert site.plugins is not None and site.plugins[0].active is True
    assert site.extra == {}


def test_slug_keyed_maps_keep_their_keys() -> None:
    site = _get_site(_site())
    assert site.plugin_upgrades is not None and AKISMET in site.plugin_upgrades
    offer = site.plugin_upgrades[AKISMET].update
    assert isinstance(offer, M.UpgradeOffer)
    assert offer.new_version == "5.7.1" and offer.icons == {"1x": "https://img.example/a.png"}
    assert offer.banners == {}  # an empty PHP array is an empty map
    assert site.theme_upgrades is not None
    theme = site.theme_upgrades["twentytwentyfour"]
    assert isinstance(theme, M.ThemeUpgrade) and theme.update is not None
    assert theme.update.new_version == "1.3" and theme.active is True


def test_core_and_translation_updates_on_a_site() -> None:
    site = _get_site(_site())
    assert site.wp_upgrades == M.CoreUpgrade(current="6.8.1", new="6.8.2")
    assert site.translation_upgrades is not None
    assert [(t.type, t.slug, t.language) for t in site.translation_upgrades] == [
        ("plugin", "akismet", "de_DE"),
        ("core", "default", "de_DE"),
    ]
    assert all(isinstance(t, M.TranslationUpdate) for t in site.translation_upgrades)


def test_ignored_items_are_keyed_by_slug() -> None:
    site = _get_site(_site())
    assert site.ignored_plugins is not None and AKISMET in site.ignored_plugins
    assert site.ignored_plugins[AKISMET] == M.IgnoredItem(
        name="Akismet", ignored_versions=["all_versions"]
    )
    assert site.ignored_themes == {}


def test_a_suspended_and_a_disconnected_site() -> None:
    suspended = _get_site(_site(status="suspended", suspended="1"))
    assert suspended.status == "suspended" and suspended.suspended is True
    error = "HTTP error: the child site answered with status 500"
    down = _get_site(_site(status="disconnected", sync_errors=error))
    assert down.status == "disconnected" and down.sync_errors == error
    assert down.suspended is False


def test_a_failed_site_in_a_multi_site_sync() -> None:
    body = {"total": 2, "data": {"4": {"result": "success", **_site()}, "5": {"result": "failed"}}}
    out = structure(body, RESPONSE_MODELS["sites.sync_all"], strict=True)
    assert out.data is not None
    assert out.data["4"].result == "success" and out.data["4"].plugin_upgrades is not None
    assert out.data["5"] == M.SiteSyncResult(result="failed")


def test_site_updates_with_core_plugin_theme_and_translation_rows() -> None:
    # updates:get_updates_of_site
    row = _site()
    body = {
        "success": 1,
        "data": {
            "wp": json.loads(row["wp_upgrades"]),
            "plugins": json.loads(row["plugin_upgrades"]),
            "themes": json.loads(row["theme_upgrades"]),
            "translations": json.loads(row["translation_upgrades"]),
        },
    }
    out = structure(body, RESPONSE_MODELS["updates.get"], strict=True)
    updates = out.data
    assert isinstance(updates, M.SiteUpdates)
    assert updates.wp == M.CoreUpgrade(current="6.8.1", new="6.8.2")
    assert updates.plugins is not None and isinstance(updates.plugins[AKISMET], M.PluginUpgrade)
    assert updates.translations is not None and updates.translations[1].name == "WordPress core"
    none = structure(
        {"success": 1, "data": {"wp": [], "plugins": [], "themes": [], "translations": []}},
        RESPONSE_MODELS["updates.get"],
        strict=True,
    )
    assert none.data is not None and none.data.plugins == {} and none.data.translations == []


def test_the_fleet_update_list_has_core_and_translation_rows() -> None:
    # abilities_updates:get_list_updates_output_schema: every key required
    common = {"site_id": 4, "site_url": "https://shop.example/", "site_name": "Shop"}
    rows = [
        {**common, "type": "core", "slug": "wordpress", "name": "WordPress",
         "current_version": "6.8.1", "new_version": "6.8.2"},
        {**common, "type": "translation", "slug": "akismet", "name": "Akismet (de_DE)",
         "current_version": "5.7", "new_version": "5.7"},
    ]  # fmt: skip
    out = structure({"success": 1, "data": rows}, RESPONSE_MODELS["updates.list"], strict=True)
    assert out.data is not None
    assert [(u.type, u.site_id) for u in out.data] == [("core", 4), ("translation", 4)]
    assert all(isinstance(u, M.UpdateItem) for u in out.data)


def test_ignored_updates_listing() -> None:
    row = {
        "site_id": 4,
        "site_url": "https://shop.example/",
        "site_name": "Shop",
        "type": "plugin",
        "slug": AKISMET,
        "name": "Akismet",
        "ignored_version": "all_versions",
    }
    out = structure({"success": 1, "data": [row]}, RESPONSE_MODELS["updates.ignored"], strict=True)
    assert out.data == [M.IgnoredUpdate(**{**row, "site_id": 4})]
    done = structure(
        {"success": 1, "data": ["success"], "url": "https://shop.example/"},
        RESPONSE_MODELS["updates.ignore_plugins"],
        strict=True,
    )
    assert isinstance(done, M.IgnoreUpdatesResult) and done.data == ["success"]


ABANDONED = {
    # child_plugins_check:run_check -> plugins_outdate_info, keyed by plugin file
    "success": 1,
    "total": 1,
    "data": {
        "hello.php": {
            "Name": "Hello Dolly",
            "PluginURI": "http://wordpress.org/plugins/hello-dolly/",
            "Version": "1.7.2",
            "last_updated": 1609459200,
        }
    },
    "site": {"id": "4", "name": "Shop", "url": "https://shop.example/", "client_id": "0"},
}


def test_abandoned_plugins_and_themes_keep_slug_name_and_version() -> None:
    out = structure(ABANDONED, RESPONSE_MODELS["sites.plugins_abandoned"], strict=True)
    assert out.data is not None
    item = out.data["hello.php"]
    assert isinstance(item, M.AbandonedItem)
    assert (item.name, item.version) == ("Hello Dolly", "1.7.2")
    assert item.last_updated == datetime(2021, 1, 1, tzinfo=UTC)
    themes = {
        **ABANDONED,
        "data": {"twentyten": {"Name": "Twenty Ten", "Version": "4.1", "last_updated": 1609459200}},
    }
    out_t = structure(themes, RESPONSE_MODELS["sites.themes_abandoned"], strict=True)
    assert out_t.data is not None and out_t.data["twentyten"].name == "Twenty Ten"
    empty = structure(
        {**ABANDONED, "total": 0, "data": []}, RESPONSE_MODELS["sites.plugins_abandoned"]
    )
    assert empty.data == {}


def test_incidents_open_and_resolved() -> None:
    # monitors:get_monitor_incidents
    body = {
        "success": 1,
        "data": [
            {"started_at": "2026-11-30T10:00:00Z", "ended_at": None, "duration_sec": 0,
             "resolved": False, "down_count": 3},
            {"started_at": "2026-11-29T10:00:00Z", "ended_at": "2026-11-29T10:10:00Z",
             "duration_sec": 600, "resolved": True, "down_count": 2},
        ],
    }  # fmt: skip
    out = structure(body, RESPONSE_MODELS["monitors.incidents"], strict=True)
    assert out.data is not None
    open_, resolved = out.data
    assert open_.resolved is False and open_.ended_at is None and open_.duration_sec == 0
    assert resolved.resolved is True and resolved.duration_sec == 600
    assert resolved.ended_at == datetime(2026, 11, 29, 10, 10, tzinfo=UTC)


def test_json_text_id_lists_become_int_lists() -> None:
    # costs_db:install: sites / groups / clients are JSON text of ids
    cost = {
        "id": 3,
        "name": "Hosting",
        "sites": "[1,2]",
        "groups": "[5]",
        "clients": "",
        "price": "9.5",
    }
    out = structure({"success": 1, "data": cost}, RESPONSE_MODELS["costs.get"], strict=True)
    assert out.data is not None
    assert (out.data.sites, out.data.groups, out.data.clients) == ([1, 2], [5], None)


def test_the_new_site_id_after_sites_add_is_a_field() -> None:
    # sites:create_item
    body = {
        "success": 1,
        "message": "Site successfully added.",
        "data": {"id": "9", "name": "New", "url": "https://new.example/", "client_id": "0"},
    }
    out = structure(body, RESPONSE_MODELS["sites.add"], strict=True)
    assert out.data is not None and out.data.id == 9 and out.extra == {}


# ---- mismatches: warned once, kept in .extra, raised under strict ----------------------


@pytest.mark.parametrize(
    ("field", "raw"),
    [
        # a JSON list where a slug-keyed map is declared: never re-keyed as {"0": ...}
        ("tags", ["Production", "Woo"]),
        ("plugin_upgrades", json.dumps([{"Name": "Akismet", "Version": "5.7"}])),
        # a slug-keyed object where a list is declared: its keys are never dropped
        ("translation_upgrades", json.dumps({"akismet": {"type": "plugin", "slug": "akismet"}})),
        ("plugins", json.dumps({AKISMET: {"name": "Akismet", "slug": AKISMET}})),
    ],
)
def test_list_vs_map_mismatches_are_kept_warned_and_raised_under_strict(
    field: str, raw: Any, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mainwp_async import convert

    monkeypatch.setattr(convert, "_WARNED", set())  # forget warnings of earlier tests
    caplog.set_level("WARNING", logger="mainwp_async")
    site = _get_site(_site(**{field: raw}), strict=False)
    _get_site(_site(**{field: raw}), strict=False)
    assert getattr(site, field) is None
    assert site.extra[field] == raw  # untouched, reachable
    warned = [r.getMessage() for r in caplog.records if f"Site.{field}" in r.getMessage()]
    assert len(warned) == 1 and "Akismet" not in warned[0]  # once, and never the value
    with pytest.raises(ResponseShapeError) as info:
        _get_site(_site(**{field: raw}))
    assert info.value.path == f"data.{field}"


def test_a_map_arriving_as_a_list_in_abandoned_items_is_not_rekeyed() -> None:
    as_list = {**ABANDONED, "data": list(ABANDONED["data"].values())}
    out = structure(as_list, RESPONSE_MODELS["sites.plugins_abandoned"])
    assert out.data is None and out.extra["data"] == as_list["data"]
    with pytest.raises(ResponseShapeError):
        structure(as_list, RESPONSE_MODELS["sites.plugins_abandoned"], strict=True)


def test_an_unknown_key_is_warned_once_and_raised_under_strict(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("WARNING", logger="mainwp_async")
    site = _get_site(_site(brand_new_column="x"), strict=False)
    _get_site(_site(brand_new_column="y"), strict=False)
    assert site.extra == {"brand_new_column": "x"}
    assert len([r for r in caplog.records if "Site.brand_new_column" in r.getMessage()]) == 1
    with pytest.raises(ResponseShapeError):
        _get_site(_site(brand_new_column="x"))


def test_comma_separated_id_text_becomes_an_int_list() -> None:
    # tags:get_items: sites_ids is the tag's site ids joined with commas
    body = {
        "success": 1,
        "total": 2,
        "data": {
            "1": {"id": "1", "name": "Production", "count_sites": "2", "sites_ids": "1,2"},
            "2": {"id": "2", "name": "Empty", "count_sites": "0", "sites_ids": ""},
        },
    }
    out = structure(body, RESPONSE_MODELS["tags.list"], strict=True)
    assert out.data["1"].sites_ids == [1, 2] and out.data["2"].sites_ids == []
    assert unstructure(out.data["1"])["sites_ids"] == "1,2"


IGNORED_BY_REST = json.dumps([{"Name": AKISMET, "ignored_versions": ["all_versions"]}])


@pytest.mark.parametrize(
    "raw",
    [
        # REST v2 ignore on an empty record: entries by the slug's position -> a JSON list
        IGNORED_BY_REST,
        # ... and mixed with an entry the dashboard UI wrote, keyed by slug
        json.dumps(
            {
                "hello.php": {"Name": "Hello Dolly", "ignored_versions": ["1.7"]},
                "0": {"Name": AKISMET, "ignored_versions": ["all_versions"]},
            }
        ),
    ],
)
def test_ignored_entries_written_by_position_are_keyed_by_their_slug(raw: str) -> None:
    # updates:ignore_updates_batch_items iterates the parsed slug list as $_slug => $name
    site = _get_site(_site(ignored_plugins=raw))
    assert site.ignored_plugins is not None and AKISMET in site.ignored_plugins
    assert site.ignored_plugins[AKISMET].ignored_versions == ["all_versions"]
    assert "0" not in site.ignored_plugins


def test_a_positional_ignored_entry_never_replaces_the_slug_keyed_one() -> None:
    raw = json.dumps(
        {
            AKISMET: {"Name": "Akismet", "ignored_versions": ["5.7.1"]},
            "0": {"Name": AKISMET, "ignored_versions": ["all_versions"]},
        }
    )
    site = _get_site(_site(ignored_plugins=raw))
    assert site.ignored_plugins == {
        AKISMET: M.IgnoredItem(name="Akismet", ignored_versions=["5.7.1"])
    }


def test_the_rest_ignore_answer_lists_success_by_position() -> None:
    for data in (["success"], {"1": "success"}):
        done = structure(
            {"success": 1, "data": data, "url": "https://shop.example/"},
            RESPONSE_MODELS["updates.ignore_plugins"],
            strict=True,
        )
        assert done.data is not None and set(done.data) == {"success"}


def test_costs_of_a_site_without_costs() -> None:
    # sites:get_costs_site
    body = {"success": 1, "message": "Cost not found.", "data": []}
    out = structure(body, RESPONSE_MODELS["sites.costs"], strict=True)
    assert out.data == {} and out.message == "Cost not found."
