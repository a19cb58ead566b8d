"""What the waiters of :mod:`mainwp_async.jobs` read about a queued v2 batch job.

Above 200 sites (the ``mainwp_abilities_batch_threshold`` filter), ``POST sites/sync``
and ``POST updates/update`` answer with only a ``job_id`` (``sync_…``, ``update_…``,
``check_…``); its status exists only in the WordPress Abilities API
(``mainwp/get-batch-job-status-v1``). This module holds the pieces, not a waiter:

* :func:`ability_job_status`: a ``job_status(job_id)`` reader over that ability (with an
  application password), ``None`` without one;
* :func:`job_id_of`: the job id in a start answer;
* :func:`take_baseline` / :class:`Baseline`: what the key-only recipe of
  ``captures/jobs`` compares with (a sync is done when every site's ``last_sync`` moved
  past it, an update when the updates pending at the start are gone);
* :class:`BatchJobResult`: how :func:`mainwp_async.jobs.wait_for_batch_job` reports.

Waiting is :mod:`mainwp_async.jobs`' concern (``wait_for_batch_job``, ``wait_for_sync``,
``wait_for_updates``...).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .errors import ConfigurationError

if TYPE_CHECKING:
    from .client import MainWP

__all__ = [
    "Baseline",
    "BatchJobResult",
    "ability_job_status",
    "heuristic_once",
    "job_id_of",
    "take_baseline",
]

JobKind = Literal["sync", "update"]
_PREFIXES = ("sync_", "update_", "reconnect_", "disconnect_", "check_", "suspend_")


@attrs.frozen(kw_only=True)
class Baseline:
    """What the key-only fallback compares with: taken before the job starts."""

    kind: JobKind
    last_sync: Mapping[int, datetime | None] = attrs.field(factory=dict)
    pending: frozenset[tuple[int, str, str]] = frozenset()  #: (site id, type, slug)


@attrs.frozen(kw_only=True)
class BatchJobResult:
    """How a queued batch job ended.

    ``source`` says where the answer came from: ``"ability"`` (the job's own status, with
    per-site ``errors``) or ``"heuristic"`` (the key-only recipe: ``succeeded`` counts the
    sites seen done, nothing is known about failures). ``status`` is ``"completed"`` or
    ``"failed"`` (``failed`` only when the job itself timed out on the server); a completed
    job may still have ``failed`` sites.
    """

    job_id: str
    kind: str
    status: str
    source: Literal["ability", "heuristic"]
    total: int = 0
    processed: int = 0
    succeeded: int = 0
    failed: int = 0
    errors: tuple[Any, ...] = ()
    last: Any = attrs.field(default=None, repr=False)  #: the last status read


def ability_job_status(mw: MainWP) -> Callable[[str], Awaitable[Mapping[str, Any]]] | None:
    """A ``job_status(job_id)`` reader over ``get-batch-job-status-v1``, or ``None``.

    ``None`` when the client has no application password (the ability is then out of
    reach and waiters use their key-only recipes). The reader returns the ability's output
    as plain JSON data (``{"status": "processing", "progress": 33, ...}``).
    """
    if mw._app_password is None:
        return None

    async def read(job_id: str) -> Mapping[str, Any]:
        from .convert import unstructure

        status = await mw.abilities.get_batch_job_status(job_id=job_id)
        data = unstructure(status)
        return data if isinstance(data, Mapping) else {}

    return read


def job_id_of(started: Any) -> str:
    """The job id in a v2 start answer (model, raw dict) or the id string itself."""
    if isinstance(started, str):
        value: Any = started
    elif isinstance(started, Mapping):
        value = started.get("job_id")
    else:
        value = getattr(started, "job_id", None)
        if value is None:
            value = (getattr(started, "extra", None) or {}).get("job_id")
    if not isinstance(value, str) or not value.startswith(_PREFIXES):
        raise ConfigurationError(
            "no queued job id in that answer: the call ran inline (at most the threshold of "
            "sites) or did not start a job"
        )
    return value


async def take_baseline(
    mw: MainWP, kind: JobKind, *, types: tuple[str, ...] | None = None
) -> Baseline:
    """Record what the key-only fallback needs; call it before starting the job.

    For an update job the baseline holds the updates pending on sites that are not
    suspended (a fleet update skips those); ``types`` (``"plugin"``, ``"theme"``, ``"wp"``,
    ...) narrows it to the kinds the job was asked to apply.
    """
    if kind == "sync":
        stamps: dict[int, datetime | None] = {}
        async for site in mw.sites.iter_list(fields="id,last_sync"):
            if site.id is not None:
                stamps[int(site.id)] = site.last_sync
        return Baseline(kind="sync", last_sync=stamps)
    if kind == "update":
        suspended = {
            int(site.id)
            async for site in mw.sites.iter_list(fields="id,suspended")
            if site.id is not None and site.suspended
        }
        rows = {
            row
            for row in await _pending(mw)
            if row[0] not in suspended and (types is None or row[1] in types)
        }
        return Baseline(kind="update", pending=frozenset(rows))
    raise ConfigurationError(f"no key-only recipe for {kind!r} jobs; pass app_password=")


async def _pending(mw: MainWP) -> frozenset[tuple[int, str, str]]:
    rows = set()
    async for item in mw.updates.iter_list():
        rows.add((int(item.site_id or 0), str(item.type or ""), str(item.slug or "")))
    return frozenset(rows)


async def heuristic_once(mw: MainWP, baseline: Baseline) -> tuple[int, int, list[int]]:
    """``(done, total, waiting site ids)`` now, by the key-only recipe of ``baseline``."""
    if baseline.kind == "sync":
        waiting = []
        seen = 0
        async for site in mw.sites.iter_list(fields="id,last_sync"):
            sid = int(site.id or 0)
            if sid not in baseline.last_sync:
                continue
            seen += 1
            before = baseline.last_sync[sid]
            if site.last_sync is None or (before is not None and site.last_sync <= before):
                waiting.append(sid)
        return seen - len(waiting), seen, waiting
    now = await _pending(mw)
    left = baseline.pending & now
    sites = {s for s, _, _ in baseline.pending}
    waiting = sorted({s for s, _, _ in left})
    return len(sites) - len(waiting), len(sites), waiting
