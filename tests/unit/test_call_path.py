"""call()'s path resolution: kept per (method, path), never for errors, never shared state."""

from __future__ import annotations

import pytest

from mainwp_async import _call_path
from mainwp_async.errors import ConfigurationError


def test_the_same_path_resolves_to_the_same_endpoint_with_fresh_arguments() -> None:
    spec, args = _call_path.resolve("GET", "/sites/3", {})
    assert spec.qualname == "sites.get" and args == {"id_domain": "3"}
    args["tampered"] = True
    again, args2 = _call_path.resolve("GET", "/wp-json/mainwp/v2/sites/3/", {"fields": "x"})
    assert again is spec and "tampered" not in args2 and args2["fields"] == "x"
    third, args3 = _call_path.resolve("GET", "/sites/3", {})
    assert third is spec and "tampered" not in args3


def test_a_template_is_filled_from_the_keyword_arguments() -> None:
    spec, args = _call_path.resolve("GET", "/sites/{site_id}/plugins", {"site_id": 7})
    assert spec.qualname == "sites.plugins" and args == {"id_domain": "7"}


@pytest.mark.parametrize("path", ["/sites/../tags", "/sites/%2e%2e/tags", "/sites//x"])
def test_a_bad_path_raises_on_every_call(path: str) -> None:
    for _ in range(2):
        with pytest.raises(ConfigurationError):
            _call_path.resolve("GET", path, {})
    assert ("GET", path) not in _call_path._resolved


def test_the_table_stays_bounded() -> None:
    for n in range(_call_path._CACHE_SIZE + 50):
        _call_path.resolve("GET", f"/tags/{n}", {})
    assert len(_call_path._resolved) <= _call_path._CACHE_SIZE
