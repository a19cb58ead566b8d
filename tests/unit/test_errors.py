from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async._spec import Permission
from mainwp_async.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    ConfigurationError,
    DecodeError,
    EndpointNotFoundError,
    InsecureTransportError,
    InvalidParamsError,
    MainWPError,
    NonJSONBody,
    NotFoundError,
    OperationFailed,
    PaginationError,
    PermissionDeniedError,
    RateLimitError,
    RequestTooLargeError,
    ResponseShapeError,
    ScopeError,
    ServerError,
    TransportError,
    classify,
    decode_body,
    safe_snippet,
)

JSON_CT = {"Content-Type": "application/json; charset=UTF-8"}
HTML_CT = {"Content-Type": "text/html; charset=UTF-8"}
TOKEN = "a" * 40 + "==" + "b" * 40


def wp_error(code: str, message: str = "msg", data: Any = None) -> dict[str, Any]:
    return {"code": code, "message": message, "data": data}


# ---------------------------------------------------------------- hierarchy


@pytest.mark.parametrize(
    ("cls", "parent"),
    [
        (TransportError, MainWPError),
        (APIConnectionError, TransportError),
        (APITimeoutError, TransportError),
        (ConfigurationError, MainWPError),
        (InsecureTransportError, ConfigurationError),
        (APIError, MainWPError),
        (AuthenticationError, APIError),
        (ScopeError, AuthenticationError),
        (PermissionDeniedError, AuthenticationError),
        (NotFoundError, APIError),
        (EndpointNotFoundError, NotFoundError),
        (InvalidParamsError, APIError),
        (RequestTooLargeError, InvalidParamsError),
        (RateLimitError, APIError),
        (ServerError, APIError),
        (OperationFailed, APIError),
        (DecodeError, MainWPError),
        (ResponseShapeError, MainWPError),
        (PaginationError, MainWPError),
    ],
)
def test_hierarchy(cls: type[Exception], parent: type[Exception]) -> None:
    assert issubclass(cls, parent)


def test_api_error_str_and_attributes() -> None:
    err = NotFoundError(
        "Invalid or not found ID.",
        status=404,
        code="mainwp_rest_invalid_site_id",
        endpoint="sites.plugins",
        body={"x": 1},
        headers={"a": "b"},
    )
    assert str(err) == "404 mainwp_rest_invalid_site_id: Invalid or not found ID. (sites.plugins)"
    assert err.headers == {"a": "b"}
    assert "NotFoundError" in repr(err)
    assert str(APIError("boom", status=502)) == "502: boom"


def test_client_side_scope_error_has_no_status_prefix() -> None:
    err = ScopeError("nope", endpoint="tags.add", needed=Permission.WRITE)
    assert err.status is None
    assert str(err) == "nope (tags.add)"


@pytest.mark.parametrize(
    "err",
    [
        NotFoundError("x", status=404, code="c", endpoint="e", body={"a": 1}),
        ScopeError("x", status=401, needed=Permission.READ),
        DecodeError("bad", status=200, content_type="text/html", snippet="<html>"),
        ResponseShapeError("Site", "data.id", "abc", "expected int"),
    ],
)
def test_errors_pickle(err: Exception) -> None:
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is type(err)
    assert str(clone) == str(err)


def test_response_shape_error_message() -> None:
    err = ResponseShapeError("Site", "data[0].id", {"id": "x" * 500}, "expected int")
    text = str(err)
    assert "Site" in text and "data[0].id" in text and "expected int" in text
    assert len(err.value) <= 80


# ---------------------------------------------------------------- decode_body


def test_decode_json_and_bom() -> None:
    assert decode_body(200, JSON_CT, b'{"a": 1}') == {"a": 1}
    assert decode_body(200, JSON_CT, b'\xef\xbb\xbf{"a": 1}') == {"a": 1}
    assert decode_body(200, {}, b"[1, 2]") == [1, 2]


@pytest.mark.parametrize(
    ("status", "method"),
    [(204, "DELETE"), (401, "GET"), (500, "POST"), (200, "HEAD"), (404, None), (304, "GET")],
)
def test_decode_empty_body_is_none(status: int, method: str | None) -> None:
    assert decode_body(status, JSON_CT, b"", method=method) is None
    assert decode_body(status, JSON_CT, b"  \n", method=method) is None


def test_decode_empty_success_is_error() -> None:
    with pytest.raises(DecodeError, match="empty"):
        decode_body(200, JSON_CT, b"")


