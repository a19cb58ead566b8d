from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mainwp_async._spec import PagingKind
from mainwp_async.errors import ConfigurationError, PaginationError
from mainwp_async.paging import (
    DEFAULT_PER_PAGE,
    default_item_key,
    extract_items,
    iterate_items,
    next_page,
)

CAPTURES = Path(__file__).parents[2] / "postman" / "source" / "captures" / "pagination"


def body(name: str) -> Any:
    return json.loads((CAPTURES / f"{name}.json").read_text(encoding="utf-8"))["body"]


# ---------------------------------------------------------------- extract_items


def test_extract_items_shapes() -> None:
    assert extract_items({"success": 1, "data": [{"id": 1}, {"id": 2}]}) == [
        (None, {"id": 1}),
        (None, {"id": 2}),
    ]
    assert extract_items({"data": {"7": {"id": "7"}, "3": {"id": "3"}}}) == [
        ("7", {"id": "7"}),
        ("3", {"id": "3"}),
    ]
    assert extract_items({"success": 1, "total": 0, "data": []}) == []
    assert extract_items({"success": 1}) == []
    assert extract_items({"data": None}) == []
    assert extract_items(None) == []
    assert extract_items([1, 2]) == [(None, 1), (None, 2)]


def test_extract_items_from_captures() -> None:
    assert [k for k, _ in extract_items(body("tags__per_page-1_page-1"))] == ["1"]
    assert extract_items(body("tags__per_page-1_page-99")) == []
    assert len(extract_items(body("sites__per_page-1_page-1"))) == 1


def test_default_item_key() -> None:
    assert default_item_key("5", {"id": 9}) == ("key", "5")
    assert default_item_key(None, {"id": 9}) == default_item_key(None, {"id": "9"})
    assert default_item_key(None, {"b": 1, "a": 2}) == default_item_key(None, {"a": 2, "b": 1})


# ---------------------------------------------------------------- next_page on captures


@pytest.mark.parametrize(
    ("kind", "name", "page", "expected"),
    [
        (PagingKind.TOTAL_ALL, "sites__per_page-1_page-1", 1, 2),
        (PagingKind.TOTAL_ALL, "sites__per_page-1_page-2", 2, 3),
        (PagingKind.TOTAL_ALL, "sites__per_page-1_page-99", 99, None),
        (PagingKind.TOTAL_PAGE, "sites_basic__per_page-1_page-1", 1, 2),
        (PagingKind.TOTAL_PAGE, "sites_basic__per_page-1_page-99", 99, None),
        (PagingKind.TOTAL_PAGE, "tags__per_page-1_page-2", 2, 3),
        (PagingKind.TOTAL_PAGE, "tags__per_page-1_page-99", 99, None),
        (PagingKind.TOTAL_PAGE, "costs__per_page-1_page-99", 99, None),
        (PagingKind.TOTAL_PAGE, "monitors__per_page-1_page-99", 99, None),
        (PagingKind.REPEAT_LAST, "rest-api_keys__per_page-1_page-1", 1, 2),
        (PagingKind.REPEAT_LAST, "rest-api_keys__per_page-1_page-99", 99, None),
        (PagingKind.UNPAGED, "updates__per_page-1_page-1", 1, None),
    ],
)
def test_next_page_on_captures(
    kind: PagingKind, name: str, page: int, expected: int | None
) -> None:
    b = body(name)
    items = extract_items(b)
    got = next_page(
        kind,
        page=page,
        per_page=1,
        received=len(items),
        total=b.get("total"),
        pages=b.get("pages"),
        new_items=len(items),
    )
    assert got == expected


def test_sites_total_all_stops_at_total() -> None:
    b = body("sites__per_page-2_page-2")  # total 3, page 2 of 2 holds one item
    assert (
        next_page(
            PagingKind.TOTAL_ALL, page=2, per_page=2, received=1, total=3, pages=None, new_items=1
        )
        is None
    )
    assert b["total"] == 3
    assert (
        next_page(
            PagingKind.TOTAL_ALL, page=1, per_page=3, received=3, total="3", pages=None, new_items=3
        )
        is None
    )
    assert (
        next_page(
            PagingKind.TOTAL_ALL,
            page=1,
            per_page=3,
            received=3,
            total="junk",
            pages=None,
            new_items=3,
        )
        == 2
    )


def test_repeat_last_stops_on_no_new_items() -> None:
    assert (
        next_page(
            PagingKind.REPEAT_LAST, page=5, per_page=1, received=1, total=4, pages=None, new_items=0
        )
        is None
    )


@pytest.mark.parametrize("kind", [PagingKind.NONE, PagingKind.UNPAGED])
def test_unpaged_never_continues(kind: PagingKind) -> None:
    assert next_page(kind, page=1, per_page=1, received=1, total=9, pages=9, new_items=1) is None


# ---------------------------------------------------------------- fake servers


