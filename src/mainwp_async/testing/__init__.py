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
* ``state.py``: the data store and how records render; ``fleet.py``: seeded fleets and
  the capture rig; ``faults.py``: faults, latency and counters.

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
"""

from __future__ import annotations

from .app import ROUTES, SimulatedDashboard
from .faults import FAULT_KINDS, Counters, Fault
from .state import DashboardState

__all__ = ["FAULT_KINDS", "ROUTES", "Counters", "DashboardState", "Fault", "SimulatedDashboard"]
