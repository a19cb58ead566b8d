"""``profile add|list|remove`` and ``login``: named dashboards and their tokens.

Profiles live in the TOML file of :mod:`mainwp_async.profiles` (``$MAINWP_ASYNC_PROFILES``,
else ``~/.config/mainwp-async/profiles.toml``, written with mode 0600). ``login`` keeps
the token in the system keyring when one is available; it refuses to write a token into
the file unless ``--plaintext-token`` says so, and suggests ``--token-env`` instead.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import attrs
import click

from ..errors import ConfigurationError, MainWPError
from ..profiles import Profile, default_profiles_path, load_profiles, save_profile
from .output import Output
from .runtime import EXIT_OK, EXIT_USAGE

KEYRING_SERVICE = "mainwp-async"


def _keyring() -> Any | None:
    """The keyring module when a usable backend is configured, else None."""
    try:
        import keyring  # type: ignore[import-not-found,unused-ignore]
        from keyring.backends import fail  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    return keyring


def _load() -> dict[str, Profile]:
    try:
        return load_profiles()
    except ConfigurationError as exc:
        raise click.UsageError(str(exc)) from None


@click.group()
def profile() -> None:
    """Named dashboards in a TOML file (URL, key scope, token source, limits).

    \b
    Examples:
      mainwp-async profile add prod https://dash.example --token-env PROD_TOKEN
      mainwp-async profile add agency https://agency.example --scope read
      mainwp-async login agency                  # stores the token in the keyring
      mainwp-async profile list
      mainwp-async profile remove agency
    """


@profile.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--token-env", metavar="VAR", help="Environment variable that holds the token.")
@click.option(
    "--scope",
    type=click.Choice(["read", "write", "delete", "read_write", "auto"]),
    help="The key's scope, checked before any request (auto: look it up).  [default: none]",
)
@click.option("--max-concurrency", type=click.IntRange(1, 1024), help="Requests in flight at most.")
@click.option("--rate-limit", type=click.FloatRange(min=0.01), help="Requests per second at most.")
@click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds per request (total).")
@click.option("--no-verify-ssl", is_flag=True, help="Do not verify the TLS certificate.")
def profile_add(
    name: str,
    url: str,
    token_env: str | None,
    scope: str | None,
    max_concurrency: int | None,
    rate_limit: float | None,
    timeout: float | None,
    no_verify_ssl: bool,
) -> int:
    """Add (or replace) the profile NAME for the dashboard at URL.

    Give --token-env VAR to read the token from an environment variable, or run
    `mainwp-async login NAME` afterwards to store it in the system keyring.

    \b
    Examples:
      mainwp-async profile add prod https://dash.example --token-env PROD_TOKEN
      mainwp-async profile add lab https://lab.example --scope read --max-concurrency 4
    """
    existing = _load().get(name)
    kept: dict[str, Any] = {}
    if existing is not None:  # keep where the token lives unless told otherwise
        kept = {
            "keyring": existing.keyring,
            "token": existing.token,
            "allow_plaintext_token": existing.allow_plaintext_token,
        }
    new = Profile(
        name=name,
        url=url,
        token_env=token_env,
        scope=scope,
        max_concurrency=max_concurrency,
        rate_limit=rate_limit,
        timeout=timeout,
        verify_ssl=not no_verify_ssl,
        **kept,
    )
    save_profile(new)
    click.echo(f"saved profile {name!r} in {default_profiles_path()}", err=True)
    if not token_env and not kept.get("keyring") and not kept.get("token"):
        click.echo(
            f"next: mainwp-async login {name}   (or re-add it with --token-env VAR)", err=True
        )
    return EXIT_OK


def _source(p: Profile) -> str:
    if p.token_env:
        return f"env {p.token_env}"
    if p.keyring:
        return f"keyring {p.keyring}"
    if p.token and p.allow_plaintext_token:
        return "file (plain text)"
    return "none"


@profile.command("list")
@click.option("--json", "fmt", flag_value="json", help="One JSON document.")
@click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON object per line.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")
@click.option("--table", "fmt", flag_value="table", default=True, help="A table (the default).")
def profile_list(fmt: str) -> int:
    """List the profiles (never their tokens).

    \b
    Example:
      mainwp-async profile list --json
    """
    rows = [
        {
            "name": p.name,
            "url": p.url,
            "token": _source(p),
            "scope": p.scope,
            "max_concurrency": p.max_concurrency,
            "rate_limit": p.rate_limit,
        }
        for p in sorted(_load().values(), key=lambda p: p.name)
    ]
    Output(fmt, command="profile list").emit(rows, ("name", "url", "token", "scope"))
    return EXIT_OK


@profile.command("remove")
@click.argument("name")
def profile_remove(name: str) -> int:
    """Remove the profile NAME (and its keyring entry, if it has one).

    \b
    Example:
      mainwp-async profile remove lab
    """
    found = _load()
    if name not in found:
        raise click.UsageError(f"no profile {name!r} (known: {', '.join(sorted(found)) or 'none'})")
    gone = found.pop(name)
    path = default_profiles_path()
    tmp = path.with_name(path.name + ".rewrite")
    tmp.unlink(missing_ok=True)
    try:
        for p in found.values():
            save_profile(p, tmp)
        if not found:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.close(fd)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    ring = _keyring() if gone.keyring else None
    if ring is not None:
        with contextlib.suppress(Exception):
            ring.delete_password(gone.keyring, name)
    click.echo(f"removed profile {name!r}", err=True)
    return EXIT_OK


@click.command("login")
@click.argument("name")
@click.option("--url", help="Create the profile with this dashboard URL if it does not exist.")
@click.option(
    "--token-stdin",
    is_flag=True,
    help="Read the token from standard input instead of prompting (for scripts).",
)
@click.option(
    "--plaintext-token",
    is_flag=True,
    help="Store the token in the profiles file (mode 0600) when no keyring is available. "
    "Prefer a keyring or --token-env on `profile add`.",
)
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="Ask the dashboard for the key's scope after storing it.",
)
def login(name: str, url: str | None, token_stdin: bool, plaintext_token: bool, check: bool) -> int:
    """Store the API token of profile NAME safely (system keyring, never echoed).

    The token is the one MainWP shows when you create a REST API key
    (<secret>==<key>). Without a usable keyring the token is only written to the
    profiles file when --plaintext-token is given.

    \b
    Examples:
      mainwp-async login prod
      printf '%s' "$TOKEN" | mainwp-async login prod --token-stdin --plaintext-token
    """
    found = _load()
    current = found.get(name)
    if current is None:
        if not url:
            raise click.UsageError(f"no profile {name!r}: add it first, or pass --url")
        current = Profile(name=name, url=url)
    if token_stdin:
        token = sys.stdin.readline().strip()
    else:
        token = click.prompt("API token", hide_input=True, err=True).strip()
    try:
        from ..auth import BearerToken

        BearerToken(token)
    except ConfigurationError as exc:
        raise click.UsageError(str(exc)) from None
    ring = _keyring()
    if ring is not None:
        ring.set_password(KEYRING_SERVICE, name, token)
        updated = attrs.evolve(
            current, keyring=KEYRING_SERVICE, token=None, allow_plaintext_token=False
        )
        where = f"the system keyring (service {KEYRING_SERVICE!r})"
    elif plaintext_token:
        updated = attrs.evolve(current, token=token, allow_plaintext_token=True, keyring=None)
        where = f"{default_profiles_path()} (plain text, mode 0600)"
    else:
        click.echo(
            "error: no system keyring is available, and the token will not be written to the "
            "profiles file in plain text. Either install a keyring (pip install keyring), "
            f"or keep the token in an environment variable (mainwp-async profile add {name} "
            f"{current.url} --token-env VAR), or pass --plaintext-token.",
            err=True,
        )
        return EXIT_USAGE
    save_profile(updated)
    click.echo(f"stored the token of {name!r} in {where}", err=True)
    if check:
        _report_scope(updated)
    return EXIT_OK


def _report_scope(p: Profile) -> None:
    async def main() -> None:
        async with p.client() as mw:
            scope = await mw.detect_scope()
        if scope is None:
            click.echo(
                "could not confirm the key's scope (a write- or delete-only key "
                "cannot read the key list)",
                err=True,
            )
        else:
            click.echo(f"the dashboard accepted the key: scope {scope.value}", err=True)

    try:
        import asyncio

        asyncio.run(main())
    except MainWPError as exc:
        click.echo(f"warning: could not reach the dashboard: {type(exc).__name__}: {exc}", err=True)
