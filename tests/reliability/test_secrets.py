"""Secrets never leave their origin and never show up in logs, reprs, errors or tracebacks.

Two raw servers on different loopback ports are two origins. The *home* server redirects in
every way (each 3xx status, to a relative path, to itself with a query, to the other origin,
to the other origin with the whole request URI, scheme-relative, with user info, unparsable,
in a loop) and both servers echo everything they received (headers, request target, body)
into their answers. Every credential kind is tried, including an application-password style
credential defined here through the public ``Credentials`` protocol.
"""

from __future__ import annotations

import base64
import logging
import traceback
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async import MainWP
from mainwp_async.errors import MainWPError
from mainwp_async.redact import Redactor

from .conftest import (
    APP_PASSWORD,
    FIGURES,
    NO_WAIT,
    all_secrets,
    assert_clean,
    credential_sets,
    fuzz,
)
from .rawserver import RawServer, Seen, response

API = "/wp-json/mainwp/v2"


class AppPassword:
    """A WordPress application password sent as Basic auth (the shape a later helper adds)."""

    def __init__(self, user: str, password: str) -> None:
        self._user, self._password = user, password

    def _basic(self) -> str:
        return base64.b64encode(f"{self._user}:{self._password}".encode()).decode()

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Basic {self._basic()}"}

    def query(self) -> dict[str, str]:
        return {}

    def secrets(self) -> tuple[str, ...]:
        return (self._password, self._password.replace(" ", ""), self._basic())

    def __repr__(self) -> str:
        return "AppPassword(…)"


def credential_options() -> dict[str, dict[str, Any]]:
    options = credential_sets()
    options["application password"] = {"credentials": AppPassword("admin", APP_PASSWORD)}
    return options


def echo(seen: Seen, status: int = 500) -> bytes:
    """Answer with everything the request carried, as a WordPress error message."""
    import json

    text = seen.text()
    return response(
        status, json.dumps({"code": "echo", "message": text, "data": {"status": status}})
    )


TARGETS = [
    "relative",
    "same origin with query",
    "other origin",
    "other origin + request uri",
    "scheme-relative other origin",
    "other origin with user info",
    "unparsable",
    "not http",
    "loop",
]


def location(kind: str, seen: Seen, other: str) -> str:
    host = other.removeprefix("http://")
    return {
        "relative": f"{API}/landing",
        "same origin with query": f"{API}/landing?page=2",
        "other origin": f"{other}{API}/landing",
        "other origin + request uri": other + seen.target,
        "scheme-relative other origin": f"//{host}{API}/landing",
        "other origin with user info": f"http://user:pw@{host}/x",
        "unparsable": "http://[::1",
        "not http": "javascript:alert(1)",
        "loop": seen.target,
    }[kind]


def check_error(exc: BaseException) -> None:
    assert_clean("".join(traceback.format_exception(exc)), "a traceback")
    todo: list[BaseException | None] = [exc]
    seen: list[BaseException] = []
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        assert_clean(str(e) + repr(e) + repr(getattr(e, "__dict__", {})), "an error")
        todo += [e.__cause__, e.__context__]


@pytest.mark.parametrize("credential", sorted(credential_options()))
async def test_no_secret_leaks_through_redirects_echoes_logs_or_errors(
    credential: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    state: dict[str, Any] = {}
    tried: set[tuple[int, str, str]] = set()

    async with RawServer(lambda seen: echo(seen, 200)) as other:

        def home(seen: Seen) -> bytes:
            if seen.path.endswith("/landing"):
                return echo(seen)  # an error echoing the request
            return response(
                state["status"], b"", [("Location", location(state["kind"], seen, other.url))]
            )

        async with RawServer(home) as srv:
            options = credential_options()[credential]
            async with MainWP(srv.url, retry=NO_WAIT, timeout=5, **options) as mw:
                for status in (301, 302, 303, 307, 308):
                    for kind in TARGETS:
                        for method, call in (
                            ("GET", lambda: mw.sites.list()),
                            ("POST", lambda: mw.sites.sync(3)),
                            ("DELETE", lambda: mw.tags.remove(3)),
                        ):
                            state.update(status=status, kind=kind)
                            tried.add((status, kind, method))
                            try:
                                await call()
                            except MainWPError as exc:
                                check_error(exc)
                assert_clean(
                    repr(mw) + repr(mw.sites.list()) + repr(mw.with_options(timeout=3)), "a repr"
                )
    FIGURES["redirect kinds tried (status x Location kind x method)"] = len(tried)
    FIGURES["redirects tried (all credential kinds)"] += len(tried)
    for seen in other.seen:
        assert_clean(seen.text(), "a request to another origin")
        FIGURES["requests to another origin checked"] += 1
    assert other.seen, "some redirects did reach the other origin"
    assert_clean(caplog.text, "the DEBUG log")
    for record in caplog.records:
        assert_clean(record.getMessage() + repr(record.args), "a log record")


def test_credential_reprs_hide_every_secret() -> None:
    for name, options in credential_options().items():
        for value in options.values():
            if not isinstance(value, str):  # the credential objects, not the raw token
                assert_clean(repr(value) + str(value), f"repr of {name}")
        mw = MainWP("https://dash.example.com", **options)
        assert_clean(repr(mw) + repr(mw.sites) + repr(mw.sites.get(1)), f"client repr ({name})")


@fuzz(200)
@given(
    secret=st.sampled_from(all_secrets()),
    prefix=st.sampled_from(
        ["", "Bearer ", "key_pass=", '"Authorization": "Basic ', "GET /x?consumer_secret="]
    ),
    noise=st.text(max_size=30),
)
def test_the_client_redactor_hides_every_spelling_in_any_context(
    secret: str, prefix: str, noise: str
) -> None:
    from .conftest import CONSUMER_KEY, CONSUMER_SECRET, KEY_PASS, TOKEN

    FIGURES["examples fuzzed: secret spellings in context"] += 1
    secrets = [
        *MainWP("https://d.example", token=TOKEN, key_pass=KEY_PASS)._credentials.secrets(),
        *credential_sets()["basic"]["credentials"].secrets(),
        *AppPassword("admin", APP_PASSWORD).secrets(),
        CONSUMER_KEY,
        CONSUMER_SECRET,
    ]
    assert_clean(Redactor(secrets)(f"{noise}{prefix}{secret}{noise}"), "redacted text")
