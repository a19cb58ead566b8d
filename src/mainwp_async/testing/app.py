"""The simulated MainWP Dashboard 6.1.2: the aiohttp server, request decoding, auth and faults.

The request path: :meth:`SimulatedDashboard._handle` counts the request, applies the
worker limit and latency, picks a fault, then :meth:`~SimulatedDashboard._dispatch` finds
the namespace and route (:mod:`.routing`), checks the MainWP key (:mod:`.auth`), decodes
the body into a :class:`~.routing.Ctx` and calls the handler registered for the route
(:mod:`.handlers`). State lives in :mod:`.state`, seeded by :mod:`.fleet`.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import random
import re
import time
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import BodyPartReader, MultipartReader, StreamReader, web

from . import handlers
from .auth import auth_error, authenticate, scope_error
from .faults import Counters, Fault, LatencyModel, fault_response
from .fleet import build_fleet, build_rig
from .routing import HANDLERS, NAMESPACES, NS, ROUTES, Ctx, Namespace, Reply, Route
from .state import DashboardState

__all__ = ["ROUTES", "Route", "SimulatedDashboard", "make_app"]

_ = handlers  # imported for its registrations

_NO_ROUTE = {"code": "rest_no_route",
             "message": "No route was found matching the URL and request method.",
             "data": {"status": 404}}  # fmt: skip


def _namespace(path: str) -> tuple[Namespace | None, str | None]:
    """The served namespace ``path`` falls in and the path below it (no trailing slash)."""
    best: Namespace | None = None
    for space in NAMESPACES.values():
        base = "/wp-json" + space.prefix
        if (path == base or path.startswith(base + "/")) and (
            best is None or len(space.prefix) > len(best.prefix)
        ):
            best = space
    if best is None:
        return None, None
    sub = path[len("/wp-json" + best.prefix) :]
    if sub != "/" and sub.endswith("/"):
        sub = sub.rstrip("/")
    return best, ("" if sub == "/" else sub)


class SimulatedDashboard:
    """A running simulated MainWP Dashboard 6.1.2 on ``127.0.0.1``.

    Use as ``async with SimulatedDashboard(sites=50) as dash:``; then ``dash.url`` is the
    base URL and ``dash.tokens[scope]`` a bearer token for ``read``, ``write``, ``delete``
    and ``read_write``. ``profile="rig"`` loads the three-site capture rig instead of a
    synthetic fleet.
    """

    def __init__(
        self,
        sites: int = 500,
        seed: int = 0,
        latency: str | float | None = None,
        worker_limit: int | None = None,
        faults: list[Fault] | None = None,
        *,
        profile: str = "fleet",
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise ValueError("the simulator only binds to loopback")
        self.seed = seed
        self.profile = profile
        self.host = host
        self.port = port
        self.state = DashboardState()
        if profile == "rig":
            build_rig(self.state)
        elif profile == "fleet":
            build_fleet(self.state, sites, seed)
        else:
            raise ValueError("profile must be 'fleet' or 'rig'")
        self.counters = Counters()
        self.latency = LatencyModel(latency, random.Random(seed))
        self.faults: list[Fault] = list(faults or [])
        self._fault_rng = random.Random(seed ^ 0x5EED)
        self._workers: asyncio.Semaphore | None = None
        self._worker_limit = worker_limit
        self._runner: web.AppRunner | None = None
        self.url = ""
        self.public_url = self.state.base_url if profile == "rig" else ""

    def __repr__(self) -> str:
        return f"SimulatedDashboard(url={self.url!r}, sites={len(self.state.sites)})"

    # ---------------------------------------------------------------- knobs
    @property
    def tokens(self) -> dict[str, str]:
        """Bearer tokens of the four built-in keys, by scope (first key of each scope)."""
        out: dict[str, str] = {}
        for key in sorted(self.state.keys.values(), key=lambda k: k.id):
            out.setdefault(key.scope, key.token)
        return {s: out[s] for s in ("read", "write", "delete", "read_write") if s in out}

    def set_fault(self, kind: str | None, rate: float = 1.0, **kwargs: Any) -> Fault | None:
        """Replace all faults with one (``None`` clears them); see :class:`Fault`."""
        self.faults.clear()
        if kind is None:
            return None
        fault = Fault(kind, rate, **kwargs)
        self.faults.append(fault)
        return fault

    def add_fault(self, kind: str, rate: float = 1.0, **kwargs: Any) -> Fault:
        """Add a fault next to the existing ones."""
        fault = Fault(kind, rate, **kwargs)
        self.faults.append(fault)
        return fault

    def set_latency(self, latency: str | float | None, route: str | None = None) -> None:
        """Set the global latency (``"realistic"``, seconds, or ``None``), or per route regex."""
        if route is None:
            self.latency.mode = latency
        else:
            self.latency.overrides.append((route, float(latency or 0.0)))

    def set_worker_limit(self, limit: int | None) -> None:
        """Serve at most ``limit`` requests at once (PHP workers); ``None``: unlimited."""
        self._worker_limit = limit
        self._workers = asyncio.Semaphore(limit) if limit else None

    # ---------------------------------------------------------------- lifecycle
    async def start(self) -> None:
        """Bind to a free loopback port and start serving."""
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.25
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        server = site._server
        assert server is not None
        sock = server.sockets[0]  # type: ignore[attr-defined]
        self.port = sock.getsockname()[1]
        self.url = f"http://{self.host}:{self.port}"
        if not self.public_url:
            self.public_url = self.url
            self.state.base_url = self.url
        self.set_worker_limit(self._worker_limit)

    async def stop(self) -> None:
        """Stop serving."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> SimulatedDashboard:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ---------------------------------------------------------------- request path
    def _match(
        self, space: Namespace, sub: str, method: str
    ) -> tuple[Route | None, re.Match[str] | None, bool]:
        want = "GET" if method == "HEAD" else method
        any_path = False
        for r in space.routes:
            m = r.regex.match(space.prefix + sub)
            if m is None:
                continue
            any_path = True
            if want in r.methods or method == "OPTIONS":
                return r, m, True
        return None, None, any_path

    def _response(self, status: int, body: Any, method: str,
                  route: Route | None) -> web.StreamResponse:  # fmt: skip
        headers = {"Link": f'<{self.public_url}/wp-json/>; rel="https://api.w.org/"'}
        if route is not None and method != "OPTIONS":
            headers["Allow"] = ", ".join(route.methods)
        text = "" if method == "HEAD" else json.dumps(body, ensure_ascii=False)
        return web.Response(status=status, text=text, headers=headers,
                            content_type="application/json", charset="UTF-8")  # fmt: skip

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        method = request.method.upper()
        path = request.path
        if path.startswith("/index.php"):
            path = path[len("/index.php") :]
        raw = await request.read()
        self.counters.total += 1
        idem = request.headers.get("Idempotency-Key")
        if idem:
            self.counters.idempotency_keys[idem] += 1
        if raw:
            digest = hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + raw)
            self.counters.bodies[digest.hexdigest()] += 1
        space, below = _namespace(path)
        if self._workers is not None:
            async with self._workers:
                return await self._serve(request, method, path, space, below, raw)
        return await self._serve(request, method, path, space, below, raw)

    def body_hash(self, method: str, path: str, body: bytes) -> str:
        """The key :attr:`counters.bodies` uses for a request body."""
        digest = hashlib.sha256(method.upper().encode() + b" " + path.encode() + b"\n" + body)
        return digest.hexdigest()

    async def _serve(self, request: web.Request, method: str, path: str,
                     space: Namespace | None, below: str | None,
                     raw: bytes) -> web.StreamResponse:  # fmt: skip
        # Counters, faults and latency key v2 requests by the path below the namespace.
        sub = below if space is not None and space.prefix == NS else None
        self.counters.enter()
        try:
            delay = self.latency.service_time(method, sub or path)
            if delay:
                await asyncio.sleep(delay)
            fault = self._pick_fault(method, sub if sub is not None else path)
            status, body, route = await self._dispatch(request, method, space, below, raw)
            if route is not None:
                self.counters.requests[(method, route.pattern)] += 1
            self.counters.paths[(method, sub if sub is not None else path)] += 1
            if fault is not None:
                plain = self._response(status, body, method, None)
                return await fault_response(request, fault, status, body, plain)
            return self._response(status, body, method, route)
        finally:
            self.counters.leave()

    def _pick_fault(self, method: str, sub: str) -> Fault | None:
        for f in self.faults:
            if f.matches(method, sub) and self._fault_rng.random() < f.rate:
                f.injected += 1
                self.counters.faults[f.kind] += 1
                return f
        return None

    async def _dispatch(self, request: web.Request, method: str, space: Namespace | None,
                        sub: str | None, raw: bytes) -> tuple[int, Any, Route | None]:  # fmt: skip
        if space is None or sub is None:
            return 404, _NO_ROUTE, None
        key, err = authenticate(self.state, request) if space.mainwp_auth else (None, None)
        if err is not None:
            return err[0], err[1], None
        if key is not None:
            serr = scope_error(key, method)
            if serr is not None:
                return serr[0], ("" if method == "HEAD" else serr[1]), None
            key.last_access = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
        route, match, _ = self._match(space, sub, method)
        if route is None or match is None:
            return 404, _NO_ROUTE, None
        if method == "OPTIONS":
            href = f"{self.public_url}/wp-json{space.prefix}{sub}"
            return 200, {"namespace": space.prefix.strip("/"), "methods": list(route.methods),
                         "endpoints": [{"methods": e["methods"], "args": e["args"]}
                                       for e in route.endpoints],
                         "_links": {"self": [{"href": href}]}}, route  # fmt: skip
        if key is None and space.require_key and route.sub != "":
            status, body = auth_error(
                "mainwp_rest_authentication_error", "You are not authenticated."
            )
            return status, body, route
        ctype = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        exact_ctype = request.headers.get("Content-Type") or ""
        form: dict[str, str] = {}
        body_json: Any = None
        if raw and ctype == "application/json":
            try:
                body_json = json.loads(raw)
            except ValueError:
                return 400, {"code": "rest_invalid_json", "message": "Invalid JSON body passed.",
                             "data": {"status": 400, "json_error_code": 4,
                                      "json_error_message": "Syntax error"}}, route  # fmt: skip
        elif raw and ctype == "application/x-www-form-urlencoded":
            form = dict(parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True))
        files: dict[str, web.FileField] = {}
        if raw and ctype == "multipart/form-data":
            form, files = await _read_multipart(request, raw)
        query = dict(request.query)
        params: dict[str, Any] = dict(query)
        params.update(form)
        if isinstance(body_json, dict):
            params.update(body_json)
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        params.update(groups)
        ctx = Ctx(self, method, route, groups, query, form, body_json, exact_ctype, params, files,
                  request)  # fmt: skip
        handler = HANDLERS.get(route.pattern)
        if handler is None:  # pragma: no cover - every route has a handler
            return 404, _NO_ROUTE, route
        try:
            return 200, await handler(ctx), route
        except Reply as r:
            return r.status, r.body, route


