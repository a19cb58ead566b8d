"""codegen.postman.read_collection on our collection and on other collection shapes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codegen.ir import RequestIR
from codegen.postman import parse_tag, read_collection

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "postman/mainwp-v2.postman_collection.json"
ROUTES = json.loads((ROOT / "postman/source/routes.json").read_text(encoding="utf-8"))["routes"]


@pytest.fixture(scope="module")
def requests() -> list[RequestIR]:
    return read_collection(COMMITTED)


@pytest.fixture(scope="module")
def by_key(requests: list[RequestIR]) -> dict[str, RequestIR]:
    return {r.key: r for r in requests}


def _params(r: RequestIR) -> dict[str, Any]:
    return {p.name: p for p in r.params}


def test_all_requests_in_folder_order(requests: list[RequestIR]) -> None:
    assert len(requests) == 144
    assert requests[-1].key == "index.namespace"
    order = []
    for r in requests:
        if r.category not in order:
            order.append(r.category)
    assert order == [
        "sites",
        "clients",
        "tags",
        "updates",
        "costs",
        "users",
        "settings",
        "monitors",
        "api_keys",
        "posts",
        "pages",
        "batch",
        "index",
    ]
    assert len({r.key for r in requests}) == 144


def test_routes_and_methods_round_trip(requests: list[RequestIR]) -> None:
    got = {(r.route, r.methods) for r in requests if r.category != "index"}
    want = {
        (k[len("/mainwp/v2") :], tuple(v["methods"]))
        for k, v in ROUTES.items()
        if k != "/mainwp/v2"
    }
    assert got == want


def test_sites_list(by_key: dict[str, RequestIR]) -> None:
    r = by_key["sites.list"]
    assert (r.method, r.path, r.body_encoding, r.paging) == ("GET", "/sites", "none", "total-all")
    p = _params(r)
    assert p["page"].location == "query" and p["page"].type == "integer"
    assert p["with_tags"].default is True
    assert p["status"].enum == ("any", "connected", "disconnected", "suspended", "available_update")
    assert not p["page"].required
    assert r.description


def test_plugins_activate(by_key: dict[str, RequestIR]) -> None:
    r = by_key["sites.plugins_activate"]
    assert r.methods == ("POST", "PUT", "PATCH")
    assert r.path == "/sites/{id_domain}/plugins/activate"
    assert r.body_encoding == "json"
    p = _params(r)
    assert p["id_domain"].location == "path" and p["id_domain"].required
    assert p["slug"].location == "body" and p["slug"].required


def test_form_and_strict_encodings(by_key: dict[str, RequestIR]) -> None:
    add_key = by_key["api_keys.add"]
    assert add_key.body_encoding == "form"
    p = _params(add_key)
    assert p["permissions"].required and p["permissions"].location == "body"
    assert p["active"].type == "boolean"
    assert not p["description"].required
    assert by_key["clients.fields_add"].body_encoding == "form"
    general = by_key["settings.general_edit"]
    assert general.body_encoding == "json-strict"
    assert general.method == "PUT" and general.methods == ("PUT", "PATCH")
    assert _params(general)["frequency_daily_update"].type == "integer"
    assert by_key["monitors.settings"].body_encoding == "json-strict"
    upload = by_key["users.import"]
    assert upload.body_encoding == "multipart"
    assert _params(upload)["csv_file"].type == "file"
    assert _params(upload)["has_header"].type == "boolean"


def test_declared_enum_and_default(by_key: dict[str, RequestIR]) -> None:
    p = _params(by_key["monitors.list"])
    assert p["per_page"].default == 20
    assert p["page"].default == 1
    status = _params(by_key["posts.update_status"])["status"]
    assert status.required and status.enum and "publish" in status.enum
    assert by_key["api_keys.list"].paging == "repeat-last"
    assert by_key["updates.list"].paging == "unpaged"


def test_regex_variants(by_key: dict[str, RequestIR]) -> None:
    assert by_key["sites.get"].route == r"/sites/(?P<id_domain>[\d]+)"
    assert by_key["sites.get_by_domain"].path == "/sites/{id_domain}"
    assert by_key["clients.get_by_email"].path == "/clients/{id_email}"


def test_examples(by_key: dict[str, RequestIR]) -> None:
    ex = {e.name: e for e in by_key["sites.get"].examples}["get/sites_1"]
    assert ex.status == 200 and ex.request_method == "GET"
    assert ex.request_path == "/sites/1"
    assert ex.auth == "read_write"
    assert isinstance(ex.body, dict) and "data" in ex.body
    page = {e.name: e for e in by_key["sites.list"].examples}["pagination/sites__per_page-1_page-2"]
    assert page.request_query == {"per_page": "1", "page": "2"}
    head = {e.name: e for e in by_key["sites.basic"].examples}["errors/HEAD_sites_basic_write_key"]
    assert head.body is None and head.body_text == "" and head.request_method == "HEAD"
    assert head.auth == "write" and head.status == 401
    form = {e.name: e for e in by_key["api_keys.add"].examples}["writes/70_rest-api_add-key_form"]
    assert form.request_method == "POST"
    index = by_key["index.namespace"]
    assert index.path == "" and {e.name for e in index.examples} >= {"errors/unknown_route__nope"}


def test_declared_args(by_key: dict[str, RequestIR]) -> None:
    add = by_key["sites.add"]
    assert "mysql_version" in add.declared_args
    assert "mysql_version" not in _params(add)
    assert list(add.declared_args) == sorted(add.declared_args)
    assert by_key["clients.fields"].declared_args == (
        "exclude",
        "include",
        "page",
        "pre_page",
        "search",
    )
    assert by_key["tags.add"].declared_args == ()
    assert by_key["sites.get"].declared_args == ("id_domain",)


def test_parse_tag() -> None:
    facts, text = parse_tag("[integer, required, default=1, enum=[1, 2]] Page.")
    assert facts == {"type": "integer", "required": True, "default": 1, "enum": [1, 2]}
    assert text == "Page."
    facts, text = parse_tag('[string, enum=["Title and Body", "a]b"], items=string] x')
    assert facts["enum"] == ["Title and Body", "a]b"] and facts["items"] == "string"
    assert parse_tag("plain text") == ({}, "plain text")
    assert parse_tag("[not closed") == ({}, "[not closed")


# ---- collections in other shapes (no x-mainwp metadata) ------------------------------

OTHER: dict[str, Any] = {
    "info": {"name": "other", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/"},
    "item": [
        {
            "name": "Sites",
            "item": [
                {"name": "All sites", "request": "{{url}}/wp-json/mainwp/v2/sites?page=1"},
                {
                    "name": "Plugins",
                    "item": [
                        {
                            "name": "Activate",
                            "request": {
                                "method": "post",
                                "url": {
                                    "raw": "{{url}}/wp-json/mainwp/v2/sites/:id/plugins/activate",
                                    "host": ["{{url}}"],
                                    "path": [
                                        "wp-json",
                                        "mainwp",
                                        "v2",
                                        "sites",
                                        ":id",
                                        "plugins",
                                        "activate",
                                    ],
                                    "variable": [
                                        {
                                            "key": "id",
                                            "value": "1",
                                            "description": "[integer] Site.",
                                        }
                                    ],
                                },
                                "body": {"mode": "raw", "raw": '{"slug": "akismet/akismet.php"}'},
                            },
                            "response": [
                                {
                                    "name": "ok",
                                    "code": 200,
                                    "status": "OK",
                                    "header": [
                                        {"key": "Content-Type", "value": "application/json"}
                                    ],
                                    "body": '{"success": 1}',
                                    "originalRequest": {
                                        "method": "POST",
                                        "url": "https://dash.test/wp-json/mainwp/v2/sites/3/plugins/activate?x=1",
                                    },
                                },
                                {"name": "html", "code": 502, "body": "<html>bad gateway</html>"},
                            ],
                        }
                    ],
                },
            ],
        },
        {
            "name": "API Keys",
            "item": [
                {
                    "name": "Add key",
                    "request": {
                        "method": "POST",
                        "url": "{{base}}/rest-api/add-key",
                        "body": {
                            "mode": "urlencoded",
                            "urlencoded": [
                                {
                                    "key": "permissions",
                                    "value": "read",
                                    "description": "[string, required] Scope.",
                                },
                                {"key": "description", "value": ""},
                            ],
                        },
                    },
                },
                {
                    "name": "Edit key",
                    "request": {
                        "method": "PUT",
                        "url": {
                            "raw": "{{base}}/rest-api/edit-key/{{key_id}}",
                            "path": ["rest-api", "edit-key", "{{key_id}}"],
                        },
                        "body": {
                            "mode": "formdata",
                            "formdata": [{"key": "active", "value": "1", "type": "text"}],
                        },
                    },
                },
            ],
        },
        {
            "name": "Users",
            "item": [
                {
                    "name": "Upload users",
                    "request": {
                        "method": "POST",
                        "url": "{{base}}/users/import",
                        "body": {
                            "mode": "formdata",
                            "formdata": [
                                {"key": "csv_file", "type": "file", "src": "users.csv"},
                                {"key": "has_header", "value": "1", "type": "text"},
                            ],
                        },
                    },
                },
            ],
        },
        {
            "name": "loose",
            "request": {
                "method": "DELETE",
                "url": "https://dash.test/wp-json/mainwp/v2/tags/{{id}}/remove",
            },
        },
    ],
}


def test_other_shapes() -> None:
    reqs = read_collection(OTHER)
    by = {r.key: r for r in reqs}
    assert list(by) == [
        "sites.list",
        "sites.plugins_activate",
        "api_keys.add",
        "api_keys.edit",
        "users.import",
        "tags.remove",
    ]
    lst = by["sites.list"]
    assert lst.method == "GET" and lst.methods == ("GET",) and lst.path == "/sites"
    assert _params(lst)["page"].location == "query" and _params(lst)["page"].type == "string"
    act = by["sites.plugins_activate"]
    assert act.method == "POST" and act.path == "/sites/{id}/plugins/activate"
    assert act.route == "/sites/(?P<id>[^/]+)/plugins/activate"
    assert act.body_encoding == "json" and act.paging == "none"
    p = _params(act)
    assert p["id"].location == "path" and p["id"].type == "integer" and p["id"].required
    assert p["slug"].location == "body" and not p["slug"].required
    ok, html = act.examples
    assert ok.body == {"success": 1} and ok.request_path == "/sites/3/plugins/activate"
    assert ok.request_query == {"x": "1"} and ok.headers == {"Content-Type": "application/json"}
    assert html.body is None and html.body_text == "<html>bad gateway</html>"
    assert html.status == 502 and html.request_method == "POST"
    add = by["api_keys.add"]
    assert add.body_encoding == "form" and add.category == "api_keys"
    assert _params(add)["permissions"].required and not _params(add)["description"].required
    edit = by["api_keys.edit"]
    assert edit.path == "/rest-api/edit-key/{key_id}" and edit.body_encoding == "form"
    upload = by["users.import"]
    assert upload.body_encoding == "multipart" and upload.category == "users"
    assert _params(upload)["csv_file"].type == "file"
    assert _params(upload)["has_header"].type == "string"
    # without x-mainwp-declared-args the declared args are the non-path params listed
    assert lst.declared_args == tuple(sorted(_params(lst)))
    assert act.declared_args == ("slug",)
    assert add.declared_args == ("description", "permissions")
    loose = by["tags.remove"]
    assert loose.path == "/tags/{id}/remove" and loose.body_encoding == "none"


def test_reads_from_path_and_wrapped_document(tmp_path: Path) -> None:
    f = tmp_path / "c.json"
    f.write_text(json.dumps({"collection": OTHER}), encoding="utf-8")
    assert [r.key for r in read_collection(f)] == [r.key for r in read_collection(OTHER)]
    assert read_collection(str(f))[0].key == "sites.list"
