"""An embedded, stateful simulation of a MainWP Dashboard 6.1.2 REST API (like moto for AWS).

``async with SimulatedDashboard(sites=50) as dash:`` serves the whole ``mainwp/v2``
namespace on ``127.0.0.1``; point any HTTP client (or :class:`mainwp_async.MainWP`) at
``dash.url`` with one of ``dash.tokens``.

The names load on first access (PEP 562): the pytest plugin lives in this package and
is imported by every pytest run of an environment with mainwp-async, so importing the
package must not load the simulator (and aiohttp's server) until a fixture needs it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import ROUTES, SimulatedDashboard
    from .faults import FAULT_KINDS, Counters, Fault
    from .state import DashboardState

_LAZY: dict[str, str] = {
    "ROUTES": ".app",
    "SimulatedDashboard": ".app",
    "FAULT_KINDS": ".faults",
    "Counters": ".faults",
    "Fault": ".faults",
    "DashboardState": ".state",
}

__all__ = ["FAULT_KINDS", "ROUTES", "Counters", "DashboardState", "Fault", "SimulatedDashboard"]


def __getattr__(name: str) -> Any:
    """Load a public name from its submodule on first access, then cache it here."""
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
