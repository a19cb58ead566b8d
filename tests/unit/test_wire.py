"""build_parts / match_path: where each argument travels and which route a path hits."""

import json

import pytest

from mainwp_async._spec import BodyEncoding, EndpointSpec, ParamLocation, ParamSpec, Permission
from mainwp_async.errors import ConfigurationError
from mainwp_async.wire import build_parts, match_path, normalize_path, render_scalar


def _p(name, location, **kw):
    return ParamSpec(name=name, python_name=kw.pop("python_name", name), location=location, **kw)


PLUGINS = EndpointSpec(
    category="sites",
    name="plugins",
    method="GET",
    methods=("GET",),
    path="/sites/{id_domain}/plugins",
    route=r"/sites/(?P<id_domain>[a-zA-Z0-9\-\.\_]+)/plugins",
    params=(
        _p("id_domain", ParamLocation.PATH, required=True),
        _p("status", ParamLocation.QUERY, enum=("any", "active", "inactive")),
        _p("_fields", ParamLocation.QUERY, python_name="fields"),
    ),
)
GET_NUMERIC = EndpointSpec(
    category="sites",
    name="get",
    method="GET",
    methods=("GET",),
    path="/sites/{id_domain}",
    route=r"/sites/(?P<id_domain>[\d]+)",
    params=(_p("id_domain", ParamLocation.PATH, required=True),),
)
GET_DOMAIN = EndpointSpec(
    category="sites",
    name="get_by_domain",
    method="GET",
    methods=("GET",),
    path="/sites/{id_domain}",
    route=r"/sites/(?P<id_domain>[A-Za-z0-9-\.]*[A-Za-z0-9-]{1,63}\.[A-Za-z]{2,6}$)",
    params=(_p("id_domain", ParamLocation.PATH, required=True),),
)
CLIENT_EMAIL = EndpointSpec(
    category="clients",
    name="get_by_email",
    method="GET",
    methods=("GET",),
    path="/clients/{id_email}",
    route=r"/clients/(?P<id_email>(?!fields$)[a-zA-Z0-9\.\_\%\+\-\@]+)",
    params=(_p("id_email", ParamLocation.PATH, required=True),),
)
TAG_ADD = EndpointSpec(
    category="tags",
    name="add",
    method="POST",
    methods=("POST",),
    path="/tags/add",
    route="/tags/add",
    params=(_p("name", ParamLocation.BODY, required=True), _p("color", ParamLocation.BODY)),
    body_encoding=BodyEncoding.JSON,
    permission=Permission.WRITE,
    idempotent=False,
)
ADD_KEY = EndpointSpec(
    category="api_keys",
    name="add",
    method="POST",
    methods=("POST",),
    path="/rest-api/add-key",
    route="/rest-api/add-key",
    params=(_p("description", ParamLocation.BODY), _p("active", ParamLocation.BODY)),
    body_encoding=BodyEncoding.FORM,
    permission=Permission.WRITE,
)
EDIT = EndpointSpec(
    category="tags",
    name="edit",
    method="POST",
    methods=("POST", "PUT", "PATCH"),
    path="/tags/{id}/edit",
    route=r"/tags/(?P<id>[\d]+)/edit",
    params=(_p("id", ParamLocation.PATH, required=True), _p("name", ParamLocation.BODY)),
    body_encoding=BodyEncoding.JSON,
    permission=Permission.WRITE,
)
ALL = (PLUGINS, GET_NUMERIC, GET_DOMAIN, CLIENT_EMAIL, TAG_ADD, ADD_KEY, EDIT)


def test_path_query_and_python_names_map_to_wire_names():
    parts = build_parts(PLUGINS, {"id_domain": 3, "status": "active", "fields": "slug,version"})
    assert parts.path == "/sites/3/plugins"
    assert parts.query == (("status", "active"), ("_fields", "slug,version"))
    assert parts.body is None


def test_json_body_has_exact_content_type():
    parts = build_parts(TAG_ADD, {"name": "Prod", "color": "#fff"})
    assert parts.content_type == "application/json"
    assert json.loads(parts.body) == {"name": "Prod", "color": "#fff"}


def test_form_only_endpoint_sends_urlencoded_with_php_booleans():
    parts = build_parts(ADD_KEY, {"description": "ci key", "active": True})
    assert parts.content_type == "application/x-www-form-urlencoded"
    assert parts.body == b"description=ci+key&active=1"


def test_email_path_values_keep_the_at_sign():
    parts = build_parts(CLIENT_EMAIL, {"id_email": "someone@example.com"})
    assert parts.path == "/clients/someone@example.com"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"id_domain": 3, "bogus": 1}, "unexpected parameter 'bogus'"),
        ({}, "missing the required parameter 'id_domain'"),
        ({"id_domain": "a/b"}, "without '/'"),
    ],
)
def test_bad_arguments_raise_a_typed_error_naming_the_problem(args, message):
    with pytest.raises(ConfigurationError, match=message):
        build_parts(PLUGINS, args)


def test_lenient_mode_sends_unknown_args_where_the_method_reads_them():
    parts = build_parts(PLUGINS, {"id_domain": 1, "must_use": 1}, strict=False)
    assert ("must_use", "1") in parts.query
    body = build_parts(TAG_ADD, {"name": "x", "extra": [1, 2]}, strict=False)
    assert json.loads(body.body) == {"name": "x", "extra": [1, 2]}


@pytest.mark.parametrize(
    ("value", "wire"),
    [(True, "1"), (False, "0"), ([1, 2, 3], "1,2,3"), (("a", "b"), "a,b"), (5, "5"), ("x", "x")],
)
def test_render_scalar(value, wire):
    assert render_scalar(value) == wire


@pytest.mark.parametrize(
    ("raw", "path"),
    [
        ("/sites/3/plugins", "/sites/3/plugins"),
        ("sites/3/plugins/", "/sites/3/plugins"),
        ("/wp-json/mainwp/v2/sites/3", "/sites/3"),
        ("https://dash.example/wp-json/mainwp/v2/sites/3?x=1", "/sites/3"),
        ("/index.php/wp-json/mainwp/v2/tags/add", "/tags/add"),
    ],
)
def test_normalize_path(raw, path):
    assert normalize_path(raw) == path


@pytest.mark.parametrize(
    ("method", "path", "qualname", "values"),
    [
        ("GET", "/sites/3", "sites.get", {"id_domain": "3"}),
        ("GET", "/sites/example.com", "sites.get_by_domain", {"id_domain": "example.com"}),
        ("GET", "/SITES/3/Plugins", "sites.plugins", {"id_domain": "3"}),
        (
            "GET",
            "/clients/someone@example.com",
            "clients.get_by_email",
            {"id_email": "someone@example.com"},
        ),
        ("PUT", "/tags/7/edit", "tags.edit", {"id": "7"}),
        ("PATCH", "/tags/7/edit", "tags.edit", {"id": "7"}),
    ],
)
def test_match_path_like_wordpress(method, path, qualname, values):
    spec, found = match_path(ALL, method, path)
    assert spec.qualname == qualname
    assert found == values


def test_wrong_method_names_the_methods_the_path_accepts():
    with pytest.raises(ConfigurationError, match="accepts POST"):
        match_path(ALL, "GET", "/tags/add")


def test_unknown_route_is_none():
    assert match_path(ALL, "GET", "/ssl-monitor/sites") is None
