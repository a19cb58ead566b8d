"""Named dashboards in a TOML file: URL, limits and where each one's token lives.

A profiles file has one ``[profiles.NAME]`` table per dashboard::

    [profiles.agency-a]
    url = "https://dash-a.example"
    token_env = "MAINWP_AGENCY_A_TOKEN"     # or keyring = "mainwp-async"
    scope = "read_write"
    max_concurrency = 16
    rate_limit = 10.0                        # requests per second

Tokens come from an environment variable or the system keyring; a plain-text ``token``
in the file is only honoured when that profile also says ``allow_plaintext_token = true``.
A token is never part of a profile's ``repr`` and never written back unless allowed.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .errors import ConfigurationError

if TYPE_CHECKING:
    from .client import MainWP

__all__ = ["Profile", "default_profiles_path", "load_profiles", "save_profile"]

_ENV_PATH = "MAINWP_ASYNC_PROFILES"


@attrs.frozen(kw_only=True)
class Profile:
    """One dashboard: where it is, how to find its token, and its limits."""

    name: str
    url: str
    token_env: str | None = None
    keyring: str | None = None
    token: str | None = attrs.field(default=None, repr=False)
    allow_plaintext_token: bool = False
    scope: str | None = None
    max_concurrency: int | None = None
    rate_limit: float | None = None
    timeout: float | None = None
    verify_ssl: bool = True

    def resolve_token(self) -> str:
        """The token: from ``token_env``, else the keyring, else the file (if allowed).

        Raises :class:`~mainwp_async.errors.ConfigurationError` naming the profile and
        what to set when none of them yields a token.
        """
        if self.token_env:
            value = os.environ.get(self.token_env, "").strip()
            if value:
                return value
        if self.keyring:
            found = _from_keyring(self.keyring, self.name)
            if found:
                return found
        if self.token and self.allow_plaintext_token:
            return self.token
        tried = []
        if self.token_env:
            tried.append(f"environment variable {self.token_env} is not set")
        if self.keyring:
            tried.append(f"keyring service {self.keyring!r} has no entry for {self.name!r}")
        if self.token and not self.allow_plaintext_token:
            tried.append("a plain-text token is in the file but allow_plaintext_token is false")
        hint = "; ".join(tried) or "no token_env or keyring configured"
        raise ConfigurationError(
            f"profile {self.name!r} has no token ({hint}): set token_env to the name of an "
            "environment variable holding it, or keyring to a keyring service name"
        )

    def client(self, **overrides: Any) -> MainWP:
        """A :class:`~mainwp_async.MainWP` for this dashboard (not yet opened).

        ``overrides`` are passed to ``MainWP(...)`` and win over the profile's values.
        """
        from .client import MainWP

        options: dict[str, Any] = {"verify_ssl": self.verify_ssl}
        if self.scope is not None:
            options["scope"] = self.scope
        if self.timeout is not None:
            options["timeout"] = self.timeout
        if self.max_concurrency is not None:
            options["max_connections"] = self.max_concurrency
        options.update(overrides)
        if "token" not in options and "credentials" not in options:
            options["token"] = self.resolve_token()
        return MainWP(self.url, **options)


def _from_keyring(service: str, username: str) -> str | None:
    try:
        import keyring  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise ConfigurationError(
            f"profile {username!r} names keyring service {service!r} but the 'keyring' "
            "package is not installed (pip install keyring)"
        ) from None
    value = keyring.get_password(service, username)
    return str(value) if value else None


def default_profiles_path() -> Path:
    """``$MAINWP_ASYNC_PROFILES``, else ``$XDG_CONFIG_HOME/mainwp-async/profiles.toml``.

    ``XDG_CONFIG_HOME`` defaults to ``~/.config``.
    """
    explicit = os.environ.get(_ENV_PATH)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "mainwp-async" / "profiles.toml"


_FIELDS: dict[str, tuple[type, ...]] = {
    "url": (str,),
    "token_env": (str,),
    "keyring": (str,),
    "token": (str,),
    "allow_plaintext_token": (bool,),
    "scope": (str,),
    "max_concurrency": (int,),
    "rate_limit": (int, float),
    "timeout": (int, float),
    "verify_ssl": (bool,),
}


def _check_value(path: Path, name: str, key: str, value: Any) -> Any:
    where = f"{path}: [profiles.{name}] {key}"
    if key not in _FIELDS:
        known = ", ".join(sorted(_FIELDS))
        raise ConfigurationError(f"{where}: unknown key (known keys: {known})")
    types = _FIELDS[key]
    if isinstance(value, bool) and bool not in types:
        raise ConfigurationError(f"{where}: expected {types[0].__name__}, got a boolean")
    if not isinstance(value, types):
        raise ConfigurationError(
            f"{where}: expected {types[0].__name__}, got {type(value).__name__}"
        )
    return _check_range(where, key, value)


def _check_range(where: str, key: str, value: Any) -> Any:
    if key == "max_concurrency" and value < 1:
        raise ConfigurationError(f"{where}: must be at least 1")
    if key in ("rate_limit", "timeout"):
        if not (math.isfinite(value) and value > 0):
            raise ConfigurationError(f"{where}: must be a positive number")
        return float(value)
    if key == "url" and not value.strip():
        raise ConfigurationError(f"{where}: must not be empty")
    return value


def _profile_from(path: Path, name: str, table: Any) -> Profile:
    if not isinstance(table, Mapping):
        raise ConfigurationError(f"{path}: [profiles.{name}] must be a table")
    values = {key: _check_value(path, name, key, v) for key, v in table.items()}
    if "url" not in values:
        raise ConfigurationError(f"{path}: [profiles.{name}] url is required")
    return Profile(name=name, **values)


def load_profiles(path: Path | None = None) -> dict[str, Profile]:
    """Read every ``[profiles.NAME]`` table of the file (default: :func:`default_profiles_path`).

    A missing file gives ``{}``. Bad TOML, a wrong type or an unknown key raises
    :class:`~mainwp_async.errors.ConfigurationError` naming the file and key.
    """
    path = path or default_profiles_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigurationError(f"{path}: cannot read profiles file: {exc.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{path}: not valid TOML: {exc}") from None
    profiles = data.get("profiles", {})
    if not isinstance(profiles, Mapping):
        raise ConfigurationError(f"{path}: 'profiles' must be a table of [profiles.NAME] tables")
    return {name: _profile_from(path, name, table) for name, table in profiles.items()}


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x7f": "\\u007f"}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    text = str(value)
    escaped = "".join(
        _ESCAPES.get(ch) or (f"\\u{ord(ch):04x}" if ord(ch) < 0x20 else ch) for ch in text
    )
    return f'"{escaped}"'


def _toml_key(name: str) -> str:
    if name and all(ch.isalnum() or ch in "-_" for ch in name) and name.isascii():
        return name
    return _toml_value(name)


def _render(profiles: Mapping[str, Profile]) -> str:
    lines = ["# mainwp-async profiles (tokens live in the environment or a keyring)", ""]
    for name, profile in profiles.items():
        lines.append(f"[profiles.{_toml_key(name)}]")
        for field in attrs.fields(Profile):
            if field.name == "name":
                continue
            value = getattr(profile, field.name)
            if field.name == "token" and not profile.allow_plaintext_token:
                continue
            if value is None or (value == field.default and field.name != "url"):
                continue
            lines.append(f"{field.name} = {_toml_value(value)}")
        lines.append("")
    return "\n".join(lines)


def save_profile(profile: Profile, path: Path | None = None) -> None:
    """Add or replace ``profile`` in the file (created with mode 0600).

    Other profiles in the file are kept (comments are not). The token is written only
    when the profile has ``allow_plaintext_token=True``.
    """
    path = path or default_profiles_path()
    existing = load_profiles(path)
    existing[profile.name] = profile
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _render(existing)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
