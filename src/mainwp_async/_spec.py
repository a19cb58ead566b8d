"""Endpoint descriptions shared by the generated code and the hand-written runtime.

The generated manifest (``mainwp_async._generated.manifest``) is a tuple of
:class:`EndpointSpec`; everything the runtime needs to send a request, check a
key's scope, page a list or decode a response is read from it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import attrs

__all__ = [
    "BodyEncoding",
    "EndpointSpec",
    "PagingKind",
    "ParamLocation",
    "ParamSpec",
    "Permission",
]


_UNRESOLVED: Any = object()  # a payload check not looked up yet


class Permission(enum.Enum):
    """What a request needs from the API key: decided by the HTTP method alone."""

    READ = "read"
    WRITE = "write"
    DELETE = "delete"

    @classmethod
    def for_method(cls, method: str) -> Permission | None:
        """Return the permission the server checks for ``method`` (``None`` for OPTIONS)."""
        m = method.upper()
        if m in ("GET", "HEAD"):
            return cls.READ
        if m in ("POST", "PUT", "PATCH"):
            return cls.WRITE
        if m == "DELETE":
            return cls.DELETE
        return None


class BodyEncoding(enum.Enum):
    """How a request's body parameters must travel."""

    NONE = "none"  #: no body; every parameter goes in the query string
    JSON = "json"  #: JSON body (the server also accepts form, JSON is our default)
    JSON_STRICT = "json-strict"  #: JSON with ``Content-Type: application/json`` exactly
    FORM = "form"  #: ``application/x-www-form-urlencoded`` only; JSON is read as empty
    #: ``multipart/form-data``: ``file`` params travel as file parts (an upload)
    MULTIPART = "multipart"


class ParamLocation(enum.Enum):
    """Where a parameter is sent."""

    PATH = "path"
    QUERY = "query"
    BODY = "body"


class PagingKind(enum.Enum):
    """How a list endpoint pages (see QUIRKS: every list does it differently)."""

    NONE = "none"  #: not a paged list
    TOTAL_ALL = "total-all"  #: ``total`` counts every match (``GET sites``)
    TOTAL_PAGE = "total-page"  #: ``total`` counts this page only; past the end is empty
    REPEAT_LAST = "repeat-last"  #: past the end the last page comes again (``rest-api/keys``)
    UNPAGED = "unpaged"  #: ignores page/per_page, always everything (``updates``)


@attrs.frozen(kw_only=True)
class ParamSpec:
    """One request parameter as the collection declares it."""

    name: str  #: wire name
    python_name: str  #: keyword argument name in the generated stub
    location: ParamLocation
    #: JSON type: string, integer, number, boolean, array, object, any; or ``file``, an
    #: upload (content as bytes or str) that only a MULTIPART body can carry
    type: str = "string"
    required: bool = False
    enum: tuple[str, ...] | None = None
    default: Any = None
    description: str = ""


@attrs.frozen(kw_only=True)
class EndpointSpec:
    """One request of the collection: a (route, method) the server registers."""

    category: str  #: resource namespace on the client, e.g. ``sites`` or ``api_keys``
    name: str  #: method name inside the namespace, e.g. ``get`` or ``plugins_activate``
    method: str  #: the HTTP method we send
    methods: tuple[str, ...]  #: every method the route accepts (aliases of one handler)
    path: str  #: template below ``/wp-json/mainwp/v2``, e.g. ``/sites/{id_domain}/plugins``
    route: str  #: the server's route regex below the namespace (used to match concrete paths)
    params: tuple[ParamSpec, ...] = ()
    body_encoding: BodyEncoding = BodyEncoding.NONE
    permission: Permission = Permission.READ
    response_model: Any = None  #: attrs class of a successful response, or ``None`` (raw JSON)
    item_model: Any = None  #: attrs class of one list item, for paged lists
    paging: PagingKind = PagingKind.NONE
    idempotent: bool = True  #: safe to repeat automatically
    summary: str = ""
    #: Every arg name the server's route index declares for the route, sorted. It can
    #: differ from ``params``: it includes declared args the handler never reads (left
    #: out of ``params``) and lacks params the handler reads without declaring them.
    #: :func:`mainwp_async.discovery.compare_index` compares a live index with it.
    declared_args: tuple[str, ...] = ()
    # Derived, not compared: computed once instead of on every request.
    _qualname: str = attrs.field(init=False, default="", eq=False, repr=False)
    _payload_check: Any = attrs.field(init=False, default=_UNRESOLVED, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_qualname", f"{self.category}.{self.name}")

    @property
    def qualname(self) -> str:
        """``category.name``: how users and error messages refer to the endpoint."""
        return self._qualname

    @property
    def payload_check(self) -> Callable[[Any], None] | None:
        """The endpoint's own check of a decoded response payload, if it has one.

        Looked up once by :attr:`qualname` in :data:`mainwp_async._payload_checks.CHECKS`
        (hand-written endpoint behaviour, e.g. the warning when ``updates.list`` comes back
        cut off), then kept on the spec, so the generic request path pays an attribute read.
        """
        check = self._payload_check
        if check is _UNRESOLVED:
            from ._payload_checks import CHECKS

            check = CHECKS.get(self._qualname)
            object.__setattr__(self, "_payload_check", check)
        return check  # type: ignore[no-any-return]

    def param(self, name: str) -> ParamSpec | None:
        """Return the parameter with wire or Python name ``name``, if declared."""
        for p in self.params:
            if name in (p.name, p.python_name):
                return p
        return None
