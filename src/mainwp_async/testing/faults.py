"""Realism knobs for the simulator: latency, worker limits, injected faults, counters."""

from __future__ import annotations

import asyncio
import json
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

__all__ = ["FAULT_KINDS", "Counters", "Fault", "LatencyModel", "fault_response"]

#: Every fault the simulator can inject.
FAULT_KINDS = frozenset(
    {"503", "502", "504", "429", "reset", "slow", "html", "notice", "truncated"}
)

_CHILD_WRITE = re.compile(
    r"/(sync|check|reconnect|disconnect|activate|deactivate|delete|update|ignore|create|edit|"
    r"remove|suspend|unsuspend|add|batch|renew-connections|disconnect-all-sites)(/|$)"
)


@dataclass
class Fault:
    """Inject ``kind`` into a share ``rate`` of matching requests.

    ``route`` is a regular expression searched in the path below ``/wp-json/mainwp/v2``
    (``None``: every route); ``method`` restricts to one HTTP method; ``times`` caps how
    many requests get the fault; ``retry_after`` is the 429 ``Retry-After`` seconds;
    ``slow_seconds`` is how long a ``slow`` response stalls.
    """

    kind: str
    rate: float = 1.0
    route: str | None = None
    method: str | None = None
    times: int | None = None
    retry_after: int = 1
    slow_seconds: float = 3600.0
    injected: int = 0

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {sorted(FAULT_KINDS)}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")

    def matches(self, method: str, subpath: str) -> bool:
        """Whether this fault applies to a request (ignoring its rate)."""
        if self.times is not None and self.injected >= self.times:
            return False
        if self.method and self.method.upper() != method.upper():
            return False
        return self.route is None or re.search(self.route, subpath) is not None


@dataclass
class LatencyModel:
    """Service time per request: ``realistic`` mirrors the rig, a float is a fixed delay."""

    mode: str | float | None = None
    rng: random.Random = field(default_factory=lambda: random.Random(0))
    overrides: list[tuple[str, float]] = field(default_factory=list)

    def service_time(self, method: str, subpath: str) -> float:
        """Seconds a request occupies a worker."""
        for pattern, seconds in self.overrides:
            if re.search(pattern, subpath):
                return seconds
        if self.mode is None or self.mode == "none":
            return 0.0
        if isinstance(self.mode, int | float):
            return float(self.mode)
        if method.upper() not in ("GET", "HEAD", "OPTIONS") and _CHILD_WRITE.search(subpath):
            return self.rng.uniform(0.5, 2.0)
        return self.rng.uniform(0.055, 0.075)


class Counters:
    """What the simulator saw: requests per (method, route), idempotency keys, bodies, faults.

    ``in_flight`` is the number of requests currently in service (holding a worker) and
    ``max_in_flight`` the highest value it reached.
    """

    def __init__(self) -> None:
        self.requests: Counter[tuple[str, str]] = Counter()
        self.paths: Counter[tuple[str, str]] = Counter()
        self.idempotency_keys: Counter[str] = Counter()
        self.bodies: Counter[str] = Counter()
        self.faults: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self.total = 0

    def enter(self) -> None:
        """A request starts being served."""
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def leave(self) -> None:
        """A request finished being served."""
        self.in_flight -= 1

    def count(self, method: str, route: str) -> int:
        """Requests received for ``method`` on a route pattern (``route`` as in routes.json)."""
        return self.requests[(method.upper(), route)]

    def count_path(self, method: str, path: str) -> int:
        """Requests received for ``method`` on a concrete path below the namespace."""
        return self.paths[(method.upper(), path)]

    def reset(self) -> None:
        """Forget everything counted so far."""
        self.__init__()  # type: ignore[misc]


async def fault_response(
    request: web.Request, fault: Fault, status: int, body: Any, plain: web.StreamResponse
) -> web.StreamResponse:
    """The answer ``fault`` turns (``status``, ``body``) into; ``plain`` is the unfaulted one."""
    kind = fault.kind
    text = json.dumps(body)
    if kind in ("503", "502", "504"):
        html = (
            f"<html><head><title>{kind} Service Unavailable</title></head><body>"
            f"<center><h1>{kind}</h1></center><hr><center>nginx</center></body></html>"
        )
        return web.Response(status=int(kind), text=html, content_type="text/html")
    if kind == "429":
        return web.Response(status=429, headers={"Retry-After": str(fault.retry_after)},
                            text=json.dumps({"code": "too_many_requests",
                                             "message": "Too many requests.",
                                             "data": {"status": 429}}),
                            content_type="application/json")  # fmt: skip
    if kind == "html":
        page = ("<!DOCTYPE html><html><head><title>Maintenance</title></head><body>"
                "<h1>Briefly unavailable for scheduled maintenance. Check back in a "
                "minute.</h1></body></html>")  # fmt: skip
        return web.Response(
            status=503, text=page, content_type="text/html", headers={"Retry-After": "600"}
        )
    if kind == "notice":
        notice = ("<br />\n<b>Notice</b>:  Undefined index: sync_errors in "
                  "<b>/var/www/html/wp-content/plugins/mainwp/class/"
                  "class-mainwp-db.php</b> on line <b>1234</b><br />\n")  # fmt: skip
        return web.Response(
            status=status, text=notice + text, content_type="application/json", charset="UTF-8"
        )
    if kind == "truncated":
        cut = text[: max(1, len(text) // 2)]
        return web.Response(
            status=status, text=cut, content_type="application/json", charset="UTF-8"
        )
    if kind == "slow":
        await asyncio.sleep(fault.slow_seconds)
        return plain
    # reset: send headers announcing a body, then drop the connection.
    resp = web.StreamResponse(status=status, headers={"Content-Length": str(len(text) + 100)})
    resp.content_type = "application/json"
    await resp.prepare(request)
    await resp.write(text[: len(text) // 2].encode())
    if request.transport is not None:
        request.transport.abort()
    return resp
