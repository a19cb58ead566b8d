"""Simulator state of the two other doors: v1 keys, application passwords, batch jobs.

Kept beside (not inside) :class:`~mainwp_async.testing.state.DashboardState`, one
:class:`DoorState` per dashboard state, so the v1 and Abilities handlers read and write
the *same* sites, tags, clients and updates as the v2 handlers. Tests reach it with
:func:`doors` and the helpers below::

    ck, cs = add_v1_key(dash)                      # a v1 key (and its v2 twin)
    pw = add_app_password(dash, "admin")           # an administrator's app password
    doors(dash).batch_threshold = 2                # queue fleet calls above 2 sites
    doors(dash).app_passwords_available = False    # plain-http production behaviour

Batch jobs (``sync_…``, ``update_…``, ``check_…``) progress with the door clock, like
WP-Cron on 6.1.2: nothing for ``first_delay`` seconds, then ``chunk_size`` sites every
``chunk_interval`` seconds. ``clock`` is ``time.monotonic`` scaled by ``time_scale``
(default 60: one real second is one simulated minute); tests can set ``clock`` to their
own function for full control.
"""

from __future__ import annotations

import hashlib
import time
import uuid
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .state import DashboardState

if TYPE_CHECKING:
    from .app import SimulatedDashboard

__all__ = [
    "BatchJob",
    "DoorState",
    "V1Key",
    "add_app_password",
    "add_v1_key",
    "doors",
    "run_due_jobs",
]


@dataclass
class V1Key:
    """A v1 consumer key pair with its permission letters (``r``, ``w``, ``d``)."""

    consumer_key: str
    consumer_secret: str
    perms: str = "r,w,d"


@dataclass
class AppPassword:
    """A WordPress user's application password."""

    user: str
    password: str  #: without spaces
    role: str = "administrator"


@dataclass
class BatchJob:
    """A queued batch job of the MainWP abilities (what its transient holds)."""

    id: str
    type: str  #: sync, update, check, ...
    site_ids: list[int]
    queued_at: float
    started_at: str | None = None
    completed_at: str | None = None
    processed: int = 0
    succeeded: int = 0
    failed: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    applied: bool = False
    #: per-site work to run when the job reaches that site (set by the starter)
    work: Callable[[int], str | None] | None = field(default=None, repr=False)


class DoorState:
    """What the v1 and Abilities handlers keep beside the shared dashboard state."""

    def __init__(self) -> None:
        self.v1_keys: dict[str, V1Key] = {}
        self.app_passwords: list[AppPassword] = []
        #: False reproduces plain-http production: Basic app passwords are ignored
        self.app_passwords_available = True
        #: a fleet call on more sites than this is queued (the real default is 200)
        self.batch_threshold = 200
        self.chunk_size = 20
        self.first_delay = 60.0
        self.chunk_interval = 30.0
        self.time_scale = 60.0
        self._t0 = time.monotonic()
        self.clock: Callable[[], float] = lambda: (time.monotonic() - self._t0) * self.time_scale
        self.jobs: dict[str, BatchJob] = {}

    def new_job(self, kind: str, site_ids: list[int], work: Callable[[int], str | None]) -> BatchJob:
        """Queue a job over ``site_ids``; ``work(site_id)`` returns an error text or None."""
        job = BatchJob(
            id=f"{kind}_{uuid.uuid4()}", type=kind, site_ids=list(site_ids),
            queued_at=self.clock(), work=work,
        )  # fmt: skip
        self.jobs[job.id] = job
        return job

    def advance(self, job: BatchJob, state: DashboardState) -> BatchJob:
        """Bring ``job`` up to the door clock: run every chunk whose time has come."""
        elapsed = self.clock() - job.queued_at
        if elapsed < self.first_delay:
            return job
        chunks = 1 + int((elapsed - self.first_delay) // self.chunk_interval)
        target = min(len(job.site_ids), chunks * self.chunk_size)
        if job.started_at is None:
            job.started_at = _iso(state.now)
        while job.processed < target:
            sid = job.site_ids[job.processed]
            error = job.work(sid) if job.work is not None else None
            job.processed += 1
            if error is None:
                job.succeeded += 1
            else:
                job.failed += 1
                job.errors.append({"site_id": sid, "code": f"{job.type}_failed", "message": error})
        if job.processed >= len(job.site_ids) and job.completed_at is None:
            job.completed_at = _iso(state.now)
        return job

    def render_job(self, job: BatchJob) -> dict[str, Any]:
        """The ``get-batch-job-status-v1`` output for ``job``."""
        total = len(job.site_ids)
        if job.completed_at is not None:
            status = "completed"
        elif job.started_at is not None:
            status = "processing"
        else:
            status = "queued"
        return {
            "job_id": job.id, "type": job.type, "status": status,
            "progress": int(job.processed * 100 / total) if total else 100,
            "processed": job.processed, "total": total, "succeeded": job.succeeded,
            "failed": job.failed, "started_at": job.started_at,
            "completed_at": job.completed_at, "errors": list(job.errors[:10]),
            "job_timed_out": False,
        }  # fmt: skip


def _iso(ts: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


_DOORS: weakref.WeakKeyDictionary[DashboardState, DoorState] = weakref.WeakKeyDictionary()


def doors(target: SimulatedDashboard | DashboardState) -> DoorState:
    """The :class:`DoorState` of a simulated dashboard (or of its state)."""
    state = target if isinstance(target, DashboardState) else target.state
    found = _DOORS.get(state)
    if found is None:
        found = _DOORS[state] = DoorState()
    return found


def run_due_jobs(state: DashboardState) -> None:
    """Advance every unfinished batch job of ``state`` to the door clock (WP-Cron)."""
    found = _DOORS.get(state)
    if found is None:
        return
    for job in found.jobs.values():
        if job.completed_at is None:
            found.advance(job, state)


def add_v1_key(dash: SimulatedDashboard, *, perms: str = "r,w,d") -> tuple[str, str]:
    """Create a v1 key as the admin page does (with its v2 twin); return ``(ck, cs)``."""
    twin = dash.state.add_key("read_write", "v1 compatibility", seed="v1")
    ck, cs = f"ck_{twin.key_hex}", f"cs_{twin.secret_hex}"
    doors(dash).v1_keys[ck] = V1Key(ck, cs, perms)
    return ck, cs


def add_app_password(
    dash: SimulatedDashboard, user: str = "admin", *, role: str = "administrator"
) -> str:
    """Create an application password for ``user``; return it as WordPress shows it."""
    d = doors(dash)
    material = hashlib.sha256(f"{user}|{role}|{len(d.app_passwords)}".encode()).hexdigest()
    bare = "".join(c for c in material if c.isalnum())[:24]
    d.app_passwords.append(AppPassword(user, bare, role))
    return " ".join(bare[i : i + 4] for i in range(0, 24, 4))
