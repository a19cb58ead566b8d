"""Every captured 2xx body decodes into its request's model; variants do too."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from codegen.postman import read_collection
from mainwp_async._generated import models as M
from mainwp_async.convert import structure

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = read_collection(ROOT / "postman" / "mainwp-v2.postman_collection.json")
CASES = [
    pytest.param(r.key, e.body, id=f"{r.key}:{e.name}")
    for r in REQUESTS
    for e in r.examples
    if 200 <= e.status < 300 and isinstance(e.body, dict)
]


def _body(rel: str) -> Any:
    return json.loads((ROOT / "postman/source/captures" / rel).read_text())["body"]


@pytest.mark.parametrize(("key", "body"), CASES)
def test_every_capture_decodes(key: str, body: Any) -> None:
    structure(body, M.RESPONSE_MODELS[key])


def test_field_types() -> None:
    sites = structure(_body("get/sites.json"), M.RESPONSE_MODELS["sites.list"])
    site = sites.data[0]
    assert isinstance(site, M.Site) and isinstance(site.id, int)
    assert site.suspended is False and site.is_staging is False
    assert isinstance(site.last_sync, datetime) and site.last_sync.tzinfo is not None
    assert site.plugins and all(isinstance(p, M.Plugin) for p in site.plugins)
    assert isinstance(site.plugins[0].active, bool)
    tags = structure(_body("get/tags.json"), M.RESPONSE_MODELS["tags.list"])
    assert tags.data and all(
        isinstance(k, str) and isinstance(v, M.Tag) for k, v in tags.data.items()
    )
    assert M.ITEM_MODELS["tags.list"] is M.Tag
    empty = structure({"success": 1, "total": 0, "data": []}, M.RESPONSE_MODELS["tags.list"])
    assert empty.data == {}


SITE_EMPTY_FIELDS_VALUES: list[Any] = [
    {"a": 1},
    [1, "x"],
    "text",
    5,
    2.5,
    [{"nested": {"k": None}}],
]


def _empty_fields(obj: dict[str, Any]) -> list[str]:
    return [k for k, v in obj.items() if v in (None, "", [])]


@pytest.mark.parametrize("value", SITE_EMPTY_FIELDS_VALUES)
def test_fields_empty_in_captures_accept_real_values(value: Any) -> None:
    """Fields the captures only show empty (typed Any) keep whatever another dashboard sends."""
    checked = 0
    for r in REQUESTS:
        cls = M.RESPONSE_MODELS[r.key]
        for e in r.examples:
            if not (200 <= e.status < 300 and isinstance(e.body, dict)):
                continue
            data = e.body.get("data")
            target = (
                data[0]
                if isinstance(data, list) and data and isinstance(data[0], dict)
                else (data if isinstance(data, dict) else None)
            )
            if target is None:
                continue
            item_cls = M.ITEM_MODELS.get(r.key) if isinstance(data, list) else _data_cls(cls)
            for k in _empty_fields(target):
                ann = _annotation(item_cls, k) if item_cls else None
                if item_cls is None or (ann is not None and ann.replace(" | None", "") != "Any"):
                    continue
                body = copy.deepcopy(e.body)
                tgt = body["data"][0] if isinstance(body["data"], list) else body["data"]
                tgt[k] = value
                structure(body, cls)
                checked += 1
    assert checked > 20


def _data_cls(cls: Any) -> Any:
    import typing

    import attrs

    hint = typing.get_type_hints(cls).get("data")
    for arg in typing.get_args(hint) or (hint,):
        if attrs.has(arg):
            return arg
    return None


def _annotation(cls: Any, wire: str) -> str | None:
    import attrs

    for a in attrs.fields(cls):
        if a.metadata.get("wire") == wire:
            return str(a.type)
    return None


REAL_SITE_VALUES = {
    "wp_upgrades": json.dumps({"current": "6.5", "new": "6.6"}),
    "plugin_upgrades": json.dumps(
        {
            "akismet/akismet.php": {
                "Name": "Akismet",
                "Version": "5.0",
                "update": {"new_version": "5.1"},
            }
        }
    ),
    "theme_upgrades": json.dumps({"tt5": {"Name": "TT5", "Version": "1.0", "update": {}}}),
    "translation_upgrades": json.dumps([{"language": "de_DE", "type": "core"}]),
    "premium_upgrades": json.dumps({"x/x.php": {"Name": "X", "Version": "1"}}),
    "ignored_plugins": json.dumps({"hello.php": "Hello Dolly"}),
    "ignored_themes": "[]",
    "sync_errors": "Could not connect",
    "note": "a note",
    "icon": "https://example.test/icon.png",
    "tags": "",
}


def test_site_real_values_and_unknown_keys() -> None:
    body = _body("get/sites_1.json")
    body["data"].update(REAL_SITE_VALUES)
    body["data"]["brand_new_key"] = {"x": [1, 2]}
    body["surprise"] = 7
    out = structure(body, M.RESPONSE_MODELS["sites.get"])
    site = out.data
    assert site.wp_upgrades == M.CoreUpgrade(current="6.5", new="6.6")
    assert site.plugin_upgrades["akismet/akismet.php"].name == "Akismet"
    assert site.ignored_plugins == {"hello.php": "Hello Dolly"}
    assert site.ignored_themes == {}
    assert site.tags == {}
    assert site.extra["brand_new_key"] == {"x": [1, 2]}
    assert out.extra["surprise"] == 7


def test_client_fields_list_structures_into_client_field_items() -> None:
    # The captures only hold the empty answer; this is the populated shape (API facts).
    body = {
        "success": 1,
        "total": "2",
        "pages": 1,
        "data": [
            {"field_id": "3", "name": "vat_id", "description": "VAT number"},
            {"field_id": 4, "name": "account_manager", "description": ""},
        ],
    }
    out = structure(body, M.RESPONSE_MODELS["clients.fields"], strict=True)
    assert isinstance(out, M.ClientsFieldsResponse)
    assert (out.success, out.total, out.pages) == (True, 2, 1)
    assert out.data == [
        M.ClientField(field_id=3, name="vat_id", description="VAT number"),
        M.ClientField(field_id=4, name="account_manager", description=""),
    ]
    assert out.extra == {} and all(f.extra == {} for f in out.data)
    assert M.ITEM_MODELS["clients.fields"] is M.ClientField
    empty = structure(_body("get/clients_fields.json"), M.RESPONSE_MODELS["clients.fields"])
    assert empty.success is False and empty.data is None
    added = structure(
        {"success": 1, "message": "Field created successfully.", "data": body["data"][0]},
        M.RESPONSE_MODELS["clients.fields_add"],
        strict=True,
    )
    assert added.data == M.ClientField(field_id=3, name="vat_id", description="VAT number")
