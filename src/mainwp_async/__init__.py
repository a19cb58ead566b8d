"""mainwp-async: an async-first, typed client for the MainWP Dashboard REST API v2.

Importing the package is cheap: every public name is loaded from its module on first
access (PEP 562), so ``import mainwp_async`` pulls in neither aiohttp nor the generated
models and manifest, and ``from mainwp_async import ConfigurationError`` loads only the
error classes. ``from mainwp_async import MainWP`` loads the client; aiohttp loads when
its first session is opened (``async with mw``), and the generated endpoint namespaces
when a client first touches one (``mw.sites``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:  # the names below are what ``__getattr__`` resolves at run time
    from . import errors, events
    from ._resource import Call
    from ._spec import BodyEncoding, EndpointSpec, PagingKind, Permission
    from .auth import ApplicationPassword, BearerToken, ConsumerKeyCredentials, V1ApiKey
    from .client import MainWP
    from .discovery import Drift
    from .errors import (
        APIConnectionError,
        APIError,
        APITimeoutError,
        AuthenticationError,
        ConfigurationError,
        DecodeError,
        EndpointNotFoundError,
        InsecureTransportError,
        InvalidParamsError,
        JobTimeoutError,
        MainWPError,
        NotFoundError,
        OperationFailed,
        RateLimitError,
        RedirectError,
        RequestTooLargeError,
        ResponseShapeError,
        ScopeError,
        ServerError,
        TransportError,
    )
    from .fanout import FanOutResult, FanOutRun, ItemResult, fan_out, fan_out_iter
    from .fleet import Fleet
    from .pending import PendingUpdate, PendingUpdates
    from .response import RawResponse
    from .retry import NO_RETRY, RetryEvent, RetryPolicy
    from .scopes import Scope
    from .transport import Timeout

_ERRORS = (
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "ConfigurationError",
    "DecodeError",
    "EndpointNotFoundError",
    "InsecureTransportError",
    "InvalidParamsError",
    "JobTimeoutError",
    "MainWPError",
    "NotFoundError",
    "OperationFailed",
    "RateLimitError",
    "RedirectError",
    "RequestTooLargeError",
    "ResponseShapeError",
    "ScopeError",
    "ServerError",
    "TransportError",
)

#: public name -> the submodule that defines it (relative to this package)
_LAZY: dict[str, str] = {
    **dict.fromkeys(_ERRORS, ".errors"),
    "Call": "._resource",
    "BodyEncoding": "._spec",
    "EndpointSpec": "._spec",
    "PagingKind": "._spec",
    "Permission": "._spec",
    "ApplicationPassword": ".auth",
    "BearerToken": ".auth",
    "ConsumerKeyCredentials": ".auth",
    "V1ApiKey": ".auth",
    "MainWP": ".client",
    "Drift": ".discovery",
    "FanOutResult": ".fanout",
    "FanOutRun": ".fanout",
    "ItemResult": ".fanout",
    "fan_out": ".fanout",
    "fan_out_iter": ".fanout",
    "Fleet": ".fleet",
    "PendingUpdate": ".pending",
    "PendingUpdates": ".pending",
    "RawResponse": ".response",
    "NO_RETRY": ".retry",
    "RetryEvent": ".retry",
    "RetryPolicy": ".retry",
    "Scope": ".scopes",
    "Timeout": ".transport",
}

__all__ = [
    "NO_RETRY",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "ApplicationPassword",
    "AuthenticationError",
    "BearerToken",
    "BodyEncoding",
    "Call",
    "ConfigurationError",
    "ConsumerKeyCredentials",
    "DecodeError",
    "Drift",
    "EndpointNotFoundError",
    "EndpointSpec",
    "FanOutResult",
    "FanOutRun",
    "Fleet",
    "InsecureTransportError",
    "InvalidParamsError",
    "ItemResult",
    "JobTimeoutError",
    "MainWP",
    "MainWPError",
    "NotFoundError",
    "OperationFailed",
    "PagingKind",
    "PendingUpdate",
    "PendingUpdates",
    "Permission",
    "RateLimitError",
    "RawResponse",
    "RedirectError",
    "RequestTooLargeError",
    "ResponseShapeError",
    "RetryEvent",
    "RetryPolicy",
    "Scope",
    "ScopeError",
    "ServerError",
    "Timeout",
    "TransportError",
    "V1ApiKey",
    "__version__",
    "errors",
    "events",
    "fan_out",
    "fan_out_iter",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its submodule on first access, then cache it here."""
    if name in ("errors", "events"):
        value: Any = importlib.import_module("." + name, __name__)
    else:
        try:
            module = _LAZY[name]
        except KeyError:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
