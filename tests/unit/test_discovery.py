"""compare_index on the committed route index itself (pure, no server)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from mainwp_async._generated.manifest import BY_QUALNAME, ENDPOINTS
from mainwp_async.discovery import compare_index

ROUTES_JSON = Path(__file__).resolve().parents[2] / "postman" / "source" / "routes.json"


@pytest.fixture(scope="module")
def index() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ROUTES_JSON.read_text(encoding="utf-8"))
    return data


def _key(qualname: str) -> str:
    return "/mainwp/v2" + BY_QUALNAME[qualname].route


def test_the_index_the_manifest_came_from_is_in_sync(index: dict[str, Any]) -> None:
    drift = compare_index(index, ENDPOINTS)
    assert drift.in_sync, drift.summary()
    assert drift.live_routes == drift.known_routes == 143


def test_declared_args_are_the_index_args_exactly(index: dict[str, Any]) -> None:
    for spec in ENDPOINTS:
        info = index["routes"]["/mainwp/v2" + spec.route]
        names: set[str] = set()
        for endpoint in info["endpoints"]:
            if isinstance(endpoint["args"], dict):
                names.update(endpoint["args"])
        assert spec.declared_args == tuple(sorted(names)), spec.qualname
    assert "mysql_version" in BY_QUALNAME["sites.add"].declared_args
    assert "mysql_version" not in {p.name for p in BY_QUALNAME["sites.add"].params}
    # a param the handler reads without declaring it is not a declared arg
    assert "with_tags" not in BY_QUALNAME["sites.list"].declared_args
    assert BY_QUALNAME["sites.list"].param("with_tags") is not None


def test_args_added_and_removed_on_the_live_side(index: dict[str, Any]) -> None:
    live = copy.deepcopy(index)
    fields_args = live["routes"][_key("clients.fields")]["endpoints"][0]["args"]
    fields_args["per_page"] = {"type": "integer", "required": False}  # the typo fixed
    del fields_args["pre_page"]
    live["routes"][_key("sites.add")]["endpoints"][0]["args"].pop("mysql_version")
    drift = compare_index(live, ENDPOINTS)
    assert not drift.in_sync
    changed = {c.route: c for c in drift.changed}
    assert set(changed) == {BY_QUALNAME["clients.fields"].route, BY_QUALNAME["sites.add"].route}
    fields = changed[BY_QUALNAME["clients.fields"].route]
    assert (fields.args_added, fields.args_removed) == (("per_page",), ("pre_page",))
    assert changed[BY_QUALNAME["sites.add"].route].args_removed == ("mysql_version",)
    assert "+arg per_page -arg pre_page" in drift.summary()


def test_methods_still_compared(index: dict[str, Any]) -> None:
    live = copy.deepcopy(index)
    route = live["routes"][_key("tags.edit")]
    route["endpoints"][0]["methods"] = ["POST", "PUT"]
    drift = compare_index(live, ENDPOINTS)
    (change,) = drift.changed
    assert change.route == BY_QUALNAME["tags.edit"].route
    assert change.methods_removed == ("PATCH",) and change.args_added == ()


def test_a_spec_without_declared_args_sees_every_live_arg_as_new(index: dict[str, Any]) -> None:
    bare = [
        attrs.evolve(s, declared_args=()) if s.qualname == "clients.fields" else s
        for s in ENDPOINTS
    ]
    (change,) = compare_index(index, bare).changed
    assert change.args_added == BY_QUALNAME["clients.fields"].declared_args
    assert change.args_added == ("exclude", "include", "page", "pre_page", "search")
