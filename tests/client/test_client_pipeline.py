"""The client pipeline with aioresponses: scopes, retries, secrets, errors, raw access."""

from __future__ import annotations

import logging
import re

import pytest
from aioresponses import aioresponses

from mainwp_async import (
    NO_RETRY,
    MainWP,
    OperationFailed,
    RetryPolicy,
    ScopeError,
    ServerError,
)
from mainwp_async.errors import ConfigurationError, DecodeError, NotFoundError

from ..conftest import TOKEN, load_capture

BASE = "https://dash.example"
API = BASE + "/wp-json/mainwp/v2"
FAST = RetryPolicy(max_retries=2, initial_backoff=0.0, max_backoff=0.0, jitter=0.0)


def _url(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(API + path) + r"(\?.*)?$")


def _count(m: aioresponses) -> int:
    return sum(len(calls) for calls in m.requests.values())


async def test_read_key_refuses_a_write_before_any_request():
    with aioresponses() as m:
        async with MainWP(BASE, token=TOKEN, scope="read") as mw:
            with pytest.raises(ScopeError) as info:
                await mw.tags.add(name="x")
        assert _count(m) == 0
    err = info.value
    assert err.endpoint == "tags.add"
    assert "write" in str(err) and "read" in str(err)


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [("read", False), ("write", True), ("delete", True), ("read_write", True)],
)
async def test_delete_matrix_matches_the_server(scope, allowed):
    capture = load_capture("writes/04_tags_remove.json")
    with aioresponses() as m:
        m.delete(_url("/tags/9/remove"), status=200, payload=capture["body"])
        async with MainWP(BASE, token=TOKEN, scope=scope) as mw:
            if allowed:
                await mw.tags.remove(9)
            else:
                with pytest.raises(ScopeError):
                    await mw.tags.remove(9)
        assert _count(m) == (1 if allowed else 0)


async def test_delete_only_key_cannot_read():
    with aioresponses() as m:
        async with MainWP(BASE, token=TOKEN, scope="delete") as mw:
            with pytest.raises(ScopeError):
                await mw.sites.basic()
        assert _count(m) == 0


async def test_server_scope_refusal_maps_to_scope_error_without_precheck():
    capture = load_capture("errors/read_key__POST_tags_add.json")
    with aioresponses() as m:
        m.post(_url("/tags/add"), status=capture["status"], payload=capture["body"])
        async with MainWP(BASE, token=TOKEN) as mw:
            with pytest.raises(ScopeError) as info:
                await mw.tags.add(name="x")
    assert info.value.status == 401


async def test_non_idempotent_post_is_sent_exactly_once_on_503():
    with aioresponses() as m:
        m.post(_url("/sites/1/sync"), status=503, body=b"busy", repeat=True)
        async with MainWP(BASE, token=TOKEN, retry=FAST) as mw:
            with pytest.raises(ServerError):
                await mw.sites.sync(1)
        assert _count(m) == 1


async def test_get_is_retried_on_503_then_succeeds_and_the_hook_sees_it():
    capture = load_capture("get/sites_count.json")
    events = []
    with aioresponses() as m:
        m.get(_url("/sites/count"), status=503, body=b"", headers={"Retry-After": "0"})
        m.get(_url("/sites/count"), status=200, payload=capture["body"])
        async with MainWP(BASE, token=TOKEN, retry=FAST, on_retry=events.append) as mw:
            raw = await mw.sites.count().raw()
        assert _count(m) == 2
    assert raw.status == 200 and raw.json == capture["body"]
    assert [(e.endpoint, e.attempt, e.reason) for e in events] == [("sites.count", 1, "HTTP 503")]


async def test_success_zero_with_http_200_raises_operation_failed():
    capture = load_capture("errors/sites_add_duplicate_url.json")
    assert capture["status"] == 200
    with aioresponses() as m:
        m.post(_url("/sites/add"), status=200, payload=capture["body"])
        async with MainWP(BASE, token=TOKEN) as mw:
            with pytest.raises(OperationFailed):
                await mw.sites.add(url="http://127.0.0.1:8091/")


