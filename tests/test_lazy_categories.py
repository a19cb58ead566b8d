"""A namespace loads only its own category: its endpoints, specs and models (issue #10).

The checks that need a clean slate run in a fresh interpreter (this test process has long
imported every category) and report ``sys.modules`` back as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import typing
from typing import Any

import attrs
import pytest

import mainwp_async.models as public
from mainwp_async._generated import endpoints, manifest
from mainwp_async._generated import models as generated

GEN = "mainwp_async._generated."
CATEGORIES = manifest.CATEGORIES

#: a tiny dashboard on 127.0.0.1 answering GET /tags and GET /tags/{id}/sites
SERVER = """
import asyncio, json, sys
from aiohttp import web

SITE = {"id": 1, "url": "https://one.example/", "name": "One", "plugins": [
    {"slug": "a/a.php", "name": "A", "version": "1.0", "active": 1}]}
TAG = {"id": 7, "name": "prod", "color": "#fff", "sites_ids": "1"}

async def tags(request):
    return web.json_response({"success": 1, "total": 1, "data": {"7": TAG}})

async def tag_sites(request):
    return web.json_response({"success": 1, "total": 1, "data": [SITE]})

async def serve():
    app = web.Application()
    app.router.add_get("/wp-json/mainwp/v2/tags", tags)
    app.router.add_get("/wp-json/mainwp/v2/tags/7/sites", tag_sites)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    return runner, f"http://127.0.0.1:{port}"