async def _read_multipart(
    request: web.Request, raw: bytes
) -> tuple[dict[str, str], dict[str, web.FileField]]:
    """Text fields and file parts of a ``multipart/form-data`` body (PHP's $_POST/$_FILES).

    The body was already read (every request's bytes are counted), so aiohttp's own
    multipart parser runs over a stream fed with those bytes; what ``request.post()``
    would give. A body it cannot parse yields nothing, like PHP.
    """
    stream = StreamReader(request.protocol, 2**16 + len(raw), loop=asyncio.get_running_loop())
    stream.feed_data(raw)
    stream.feed_eof()
    form: dict[str, str] = {}
    files: dict[str, web.FileField] = {}
    try:
        reader = MultipartReader(request.headers, stream)
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or not part.name:
                continue
            if part.filename:
                data = await part.read(decode=True)
                files[part.name] = web.FileField(
                    name=part.name,
                    filename=part.filename,
                    file=io.BytesIO(data),
                    content_type=part.headers.get("Content-Type", "application/octet-stream"),
                    headers=part.headers,
                )
            else:
                form[part.name] = await part.text()
    except (ValueError, AssertionError, RuntimeError):
        return {}, {}
    return form, files


def make_app(dash: SimulatedDashboard) -> web.Application:
    """An aiohttp application serving ``dash`` (for embedding in another server)."""
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", dash._handle)
    return app
