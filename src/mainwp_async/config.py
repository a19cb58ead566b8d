"""Validation of the client's configuration: every bad option is a ConfigurationError naming it.

Called by :class:`~mainwp_async.client.MainWP` (``__init__`` and ``with_options``) before
anything is built, so a typo or a wrong type fails at once with a message that names the
argument and what it accepts, never later with a bare ``TypeError``/``ValueError`` from
deep inside aiohttp.
"""

from __future__ import annotations

import difflib
import math
import ssl
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .errors import ConfigurationError
from .retry import RetryPolicy
from .transport import Timeout

if TYPE_CHECKING:
    import aiohttp

__all__ = [
    "check_bool",
    "check_callable",
    "check_int",
    "check_retry",
    "check_session",
    "check_unknown",
    "check_user_agent",
    "check_verify_ssl",
    "to_timeout",
]


def _shown(value: Any) -> str:
    try:
        text = repr(value)
    except Exception:  # a hostile __repr__
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def check_unknown(unknown: Mapping[str, Any], known: Iterable[str], *, where: str) -> None:
    """Raise for keyword arguments ``where`` does not take, suggesting the closest name."""
    if not unknown:
        return
    names = sorted(known)
    parts = []
    for name in sorted(unknown):
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
        parts.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    plural = "s" if len(parts) > 1 else ""
    raise ConfigurationError(
        f"{where} got unknown keyword argument{plural} {', '.join(parts)}; "
        f"it accepts: {', '.join(names)}"
    )


def check_int(name: str, value: Any, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int within bounds (bools and numeric strings are refused)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigurationError(
            f"{name} must be an integer, not {type(value).__name__} ({_shown(value)})"
        )
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ConfigurationError(f"{name} must be {bounds}, got {value}")
    return value


def check_bool(name: str, value: Any) -> bool:
    """``value`` if it is a real bool (``"no"`` is truthy and would do the opposite)."""
    if not isinstance(value, bool):
        raise ConfigurationError(
            f"{name} must be True or False, not {type(value).__name__} ({_shown(value)})"
        )
    return value


def check_verify_ssl(value: Any) -> bool | ssl.SSLContext:
    """A bool, or an :class:`ssl.SSLContext` for a private CA."""
    if isinstance(value, ssl.SSLContext):
        return value
    return check_bool("verify_ssl", value)


def to_timeout(value: Any, *, name: str = "timeout") -> Timeout:
    """``None`` -> defaults; a number -> the total limit; a :class:`Timeout` as is."""
    if value is None:
        return Timeout()
    if isinstance(value, Timeout):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(
            f"{name} must be a number of seconds or a Timeout(...), not "
            f"{type(value).__name__} ({_shown(value)})"
        )
    if not math.isfinite(value) or value <= 0:
        raise ConfigurationError(
            f"{name} must be a positive, finite number of seconds, got {value}"
        )
    return Timeout(total=float(value))


def check_retry(value: Any) -> RetryPolicy | None:
    """A :class:`RetryPolicy` or ``None``; an int gets a pointer to ``max_retries``."""
    if value is None or isinstance(value, RetryPolicy):
        return value
    hint = ""
    if isinstance(value, int) and not isinstance(value, bool):
        hint = f"; for {value} retries pass retry=RetryPolicy(max_retries={value})"
    raise ConfigurationError(
        f"retry must be a RetryPolicy (or mainwp_async.NO_RETRY), not "
        f"{type(value).__name__} ({_shown(value)}){hint}"
    )


def check_session(value: Any) -> aiohttp.ClientSession | None:
    """An open :class:`aiohttp.ClientSession` or ``None``.

    aiohttp is not imported here: a real session means its caller has loaded it already.
    """
    if value is None:
        return None
    loaded = sys.modules.get("aiohttp")
    if loaded is None or not isinstance(value, loaded.ClientSession):
        raise ConfigurationError(
            f"session must be an aiohttp.ClientSession, not {type(value).__name__}"
        )
    session: aiohttp.ClientSession = value
    if session.closed:
        raise ConfigurationError("session is already closed")
    return session


def check_callable(name: str, value: Any) -> Callable[..., Any] | None:
    """A callable or ``None``."""
    if value is not None and not callable(value):
        raise ConfigurationError(f"{name} must be callable, not {type(value).__name__}")
    return value  # type: ignore[no-any-return]


def check_user_agent(value: Any) -> str | None:
    """A printable header value or ``None`` (CR/LF would split the request)."""
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigurationError("user_agent must be a non-empty string")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise ConfigurationError("user_agent must not contain control characters (CR, LF, NUL)")
    return value
