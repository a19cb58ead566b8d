"""An embedded, stateful simulation of a MainWP Dashboard 6.1.2 REST API (like moto for AWS).

``async with SimulatedDashboard(sites=50) as dash:`` serves the whole ``mainwp/v2``
namespace on ``127.0.0.1``; point any HTTP client (or :class:`mainwp_async.MainWP`) at
``dash.url`` with one of ``dash.tokens``.
"""

from __future__ import annotations

from .app import ROUTES, SimulatedDashboard
from .faults import FAULT_KINDS, Counters, Fault
from .state import DashboardState

__all__ = ["FAULT_KINDS", "ROUTES", "Counters", "DashboardState", "Fault", "SimulatedDashboard"]
