"""Every route's simulated answer structures into the SDK's models without a warning.

The capture contract test (``test_contract.py``) pins the simulator to what one small
dashboard answered. This one runs a seeded fleet that holds the other states the server
can be in (suspended and disconnected sites, core and translation updates, ignored
updates, abandoned plugins and themes, open and resolved incidents, client contacts,
costs of every renewal type) and calls every endpoint through the SDK with
``strict_models=True`` (a value that does not fit its field, or a key the model does not
know, raises) while recording every warning the SDK logs. Per-site endpoints are called
once for a site in each state; flows that change state (ignore, disconnect, suspend,
monitor checks) are followed by the reads that show the new state.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

from mainwp_async import MainWP
from mainwp_async._generated.manifest import ENDPOINTS
from mainwp_async._spec import EndpointSpec
from mainwp_async.errors import APIError, ResponseShapeError
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.connection import AUTH_FAILED, NOT_DETECTED
from mainwp_async.testing.state import Client, DashboardState, Site
from tests.e2e.conftest import client
from tests.e2e.test_e2e_endpoints import ARGS, EXTRA

FLEET = {"sites": 40, "seed": 5}

#: Sites in each seeded state (predicates over the simulator's store).
ROLES: dict[str, Callable[[DashboardState, Site], bool]] = {
    "http_down": lambda st, s: s.child_error.startswith("HTTP error") and not s.suspended,
    "child_missing": lambda st, s: s.child_error == NOT_DETECTED,
    "disconnected_by_api": lambda st, s: s.child_error == AUTH_FAILED,
    "suspended": lambda st, s: s.suspended and not s.child_error,
    "suspended_and_down": lambda st, s: s.suspended and bool(s.child_error),
    "core_update": lambda st, s: bool(s.wp_upgrades) and s.fields["is_ignoreCoreUpdates"] == "0",
    "core_ignored": lambda st, s: s.fields["is_ignoreCoreUpdates"] == "1",
    "translations": lambda st, s: bool(s.translation_upgrades),
    "ignored_in_ui": lambda st, s: bool(s.ignored_plugins),
    "abandoned": lambda st, s: bool(s.abandoned_plugins) and bool(s.abandoned_themes),
    "resolved_incident": lambda st, s: (
        any(hb["status"] == 0 for hb in st.heartbeats.get(s.id, [])) and not s.child_error
    ),
    "client_with_contacts": lambda st, s: bool(
        st.clients.get(s.client_id) and st.clients[s.client_id].contacts
    ),
}

#: Arguments that differ from the rig's (``test_e2e_endpoints.ARGS``) on a fleet.
FLEET_ARGS: dict[str, Callable[[DashboardState], dict[str, Any]]] = {
    "clients.get_by_email": lambda st: {"id_email": st.clients[1].fields["client_email"]},
}

#: Endpoints the 6.1.2 server never answers successfully (see test_e2e_endpoints).
ALWAYS_ERRORS = {"posts.list", "updates.ignored_all", "updates.ignored"}


def role_sites(state: DashboardState) -> dict[str, int]:
    out = {}
    for role, pred in ROLES.items():
        match = [s.id for s in state.sites.values() if pred(state, s)]
        assert match, f"the seeded fleet has no site in state {role!r}"
        out[role] = match[0]
    return out


def site_args(spec: EndpointSpec, site: Site) -> dict[str, Any] | None:
    """Arguments for a per-site endpoint on ``site`` (None: not applicable)."""
    args: dict[str, Any] = {"id_domain": site.id}
    name = spec.qualname
    plugins = [p for p in site.plugins if p["mainwp"] == "F"]
    inactive_themes = [t for t in site.themes if not t["active"]]
    if name in ("sites.plugins_activate", "sites.plugins_deactivate", "sites.plugins_delete"):
        args["slug"] = plugins[0]["slug"]
    elif name in ("sites.themes_activate", "sites.themes_delete"):
        if not inactive_themes:
            return None
        args["slug"] = inactive_themes[0]["slug"]
    elif name in ("updates.update_plugins", "updates.ignore_plugins"):
        args["slug"] = next(iter(site.plugin_upgrades), plugins[0]["slug"])
    elif name in ("updates.update_themes", "updates.ignore_themes"):
        args["slug"] = next(iter(site.theme_upgrades), site.themes[0]["slug"])
    elif name == "updates.update_translations":
        args["slug"] = ",".join(t["slug"] for t in site.translation_upgrades) or "default"
    elif name == "sites.edit":
        args.update(name=site.name + " (renamed)", client_id=site.client_id)
    elif name in ("sites.get_by_domain", "updates.get_by_domain"):
        args["id_domain"] = site.url.split("://", 1)[1].strip("/")
    elif name == "monitors.settings":
        args["active"] = 1
    elif spec.category in ("users", "posts", "pages"):
        return None  # called with the shared arguments below
    return args


def client_roles(state: DashboardState) -> dict[str, int]:
    """Clients with costs, without any, suspended (a costless one is made if needed)."""

    def has_costs(cid: int) -> bool:
        sites = {s.id for s in state.sites.values() if s.client_id == cid}
        return any(cid in c.clients or sites & set(c.sites) for c in state.costs.values())

    ids = sorted(state.clients)
    costless = [c for c in ids if not has_costs(c)]
    if not costless:  # a client with no sites and no costs
        cid = max(ids) + 1
        fields = dict(state.clients[ids[0]].fields, name="No costs", client_email="n@example.test")
        state.clients[cid] = Client(id=cid, fields=fields)
        costless = [cid]
    return {
        "with_costs": next(c for c in ids if has_costs(c)),
        "without_costs": costless[0],
        "suspended": next(c for c in ids if state.clients[c].fields["suspended"] == "1"),
    }


def per_client(spec: EndpointSpec) -> bool:
    return spec.category == "clients" and any(p.python_name == "id_email" for p in spec.params)


def per_site(spec: EndpointSpec) -> bool:
    return spec.category in ("sites", "updates", "monitors") and any(
        p.python_name == "id_domain" for p in spec.params
    )


class Recorder(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name != "mainwp_async.pending":  # the 50-row cut-off notice is not drift
            self.messages.append(record.getMessage())


async def call(mw: MainWP, spec: EndpointSpec, kwargs: dict[str, Any]) -> str:
    """``ok``, ``api-error`` (a typed server refusal), else raises (a model misfit)."""
    method = getattr(getattr(mw, spec.category), spec.name)
    try:
        result = await method(**kwargs)
    except ResponseShapeError:
        raise
    except APIError:
        return "api-error"
    if spec.response_model is not None:
        assert isinstance(result, spec.response_model)
    return "ok"


@pytest.mark.parametrize("spec", ENDPOINTS, ids=lambda s: s.qualname)
async def test_every_answer_fits_its_model_in_every_seeded_state(spec: EndpointSpec) -> None:
    recorder, logger = _recording()
    outcomes: list[str] = []
    try:
        async with SimulatedDashboard(**FLEET) as dash, client(dash) as mw:
            if per_site(spec):
                for role, sid in role_sites(dash.state).items():
                    site = dash.state.sites.get(sid)
                    kwargs = site_args(spec, site) if site is not None else None
                    if kwargs is not None:
                        try:
                            outcomes.append(await call(mw, spec, kwargs))
                        except ResponseShapeError as exc:
                            exc.add_note(f"{spec.qualname} on a site in state {role!r}")
                            raise
            elif per_client(spec):
                for role, cid in client_roles(dash.state).items():
                    entry = ARGS.get(spec.qualname, {})
                    kwargs = await entry(mw) if callable(entry) else dict(entry)
                    kwargs["id_email"] = cid
                    if spec.qualname == "clients.get_by_email":
                        kwargs["id_email"] = dash.state.clients[cid].fields["client_email"]
                    try:
                        outcomes.append(await call(mw, spec, kwargs))
                    except ResponseShapeError as exc:
                        exc.add_note(f"{spec.qualname} for a client {role!r}")
                        raise
            else:
                entry = ARGS.get(spec.qualname, {})
                kwargs = await entry(mw) if callable(entry) else dict(entry)
                kwargs.update(FLEET_ARGS.get(spec.qualname, lambda st: {})(dash.state))
                kwargs.update(EXTRA.get(spec.qualname, {}))
                outcomes.append(await call(mw, spec, kwargs))
    finally:
        logger.removeHandler(recorder)
    assert not recorder.messages, recorder.messages
    if spec.qualname not in ALWAYS_ERRORS:
        assert "ok" in outcomes, f"{spec.qualname} never answered successfully: {outcomes}"


def _recording() -> tuple[Recorder, logging.Logger]:
    recorder = Recorder()
    logger = logging.getLogger("mainwp_async")
    logger.addHandler(recorder)
    return recorder, logger


async def test_state_changing_flows_keep_fitting_the_models() -> None:
    """Ignore by flag, disconnect, suspend and check, then read what they changed."""
    recorder, logger = _recording()
    try:
        async with SimulatedDashboard(**FLEET) as dash, client(dash) as mw:
            roles = role_sites(dash.state)
            site = dash.state.sites[roles["core_update"]]
            await mw.updates.ignore_themes(id_domain=site.id)  # no slug: the site's flag
            await mw.updates.ignore_wp(id_domain=site.id)
            await mw.sites.get(id_domain=site.id)
            await mw.updates.get(id_domain=site.id)
            await mw.updates.list()
            other = dash.state.sites[roles["translations"]]
            await mw.sites.disconnect(id_domain=other.id)
            with pytest.raises(APIError):
                await mw.sites.sync(id_domain=other.id)
            await mw.sites.get(id_domain=other.id)
            await mw.sites.suspend(id_domain=other.id)
            await mw.sites.list(per_page=100)
            down = roles["http_down"]
            await mw.monitors.check(id_domain=down)
            await mw.monitors.incidents(id_domain=down)
            await mw.monitors.get(id_domain=down)
            await mw.sites.sync_all()
            await mw.sites.reconnect_all()
    finally:
        logger.removeHandler(recorder)
    assert not recorder.messages, recorder.messages


async def test_ignoring_through_v2_keeps_the_site_and_the_answers_typed() -> None:
    """``ignore/plugins?slug=`` records entries by position; later calls answer by position."""
    recorder, logger = _recording()
    try:
        async with SimulatedDashboard(**FLEET) as dash, client(dash) as mw:
            site = dash.state.sites[role_sites(dash.state)["ignored_in_ui"]]  # has a UI entry
            ui_slug = next(iter(site.ignored_plugins))
            first, *more = [p["slug"] for p in site.plugins if p["slug"] != ui_slug]
            answer = await mw.updates.ignore_plugins(id_domain=site.id, slug=first)
            assert answer.data == ["success"]
            again = await mw.updates.ignore_plugins(id_domain=site.id, slug=f"{more[0]},{more[1]}")
            raw = await mw.updates.ignore_plugins(
                id_domain=site.id, slug=f"{more[0]},{more[1]}"
            ).raw()
            assert again.data == ["success"] and raw.json["data"] == []  # only position 1 was new
            got = await mw.sites.get(id_domain=site.id)
            ignored = got.data.ignored_plugins
            assert ignored is not None
            assert {ui_slug, first, more[1]} <= set(ignored) and more[0] not in ignored
    finally:
        logger.removeHandler(recorder)
    assert not recorder.messages, recorder.messages
