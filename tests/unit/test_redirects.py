"""The redirect credential policy, hop by hop, without a network."""

from __future__ import annotations

import pytest
from yarl import URL

from mainwp_async.errors import RedirectError
from mainwp_async.redact import Redactor
from mainwp_async.redirects import MAX_REDIRECTS, RedirectChain
from mainwp_async.transport import WireRequest

HOME = "https://dash.example.com/wp-json/mainwp/v2/sites"


def request(method: str = "GET", url: str = HOME, body: bytes | None = None) -> WireRequest:
    return WireRequest(
        method=method,
        url=URL(url),
        headers={"Authorization": "Bearer s3cr3t==k3y", "Content-Type": "application/json"},
        params=[("page", "2")],
        body=body,
        secret_params=[("key_pass", "pw/1+")],
    )


def chain(req: WireRequest) -> RedirectChain:
    return RedirectChain(req, Redactor(["s3cr3t==k3y", "pw/1+"]))


def test_same_origin_keeps_credentials_and_params() -> None:
    req = request()
    nxt = chain(req).follow(req, 301, "/wp-json/mainwp/v2/sites/")
    assert nxt.headers["Authorization"] == "Bearer s3cr3t==k3y"
    assert list(nxt.secret_params) == [("key_pass", "pw/1+")]
    assert list(nxt.params) == [("page", "2")]


def test_same_origin_with_its_own_query_keeps_query_credentials_once() -> None:
    req = request()
    nxt = chain(req).follow(req, 302, "?page=3&key_pass=pw%2F1%2B")
    assert nxt.url.query.getall("key_pass", []) == []  # the Location's copy is dropped
    assert list(nxt.secret_params) == [("key_pass", "pw/1+")]  # ours is sent once
    assert nxt.url.query["page"] == "3" and list(nxt.params) == []


@pytest.mark.parametrize(
    "location",
    [
        "https://other.example.com/x",
        "https://dash.example.com:8443/x",
        "//other.example.com/x",
        "https://other.example.com/wp-json/mainwp/v2/sites?page=2&key_pass=pw%2F1%2B",
    ],
)
def test_another_origin_gets_no_credentials(location: str) -> None:
    req = request()
    c = chain(req)
    nxt = c.follow(req, 307, location)
    assert "Authorization" not in nxt.headers and list(nxt.secret_params) == []
    assert "key_pass" not in nxt.url.query and "pw/1+" not in str(nxt.url)
    # and they stay off, even back on the origin
    back = c.follow(nxt, 307, HOME + "?again=1")
    assert "Authorization" not in back.headers and list(back.secret_params) == []


def test_https_to_http_is_refused() -> None:
    req = request()
    with pytest.raises(RedirectError, match="https to http") as info:
        chain(req).follow(req, 301, HOME.replace("https", "http"))
    assert info.value.status == 301 and info.value.location.startswith("http://")


@pytest.mark.parametrize("status", [301, 302, 303])
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_write_is_never_turned_into_a_get(status: int, method: str) -> None:
    req = request(method, body=b"{}")
    with pytest.raises(RedirectError, match="GET"):
        chain(req).follow(req, status, "/elsewhere")


@pytest.mark.parametrize("status", [307, 308])
def test_307_308_repeat_the_method_and_body(status: int) -> None:
    req = request("POST", body=b'{"a":1}')
    nxt = chain(req).follow(req, status, "/elsewhere")
    assert nxt.method == "POST" and nxt.body == b'{"a":1}'


def test_303_on_get_stays_get() -> None:
    req = request()
    nxt = chain(req).follow(req, 303, "/x")
    assert nxt.method == "GET" and nxt.body is None and "Content-Type" not in nxt.headers


@pytest.mark.parametrize(
    "location",
    ["http://[::1", "javascript:alert(1)", "ftp://dash.example.com/", "https://u:p@dash.example.com/",
     "x" * 9000],
)  # fmt: skip
def test_unusable_locations_are_typed_errors(location: str) -> None:
    req = request()
    with pytest.raises(RedirectError) as info:
        chain(req).follow(req, 302, location)
    assert "s3cr3t" not in str(info.value)


def test_loops_and_long_chains() -> None:
    req = request()
    c = chain(req)
    with pytest.raises(RedirectError, match="loop"):
        c.follow(req, 302, HOME)
    c = chain(req)
    current = req
    with pytest.raises(RedirectError, match="more than"):
        for i in range(MAX_REDIRECTS + 1):
            current = c.follow(current, 302, f"/hop{i}")