"""


def _fresh(code: str) -> Any:
    """Run ``code`` in a new interpreter; it prints one JSON document as its last line."""
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _categories_loaded(modules: list[str], part: str) -> set[str]:
    """Which categories have their ``part`` (endpoints/manifest/models) module loaded."""
    prefix = f"{GEN}{part}."
    return {m[len(prefix) :] for m in modules if m.startswith(prefix)} - {"_shared"}


SNAPSHOT = "sorted(m for m in sys.modules if m.startswith('mainwp_async._generated.'))"


def test_first_namespace_access_loads_only_that_category():
    seen = _fresh(
        f"""
        import json, sys
        from mainwp_async import MainWP
        mw = MainWP("https://dash.example", token="secret==key1234")
        before = {SNAPSHOT}
        mw.tags
        after_tags = {SNAPSHOT}
        mw.sites
        after_sites = {SNAPSHOT}
        print(json.dumps([before, after_tags, after_sites]))
        """
    )
    before, after_tags, after_sites = seen
    assert before == []
    for part in ("endpoints", "manifest", "models"):
        assert _categories_loaded(after_tags, part) == {"tags"}, (part, after_tags)
        assert _categories_loaded(after_sites, part) == {"tags", "sites"}, (part, after_sites)
    assert f"{GEN}models._shared" in after_tags  # tags answers hold sites, plugins...


def test_a_spec_or_a_public_model_loads_only_its_category():
    seen = _fresh(
        f"""
        import json, sys
        from mainwp_async import MainWP
        mw = MainWP("https://dash.example", token="secret==key1234")
        spec = mw.endpoint("clients.get")
        by_spec = {SNAPSHOT}
        from mainwp_async.models import CostsGetResponse
        by_model = {SNAPSHOT}
        print(json.dumps([spec.qualname, by_spec, by_model]))
        """
    )
    qualname, by_spec, by_model = seen
    assert qualname == "clients.get"
    assert _categories_loaded(by_spec, "manifest") == {"clients"}
    assert _categories_loaded(by_spec, "models") == {"clients"}
    assert _categories_loaded(by_spec, "endpoints") == set()
    assert _categories_loaded(by_model, "models") == {"clients", "costs"}
    assert _categories_loaded(by_model, "manifest") == {"clients"}


def test_call_by_path_loads_only_the_matched_category_and_decodes_nested_models():
    seen = _fresh(
        SERVER
        + textwrap.dedent(
            f"""
        from mainwp_async import MainWP

        async def main():
            runner, url = await serve()
            try:
                async with MainWP(url, token="secret==key1234", allow_insecure_http=True) as mw:
                    listed = await mw.call("GET", "/tags")
                    after_call = {SNAPSHOT}
                    sites = await mw.call("GET", "/tags/7/sites")
            finally:
                await runner.cleanup()
            tag = listed.data["7"]
            site = sites.data[0]
            return [
                type(listed).__module__ + "." + type(listed).__name__,
                type(tag).__name__, tag.name,
                type(site).__name__, type(site.plugins[0]).__name__, site.plugins[0].slug,
                after_call, {SNAPSHOT},
            ]

        print(json.dumps(asyncio.run(main())))
        """
        )
    )
    listed, tag_cls, tag_name, site_cls, plugin_cls, slug, after_call, after_all = seen
    assert listed == f"{GEN}models.tags.TagsListResponse"
    assert (tag_cls, tag_name) == ("Tag", "prod")
    assert (site_cls, plugin_cls, slug) == ("Site", "Plugin", "a/a.php")
    for modules in (after_call, after_all):
        assert _categories_loaded(modules, "manifest") == {"tags"}
        assert _categories_loaded(modules, "models") == {"tags"}
        assert _categories_loaded(modules, "endpoints") == set()


def test_every_public_model_is_the_class_the_endpoints_use():
    names = public.__all__
    assert names == sorted(names) and len(names) == len(set(names)) == len(generated.MODULE_OF)
    for name in names:
        cls = getattr(public, name)
        assert attrs.has(cls), name
        assert cls is getattr(generated, name), name
        assert cls.__name__ == name
        assert cls.__module__ == f"{GEN}models.{generated.MODULE_OF[name]}", name
    used = set()
    for spec in manifest.ENDPOINTS:
        for model in (spec.response_model, spec.item_model):
            if model is not None:
                assert getattr(public, model.__name__) is model, spec.qualname
                used.add(model.__name__)
    assert {"Site", "Tag", "SitesListResponse", "TagsListResponse"} <= used


def test_resource_methods_return_the_public_classes():
    hints = typing.get_type_hints(endpoints.TagsAPI.iter_list)
    assert typing.get_args(hints["return"]) == (public.Tag,)
    hints = typing.get_type_hints(endpoints.SitesAPI.get)
    assert typing.get_args(hints["return"]) == (public.SitesGetResponse,)


def test_every_model_resolves_its_field_types_in_its_own_module():
    # what convert.py and the structure compiler do: annotations are strings resolved in
    # the defining module's globals, so a class referring to a shared one must see it there
    for name in generated.__all__:
        cls = getattr(generated, name)
        hints = typing.get_type_hints(cls)
        assert set(hints) >= {a.name for a in attrs.fields(cls)}, name


def test_category_modules_name_every_class_their_answers_hold():
    for category in generated.CATEGORIES:
        module = __import__(f"{GEN}models.{category}", fromlist=["RESPONSE_MODELS"])
        for key, cls in module.RESPONSE_MODELS.items():
            assert key.split(".", 1)[0] == category
            assert getattr(module, cls.__name__) is cls
            for hint in typing.get_type_hints(cls).values():
                for arg in _classes_in(hint):
                    assert getattr(module, arg.__name__) is arg, (category, cls, arg)


def _classes_in(tp: Any) -> list[type]:
    found = [tp] if isinstance(tp, type) and attrs.has(tp) else []
    for arg in typing.get_args(tp):
        found += _classes_in(arg)
    return found


def test_request_tables_are_complete_and_stable():
    merged = generated.RESPONSE_MODELS
    assert generated.RESPONSE_MODELS is merged  # built once, then kept
    assert list(merged) == sorted(merged)
    keys = {spec.qualname for spec in manifest.ENDPOINTS}
    # every endpoint's collection key has a model (names ending in _ are keywords renamed)
    assert {k.rstrip("_") for k in keys} <= {k.rstrip("_") for k in merged}
    assert set(generated.ITEM_MODELS) <= set(merged)


def test_the_lazy_packages_list_and_refuse_names():
    for module in (public, generated, manifest, endpoints):
        assert set(module.__all__) <= set(dir(module)), module.__name__
        with pytest.raises(AttributeError, match="NoSuchThing"):
            module.NoSuchThing  # noqa: B018
    assert {"RESPONSE_MODELS", "ITEM_MODELS"} <= set(dir(generated))
    assert {"ENDPOINTS", "BY_QUALNAME", "ROUTES", "SITES_GET"} <= set(dir(manifest))
    assert "RESOURCES" in dir(endpoints)
    assert "RESPONSE_MODELS" not in public.__all__


def test_manifest_assembles_every_category_in_collection_order():
    specs = manifest.ENDPOINTS
    assert manifest.ENDPOINTS is specs
    assert [s.qualname for s in specs] == [row[0] for row in manifest.ROUTES]
    for (qualname, methods, route), spec in zip(manifest.ROUTES, specs, strict=True):
        assert (spec.qualname, spec.methods, spec.route) == (qualname, methods, route)
        assert manifest.endpoint(qualname) is spec
        assert manifest.BY_QUALNAME[qualname] is spec
    assert manifest.SITES_GET is manifest.BY_QUALNAME["sites.get"]
    assert {s.category for s in specs} == set(CATEGORIES)
    assert list(endpoints.RESOURCES) == list(CATEGORIES)
    for category, cls in endpoints.RESOURCES.items():
        assert cls is getattr(endpoints, cls.__name__) and category in cls.__module__
    for bad in ("nope.list", "sites", "sites.nope", ""):
        with pytest.raises(KeyError):
            manifest.endpoint(bad)


async def test_what_the_endpoints_return_is_the_public_class(mainwp_client):
    tags = await mainwp_client.tags.list()
    assert type(tags) is public.TagsListResponse
    assert tags.data and all(type(tag) is public.Tag for tag in tags.data.values())
    sites = [site async for site in mainwp_client.sites.iter_list()]
    assert sites and all(type(site) is public.Site for site in sites)
    one = await mainwp_client.sites.get(sites[0].id)
    assert type(one) is public.SitesGetResponse and type(one.data) is public.Site
    by_path = await mainwp_client.call("GET", f"/sites/{sites[0].id}")
    assert type(by_path) is public.SitesGetResponse
    plugins = [p for site in sites for p in site.plugins or []]
    assert plugins and all(type(p) is public.Plugin for p in plugins)
