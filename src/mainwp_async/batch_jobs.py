"""Wait for a queued MainWP batch job (``sync_…``, ``update_…``, ``check_…``).

Above 200 sites (the ``mainwp_abilities_batch_threshold`` filter), ``POST sites/sync``
and ``POST updates/update`` answer with only a ``job_id``; its status exists only in the
WordPress Abilities API (``mainwp/get-batch-job-status-v1``). So:

* with an application password (``MainWP(..., app_password=...)``) the waiter polls that
  ability and reports the job's own counts and errors (``source="ability"``);
* with only a MainWP key it falls back to the recipe of ``captures/jobs``: a sync is done
  when every site's ``last_sync`` moved past the baseline taken before the start, an
  update when the updates pending at the start are gone (``source="heuristic"``). A site
  that fails keeps its old value, so the heuristic ends in :class:`JobTimeoutError`
  naming the sites still waited for; take the baseline *before* starting the job.

Usage::

    baseline = await take_baseline(mw, "sync")          # only needed without app_password
    started = await mw.sites.sync_all()
    result = await wait_for_batch_job(mw, started, baseline=baseline)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .errors import ConfigurationError, JobTimeoutError

if TYPE_CHECKING:
    from .client import MainWP

__all__ = [
    "Baseline",
    "BatchJobResult",
    "ability_job_status",
    "job_id_of",
    "take_baseline",
    "wait_for_batch_job",
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


async def _heuristic_once(mw: MainWP, baseline: Baseline) -> tuple[int, int, list[int]]:
    """(done, total, waiting site ids) by the key-only recipe."""
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


async def wait_for_batch_job(
    mw: MainWP,
    started: Any,
    *,
    baseline: Baseline | None = None,
    interval: float = 10.0,
    timeout: float = 3600.0,
    on_progress: Callable[[Any], None] | None = None,
) -> BatchJobResult:
    """Poll the queued job of ``started`` until it is done; see the module docstring.

    ``interval``: pause between polls (the server advances a job once a minute, then
    every 30 s per chunk of 20 sites). ``on_progress`` sees each status read (the
    ability's output, or ``(done, total, waiting_ids)`` for the fallback). Raises
    :class:`JobTimeoutError` with the last status after ``timeout`` seconds.
    """
    job_id = job_id_of(started)
    kind = job_id.split("_", 1)[0]
    deadline = time.monotonic() + timeout
    use_ability = mw._app_password is not None
    if not use_ability and baseline is None:
        raise ConfigurationError(
            "without app_password= the waiter needs a baseline taken before the job "
            "started: baseline = await take_baseline(mw, 'sync' | 'update')"
        )
    if not use_ability and baseline is not None and baseline.kind != kind:
        raise ConfigurationError(f"the baseline is for a {baseline.kind} job, not {job_id}")
    while True:
        if use_ability:
            status = await mw.abilities.get_batch_job_status(job_id=job_id)
            if on_progress is not None:
                on_progress(status)
            if status.status in ("completed", "failed"):
                return BatchJobResult(
                    job_id=job_id,
                    kind=str(status.type or kind),
                    status=str(status.status),
                    source="ability",
                    total=status.total or 0,
                    processed=status.processed or 0,
                    succeeded=status.succeeded or 0,
                    failed=status.failed or 0,
                    errors=tuple(status.errors or ()),
                    last=status,
                )
            last: Any = status
            shown = f"{status.status} {status.progress or 0}%"
        else:
            assert baseline is not None
            done, total, waiting = await _heuristic_once(mw, baseline)
            last = (done, total, waiting)
            if on_progress is not None:
                on_progress(last)
            if not waiting:
                return BatchJobResult(
                    job_id=job_id,
                    kind=kind,
                    status="completed",
                    source="heuristic",
                    total=total,
                    processed=total,
                    succeeded=done,
                    last=last,
                )
            shown = f"waiting for site(s) {', '.join(map(str, waiting[:10]))}"
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise JobTimeoutError(
                f"batch job {job_id} not done after {timeout:g} s ({shown})",
                job_id=job_id,
                last_status=last,
            )
        await asyncio.sleep(min(interval, remaining))
