"""Every endpoint of the manifest, called through its generated method, against the rig.

Each endpoint gets a fresh rig simulator, so destructive calls (``sites.remove``,
``sites.disconnect_all``, the tools jobs, ``api_keys.delete``, ...) cannot disturb the
others. The call either returns the endpoint's model (raw JSON when it has none) or raises
the typed error the real 6.1.2 server answers with, listed in ``EXPECTED_ERRORS``; never
an :class:`EndpointNotFoundError`, which would mean the SDK built a path the server does
not route.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import pytest

from mainwp_async import MainWP
from mainwp_async._generated.manifest import ENDPOINTS
from mainwp_async._spec import EndpointSpec
from mainwp_async.errors import (
    APIError,
    EndpointNotFoundError,
    InvalidParamsError,
    NotFoundError,
    OperationFailed,
)
from mainwp_async.testing import SimulatedDashboard

from .conftest import client

Setup = Callable[[MainWP], Awaitable[dict[str, Any]]]

DOMAIN = "shop.example.com"  # the rig's children live on 127.0.0.1:809x, not a routable domain


async def _with_domain_site(mw: MainWP) -> dict[str, Any]:
    await mw.sites.add(url=f"https://{DOMAIN}/", name="Shop", admin="admin")
    return {"id_domain": DOMAIN}


async def _with_client_field(mw: MainWP) -> dict[str, Any]:
    await mw.clients.fields_add(name="vat_id", description="VAT id")
    return {"id_name": "vat_id"}


async def _with_payment_method(mw: MainWP) -> dict[str, Any]:
    await mw.settings.cost_tracker_payment_methods_add(title="Wire transfer")
    return {"slug": "wire-transfer"}


def _with_job(start: str, field: str, param: str) -> Setup:
    async def setup(mw: MainWP) -> dict[str, Any]:
        raw = await getattr(mw.settings, start)().raw()
        return {param: raw.json[field]}

    return setup


async def _with_page(mw: MainWP) -> dict[str, Any]:
    raw = await mw.pages.create(
        id_domain=1, post_title="About", post_content="Hi", post_status="publish", post_name="about"
    ).raw()
    return {"id_domain": 1, "id_page": raw.json["data"]["post_id"]}


NEW_POST = {"post_title": "Launch", "post_content": "Hello", "post_status": "draft"}

#: Arguments per endpoint: a dict, or a coroutine that prepares the rig and returns them.
ARGS: dict[str, dict[str, Any] | Setup] = {
    "sites.get": {"id_domain": 1},
    "sites.get_by_domain": _with_domain_site,
    "sites.add": {"url": "https://new.example.org/", "name": "New", "admin": "admin"},
    "sites.edit": {"id_domain": 1, "name": "Child One (renamed)", "client_id": 1},
    "sites.sync": {"id_domain": 1},
    "sites.security": {"id_domain": 1},
    "sites.plugins": {"id_domain": 1},
    "sites.plugins_activate": {"id_domain": 1, "slug": "realdash-sample/realdash-sample.php"},
    "sites.plugins_deactivate": {"id_domain": 1, "slug": "hello.php"},
    "sites.plugins_delete": {"id_domain": 1, "slug": "hello.php"},
    "sites.plugins_abandoned": {"id_domain": 1},
    "sites.themes": {"id_domain": 1},
    "sites.themes_activate": {"id_domain": 1, "slug": "twentytwentyfour"},
    "sites.themes_delete": {"id_domain": 1, "slug": "twentytwentythree"},
    "sites.themes_abandoned": {"id_domain": 1},
    "sites.non_mainwp_changes": {"id_domain": 1},
    "sites.reconnect": {"id_domain": 1},
    "sites.disconnect": {"id_domain": 1},
    "sites.suspend": {"id_domain": 1},
    "sites.unsuspend": {"id_domain": 1},
    "sites.check": {"id_domain": 1},
    "sites.remove": {"id_domain": 3},
    "sites.client": {"id_domain": 1},
    "sites.costs": {"id_domain": 1},
    "sites.batch": {"create": [{"url": "https://batch.example.net/", "name": "Batch"}]},
    "clients.add": {"name": "Initech", "client_email": "initech@example.test"},
    "clients.get": {"id_email": 1},
    "clients.get_by_email": {"id_email": "acme@example.test"},
    "clients.edit": {"id_email": 1, "name": "Acme Corporation"},
    "clients.remove": {"id_email": 2},
    "clients.sites": {"id_email": 1},
    "clients.costs": {"id_email": 1},
    "clients.sites_count": {"id_email": 1},
    "clients.suspend": {"id_email": 1},
    "clients.unsuspend": {"id_email": 1},
    "clients.batch": {"create": [{"name": "Hooli"}]},
    "clients.fields_add": {"name": "vat_id", "description": "VAT id"},
    "clients.fields_edit": _with_client_field,
    "clients.fields_delete": _with_client_field,
    "tags.get": {"id": 1},
    "tags.add": {"name": "Clients on retainer", "color": "#123456"},
    "tags.edit": {"id": 1, "name": "Live"},
    "tags.remove": {"id": 2},
    "tags.sites": {"id": 1},
    "tags.clients": {"id": 1},
    "tags.batch": {"create": [{"name": "Batch tag"}]},
    "updates.get": {"id_domain": 2},
    "updates.get_by_domain": _with_domain_site,
    "updates.ignored": {"id_domain": 1},
    "updates.update": {"id_domain": 1},
    "updates.update_wp": {"id_domain": 1},
    "updates.update_plugins": {"id_domain": 2, "slug": "akismet/akismet.php"},
    "updates.update_themes": {"id_domain": 2, "slug": "twentytwentythree"},
    "updates.update_translations": {"id_domain": 1, "slug": "akismet"},
    "updates.ignore_wp": {"id_domain": 1},
    "updates.ignore_plugins": {"id_domain": 2, "slug": "akismet/akismet.php"},
    "updates.ignore_themes": {"id_domain": 2, "slug": "twentytwentythree"},
    "costs.add": {"name": "CDN", "price": 12.5, "renewal_type": "monthly", "sites": [1]},
    "costs.get": {"id": 1},
    "costs.edit": {"id": 1, "name": "Managed hosting (EU)", "sites": [1]},
    "costs.remove": {"id": 2},
    "costs.sites": {"id": 1},
    "costs.clients": {"id": 1},
    "costs.batch": {"create": [{"name": "Backups", "price": 3}]},
    "users.list": {"websites": "1"},
    "users.create": {"username": "editor2", "email": "editor2@example.test", "websites": "1"},
    "users.edit": {"id_domain": 1, "user_id": 1, "first_name": "Ada"},
    "users.delete": {"id_domain": 1, "user_id": 2},
    "users.update_admin_password": {"password": "correct horse battery", "websites": "1"},
    "users.import_": {"csv_file": "user_login,user_email\nbob,bob@example.test\n"},
    "settings.general_edit": {"date_format": "Y-m-d"},
    "settings.advanced_edit": {"mainwp_maximum_requests": 4},
    "settings.monitoring_edit": {"mainwp_uptime_monitoring_active": 1},
    "settings.emails_edit": {"mail_type": "daily_digest", "disable": 1},
    "settings.cost_tracker_edit": {"currency": "EUR"},
    "settings.cost_tracker_product_types_add": {"title": "Domain"},
    "settings.cost_tracker_product_types_edit": {"slug": "plugin", "title": "Plugins"},
    "settings.cost_tracker_product_types_delete": {"slug": "other"},
    "settings.cost_tracker_payment_methods_add": {"title": "Wire transfer"},
    "settings.cost_tracker_payment_methods_edit": _with_payment_method,
    "settings.cost_tracker_payment_methods_delete": _with_payment_method,
    "settings.dashboard_insights_edit": {"enable_insights_logging": 1},
    "settings.api_backups_edit": {"api_slug": "vultr", "enabled": 0},
    "settings.tools_edit": {"guided_tours": 0},
    "settings.tools_destroy_sessions_status": _with_job(
        "tools_destroy_sessions", "destroy_id", "destroy_id"
    ),
    "settings.tools_renew_connections_status": _with_job(
        "tools_renew_connections", "renew_id", "renew_id"
    ),
    "settings.tools_disconnect_all_sites_status": _with_job(
        "tools_disconnect_all_sites", "disconnect_id", "disconnect_id"
    ),
    "monitors.get": {"id_domain": 1},
    "monitors.basic": {"id_domain": 1},
    "monitors.heartbeat": {"id_domain": 1},
    "monitors.incidents": {"id_domain": 1},
    "monitors.incidents_count": {"id_domain": 1},
    "monitors.settings": {"id_domain": 1, "active": 1},
    "monitors.check": {"id_domain": 1},
    "monitors.settings_all": {"interval": 60},
    "api_keys.add": {"active": True, "permissions": "read", "description": "ci"},
    "api_keys.edit": {"key_identifier": 1, "description": "renamed"},
    "api_keys.delete": {"key_identifier": 1},
    "posts.list": {"websites": "1"},
    "posts.get": {"id_domain": 1, "id_post": 1},
    "posts.update_status": {"id_domain": 1, "id_post": 1, "status": "draft"},
    "posts.edit": {"id_domain": 1, "id_post": 1, **NEW_POST},
    "posts.create": {"id_domain": 1, "post_name": "launch", **NEW_POST},
    "posts.delete": {"id_domain": 1, "id_post": 1},
    "pages.list": {"websites": "1"},
    "pages.get": {"id_domain": 1, "id_page": 2},
    "pages.update_status": _with_page,
    "pages.edit": _with_page,
    "pages.create": {"id_domain": 1, "post_name": "about", **NEW_POST},
    "pages.delete": _with_page,
    "batch.run": {"tags": {"create": [{"name": "From batch"}]}, "sites": {"check": [1, 2]}},
}

#: Extra keyword arguments added on top of a setup's result.
EXTRA: dict[str, dict[str, Any]] = {
    "pages.update_status": {"status": "draft"},
    "pages.edit": {"post_title": "About us", "post_content": "Hello", "post_status": "publish"},
    "settings.cost_tracker_payment_methods_edit": {"title": "Bank wire"},
}

#: Where the real 6.1.2 server (and so the simulator) answers with an error.
EXPECTED_ERRORS: dict[str, tuple[type[APIError], str | None]] = {
    # Server bug: the controller hands site objects to a hook expecting ids.
    "posts.list": (NotFoundError, "no_posts_found"),
    # Server bug: the controller sends `scope` to an ability whose schema forbids it.
    "updates.ignored_all": (InvalidParamsError, "ability_invalid_input"),
    "updates.ignored": (InvalidParamsError, "ability_invalid_input"),
    # HTTP 200 {"success": 0, "message": "No client fields found."} on a rig with none.
    "clients.fields": (OperationFailed, None),
    # The rig's children have no pending translation update: HTTP 200 success 0. (A core
    # update without one succeeds: the child reports SUCCESS when already the latest.)
    "updates.update_translations": (OperationFailed, None),
}


def _ids(spec: EndpointSpec) -> str:
    return spec.qualname


async def _arguments(mw: MainWP, spec: EndpointSpec) -> dict[str, Any]:
    entry = ARGS.get(spec.qualname, {})
    kwargs = await entry(mw) if callable(entry) else dict(entry)
    return {**kwargs, **EXTRA.get(spec.qualname, {})}


def test_every_endpoint_has_arguments_for_its_required_params() -> None:
    for spec in ENDPOINTS:
        entry = ARGS.get(spec.qualname, {})
        if callable(entry):
            continue
        given = set(entry) | set(EXTRA.get(spec.qualname, {}))
        missing = [p.python_name for p in spec.params if p.required and p.python_name not in given]
        assert not missing, f"{spec.qualname}: no test value for {missing}"
    assert set(ARGS) <= {s.qualname for s in ENDPOINTS}
    assert set(EXPECTED_ERRORS) <= {s.qualname for s in ENDPOINTS}


@pytest.mark.parametrize("spec", ENDPOINTS, ids=_ids)
async def test_endpoint_through_the_sdk(spec: EndpointSpec) -> None:
    # strict_models: a field that does not fit its model raises instead of a warning.
    async with SimulatedDashboard(profile="rig") as dash, client(dash, strict_models=True) as mw:
        kwargs = await _arguments(mw, spec)
        method = getattr(getattr(mw, spec.category), spec.name)
        expected = EXPECTED_ERRORS.get(spec.qualname)
        try:
            result = await method(**kwargs)
        except EndpointNotFoundError:
            pytest.fail(f"{spec.qualname}: the SDK sent a request the server does not route")
        except APIError as exc:
            if expected is None:
                raise
            cls, code = expected
            assert isinstance(exc, cls), repr(exc)
            if code is not None:
                assert exc.code == code
            assert exc.endpoint == spec.qualname
            return
        assert expected is None, f"{spec.qualname} succeeded, expected {expected}"
        if spec.response_model is None:
            assert isinstance(result, (dict, list)), type(result)
        else:
            assert isinstance(result, spec.response_model), type(result)
            assert attrs.has(type(result))
