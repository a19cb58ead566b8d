"""What the v1 and Abilities clients share: a root URL, a credential, one send loop.

A dashboard has three REST doors, each with its own credential: MainWP v2
(``/wp-json/mainwp/v2``, Bearer token), legacy v1 (``/wp-json/mainwp/v1``, consumer key +
secret) and the WordPress Abilities API (``/wp-json/wp-abilities/v1``, a WordPress
Application Password). :class:`Door` sends one request through the client's transport
(same session, limits, timeout, retry policy and redaction) with its own root and
credential, and raises :class:`CredentialRequiredError` before any I/O when the client
was built without that credential.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from yarl import URL

from .errors import ConfigurationError, CredentialRequiredError, TransportError
from .transport import WireRequest, WireResponse

if TYPE_CHECKING:
    from .auth import Credentials
    from .client import MainWP

__all__ = ["CredentialRequiredError", "Door", "site_root"]

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


class _Named(Protocol):
    @property
    def qualname(self) -> str: ...


def site_root(client: MainWP) -> str:
    """The dashboard's site URL (``https://dash.example``), without ``/wp-json/...``."""
    root = str(client._root)
    return root[: -len("/wp-json/mainwp/v2")] if root.endswith("/wp-json/mainwp/v2") else root


class Door:
    """One non-v2 API of the dashboard reached through ``client``'s transport."""

    def __init__(
        self,
        client: MainWP,
        *,
        prefix: str,
        credentials: Callable[[], Credentials | None],
        needed: str,
        what: str,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._credentials = credentials
        self._needed = needed
        self._what = what

    @property
    def root(self) -> str:
        """``https://dash.example/wp-json/<prefix>``."""
        return site_root(self._client) + self._prefix

    def credentials(self, endpoint: str) -> Credentials:
        """Return the credential, or raise :class:`CredentialRequiredError` naming ``endpoint``."""
        creds = self._credentials()
        if creds is None:
            raise CredentialRequiredError(
                f"{endpoint} is a {self._what} call: pass {self._needed}=... to MainWP() "
                f"(the MainWP v2 token is not accepted there)",
                needed=self._needed,
            )
        return creds

    async def send(
        self,
        spec: _Named,
        method: str,
        path: str,
        *,
        query: Sequence[tuple[str, str]] = (),
        body: bytes | None = None,
        content_type: str | None = None,
        idempotent: bool = False,
        authenticate: bool = True,
    ) -> WireResponse:
        """Send one request below this door's root, retrying only where it is safe."""
        client = self._client
        headers = {"Accept": "application/json"}
        params = list(query)
        if authenticate:
            creds = self.credentials(spec.qualname)
            headers.update(creds.headers())
            params.extend(creds.query().items())
        if content_type:
            headers["Content-Type"] = content_type
        request = WireRequest(
            method=method,
            url=URL(self.root + path, encoded=True),
            headers=headers,
            params=tuple(params),
            body=body,
        )
        label: Any = spec  # an EndpointSpec or AbilitySpec: both have ``qualname``
        safe = method in _SAFE or idempotent
        attempt = 0
        while True:
            try:
                wire = await client._transport.send(request, client._timeout)
            except TransportError as exc:
                if not client._retry.should_retry(
                    attempt=attempt, method=method, idempotent=safe, error=exc
                ):
                    raise
                await client._pause(label, attempt, None, type(exc).__name__)
                attempt += 1
                continue
            if wire.status in client._retry.retry_statuses and client._retry.should_retry(
                attempt=attempt, method=method, idempotent=safe, status=wire.status
            ):
                await client._pause(
                    label, attempt, wire.headers, f"HTTP {wire.status}", status=wire.status
                )
                attempt += 1
                continue
            return wire


class NoV2Credentials:
    """Stands in for the MainWP v2 credential of a client made only for v1/Abilities."""

    def headers(self) -> dict[str, str]:
        """Refuse: a v2 call needs ``token=``."""
        raise CredentialRequiredError(
            "this is a MainWP REST v2 call: pass token=... to MainWP() (a v1 key or an "
            "application password is not accepted by /wp-json/mainwp/v2)",
            needed="token",
        )

    def query(self) -> dict[str, str]:
        """Nothing."""
        return {}

    def secrets(self) -> tuple[str, ...]:
        """Nothing to hide."""
        return ()

    def __repr__(self) -> str:
        return "NoV2Credentials()"


def door_credentials(**given: Credentials | None) -> tuple[Credentials, ...]:
    """The door credentials that were given (checking their types)."""
    from .auth import ApplicationPassword, V1ApiKey

    expected = {"v1_key": V1ApiKey, "app_password": ApplicationPassword}
    out = []
    for name, value in given.items():
        if value is None:
            continue
        if not isinstance(value, expected[name]):
            raise ConfigurationError(
                f"{name}= takes a {expected[name].__name__}, not {type(value).__name__}"
            )
        out.append(value)
    return tuple(out)


def door_secrets(*creds: Credentials | None) -> tuple[str, ...]:
    """Every secret of the given credentials, for the transport's redaction list."""
    out: list[str] = []
    for c in creds:
        if c is not None:
            out.extend(c.secrets())
    return tuple(out)


def clean_args(args: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments the caller gave (``None`` means left out)."""
    return {k: v for k, v in args.items() if v is not None}
