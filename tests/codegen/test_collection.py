"""The committed Postman collection: schema-valid, complete, reproducible."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from codegen.collection import (
    _NOTES,
    _SUMMARIES,
    build_collection,
    capture_auth_label,
    dump_collection,
    main,
)
from codegen.endpoints import _split_first_sentence
from codegen.naming import NAMESPACE, route_params

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "postman/source"
COMMITTED = ROOT / "postman/mainwp-v2.postman_collection.json"
SCHEMA = ROOT / "tests/data/postman-collection-v2.1.0.schema.json"
ROUTES = json.loads((SOURCE / "routes.json").read_text(encoding="utf-8"))
FOLDERS = [
    "Sites",
    "Clients",
    "Tags",
    "Updates",
    "Costs",
    "Users",
    "Settings",
    "Monitors",
    "API Keys",
    "Posts",
    "Pages",
    "Batch",
]


@pytest.fixture(scope="module")
def built() -> str:
    return dump_collection(build_collection(ROUTES, SOURCE / "captures"))


@pytest.fixture(scope="module")
def collection() -> dict[str, Any]:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def _requests(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for folder in collection["item"] for item in folder["item"]]


def _meta(item: dict[str, Any]) -> dict[str, str]:
    return {v["key"]: v["value"] for v in item.get("variable", [])}


def _by_name(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for item in _requests(collection):
        m = _meta(item)
        out[f"{m['x-mainwp-category']}.{m['x-mainwp-name']}"] = item
    return out


def test_committed_file_is_what_the_builder_makes(built: str) -> None:
    assert COMMITTED.read_text(encoding="utf-8") == built, (
        "run: python -m codegen collection --routes postman/source/routes.json "
        "--captures postman/source/captures --out postman/mainwp-v2.postman_collection.json"
    )


def test_build_is_deterministic(built: str) -> None:
    again = dump_collection(build_collection(ROUTES, SOURCE / "captures"))
    assert again == built
    assert built.endswith("}\n")


def test_cli_writes_the_same_bytes(tmp_path: Path, built: str) -> None:
    out = tmp_path / "c.json"
    rc = main(
        [
            "--routes",
            str(SOURCE / "routes.json"),
            "--captures",
            str(SOURCE / "captures"),
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    assert out.read_text(encoding="utf-8") == built


def test_valid_against_postman_v21_schema(collection: dict[str, Any]) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(collection))
    assert errors == []


def test_schema_rejects_a_broken_collection() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    bad = {"info": {"name": "x"}, "item": [{"name": "r", "request": {"method": 5}}]}
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))


def test_folders_in_order(collection: dict[str, Any]) -> None:
    assert [f["name"] for f in collection["item"]] == [*FOLDERS, "Index"]
    assert collection["auth"]["type"] == "bearer"
    assert collection["auth"]["bearer"][0]["value"] == "{{api_key}}"
    assert {v["key"] for v in collection["variable"]} == {"base_url", "api_key"}


def test_every_route_and_method_is_described(collection: dict[str, Any]) -> None:
    have = Counter(
        (_meta(i)["x-mainwp-route"], _meta(i)["x-mainwp-methods"])
        for f in collection["item"][:12]
        for i in f["item"]
    )
    want = Counter(
        (k[len("/mainwp/v2") :], ",".join(v["methods"]))
        for k, v in ROUTES["routes"].items()
        if k != "/mainwp/v2"
    )
    assert len(want) == 143
    assert have == want
    for item in _requests(collection):
        meta = _meta(item)
        assert item["request"]["method"] == meta["x-mainwp-methods"].split(",")[0]


def test_declared_args_are_recorded_for_every_request(collection: dict[str, Any]) -> None:
    for item in _requests(collection):
        meta = _meta(item)
        if meta["x-mainwp-category"] == "index":
            continue
        info = ROUTES["routes"]["/mainwp/v2" + meta["x-mainwp-route"]]
        want = sorted(
            {name for e in info["endpoints"] if isinstance(e["args"], dict) for name in e["args"]}
        )
        assert meta["x-mainwp-declared-args"] == ",".join(want), meta["x-mainwp-route"]
    add = _meta(_by_name(collection)["sites.add"])["x-mainwp-declared-args"].split(",")
    assert "mysql_version" in add and "url" in add  # kept although the request skips it
    assert _meta(_by_name(collection)["tags.add"])["x-mainwp-declared-args"] == ""


def test_every_capture_is_an_example_with_its_status(collection: dict[str, Any]) -> None:
    examples = {r["name"]: r for item in _requests(collection) for r in item.get("response", [])}
    files = sorted((SOURCE / "captures").glob("*/*.json"))
    assert len(files) == 233
    assert len(examples) == len(files)
    for f in files:
        cap = json.loads(f.read_text(encoding="utf-8"))
        ex = examples[f"{f.parent.name}/{f.stem}"]
        assert ex["code"] == cap["status"]
        assert ex["originalRequest"]["method"] == cap["request"]["method"]
        if cap["body_kind"] == "json":
            assert json.loads(ex["body"]) == cap["body"]
        else:
            assert ex["body"] == cap["body"]


def test_examples_land_on_the_matching_route(collection: dict[str, Any]) -> None:
    by = _by_name(collection)
    names = lambda key: {r["name"] for r in by[key]["response"]}  # noqa: E731
    assert "get/sites_1" in names("sites.get")
    assert "errors/not_found__GET_sites_nonexistent.example.com" in names("sites.get_by_domain")
    assert "errors/wrong_method__GET_batch" in names("batch.run")
    assert "errors/wrong_method__DELETE_sites_basic" in names("sites.basic")
    assert "errors/unknown_route__nope" in names("index.namespace")
    assert "pagination/sites__per_page-1_page-2" in names("sites.list")
    assert "writes/70_rest-api_add-key_form" in names("api_keys.add")


def test_example_auth_labels(collection: dict[str, Any]) -> None:
    labels = {}
    for item in _requests(collection):
        for r in item["response"]:
            hdr = {h["key"]: h["value"] for h in r["originalRequest"]["header"]}
            labels[r["name"]] = hdr["X-Capture-Auth"]
    assert labels["get/sites_1"] == "read_write"
    assert labels["errors/read_key__POST_tags_add"] == "read"
    assert labels["errors/write_key__GET_sites_basic"] == "write"
    assert labels["errors/delete_key__GET_sites_basic"] == "delete"
    assert labels["errors/no_auth_header__sites_basic"] == "none"
    assert labels["errors/malformed_bearer__empty"].startswith("custom:")


def test_no_capture_secret_leaks_into_the_collection() -> None:
    text = COMMITTED.read_text(encoding="utf-8")
    assert "Y2tfNmRmNGIwZWUy" not in text  # a Basic credential present in one capture


def test_capture_auth_label() -> None:
    assert capture_auth_label("Bearer <MAINWP_TOKEN_RW>") == "read_write"
    assert capture_auth_label("Bearer <MAINWP_TOKEN_READ>") == "read"
    assert capture_auth_label("none") == "none"
    label = capture_auth_label("custom Authorization header: Bearer " + "a" * 40 + "==" + "b" * 40)
    assert label == "custom:Bearer REDACTED==REDACTED"


@pytest.mark.parametrize(
    ("key", "encoding", "mode"),
    [
        ("clients.fields_add", "form", "urlencoded"),
        ("api_keys.add", "form", "urlencoded"),
        ("users.import", "multipart", "formdata"),
        ("settings.general_edit", "json-strict", "raw"),
        ("monitors.settings_all", "json-strict", "raw"),
        ("monitors.settings", "json-strict", "raw"),
        ("tags.add", "json", "raw"),
        ("api_keys.edit", "json", "raw"),
        ("sites.list", "none", None),
        ("sites.plugins_delete", "none", None),
    ],
)
def test_body_encodings(collection: dict[str, Any], key: str, encoding: str, mode: str) -> None:
    item = _by_name(collection)[key]
    assert _meta(item)["x-mainwp-encoding"] == encoding
    body = item["request"].get("body")
    assert (body or {}).get("mode") == mode
    headers = {h["key"]: h["value"] for h in item["request"]["header"]}
    if encoding == "json-strict":
        assert headers["Content-Type"] == "application/json"


def test_users_import_uploads_a_file(collection: dict[str, Any]) -> None:
    entries = {
        e["key"]: e for e in _by_name(collection)["users.import"]["request"]["body"]["formdata"]
    }
    assert entries["csv_file"]["type"] == "file" and "value" not in entries["csv_file"]
    assert entries["csv_file"]["description"].startswith("[file] ")
    assert entries["has_header"]["type"] == "text"
    assert entries["has_header"]["description"].startswith("[boolean, default=true]")


def test_strict_json_count(collection: dict[str, Any]) -> None:
    strict = [i for i in _requests(collection) if _meta(i)["x-mainwp-encoding"] == "json-strict"]
    assert len(strict) == 12


@pytest.mark.parametrize(
    ("key", "paging"),
    [
        ("sites.list", "total-all"),
        ("sites.basic", "total-page"),
        ("clients.list", "total-page"),
        ("tags.list", "total-page"),
        ("costs.list", "total-page"),
        ("monitors.list", "total-page"),
        ("monitors.basic_all", "total-page"),
        ("api_keys.list", "repeat-last"),
        ("updates.list", "unpaged"),
        ("clients.fields", "total-all"),
        ("sites.get", "none"),
    ],
)
def test_paging(collection: dict[str, Any], key: str, paging: str) -> None:
    assert _meta(_by_name(collection)[key])["x-mainwp-paging"] == paging


def test_undeclared_params_are_added(collection: dict[str, Any]) -> None:
    by = _by_name(collection)
    sites_q = {q["key"]: q for q in by["sites.list"]["request"]["url"]["query"]}
    assert {
        "page",
        "per_page",
        "search",
        "status",
        "include",
        "exclude",
        "with_tags",
        "full_data",
        "custom_fields",
        "_fields",
    } <= set(sites_q)
    assert sites_q["with_tags"]["description"].startswith("[boolean, default=true]")
    assert sites_q["page"]["disabled"] is True
    activate = by["sites.plugins_activate"]["request"]["description"]
    assert "- `slug` [string, required]" in activate
    add = by["sites.add"]["request"]["description"]
    assert "`url` [string, required]" in add
    assert "`mysql_version`" not in add  # item-schema noise is skipped
    delete = {q["key"]: q for q in by["sites.plugins_delete"]["request"]["url"]["query"]}
    assert "disabled" not in delete["slug"]
    assert by["sites.get"]["request"]["url"]["variable"][0]["key"] == "id_domain"
    assert ":id_domain" in by["sites.plugins"]["request"]["url"]["raw"]


def _template(route: str) -> str:
    return route_params(route)[0]


ROUTE_TEMPLATES = {
    _template(k[len(NAMESPACE) :]) for k in ROUTES["routes"] if k.startswith(NAMESPACE + "/")
}


def test_every_route_has_its_own_summary() -> None:
    # 143 registered routes share 140 templates (three are registered for id and domain/email)
    assert len(ROUTE_TEMPLATES) == 140
    assert set(_SUMMARIES) == ROUTE_TEMPLATES
    assert set(_NOTES) <= ROUTE_TEMPLATES


@pytest.mark.parametrize("template", sorted(_SUMMARIES))
def test_summary_is_one_short_imperative_sentence(template: str) -> None:
    summary = _SUMMARIES[template]
    assert len(summary) < 90, "keep the first docstring line within the line length"
    assert summary.endswith(".") and summary[0].isupper()
    # the docstring writer splits off the first sentence: it must be the whole summary
    assert _split_first_sentence(summary + " Next.") == (summary, "Next.")
    assert template not in summary and "(GET)" not in summary


def test_descriptions_start_with_the_summary(collection: dict[str, Any]) -> None:
    seen = 0
    for item in _requests(collection):
        route = _meta(item)["x-mainwp-route"]
        if not route:
            continue  # the namespace index
        seen += 1
        description = item["request"]["description"]
        first = description.split("\n\n", 1)[0]
        summary = _SUMMARIES[_template(route)]
        assert first == summary or first.startswith(summary + " ")
        # and the docstring writer sees it as the first sentence (notes start upper case)
        assert _split_first_sentence(" ".join(first.split()))[0] == summary
        assert not description.startswith(("Read /", "Call /", "Update via /", "Delete via /"))
    assert seen == 143


def test_other_methods_are_still_mentioned(collection: dict[str, Any]) -> None:
    by = _by_name(collection)
    assert "The server also answers PUT, PATCH here." in by["tags.edit"]["request"]["description"]
    assert (
        "The server also answers PATCH here."
        in by["settings.general_edit"]["request"]["description"]
    )
    assert "also answers" not in by["tags.add"]["request"]["description"]


def test_a_route_without_summary_is_refused() -> None:
    routes = {
        "routes": {
            NAMESPACE + "/tags/brand-new": {
                "methods": ["GET"],
                "endpoints": [{"methods": ["GET"], "args": {}}],
            }
        }
    }
    with pytest.raises(ValueError, match="no summary"):
        build_collection(routes, SOURCE / "captures")
