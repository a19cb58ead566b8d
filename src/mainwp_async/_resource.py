"""The base the generated resource classes build on: a call is awaitable, or raw.

``await mw.sites.get(3)`` gives the typed model; ``await mw.sites.get(3).raw()`` gives
a :class:`~mainwp_async.response.RawResponse` with status, headers and untouched JSON.
Generated modules subclass :class:`Resource` and return ``self._call(SPEC, args)``.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Generator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from ._spec import EndpointSpec

if TYPE_CHECKING:
    from .client import MainWP
    from .response import RawResponse

__all__ = ["Call", "Namespace", "Resource"]

T = TypeVar("T")
R = TypeVar("R")  # a generated resource class (or a door's group of them)


class Call(Generic[T]):
    """One prepared request: await it for the model, or ``await call.raw()`` for the response."""

    __slots__ = ("_args", "_client", "_spec")

    def __init__(self, client: MainWP, spec: EndpointSpec, args: Mapping[str, Any]) -> None:
        self._client = client
        self._spec = spec
        self._args = {k: v for k, v in args.items() if v is not None}

    @property
    def spec(self) -> EndpointSpec:
        """The endpoint this call targets."""
        return self._spec

    async def raw(self) -> RawResponse[T]:
        """Send the request; return status, headers and JSON without raising on ``success: 0``."""
        return await self._client._send(self._spec, self._args, check=False)

    async def parse(self) -> T:
        """Send the request and decode the success body into the endpoint's model."""
        model: T = await self._client._send_parsed(self._spec, self._args)
        return model

    def __await__(self) -> Generator[Any, None, T]:
        # straight to the client's coroutine: no extra coroutine layer per await
        return self._client._send_parsed(self._spec, self._args).__await__()

    def __repr__(self) -> str:
        return f"<Call {self._spec.method} {self._spec.path} ({self._spec.qualname})>"


class Resource:
    """A namespace of endpoints on the client (``mw.sites``, ``mw.tags``, ...)."""

    def __init__(self, client: MainWP) -> None:
        self._client = client

    def _call(self, spec: EndpointSpec, args: Mapping[str, Any]) -> Call[Any]:
        return Call(self._client, spec, args)

    def _iterate(self, spec: EndpointSpec, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        return self._client._iterate(spec, {k: v for k, v in args.items() if v is not None})

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class Namespace(Generic[R]):
    """A client attribute (``mw.sites``) whose resource class loads on first access.

    ``Namespace("sites", "SitesAPI")`` on :class:`~mainwp_async.client.MainWP` imports
    ``mainwp_async._generated.endpoints.sites`` (and with it that category's specs and
    models, never another category's) only when a client first reads ``.sites``; the
    instance is then cached in the client's ``__dict__``, so later reads are plain
    attribute lookups.
    """

    __slots__ = ("_attr", "_class_name", "_module", "doc")

    def __init__(
        self,
        module: str,
        class_name: str,
        doc: str = "",
        *,
        package: str = "mainwp_async._generated.endpoints",
    ) -> None:
        self._module = f"{package}.{module}"
        self._class_name = class_name
        self._attr = module
        self.doc = doc

    def __set_name__(self, owner: type, name: str) -> None:
        self._attr = name

    def build(self, client: MainWP) -> R:
        """Make the resource for ``client`` (subclasses wrap the client first)."""
        factory: Any = self.resource_class()
        resource: R = factory(client)
        return resource

    def resource_class(self) -> type[R]:
        """Import and return the generated resource class."""
        cls: type[R] = getattr(importlib.import_module(self._module), self._class_name)
        return cls

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> Namespace[R]: ...
    @overload
    def __get__(self, obj: MainWP, owner: type | None = None) -> R: ...
    def __get__(self, obj: MainWP | None, owner: type | None = None) -> Namespace[R] | R:
        if obj is None:
            return self
        resource = self.build(obj)
        obj.__dict__[self._attr] = resource
        return resource
