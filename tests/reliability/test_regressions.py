"""One regression test per defect of issue 8; each failed on the main branch it was filed on.

Grouped as the issue lists them: routes, resends, secrets, hostile bodies, configuration,
redirects, and messages that must send the user the right way.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

import pytest
from aioresponses import aioresponses

from mainwp_async import NO_RETRY, MainWP, RetryPolicy, Timeout
from mainwp_async.errors import (
    APIConnectionError,
    AuthenticationError,
    ConfigurationError,
    DecodeError,
    InsecureTransportError,
    MainWPError,
    NotFoundError,
    RedirectError,
    ResponseShapeError,
    ScopeError,
    ServerError,
)
from mainwp_async.testing import SimulatedDashboard

from .conftest import FIGURES, KEY_PASS, TOKEN, assert_clean, client
from .rawserver import DROP, RawServer, Seen, response

API = "/wp-json/mainwp/v2"


def ok(_: Seen) -> bytes:
    return response(200, b'{"success":1,"data":[],"total":0}')


def chain(exc: BaseException) -> list[BaseException]:
    """``exc`` and every exception reachable through ``__cause__``/``__context__``."""
    out: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is seen for seen in out):
            continue
        out.append(e)
        todo += [e.__cause__, e.__context__]
    return out


def assert_error_clean(exc: BaseException) -> None:
    assert_clean("".join(traceback.format_exception(exc)), "the traceback")
    for e in chain(exc):
        assert_clean(str(e) + repr(e), f"str/repr of chained {type(e).__name__}")
        assert_clean(repr(getattr(e, "__dict__", {})), f"attributes of {type(e).__name__}")


# -- a per-site write must never become a fleet-wide one -------------------------------------


@pytest.mark.parametrize("method", ["disconnect", "sync", "reconnect", "check", "remove"])
@pytest.mark.parametrize("value", [".", "..", "", " ", "%2e", True, False, 3.0, None, [3]])
async def test_path_values_that_change_the_route_are_refused(method: str, value: Any) -> None:
    async with RawServer(ok) as srv, client(srv.url) as mw:
        with pytest.raises(ConfigurationError) as info:
            await getattr(mw.sites, method)(value)
    assert srv.seen == [], "nothing may be sent"
    assert "id_domain" in str(info.value)


async def test_updates_update_with_dot_is_refused() -> None:
    async with RawServer(ok) as srv, client(srv.url) as mw:
        with pytest.raises(ConfigurationError):
            await mw.updates.update(".")
    assert srv.seen == []


@pytest.mark.parametrize(
    ("path", "values"),
    [
        ("/sites/{id}/disconnect", {"id": "3/disconnect#"}),
        ("/sites/{site_id}/plugins", {"site_id": "../rest-api/keys"}),
        ("/sites/{id}/sync", {"id": "."}),
        ("/sites/{id}", {"id": True}),
        ("/sites/./disconnect", {}),
        ("/sites//disconnect", {}),
        ("/sites/%2e%2e/disconnect", {}),
    ],
)
async def test_call_refuses_values_that_escape_their_segment(
    path: str, values: dict[str, Any]
) -> None:
    async with RawServer(ok) as srv, client(srv.url) as mw:
        with pytest.raises(ConfigurationError):
            await mw.call("POST", path, **values)
    assert srv.seen == []


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        ("a b", "a%20b"),
        ("3#x", "3%23x"),
        ("3?x=1", "3%3Fx%3D1"),
        ("a\r\nX-Injected: 1", "a%0D%0AX-Injected%3A%201"),
        ("süß", "s%C3%BC%C3%9F"),
        ("100%", "100%25"),
    ],
)
async def test_call_template_values_are_percent_encoded(value: str, wire: str) -> None:
    async with RawServer(ok) as srv, client(srv.url) as mw:
        await mw.call("GET", "/extension/{thing}/items", thing=value)
    assert [s.path for s in srv.seen] == [f"{API}/extension/{wire}/items"]
    assert srv.seen[0].header("X-Injected") is None


# -- no write is sent twice by aiohttp -------------------------------------------------------


def drop_second_on_connection(seen: Seen) -> Any:
    """Answer the first request of each connection (kept alive), drop the next unanswered."""
    return response(200, b'{"success":1,"data":[],"total":0}') if seen.index == 0 else DROP


@pytest.mark.parametrize(
    ("method", "call"),
    [
        ("DELETE", lambda mw: mw.tags.remove(5)),
        ("DELETE", lambda mw: mw.sites.remove(5)),
        ("PUT", lambda mw: mw.clients.fields_edit("vat", name="x")),
        ("DELETE", lambda mw: mw.clients.fields_delete("vat")),
    ],
)
async def test_dropped_kept_alive_connection_does_not_resend_the_write(
    method: str, call: Any
) -> None:
    async with RawServer(drop_second_on_connection) as srv, client(srv.url, retry=NO_RETRY) as mw:
        await mw.tags.list()  # opens the connection that is then reused
        with pytest.raises(APIConnectionError):
            await call(mw)
    writes = [s for s in srv.seen if s.method == method]
    FIGURES["dropped-connection writes checked"] += 1
    assert len(writes) == 1, f"the {method} was sent {len(writes)} times"


# -- secrets ----------------------------------------------------------------------------------


async def test_query_credentials_never_follow_a_request_uri_redirect_off_origin() -> None:
    async with RawServer(ok) as other:

        def bounce(seen: Seen) -> bytes:  # nginx: return 301 https://other$request_uri;
            return response(301, b"", [("Location", other.url + seen.target)])

        async with RawServer(bounce) as home, client(home.url, key_pass=KEY_PASS) as mw:
            await mw.sites.list()
    assert [s.path for s in other.seen] == [f"{API}/sites"]
    for seen in other.seen:
        assert seen.header("Authorization") is None
        assert "key_pass" not in seen.target
        assert_clean(seen.text(), "a request to another origin")


async def test_https_to_http_downgrade_is_not_followed() -> None:
    with aioresponses() as mock:
        mock.get(
            "https://dash.example.com/wp-json/mainwp/v2/sites",
            status=301,
            headers={"Location": "http://dash.example.com/wp-json/mainwp/v2/sites"},
        )
        async with MainWP("https://dash.example.com", token=TOKEN, retry=NO_RETRY) as mw:
            with pytest.raises(RedirectError) as info:
                await mw.sites.list()
        sent = [str(url) for _method, url in mock.requests]
    assert "https to http" in str(info.value)
    assert all(url.startswith("https://") for url in sent)


async def test_redaction_covers_the_spelling_aiohttp_puts_in_urls() -> None:
    def echo(seen: Seen) -> bytes:
        body = '{"code":"x","message":"bad request ' + seen.target + '","data":{"status":400}}'
        return response(400, body)

    async with RawServer(echo) as srv, client(srv.url, key_pass=KEY_PASS) as mw:
        with pytest.raises(MainWPError) as info:
            await mw.sites.list()
    assert "key_pass=" in srv.seen[0].target  # the secret did travel, to its own origin
    assert_error_clean(info.value)


async def test_chained_aiohttp_exceptions_carry_no_credentials() -> None:
    def broken(_: Seen) -> bytes:
        return b"HTTP/1.1 abc Broken\r\nContent-Length: 0\r\n\r\n"

    async with RawServer(broken) as srv, client(srv.url, key_pass=KEY_PASS) as mw:
        with pytest.raises(APIConnectionError) as info:
            await mw.sites.list()
    assert_error_clean(info.value)


async def test_an_echoing_proxy_cannot_put_the_token_into_the_error() -> None:
    def echo_headers(seen: Seen) -> bytes:
        echoed = "; ".join(f"{k}={v}" for k, v in seen.headers)
        return response(
            401, '{"code":"proxy_auth","message":"' + echoed + '","data":{"status":401}}'
        )

    async with RawServer(echo_headers) as srv, client(srv.url, key_pass=KEY_PASS) as mw:
        with pytest.raises(AuthenticationError) as info:
            await mw.sites.list()
    assert_error_clean(info.value)


async def test_a_short_token_does_not_mangle_messages() -> None:
    async with (
        RawServer(lambda _: DROP) as srv,
        MainWP(srv.url, token="a==b", retry=NO_RETRY) as mw,
    ):
        with pytest.raises(APIConnectionError) as info:
            await mw.sites.list()
    assert f"{API}/sites" in str(info.value)


# -- hostile bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000 + b"]" * 100_000, b"[" * 5000, b"9" * 5000, b"1e400", b"[NaN]", b"-Infinity"],
)
async def test_hostile_bodies_are_decode_errors(body: bytes) -> None:
    async with RawServer(lambda _: response(200, body)) as srv, client(srv.url) as mw:
        with pytest.raises(DecodeError):
            await mw.sites.list()


async def test_an_integer_beyond_float_range_is_a_typed_error() -> None:
    body = b'{"success":1,"data":{"id":1,"price":1' + b"0" * 400 + b"}}"
    async with RawServer(lambda _: response(200, body)) as srv:
        async with client(srv.url, strict_models=True) as mw:
            with pytest.raises(ResponseShapeError):
                await mw.costs.get(1)
        async with client(srv.url) as mw:
            cost = await mw.costs.get(1)
    assert cost.data is not None and cost.data.price is None


async def test_a_bad_location_header_is_a_typed_error() -> None:
    bad = lambda _: response(302, b"", [("Location", "http://[::1")])  # noqa: E731
    async with RawServer(bad) as srv, client(srv.url) as mw:
        with pytest.raises(RedirectError):
            await mw.sites.list()


# -- configuration -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"max_connections": "16"}, "max_connections"),
        ({"max_connections": 0}, "max_connections"),
        ({"timeout": "abc"}, "timeout"),
        ({"timeout": -1}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"retry": 3}, "retry"),
        ({"per_page": "x"}, "per_page"),
        ({"per_page": True}, "per_page"),
        ({"verify_ssl": "no"}, "verify_ssl"),
        ({"strict_models": "yes"}, "strict_models"),
        ({"user_agent": "x\r\nX-Evil: 1"}, "user_agent"),
        ({"on_retry": 5}, "on_retry"),
        ({"allow_insecure_http": "true"}, "allow_insecure_http"),
    ],
)
def test_bad_options_are_configuration_errors_naming_the_argument(
    options: dict[str, Any], named: str
) -> None:
    with pytest.raises(ConfigurationError) as info:
        MainWP("https://dash.example.com", token=TOKEN, **options)
    assert named in str(info.value)


@pytest.mark.parametrize(
    "option", [{"timeout": "abc"}, {"retry": 3}, {"per_page": "x"}, {"strict_models": 1}]
)
def test_with_options_validates_too(option: dict[str, Any]) -> None:
    mw = MainWP("https://dash.example.com", token=TOKEN)
    with pytest.raises(ConfigurationError) as info:
        mw.with_options(**option)
    assert next(iter(option)) in str(info.value)


def test_negative_timeout_fields_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="connect"):
        Timeout(total=30, connect=-1)


def test_unknown_keyword_arguments_are_named_with_a_suggestion() -> None:
    with pytest.raises(ConfigurationError) as info:
        MainWP("https://dash.example.com", token=TOKEN, max_conections=4)  # type: ignore[call-arg]
    assert "'max_conections'" in str(info.value) and "max_connections" in str(info.value)
    with pytest.raises(ConfigurationError) as info:
        MainWP("https://dash.example.com", token=TOKEN).with_options(timout=3)  # type: ignore[call-arg]
    assert "did you mean 'timeout'" in str(info.value)


def test_retry_as_an_int_points_at_retry_policy() -> None:
    with pytest.raises(ConfigurationError, match=r"RetryPolicy\(max_retries=3\)"):
        MainWP("https://dash.example.com", token=TOKEN, retry=3)  # type: ignore[arg-type]
    assert MainWP("https://dash.example.com", token=TOKEN, retry=RetryPolicy(max_retries=3))


@pytest.mark.parametrize(
    "url",
    [
        "https://dash example.com",
        "https://dash.example.com\x00.evil",
        "https://dash.example.com\r\nX-Evil: 1",
        "https://dash\texample.com",
        "https://dash..example.com",
        "https://-dash.example.com",
    ],
)
def test_hosts_with_spaces_or_control_characters_are_refused(url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        MainWP(url, token=TOKEN)
    assert not isinstance(info.value, InsecureTransportError)


def test_a_localhost_subdomain_is_not_loopback() -> None:
    with pytest.raises(InsecureTransportError) as info:
        MainWP("http://evil.localhost", token=TOKEN)
    assert "allow_insecure_http=True" in str(info.value)
    assert MainWP("http://localhost:8080", token=TOKEN)
    assert MainWP("http://evil.localhost", token=TOKEN, allow_insecure_http=True)


# -- redirect edge cases -----------------------------------------------------------------------


async def test_a_same_origin_location_with_its_own_query_keeps_query_credentials() -> None:
    def handler(seen: Seen) -> bytes:
        if seen.path.endswith("/sites"):
            return response(302, b"", [("Location", f"{API}/sites/basic?lang=en")])
        return ok(seen)

    async with RawServer(handler) as srv, client(srv.url, key_pass=KEY_PASS) as mw:
        await mw.call("GET", "/sites")
    landing = srv.seen[-1]
    assert landing.path == f"{API}/sites/basic"
    assert "lang=en" in landing.target and landing.target.count("key_pass=") == 1
    assert landing.header("Authorization") == f"Bearer {TOKEN}"


@pytest.mark.parametrize("status", [301, 302, 303])
async def test_a_redirected_post_is_not_silently_turned_into_a_get(status: int) -> None:
    def handler(seen: Seen) -> bytes:
        if seen.method == "POST":
            return response(status, b"", [("Location", f"{API}/elsewhere")])
        return ok(seen)

    async with RawServer(handler) as srv, client(srv.url) as mw:
        with pytest.raises(RedirectError) as info:
            await mw.sites.sync(3)
    assert [s.method for s in srv.seen] == ["POST"]
    assert "GET" in str(info.value) and info.value.status == status


async def test_a_redirect_loop_is_a_typed_error_and_not_retried() -> None:
    loop = lambda seen: response(302, b"", [("Location", seen.target)])  # noqa: E731
    async with RawServer(loop) as srv, client(srv.url) as mw:
        with pytest.raises(RedirectError, match="loop"):
            await mw.sites.list()
    assert len(srv.seen) == 1


# -- messages that send the user the right way -------------------------------------------------


async def test_unknown_site_id_says_no_site() -> None:
    async with (
        SimulatedDashboard(profile="rig") as dash,
        MainWP(dash.url, token=dash.tokens["read_write"], retry=NO_RETRY) as mw,
    ):
        with pytest.raises(NotFoundError) as info:
            await mw.sites.get(99999)
        with pytest.raises(NotFoundError) as by_domain:
            await mw.sites.get_by_domain("nope.example.com")
        with pytest.raises(NotFoundError) as long_tld:
            await mw.sites.get_by_domain("shop.example.photography")
    assert "no site with id 99999" in str(info.value)
    assert "ability_invalid_permissions" in str(info.value)  # the server's word is kept
    assert "no site with domain 'nope.example.com'" in str(by_domain.value)
    assert "no site with domain 'shop.example.photography'" in str(long_tld.value)


async def test_wrong_token_says_what_to_check() -> None:
    async with SimulatedDashboard(profile="rig") as dash:
        wrong = "0" * 32 + "==" + "1" * 32
        async with MainWP(dash.url, token=wrong, retry=NO_RETRY) as mw:
            with pytest.raises(AuthenticationError) as info:
                await mw.sites.list()
    message = str(info.value)
    assert "copied whole" in message and "enabled" in message
    assert "The REST API Key are disabled." in message


async def test_a_503_html_page_is_named_by_its_title() -> None:
    async with SimulatedDashboard(profile="rig") as dash:
        dash.set_fault("503", route=r"^/sites$")
        async with MainWP(dash.url, token=dash.tokens["read_write"], retry=NO_RETRY) as mw:
            with pytest.raises(ServerError) as info:
                await mw.sites.list()
    assert "503 Service Unavailable" in info.value.message
    assert "<" not in info.value.message and "nginx" not in info.value.message


async def test_a_client_side_scope_error_has_no_status() -> None:
    async with RawServer(ok) as srv, client(srv.url, scope="read") as mw:
        with pytest.raises(ScopeError) as info:
            await mw.tags.add(name="x")
    assert info.value.status is None and srv.seen == []


@pytest.mark.parametrize("strict", [False, True])
async def test_php_notices_before_intact_json_are_recovered_unless_strict(
    strict: bool, caplog: pytest.LogCaptureFixture
) -> None:
    async with SimulatedDashboard(profile="rig") as dash:
        dash.set_fault("notice", route=r"^/sites/1$")
        token = dash.tokens["read_write"]
        async with MainWP(dash.url, token=token, strict_models=strict, retry=NO_RETRY) as mw:
            caplog.set_level(logging.WARNING, logger="mainwp_async")
            if strict:
                with pytest.raises(DecodeError, match="PHP notices"):
                    await mw.sites.get(1)
                return
            site = await mw.sites.get(1)
    assert site.data is not None and site.data.id == 1
    assert "Undefined index" in caplog.text