async def test_raw_gives_the_untouched_failure_without_raising():
    capture = load_capture("errors/not_found__GET_sites_999999_plugins.json")
    with aioresponses() as m:
        m.get(_url("/sites/999999/plugins"), status=capture["status"], payload=capture["body"])
        async with MainWP(BASE, token=TOKEN) as mw:
            raw = await mw.sites.plugins(999999).raw()
    assert raw.status == capture["status"]
    assert raw.json == capture["body"]
    assert isinstance(raw.error, NotFoundError)
    with pytest.raises(NotFoundError):
        raw.parse()


async def test_html_maintenance_page_is_a_decode_error_with_a_short_snippet():
    page = (
        b"<!DOCTYPE html><html><body>Briefly unavailable for scheduled maintenance." + b"x" * 5000
    )
    with aioresponses() as m:
        m.get(_url("/sites/count"), status=200, body=page, content_type="text/html")
        async with MainWP(BASE, token=TOKEN) as mw:
            with pytest.raises(DecodeError) as info:
                await mw.sites.count()
    assert "maintenance" in str(info.value)
    assert len(str(info.value)) < 400


async def test_token_never_appears_in_repr_logs_or_errors(caplog):
    caplog.set_level(logging.DEBUG)
    secret, key = TOKEN.split("==")
    with aioresponses() as m:
        m.get(
            _url("/sites/999999"),
            status=500,
            payload={"code": "x", "message": "boom", "data": None},
        )
        async with MainWP(BASE, token=TOKEN, retry=FAST) as mw:
            text = repr(mw) + str(mw) + repr(mw.sites) + repr(mw.sites.get(1))
            with pytest.raises(Exception) as info:
                await mw.sites.get(999999)
    text += str(info.value) + repr(info.value) + caplog.text
    assert secret not in text and key not in text and TOKEN not in text


async def test_plain_http_to_a_remote_host_is_refused_unless_opted_in():
    with pytest.raises(ConfigurationError, match=r"dash\.example"):
        MainWP("http://dash.example", token=TOKEN)
    MainWP("http://dash.example", token=TOKEN, allow_insecure_http=True)
    MainWP("http://127.0.0.1:8090", token=TOKEN)


async def test_call_matches_concrete_and_template_paths_like_the_named_methods():
    capture = load_capture("get/sites_1_plugins.json")
    with aioresponses() as m:
        m.get(_url("/sites/1/plugins"), status=200, payload=capture["body"], repeat=True)
        async with MainWP(BASE, token=TOKEN) as mw:
            named = await mw.sites.plugins(1)
            by_path = await mw.call("GET", "/sites/1/plugins")
            by_template = await mw.call("GET", "/sites/{site_id}/plugins", site_id=1)
            by_curl = await mw.call("GET", API + "/sites/1/plugins")
    assert named == by_path == by_template == by_curl


async def test_call_on_an_unknown_route_returns_decoded_json():
    with aioresponses() as m:
        m.get(_url("/ssl-monitor/sites"), status=200, payload={"success": 1, "data": [1]})
        async with MainWP(BASE, token=TOKEN) as mw:
            assert await mw.call("GET", "/ssl-monitor/sites") == {"success": 1, "data": [1]}


async def test_call_with_an_unregistered_method_is_refused_before_io():
    with aioresponses() as m:
        async with MainWP(BASE, token=TOKEN) as mw:
            with pytest.raises(ConfigurationError, match="accepts POST"):
                await mw.call("GET", "/tags/add")
        assert _count(m) == 0


async def test_query_credentials_quoted_by_aiohttp_never_reach_the_error_or_traceback():
    import traceback

    import aiohttp

    passphrase = "legacy-passphrase-0123456789"
    with aioresponses() as m:
        m.get(
            _url("/sites/count"),
            exception=aiohttp.ClientOSError(
                f"boom while fetching {API}/sites/count?key_pass={passphrase}"
            ),
        )
        async with MainWP(BASE, token=TOKEN, key_pass=passphrase, retry=NO_RETRY) as mw:
            with pytest.raises(Exception) as info:
                await mw.sites.count()
    rendered = "".join(traceback.format_exception(info.value))
    assert passphrase not in rendered
    assert "[REDACTED]" in str(info.value)
