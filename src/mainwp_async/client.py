"""The MainWP client: lifecycle, options, resource namespaces and the generic ``call``."""

from __future__ import annotations

import asyncio
import html
import logging
import re
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Mapping,
    Sequence,
)
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, Never, TypeVar

import attrs
from yarl import URL

from . import config
from ._call_path import SAFE_METHODS as _SAFE_METHODS
from ._call_path import resolve as resolve_call
from ._door import NoV2Credentials, door_credentials, door_secrets
from ._resource import Namespace
from ._spec import EndpointSpec, PagingKind
from ._version import __version__
from .auth import (
    ApplicationPassword,
    BearerToken,
    ConsumerKeyCredentials,
    Credentials,
    V1ApiKey,
    ensure_secure_url,
)
from .batching import BATCH_LIMIT, BatchResult, global_batch, resource_batch
from .classify import classify, decode_body, explain
from .convert import structure
from .discovery import Drift, compare_index
from .errors import (
    AuthenticationError,
    ConfigurationError,
    ResponseShapeError,
    ScopeError,
    TransportError,
)
from .events import observed, observed_send
from .fanout import FanOutResult, FanOutRun, ProgressCallback, fan_out, fan_out_iter
from .fleet import Fleet
from .jobs import JobOutcome, sync_and_wait, wait_for_sync, wait_for_tool_job, wait_for_updates
from .limits import FixedLimit, Gate, gate_for
from .paging import DEFAULT_PER_PAGE, iterate_items
from .pending import PendingUpdates, pending_updates
from .redact import Redactor, redact_exception
from .response import RawResponse
from .retry import RetryEvent, RetryPolicy
from .safe_writes import SafeWrites
from .scopes import Scope, check_scope
from .transport import Limits, Timeout, Transport, WireRequest, WireResponse
from .wire import (
    build_parts,
)

if TYPE_CHECKING:
    import aiohttp

    from ._generated.abilities.api import AbilitiesAPI
    from ._generated.endpoints import (
        ApiKeysAPI,
        BatchAPI,
        ClientsAPI,
        CostsAPI,
        MonitorsAPI,
        PagesAPI,
        PostsAPI,
        SettingsAPI,
        SitesAPI,
        TagsAPI,
        UpdatesAPI,
        UsersAPI,
    )
    from ._generated.models import ToolJobStarted, ToolJobStatus
    from ._generated.v1.api import V1API

__all__ = ["MainWP"]

log = logging.getLogger("mainwp_async")

T = TypeVar("T")
R = TypeVar("R")
E = TypeVar("E", bound=BaseException)

_API_PREFIX = "/wp-json/mainwp/v2"
_CACHED_TYPES = frozenset({"application/json", "application/x-www-form-urlencoded"})


def _api_root(base_url: str, allow_insecure: bool) -> URL:
    url = ensure_secure_url(base_url, allow_insecure=allow_insecure)
    path = url.path.rstrip("/")
    if path.endswith(_API_PREFIX):
        path = path[: -len(_API_PREFIX)]
    return url.with_path(path + _API_PREFIX).with_query(None).with_fragment(None)


class V1Namespace(Namespace[R]):
    """``mw.v1``: the generated v1 groups, sending through the client's v1 door."""

    __slots__ = ()

    def build(self, client: MainWP) -> R:
        """Wrap ``client`` in its v1 door (credentials, v1 error shapes) first."""
        from .v1 import V1Door

        factory: Any = self.resource_class()
        resource: R = factory(V1Door(client))
        return resource


