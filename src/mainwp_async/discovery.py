"""Compare a live dashboard's route index with the manifest we were generated from."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._spec import EndpointSpec

__all__ = ["Drift", "RouteChange", "compare_index"]

_NAMESPACE = "/mainwp/v2"


@attrs.frozen(kw_only=True)
class RouteChange:
    """A route both sides know, whose methods or declared arguments differ."""

    route: str
    methods_added: tuple[str, ...] = ()
    methods_removed: tuple[str, ...] = ()
    args_added: tuple[str, ...] = ()
    args_removed: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Drift:
    """What :meth:`MainWP.discover` found: differences between the live index and us."""

    live_routes: int
    known_routes: int
    added: tuple[str, ...] = ()  #: routes the dashboard serves that the manifest lacks
    removed: tuple[str, ...] = ()  #: routes in the manifest the dashboard does not serve
    changed: tuple[RouteChange, ...] = ()

    @property
    def in_sync(self) -> bool:
        """True when nothing differs."""
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        """A few human-readable lines."""
        if self.in_sync:
            return f"in sync: {self.live_routes} routes"
        lines = [f"live {self.live_routes} routes, manifest {self.known_routes}"]
        lines += [f"+ {r}" for r in self.added]
        lines += [f"- {r}" for r in self.removed]
        for c in self.changed:
            bits = [f"+{m}" for m in c.methods_added] + [f"-{m}" for m in c.methods_removed]
            bits += [f"+arg {a}" for a in c.args_added] + [f"-arg {a}" for a in c.args_removed]
            lines.append(f"~ {c.route}: {' '.join(bits)}")
        return "\n".join(lines)


def _live_routes(index: Any) -> dict[str, tuple[set[str], set[str]]]:
    routes = index.get("routes", {}) if isinstance(index, Mapping) else {}
    out: dict[str, tuple[set[str], set[str]]] = {}
    for key, info in routes.items():
        route = key[len(_NAMESPACE) :] if key.startswith(_NAMESPACE) else key
        if not route:
            continue  # the namespace index itself
        methods: set[str] = set()
        args: set[str] = set()
        for endpoint in (info or {}).get("endpoints", []) or []:
            methods.update(endpoint.get("methods", []) or [])
            declared = endpoint.get("args") or {}
            if isinstance(declared, Mapping):
                args.update(declared)
        out[route] = (methods, args)
    return out


def compare_index(index: Any, endpoints: Iterable[EndpointSpec]) -> Drift:
    """Diff a ``GET /wp-json/mainwp/v2`` payload against manifest endpoints (pure).

    A route both sides know is compared on its methods and on the arg names the index
    declares, in both directions, against :attr:`EndpointSpec.declared_args` (what the
    index of the dashboard the manifest was generated from declared), not against
    ``params``: those deliberately differ from the declared args.
    """
    live = _live_routes(index)
    known: dict[str, tuple[set[str], set[str]]] = {}
    for spec in endpoints:
        methods, args = known.setdefault(spec.route, (set(), set()))
        methods.update(spec.methods)
        args.update(spec.declared_args)
    changed: list[RouteChange] = []
    for route in sorted(live.keys() & known.keys()):
        live_methods, live_args = live[route]
        our_methods, our_args = known[route]
        change = RouteChange(
            route=route,
            methods_added=tuple(sorted(live_methods - our_methods)),
            methods_removed=tuple(sorted(our_methods - live_methods)),
            args_added=tuple(sorted(live_args - our_args)),
            args_removed=tuple(sorted(our_args - live_args)),
        )
        if (
            change.methods_added
            or change.methods_removed
            or change.args_added
            or change.args_removed
        ):
            changed.append(change)
    return Drift(
        live_routes=len(live),
        known_routes=len(known),
        added=tuple(sorted(live.keys() - known.keys())),
        removed=tuple(sorted(known.keys() - live.keys())),
        changed=tuple(changed),
    )
