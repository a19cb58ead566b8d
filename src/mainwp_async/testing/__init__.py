"""An embedded, stateful simulation of a MainWP Dashboard 6.1.2 REST API (like moto for AWS).

``async with SimulatedDashboard(sites=50) as dash:`` serves the whole ``mainwp/v2``
namespace on ``127.0.0.1``; point any HTTP client (or :class:`mainwp_async.MainWP`) at
``dash.url`` with one of ``dash.tokens``.

Layout (where to look):

* ``app.py``: :class:`SimulatedDashboard`, the aiohttp server and the request path
  (namespace and route matching, body decoding, fault and latency wiring).
* ``routing.py``: route tables, namespaces, :class:`~.routing.Ctx`, ``Reply``/``wp_error``
  and the ``@handles`` registry. ``auth.py``: MainWP's REST key check.
* ``handlers/<category>.py``: the route handlers, one module per API category (sites,
  clients, tags, updates, monitors, api_keys, settings, posts, users, costs, batch...);
  shared helpers in ``handlers/_common.py``.
* ``state.py``: the data store (``records.py``: the records, ``render.py``: how they
  print); ``fleet.py`` and ``seed_states.py``: the capture rig and generated fleets with
  every state a real dashboard gets into; ``faults.py``: faults, latency and counters.
* Behaviour taken from the 6.1.2 PHP source: ``connection.py`` (sync, reconnect,
  disconnect, suspend), ``upgrades.py`` (update lists, ignoring), ``monitoring.py``
  (heartbeats, incidents), ``php.py`` (PHP arrays, dates, renewals). See docs/simulator.md.

Adding handlers. Write ``handlers/<name>.py``::

    from ..routing import Ctx, handles

    @handles("/sites/(?P<id_domain>[0-9]+)/something")
    async def h_something(ctx: Ctx) -> Any:
        return {"success": 1}

and add ``<name>`` to the import list in ``handlers/__init__.py`` (the one line that
registers it). For another URL namespace (``/mainwp/v1``, ``/wp-abilities/v1``), the
module also registers the namespace's route table once at import,
``register_namespace("/mainwp/v1", routes_from_index(rows, "/mainwp/v1"))``, and passes
``ns="/mainwp/v1"`` to ``@handles``. MainWP's key check runs first on ``/mainwp/...``
prefixes (as the plugin does); handlers read other credentials from ``ctx.request``.

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
