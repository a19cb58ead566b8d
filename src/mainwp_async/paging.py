"""Walking MainWP's paged lists, whose paging rules differ per route.

* ``TOTAL_ALL`` (``GET sites``): ``total`` counts every match, whatever the page.
* ``TOTAL_PAGE`` (``sites/basic``, clients, tags, costs, monitors): ``total`` is the size of
  *this* page; a page past the end is empty.
* ``REPEAT_LAST`` (``rest-api/keys``): ``total`` and ``pages`` are real, but a page past the end
  returns the last page again.
* ``UNPAGED`` (``updates``): paging parameters are ignored; one request returns everything.

:func:`next_page` is the pure decision; :func:`iterate_items` drives a fetch function with it and
yields each item once. Explicit ``page`` *and* ``per_page`` are always sent together, because
the server applies no limit unless both are present.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Mapping
from typing import Any

from mainwp_async._spec import PagingKind
from mainwp_async.errors import ConfigurationError, PaginationError

__all__ = [
    "DEFAULT_PER_PAGE",
    "default_item_key",
    "extract_items",
    "iterate_items",
    "next_page",
]

DEFAULT_PER_PAGE = 100
"""Page size used when the caller does not choose one (``GET sites`` refuses more than 100)."""


def extract_items(payload: Any) -> list[tuple[str | None, Any]]:
    """Return the items of a list response as ``(key, item)`` pairs.

    ``payload`` may be an envelope (its ``data`` is used) or the bare data. A JSON array gives
    ``(None, item)`` pairs; an object keyed by id (tags, costs, ``sites/sync``) gives
    ``(key, item)`` pairs in server order; an empty array, ``null`` or a missing ``data``
    gives ``[]``.
    """
    data = payload.get("data") if isinstance(payload, Mapping) else payload
    if isinstance(data, list):
        return [(None, item) for item in data]
    if isinstance(data, Mapping):
        return [(str(key), item) for key, item in data.items()]
    return []


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def next_page(
    kind: PagingKind,
    *,
    page: int,
    per_page: int,
    received: int,
    total: Any,
    pages: Any,
    new_items: int,
) -> int | None:
    """Return the next page number to request, or ``None`` when the list is exhausted.

    ``received`` is the number of items on the page just fetched, ``new_items`` how many of
    them had not been seen before, ``total``/``pages`` the raw body fields (any type; numbers
    sent as strings are understood, anything else is ignored).
    """
    if kind in (PagingKind.NONE, PagingKind.UNPAGED):
        return None
    if received <= 0 or received < per_page:
        return None  # an empty or short page is the last one
    if new_items <= 0:
        return None  # nothing new: the server is repeating itself (past the end)
    if kind is PagingKind.TOTAL_ALL:
        count = _as_int(total)
        if count is not None and page * per_page >= count:
            return None
        return page + 1
    if kind is PagingKind.TOTAL_PAGE:
        return page + 1
    if kind is PagingKind.REPEAT_LAST:
        last = _as_int(pages)
        if last is not None and page >= last:
            return None
        return page + 1
    raise ValueError(f"unknown paging kind {kind!r}")  # pragma: no cover


def default_item_key(key: str | None, item: Any) -> Hashable:
    """Identity of an item for de-duplication.

    The object key when the list is keyed by id, else the item's ``id`` field when present,
    else the item's canonical JSON text.
    """
    if key is not None:
        return ("key", key)
    if isinstance(item, Mapping) and item.get("id") is not None:
        return ("id", str(item["id"]))
    try:
        return ("json", json.dumps(item, sort_keys=True, separators=(",", ":"), default=str))
    except (TypeError, ValueError):
        return ("repr", repr(item))


async def iterate_items(
    fetch: Callable[[dict[str, Any]], Awaitable[Any]],
    kind: PagingKind,
    *,
    per_page: int = DEFAULT_PER_PAGE,
    item_key: Callable[[str | None, Any], Hashable] | None = None,
    max_pages: int = 10_000,
) -> AsyncIterator[tuple[str | None, Any]]:
    """Yield every ``(key, raw item)`` of a list once, requesting pages through ``fetch``.

    ``fetch`` receives the paging parameters (``{"page": n, "per_page": per_page}``, or ``{}``
    for ``UNPAGED``/``NONE`` lists) and returns the decoded body; error handling is the
    fetcher's job. On a paged list an item that repeats one of an *earlier* page (by
    :func:`default_item_key`) is dropped; every row of one answer is yielded, so an
    unpaged list yields all its rows, look-alikes included. A caller's ``item_key``
    de-duplicates every row, within a page too. Raises
    :class:`~mainwp_async.errors.PaginationError` if the list still has more after
    ``max_pages`` pages.
    """
    if per_page < 1:
        raise ConfigurationError(f"per_page must be at least 1, got {per_page}")
    if max_pages < 1:
        raise ConfigurationError(f"max_pages must be at least 1, got {max_pages}")
    keyfn = item_key or default_item_key
    seen: set[Hashable] = set()
    paged = kind not in (PagingKind.NONE, PagingKind.UNPAGED)
    page = 1
    while True:
        params: dict[str, Any] = {"page": page, "per_page": per_page} if paged else {}
        payload = await fetch(params)
        items = extract_items(payload)
        new_items = 0
        this_page: set[Hashable] = set()
        for key, item in items:
            # by default only a repeat of an earlier page is dropped (a server paging past
            # its end): the rows of one answer are distinct items even when they look alike
            if item_key is not None or paged:
                ident = keyfn(key, item)
                if ident in seen:
                    continue
                (seen if item_key is not None else this_page).add(ident)
            new_items += 1
            yield key, item
        seen |= this_page
        body = payload if isinstance(payload, Mapping) else {}
        following = next_page(
            kind,
            page=page,
            per_page=per_page,
            received=len(items),
            total=body.get("total"),
            pages=body.get("pages"),
            new_items=new_items,
        )
        if following is None:
            return
        if page >= max_pages:
            raise PaginationError(
                f"the list still had more items after {max_pages} pages of {per_page}; "
                "raise max_pages or narrow the query"
            )
        page = following
