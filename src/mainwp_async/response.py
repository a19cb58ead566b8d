"""What a call gives back when asked for the raw response."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from ._spec import EndpointSpec
from .classify import classify
from .convert import structure
from .errors import APIError, ResponseShapeError

__all__ = ["RawResponse"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class RawResponse(Generic[T]):
    """Status, headers and the untouched decoded JSON of one response.

    ``await mw.sites.get(3).raw()`` returns this without raising for API errors, so
    ``success: 0`` bodies and WordPress errors can be inspected as the server sent them;
    :meth:`parse` (or :attr:`error`) applies the SDK's judgement afterwards.
    """

    status: int
    headers: Mapping[str, str] = attrs.field(repr=False)
    json: Any = attrs.field(repr=False)
    spec: EndpointSpec | None = attrs.field(default=None, repr=False)
    endpoint: str = ""
    elapsed: float = 0.0
    strict: bool = attrs.field(default=False, repr=False)
    #: Scrubs secrets an echoing server put into an error (set by the client).
    scrub: Callable[[Exception], Exception] | None = attrs.field(default=None, repr=False)

    @property
    def error(self) -> APIError | None:
        """The typed error this response stands for, or ``None`` for a success."""
        return self._scrubbed(
            classify(self.status, self.json, endpoint=self.endpoint, headers=self.headers)
        )

    def _scrubbed(self, error: APIError | None) -> APIError | None:
        """``error`` with every secret spelling an echoing server put in it removed."""
        if error is not None and self.scrub is not None:
            self.scrub(error)  # scrubs in place
        return error

    @property
    def ok(self) -> bool:
        """Whether the SDK reads this response as a success (HTTP 2xx and not ``success: 0``)."""
        return self.error is None

    def parse(self) -> T:
        """Raise the typed error for a failure; else structure the JSON into the model."""
        error = self.error
        if error is not None:
            raise error
        model = self.spec.response_model if self.spec is not None else None
        if model is None or self.json is None:  # no model, or no body (HEAD, 204)
            return self.json  # type: ignore[no-any-return]
        try:
            return structure(self.json, model, strict=self.strict)  # type: ignore[no-any-return]
        except ResponseShapeError as exc:
            if self.scrub is not None:
                self.scrub(exc)
            raise
