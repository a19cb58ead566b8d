"""From an endpoint and keyword arguments to what goes on the wire, and back from a path.

Pure functions: :func:`build_parts` splits a call's arguments into path, query and body
as the endpoint expects them; :func:`match_path` finds the endpoint for a concrete path
such as ``/sites/3/plugins`` or ``/clients/someone@example.com`` the way WordPress
matches its route regexes. Bodies are built here too, ``multipart/form-data`` included
(by hand, so this module needs no HTTP library; only its boundary is random).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Generic, Protocol, TypeVar
from urllib.parse import quote, unquote, urlencode

import attrs
from yarl import URL

from ._spec import BodyEncoding, EndpointSpec, ParamLocation, ParamSpec
from .errors import ConfigurationError

__all__ = [
    "MAX_SEGMENT_LENGTH",
    "RequestParts",
    "RouteIndex",
    "RouteTable",
    "Routed",
    "build_parts",
    "encode_path",
    "encode_segment",
    "match_path",
    "normalize_path",
    "render_scalar",
    "route_index",
]

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
#: Longest value accepted in one path segment (ids, domains and e-mail addresses are short).
MAX_SEGMENT_LENGTH = 1024
# Characters left as they are in a segment: RFC 3986 unreserved plus "@" (e-mail ids).
_SEGMENT_SAFE = "@-._~"


def encode_segment(value: Any, *, name: str = "path value", where: str = "") -> str:
    """Encode one value for one path segment, or raise :class:`ConfigurationError`.

    The one encoder every generated route and :meth:`MainWP.call` use. Accepted: ``str``
    and ``int`` (not ``bool``: ``True`` would address site 1). Refused: empty values,
    ``.`` and ``..`` (a normalising proxy would drop or climb the segment and turn
    ``POST sites/./disconnect`` into ``POST sites/disconnect``, a fleet-wide write), values
    containing ``/`` or a backslash (proxies such as nginx decode ``%2F`` back into a slash, so
    encoding alone cannot keep the value in its segment), values over
    :data:`MAX_SEGMENT_LENGTH` characters and anything else. Every other character outside
    RFC 3986's unreserved set and ``@`` is percent-encoded as UTF-8: ``#``, ``?``, ``%``,
    spaces, CR/LF, unicode.
    """
    prefix = f"{where}: " if where else ""
    if isinstance(value, bool):
        raise ConfigurationError(
            f"{prefix}{name} must be a string or an integer, not bool ({value} would be sent "
            f"as {int(value)} and address object {int(value)})"
        )
    if not isinstance(value, (str, int)):
        raise ConfigurationError(
            f"{prefix}{name} must be a string or an integer, not {type(value).__name__}"
        )
    try:
        text = value if isinstance(value, str) else str(value)
    except ValueError:  # an int beyond Python's digit limit
        text = "9" * (MAX_SEGMENT_LENGTH + 1)
    if len(text) > MAX_SEGMENT_LENGTH:
        raise ConfigurationError(
            f"{prefix}{name} is {len(text)} characters long (at most {MAX_SEGMENT_LENGTH})"
        )
    for decoded in _decodings(text):
        if decoded.strip() in ("", ".", ".."):
            raise ConfigurationError(
                f"{prefix}{name} must name one object, got {_shown(text)} (empty, '.' and "
                "'..', also percent-encoded, would change which route the request reaches)"
            )
        if "/" in decoded or "\\" in decoded:
            raise ConfigurationError(
                f"{prefix}{name} must not contain '/' or '\\' (also percent-encoded), "
                f"got {_shown(text)}"
            )
    return quote(text, safe=_SEGMENT_SAFE)


def _decodings(text: str) -> list[str]:
    """``text`` and what up to three rounds of percent-decoding make of it.

    Servers and proxies decode a path once or more (WordPress retries its route match on
    the decoded path), so ``%2e`` or ``%252F`` must be judged by what they turn into.
    """
    out = [text]
    while "%" in out[-1] and len(out) < 4:
        decoded = unquote(out[-1])
        if decoded == out[-1]:
            break
        out.append(decoded)
    return out


def encode_path(path: str, *, where: str = "call()") -> str:
    """Re-encode a concrete path segment by segment with :func:`encode_segment`.

    Each segment is percent-decoded first (so ``%2e%2e`` is recognised as ``..`` and a
    copied, already encoded path is not encoded twice), then checked and encoded. Empty
    segments (``//``) are refused like ``.`` and ``..``.
    """
    segments = path.strip("/").split("/") if path.strip("/") else []
    encoded = [
        encode_segment(unquote(seg), name=f"path segment {seg!r}", where=where) for seg in segments
    ]
    return "/" + "/".join(encoded)


def _shown(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


@attrs.frozen(kw_only=True)
class RequestParts:
    """The HTTP shape of one call: method, concrete path, query pairs, body and its type."""

    method: str
    path: str  #: below the namespace, e.g. ``/sites/3/plugins``
    query: tuple[tuple[str, str], ...] = ()
    body: bytes | None = attrs.field(default=None, repr=False)
    content_type: str | None = None


def render_scalar(value: Any) -> str:
    """Render a value the way PHP reads it from a query string or form field."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ",".join(render_scalar(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (tuple, set, frozenset)):
        return [_json_value(v) for v in value]
    if isinstance(value, list):
        return [_json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def _resolve(
    spec: EndpointSpec, args: Mapping[str, Any]
) -> list[tuple[ParamSpec | None, str, Any]]:
    """Pair each argument with its declared parameter (``None`` for undeclared ones)."""
    out: list[tuple[ParamSpec | None, str, Any]] = []
    for key, value in args.items():
        param = spec.param(key)
        out.append((param, param.name if param else key, value))
    return out


def build_parts(
    spec: EndpointSpec,
    args: Mapping[str, Any],
    *,
    method: str | None = None,
    strict: bool = True,
) -> RequestParts:
    """Place every argument of a call where ``spec`` says it travels.

    With ``strict`` an argument the endpoint does not declare is a
    :class:`~mainwp_async.errors.ConfigurationError`; otherwise it is sent as an extra
    query (GET/DELETE) or body field, which is how :meth:`MainWP.call` lets users reach
    parameters the collection does not know yet.
    """
    verb = (method or spec.method).upper()
    if not args and "{" not in spec.path and not any(p.required for p in spec.params):
        return RequestParts(method=verb, path=spec.path)  # nothing to place
    path_values: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    body: dict[str, Any] = {}
    for param, wire, value in _resolve(spec, args):
        if param is None and strict:
            known = ", ".join(sorted(p.python_name for p in spec.params)) or "none"
            raise ConfigurationError(
                f"{spec.qualname}() got an unexpected parameter {wire!r} (known: {known})"
            )
        location = param.location if param else None
        if location is ParamLocation.PATH:
            path_values[wire] = value
        elif location is ParamLocation.QUERY or (
            location is None and spec.body_encoding is BodyEncoding.NONE
        ):
            query.append((wire, render_scalar(value)))
        else:
            body[wire] = value
    for param in spec.params:
        if not param.required:
            continue
        present = (
            param.name in path_values
            or any(k == param.name for k, _ in query)
            or param.name in body
        )
        if not present:
            raise ConfigurationError(
                f"{spec.qualname}() is missing the required parameter {param.python_name!r}"
            )

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in path_values:
            raise ConfigurationError(f"{spec.qualname}() is missing the path parameter {name!r}")
        return encode_segment(
            path_values[name], name=f"path parameter {name!r}", where=f"{spec.qualname}()"
        )

    path = _PLACEHOLDER.sub(substitute, spec.path)
    if not body:
        return RequestParts(method=verb, path=path, query=tuple(query))
    if spec.body_encoding is BodyEncoding.NONE or verb in ("GET", "HEAD", "DELETE"):
        # PHP does not read bodies of these verbs: everything travels in the query string.
        query.extend((k, render_scalar(v)) for k, v in body.items())
        return RequestParts(method=verb, path=path, query=tuple(query))
    if spec.body_encoding is BodyEncoding.MULTIPART:
        data, content_type = _multipart(spec, body)
        return RequestParts(
            method=verb, path=path, query=tuple(query), body=data, content_type=content_type
        )
    if spec.body_encoding is BodyEncoding.FORM:
        data = urlencode([(k, render_scalar(v)) for k, v in body.items()]).encode()
        return RequestParts(
            method=verb,
            path=path,
            query=tuple(query),
            body=data,
            content_type="application/x-www-form-urlencoded",
        )
    data = json.dumps(_json_value(body), separators=(",", ":")).encode()
    # Exactly "application/json": several settings writers reject any charset suffix.
    return RequestParts(
        method=verb, path=path, query=tuple(query), body=data, content_type="application/json"
    )


def _part_name(name: str) -> str:
    """A field name as a quoted-string parameter (HTML's multipart escaping)."""
    return name.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def _multipart(spec: EndpointSpec, body: Mapping[str, Any]) -> tuple[bytes, str]:
    """``multipart/form-data`` bytes for ``body`` and the content type naming the boundary.

    ``file`` params become file parts named ``<param>.csv`` (``text/csv``) holding the
    value as given (``str`` is UTF-8 encoded); everything else is a plain field rendered
    like a form value (booleans ``1``/``0``).
    """
    parts: list[tuple[str, bytes]] = []
    for wire, value in body.items():
        param = spec.param(wire)
        name = _part_name(wire)
        if param is not None and param.type == "file":
            if isinstance(value, str):
                content = value.encode("utf-8")
            elif isinstance(value, (bytes, bytearray, memoryview)):
                content = bytes(value)
            else:
                raise ConfigurationError(
                    f"{spec.qualname}(): {param.python_name!r} takes the file's content as "
                    f"bytes or str, got {type(value).__name__}"
                )
            head = (
                f'Content-Disposition: form-data; name="{name}"; filename="{name}.csv"\r\n'
                "Content-Type: text/csv\r\n"
            )
        else:
            if isinstance(value, (bytes, bytearray, memoryview)):
                content = bytes(value)
            else:
                content = render_scalar(value).encode("utf-8")
            head = f'Content-Disposition: form-data; name="{name}"\r\n'
        parts.append((head, content))
    boundary = "mainwp-async-" + uuid.uuid4().hex
    while any(boundary.encode() in content for _, content in parts):  # pragma: no cover
        boundary = "mainwp-async-" + uuid.uuid4().hex
    out = bytearray()
    for head, content in parts:
        out += f"--{boundary}\r\n{head}\r\n".encode()
        out += content
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def normalize_path(path: str) -> str:
    """Strip scheme/host, the ``/wp-json/mainwp/v2`` prefix, the query and trailing slashes."""
    p = URL(path.strip()).path if "://" in path else path.strip()
    p = p.split("?", 1)[0].split("#", 1)[0]
    for prefix in ("/index.php/wp-json/mainwp/v2", "/wp-json/mainwp/v2", "/mainwp/v2"):
        if p.startswith(prefix):
            p = p[len(prefix) :]
            break
    if not p.startswith("/"):
        p = "/" + p
    return p.rstrip("/") or "/"


_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")
_LITERAL_SEGMENT = re.compile(r"^[A-Za-z0-9_-]+$")


class Routed(Protocol):
    """What a route index needs of an entry: its regex, its methods and its name."""

    @property
    def route(self) -> str:
        """The server's route regex below the namespace."""
        ...

    @property
    def methods(self) -> tuple[str, ...]:
        """Every method the route accepts."""
        ...

    @property
    def qualname(self) -> str:
        """``category.name``, for error messages."""
        ...


S = TypeVar("S", bound=Routed)


class RouteIndex(Generic[S]):
    """Every route of a manifest, compiled once, for matching concrete paths.

    Routes are bucketed by their literal first segment (``sites``, ``clients``, ...) and
    each bucket is one compiled alternation of its routes in registration order, so a
    lookup is a dict hit plus a single regex match instead of a scan over every route.
    The alternation's first hit is the route WordPress would pick; only when that route
    does not take the method (an alias or an error) are the bucket's remaining routes
    tried one by one.
    """

    __slots__ = ("_buckets", "_fallback")

    def __init__(self, endpoints: Sequence[S]) -> None:
        grouped: dict[str, list[tuple[int, S]]] = {}
        anywhere: list[tuple[int, S]] = []  # routes not starting with a literal
        for n, spec in enumerate(endpoints):
            first = spec.route.split("/", 2)[1] if spec.route.startswith("/") else ""
            if _LITERAL_SEGMENT.match(first):
                grouped.setdefault(first.lower(), []).append((n, spec))
            else:
                anywhere.append((n, spec))
        self._buckets: dict[str, _Bucket[S]] = {
            key: _Bucket(sorted([*routes, *anywhere], key=lambda r: r[0]))
            for key, routes in grouped.items()
        }
        self._fallback: _Bucket[S] = _Bucket(anywhere)

    def match(self, method: str, path: str) -> tuple[S, dict[str, str]] | None:
        """Like :func:`match_path`, for a path already passed through :func:`normalize_path`."""
        first = path.split("/", 2)[1].lower() if path.startswith("/") else ""
        bucket = self._buckets.get(first, self._fallback)
        return bucket.match(method.upper(), path)


class _Bucket(Generic[S]):
    """The routes sharing a first segment: one alternation regex plus the single ones."""

    __slots__ = ("_names", "_pattern", "_routes")

    def __init__(self, routes: Sequence[tuple[int, S]]) -> None:
        alternatives: list[str] = []
        self._names: dict[str, tuple[int, tuple[tuple[str, str], ...]]] = {}
        self._routes: list[tuple[re.Pattern[str], S]] = []
        for i, (_, spec) in enumerate(routes):
            groups: list[tuple[str, str]] = []

            def rename(m: re.Match[str], i: int = i, groups: list[tuple[str, str]] = groups) -> str:
                alias = f"_r{i}_{m.group(1)}"
                groups.append((alias, m.group(1)))
                return f"(?P<{alias}>"

            alternatives.append(f"(?P<_r{i}>{_GROUP.sub(rename, spec.route)}$)")
            self._names[f"_r{i}"] = (i, tuple(groups))
            self._routes.append((re.compile(f"^{spec.route}$", re.IGNORECASE), spec))
        self._pattern = (
            re.compile("^(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
            if alternatives
            else None
        )

    def match(self, verb: str, path: str) -> tuple[S, dict[str, str]] | None:
        if self._pattern is None:
            return None
        m = self._pattern.match(path)
        if m is None:
            return None
        start, groups = self._names[m.lastgroup or ""]
        spec = self._routes[start][1]
        if _accepts(spec, verb):
            return spec, {name: v for alias, name in groups if (v := m.group(alias)) is not None}
        path_matches = [spec]
        for pattern, spec in self._routes[start + 1 :]:
            found = pattern.match(path)
            if found is None:
                continue
            if _accepts(spec, verb):
                values = {k: v for k, v in found.groupdict().items() if v is not None}
                return spec, values
            path_matches.append(spec)
        accepted = sorted({m for spec in path_matches for m in spec.methods})
        raise ConfigurationError(
            f"{verb} {path} is not a route of the API; that path accepts "
            f"{', '.join(accepted)} ({', '.join(s.qualname for s in path_matches)})"
        )


def _accepts(spec: Routed, verb: str) -> bool:
    return verb in spec.methods or (verb == "HEAD" and "GET" in spec.methods)


_INDEXES: dict[int, tuple[Sequence[EndpointSpec], int, RouteIndex[EndpointSpec]]] = {}


def route_index(endpoints: Sequence[EndpointSpec]) -> RouteIndex[EndpointSpec]:
    """The :class:`RouteIndex` of ``endpoints``, built once per sequence and kept."""
    cached = _INDEXES.get(id(endpoints))
    if cached is not None and cached[0] is endpoints and cached[1] == len(endpoints):
        return cached[2]
    index = RouteIndex(endpoints)
    if len(_INDEXES) >= 8:
        _INDEXES.clear()
    _INDEXES[id(endpoints)] = (endpoints, len(endpoints), index)
    return index


@attrs.frozen(slots=True)
class _Row:
    """One line of a generated route table: enough to match, no spec loaded."""

    qualname: str
    methods: tuple[str, ...]
    route: str


class RouteTable:
    """A :class:`RouteIndex` over a generated route table, loading specs only on a match.

    ``routes`` are ``(qualname, methods, route regex)`` rows in registration order (the
    generated ``manifest.ROUTES``); ``load(qualname)`` returns the full
    :class:`~mainwp_async._spec.EndpointSpec`, importing just that endpoint's category.
    Matching therefore needs no model or spec module, and a matched spec is kept, so
    the next match of the same route costs one dict lookup more than a spec index.
    """

    __slots__ = ("_index", "_load", "_specs")

    def __init__(
        self,
        routes: Iterable[tuple[str, tuple[str, ...], str]],
        load: Callable[[str], EndpointSpec],
    ) -> None:
        self._index: RouteIndex[_Row] = RouteIndex([_Row(*row) for row in routes])
        self._load = load
        self._specs: dict[str, EndpointSpec] = {}

    def match(self, method: str, path: str) -> tuple[EndpointSpec, dict[str, str]] | None:
        """Like :meth:`RouteIndex.match`, with the matched row's spec loaded."""
        found = self._index.match(method, path)
        if found is None:
            return None
        row, values = found
        spec = self._specs.get(row.qualname)
        if spec is None:
            spec = self._specs[row.qualname] = self._load(row.qualname)
        return spec, values


def match_path(
    endpoints: Sequence[EndpointSpec], method: str, path: str
) -> tuple[EndpointSpec, dict[str, str]] | None:
    """Find the endpoint serving ``method path`` and the path values it captured.

    ``path`` is either a template (``/sites/{site_id}/plugins``: then ``None`` is
    returned and the caller fills the template) or a concrete path. Routes are tried in
    registration order, like WordPress, so ``/sites/3`` is the numeric ``sites.get`` and
    ``/sites/example.com`` is ``sites.get_by_domain``. A path that matches a route but
    not with ``method`` raises :class:`~mainwp_async.errors.ConfigurationError` naming
    the methods it accepts. The routes are compiled once per ``endpoints`` sequence
    (see :class:`RouteIndex`).
    """
    return route_index(endpoints).match(method, normalize_path(path))


def template_names(path: str) -> Iterable[str]:
    """The ``{placeholders}`` of a path template."""
    return _PLACEHOLDER.findall(path)
