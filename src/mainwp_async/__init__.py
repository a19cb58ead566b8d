"""mainwp-async: an async-first, typed client for the MainWP Dashboard REST API v2."""

from . import errors, events
from ._resource import Call
from ._spec import BodyEncoding, EndpointSpec, PagingKind, Permission
from ._version import __version__
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
from .response import RawResponse
from .retry import NO_RETRY, RetryEvent, RetryPolicy
from .scopes import Scope
from .transport import Timeout

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
