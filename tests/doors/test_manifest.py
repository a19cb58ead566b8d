"""Every v1 route of the live index and every ability of abilities.json has a typed method."""

from __future__ import annotations

import inspect
import json
import typing
from pathlib import Path

import attrs
import pytest

from mainwp_async import ApplicationPassword, MainWP, V1ApiKey
from mainwp_async._generated.abilities import manifest as ab_manifest
from mainwp_async._generated.v1 import manifest as v1_manifest

ROOT = Path(__file__).resolve().parents[2]
V1_INDEX = json.loads((ROOT / "postman/source/v1/index_noauth.json").read_text())["body"]
ABILITIES = json.loads((ROOT / "postman/source/abilities/abilities.json").read_text())

CK, CS = "ck_" + "a" * 40, "cs_" + "b" * 40
V1_ROUTES = sorted(
    (r, v["methods"][0]) for r, v in V1_INDEX["routes"].items() if r.startswith("/mainwp/v1/")
)


@pytest.fixture
def mw() -> MainWP:
    return MainWP(
        "https://dash.example",
        v1_key=V1ApiKey(CK, CS),
        app_password=ApplicationPassword("admin", "abcd efgh ijkl mnop qrst uvwx"),
    )


def test_the_v1_index_has_71_endpoints_and_the_manifest_all_of_them() -> None:
    assert len(V1_ROUTES) == 71
    manifest = sorted(("/mainwp/v1" + e.path, e.method) for e in v1_manifest.ENDPOINTS)
    assert manifest == V1_ROUTES


@pytest.mark.parametrize(("route", "method"), V1_ROUTES, ids=[r for r, _ in V1_ROUTES])
def test_every_v1_route_has_a_typed_method(mw: MainWP, route: str, method: str) -> None:
    group, action = route.removeprefix("/mainwp/v1/").split("/")
    fn = getattr(getattr(mw.v1, group.replace("-", "_")), action.replace("-", "_"))
    hints = typing.get_type_hints(fn)
    assert "return" in hints and hints["return"].__origin__.__name__ == "Call"
    spec = v1_manifest.BY_QUALNAME[f"v1.{group.replace('-', '_')}.{action.replace('-', '_')}"]
    assert (spec.method, "/mainwp/v1" + spec.path) == (method, route)
    # every parameter the handler reads is a keyword-only argument of the method
    params = inspect.signature(fn).parameters
    assert {p.python_name for p in spec.params} == set(params)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values())


def test_most_v1_reads_decode_into_models() -> None:
    typed = [e for e in v1_manifest.ENDPOINTS if e.response_model is not None]
    # the writes whose answers the handlers build ad hoc stay raw JSON
    assert len(typed) >= 55, [e.qualname for e in v1_manifest.ENDPOINTS if e.response_model is None]


NAMES = sorted(a["name"] for a in ABILITIES["abilities"])


def test_abilities_json_has_64_abilities_and_the_manifest_all_of_them() -> None:
    assert len(NAMES) == 64
    assert sorted(ab_manifest.BY_NAME) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_ability_has_a_typed_method_with_the_servers_verb(mw: MainWP, name: str) -> None:
    ability = next(a for a in ABILITIES["abilities"] if a["name"] == name)
    spec = ab_manifest.BY_NAME[name]
    assert spec.method == ability["run_method"]  # the verb the rig accepted
    fn = getattr(mw.abilities, spec.method_name)
    call = fn(**{p.python_name: _sample(p.type) for p in spec.params if p.required})
    assert call.spec is spec
    schema = ability["input_schema"] if isinstance(ability["input_schema"], dict) else {}
    assert (
        set(inspect.signature(fn).parameters)
        == {p.python_name for p in spec.params}
        == {k.lower() for k in schema.get("properties", {})}
    )
    output = ability["output_schema"]
    if isinstance(output, dict) and (output.get("properties") or output.get("oneOf")):
        assert attrs.has(spec.output_model), name


def test_ability_method_names_follow_the_rule() -> None:
    assert ab_manifest.BY_NAME["mainwp/get-site-v1"].method_name == "get_site"
    assert ab_manifest.BY_NAME["core/get-site-info"].method_name == "core_get_site_info"
    assert ab_manifest.BY_NAME["mainwp/delete-tag-v1"].method == "DELETE"
    assert ab_manifest.BY_NAME["mainwp/delete-site-v1"].method == "POST"
    names = [s.method_name for s in ab_manifest.ABILITIES]
    assert len(names) == len(set(names))


def _sample(kind: str) -> object:
    return {"integer": 1, "string": "x", "boolean": True, "array": ["x"], "object": {}}.get(kind, 1)