def make_server(kind: PagingKind, n: int, keyed: bool) -> tuple[Any, list[dict[str, Any]]]:
    items = [{"id": str(i + 1), "name": f"item {i + 1}"} for i in range(n)]
    calls: list[dict[str, Any]] = []

    def wrap(chunk: list[dict[str, Any]]) -> Any:
        if keyed:
            return {item["id"]: item for item in chunk} if chunk else []
        return chunk

    async def fetch(params: dict[str, Any]) -> Any:
        calls.append(dict(params))
        if kind in (PagingKind.UNPAGED, PagingKind.NONE):
            assert params == {}
            return {"success": 1, "data": wrap(items)}
        page, per_page = params["page"], params["per_page"]
        assert page >= 1 and per_page >= 1
        if kind is PagingKind.REPEAT_LAST:
            pages = max(1, math.ceil(n / per_page))
            shown = min(page, pages)
            chunk = items[(shown - 1) * per_page : shown * per_page]
            return {"success": 1, "total": n, "pages": pages, "data": wrap(chunk)}
        chunk = items[(page - 1) * per_page : page * per_page]
        total = n if kind is PagingKind.TOTAL_ALL else len(chunk)
        return {"success": 1, "total": total, "data": wrap(chunk)}

    fetch.calls = calls  # type: ignore[attr-defined]
    return fetch, items


async def collect(fetch: Any, kind: PagingKind, **kw: Any) -> list[tuple[str | None, Any]]:
    return [pair async for pair in iterate_items(fetch, kind, **kw)]


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(list(PagingKind)),
    n=st.integers(min_value=0, max_value=60),
    per_page=st.integers(min_value=1, max_value=25),
    keyed=st.booleans(),
)
async def test_every_item_exactly_once(
    kind: PagingKind, n: int, per_page: int, keyed: bool
) -> None:
    fetch, items = make_server(kind, n, keyed)
    got = await collect(fetch, kind, per_page=per_page)
    assert [item for _, item in got] == items
    if keyed:
        assert [key for key, _ in got] == [item["id"] for item in items]
    calls = fetch.calls
    if kind in (PagingKind.UNPAGED, PagingKind.NONE):
        assert len(calls) == 1
    else:
        assert [c["page"] for c in calls] == list(range(1, len(calls) + 1))
        assert all(c["per_page"] == per_page for c in calls)
        assert len(calls) <= n // per_page + 1


async def test_default_per_page_is_sent() -> None:
    fetch, _ = make_server(PagingKind.TOTAL_ALL, 3, False)
    await collect(fetch, PagingKind.TOTAL_ALL)
    assert fetch.calls == [{"page": 1, "per_page": DEFAULT_PER_PAGE}]
    assert DEFAULT_PER_PAGE == 100


async def test_server_ignoring_paging_does_not_loop() -> None:
    async def fetch(params: dict[str, Any]) -> Any:
        return {"success": 1, "total": 2, "data": [{"id": 1}, {"id": 2}]}

    got = await collect(fetch, PagingKind.TOTAL_PAGE, per_page=2)
    assert [item["id"] for _, item in got] == [1, 2]


async def test_max_pages() -> None:
    counter = iter(range(10**6))

    async def fetch(params: dict[str, Any]) -> Any:
        return {"data": [{"id": next(counter)}]}

    with pytest.raises(PaginationError, match="3 pages"):
        await collect(fetch, PagingKind.TOTAL_PAGE, per_page=1, max_pages=3)


async def test_custom_item_key() -> None:
    async def fetch(params: dict[str, Any]) -> Any:
        return {"data": [{"slug": "a"}, {"slug": "a"}, {"slug": "b"}]}

    got = await collect(fetch, PagingKind.NONE, item_key=lambda k, item: item["slug"])
    assert [item["slug"] for _, item in got] == ["a", "b"]


@pytest.mark.parametrize("kw", [{"per_page": 0}, {"max_pages": 0}])
async def test_bad_arguments(kw: dict[str, int]) -> None:
    async def fetch(params: dict[str, Any]) -> Any:
        raise AssertionError("must not be called")

    with pytest.raises(ConfigurationError):
        await collect(fetch, PagingKind.TOTAL_ALL, **kw)


@pytest.mark.parametrize("kind", [PagingKind.UNPAGED, PagingKind.NONE, PagingKind.TOTAL_PAGE])
async def test_look_alike_rows_of_one_answer_are_all_yielded(kind: PagingKind) -> None:
    """GET /updates sends one translation row per site and language; rows can look alike."""
    row = {"type": "translation", "slug": "akismet", "site_id": 1, "new_version": "5.3"}

    async def fetch(params: dict[str, Any]) -> Any:
        return {"success": 1, "total": 3, "data": [row, dict(row), {**row, "slug": "x"}]}

    got = await collect(fetch, kind, per_page=10)
    assert [item["slug"] for _, item in got] == ["akismet", "akismet", "x"]


async def test_a_page_repeating_an_earlier_one_still_ends_the_list() -> None:
    async def fetch(params: dict[str, Any]) -> Any:
        return {"success": 1, "data": [{"v": 1}, {"v": 1}]}  # ignores page=

    got = await collect(fetch, PagingKind.TOTAL_PAGE, per_page=2)
    assert [item for _, item in got] == [{"v": 1}, {"v": 1}]