@pytest.mark.parametrize(
    ("raw", "headers", "reason"),
    [
        (
            b"<!DOCTYPE html><html><body>Briefly unavailable for scheduled maintenance.</body>",
            HTML_CT,
            "maintenance",
        ),
        (b"<html><body>Login</body></html>", HTML_CT, "HTML"),
        (
            b'<br />\n<b>Notice</b>: Undefined index in x.php on line 3<br />\n{"success":1',
            JSON_CT,
            "before the JSON",
        ),
        (b'{"success": 1, "data": [1, 2', JSON_CT, "truncated"),
        (b'{"a": nope}', JSON_CT, "not valid JSON"),
        (b"\xff\xfe\x00garbage", JSON_CT, "UTF-8"),
    ],
)
def test_decode_failures(raw: bytes, headers: dict[str, str], reason: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode_body(200, headers, raw)
    err = info.value
    assert reason in err.reason
    assert err.status == 200
    assert err.content_type == headers["Content-Type"]
    assert len(err.snippet) <= 200
    assert "\n" not in err.snippet


def test_decode_non_json_error_status_is_classified_by_status() -> None:
    payload = decode_body(503, HTML_CT, b"<html>Service Unavailable</html>")
    assert isinstance(payload, NonJSONBody)
    err = classify(503, payload)
    assert isinstance(err, ServerError)
    assert "Service Unavailable" in err.message
    assert isinstance(classify(429, decode_body(429, HTML_CT, b"slow down")), RateLimitError)


def test_decode_error_snippet_redacts_secrets() -> None:
    raw = (
        f"<html>Authorization: Bearer {TOKEN}\nkey ck_{'c' * 40} cs_{'d' * 40} "
        f"hash {'e' * 40}</html>"
    ).encode()
    with pytest.raises(DecodeError) as info:
        decode_body(200, HTML_CT, raw)
    text = str(info.value) + info.value.snippet + repr(info.value)
    for secret in (TOKEN, "a" * 40, "b" * 40, "c" * 40, "d" * 40, "e" * 40):
        assert secret not in text
    assert "[REDACTED]" in info.value.snippet


@given(st.text(max_size=2000))
def test_safe_snippet_is_short_and_printable(text: str) -> None:
    out = safe_snippet(text)
    assert len(out) <= 200
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)


@given(
    prefix=st.text(alphabet="xyz <>:/\n", max_size=50),
    secret=st.text(alphabet="0123456789abcdef", min_size=40, max_size=40),
    key=st.text(alphabet="0123456789abcdef", min_size=40, max_size=40),
)
def test_safe_snippet_hides_tokens(prefix: str, secret: str, key: str) -> None:
    out = safe_snippet(f"{prefix}{secret}=={key} trailing")
    assert secret not in out and key not in out


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda kids: (
            st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=5), kids, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_decode_roundtrip(value: Any) -> None:
    raw = json.dumps(value).encode()
    assert decode_body(200, JSON_CT, raw) == value


# ---------------------------------------------------------------- classify


