"""Wait until background work on the dashboard is really done, whatever shape its start took.

MainWP 6.1.2 answers a fleet-wide update, a fleet-wide sync and the settings tools in
several shapes (``captures/jobs/README.md``): done inline with a summary, queued with a
``job_id`` (only pollable through the Abilities API with WordPress credentials), a legacy
batch flag with no id at all, "already running", or a tool job with its own status route.
:func:`start_shape` tells them apart (pure); the waiters poll with backoff until the work
is done, failed, or the deadline passes (:class:`~mainwp_async.errors.JobTimeoutError`,
carrying the last state):

* :func:`wait_for_updates` re-reads ``GET updates/{site}`` for every targeted site until
  nothing is pending (optionally polling a job-status reader first) and reports what is
  still pending;
* :func:`wait_for_sync` waits until every targeted site's ``last_sync`` moved (or the job
  status says done); :func:`sync_and_wait` takes the baseline, starts, and waits;
* :func:`wait_for_batch_job` waits for one queued batch job (``sync_…``, ``update_…``,
  ``check_…``) and reports its counts: through ``get-batch-job-status-v1`` with an
  application password, else by the key-only recipe against a :func:`take_baseline`;
* :func:`wait_for_tool_job` polls the settings tool's status route.

This module is the one home of the waiters; :mod:`mainwp_async.batch_jobs` only holds
the job-status reader and the baseline helpers they use.
"""

from __future__ import annotations

import asyncio
import enum
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .batch_jobs import (
    Baseline,
    BatchJobResult,
    ability_job_status,
    heuristic_once,
    job_id_of,
    take_baseline,
)
from .errors import ConfigurationError, JobTimeoutError
from .outcomes import plain

if TYPE_CHECKING:
    from ._generated.models import ToolJobStarted, ToolJobStatus
    from .client import MainWP

__all__ = [
    "Baseline",
    "BatchJobResult",
    "JobOutcome",
    "StartShape",
    "read_last_sync",
    "start_shape",
    "sync_and_wait",
    "take_baseline",
    "wait_for_batch_job",
    "wait_for_sync",
    "wait_for_tool_job",
    "wait_for_updates",
]

#: ``job_status(job_id)`` -> the ``get-batch-job-status-v1`` answer (needs WordPress auth).
JobStatusReader = Callable[[str], Awaitable[Mapping[str, Any]]]


class StartShape(enum.Enum):
    """Which answer a start gave (the README's U/S/Y/tool shapes)."""

    COMPLETED_INLINE = "completed-inline"  #: U1, S1, Y1, Y3: the work ran inside the request
    QUEUED = "queued"  #: U2, S2, Y2: a job id; WP-Cron runs it later
    LEGACY_STARTED = "legacy-started"  #: U3, S3: a flag and WP-Cron, no id
    ALREADY_RUNNING = "already-running"  #: U4, S4: nothing new started
    TOOL_JOB = "tool-job"  #: settings tools: own status route
    NOTHING = "nothing"  #: ``success: 0`` (e.g. a one-site sync the ability queued, P10)


def start_shape(answer: Any) -> StartShape:
    """Classify a start answer (a model or its JSON) into a :class:`StartShape`."""
    data = plain(answer)
    if not isinstance(data, Mapping):
        raise ConfigurationError(f"not a start answer: {type(answer).__name__}")
    if any(data.get(k) for k in ("destroy_id", "renew_id", "disconnect_id")):
        return StartShape.TOOL_JOB
    if data.get("job_id"):
        return StartShape.QUEUED
    message = str(data.get("message") or "").lower()
    if "are running" in message or "queuing to run" in message:
        return StartShape.ALREADY_RUNNING
    if "started successfully" in message:
        return StartShape.LEGACY_STARTED
    if "completed" in message or "summary" in data:
        return StartShape.COMPLETED_INLINE
    if isinstance(data.get("data"), Mapping) and "success" not in data:
        return StartShape.COMPLETED_INLINE  # sites/sync: {total, data: {id: {result}}}
    if str(data.get("success")) in ("0", "False", "false", ""):
        return StartShape.NOTHING
    raise ConfigurationError(f"unknown start answer: {sorted(data)[:8]}")


