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
        ({"id_domain": "a/b"}, "must not contain '/'"),
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


# -- multipart/form-data (users/import) -------------------------------------------------

IMPORT = EndpointSpec(
    category="users",
    name="import_",
    method="POST",
    methods=("POST",),
    path="/users/import",
    route="/users/import",
    params=(
        _p("csv_file", ParamLocation.BODY, type="file"),
        _p("has_header", ParamLocation.BODY, type="boolean", default=True),
    ),
    body_encoding=BodyEncoding.MULTIPART,
    permission=Permission.WRITE,
    idempotent=False,
)

CSV = b"username,email\r\nada,ada@example.test\r\n"


def _parse_multipart(parts):
    """Parse the body back with the standard library's MIME parser."""
    import email.parser
    import email.policy

    head = f"Content-Type: {parts.content_type}\r\n\r\n".encode()
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + parts.body)
    assert msg.is_multipart() and msg.defects == []
    out = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        out[name] = (part.get_filename(), part.get_content_type(), part.get_payload(decode=True))
    return out


def test_multipart_body_with_a_file_part():
    parts = build_parts(IMPORT, {"csv_file": CSV, "has_header": True})
    assert parts.method == "POST" and parts.path == "/users/import" and parts.query == ()
    kind, _, boundary = parts.content_type.partition("; boundary=")
    assert kind == "multipart/form-data" and boundary.startswith("mainwp-async-")
    assert len(boundary) <= 70  # RFC 2046 limit
    fields = _parse_multipart(parts)
    assert fields == {
        "csv_file": ("csv_file.csv", "text/csv", CSV),
        "has_header": (None, "text/plain", b"1"),
    }
    # the exact framing: CRLF line ends, parts in argument order, the closing delimiter
    body = parts.body
    assert body.startswith(f"--{boundary}\r\n".encode())
    assert body.endswith(f"\r\n--{boundary}--\r\n".encode())
    chunks = body.split(f"--{boundary}".encode())
    assert chunks[0] == b"" and chunks[-1] == b"--\r\n" and len(chunks) == 4
    assert chunks[1] == (
        b'\r\nContent-Disposition: form-data; name="csv_file"; filename="csv_file.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n" + CSV + b"\r\n"
    )
    assert chunks[2] == b'\r\nContent-Disposition: form-data; name="has_header"\r\n\r\n1\r\n'


def test_multipart_str_content_false_flags_and_fresh_boundaries():
    first = build_parts(IMPORT, {"csv_file": "nom,courriel\né,e@x.test\n", "has_header": False})
    fields = _parse_multipart(first)
    assert fields["csv_file"][2] == "nom,courriel\né,e@x.test\n".encode()
    assert fields["has_header"][2] == b"0"
    second = build_parts(IMPORT, {"csv_file": CSV})
    assert second.content_type != first.content_type
    assert set(_parse_multipart(second)) == {"csv_file"}


def test_multipart_rejects_a_file_that_is_not_content():
    with pytest.raises(ConfigurationError, match=r"csv_file.*bytes or str, got int"):
        build_parts(IMPORT, {"csv_file": 42})
    with pytest.raises(ConfigurationError, match="unexpected parameter 'extra'"):
        build_parts(IMPORT, {"csv_file": CSV, "extra": 1})
    loose = build_parts(IMPORT, {"csv_file": CSV, "extra": [1, 2]}, strict=False)
    assert _parse_multipart(loose)["extra"] == (None, "text/plain", b"1,2")


def test_generated_users_import_is_multipart():
    from mainwp_async._generated.manifest import BY_QUALNAME

    spec = BY_QUALNAME["users.import_"]
    assert spec.body_encoding is BodyEncoding.MULTIPART
    assert spec.param("csv_file").type == "file"
    parts = build_parts(spec, {"csv_file": CSV, "has_header": True})
    assert parts.content_type.startswith("multipart/form-data; boundary=")
    assert _parse_multipart(parts)["csv_file"] == ("csv_file.csv", "text/csv", CSV)
