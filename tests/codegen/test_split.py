"""codegen.split: which module each model class goes to, and that the modules import."""

from __future__ import annotations

import importlib
import sys
import typing
from pathlib import Path

import attrs
import pytest

from codegen.split import SHARED, parse_classes, plan_split, render_models
from codegen.writer import format_python

SOURCE = """\
from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs


@attrs.define(kw_only=True, frozen=True)
class Plugin:
    slug: str | None = None


@attrs.define(kw_only=True, frozen=True)
class Site:
    plugins: list[Plugin] | None = None
    seen: datetime | None = None


@attrs.define(kw_only=True, frozen=True)
class SitesGetResponse:
    data: Site | None = None
    note: SiteNote | None = None


@attrs.define(kw_only=True, frozen=True)
class SiteNote:
    text: str | None = None


@attrs.define(kw_only=True, frozen=True)
class TagsSitesResponse:
    data: "list[Site] | None" = None


@attrs.define(kw_only=True, frozen=True)
class Tag:
    name: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)


@attrs.define(kw_only=True, frozen=True)
class Orphan:
    x: int | None = None


RESPONSE_MODELS: dict[str, type] = {"sites.get": SitesGetResponse}
"""
RESPONSES = {"sites.get": "SitesGetResponse", "tags.sites": "TagsSitesResponse"}
ITEMS = {"tags.list": "Tag"}
HEADER = "# DO NOT EDIT: test"


def test_classes_and_their_references_are_read_from_the_source():
    blocks = {b.name: b for b in parse_classes(SOURCE)}
    assert list(blocks) == [
        "Plugin",
        "Site",
        "SitesGetResponse",
        "SiteNote",
        "TagsSitesResponse",
        "Tag",
        "Orphan",
    ]
    assert blocks["Site"].text.startswith("@attrs.define(kw_only=True, frozen=True)\nclass Site:")
    assert {"Plugin", "datetime"} <= blocks["Site"].names
    assert "Site" in blocks["TagsSitesResponse"].names  # a quoted annotation counts too


def test_a_class_goes_to_its_only_category_or_to_shared():
    split = plan_split(SOURCE, RESPONSES, ITEMS)
    assert dict(split.module_of) == {
        "Plugin": SHARED,  # reached through Site by sites and tags
        "Site": SHARED,
        "SitesGetResponse": "sites",
        "SiteNote": "sites",  # defined after its user: order does not matter
        "TagsSitesResponse": "tags",
        "Tag": "tags",
        "Orphan": SHARED,  # reached by no request: kept, in the shared module
    }
    assert split.modules() == [SHARED, "sites", "tags"]
    assert split.shared_imports("tags") == ["Plugin", "Site"]
    assert split.reach["sites"] == {"SitesGetResponse", "SiteNote", "Site", "Plugin"}


def test_the_split_is_deterministic_and_rejects_unknown_models():
    first = render_models(HEADER, SOURCE, RESPONSES, ITEMS)
    assert render_models(HEADER, SOURCE, dict(reversed(RESPONSES.items())), ITEMS) == first
    with pytest.raises(ValueError, match="'Missing'"):
        plan_split(SOURCE, {**RESPONSES, "sites.x": "Missing"}, ITEMS)
    twice = SOURCE + "\n\n@attrs.define\nclass Tag:\n    pass\n"
    with pytest.raises(ValueError, match="twice"):
        plan_split(twice, RESPONSES, ITEMS)


def test_rendered_package_imports_lazily_and_resolves_every_annotation(tmp_path: Path):
    files = format_python(render_models(HEADER, SOURCE, RESPONSES, ITEMS))
    assert set(files) == {
        "models/__init__.py",
        "models/_shared.py",
        "models/sites.py",
        "models/tags.py",
    }
    for rel, text in files.items():
        assert text.startswith(HEADER + "\n"), rel
        assert text.count("class Site:") + text.count("class Site(") <= 1
    defined = [
        line.split()[1].rstrip(":")
        for text in files.values()
        for line in text.splitlines()
        if line.startswith("class ")
    ]
    assert sorted(defined) == sorted(b.name for b in parse_classes(SOURCE))  # each once
    assert "from datetime import datetime" in files["models/_shared.py"]
    assert "datetime" not in files["models/tags.py"]

    pkg = f"split_test_{tmp_path.name.replace('-', '_')}"
    for rel, text in files.items():
        target = tmp_path / pkg / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    sys.path.insert(0, str(tmp_path))
    try:
        models = importlib.import_module(f"{pkg}.models")
        assert sorted(m for m in sys.modules if m.startswith(pkg)) == [pkg, f"{pkg}.models"]
        tag = models.Tag
        assert tag.__module__ == f"{pkg}.models.tags"
        loaded = sorted(m for m in sys.modules if m.startswith(pkg))
        assert loaded == [pkg, f"{pkg}.models", f"{pkg}.models._shared", f"{pkg}.models.tags"]
        tags = sys.modules[f"{pkg}.models.tags"]
        hints = typing.get_type_hints(tags.TagsSitesResponse)
        assert typing.get_args(hints["data"])[0] == list[models.Site]
        assert tags.Site is models.Site and attrs.has(models.Plugin)
        assert {
            "sites.get": models.SitesGetResponse,
            "tags.sites": models.TagsSitesResponse,
        } == models.RESPONSE_MODELS
        assert {"tags.list": models.Tag} == models.ITEM_MODELS
        assert set(models.__all__) == set(models.MODULE_OF) and "Orphan" in dir(models)
        with pytest.raises(AttributeError, match="Nope"):
            models.Nope  # noqa: B018
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith(pkg)]:
            del sys.modules[name]


def test_a_reference_across_categories_is_refused():
    # cannot happen with real reachability; the check guards hand-made splits
    from codegen.split import Split, _check

    blocks = tuple(parse_classes(SOURCE))
    bad = Split(
        blocks,
        {b.name: "tags" if b.name == "Site" else "sites" for b in blocks},
        {b.name: frozenset({"Site"} if b.name == "SitesGetResponse" else ()) for b in blocks},
        {},
    )
    with pytest.raises(ValueError, match=r"sites\.SitesGetResponse refers to tags\.Site"):
        _check(bad)


def test_the_package_init_defines_no_class_and_imports_nothing_heavy():
    init = render_models(HEADER, SOURCE, RESPONSES, ITEMS)["models/__init__.py"]
    runtime = init.split("if TYPE_CHECKING:", 1)[0] + init.split("__all__ = [", 1)[1]
    assert "\nclass " not in init and "import attrs" not in init
    assert "\nfrom ." not in runtime  # the submodules load only through __getattr__
    namespace: dict[str, object] = {"__name__": "x"}
    exec(compile(init, "models/__init__.py", "exec"), namespace)
    assert namespace["CATEGORIES"] == ("sites", "tags")
    assert namespace["MODULE_OF"] == plan_split(SOURCE, RESPONSES, ITEMS).module_of
