"""The endpoint/manifest writer on a small hand-made request list."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import shutil
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from codegen.endpoints import (
    HEADER,
    class_name,
    method_name,
    plan_endpoints,
    python_name,
    render_tree,
)
from codegen.ir import ParamIR, RequestIR
from codegen.writer import build_tree, diff_tree, read_tree, write_tree


@dataclass
class StubModels:
    source: str = (
        "from __future__ import annotations\n\nimport attrs\n\n\n"
        "@attrs.define\nclass Site:\n    id: str | None = None\n\n\n"
        "@attrs.define\nclass SitesGetResponse:\n    data: Site | None = None\n\n\n"
        "@attrs.define\nclass SitesListResponse:\n    data: list[Site] | None = None\n"
    )
    response_models: dict[str, str] = field(
        default_factory=lambda: {"sites.get": "SitesGetResponse", "sites.list": "SitesListResponse"}
    )
    item_models: dict[str, str] = field(default_factory=lambda: {"sites.list": "Site"})


def _req(
    category: str,
    name: str,
    method: str,
    path: str,
    route: str,
    *params: ParamIR,
    methods: tuple[str, ...] | None = None,
    body: str = "none",
    paging: str = "none",
    description: str = "",
) -> RequestIR:
    return RequestIR(
        category=category,
        name=name,
        method=method,
        methods=methods or (method,),
        path=path,
        route=route,
        params=params,
        body_encoding=body,
        description=description,
        paging=paging,
    )


def _requests() -> list[RequestIR]:
    id_domain = ParamIR("id_domain", "path", required=True, description="Site id or domain.")
    return [
        _req("index", "get", "GET", "", ""),
        _req(
            "sites",
            "list",
            "GET",
            "/sites",
            "/sites",
            ParamIR("page", "query", "integer"),
            ParamIR("per_page", "query", "integer"),
            ParamIR("status", "query", "string", enum=("any", "connected"), default="any"),
            ParamIR("_fields", "query", "string", description='Only these "fields".'),
            paging="total-all",
            description="List the sites.\n\nMore text here.",
        ),
        _req(
            "sites",
            "get",
            "GET",
            "/sites/{id_domain}",
            r"/sites/(?P<id_domain>[\d]+)",
            id_domain,
            ParamIR("with_tags", "query", "boolean"),
            ParamIR("uniqueId", "query", "string"),
        ),
        _req(
            "sites",
            "suspend",
            "POST",
            "/sites/{id_domain}/suspend",
            r"/sites/(?P<id_domain>[a-z]+)/suspend",
            id_domain,
            methods=("POST", "PUT", "PATCH"),
            body="json",
        ),
        _req(
            "sites",
            "edit",
            "POST",
            "/sites/{id_domain}/edit",
            r"/sites/(?P<id_domain>[a-z]+)/edit",
            id_domain,
            ParamIR("name", "body", "string", required=True),
            ParamIR("groupids", "body", "array"),
            ParamIR("id_domain", "body", "string"),
            methods=("POST", "PUT", "PATCH"),
            body="json",
        ),
        _req(
            "users",
            "import",
            "POST",
            "/users/import",
            "/users/import",
            ParamIR("csv_file", "body", "file", required=True),
            ParamIR("class", "body", "any"),
            body="multipart",
        ),
        _req("tags", "remove", "DELETE", "/tags/{id}/remove", r"/tags/(?P<id>[\d]+)/remove"),
    ]


def test_names() -> None:
    assert python_name("_fields") == "fields"
    assert python_name("uniqueId") == "unique_id"
    assert python_name("is_ignoreCoreUpdates") == "is_ignore_core_updates"
    assert python_name("class") == "class_"
    assert python_name("non-mainwp-changes") == "non_mainwp_changes"
    assert method_name("import") == "import_"
    assert method_name("_call") == "call_"
    assert method_name("plugins_activate") == "plugins_activate"
    assert class_name("api_keys") == "ApiKeysAPI"
    assert class_name("sites") == "SitesAPI"


def test_plans() -> None:
    plans = {f"{p.category}.{p.name}": p for p in plan_endpoints(_requests(), StubModels())}
    assert set(plans) == {
        "sites.list",
        "sites.get",
        "sites.suspend",
        "sites.edit",
        "users.import_",
        "tags.remove",
    }
    assert plans["sites.suspend"].idempotent and not plans["sites.edit"].idempotent
    assert plans["sites.get"].idempotent and not plans["tags.remove"].idempotent
    assert plans["tags.remove"].permission == "DELETE"
    assert plans["sites.edit"].permission == "WRITE"
    edit_names = [p.python_name for p in plans["sites.edit"].params]
    assert edit_names == ["id_domain", "name", "groupids", "id_domain_body"]
    # a path placeholder missing from params is added
    assert [p.python_name for p in plans["tags.remove"].params] == ["id"]
    assert plans["sites.list"].summary == "List the sites."
    assert plans["sites.list"].item_model == "Site"


SRC = Path(__file__).resolve().parents[2] / "src" / "mainwp_async"


def _load(tree: dict[str, bytes], tmp_path: Path) -> types.ModuleType:
    """Import the generated tree inside a throwaway package holding copies of _spec/_resource.

    This keeps the test independent of ``mainwp_async/__init__`` (which imports the world).
    """
    pkg_name = f"gen_test_{tmp_path.name.replace('-', '_')}"
    pkg_dir = tmp_path / pkg_name
    pkg_dir.mkdir()
    for name in ("_spec.py", "_resource.py"):
        shutil.copy(SRC / name, pkg_dir / name)
    write_tree(tree, pkg_dir / "_generated")
    pkg = types.ModuleType(pkg_name)
    pkg.__path__ = [str(pkg_dir)]
    sys.modules[pkg_name] = pkg
    return importlib.import_module(f"{pkg_name}._generated.endpoints")


def test_tree_contents(tmp_path: Path) -> None:
    tree = build_tree(_requests(), StubModels())
    assert set(tree) == {
        "__init__.py",
        "models/__init__.py",
        "models/_shared.py",
        "models/sites.py",
        "manifest/__init__.py",
        "manifest/sites.py",
        "manifest/tags.py",
        "manifest/users.py",
        "manifest.json",
        "endpoints/__init__.py",
        "endpoints/sites.py",
        "endpoints/users.py",
        "endpoints/tags.py",
    }
    for rel, data in tree.items():
        text = data.decode()
        if rel.endswith(".py"):
            assert text.startswith(HEADER + "\n"), rel
            assert text.count(HEADER) == 1, rel
            ast.parse(text)
    doc = json.loads(tree["manifest.json"])
    assert doc["_comment"].startswith("DO NOT EDIT")
    assert [e["qualname"] for e in doc["endpoints"]] == [
        "sites.list",
        "sites.get",
        "sites.suspend",
        "sites.edit",
        "users.import_",
        "tags.remove",
    ]
    assert doc["endpoints"][0]["item_model"] == "Site"
    # deterministic
    assert build_tree(_requests(), StubModels()) == tree

    endpoints = _load(tree, tmp_path)
    manifest = importlib.import_module(endpoints.__name__.rsplit(".", 1)[0] + ".manifest")
    assert list(endpoints.RESOURCES) == ["sites", "tags", "users"]
    sites = endpoints.RESOURCES["sites"]
    assert sites.__name__ == "SitesAPI"
    sig = inspect.signature(sites.get)
    assert list(sig.parameters) == ["self", "id_domain", "with_tags", "unique_id"]
    assert sig.parameters["id_domain"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert sig.parameters["with_tags"].kind is inspect.Parameter.KEYWORD_ONLY
    assert sig.parameters["with_tags"].default is None
    assert "Call[models.SitesGetResponse]" in inspect.getsource(sites.get)
    edit = inspect.signature(sites.edit)
    assert edit.parameters["name"].default is inspect.Parameter.empty
    assert edit.parameters["name"].kind is inspect.Parameter.KEYWORD_ONLY
    it = inspect.signature(sites.iter_list)
    assert list(it.parameters) == ["self", "per_page", "status", "fields"]
    assert "AsyncIterator[models.Site]" in inspect.getsource(sites.iter_list)
    assert not hasattr(sites, "iter_get")
    users = endpoints.RESOURCES["users"]
    assert hasattr(users, "import_")
    spec = manifest.BY_QUALNAME["sites.list"]
    assert spec.item_model.__name__ == "Site"
    assert spec.param("_fields").python_name == "fields"
    assert spec.param("status").enum == ("any", "connected")
    imp = manifest.BY_QUALNAME["users.import_"]
    assert imp.body_encoding.value == "multipart"
    assert imp.param("csv_file").type == "file"
    imp_src = inspect.getsource(users.import_)
    assert "csv_file: bytes | str" in imp_src and "uploaded as ``csv_file.csv``" in imp_src
    assert manifest.ENDPOINTS[0] is spec
    assert "Only these" in (sites.list.__doc__ or "")


class _FakeClient:
    def __init__(self) -> None:
        self.sent: list[tuple[Any, dict[str, Any]]] = []

    def _iterate(self, spec: Any, args: dict[str, Any]) -> Any:
        self.sent.append((spec, args))
        return iter(())


def test_generated_calls_pass_python_names(tmp_path: Path) -> None:
    endpoints = _load(build_tree(_requests(), StubModels()), tmp_path)
    client = _FakeClient()
    sites = endpoints.RESOURCES["sites"](client)
    call = sites.get(3, with_tags=True)
    assert call.spec.qualname == "sites.get"
    assert call._args == {"id_domain": 3, "with_tags": True}
    sites.iter_list(per_page=5, fields="id")
    assert client.sent[0][1] == {"per_page": 5, "fields": "id"}


def test_write_tree_removes_stale_and_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "_generated"
    tree = build_tree(_requests(), StubModels())
    first = write_tree(tree, out)
    assert sorted(first.written) == sorted(tree)
    assert diff_tree(tree, out) == []
    (out / "endpoints" / "__pycache__").mkdir()
    again = write_tree(tree, out)
    assert again.written == [] and sorted(again.unchanged) == sorted(tree)

    smaller = build_tree([r for r in _requests() if r.category != "tags"], StubModels())
    assert "endpoints/tags.py" not in smaller
    diff = diff_tree(smaller, out)
    assert "stale file (not generated): endpoints/tags.py" in diff
    assert any(line.startswith("--- committed/endpoints/__init__.py") for line in diff)
    result = write_tree(smaller, out)
    assert result.removed == ["endpoints/tags.py", "manifest/tags.py"]
    assert read_tree(out) == smaller
    assert not list(out.rglob("*.tmp"))


def test_unknown_categories_and_clashes() -> None:
    tree = render_tree([_requests()[0]], StubModels())
    assert "endpoints/index.py" not in tree
    dup = [*_requests()[1:3], _requests()[2]]
    with pytest.raises(ValueError, match="duplicate"):
        plan_endpoints(dup, StubModels())
    clash = [*_requests()[1:2], _req("sites", "iter_list", "GET", "/sites/x", "/sites/x")]
    with pytest.raises(ValueError, match="clashes"):
        plan_endpoints(clash, StubModels())


def test_cli_generate_check_and_collection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import codegen.__main__ as cli
    import codegen.collection
    from codegen.writer import Generated

    tree = build_tree(_requests(), StubModels())
    monkeypatch.setattr(cli, "generate", lambda *a: Generated(tree, 6, 3, 0.0))
    out = tmp_path / "_generated"
    assert cli.main(["generate", "--out", str(out)]) == 0
    assert "6 endpoints, 3 models" in capsys.readouterr().out
    assert read_tree(out) == tree
    assert cli.main(["check", "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out
    (out / "endpoints" / "stale.py").write_text("x = 1\n")
    (out / "manifest" / "sites.py").write_bytes(
        tree["manifest/sites.py"].replace(b"SITES_GET", b"SITES_GOT")
    )
    assert cli.main(["check", "--out", str(out)]) == 1
    report = capsys.readouterr().out
    assert "out of date" in report and "stale file (not generated): endpoints/stale.py" in report
    assert "-SITES_GOT" in report and "+SITES_GET" in report
    assert cli.main(["generate", "--out", str(out)]) == 0
    assert read_tree(out) == tree

    seen: list[list[str]] = []

    def fake_collection_main(argv: list[str]) -> int:
        seen.append(list(argv))
        return 0

    monkeypatch.setattr(codegen.collection, "main", fake_collection_main)
    assert cli.main(["collection", "--check", "x"]) == 0
    assert seen == [["--check", "x"]]
