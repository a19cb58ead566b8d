"""Wait for the dashboard's background tool jobs (destroy sessions, renew connections, …).

``POST settings/tools/destroy-sessions`` (and its two siblings) only queue the work for
WP-Cron and answer with a job id; the matching ``…-status/{id}`` route reports progress
until ``status`` is ``completed``. :func:`wait_for_tool_job` does that polling.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ._generated.models import ToolJobStarted, ToolJobStatus
from .errors import ConfigurationError, JobTimeoutError

if TYPE_CHECKING:
    from .client import MainWP

__all__ = ["wait_for_tool_job"]

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
    timeout: float = 600.0,
    on_progress: Callable[[ToolJobStatus], None] | None = None,
) -> ToolJobStatus:
    """Poll the job ``started`` describes until it completes; return its final status.

    ``interval`` is the pause between polls (the dashboard advances these jobs every few
    seconds, and only when WP-Cron runs); ``on_progress`` sees every status read. Raises
    :class:`~mainwp_async.errors.JobTimeoutError` (carrying the last status) when the job
    is not completed after ``timeout`` seconds: on dashboards whose WP-Cron never runs
    such jobs stay ``pending`` forever.
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
    deadline = time.monotonic() + timeout
    while True:
        status: ToolJobStatus = await poll(job_id)
        if on_progress is not None:
            on_progress(status)
        if status.status == "completed":
            return status
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise JobTimeoutError(
                f"tool job {job_id} is still {status.status or 'unknown'} after {timeout:g} s",
                job_id=str(job_id),
                last_status=status,
            )
        await asyncio.sleep(min(interval, remaining))
