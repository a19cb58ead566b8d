"""The naming rule of codegen.naming on representative routes and on the whole API."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from codegen.naming import category_of, endpoint_name, route_params, route_template

ROOT = Path(__file__).resolve().parents[2]
ROUTES = json.loads((ROOT / "postman/source/routes.json").read_text(encoding="utf-8"))["routes"]
KEYS = [k for k in ROUTES if k != "/mainwp/v2"]

DOMAIN = r"[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}$"
CASES = [
    ("/sites", "GET", "sites", "list"),
    ("/sites/basic", "GET", "sites", "basic"),
    ("/sites/sync", "POST", "sites", "sync_all"),
    (r"/sites/(?P<id_domain>[a-zA-Z0-9\-\.\_]+)/sync", "POST", "sites", "sync"),
    (r"/sites/(?P<id_domain>[\d]+)", "GET", "sites", "get"),
    ("/sites/(?P<id_domain>" + DOMAIN + ")", "GET", "sites", "get_by_domain"),
    (
        r"/sites/(?P<id_domain>[a-zA-Z0-9\-\.\_]+)/plugins/activate",
        "POST",
        "sites",
        "plugins_activate",
    ),
    (
        r"/sites/(?P<id_domain>[a-zA-Z0-9\-\.\_]+)/non-mainwp-changes",
        "GET",
        "sites",
        "non_mainwp_changes",
    ),
    (r"/clients/(?P<id_email>(?!fields$)[\d]+)", "GET", "clients", "get"),
    (
        r"/clients/(?P<id_email>(?!fields$)[a-zA-Z0-9\.\_\%\+\-\@]+)",
        "GET",
        "clients",
        "get_by_email",
    ),
    (r"/clients/fields/(?P<id_name>[^/]+)/edit", "PUT", "clients", "fields_edit"),
    (r"/updates/(?P<id_domain>[\d]+)", "GET", "updates", "get"),
    ("/updates/(?P<id_domain>" + DOMAIN + ")", "GET", "updates", "get_by_domain"),
    ("/updates/ignored", "GET", "updates", "ignored_all"),
    (r"/updates/(?P<id_domain>[A-Za-z0-9-\.]+)/ignored", "GET", "updates", "ignored"),
    ("/updates/update", "POST", "updates", "update_all"),
    (r"/updates/(?P<id_domain>[A-Za-z0-9-\.]+)/update", "POST", "updates", "update"),
    (
        r"/updates/(?P<id_domain>[A-Za-z0-9-\.]+)/update/plugins",
        "POST",
        "updates",
        "update_plugins",
    ),
    ("/monitors/basic", "GET", "monitors", "basic_all"),
    (
        r"/monitors/(?P<id_domain>(\d+|[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}))/basic",
        "GET",
        "monitors",
        "basic",
    ),
    ("/rest-api/keys", "GET", "api_keys", "list"),
    ("/rest-api/add-key", "POST", "api_keys", "add"),
    (
        r"/rest-api/edit-key/(?P<key_identifier>([1-9][0-9]*|ck_[a-f0-9]{40}))",
        "PUT",
        "api_keys",
        "edit",
    ),
    (
        r"/rest-api/delete-key/(?P<key_identifier>([1-9][0-9]*|ck_[a-f0-9]{40}))",
        "DELETE",
        "api_keys",
        "delete",
    ),
    ("/settings/tools/destroy-sessions", "POST", "settings", "tools_destroy_sessions"),
    (r"/settings/emails/(?P<mail_type>[a-zA-Z0-9\-\.\_]+)/edit", "PUT", "settings", "emails_edit"),
    ("/batch", "POST", "batch", "run"),
    ("/tags/batch", "POST", "tags", "batch"),
    (
        r"/posts/(?P<id_domain>(\d+|[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}))/(?P<id_post>[\d]+)",
        "GET",
        "posts",
        "get",
    ),
    ("/users/update-admin-password", "PUT", "users", "update_admin_password"),
]


@pytest.mark.parametrize(("route", "method", "category", "name"), CASES)
def test_names_of_representative_routes(route: str, method: str, category: str, name: str) -> None:
    assert endpoint_name(route, method, KEYS) == (category, name)
    # the namespace prefix is optional
    assert endpoint_name("/mainwp/v2" + route, method, KEYS) == (category, name)


def test_cases_are_real_routes() -> None:
    for route, method, _, _ in CASES:
        key = "/mainwp/v2" + route
        assert key in ROUTES, route
        assert ROUTES[key]["methods"][0] == method


def test_names_unique_per_category_for_the_whole_api() -> None:
    names = Counter(endpoint_name(k, ROUTES[k]["methods"][0], KEYS) for k in KEYS)
    assert len(names) == 143
    assert [n for n, c in names.items() if c > 1] == []
    categories = {c for c, _ in names}
    assert categories == {
        "sites",
        "clients",
        "tags",
        "updates",
        "costs",
        "users",
        "settings",
        "monitors",
        "api_keys",
        "posts",
        "pages",
        "batch",
    }


def test_names_are_identifiers() -> None:
    for k in KEYS:
        _, name = endpoint_name(k, ROUTES[k]["methods"][0], KEYS)
        assert name.isidentifier(), name


def test_route_template_handles_nested_groups_and_classes() -> None:
    route = (
        r"/monitors/(?P<id_domain>(\d+|[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}))/heartbeat"
    )
    template, params = route_params(route)
    assert template == "/monitors/{id_domain}/heartbeat"
    assert params == [("id_domain", r"(\d+|[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6})")]
    assert (
        route_template(r"/clients/fields/(?P<id_name>[^/]+)/edit")
        == "/clients/fields/{id_name}/edit"
    )


def test_template_placeholders_are_accepted() -> None:
    assert route_template("/sites/:id/plugins") == "/sites/{id}/plugins"
    assert route_template("/sites/{{id}}/plugins") == "/sites/{id}/plugins"
    assert endpoint_name("/sites/{id}/plugins", "GET", []) == ("sites", "plugins")
    assert endpoint_name("/widgets/{id}", "DELETE", []) == ("widgets", "run")


def test_category_of() -> None:
    assert category_of("/rest-api/keys") == "api_keys"
    assert category_of("/batch") == "batch"
    assert category_of("/mainwp/v2/settings/general") == "settings"
    assert category_of("") == "index"
