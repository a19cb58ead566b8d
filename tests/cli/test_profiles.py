"""``profile add|list|remove``, ``login`` and choosing dashboards with --profile/--all-profiles."""

from __future__ import annotations

import io
import os
import stat
import sys
import types
from pathlib import Path

import jsonschema
import pytest

from . import schemas
from .conftest import ThreadedDashboard


@pytest.fixture
def profiles_file() -> Path:
    return Path(os.environ["MAINWP_ASYNC_PROFILES"])


@pytest.fixture
def sim(monkeypatch: pytest.MonkeyPatch):
    """A simulator that is *not* in MAINWP_URL/MAINWP_TOKEN (profiles must name it)."""
    with ThreadedDashboard(sites=6, seed=9) as d:
        yield d


@pytest.fixture
def fake_keyring(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """A keyring module with an in-memory backend (the real one needs a desktop session)."""
    store: dict[tuple[str, str], str] = {}
    ring = types.ModuleType("keyring")
    backends = types.ModuleType("keyring.backends")
    fail = types.ModuleType("keyring.backends.fail")

    class FailKeyring:  # what keyring uses when no backend is usable
        pass

    class Memory:
        pass

    fail.Keyring = FailKeyring  # type: ignore[attr-defined]
    ring.get_keyring = lambda: Memory()  # type: ignore[attr-defined]
    ring.set_password = lambda s, u, p: store.__setitem__((s, u), p)  # type: ignore[attr-defined]
    ring.get_password = lambda s, u: store.get((s, u))  # type: ignore[attr-defined]
    ring.delete_password = lambda s, u: store.pop((s, u))  # type: ignore[attr-defined]
    backends.fail = fail  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", ring)
    monkeypatch.setitem(sys.modules, "keyring.backends", backends)
    monkeypatch.setitem(sys.modules, "keyring.backends.fail", fail)
    return store


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring -> ImportError


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text + "\n"))


def test_profile_with_token_env_lists_without_the_token(cli, sim, monkeypatch, profiles_file):
    token = sim.tokens["read"]
    monkeypatch.setenv("LAB_TOKEN", token)
    added = cli("profile", "add", "lab", sim.url, "--token-env", "LAB_TOKEN", "--scope", "read")
    assert added.code == 0
    listed = cli("profile", "list", "--json")
    doc = listed.json()
    jsonschema.validate(doc, {**schemas.envelope("profile list", schemas.PROFILE)})
    assert doc["items"][0]["token"] == "env LAB_TOKEN"
    assert token.split("==")[0] not in listed.out + profiles_file.read_text()
    # the only profile is used without --profile; and by name
    assert cli("sites", "list", "--json").json()["items"][0]["dashboard"] == "lab"
    assert len(cli("sites", "list", "--profile", "lab", "--json").json()["items"]) == 6
    # the profile's read scope is checked before any request leaves
    refused = cli("tags", "add", "X", "--profile", "lab")
    assert refused.code == 1 and "ScopeError" in refused.err
    assert sim.counters.count_path("POST", "/tags/add") == 0


def test_login_refuses_plain_text_without_a_keyring(
    cli, sim, monkeypatch, no_keyring, profiles_file
):
    cli("profile", "add", "lab", sim.url)
    token = sim.tokens["read_write"]
    _stdin(monkeypatch, token)
    run = cli("login", "lab", "--token-stdin", "--no-check")
    assert run.code == 2
    assert "keyring" in run.err and "--token-env" in run.err and "--plaintext-token" in run.err
    assert token.split("==")[0] not in profiles_file.read_text() + run.out + run.err


def test_login_with_plaintext_token_writes_a_0600_file(
    cli, sim, monkeypatch, no_keyring, profiles_file
):
    token = sim.tokens["read_write"]
    _stdin(monkeypatch, token)
    run = cli("login", "lab", "--url", sim.url, "--token-stdin", "--plaintext-token")
    assert run.code == 0, run.err
    assert "scope read_write" in run.err  # checked against the dashboard
    assert stat.S_IMODE(profiles_file.stat().st_mode) == 0o600
    assert "allow_plaintext_token = true" in profiles_file.read_text()
    assert cli("profile", "list", "--json").json()["items"][0]["token"] == "file (plain text)"
    assert cli("sites", "list", "--profile", "lab").code == 0
    assert token.split("==")[0] not in run.out + run.err


def test_login_stores_the_token_in_the_keyring(cli, sim, monkeypatch, fake_keyring, profiles_file):
    cli("profile", "add", "lab", sim.url)
    token = sim.tokens["read"]
    _stdin(monkeypatch, token)
    run = cli("login", "lab", "--token-stdin")
    assert run.code == 0, run.err
    assert fake_keyring == {("mainwp-async", "lab"): token}
    text = profiles_file.read_text()
    assert 'keyring = "mainwp-async"' in text and token.split("==")[0] not in text
    assert len(cli("sites", "list", "--json").json()["items"]) == 6
    removed = cli("profile", "remove", "lab")
    assert removed.code == 0
    assert fake_keyring == {}
    assert cli("profile", "list", "--json").json()["items"] == []


def test_login_rejects_a_malformed_token(cli, sim, monkeypatch, no_keyring):
    _stdin(monkeypatch, "not a token")
    run = cli("login", "lab", "--url", sim.url, "--token-stdin", "--plaintext-token")
    assert run.code == 2 and "token" in run.err


def test_remove_unknown_profile_is_a_usage_error(cli):
    run = cli("profile", "remove", "ghost")
    assert run.code == 2 and "no profile 'ghost'" in run.err


def test_all_profiles_one_dashboard_down_gives_exit_3(cli, sim, monkeypatch):
    monkeypatch.setenv("GOOD_TOKEN", sim.tokens["read"])
    monkeypatch.setenv("DOWN_TOKEN", sim.tokens["read"])
    cli("profile", "add", "good", sim.url, "--token-env", "GOOD_TOKEN")
    cli("profile", "add", "down", "http://127.0.0.1:9", "--token-env", "DOWN_TOKEN")
    several = cli("sites", "list")
    assert several.code == 2 and "several profiles" in several.err
    run = cli("sites", "list", "--all-profiles", "--json")
    assert run.code == 3
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("sites list", schemas.SITE))
    assert {i["dashboard"] for i in doc["items"]} == {"good"}
    assert [(f["dashboard"], f["error"]) for f in doc["failures"]] == [
        ("down", "APIConnectionError")
    ]
    table = cli("sites", "list", "--all-profiles")
    assert table.out.splitlines()[0].split()[0] == "dashboard"
    unknown = cli("sites", "list", "--profile", "nope")
    assert unknown.code == 2 and "unknown profile 'nope'" in unknown.err


def test_a_profile_without_a_token_says_what_to_set(cli, sim, no_keyring):
    cli("profile", "add", "lab", sim.url, "--token-env", "LAB_TOKEN_UNSET")
    run = cli("sites", "list")
    assert run.code == 2
    assert "LAB_TOKEN_UNSET" in run.err
