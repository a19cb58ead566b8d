from __future__ import annotations

import base64
import json
import pickle
from pathlib import Path

import pytest
import yarl
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async.auth import (
    BearerToken,
    ConsumerKeyCredentials,
    Credentials,
    ensure_secure_url,
    redact,
)
from mainwp_async.errors import ConfigurationError, InsecureTransportError

SECRET = "8e5ac105098fa61776490fe9774d216f940effd6"
KEY = "6df4b0ee2b2ab0fcddc41db0588d278d84c8a4ea"
TOKEN = f"{SECRET}=={KEY}"
HEX40 = st.text(alphabet="0123456789abcdef", min_size=40, max_size=40)


def test_bearer_headers_query_suffix() -> None:
    t = BearerToken(TOKEN)
    assert t.headers() == {"Authorization": f"Bearer {TOKEN}"}
    assert t.query() == {}
    assert t.key_suffix == KEY[-7:]
    assert BearerToken(TOKEN, key_pass="pw").query() == {"key_pass": "pw"}
    assert isinstance(t, Credentials)


def test_key_suffix_matches_truncated_key_format() -> None:
    cap = Path(__file__).parents[2] / "postman/source/captures/get/rest-api_keys.json"
    keys = json.loads(cap.read_text(encoding="utf-8"))["body"]["data"]
    for row in keys:
        assert len(row["truncated_key"]) == 7
    assert len(BearerToken(TOKEN).key_suffix) == 7


