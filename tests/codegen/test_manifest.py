"""The generated manifest and resource classes against the dashboard's own route index."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import attrs

from codegen.endpoints import CATEGORIES, IDEMPOTENT_WRITES
from mainwp_async._generated import endpoints, manifest
from mainwp_async._spec import EndpointSpec, PagingKind, ParamLocation, Permission

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = "/mainwp/v2"
SCOPES = {
    "GET": Permission.READ,
    "HEAD": Permission.READ,
    "POST": Permission.WRITE,
    "PUT": Permission.WRITE,
    "PATCH": Permission.WRITE,
    "DELETE": Permission.DELETE,
}


def _server_routes() -> dict[str, set[str]]:
    index = json.loads((ROOT / "postman" / "source" / "routes.json").read_text("utf-8"))
    routes: dict[str, set[str]] = {}
    for route, info in index["routes"].items():
        if route == NAMESPACE:
            continue  # the namespace index is not an endpoint of the SDK
        assert route.startswith(NAMESPACE + "/")
        routes[route[len(NAMESPACE) :]] = set(info["methods"])
    return routes


SPECS: tuple[EndpointSpec, ...] = manifest.ENDPOINTS


def test_every_route_and_method_is_covered() -> None:
    server = _server_routes()
    assert len(server) == 143
    ours: dict[str, set[str]] = {}
    for spec in SPECS:
        ours.setdefault(spec.route, set()).update(spec.methods)
    missing = sorted(set(server) - set(ours))
    assert not missing, f"routes without an endpoint: {missing}"
    extra = sorted(set(ours) - set(server))
    assert not extra, f"endpoints for routes the server does not register: {extra}"
    for route, methods in server.items():
        assert methods <= ours[route], (route, methods, ours[route])


def test_specs_are_consistent() -> None:
    assert len(SPECS) == 143
    assert len(manifest.BY_QUALNAME) == len(SPECS)
    for spec in SPECS:
        assert manifest.BY_QUALNAME[spec.qualname] is spec
        assert spec.method in spec.methods
        assert spec.permission is SCOPES[spec.method], spec.qualname
        assert spec.permission is Permission.for_method(spec.method)
        placeholders = re.findall(r"\{([^{}]+)\}", spec.path)
        path_params = [p.name for p in spec.params if p.location is ParamLocation.PATH]
        assert sorted(placeholders) == sorted(path_params), spec.qualname
        assert sorted(re.findall(r"\(\?P<([^>]+)>", spec.route)) == sorted(placeholders)
        assert all(p.required for p in spec.params if p.location is ParamLocation.PATH)
        names = [p.python_name for p in spec.params]
        assert len(names) == len(set(names)), spec.qualname
        if spec.method in ("GET", "HEAD"):
            assert spec.idempotent, spec.qualname
        for model in (spec.response_model, spec.item_model):
            assert model is None or attrs.has(model), spec.qualname


def test_idempotent_table_matches_real_paths() -> None:
    paths = {spec.path for spec in SPECS}
    assert paths >= IDEMPOTENT_WRITES, sorted(IDEMPOTENT_WRITES - paths)
    writes = {spec.path for spec in SPECS if spec.method not in ("GET", "HEAD") and spec.idempotent}
    assert writes == IDEMPOTENT_WRITES


def test_categories_are_the_twelve() -> None:
    assert {spec.category for spec in SPECS} == set(CATEGORIES)
    assert list(endpoints.RESOURCES) == list(CATEGORIES)
    assert endpoints.RESOURCES["api_keys"].__name__ == "ApiKeysAPI"
    assert endpoints.RESOURCES["sites"].__name__ == "SitesAPI"


def test_resource_methods_match_specs() -> None:
    for spec in SPECS:
        cls = endpoints.RESOURCES[spec.category]
        method = getattr(cls, spec.name)
        assert method.__name__ == spec.name
        params = inspect.signature(method).parameters
        expected = {p.python_name for p in spec.params}
        assert set(params) - {"self"} == expected, spec.qualname
        for p in spec.params:
            param = params[p.python_name]
            if p.location is ParamLocation.PATH:
                assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
            else:
                assert param.kind is inspect.Parameter.KEYWORD_ONLY
                assert (param.default is inspect.Parameter.empty) == p.required
        assert f"manifest.{type(spec).__name__}" not in inspect.getsource(method)
        iterator = getattr(cls, f"iter_{spec.name.rstrip('_')}", None)
        if spec.paging is PagingKind.NONE:
            assert iterator is None or spec.name.startswith("iter_"), spec.qualname
        else:
            assert iterator is not None, spec.qualname
            it_params = set(inspect.signature(iterator).parameters) - {"self"}
            assert "page" not in it_params
            assert ("per_page" in it_params) == (spec.paging is not PagingKind.UNPAGED)
            assert it_params - {"per_page"} == {
                p.python_name for p in spec.params if p.name not in ("page", "per_page")
            }


def test_manifest_json_matches_python() -> None:
    path = ROOT / "src" / "mainwp_async" / "_generated" / "manifest.json"
    doc = json.loads(path.read_text("utf-8"))
    assert doc["_comment"].startswith("DO NOT EDIT")
    rows = doc["endpoints"]
    assert [r["qualname"] for r in rows] == [s.qualname for s in SPECS]
    for row, spec in zip(rows, SPECS, strict=True):
        assert row["methods"] == list(spec.methods)
        assert row["route"] == spec.route
        assert row["permission"] == spec.permission.value
        assert row["paging"] == spec.paging.value
        assert row["body_encoding"] == spec.body_encoding.value
        assert row["declared_args"] == list(spec.declared_args)
        assert row["response_model"] == (
            spec.response_model.__name__ if spec.response_model else None
        )
        assert [p["python_name"] for p in row["params"]] == [p.python_name for p in spec.params]
