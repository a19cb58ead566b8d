"""Every captured 2xx body decodes into its request's model; variants do too."""

from __future__ import annotations

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
    if 200 <= e.status < 300 and isinstance(e.body, dict) and e.request_method in r.methods
]


def _body(rel: str) -> Any:
    return json.loads((ROOT / "postman/source/captures" / rel).read_text())["body"]


@pytest.mark.parametrize(("key", "body"), CASES)
def test_every_capture_decodes(key: str, body: Any, request: pytest.FixtureRequest) -> None:
    if "_fields" in request.node.name:  # narrowed on purpose: always-sent fields may lack
        structure(body, M.RESPONSE_MODELS[key])
        return
    structure(body, M.RESPONSE_MODELS[key], strict=True)  # no misfit, no unknown key


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


def test_fields_empty_in_every_capture_are_decided_not_any() -> None:
    """A field the captures only show empty is typed by a ledger decision (PHP source)."""
    from codegen.ledger import load_ledger

    ledger = load_ledger()
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
            if item_cls is None:
                continue
            for k in _empty_fields(target):
                ann = _annotation(item_cls, k)
                if ann is None:
                    continue
                decided = ledger.get(item_cls.__name__, k)
                if "Any" in ann:
                    assert decided is not None and decided.reason, f"{item_cls.__name__}.{k}"
                checked += 1
    assert checked > 20


def _empty_fields(obj: dict[str, Any]) -> list[str]:
    return [k for k, v in obj.items() if v in (None, "", [])]


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
