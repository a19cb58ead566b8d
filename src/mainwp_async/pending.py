"""Every pending update of every site, read site by site so nothing is cut off.

Why not ``GET updates``: on a dashboard with the WordPress Abilities API (WordPress 6.9 and
later), MainWP 6.1.2 answers the fleet-wide list through its ``mainwp/list-updates-v1``
ability without passing a page size, and that ability's default is 50 rows. A fleet with
more pending updates than that gets the first 50 and no sign that more exist.
:func:`pending_updates` reads ``GET updates/{site}`` for every site through the client's
fan-out instead, and turns each site's answer into the same flat rows the list gives
(``type`` is ``core``, ``plugin``, ``theme`` or ``translation``). A site that cannot be read
is returned in :attr:`PendingUpdates.failures`; it never hides the others.

:func:`warn_if_capped` is the client's check on the fleet-wide list: it logs a warning
when an answer holds exactly the 50 rows that mark the cut-off.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .errors import APITimeoutError, ConfigurationError

if TYPE_CHECKING:
    from ._generated.models import SiteUpdates
    from .client import MainWP

__all__ = [
    "LIST_CAP",
    "UPDATE_TYPES",
    "PendingUpdate",
    "PendingUpdates",
    "SiteReadFailure",
    "check_types",
    "pending_updates",
    "rows_of_site",
    "warn_if_capped",
]

log = logging.getLogger("mainwp_async.pending")

#: The row count at which ``GET updates`` stops on an Abilities-API dashboard.
LIST_CAP = 50
#: The update kinds, as the server names them in its rows.
UPDATE_TYPES = ("core", "plugin", "theme", "translation")


@attrs.frozen(kw_only=True)
class PendingUpdate:
    """One pending update on one site (the same fields as a ``GET updates`` row)."""

    site_id: int
    site_name: str
    type: str  #: ``core``, ``plugin``, ``theme`` or ``translation``
    slug: str  #: plugin file, theme directory, translation slug, ``wordpress`` for core
    name: str
    current_version: str
    new_version: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attrs.asdict(self)


@attrs.frozen(kw_only=True)
class SiteReadFailure:
    """A site whose pending updates could not be read, and the error."""

    site_id: int
    site_name: str
    error: BaseException

    def __str__(self) -> str:
        return f"site {self.site_id}: {type(self.error).__name__}: {self.error}"


@attrs.frozen
class PendingUpdates:
    """The outcome of :func:`pending_updates`: every row found, and the sites not read."""

    updates: tuple[PendingUpdate, ...]
    failures: tuple[SiteReadFailure, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every site was read."""
        return not self.failures

    def by_site(self) -> dict[int, list[PendingUpdate]]:
        """The rows grouped by site id."""
        out: dict[int, list[PendingUpdate]] = {}
        for u in self.updates:
            out.setdefault(u.site_id, []).append(u)
        return out


def check_types(types: Iterable[str] | None) -> tuple[str, ...]:
    """``types`` validated (``None``/empty: every kind); a bad name is a ConfigurationError."""
    chosen: tuple[str, ...] = (
        (types,) if isinstance(types, str) else tuple(types) if types is not None else ()
    )
    bad = [t for t in chosen if t not in UPDATE_TYPES]
    if bad:
        raise ConfigurationError(
            f"unknown update type(s) {', '.join(map(repr, bad))}; use {', '.join(UPDATE_TYPES)}"
        )
    return chosen or UPDATE_TYPES


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def rows_of_site(
    site_id: int, site_name: str, data: SiteUpdates | None, types: Iterable[str] = UPDATE_TYPES
) -> list[PendingUpdate]:
    """The flat rows of one site's ``GET updates/{site}`` answer, in the list's order.

    Names and versions are taken as the list ability takes them: a plugin's or theme's
    ``Name``/``Version`` header and its offer's ``new_version``; a translation's ``version``
    and ``new_version`` (name falling back to the slug).
    """
    if data is None:
        return []
    wanted = set(types)
    rows: list[PendingUpdate] = []

    def add(kind: str, slug: str, name: Any, current: Any, new: Any) -> None:
        rows.append(PendingUpdate(site_id=site_id, site_name=site_name, type=kind, slug=slug,
                                  name=_text(name or slug), current_version=_text(current),
                                  new_version=_text(new)))  # fmt: skip

    core = data.wp
    if "core" in wanted and core is not None and (core.current or core.new):
        add("core", "wordpress", "WordPress", core.current, core.new)
    for kind, table in (("plugin", data.plugins), ("theme", data.themes)):
        if kind in wanted:
            for slug, info in (table or {}).items():
                offer = info.update.new_version if info.update is not None else None
                add(kind, slug, info.name, info.version, offer)
    if "translation" in wanted:
        for tr in data.translations or ():
            add("translation", tr.slug, tr.name, tr.version, tr.extra.get("new_version"))
    return rows


async def pending_updates(
    mw: MainWP,
    *,
    types: Iterable[str] | None = None,
    site_ids: Iterable[int] | None = None,
    concurrency: int = 16,
    **options: Any,
) -> PendingUpdates:
    """Every pending update of every site (or only ``site_ids``), one ``GET`` per site.

    ``types`` narrows to some of ``core``, ``plugin``, ``theme``, ``translation``;
    ``concurrency`` and ``options`` (``retries=``, ``timeout=``, ``adaptive=``, ...) go to
    :meth:`MainWP.fan_out`. Site names come from one walk of ``GET sites``; an id in
    ``site_ids`` that the dashboard does not list is still asked (and fails if unknown).
    """
    chosen = check_types(types)
    names: dict[int, str] = {}
    async for s in mw.sites.iter_list():
        if s.id is not None:
            names[int(s.id)] = _text(s.name)
    ids = list(names) if site_ids is None else list(dict.fromkeys(int(i) for i in site_ids))

    async def one(site_id: int) -> list[PendingUpdate]:
        answer = await mw.updates.get(site_id)
        return rows_of_site(site_id, names.get(site_id, ""), answer.data, chosen)

    result = await mw.fan_out(ids, one, concurrency=concurrency, **options)
    updates = tuple(u for r in result if r.error is None for u in r.value)
    failures = tuple(
        SiteReadFailure(site_id=r.item, site_name=names.get(r.item, ""), error=r.error)
        for r in result
        if r.error is not None
    )
    unfinished = tuple(
        SiteReadFailure(site_id=i, site_name=names.get(i, ""),
                        error=APITimeoutError("not read before the fan-out's timeout"))
        for i in (*result.interrupted, *(result.not_started or ()))
    )  # fmt: skip
    return PendingUpdates(updates, failures + unfinished)


def warn_if_capped(payload: Any) -> None:
    """Log a warning when a ``GET updates`` answer holds exactly :data:`LIST_CAP` rows.

    The rows arrive as a JSON list, or as an object keyed by position once ``exclude``
    removed some; position 49 present means the ability's page was full.
    """
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if isinstance(data, list):
        capped = len(data) == LIST_CAP
    elif isinstance(data, Mapping):
        capped = str(LIST_CAP - 1) in {str(k) for k in data}
    else:
        return
    if capped:
        log.warning(
            "GET updates returned %d rows, the page size the dashboard's list-updates ability "
            "stops at: the list is probably cut off. Use MainWP.pending_updates() (one GET "
            "per site) for every pending update.",
            LIST_CAP,
        )