@attrs.frozen(kw_only=True)
class JobOutcome:
    """The final state of a wait.

    ``state`` is ``"completed"`` or ``"failed"`` (a job that said so); ``pending`` lists
    ``(site_id, type, slug)`` still offered after an update; ``failed_sites`` the sites a
    sync or job reported failing; ``last_status`` the last status read.
    """

    shape: StartShape
    state: str
    job_id: str | None = None
    polls: int = 0
    elapsed: float = 0.0
    pending: tuple[tuple[int, str, str], ...] = ()
    failed_sites: tuple[int, ...] = ()
    summary: Any = None
    last_status: Any = None

    @property
    def done(self) -> bool:
        """Completed and, for updates, nothing targeted is still pending."""
        return self.state == "completed" and not self.pending

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        out = attrs.asdict(self, recurse=False)
        out["shape"] = self.shape.value
        out["pending"] = [list(p) for p in self.pending]
        out["failed_sites"] = list(self.failed_sites)
        out["summary"] = plain(self.summary)
        out["last_status"] = plain(self.last_status)
        return out


class _Poller:
    """Backoff between polls, and the deadline."""

    def __init__(self, interval: float, max_interval: float, timeout: float) -> None:
        if interval <= 0 or timeout <= 0:
            raise ConfigurationError("interval and timeout must be positive")
        self.interval, self.max_interval = interval, max(interval, max_interval)
        self.started = time.monotonic()
        self.deadline = self.started + timeout
        self.polls = 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    async def pause(self) -> bool:
        """Sleep before the next poll; ``False`` when the deadline has passed."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            return False
        await asyncio.sleep(min(self.interval, remaining))
        self.interval = min(self.interval * 1.5, self.max_interval)
        return True


async def _pending_updates(
    mw: MainWP, site_ids: Iterable[int], concurrency: int
) -> list[tuple[int, str, str]]:
    ids = list(site_ids)

    async def one(site_id: int) -> list[tuple[int, str, str]]:
        raw = await mw.call("GET", f"/updates/{int(site_id)}", raw=True)
        if (error := raw.error) is not None:
            raise error
        data = raw.json.get("data") if isinstance(raw.json, Mapping) else None
        rows: list[tuple[int, str, str]] = []
        for kind in ("plugins", "themes"):
            entries = data.get(kind) if isinstance(data, Mapping) else None
            slugs = list(entries) if isinstance(entries, Mapping) else [
                str(e.get("slug")) for e in entries or [] if isinstance(e, Mapping)
            ]  # fmt: skip
            rows.extend((int(site_id), kind[:-1], slug) for slug in slugs)
        return rows

    result = await mw.fan_out(ids, one, concurrency=concurrency)
    result.raise_for_failures()
    return [row for value in result.values() for row in value]


async def _poll_job(
    job_status: JobStatusReader, job_id: str, poller: _Poller, on_progress: Any
) -> Mapping[str, Any]:
    while True:
        status = await job_status(job_id)
        poller.polls += 1
        if on_progress is not None:
            on_progress(status)
        if str(status.get("status")) in ("completed", "failed"):
            return status
        if not await poller.pause():
            raise JobTimeoutError(
                f"job {job_id} is still {status.get('status')} after {poller.elapsed:.0f} s",
                job_id=job_id,
                last_status=status,
            )


def _job_failed_sites(status: Mapping[str, Any] | None) -> tuple[int, ...]:
    errors = status.get("errors") if status else None
    return tuple(int(e["site_id"]) for e in errors or [] if isinstance(e, Mapping) and
                 str(e.get("site_id", "")).isdigit())  # fmt: skip


async def wait_for_updates(
    mw: MainWP,
    started: Any,
    site_ids: Sequence[int],
    *,
    job_status: JobStatusReader | None = None,
    interval: float = 10.0,
    max_interval: float = 30.0,
    timeout: float = 900.0,
    concurrency: int = 8,
    on_progress: Callable[[Any], None] | None = None,
) -> JobOutcome:
    """Wait until the updates ``started`` (``POST updates[/{id}]/update``) are applied.

    ``site_ids`` are the sites the update targeted. For a queued start with a
    ``job_status`` reader (Abilities API, WordPress credentials) the job is polled until
    ``completed``/``failed``; otherwise, and always at the end, ``GET updates/{site}`` is
    re-read for each site until nothing is pending. "Already running" (U4/S4) waits for
    the running batch the same way. Raises :class:`~mainwp_async.errors.JobTimeoutError`
    with the last :class:`JobOutcome` (what is still pending) after ``timeout`` seconds.
    """
    shape = start_shape(started)
    data = plain(started)
    job_id = str(data.get("job_id")) if data.get("job_id") else None
    poller = _Poller(interval, max_interval, timeout)
    status: Mapping[str, Any] | None = None
    job_status = job_status or ability_job_status(mw)  # with app_password=: the ability
    if shape is StartShape.QUEUED and job_status is not None and job_id:
        status = await _poll_job(job_status, job_id, poller, on_progress)
    while True:
        pending = await _pending_updates(mw, site_ids, concurrency)
        poller.polls += 1
        outcome = JobOutcome(
            shape=shape, state="failed" if status and status.get("status") == "failed"
            else "completed", job_id=job_id, polls=poller.polls, elapsed=poller.elapsed,
            pending=tuple(pending), failed_sites=_job_failed_sites(status),
            summary=data.get("summary"), last_status=status,
        )  # fmt: skip
        if on_progress is not None and status is None:
            on_progress(outcome)
        # Inline and finished jobs are re-checked once: what is left stays pending.
        finished = shape is StartShape.COMPLETED_INLINE or status is not None
        if not pending or finished or shape is StartShape.NOTHING:
            return outcome
        if not await poller.pause():
            raise JobTimeoutError(
                f"{len(pending)} update(s) still pending after {poller.elapsed:.0f} s",
                job_id=job_id or "",
                last_status=attrs.evolve(outcome, state="timeout"),
            )


async def read_last_sync(mw: MainWP, site_ids: Sequence[int] | None = None) -> dict[int, Any]:
    """``{site id: last_sync}`` now (the baseline a sync wait compares against)."""
    return {sid: last for sid, (last, _) in (await _sync_state(mw, site_ids)).items()}


async def _sync_state(mw: MainWP, site_ids: Sequence[int] | None) -> dict[int, tuple[Any, bool]]:
    """``{site id: (last_sync, has sync errors)}``."""
    out: dict[int, tuple[Any, bool]] = {}
    include = list(site_ids) if site_ids else None
    async for site in mw.sites.iter_list(include=include):
        if site.id is not None:
            out[int(site.id)] = (site.last_sync, bool(site.sync_errors))
    return out


async def wait_for_sync(
    mw: MainWP,
    started: Any,
    *,
    baseline: Mapping[int, Any] | None = None,
    job_status: JobStatusReader | None = None,
    interval: float = 10.0,
    max_interval: float = 30.0,
    timeout: float = 900.0,
    on_progress: Callable[[Any], None] | None = None,
) -> JobOutcome:
    """Wait until the sync ``started`` (``POST sites/sync``) has reached every site.

    Inline answers (Y1/Y3) are done at once (failed sites listed). A queued one (Y2)
    polls ``job_status`` if given, else ``GET sites`` until every site of ``baseline``
    (from :func:`read_last_sync`, taken before the start) has a new ``last_sync`` or
    shows sync errors (a failed sync keeps the old date; such sites are listed in
    ``failed_sites``, and a site that was failing before counts as failed at once). At
    the deadline, :class:`~mainwp_async.errors.JobTimeoutError` names what did not move.
    """
    shape = start_shape(started)
    data = plain(started)
    if shape is StartShape.COMPLETED_INLINE:
        rows = data.get("data") if isinstance(data.get("data"), Mapping) else {}
        failed = tuple(int(k) for k, v in rows.items() if str(k).isdigit() and
                       isinstance(v, Mapping) and v.get("result") != "success")  # fmt: skip
        return JobOutcome(shape=shape, state="completed", failed_sites=failed,
                          summary={"total": data.get("total")})  # fmt: skip
    job_id = str(data.get("job_id")) if data.get("job_id") else None
    poller = _Poller(interval, max_interval, timeout)
    job_status = job_status or ability_job_status(mw)  # with app_password=: the ability
    if job_status is not None and job_id:
        status = await _poll_job(job_status, job_id, poller, on_progress)
        return JobOutcome(shape=shape, state=str(status.get("status")), job_id=job_id,
                          polls=poller.polls, elapsed=poller.elapsed,
                          failed_sites=_job_failed_sites(status), last_status=status)  # fmt: skip
    if baseline is None:
        raise ConfigurationError(
            "a queued sync without a job-status reader needs baseline= (read_last_sync "
            "before starting; sync_and_wait does both)"
        )
    while True:
        now = await _sync_state(mw, list(baseline))
        poller.polls += 1
        unmoved = [sid for sid, before in baseline.items() if now.get(sid, (before,))[0] == before]
        # A site whose sync failed keeps its last_sync but shows sync errors.
        failed = tuple(sid for sid in unmoved if now.get(sid, (None, False))[1])
        stale = tuple(sid for sid in unmoved if sid not in failed)
        outcome = JobOutcome(
            shape=shape,
            state="completed",
            job_id=job_id,
            polls=poller.polls,
            elapsed=poller.elapsed,
            failed_sites=failed,
            last_status={"not_synced": list(stale)},
        )
        if on_progress is not None:
            on_progress(outcome)
        if not stale:
            return outcome
        if not await poller.pause():
            raise JobTimeoutError(
                f"{len(stale)} site(s) not synced after {poller.elapsed:.0f} s",
                job_id=job_id or "",
                last_status=attrs.evolve(outcome, state="timeout"),
            )


async def sync_and_wait(
    mw: MainWP, include: Sequence[int] | None = None, **wait: Any
) -> JobOutcome:
    """Read the ``last_sync`` baseline, ``POST sites/sync`` and :func:`wait_for_sync`."""
    baseline = await read_last_sync(mw, include)
    body: dict[str, Any] = {"include": ",".join(str(int(i)) for i in include)} if include else {}
    started = await mw.call("POST", "/sites/sync", raw=True, **body)
    if (error := started.error) is not None:
        raise error
    return await wait_for_sync(mw, started.json, baseline=baseline, **wait)


#: The id key each tool's start answer uses -> the status method that reads it.
_STATUS_METHODS = {
    "destroy_id": "tools_destroy_sessions_status",
    "renew_id": "tools_renew_connections_status",
    "disconnect_id": "tools_disconnect_all_sites_status",
}


async def wait_for_tool_job(
    mw: MainWP,
    started: ToolJobStarted,
    *,
    interval: float = 3.0,
    max_interval: float = 15.0,
    timeout: float = 600.0,
    on_progress: Callable[[ToolJobStatus], None] | None = None,
) -> ToolJobStatus:
    """Poll the settings tool job ``started`` describes until it completes; return its status.

    ``interval`` is the first pause between polls (growing by half each time up to
    ``max_interval``; the dashboard advances these jobs only when WP-Cron runs);
    ``on_progress`` sees every status read. Raises
    :class:`~mainwp_async.errors.JobTimeoutError` (with the last status) when the job is
    not completed after ``timeout`` seconds: with WP-Cron disabled it stays ``pending``.
    The disconnect tool's own ``status_url`` is wrong in 6.1.2; the right route is used.
    """
    found = [
        (getattr(started, key), m) for key, m in _STATUS_METHODS.items() if getattr(started, key)
    ]
    if not found:
        raise ConfigurationError(
            "the start answer carries no job id (destroy_id, renew_id or disconnect_id)"
        )
    job_id, method = found[0]
    poll = getattr(mw.settings, method)
    poller = _Poller(interval, max_interval, timeout)
    while True:
        status: ToolJobStatus = await poll(job_id)
        poller.polls += 1
        if on_progress is not None:
            on_progress(status)
        if status.status == "completed":
            return status
        if not await poller.pause():
            raise JobTimeoutError(
                f"tool job {job_id} is still {status.status or 'unknown'} after {timeout:g} s",
                job_id=str(job_id),
                last_status=status,
            )


async def wait_for_batch_job(
    mw: MainWP,
    started: Any,
    *,
    baseline: Baseline | None = None,
    interval: float = 10.0,
    timeout: float = 3600.0,
    on_progress: Callable[[Any], None] | None = None,
) -> BatchJobResult:
    """Poll the queued batch job of ``started`` until it is done; a :class:`BatchJobResult`.

    ``started`` is a v2 start answer (``POST sites/sync``, ``POST updates/update`` above
    the threshold) or its job id. With an application password the job's own status is
    read (``source="ability"``, with its counts and per-site errors); without one the
    ``baseline`` from :func:`take_baseline`, taken before the start, is required and the
    key-only recipe decides (``source="heuristic"``; a site that fails keeps its old
    value, so that ends in :class:`JobTimeoutError` naming the sites still waited for).

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
            done, total, waiting = await heuristic_once(mw, baseline)
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
