"""No credential ever shows up in logs, errors, reprs or retry events."""

from __future__ import annotations

import base64
import logging
import traceback
from typing import Any

import pytest

from mainwp_async import ConsumerKeyCredentials, MainWP, RetryEvent
from mainwp_async.errors import MainWPError
from mainwp_async.testing import SimulatedDashboard

from .conftest import FAST_RETRY


def _secret_parts(token: str) -> list[str]:
    secret, _, key = token.partition("==")
    basic = base64.b64encode(f"ck_{key}:cs_{secret}".encode()).decode()
    return [token, secret, key, f"cs_{secret}", f"ck_{key}", basic]


def _assert_clean(text: str, secrets: list[str], where: str) -> None:
    for secret in secrets:
        assert secret not in text, f"a credential leaked into {where}"


async def _failures(mw: MainWP, dash: SimulatedDashboard) -> list[BaseException]:
    """Provoke one failure of every kind, with retries, and collect the exceptions."""
    errors: list[BaseException] = []
    scenarios: list[tuple[str | None, dict[str, Any], Any]] = [
        ("503", {"route": r"^/sites$"}, lambda: mw.sites.list()),
        ("html", {"route": r"^/sites$"}, lambda: mw.sites.list()),
        ("reset", {"route": r"^/sites/1$"}, lambda: mw.sites.get(id_domain=1)),
        (
            "notice",  # recovered with a warning unless strict
            {"route": r"^/sites/1$"},
            lambda: mw.with_options(strict_models=True).sites.get(id_domain=1),
        ),
        ("truncated", {"route": r"^/tags$"}, lambda: mw.tags.list()),
        ("slow", {"route": r"^/tags/1$", "times": 3}, lambda: mw.tags.get(id=1)),
        (None, {}, lambda: mw.sites.get(id_domain=999)),
        (None, {}, lambda: mw.call("GET", "/no/such/route")),
    ]
    for kind, options, call in scenarios:
        dash.set_fault(kind, **options)
        try:
            await call()
        except MainWPError as exc:
            errors.append(exc)
        else:  # pragma: no cover - every scenario fails
            pytest.fail(f"{kind} did not fail")
    dash.set_fault(None)
    return errors


@pytest.mark.parametrize("transport", ["bearer", "query", "basic"])
async def test_no_secret_anywhere(
    rig: SimulatedDashboard, caplog: pytest.LogCaptureFixture, transport: str
) -> None:
    token = rig.tokens["read_write"]
    secrets = _secret_parts(token)
    secret, _, key = token.partition("==")
    if transport == "bearer":
        auth: dict[str, Any] = {"token": token}
    else:
        auth = {
            "credentials": ConsumerKeyCredentials(f"ck_{key}", f"cs_{secret}", transport=transport)
        }
    events: list[RetryEvent] = []
    caplog.set_level(logging.DEBUG)
    async with MainWP(rig.url, retry=FAST_RETRY, timeout=0.2, on_retry=events.append, **auth) as mw:
        errors = await _failures(mw, rig)
        # A refusal by the server: the read key may not write.
        async with MainWP(rig.url, token=rig.tokens["read"], retry=FAST_RETRY) as reader:
            try:
                await reader.tags.add(name="x")
            except MainWPError as exc:
                errors.append(exc)
            _assert_clean(repr(reader), _secret_parts(rig.tokens["read"]), "repr(client)")
        raw = await mw.sites.get(id_domain=999).raw()
        ok = await mw.sites.get(id_domain=1).raw()
        _assert_clean(repr(mw), secrets, "repr(client)")
        _assert_clean(repr(mw.sites.get(id_domain=1)), secrets, "repr(call)")
        _assert_clean(repr(mw.with_options(timeout=1)), secrets, "repr(with_options)")

    assert len(errors) == 9 and events, "every scenario failed, some after retries"
    for exc in errors:
        text = "".join(traceback.format_exception(exc))
        _assert_clean(text, secrets, f"the traceback of {type(exc).__name__}")
        _assert_clean(str(exc) + repr(exc), secrets, f"str/repr of {type(exc).__name__}")
        _assert_clean(repr(vars(exc)), secrets, f"the attributes of {type(exc).__name__}")
    for response in (raw, ok):
        _assert_clean(repr(response), secrets, "repr(RawResponse)")
        _assert_clean(repr(response.error), secrets, "repr(RawResponse.error)")
    _assert_clean(" ".join(repr(e) for e in events), secrets, "retry events")
    assert caplog.records, "DEBUG logging was on"
    _assert_clean(caplog.text, secrets, "the log")
    for record in caplog.records:
        _assert_clean(repr(record.args) + record.getMessage(), secrets, "a log record")
