"""Redaction: every spelling, credential positions, short secrets, chained exceptions."""

from __future__ import annotations

import pytest

from mainwp_async.redact import REDACTED, Redactor, redact_data, redact_exception

SECRET = "pass/word+1 ü"


@pytest.mark.parametrize(
    "spelled",
    [
        SECRET,
        "pass%2Fword%2B1%20%C3%BC",
        "pass/word%2B1+%C3%BC",
        "pass%2fword%2b1%20%c3%bc",
        "pass\\/word+1 ü",
        "pass/word%2b1 %C3%bc",
    ],
)
def test_every_spelling(spelled: str) -> None:
    assert Redactor([SECRET])(f"GET /x?a={spelled}&b=1") == f"GET /x?a={REDACTED}&b=1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Authorization: Bearer a==b", f"Authorization: Bearer {REDACTED}"),
        ("?key_pass=x1&page=2", f"?key_pass={REDACTED}&page=2"),
        ('{"consumer_secret": "cs_1"}', f'{{"consumer_secret": "{REDACTED}"}}'),
        ("Basic Y2tfYTpjc19i", f"Basic {REDACTED}"),
        ("GET /wp-json/mainwp/v2/sites", "GET /wp-json/mainwp/v2/sites"),
        ("basic settings are fine", "basic settings are fine"),
        ("the token is wrong", "the token is wrong"),
    ],
)
def test_positions_and_plain_text(text: str, expected: str) -> None:
    assert Redactor(["a==b", "a", "b"])(text) == expected


def test_short_secrets_do_not_mangle_text() -> None:
    assert Redactor(["a==b", "a", "b"])("/wp-json/mainwp/v2/abilities") == (
        "/wp-json/mainwp/v2/abilities"
    )


def test_credential_shapes_are_redacted_without_being_known() -> None:
    out = Redactor(())("key " + "f" * 40 + " ck_" + "1" * 20 + " " + "a" * 10 + "==" + "b" * 10)
    assert out.count(REDACTED) == 3


def test_chained_exceptions_and_error_state_are_scrubbed() -> None:
    from mainwp_async.errors import APIError

    inner = ValueError(f"url ?key_pass={SECRET}")
    outer = APIError(f"echo {SECRET}", status=500, body={"m": [SECRET]}, headers={"x": SECRET})
    outer.__context__ = inner
    redact_exception(outer, Redactor([SECRET]))
    assert SECRET not in str(outer) + str(inner) + repr(outer.body) + repr(outer.headers)


def test_redact_data_copies() -> None:
    data = {"a": [SECRET, 1, None], SECRET: True}
    assert redact_data(data, Redactor([SECRET])) == {"a": [REDACTED, 1, None], REDACTED: True}
    assert data["a"][0] == SECRET
