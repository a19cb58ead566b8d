"""mainwp-async: an async-first, typed client for the MainWP Dashboard REST API v2."""

from . import errors, events
from ._resource import Call
from ._spec import BodyEncoding, EndpointSpec, PagingKind, Permission
from ._version import __version__
from .auth import BearerToken, ConsumerKeyCredentials
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
    RequestTooLargeError,
    ResponseShapeError,
    ScopeError,
    ServerError,
    TransportError,
)
from .fanout import FanOutResult, ItemResult, fan_out
from .response import RawResponse
from .retry import NO_RETRY, RetryEvent, RetryPolicy
from .scopes import Scope
from .transport import Timeout

__all__ = [
    "NO_RETRY",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
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
    "RequestTooLargeError",
    "ResponseShapeError",
    "RetryEvent",
    "RetryPolicy",
    "Scope",
    "ScopeError",
    "ServerError",
    "Timeout",
    "TransportError",
    "__version__",
    "errors",
    "events",
    "fan_out",
]
