"""The base the generated resource classes build on: a call is awaitable, or raw.

``await mw.sites.get(3)`` gives the typed model; ``await mw.sites.get(3).raw()`` gives
a :class:`~mainwp_async.response.RawResponse` with status, headers and untouched JSON.
Generated modules subclass :class:`Resource` and return ``self._call(SPEC, args)``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Generator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ._spec import EndpointSpec

if TYPE_CHECKING:
    from .client import MainWP
    from .response import RawResponse

__all__ = ["Call", "Resource"]

T = TypeVar("T")


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
        response: RawResponse[T] = await self._client._send(self._spec, self._args, check=True)
        return response.parse()

    def __await__(self) -> Generator[Any, None, T]:
        return self.parse().__await__()

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