@pytest.mark.parametrize(
    ("status", "payload", "expected"),
    [
        # shape 1: WP_Error with its own status
        (404, wp_error("mainwp_rest_invalid_site_id", data={"status": 404}), NotFoundError),
        (404, wp_error("mainwp_rest_invalid_client_data", data={"status": 404}), NotFoundError),
        (404, wp_error("rest_no_route", data={"status": 404}), EndpointNotFoundError),
        (400, wp_error("rest_invalid_param", data={"status": 400}), InvalidParamsError),
        (400, wp_error("rest_missing_callback_param", data={"status": 400}), InvalidParamsError),
        (400, wp_error("rest_invalid_json", data={"status": 400}), InvalidParamsError),
        (
            413,
            wp_error("mainwp_rest_request_entity_too_large", data={"status": 413}),
            RequestTooLargeError,
        ),
        (
            401,
            wp_error("mainwp_rest_authentication_disabled_key", data={"status": 401}),
            AuthenticationError,
        ),
        (
            400,
            wp_error("mainwp_rest_authentication_bad_request", data={"status": 400}),
            AuthenticationError,
        ),
        (403, wp_error("mainwp_permission_denied", data={"status": 403}), PermissionDeniedError),
        # shape 2: same body, HTTP 500 with data null / an int
        (500, wp_error("website_not_found"), NotFoundError),
        (500, wp_error("no_posts_found"), NotFoundError),
        (500, wp_error("post_not_exist"), NotFoundError),
        (500, wp_error("api_key_not_found"), NotFoundError),
        (500, wp_error("destroy_session_job_not_found"), NotFoundError),
        (500, wp_error("renew_connection_job_not_found"), NotFoundError),
        (500, wp_error("user_not_found"), NotFoundError),
        (500, wp_error("empty_body"), InvalidParamsError),
        (400, wp_error("empty_body", data={"status": 400}), InvalidParamsError),
        (500, wp_error("invalid_content_type"), InvalidParamsError),
        (500, wp_error("mainwp_rest_invalid_plugins_slugs", data=400), InvalidParamsError),
        (500, wp_error("invalid_slug"), InvalidParamsError),
        (500, wp_error("create_post_error"), ServerError),
        (500, wp_error("something_new"), ServerError),
        # shape 3: Abilities API
        (500, wp_error("ability_invalid_input", data={"status": 500}), InvalidParamsError),
        (500, wp_error("ability_invalid_permissions", data={"status": 500}), NotFoundError),
        # no WP_Error body: by status
        (429, None, RateLimitError),
        (502, None, ServerError),
        (503, {"message": "maintenance"}, ServerError),
        (404, None, NotFoundError),
        (400, None, InvalidParamsError),
        (422, "text", InvalidParamsError),
        (401, None, AuthenticationError),
        (403, None, PermissionDeniedError),
        (405, None, EndpointNotFoundError),
        (413, None, RequestTooLargeError),
        (418, None, APIError),
        (404, {"code": "rest_no_route", "message": "x", "extra": 1}, EndpointNotFoundError),
    ],
)
def test_classify_table(status: int, payload: Any, expected: type[APIError]) -> None:
    err = classify(status, payload, endpoint="x.y")
    assert type(err) is expected
    assert err is not None and err.status == status and err.endpoint == "x.y"
    assert err.message


@pytest.mark.parametrize(
    ("verb", "needed"),
    [("read", Permission.READ), ("write", Permission.WRITE), ("delete", Permission.DELETE)],
)
def test_classify_scope(verb: str, needed: Permission) -> None:
    body = wp_error(
        "mainwp_rest_authentication_error",
        f"The API key provided does not have {verb} permissions.",
        {"status": 401},
    )
    err = classify(401, body, headers={"X": "1"})
    assert isinstance(err, ScopeError)
    assert err.needed is needed and err.has is None and err.headers == {"X": "1"}


@pytest.mark.parametrize(
    "payload",
    [
        {"success": 0, "error": "Add tag failed."},
        {"success": "0", "message": "Monitor not found."},
        {"success": False, "message": "nope"},
        {"success": 0},
    ],
)
def test_classify_operation_failed(payload: dict[str, Any]) -> None:
    err = classify(200, payload)
    assert isinstance(err, OperationFailed)
    assert err.status == 200
    expected = payload.get("error") or payload.get("message") or "operation failed"
    assert err.message == expected


@pytest.mark.parametrize(
    "payload",
    [
        {"success": 1, "data": []},
        {"success": "1", "data": {}},
        {"success": True, "status": "completed", "progress": 100},
        {"success": False, "status": "pending", "progress": 0},
        {"count": 3},
        {"success": 1, "total": "2"},
        {"total": 3, "data": {"1": {"result": "success"}}},
        {"create": [{"success": 0, "message": "per item"}]},
        [1, 2, 3],
        [],
        None,
        "text",
        {"code": "not_an_error_field", "value": 1},
    ],
)
def test_classify_success(payload: Any) -> None:
    assert classify(200, payload) is None
    assert classify(201, payload) is None


@given(
    status=st.integers(min_value=400, max_value=599),
    code=st.text(min_size=1, max_size=30),
    message=st.text(max_size=50),
    data=st.none() | st.integers() | st.fixed_dictionaries({"status": st.integers()}),
)
def test_classify_never_passes_an_error_status(
    status: int, code: str, message: str, data: Any
) -> None:
    err = classify(status, {"code": code, "message": message, "data": data})
    assert isinstance(err, APIError)
    assert err.status == status
    assert err.code == code


@given(status=st.integers(min_value=200, max_value=299), flag=st.sampled_from([0, "0", False]))
def test_success_flag_zero_always_fails(status: int, flag: Any) -> None:
    assert isinstance(classify(status, {"success": flag, "message": "m"}), OperationFailed)
