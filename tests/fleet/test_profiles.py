"""Profiles: TOML in, typed errors for bad files, tokens from env/keyring, never leaked."""

from __future__ import annotations

import stat
import sys
import types
from pathlib import Path

import pytest

from mainwp_async.errors import ConfigurationError
from mainwp_async.profiles import Profile, default_profiles_path, load_profiles, save_profile

from ..conftest import TOKEN


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "profiles.toml"
    path.write_text(text)
    return path


def test_load_reads_every_table_with_types(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
[profiles.agency-a]
url = "https://a.example"
token_env = "A_TOKEN"
scope = "read"
max_concurrency = 12
rate_limit = 5
timeout = 30
verify_ssl = false

[profiles.b]
url = "https://b.example"
keyring = "mainwp-async"
""",
    )
    profiles = load_profiles(path)
    assert set(profiles) == {"agency-a", "b"}
    a = profiles["agency-a"]
    assert (a.url, a.token_env, a.scope, a.max_concurrency) == ("https://a.example", "A_TOKEN",
                                                                "read", 12)  # fmt: skip
    assert a.rate_limit == 5.0 and isinstance(a.rate_limit, float)
    assert a.verify_ssl is False
    assert profiles["b"].keyring == "mainwp-async"


def test_missing_file_is_no_profiles(tmp_path: Path) -> None:
    assert load_profiles(tmp_path / "nope.toml") == {}


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ('[profiles.x]\nurl = "u"\nmax_concurrency = "8"\n', "max_concurrency: expected int"),
        ('[profiles.x]\nurl = "u"\ncolour = 1\n', "colour: unknown key"),
        ('[profiles.x]\ntoken_env = "T"\n', "url is required"),
        ('[profiles.x]\nurl = "u"\nmax_concurrency = 0\n', "at least 1"),
        ('[profiles.x]\nurl = "u"\nverify_ssl = "no"\n', "verify_ssl: expected bool"),
        ('[profiles.x]\nurl = "u"\nrate_limit = true\n', "rate_limit: expected int"),
        ("[profiles.x\n", "not valid TOML"),
        ('profiles = "x"\n', "must be a table"),
    ],
)
def test_bad_files_name_file_and_key(tmp_path: Path, body: str, needle: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(ConfigurationError) as info:
        load_profiles(path)
    assert str(path) in str(info.value) and needle in str(info.value)


def test_token_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MY_TOKEN", TOKEN)
    assert Profile(name="a", url="https://a", token_env="MY_TOKEN").resolve_token() == TOKEN


def test_plaintext_token_needs_permission() -> None:
    locked = Profile(name="a", url="https://a", token=TOKEN)
    with pytest.raises(ConfigurationError, match="allow_plaintext_token") as info:
        locked.resolve_token()
    assert TOKEN not in str(info.value)
    allowed = Profile(name="a", url="https://a", token=TOKEN, allow_plaintext_token=True)
    assert allowed.resolve_token() == TOKEN
    assert TOKEN not in repr(allowed)


def test_no_token_source_names_profile_and_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("UNSET_VAR", raising=False)
    with pytest.raises(ConfigurationError) as info:
        Profile(name="agency-z", url="https://z", token_env="UNSET_VAR").resolve_token()
    text = str(info.value)
    assert "agency-z" in text and "UNSET_VAR" in text and "token_env" in text


def test_keyring_is_used_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("keyring")
    store = {("svc", "a"): TOKEN}
    fake.get_password = lambda service, user: store.get((service, user))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "keyring", fake)
    assert Profile(name="a", url="https://a", keyring="svc").resolve_token() == TOKEN
    with pytest.raises(ConfigurationError, match="no entry"):
        Profile(name="b", url="https://b", keyring="svc").resolve_token()


def test_keyring_missing_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "keyring", None)
    with pytest.raises(ConfigurationError, match="pip install keyring"):
        Profile(name="a", url="https://a", keyring="svc").resolve_token()


def test_save_writes_0600_and_never_the_token_unless_allowed(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "profiles.toml"
    save_profile(Profile(name="a", url="https://a.example", token_env="A", token=TOKEN), path)
    save_profile(
        Profile(
            name="b c", url='https://b"x', token=TOKEN, allow_plaintext_token=True, rate_limit=2.5
        ),
        path,
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text()
    assert text.count(TOKEN) == 1  # only b's, which allowed it
    loaded = load_profiles(path)
    assert loaded["a"].token is None and loaded["a"].token_env == "A"
    assert loaded["b c"].url == 'https://b"x' and loaded["b c"].rate_limit == 2.5
    assert loaded["b c"].resolve_token() == TOKEN


def test_client_uses_profile_options(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("A_TOKEN", TOKEN)
    profile = Profile(name="a", url="https://a.example", token_env="A_TOKEN", scope="read")
    mw = profile.client()
    assert mw.base_url == "https://a.example/wp-json/mainwp/v2"
    assert mw.scope is not None and mw.scope.value == "read"
    assert TOKEN not in repr(mw)


def test_default_path_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MAINWP_ASYNC_PROFILES", str(tmp_path / "p.toml"))
    assert default_profiles_path() == tmp_path / "p.toml"
    monkeypatch.delenv("MAINWP_ASYNC_PROFILES")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert default_profiles_path() == tmp_path / "mainwp-async" / "profiles.toml"
