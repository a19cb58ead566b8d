"""Paging through the SDK's ``iter_*`` methods against a fleet simulator.

Every paged list of the manifest is walked with a small page size and compared with one
big page: each item must come exactly once and the two must agree. The paging kinds differ
(QUIRKS: sites ``total`` counts everything, most lists count the page, ``rest-api/keys``
repeats its last page, ``updates`` ignores paging), so the number of requests is checked
too: the iterator must stop without walking past the end more than once.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest

from mainwp_async import MainWP
from mainwp_async._generated.manifest import ENDPOINTS
from mainwp_async._spec import EndpointSpec, PagingKind
from mainwp_async.convert import structure
from mainwp_async.errors import ServerError
from mainwp_async.paging import extract_items
from mainwp_async.testing import SimulatedDashboard

from .conftest import client

PAGED = [s for s in ENDPOINTS if s.paging is not PagingKind.NONE]
PER_PAGE = 7


def test_the_manifest_pages_the_lists_quirks_describes() -> None:
    kinds = {s.qualname: s.paging for s in PAGED}
    assert kinds["sites.list"] is PagingKind.TOTAL_ALL
    for name in ("sites.basic", "clients.list", "tags.list", "costs.list", "monitors.list"):
        assert kinds[name] is PagingKind.TOTAL_PAGE, name
    assert kinds["monitors.basic_all"] is PagingKind.TOTAL_PAGE
    assert kinds["api_keys.list"] is PagingKind.REPEAT_LAST
    assert kinds["updates.list"] is PagingKind.UNPAGED


async def _grow(mw: MainWP) -> None:
    """Give every small list of the fleet a few pages' worth of rows, through the API."""
    for i in range(15):
        await mw.tags.add(name=f"Tag {i}")
    for i in range(12):
        await mw.clients.add(name=f"Client {i}", client_email=f"c{i}@example.test")
    for i in range(12):
        await mw.costs.add(name=f"Cost {i}", price=i + 1)
    for i in range(12):
        await mw.api_keys.add(active=True, permissions="read", description=f"k{i}")
    for i in range(10):
        await mw.clients.fields_add(name=f"field_{i}", description=f"Field {i}")


def _identity(item: Any) -> str:
    return repr(item)


async def _big_page(mw: MainWP, spec: EndpointSpec) -> list[Any]:
    call = getattr(getattr(mw, spec.category), spec.name)
    if spec.paging is PagingKind.UNPAGED:
        raw = await call().raw()
    else:
        raw = await call(page=1, per_page=100).raw()
    assert raw.ok, raw.error
    items = [item for _key, item in extract_items(raw.json)]
    if spec.item_model is None:
        return items
    return [structure(item, spec.item_model) for item in items]


def _subpath(spec: EndpointSpec) -> str:
    return spec.path


@pytest.mark.parametrize("spec", PAGED, ids=lambda s: s.qualname)
async def test_iterator_yields_every_item_once(spec: EndpointSpec) -> None:
    async with SimulatedDashboard(sites=60, seed=3) as dash, client(dash) as mw:
        await _grow(mw)
        expected = await _big_page(mw, spec)
        assert len(expected) > PER_PAGE, "the list must span several pages"
        dash.counters.reset()
        iterator = getattr(getattr(mw, spec.category), f"iter_{spec.name}")
        # updates ignores paging, so its iterator takes no page size.
        paging = {} if spec.paging is PagingKind.UNPAGED else {"per_page": PER_PAGE}
        walked = [item async for item in iterator(**paging)]
        requests = dash.counters.count_path("GET", _subpath(spec))

    seen = Counter(_identity(i) for i in walked)
    assert [k for k, n in seen.items() if n > 1] == [], "items yielded more than once"
    assert set(seen) == {_identity(i) for i in expected}
    assert len(walked) == len(expected)
    if spec.item_model is not None:
        assert all(isinstance(i, spec.item_model) for i in walked)
    pages = math.ceil(len(expected) / PER_PAGE)
    if spec.paging is PagingKind.UNPAGED:
        assert requests == 1
    elif spec.paging is PagingKind.TOTAL_PAGE:
        assert requests in (pages, pages + 1)  # at most one empty page past the end
    else:  # total-all and repeat-last know where the end is
        assert requests == pages


@pytest.mark.parametrize(
    ("qualname", "exact_requests"),
    [("sites.list", 9), ("sites.basic", 10)],
)
async def test_fleet_size_an_exact_multiple_of_per_page(qualname: str, exact_requests: int) -> None:
    # 63 sites = 9 full pages of 7: no short last page to signal the end.
    async with SimulatedDashboard(sites=63, seed=5) as dash, client(dash) as mw:
        spec = mw.endpoint(qualname)
        iterator = getattr(mw.sites, f"iter_{spec.name}")
        ids = [site.id async for site in iterator(per_page=7)]
        assert sorted(ids) == list(range(1, 64))  # string ids on the wire, ints in the model
        # total-all stops after page 9; total-page needs page 10 (empty) to know.
        assert dash.counters.count_path("GET", spec.path) == exact_requests


async def test_filters_travel_with_every_page(fleet: SimulatedDashboard) -> None:
    async with client(fleet) as mw:
        connected = [s async for s in mw.sites.iter_list(per_page=7, status="connected")]
        everything = [s async for s in mw.sites.iter_list(per_page=7)]
    assert 0 < len(connected) < len(everything) == 60
    assert {str(s.status) for s in connected} == {"connected"}


async def test_a_transient_failure_between_pages_is_retried(fleet: SimulatedDashboard) -> None:
    async with client(fleet) as mw:
        walked = []
        async for site in mw.sites.iter_list(per_page=7):
            walked.append(site.id)
            if len(walked) == 1:  # page 1 is in; the next page request meets a 503 once
                fleet.set_fault("503", route=r"^/sites$", times=1)
    assert sorted(walked) == list(range(1, 61))
    assert fleet.counters.faults["503"] == 1
    assert fleet.counters.count_path("GET", "/sites") == 9 + 1  # 9 pages, one retry


async def test_a_failing_page_stops_the_iteration_with_the_typed_error(
    fleet: SimulatedDashboard,
) -> None:
    async with client(fleet) as mw:
        walked = []
        with pytest.raises(ServerError):
            async for site in mw.sites.iter_basic(per_page=20):
                walked.append(site.id)
                if len(walked) == 20:
                    fleet.set_fault("503", route=r"^/sites/basic$")
    assert walked == list(range(1, 21))