class MainWP:
    """An async client for one MainWP Dashboard.

    Use it as an async context manager: the aiohttp session is created on entry and
    closed on exit, also when the body raises or is cancelled. An injected ``session`` is
    used as is and never closed. Endpoints live in namespaces (``mw.sites``,
    ``mw.tags``, …); ``await mw.call("GET", "/sites/3/plugins")`` reaches any of them by
    path. ``scope`` (``"read"``, ``"write"``, ``"delete"``, ``"read_write"`` or
    ``"auto"`` to look it up on entry) lets the client refuse a call the key may not
    make before any request leaves. A response value that does not fit its model field
    is kept in the model's ``extra`` (with a warning) unless ``strict_models=True``,
    which raises :class:`~mainwp_async.errors.ResponseShapeError` instead.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        key_pass: str | None = None,
        credentials: Credentials | None = None,
        scope: Scope | str | None = None,
        timeout: Timeout | float | None = None,
        retry: RetryPolicy | None = None,
        max_connections: int = 16,
        per_page: int = DEFAULT_PER_PAGE,
        user_agent: str | None = None,
        verify_ssl: bool = True,
        allow_insecure_http: bool = False,
        session: aiohttp.ClientSession | None = None,
        on_retry: Callable[[RetryEvent], None] | None = None,
        strict_models: bool = False,
        v1_key: V1ApiKey | None = None,
        app_password: ApplicationPassword | None = None,
        **unknown: Never,
    ) -> None:
        config.check_unknown(unknown, _INIT_OPTIONS, where="MainWP()")
        doors = door_credentials(v1_key=v1_key, app_password=app_password)
        if token is not None and credentials is not None:
            raise ConfigurationError("pass exactly one of token= or credentials=")
        if token is None and credentials is None and not doors:
            raise ConfigurationError(
                "pass token= (MainWP v2), v1_key= (legacy v1) or app_password= (Abilities API)"
            )
        if credentials is not None and not isinstance(credentials, Credentials):
            raise ConfigurationError(
                "credentials must be a credentials object such as BearerToken(...) or "
                f"ConsumerKeyCredentials(...), not {type(credentials).__name__}"
            )
        self._v1_key = v1_key
        self._app_password = app_password
        self._credentials: Credentials = (
            BearerToken(token, key_pass=key_pass)
            if token is not None
            else credentials or NoV2Credentials()
        )
        self._base_url = base_url
        self._allow_insecure = config.check_bool("allow_insecure_http", allow_insecure_http)
        self._root = _api_root(base_url, allow_insecure_http)
        self._root_text = str(self._root)
        self._auto_scope = isinstance(scope, str) and scope.lower() == "auto"
        self._scope: Scope | None = (
            None if self._auto_scope or scope is None else Scope.parse(scope)
        )
        self._timeout = config.to_timeout(timeout)
        self._retry = config.check_retry(retry) or RetryPolicy()
        self._per_page = config.check_int("per_page", per_page)
        self._on_retry = config.check_callable("on_retry", on_retry)
        self._strict_models = config.check_bool("strict_models", strict_models)
        self._redact = Redactor((*self._credentials.secrets(), *door_secrets(*doors)))
        self._transport = Transport(
            session=config.check_session(session),
            limits=Limits(max_connections=config.check_int("max_connections", max_connections)),
            verify_ssl=config.check_verify_ssl(verify_ssl),
            user_agent=config.check_user_agent(user_agent) or f"mainwp-async/{__version__}",
            redactor=self._redact,
        )
        # The SDK's own credential classes give the same headers every time: built once,
        # with the User-Agent, per request Content-Type (see _request_headers).
        self._static_auth = type(self._credentials) in (BearerToken, ConsumerKeyCredentials)
        self._auth_parts: dict[str | None, tuple[dict[str, str], tuple[tuple[str, str], ...]]]
        self._auth_parts = {}

    sites: Namespace[SitesAPI] = Namespace("sites", "SitesAPI")
    """Child sites: list, inspect, sync, plugins, themes, security, …"""
    clients: Namespace[ClientsAPI] = Namespace("clients", "ClientsAPI")
    """Clients (the agency's customers) and their custom fields."""
    tags: Namespace[TagsAPI] = Namespace("tags", "TagsAPI")
    """Tags (site groups)."""
    updates: Namespace[UpdatesAPI] = Namespace("updates", "UpdatesAPI")
    """Pending core/plugin/theme/translation updates and ignores."""
    costs: Namespace[CostsAPI] = Namespace("costs", "CostsAPI")
    """Cost Tracker entries."""
    users: Namespace[UsersAPI] = Namespace("users", "UsersAPI")
    """WordPress users on child sites."""
    settings: Namespace[SettingsAPI] = Namespace("settings", "SettingsAPI")
    """Dashboard settings and maintenance tools."""
    monitors: Namespace[MonitorsAPI] = Namespace("monitors", "MonitorsAPI")
    """Uptime monitors."""
    api_keys: Namespace[ApiKeysAPI] = Namespace("api_keys", "ApiKeysAPI")
    """REST API keys of the dashboard."""
    posts: Namespace[PostsAPI] = Namespace("posts", "PostsAPI")
    """Posts on child sites."""
    pages: Namespace[PagesAPI] = Namespace("pages", "PagesAPI")
    """Pages on child sites."""
    batch: Namespace[BatchAPI] = Namespace("batch", "BatchAPI")
    """The global batch endpoint."""
    v1: Namespace[V1API] = V1Namespace("api", "V1API", package="mainwp_async._generated.v1")
    """The legacy REST API v1 (``v1_key=``): ``mw.v1.<group>.<name>(...)``."""
    abilities: Namespace[AbilitiesAPI] = Namespace(
        "api", "AbilitiesAPI", package="mainwp_async._generated.abilities"
    )
    """The WordPress Abilities API (``app_password=``): ``mw.abilities.<name>(...)``."""

    def _bind_resources(self) -> None:
        """Forget namespaces bound to another client (a clone's load again, on access)."""
        for name, value in vars(MainWP).items():
            if isinstance(value, Namespace):
                self.__dict__.pop(name, None)

    # -- lifecycle ---------------------------------------------------------------------

    async def open(self) -> MainWP:
        """Open the HTTP session (done by ``async with``); resolve ``scope="auto"``."""
        await self._transport.open()
        if self._auto_scope and self._scope is None:
            try:
                self._scope = await self.detect_scope()
            except BaseException:
                await self._transport.close()
                raise
        return self

    async def close(self) -> None:
        """Close the HTTP session if this client created it."""
        await self._transport.close()

    async def __aenter__(self) -> MainWP:
        return await self.open()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    def with_options(
        self,
        *,
        scope: Scope | str | None = None,
        timeout: Timeout | float | None = None,
        retry: RetryPolicy | None = None,
        per_page: int | None = None,
        on_retry: Callable[[RetryEvent], None] | None = None,
        strict_models: bool | None = None,
        **unknown: Never,
    ) -> MainWP:
        """A cheap copy with other options that shares this client's session.

        Only the options given change; ``mw.with_options(timeout=600).updates.update_wp(3)``
        gives one long call without touching ``mw``. Options are validated like
        ``MainWP(...)``'s.
        """
        config.check_unknown(unknown, _CLONE_OPTIONS, where="with_options()")
        clone = object.__new__(MainWP)
        clone.__dict__.update(self.__dict__)
        if scope is not None:
            clone._auto_scope = False
            clone._scope = Scope.parse(scope)
        if timeout is not None:
            clone._timeout = config.to_timeout(timeout)
        if retry is not None:
            clone._retry = config.check_retry(retry) or RetryPolicy()
        if per_page is not None:
            clone._per_page = config.check_int("per_page", per_page)
        if on_retry is not None:
            clone._on_retry = config.check_callable("on_retry", on_retry)
        if strict_models is not None:
            clone._strict_models = config.check_bool("strict_models", strict_models)
        clone._bind_resources()
        return clone

    @property
    def scope(self) -> Scope | None:
        """The key's scope as configured or detected (``None`` = unknown, no pre-check)."""
        return self._scope

    @property
    def base_url(self) -> str:
        """The dashboard's API root, ``…/wp-json/mainwp/v2``."""
        return str(self._root)

    def __repr__(self) -> str:
        scope = self._scope.value if self._scope else "unknown"
        return f"MainWP({str(self._root)!r}, credentials={self._credentials!r}, scope={scope})"

    # -- the request pipeline ----------------------------------------------------------

    def _fresh_headers(
        self, content_type: str | None
    ) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
        headers = {
            "User-Agent": self._transport.user_agent,
            "Accept": "application/json",
            **self._credentials.headers(),
        }
        if content_type:
            headers["Content-Type"] = content_type
        return headers, tuple(self._credentials.query().items())

    def _request_headers(
        self, content_type: str | None = None
    ) -> tuple[dict[str, str], tuple[tuple[str, str], ...]]:
        """User-Agent, Accept, credential and Content-Type headers, and the query credentials.

        The SDK's own credential classes always give the same values, so each content
        type's headers are built once per client and shared (never mutated); a
        user-supplied :class:`~mainwp_async.auth.Credentials` is asked on every request.
        """
        parts = self._auth_parts.get(content_type)
        if parts is not None:
            return parts
        parts = self._fresh_headers(content_type)
        if self._static_auth and (content_type is None or content_type in _CACHED_TYPES):
            self._auth_parts[content_type] = parts  # (a multipart boundary differs each time)
        return parts

    async def _exchange(
        self,
        spec: EndpointSpec,
        args: Mapping[str, Any],
        method: str | None,
        known_params_only: bool,
    ) -> tuple[WireResponse, Any]:
        """Build, send (with retries) and decode one call: ``(wire, payload)``."""
        if method is None:
            verb = spec.method.upper()
            if self._scope is not None:  # no scope known: nothing to check for spec.method
                check_scope(spec, self._scope)
        else:
            verb = method.upper()
            check_scope(spec, self._scope, method=verb)  # also refuses unknown verbs
        parts = build_parts(spec, args, method=verb, strict=known_params_only)
        headers, secret_params = self._request_headers(parts.content_type)
        request = WireRequest(
            method=verb,
            url=URL(self._root_text + parts.path, encoded=True),
            headers=headers,
            params=parts.query,
            body=parts.body,
            secret_params=secret_params,
        )
        transport = self._transport
        timeout = self._timeout
        attempt = 0
        while True:
            try:
                if observed():  # hooks or tracing: events and a span around the attempt
                    wire = await observed_send(
                        transport, request, timeout, endpoint=spec.qualname, attempt=attempt
                    )
                else:
                    wire = await transport.send(request, timeout)
            except TransportError as exc:
                idempotent = verb in _SAFE_METHODS or spec.idempotent
                if not self._retry.should_retry(
                    attempt=attempt, method=verb, idempotent=idempotent, error=exc
                ):
                    raise
                await self._pause(spec, attempt, None, f"{type(exc).__name__}")
                attempt += 1
                continue
            if wire.status in self._retry.retry_statuses and self._retry.should_retry(
                attempt=attempt,
                method=verb,
                idempotent=verb in _SAFE_METHODS or spec.idempotent,
                status=wire.status,
            ):
                await self._pause(
                    spec, attempt, wire.headers, f"HTTP {wire.status}", status=wire.status
                )
                attempt += 1
                continue
            break
        payload = decode_body(
            wire.status,
            wire.headers,
            wire.content,
            method=verb,
            endpoint=spec.qualname,
            strict=self._strict_models,
            redactor=self._redact,
        )
        check = spec.payload_check
        if check is not None:
            check(payload)
        return wire, payload

    async def _send(
        self,
        spec: EndpointSpec,
        args: Mapping[str, Any],
        *,
        check: bool,
        method: str | None = None,
        known_params_only: bool = True,
    ) -> RawResponse[Any]:
        wire, payload = await self._exchange(spec, args, method, known_params_only)
        if check:
            error = classify(wire.status, payload, endpoint=spec.qualname, headers=wire.headers)
            if error is not None:
                raise self._scrub(explain(error, spec, args))
        return RawResponse(
            status=wire.status,
            headers=wire.headers,
            json=payload,
            spec=spec,
            endpoint=spec.qualname,
            elapsed=wire.elapsed,
            strict=self._strict_models,
            scrub=self._scrub,
        )

    async def _send_parsed(
        self,
        spec: EndpointSpec,
        args: Mapping[str, Any],
        *,
        method: str | None = None,
        known_params_only: bool = True,
    ) -> Any:
        """What ``_send(check=True).parse()`` gives, classifying once and without the wrapper."""
        wire, payload = await self._exchange(spec, args, method, known_params_only)
        error = classify(wire.status, payload, endpoint=spec.qualname, headers=wire.headers)
        if error is not None:
            raise self._scrub(explain(error, spec, args))
        model = spec.response_model
        if model is None or payload is None:  # no model, or no body (HEAD, 204)
            return payload
        try:
            return structure(payload, model, strict=self._strict_models)
        except ResponseShapeError as exc:  # its message may quote a value the server echoed
            raise self._scrub(exc) from None

    def _scrub(self, error: E) -> E:
        """``error`` with every secret spelling removed from its message (echoing servers)."""
        redact_exception(error, self._redact)
        return error

    async def _pause(
        self,
        spec: EndpointSpec,
        attempt: int,
        headers: Mapping[str, str] | None,
        reason: str,
        *,
        status: int | None = None,
    ) -> None:
        delay = self._retry.delay(attempt, headers)
        event = RetryEvent(
            endpoint=spec.qualname, attempt=attempt + 1, delay=delay, reason=reason, status=status
        )
        log.info(
            "retrying %s (attempt %d) in %.2f s: %s", spec.qualname, attempt + 1, delay, reason
        )
        if self._on_retry is not None:
            self._on_retry(event)
        await asyncio.sleep(delay)

    async def _iterate(self, spec: EndpointSpec, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        filters = dict(args)
        per_page = int(filters.pop("per_page", None) or self._per_page)
        filters.pop("page", None)

        async def fetch(paging: dict[str, Any]) -> Any:
            raw = await self._send(spec, {**filters, **paging}, check=True)
            return raw.json

        kind = spec.paging if spec.paging is not PagingKind.NONE else PagingKind.UNPAGED
        async for _key, item in iterate_items(fetch, kind, per_page=per_page):
            if spec.item_model is None:
                yield item
            else:
                try:
                    model = structure(item, spec.item_model, strict=self._strict_models)
                except ResponseShapeError as exc:
                    raise self._scrub(exc) from None
                yield model

    # -- generic access ----------------------------------------------------------------

    async def call(self, method: str, path: str, *, raw: bool = False, **params: Any) -> Any:
        """Call any endpoint by HTTP method and path; returns what the named method returns.

        ``path`` may be a template (``"/sites/{site_id}/plugins", site_id=3``) or a
        concrete path as copied from a curl line (``"/sites/3/plugins"``,
        ``"/clients/someone@example.com"``, with or without ``/wp-json/mainwp/v2``). The
        remaining ``params`` go to the query or the body as the endpoint expects. A route
        the manifest does not know (a paid extension's) is still sent, and its decoded
        JSON returned. With ``raw=True`` a :class:`RawResponse` comes back instead.
        """
        verb = method.upper()
        if not isinstance(path, str):
            raise ConfigurationError(
                f"call() takes the path as a string, not {type(path).__name__}"
            )
        spec, args = resolve_call(verb, path, params)
        if raw:
            return await self._send(spec, args, check=False, method=verb, known_params_only=False)
        return await self._send_parsed(spec, args, method=verb, known_params_only=False)

    def endpoint(self, qualname: str) -> EndpointSpec:
        """The manifest entry for ``"category.name"`` (e.g. ``"sites.plugins"``)."""
        try:
            spec: EndpointSpec = _manifest().endpoint(qualname)
        except KeyError:
            raise ConfigurationError(f"no endpoint named {qualname!r}") from None
        return spec

    async def discover(self) -> Drift:
        """Read the live ``GET /wp-json/mainwp/v2`` index and compare it with our manifest.

        The index is public, so it is fetched without credentials (a write-only key would
        be refused it). The result lists routes the dashboard has that we lack (paid
        extensions), routes we know that it lacks, and method/argument differences.
        """
        request = WireRequest(method="GET", url=self._root, headers={"Accept": "application/json"})
        wire = await self._transport.send(request, self._timeout)
        payload = decode_body(wire.status, wire.headers, wire.content, redactor=self._redact)
        error = classify(wire.status, payload, endpoint="index")
        if error is not None:
            raise self._scrub(error)
        return compare_index(payload, _manifest().ENDPOINTS)

    async def detect_scope(self) -> Scope | None:
        """Find this key's scope in ``GET rest-api/keys`` by its truncated key id.

        Returns ``None`` when the key cannot read the key list (a write- or delete-only
        key) or is not found; the client then makes no scope pre-check.
        """
        suffix = getattr(self._credentials, "key_suffix", None)
        if not suffix:
            return None
        spec = self.endpoint("api_keys.list")
        unchecked = self.with_options()
        unchecked._scope = None
        try:
            async for key in unchecked._iterate(spec, {}):
                row = key if isinstance(key, Mapping) else attrs.asdict(key)
                if str(row.get("truncated_key", "")) != suffix:
                    continue
                return _scope_from_permissions(row.get("permissions"))
        except (ScopeError, AuthenticationError):
            return None
        return None

    async def wait_for_tool_job(
        self,
        started: ToolJobStarted,
        *,
        interval: float = 3.0,
        timeout: float = 600.0,
        on_progress: Callable[[ToolJobStatus], None] | None = None,
    ) -> ToolJobStatus:
        """Poll a settings tool job until it completes; see :func:`jobs.wait_for_tool_job`.

        ``started`` is what ``mw.settings.tools_destroy_sessions()`` (or
        ``tools_renew_connections()``, ``tools_disconnect_all_sites()``) returned.
        """
        return await wait_for_tool_job(
            self, started, interval=interval, timeout=timeout, on_progress=on_progress
        )

    @property
    def safe(self) -> SafeWrites:
        """Guarded versions of the server's destructive writes; see :mod:`safe_writes`."""
        return SafeWrites(self)

    def gate(self, *, max_concurrency: int = 64, rate_limit: float | None = None) -> Gate:
        """The dashboard's shared adaptive :class:`~mainwp_async.limits.Gate`."""
        return gate_for(self._transport, max_limit=max_concurrency, rate_limit=rate_limit)

    def _fan_out_gate(
        self, concurrency: int, adaptive: bool, rate_limit: float | None
    ) -> Gate | None:
        if adaptive:
            return self.gate(max_concurrency=concurrency, rate_limit=rate_limit)
        return Gate(FixedLimit(concurrency), rate_limit=rate_limit) if rate_limit else None

    def fan_out_iter(
        self,
        items: Iterable[T] | AsyncIterable[T],
        fn: Callable[[T], Awaitable[R]],
        *,
        concurrency: int = 16,
        adaptive: bool = True,
        rate_limit: float | None = None,
        **options: Any,
    ) -> FanOutRun[T, R]:
        """Stream ``fn(item)`` results as they complete; see :func:`fanout.fan_out_iter`.

        With ``adaptive=True`` (the default) ``concurrency`` is a ceiling: the calls go
        through this dashboard's adaptive gate, which finds how many in flight the server
        takes before latency climbs. ``adaptive=False`` runs exactly ``concurrency``.
        """
        gate = self._fan_out_gate(concurrency, adaptive, rate_limit)
        return fan_out_iter(items, fn, concurrency=concurrency, gate=gate, **options)

    async def fan_out(
        self,
        items: Iterable[T] | AsyncIterable[T],
        fn: Callable[[T], Awaitable[R]],
        *,
        concurrency: int = 16,
        adaptive: bool = True,
        rate_limit: float | None = None,
        progress: ProgressCallback | None = None,
        **options: Any,
    ) -> FanOutResult[T, R]:
        """Run ``fn(item)`` for every item, collect results; see :func:`fanout.fan_out`.

        ``concurrency``/``adaptive``/``rate_limit`` as in :meth:`fan_out_iter`.
        """
        gate = self._fan_out_gate(concurrency, adaptive, rate_limit)
        return await fan_out(
            items, fn, concurrency=concurrency, gate=gate, progress=progress, **options
        )

    async def wait_for_updates(
        self, started: Any, site_ids: Sequence[int], **options: Any
    ) -> JobOutcome:
        """Wait until started updates are applied; see :func:`jobs.wait_for_updates`."""
        return await wait_for_updates(self, started, site_ids, **options)

    async def wait_for_sync(self, started: Any, **options: Any) -> JobOutcome:
        """Wait until a started fleet sync reached every site; see :func:`jobs.wait_for_sync`."""
        return await wait_for_sync(self, started, **options)

    async def sync_and_wait(
        self, include: Sequence[int] | None = None, **options: Any
    ) -> JobOutcome:
        """Start ``POST sites/sync`` and wait for it; see :func:`jobs.sync_and_wait`."""
        return await sync_and_wait(self, include, **options)

    async def pending_updates(
        self,
        *,
        types: Iterable[str] | None = None,
        site_ids: Iterable[int] | None = None,
        concurrency: int = 16,
        **options: Any,
    ) -> PendingUpdates:
        """Every pending update, one ``GET updates/{site}`` per site (never cut at 50).

        See :func:`pending.pending_updates`; prefer it to ``updates.list()``, which an
        Abilities-API dashboard stops at 50 rows.
        """
        return await pending_updates(
            self, types=types, site_ids=site_ids, concurrency=concurrency, **options
        )

    def as_fleet(self, name: str = "default", **options: Any) -> Fleet:
        """The dashboard as a one-member :class:`~mainwp_async.fleet.Fleet` (fleet jobs)."""
        return Fleet({name: self}, **options)

    async def batch_items(
        self, resource: str, *, limit: int = BATCH_LIMIT, **groups: Sequence[Any]
    ) -> BatchResult:
        """``POST /<resource>/batch`` chunked to 100; see :func:`batching.resource_batch`."""
        return await resource_batch(self, resource, limit=limit, **groups)

    async def global_batch(
        self,
        operations: Mapping[str, Mapping[str, Sequence[Any]]],
        *,
        on_ignored: Literal["error", "warn"] = "error",
    ) -> BatchResult:
        """``POST /batch`` refusing what 6.1.2 ignores; see :func:`batching.global_batch`."""
        return await global_batch(self, operations, on_ignored=on_ignored)


_MANIFEST: Any = None


def _manifest() -> Any:
    """The generated manifest package, imported on first need.

    The package itself is small (a route table and name tables); a spec, ``ENDPOINTS``
    or ``BY_QUALNAME`` read from it loads the category module(s) behind it.
    """
    global _MANIFEST
    if _MANIFEST is None:
        from ._generated import manifest

        _MANIFEST = manifest
    return _MANIFEST


_INIT_OPTIONS = frozenset(
    {
        "base_url",
        "token",
        "key_pass",
        "credentials",
        "scope",
        "timeout",
        "retry",
        "max_connections",
        "per_page",
        "user_agent",
        "verify_ssl",
        "allow_insecure_http",
        "session",
        "on_retry",
        "strict_models",
        "v1_key",
        "app_password",
    }
)
_CLONE_OPTIONS = frozenset({"scope", "timeout", "retry", "per_page", "on_retry", "strict_models"})


def _scope_from_permissions(value: Any) -> Scope | None:
    labels = value if isinstance(value, (list, tuple)) else re.split(r"[,;]", str(value or ""))
    text = " ".join(html.unescape(str(v)).lower() for v in labels)
    can_read, can_write = "read" in text, "write" in text
    if can_read and can_write:
        return Scope.READ_WRITE
    if can_read:
        return Scope.READ
    # "Write & Delete" alone is shown for both write and delete keys: ambiguous.
    return None
