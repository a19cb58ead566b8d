"""Simulated background work: queued fleet updates and syncs, legacy batches, tool jobs, WP-Cron.

Reproduces the answer shapes of the live 6.1.2 rig's ``captures/jobs`` (see its README):

* ``POST updates/update``: completed inline with a summary (U1) up to :attr:`threshold`
  sites, queued with ``job_id`` and ``queued_count: 0`` above it (U2); with
  :attr:`legacy` set, the legacy batch start (U3) and "already running" (U4);
* ``POST updates/{id}/update``: inline (S1), queued when the threshold is below 1 (S2),
  legacy start (S3) and "already queued" (S4);
* ``POST sites/sync``: inline (Y1) or queued with ``job_id`` and ``total`` (Y2);
* the three settings tools: ``pending`` until cron has processed every site, with
  ``processed``/``progress`` moving :attr:`tool_batch` sites per cron run.

Nothing advances by itself except through WP-Cron, which the real dashboard fires from
incoming requests: every job-related request calls :meth:`SimulatedJobs.tick`, which runs
the chunks whose time has come (:attr:`first_delay` after queueing, then every
:attr:`chunk_interval`); :meth:`SimulatedJobs.run_cron` runs one round now, whatever the
time, and :attr:`cron_enabled` ``False`` is a dashboard with ``DISABLE_WP_CRON`` (only
``run_cron()`` moves anything). ``jobs_of(dash)`` returns a dashboard's instance.
"""

from __future__ import annotations

import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import connection
from .state import DashboardState, Job, Site

if TYPE_CHECKING:
    from .app import SimulatedDashboard
    from .routing import Ctx

__all__ = ["BatchJob", "SimulatedJobs", "jobs_of"]

Work = Callable[[Site], "str | None"]


def _iso_z(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def _local(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts))


@dataclass
class BatchJob:
    """A queued abilities job (``sync_<uuid>`` / ``update_<uuid>``) as its transient holds it."""

    id: str
    type: str
    site_ids: list[int]
    queued_at: float
    next_run: float
    started_at: str | None = None
    completed_at: str | None = None
    processed: int = 0
    succeeded: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        """``queued``, ``processing`` or ``completed``."""
        if self.completed_at is not None:
            return "completed"
        return "processing" if self.started_at is not None else "queued"

    def render(self) -> dict[str, Any]:
        """The ``mainwp/get-batch-job-status-v1`` answer."""
        total = len(self.site_ids)
        return {
            "job_id": self.id, "type": self.type, "status": self.status,
            "progress": int(self.processed * 100 / total) if total else 100,
            "processed": self.processed, "total": total, "succeeded": self.succeeded,
            "failed": self.failed, "started_at": self.started_at,
            "completed_at": self.completed_at, "errors": list(self.errors[:10]),
            "job_timed_out": False,
        }  # fmt: skip


@dataclass
class _Legacy:
    started: str
    pending: list[int]
    next_run: float


