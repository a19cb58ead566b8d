"""Uptime monitor heartbeats and the incidents the server derives from them.

Sources (MainWP Dashboard 6.1.2, read and re-expressed here):

* ``class/class-mainwp-uptime-monitoring-connect.php``: heartbeat status codes
  ``DOWN=0``, ``UP=1``, ``PENDING=2``, ``FIRST=3``.
* ``includes/rest-api/controller/version2/class-mainwp-rest-monitors-controller.php``:
  ``::process_heartbeats_to_incidents`` walks a monitor's heartbeats oldest first; a
  DOWN opens an incident (or counts into the open one), the next UP closes it (resolved,
  with its duration); PENDING/FIRST change nothing; one still open at the end is listed
  unresolved; newest first. ``::get_monitor_incidents`` formats
  ``{started_at, ended_at, duration_sec, resolved, down_count}`` (ISO ``Z`` times,
  ``ended_at`` null while open) in pages of 20; ``::get_monitor_incidents_count`` adds up
  ``down_count`` over that first page. ``::get_heartbeat_monitor`` lists heartbeats
  newest first with int fields and ISO ``Z`` times; ``::uptime_status`` names the
  monitor's last status.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

__all__ = [
    "DOWN",
    "FIRST",
    "PENDING",
    "UP",
    "detail_rows",
    "incidents",
    "route_rows",
    "status_name",
]

DOWN, UP, PENDING, FIRST = 0, 1, 2, 3
INCIDENTS_PAGE = 20


def iso_z(ts: int) -> str:
    """The ISO UTC time with a ``Z`` the monitor routes print."""
    return _dt.datetime.fromtimestamp(ts, _dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> int:
    """Unix seconds of an ISO or MySQL UTC time."""
    when = _dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=_dt.UTC)
    return int(when.timestamp())


def status_name(status: int | None) -> str:
    """``down``/``up``/``pending``/``first``, else ``unknown``."""
    return {DOWN: "down", UP: "up", PENDING: "pending", FIRST: "first"}.get(
        status if status is not None else -1, "unknown"
    )


def incidents(heartbeats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The incidents of a monitor, newest first, in the route's shape."""
    found: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for hb in sorted(heartbeats, key=lambda h: h["time"]):
        if hb["status"] == DOWN:
            if current is None:
                current = {"start": hb["time"], "end": None, "down_count": 1}
            else:
                current["down_count"] += 1
        elif hb["status"] == UP and current is not None:
            current["end"] = hb["time"]
            found.append(current)
            current = None
    if current is not None:
        found.append(current)
    found.sort(key=lambda i: i["start"], reverse=True)
    return [
        {
            "started_at": iso_z(i["start"]),
            "ended_at": iso_z(i["end"]) if i["end"] is not None else None,
            "duration_sec": i["end"] - i["start"] if i["end"] is not None else 0,
            "resolved": i["end"] is not None,
            "down_count": i["down_count"],
        }
        for i in found
    ]


def route_rows(heartbeats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``GET monitors/{id}/heartbeat`` items, newest first."""
    out = []
    for hb in sorted(heartbeats, key=lambda h: h["time"], reverse=True):
        out.append({**hb, "time": iso_z(hb["time"])})
    return out


def detail_rows(heartbeats: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ``heartbeats`` of ``GET monitors/{id}``: raw DB rows, every value a string."""
    out: list[dict[str, Any]] = []
    previous: int | None = None
    for hb in sorted(heartbeats, key=lambda h: h["time"]):
        when = _dt.datetime.fromtimestamp(hb["time"], _dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
        out.append({
            "heartbeat_id": str(hb["heartbeat_id"]), "monitor_id": str(hb["monitor_id"]),
            "msg": hb["msg"], "importance": str(hb["importance"]), "status": str(hb["status"]),
            "time": when, "ping_ms": str(hb["ping_ms"] or 0),
            "duration": str(hb["time"] - previous if previous is not None else 1),
            "down_count": "0" if hb["status"] == UP else "1",
            "http_code": str(hb["http_code"] or 0),
        })  # fmt: skip
        previous = hb["time"]
    return out
