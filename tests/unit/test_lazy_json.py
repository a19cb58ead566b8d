"""JSON-text fields decode on first read, and a reader cannot tell, except for when it warns.

A full site carries a dozen fields sent as JSON text; the compiled structuring path
keeps their text and decodes a field the first time it is read. These tests pin what
a user relies on: the values, equality, pickling, ``evolve`` and ``unstructure`` are
those of eager decoding; a misfit still lands in ``extra`` (even when ``extra`` is read
first) with its one warning; strict mode still raises while the response is parsed.
"""

from __future__ import annotations

import json
import logging
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest

from mainwp_async import convert
from mainwp_async.errors import ResponseShapeError
from mainwp_async.models import Plugin, Site

ROOT = Path(__file__).resolve().parents[2]
SITE = json.loads((ROOT / "postman/source/captures/get/sites_1.json").read_text())["body"]["data"]
JSON_FIELDS = [a.name for a in attrs.fields(Site) if a.metadata.get("json")]


@pytest.fixture(autouse=True)
def _fresh_warnings() -> Any:
    saved = set(convert._WARNED)
    convert._WARNED.clear()
    yield
    convert._WARNED.clear()
    convert._WARNED.update(saved)


def _eager(data: dict[str, Any]) -> Site:
    return convert.converter.structure(data, Site)  # the converter alone decodes eagerly


def _slots(site: Site) -> dict[str, Any]:
    """What the slots hold right now, without the lazy descriptors decoding anything."""
    return {name: getattr(type(site), name).member.__get__(site) for name in JSON_FIELDS}


def test_the_full_site_keeps_its_json_text_until_read() -> None:
    site = convert.structure(SITE, Site)
    pending = [n for n, v in _slots(site).items() if type(v).__name__ == "Pending"]
    assert "plugins" in pending and "themes" in pending
    assert site.plugins is not None and isinstance(site.plugins[0], Plugin)
    assert type(_slots(site)["plugins"]) is list  # decoded once, then a plain slot
    assert site.plugins is site.plugins


def test_a_lazily_decoded_site_equals_the_eager_one_in_every_way() -> None:
    eager = _eager(SITE)
    assert convert.structure(SITE, Site) == eager
    assert repr(convert.structure(SITE, Site)) == repr(eager)
    assert convert.unstructure(convert.structure(SITE, Site)) == convert.unstructure(eager)
    assert pickle.loads(pickle.dumps(convert.structure(SITE, Site))) == eager
    evolved = attrs.evolve(convert.structure(SITE, Site), name="renamed")
    assert evolved.plugins == eager.plugins and evolved.name == "renamed"
    assert attrs.asdict(convert.structure(SITE, Site)) == attrs.asdict(eager)
    for name in JSON_FIELDS:
        assert getattr(convert.structure(SITE, Site), name) == getattr(eager, name), name


def test_a_lazy_site_stays_frozen() -> None:
    site = convert.structure(SITE, Site)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        site.plugins = []  # type: ignore[misc]


def test_a_misfit_warns_when_read_and_lands_in_extra(caplog: pytest.LogCaptureFixture) -> None:
    body = {**SITE, "plugins": "[{not json", "themes": '{"a": 1}'}
    with caplog.at_level(logging.WARNING, logger="mainwp_async"):
        site = convert.structure(body, Site)
        assert caplog.messages == []  # nothing decoded yet
        assert site.plugins is None
        assert caplog.messages == [
            "Site.plugins: not valid JSON text (a str); kept in .extra['plugins']"
        ]
        assert site.extra == {"plugins": "[{not json", "themes": '{"a": 1}'}
        assert site.themes is None
    assert len(caplog.messages) == 2 and "Site.themes" in caplog.messages[1]
    eager = _eager(body)
    assert site == eager and site.extra == eager.extra


def test_reading_extra_first_settles_every_pending_field() -> None:
    site = convert.structure({**SITE, "categories": "[1, 2"}, Site)
    assert site.extra == {"categories": "[1, 2"}  # before categories itself was read
    assert site.categories is None


def test_an_undeclared_key_inside_json_text_is_kept_in_the_nested_extra(
    caplog: pytest.LogCaptureFixture,
) -> None:
    plugins = json.loads(SITE["plugins"])
    plugins[0]["brand_new_key"] = "x"
    site = convert.structure({**SITE, "plugins": json.dumps(plugins)}, Site)
    with caplog.at_level(logging.WARNING, logger="mainwp_async"):
        first = site.plugins[0] if site.plugins else None
    assert first is not None and first.extra == {"brand_new_key": "x"}
    assert any("Plugin.brand_new_key" in m for m in caplog.messages)


def test_strict_mode_still_raises_while_parsing() -> None:
    with pytest.raises(ResponseShapeError) as info:
        convert.structure({**SITE, "plugins": "[{not json"}, Site, strict=True)
    assert info.value.model == "Site" and info.value.path == "plugins"


def test_strict_mode_decodes_eagerly() -> None:
    site = convert.structure(SITE, Site, strict=True)
    assert all(type(v).__name__ != "Pending" for v in _slots(site).values())


def test_an_empty_text_is_none_at_once() -> None:
    site = convert.structure({**SITE, "plugins": "", "themes": "[]"}, Site)
    assert _slots(site)["plugins"] is None
    assert site.plugins is None and site.themes == []