class SimulatedJobs:
    """The background work of one simulated dashboard (see the module docstring)."""

    def __init__(self) -> None:
        self.threshold = (
            200  #: more sites than this are queued (``mainwp_abilities_batch_threshold``)
        )
        self.legacy = False  #: WordPress < 6.9: legacy batch updates, inline sync
        self.first_delay = 60.0  #: seconds before the first chunk of a queued job runs
        self.chunk_interval = 30.0  #: seconds between chunks
        self.chunk_size = 20  #: sites per chunk (``mainwp_abilities_cron_chunk_size``)
        self.tool_interval = 1.0  #: seconds between tool-job cron runs
        self.tool_batch = 5  #: sites per tool-job cron run (the controller's batch size)
        self.legacy_interval = 60.0  #: the minutely legacy batch-updates cron hook
        self.legacy_sites_per_tick = 3
        self.cron_enabled = True
        self._offset = 0.0
        self.batch: dict[str, BatchJob] = {}
        self._work: dict[str, Work] = {}
        self._tool_next: dict[str, float] = {}
        self._tool_done: dict[str, int] = {}
        self._legacy_fleet: _Legacy | None = None
        self._legacy_sites: _Legacy | None = None

    # -- clock ---------------------------------------------------------------------

    def now(self) -> float:
        """The simulated clock (monotonic seconds, plus what :meth:`advance` added)."""
        return time.monotonic() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward (the next request lets cron catch up)."""
        self._offset += seconds

    # -- cron ----------------------------------------------------------------------

    def tick(self, state: DashboardState) -> None:
        """What a request does for WP-Cron: run every chunk that is due."""
        if self.cron_enabled:
            self._run(state, force=False)

    def run_cron(self, state: DashboardState) -> None:
        """Run one cron round now: one chunk of every unfinished job, whatever the time."""
        self._run(state, force=True)

    def _run(self, state: DashboardState, *, force: bool) -> None:
        now = self.now()
        for job in list(self.batch.values()):
            while job.completed_at is None and (force or job.next_run <= now):
                self._chunk(state, job)
                job.next_run = (now if force else job.next_run) + self.chunk_interval
                if force:
                    break
        for tool in state.jobs.values():
            due = self._tool_next.get(tool.id, now)
            while not tool.done and (force or due <= now):
                self._tool_round(state, tool)
                due += self.tool_interval
                self._tool_next[tool.id] = due
                if force:
                    break
        for legacy in (self._legacy_fleet, self._legacy_sites):
            while legacy is not None and legacy.pending and (force or legacy.next_run <= now):
                for sid in legacy.pending[: self.legacy_sites_per_tick]:
                    site = state.sites.get(sid)
                    if site is not None:
                        _update_site(state, site)
                del legacy.pending[: self.legacy_sites_per_tick]
                legacy.next_run += self.legacy_interval
                if force:
                    break
        # The flag is cleared one tick after no site is left.
        fleet, single = self._legacy_fleet, self._legacy_sites
        if fleet is not None and not fleet.pending and (force or fleet.next_run <= now):
            self._legacy_fleet = None
        if single is not None and not single.pending and (force or single.next_run <= now):
            self._legacy_sites = None

    def _chunk(self, state: DashboardState, job: BatchJob) -> None:
        if job.started_at is None:
            job.started_at = _iso_z(state.now)
        work = self._work[job.id]
        for sid in job.site_ids[job.processed : job.processed + self.chunk_size]:
            site = state.sites.get(sid)
            error = work(site) if site is not None else "Site not found."
            job.processed += 1
            if error is None:
                job.succeeded += 1
            else:
                job.failed += 1
                job.errors.append({"site_id": sid, "code": f"{job.type}_failed", "message": error})
        if job.processed >= len(job.site_ids):
            job.completed_at = _iso_z(state.now)

    def _tool_round(self, state: DashboardState, job: Job) -> None:
        processed = min(job.total, self._processed(job) + self.tool_batch)
        self._tool_done[job.id] = processed
        if processed >= job.total:
            job.done, job.completed_at = True, state.now

    def _processed(self, job: Job) -> int:
        return job.total if job.done else self._tool_done.get(job.id, 0)

    # -- starts (called from the handlers' seams) ----------------------------------

    def _queue(self, kind: str, sites: list[Site], work: Work) -> BatchJob:
        now = self.now()
        job = BatchJob(id=f"{kind}_{uuid.uuid4()}", type=kind, site_ids=[s.id for s in sites],
                       queued_at=now, next_run=now + self.first_delay)  # fmt: skip
        self.batch[job.id] = job
        self._work[job.id] = work
        return job

    def start_update_all(self, ctx: Ctx) -> dict[str, Any]:
        """``POST updates/update``: U4, U3, U2 or U1."""
        state = ctx.state
        self.tick(state)
        if self._legacy_fleet is not None:
            return {"success": 1, "message": "A batch updates all job are running.",
                    "last_time_start_batch_updates": self._legacy_fleet.started}  # fmt: skip
        started = _local(state.now)
        sites = [s for s in state.sites.values() if not s.suspended]
        if self.legacy:
            self._legacy_fleet = _Legacy(
                started, [s.id for s in sites], self.now() + self.legacy_interval
            )
            return {"success": 1, "message": "Batch updates all started successfully.",
                    "last_time_start_batch_updates": started}  # fmt: skip
        if len(sites) > self.threshold:
            job = self._queue("update", sites, lambda s: _update_site(state, s))
            return {"success": 1, "message": "Batch updates queued.", "job_id": job.id,
                    "queued_count": 0, "last_time_start_batch_updates": started}  # fmt: skip
        updated = errors = touched = 0
        for s in sites:
            count, error = _count_and_update(state, s)
            updated += count
            errors += error is not None
            touched += bool(count)
        return {"success": 1, "message": "Batch updates completed.",
                "summary": {"total_updated": updated, "total_errors": errors,
                            "sites_updated": touched},
                "last_time_start_batch_updates": started}  # fmt: skip

    def start_update_site(self, ctx: Ctx, site: Site, simple: dict[str, Any]) -> dict[str, Any]:
        """``POST updates/{id}/update``: S4, S3, S2 or S1 (``simple``: the site summary)."""
        state = ctx.state
        self.tick(state)
        started = _local(state.now)
        if self._legacy_sites is not None and site.id in self._legacy_sites.pending:
            return {"success": 1, "message": "A batch updates for the site are queuing to run.",
                    "last_time_start_batch_updates": self._legacy_sites.started,
                    "site": simple}  # fmt: skip
        if self.legacy:
            if self._legacy_sites is None:
                self._legacy_sites = _Legacy(started, [], self.now() + self.legacy_interval)
            self._legacy_sites.pending.append(site.id)
            return {"success": 1, "message": "Batch updates for the site started successfully. "
                    "Please wait to completed.",
                    "last_time_start_batch_updates": self._legacy_sites.started,
                    "site": simple}  # fmt: skip
        if self.threshold < 1:
            job = self._queue("update", [site], lambda s: _update_site(state, s))
            return {"success": 1, "message": "Batch updates for the site queued successfully.",
                    "job_id": job.id, "last_time_start_batch_updates": started,
                    "site": simple}  # fmt: skip
        _update_site(state, site)
        return {"success": 1, "message": "Batch updates for the site completed.", "summary": [],
                "last_time_start_batch_updates": started, "site": simple}  # fmt: skip

    def start_sync(
        self, ctx: Ctx, sites: list[Site], inline: Callable[[Ctx, list[Site]], dict[str, Any]]
    ) -> dict[str, Any]:
        """``POST sites/sync``: queued (Y2) above the threshold, else ``inline`` (Y1/Y3)."""
        self.tick(ctx.state)
        if not self.legacy and len(sites) > self.threshold:
            state = ctx.state
            job = self._queue("sync", sites, lambda s: _sync_site(state, s))
            return {"success": 1, "message": "Sync queued for background processing.",
                    "job_id": job.id, "total": len(sites)}  # fmt: skip
        return inline(ctx, sites)

    def tool_status(self, ctx: Ctx, job: Job) -> dict[str, Any]:
        """One poll of a settings tool job: pending until cron processed every site."""
        self.tick(ctx.state)
        self._tool_next.setdefault(job.id, self.now() + self.tool_interval)
        processed = self._processed(job)
        progress = int(processed * 100 / job.total) if job.total else 100
        return {"success": job.done, "status": "completed" if job.done else "pending",
                "total": job.total, "processed": processed, "failed": 0,
                "progress": progress, "errors": [], "started_at": "",
                "completed_at": job.completed_at if job.done else ""}  # fmt: skip

    def tool_started(self, job: Job) -> None:
        """A tools route queued ``job``: the first cron run is one interval away."""
        self._tool_next[job.id] = self.now() + self.tool_interval

    def status(self, state: DashboardState, job_id: str) -> dict[str, Any] | None:
        """The abilities status of a queued job (``None``: unknown id)."""
        self.tick(state)
        job = self.batch.get(job_id)
        return job.render() if job is not None else None


def _sync_site(state: DashboardState, site: Site) -> str | None:
    return None if connection.sync(state, site) else "Sync returned false."


def _count_and_update(state: DashboardState, site: Site) -> tuple[int, str | None]:
    count = len(site.plugin_upgrades) + len(site.theme_upgrades)
    error = _update_site(state, site)
    return (0 if error else count), error


def _update_site(state: DashboardState, site: Site) -> str | None:
    """Apply every plugin/theme update of ``site``; the child then reports fresh data."""
    if site.child_error:
        return "core: NOMAINWP; plugins: NOMAINWP; translations: NOMAINWP"
    for table, kind in ((site.plugin_upgrades, "plugin"), (site.theme_upgrades, "theme")):
        for slug, entry in table.items():
            site.applied[(kind, slug)] = (entry.get("update") or {}).get("new_version", "")
    connection.sync(state, site)
    return None


_JOBS: weakref.WeakKeyDictionary[DashboardState, SimulatedJobs] = weakref.WeakKeyDictionary()


def jobs_of(target: SimulatedDashboard | DashboardState) -> SimulatedJobs:
    """The :class:`SimulatedJobs` of a simulated dashboard (or of its state)."""
    state = target if isinstance(target, DashboardState) else target.state
    found = _JOBS.get(state)
    if found is None:
        found = _JOBS[state] = SimulatedJobs()
    return found
