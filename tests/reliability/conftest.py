"""Shared set-up of the reliability and security suite.

Hypothesis runs derandomized (a fixed seed derived from each test) with no deadline, so the
suite cannot flake on a loaded CI machine; ``MAINWP_FUZZ_SCALE=10`` multiplies the number of
examples for a deeper local run. Tests add what they exercised to :data:`FIGURES`, printed at
the end of the run (examples fuzzed, secrets checked, redirect kinds tried, ...).
"""

from __future__ import annotations

import base64
import os
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from mainwp_async import ConsumerKeyCredentials, MainWP, RetryPolicy

#: What the suite exercised, reported in the terminal summary.
FIGURES: Counter[str] = Counter()

_SCALE = max(1, int(os.environ.get("MAINWP_FUZZ_SCALE", "1")))


def fuzz(max_examples: int) -> settings:
    """Deterministic, deadline-free hypothesis settings for this suite."""
    return settings(
        max_examples=max_examples * _SCALE,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# Credentials shaped like MainWP's, with characters that URL encoders spell differently.
SECRET_HALF = "5ec12e7" + "a" * 33
KEY_HALF = "0ab" + "c" * 37
TOKEN = f"{SECRET_HALF}=={KEY_HALF}"
KEY_PASS = "pass/word+1 ü&="
CONSUMER_KEY = "ck_" + "1f" * 20
CONSUMER_SECRET = "cs_" + "9e" * 20
APP_PASSWORD = "abcd EFGH ijkl MNOP qrst UVWX"  # WordPress application-password shape


def all_secrets() -> list[str]:
    """Every secret value the suite hands the SDK, with the spellings a leak could take."""
    from urllib.parse import quote, quote_plus

    basic = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
    raw = [TOKEN, SECRET_HALF, KEY_HALF, KEY_PASS, CONSUMER_KEY, CONSUMER_SECRET, basic]
    raw += [CONSUMER_KEY[3:], CONSUMER_SECRET[3:], APP_PASSWORD]
    out = set(raw)
    for value in raw:
        out |= {quote(value, safe=""), quote_plus(value), quote(value, safe="/")}
    out.add(KEY_PASS.replace("/", "\\/"))
    return sorted(out)


def assert_clean(text: str, where: str) -> None:
    """Fail if any spelling of any secret is in ``text``.

    ``text`` is also checked after percent-decoding (both ways) and JSON-unescaping, so a
    spelling nobody listed (``pass/word%2B1+%C3%BC``) is still caught.
    """
    from urllib.parse import unquote, unquote_plus

    views = {text, unquote(text), unquote_plus(text), text.replace("\\/", "/")}
    for secret in all_secrets():
        FIGURES["secret spellings checked"] += 1
        for view in views:
            assert secret not in view, f"a credential spelling leaked into {where}"


def credential_sets() -> dict[str, dict[str, Any]]:
    """Each way of authenticating, as MainWP(...) keyword arguments."""
    return {
        "bearer+key_pass": {"token": TOKEN, "key_pass": KEY_PASS},
        "basic": {
            "credentials": ConsumerKeyCredentials(
                CONSUMER_KEY, CONSUMER_SECRET, transport="basic", key_pass=KEY_PASS
            )
        },
        "query": {
            "credentials": ConsumerKeyCredentials(CONSUMER_KEY, CONSUMER_SECRET, transport="query")
        },
        "oauth-query": {
            "credentials": ConsumerKeyCredentials(
                CONSUMER_KEY, CONSUMER_SECRET, transport="oauth-query"
            )
        },
    }


NO_WAIT = RetryPolicy(max_retries=2, initial_backoff=0.0, max_backoff=0.0, jitter=0.0)


def client(url: str, **options: Any) -> MainWP:
    """A client for a loopback test server (bearer token unless credentials are given)."""
    if "credentials" not in options:
        options.setdefault("token", TOKEN)
    options.setdefault("retry", NO_WAIT)
    options.setdefault("timeout", 5)
    return MainWP(url, **options)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not FIGURES:
        return
    terminalreporter.section("reliability figures")
    for name, count in sorted(FIGURES.items()):
        terminalreporter.write_line(f"{name}: {count}")


@pytest.fixture
def figures() -> Counter[str]:
    return FIGURES