def test_surrounding_whitespace_is_dropped() -> None:
    assert BearerToken(f"  {TOKEN}\n") == BearerToken(TOKEN)


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        SECRET,
        f"{SECRET}==",
        f"=={KEY}",
        f"{SECRET}={KEY}",
        f"{SECRET}==={KEY}",
        f"{SECRET} =={KEY}",
        f"{SECRET}==\t{KEY}",
        f"Bearer {TOKEN}",
        f"cs_{SECRET}==ck_{KEY}",
        f"{SECRET}=={KEY}==extra",
    ],
)
def test_malformed_tokens(bad: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        BearerToken(bad)
    text = str(info.value) + repr(info.value)
    assert SECRET not in text and KEY not in text


def test_non_string_token() -> None:
    with pytest.raises(ConfigurationError):
        BearerToken(None)  # type: ignore[arg-type]


@given(secret=HEX40, key=HEX40, key_pass=st.none() | st.text(min_size=1, max_size=20))
def test_token_never_leaks(secret: str, key: str, key_pass: str | None) -> None:
    t = BearerToken(f"{secret}=={key}", key_pass=key_pass)
    for shown in (repr(t), str(t), f"{t}", f"{t!r}", repr([t]), str({"c": t})):
        assert secret not in shown
        assert key not in shown
    assert repr(t) == str(t) == f"BearerToken(key=…{key[-7:]})"
    secrets = t.secrets()
    assert f"{secret}=={key}" in secrets and f"{secret}%3D%3D{key}" in secrets
    text = f"GET /x?t={secret}%3D%3D{key} Authorization: Bearer {secret}=={key} ck_{key}"
    scrubbed = redact(text, secrets)
    assert secret not in scrubbed and key not in scrubbed


def test_bearer_not_picklable() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(BearerToken(TOKEN))


@pytest.mark.parametrize(
    ("transport", "headers", "query"),
    [
        (
            "basic",
            {
                "Authorization": "Basic "
                + base64.b64encode(f"ck_{KEY}:cs_{SECRET}".encode()).decode()
            },
            {},
        ),
        ("query", {}, {"consumer_key": f"ck_{KEY}", "consumer_secret": f"cs_{SECRET}"}),
        ("oauth-query", {}, {"oauth_mainwp_ck": f"ck_{KEY}", "oauth_mainwp_cs": f"cs_{SECRET}"}),
    ],
)
def test_consumer_key_transports(
    transport: str, headers: dict[str, str], query: dict[str, str]
) -> None:
    c = ConsumerKeyCredentials(f"ck_{KEY}", f"cs_{SECRET}", transport=transport)  # type: ignore[arg-type]
    assert c.headers() == headers
    assert c.query() == query
    assert c.key_suffix == KEY[-7:]
    assert isinstance(c, Credentials)
    shown = repr(c) + str(c)
    assert KEY not in shown and SECRET not in shown
    for value in list(headers.values()) + list(query.values()):
        assert redact(value, c.secrets()) in ("[REDACTED]", "Basic [REDACTED]")


def test_basic_capture_header_is_what_we_would_send() -> None:
    cap = Path(__file__).parents[2] / "postman/source/captures/writes/82_auth_via_http_basic.json"
    auth = json.loads(cap.read_text(encoding="utf-8"))["request"]["auth"]
    value = "Basic " + auth.split("Basic ", 1)[1].strip()
    user, _, password = base64.b64decode(value.split(" ", 1)[1]).decode().partition(":")
    c = ConsumerKeyCredentials(user, password)
    assert c.headers() == {"Authorization": value}


@pytest.mark.parametrize(
    ("ck", "cs", "transport"),
    [
        (KEY, f"cs_{SECRET}", "basic"),
        (f"ck_{KEY}", SECRET, "basic"),
        ("ck_", f"cs_{SECRET}", "basic"),
        (f"ck_{KEY}:x", f"cs_{SECRET}", "basic"),
        (f"ck_{KEY}", f"cs_{SECRET}", "header"),
    ],
)
def test_consumer_key_validation(ck: str, cs: str, transport: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        ConsumerKeyCredentials(ck, cs, transport=transport)  # type: ignore[arg-type]
    assert SECRET not in str(info.value) and KEY not in str(info.value)


def test_consumer_key_pass_and_pickle() -> None:
    c = ConsumerKeyCredentials(f"ck_{KEY}", f"cs_{SECRET}", transport="query", key_pass="pw")
    assert c.query()["key_pass"] == "pw"
    assert "pw" in c.secrets()
    with pytest.raises(TypeError):
        pickle.dumps(c)


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url",
    [
        "https://dash.example.com",
        "https://dash.example.com/wp-json/mainwp/v2",
        "HTTPS://dash.example.com:8443/",
        "http://127.0.0.1:8090",
        "http://127.5.6.7/",
        "http://localhost/",
        "http://LOCALHOST:8080",
        "http://[::1]:8090/",
    ],
)
def test_secure_urls_accepted(url: str) -> None:
    out = ensure_secure_url(url)
    assert isinstance(out, yarl.URL)
    assert out.host


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://dash.example.com", "dash.example.com"),
        ("http://10.0.0.5:8090/", "10.0.0.5"),
        ("http://192.168.1.10", "192.168.1.10"),
        ("http://[2001:db8::1]/", "2001:db8::1"),
        ("http://127.0.0.1.evil.example/", "127.0.0.1.evil.example"),
        ("http://localhost.evil.example/", "localhost.evil.example"),
        ("http://0.0.0.0/", "0.0.0.0"),
        # *.localhost is not trusted: resolvers need not map it to loopback.
        ("http://dev.localhost/", "dev.localhost"),
        ("http://evil.localhost/", "evil.localhost"),
    ],
)
def test_insecure_urls_refused(url: str, host: str) -> None:
    with pytest.raises(InsecureTransportError) as info:
        ensure_secure_url(url + "?token=" + TOKEN)
    assert info.value.host == host
    assert host in str(info.value)
    assert TOKEN not in str(info.value) and SECRET not in str(info.value)
    assert ensure_secure_url(url, allow_insecure=True).host == host


@pytest.mark.parametrize(
    "url",
    [
        "ftp://dash.example.com",
        "dash.example.com",
        "/wp-json/mainwp/v2",
        "https://",
        "file:///etc/passwd",
        "",
        f"https://ck_{KEY}:cs_{SECRET}@dash.example.com/",
    ],
)
def test_bad_urls(url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        ensure_secure_url(url)
    assert not isinstance(info.value, InsecureTransportError)
    assert KEY not in str(info.value) and SECRET not in str(info.value)


def test_redact() -> None:
    assert redact(
        "a secret-value and secret-value-longer", ["secret-value", "secret-value-longer", ""]
    ) == ("a [REDACTED] and [REDACTED]")
    # Under eight characters a secret is only hidden where credentials sit (see redact.py).
    assert redact("a secret, key_pass=secret", ["secret"]) == "a secret, key_pass=[REDACTED]"
    assert redact("nothing", []) == "nothing"
