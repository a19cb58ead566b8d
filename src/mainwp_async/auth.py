"""Credentials for the MainWP REST API, URL safety checks and secret redaction.

Two kinds of credentials exist:

* :class:`BearerToken`: the token the Dashboard shows when a key is created, sent as
  ``Authorization: Bearer <token>``. This is the normal way in.
* :class:`ConsumerKeyCredentials`: the underlying ``ck_…``/``cs_…`` pair, sent as HTTP Basic or
  as query parameters. Only for users who explicitly choose it (query parameters end up in
  server and proxy logs).

Neither class ever shows its secret in ``repr()``/``str()``; :meth:`Credentials.secrets` lists
the secret values so log and error text can be scrubbed (:mod:`mainwp_async.redact` derives
every spelling: percent-encoded, form-encoded, JSON-escaped). A new credential class only has
to implement the three methods of :class:`Credentials`; the transport keeps whatever
:meth:`Credentials.query` returns for the request's own origin, and strips the
``Authorization``/``X-Api-Key`` headers on any redirect to another origin.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import re
from typing import Literal, Protocol, runtime_checkable
from urllib.parse import quote, quote_plus

import yarl

from mainwp_async.errors import ConfigurationError, InsecureTransportError
from mainwp_async.redact import redact

__all__ = [
    "ApplicationPassword",
    "BearerToken",
    "ConsumerKeyCredentials",
    "Credentials",
    "V1ApiKey",
    "ensure_secure_url",
    "redact",
]

_HALF_RE = re.compile(r"^[A-Za-z0-9]+$")
_WS_RE = re.compile(r"\s")


@runtime_checkable
class Credentials(Protocol):
    """What the transport needs from a credential object."""

    def headers(self) -> dict[str, str]:
        """Headers to add to every request."""
        ...

    def query(self) -> dict[str, str]:
        """Query parameters to add to every request."""
        ...

    def secrets(self) -> tuple[str, ...]:
        """Every string that must never appear in logs, reprs or exception messages."""
        ...


def _variants(*values: str) -> tuple[str, ...]:
    """Return each value with its URL-encoded spellings, longest first, without duplicates."""
    out: set[str] = set()
    for value in values:
        if value:
            out.update({value, quote(value, safe=""), quote_plus(value)})
    return tuple(sorted(out, key=len, reverse=True))


def _check_key_pass(key_pass: str | None) -> str | None:
    if key_pass is None:
        return None
    if not isinstance(key_pass, str) or not key_pass:
        raise ConfigurationError("key_pass must be a non-empty string when given")
    return key_pass


class _Secret:
    """Credentials compare and hash by their values and refuse to be pickled.

    ``str()`` is the redacted ``repr()``; subclasses name what identifies them in
    :meth:`_identity` (secrets included: two objects holding different secrets differ).
    """

    __slots__ = ()

    def _identity(self) -> tuple[object, ...]:
        raise NotImplementedError

    def __str__(self) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Secret)
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash((type(self), self._identity()))

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError(f"{type(self).__name__} cannot be pickled (it holds a secret)")


class BearerToken(_Secret):
    """A MainWP API token: ``<secret hex>==<key hex>``, sent as a Bearer header.

    The server splits the token on ``==`` and treats the first half as the consumer secret
    (``cs_`` + half) and the second as the consumer key (``ck_`` + half). Surrounding
    whitespace (a trailing newline from a file) is dropped; any other deviation from that
    shape raises :class:`~mainwp_async.errors.ConfigurationError` whose message never
    contains the token.

    ``key_pass`` is the optional passphrase of legacy keys; it travels as a query parameter.
    """

    __slots__ = ("_key", "_key_pass", "_secret", "_token")

    def __init__(self, token: str, *, key_pass: str | None = None) -> None:
        if not isinstance(token, str):
            raise ConfigurationError(f"token must be a string, not {type(token).__name__}")
        token = token.strip()
        if not token:
            raise ConfigurationError("the API token is empty")
        if token[:7].lower() == "bearer ":
            raise ConfigurationError("pass the token without the 'Bearer ' prefix")
        if _WS_RE.search(token):
            raise ConfigurationError("the API token must not contain whitespace")
        secret, sep, key = token.partition("==")
        if not sep:
            raise ConfigurationError(
                "malformed API token: expected '<secret>==<key>' as shown by the Dashboard"
            )
        if secret.lower().startswith("cs_") or key.lower().startswith("ck_"):
            raise ConfigurationError(
                "malformed API token: the halves carry no 'cs_'/'ck_' prefix; for a "
                "consumer key/secret pair use ConsumerKeyCredentials"
            )
        if not (_HALF_RE.match(secret) and _HALF_RE.match(key)):
            raise ConfigurationError(
                "malformed API token: expected two non-empty alphanumeric halves around '=='"
            )
        self._token = token
        self._secret = secret
        self._key = key
        self._key_pass = _check_key_pass(key_pass)

    @property
    def key_suffix(self) -> str:
        """Last 7 characters of the consumer key ``ck_<key>``.

        This is what ``GET rest-api/keys`` lists as ``truncated_key``, so it identifies the key
        without revealing it.
        """
        return f"ck_{self._key}"[-7:]

    def headers(self) -> dict[str, str]:
        """Return the ``Authorization`` header carrying the token."""
        return {"Authorization": f"Bearer {self._token}"}

    def query(self) -> dict[str, str]:
        """``{"key_pass": …}`` when a legacy passphrase was given, else empty."""
        return {"key_pass": self._key_pass} if self._key_pass else {}

    def secrets(self) -> tuple[str, ...]:
        """Return the token, its halves (bare and prefixed), passphrase and URL spellings."""
        values = [self._token, self._secret, f"cs_{self._secret}", self._key, f"ck_{self._key}"]
        if self._key_pass:
            values.append(self._key_pass)
        return _variants(*values)

    def __repr__(self) -> str:
        return f"BearerToken(key=…{self.key_suffix})"

    def _identity(self) -> tuple[object, ...]:
        return (self._token, self._key_pass)


CredentialTransport = Literal["basic", "query", "oauth-query"]


class ConsumerKeyCredentials(_Secret):
    """A legacy ``ck_…`` consumer key and ``cs_…`` consumer secret pair.

    ``transport`` chooses how the pair travels:

    * ``"basic"``: ``Authorization: Basic base64(ck:cs)`` (default);
    * ``"query"``: ``?consumer_key=…&consumer_secret=…``;
    * ``"oauth-query"``: ``?oauth_mainwp_ck=…&oauth_mainwp_cs=…``.

    The server only accepts Basic and ``consumer_key`` query parameters over HTTPS (or from
    loopback). Query transports put the secret into access logs: prefer :class:`BearerToken`.
    """

    __slots__ = ("_ck", "_cs", "_key_pass", "_transport")

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        *,
        transport: CredentialTransport = "basic",
        key_pass: str | None = None,
    ) -> None:
        for label, value, prefix in (
            ("consumer_key", consumer_key, "ck_"),
            ("consumer_secret", consumer_secret, "cs_"),
        ):
            if not isinstance(value, str):
                raise ConfigurationError(f"{label} must be a string, not {type(value).__name__}")
            if not value.startswith(prefix) or not _HALF_RE.match(value[3:] or "!"):
                raise ConfigurationError(
                    f"malformed {label}: expected {prefix!r} followed by letters and digits"
                )
        if transport not in ("basic", "query", "oauth-query"):
            raise ConfigurationError(
                f"unknown credential transport {transport!r}; use 'basic', 'query' or 'oauth-query'"
            )
        self._ck = consumer_key
        self._cs = consumer_secret
        self._transport: CredentialTransport = transport
        self._key_pass = _check_key_pass(key_pass)

    @property
    def transport(self) -> CredentialTransport:
        """How the pair is sent."""
        return self._transport

    @property
    def key_suffix(self) -> str:
        """Last 7 characters of the consumer key (the Dashboard's ``truncated_key``)."""
        return self._ck[-7:]

    def _basic(self) -> str:
        return base64.b64encode(f"{self._ck}:{self._cs}".encode()).decode("ascii")

    def headers(self) -> dict[str, str]:
        """Return the Basic ``Authorization`` header (``basic`` transport only)."""
        if self._transport == "basic":
            return {"Authorization": f"Basic {self._basic()}"}
        return {}

    def query(self) -> dict[str, str]:
        """Return the key/secret query parameters (query transports) and ``key_pass``."""
        params: dict[str, str] = {}
        if self._transport == "query":
            params = {"consumer_key": self._ck, "consumer_secret": self._cs}
        elif self._transport == "oauth-query":
            params = {"oauth_mainwp_ck": self._ck, "oauth_mainwp_cs": self._cs}
        if self._key_pass:
            params["key_pass"] = self._key_pass
        return params

    def secrets(self) -> tuple[str, ...]:
        """Return key, secret (with and without prefix), Basic value, passphrase, URL forms."""
        values = [self._ck, self._cs, self._ck[3:], self._cs[3:], self._basic()]
        if self._key_pass:
            values.append(self._key_pass)
        return _variants(*values)

    def __repr__(self) -> str:
        return f"ConsumerKeyCredentials(key=…{self.key_suffix}, transport={self._transport!r})"

    def _identity(self) -> tuple[object, ...]:
        return (self._ck, self._cs, self._transport, self._key_pass)


def _is_loopback(host: str) -> bool:
    """Loopback by address (127.0.0.0/8, ::1) or the exact name ``localhost``.

    ``*.localhost`` names are not trusted: RFC 6761 asks resolvers to map them to loopback,
    but many system resolvers (and every /etc/hosts or DNS override) do not, so
    ``http://evil.localhost`` may well reach another machine.
    """
    name = host.lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


# A DNS name (letters, digits, hyphens; IDNs arrive punycoded) or an IP literal.
_HOST_RE = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?)+$")


def _valid_host(raw_host: str) -> bool:
    if len(raw_host) > 253:
        return False
    try:
        ipaddress.ip_address(raw_host.strip("[]"))
        return True
    except ValueError:
        pass
    return bool(_HOST_RE.match(raw_host))


def ensure_secure_url(url: str | yarl.URL, *, allow_insecure: bool = False) -> yarl.URL:
    """Validate the Dashboard's base URL and return it as a :class:`yarl.URL`.

    HTTPS is accepted for any host. Plain HTTP is accepted only for loopback hosts
    (``127.0.0.0/8``, ``::1``, exactly ``localhost``) unless ``allow_insecure`` (the client's
    ``allow_insecure_http``) is true; otherwise
    :class:`~mainwp_async.errors.InsecureTransportError` names the host. Other schemes, a
    missing host, or credentials embedded in the URL raise
    :class:`~mainwp_async.errors.ConfigurationError`. Messages never repeat the URL's
    user info, query or fragment.
    """
    if not isinstance(url, str | yarl.URL):
        raise ConfigurationError(f"base_url must be a string, not {type(url).__name__}")
    text = str(url).strip()
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in text):
        raise ConfigurationError(
            "base_url must not contain spaces or control characters (NUL, CR, LF, tab)"
        )
    parsed: yarl.URL | None = None
    try:
        parsed = url if isinstance(url, yarl.URL) else yarl.URL(text)
        raw_host = parsed.raw_host
    except (TypeError, ValueError, UnicodeError):
        parsed = None
    if parsed is None:
        raise ConfigurationError("the base URL could not be parsed")
    scheme = (parsed.scheme or "").lower()
    if scheme not in ("http", "https"):
        shown = scheme or "none"
        raise ConfigurationError(
            f"the base URL must use https (or http to a loopback host), not scheme {shown!r}"
        )
    host = parsed.host
    if not host or not raw_host:
        raise ConfigurationError("the base URL has no host name")
    if not _valid_host(raw_host):
        raise ConfigurationError(
            f"the base URL's host {raw_host[:80]!r} is not a valid host name or IP address"
        )
    if parsed.user is not None or parsed.password is not None:
        raise ConfigurationError(
            "the base URL must not contain a user name or password; pass credentials separately"
        )
    if scheme == "http" and not allow_insecure and not _is_loopback(host):
        raise InsecureTransportError(
            f"refusing to send API credentials over plain http to {host!r}: use https, or "
            "pass allow_insecure_http=True to MainWP(...) if you accept the risk",
            host=host,
        )
    return parsed


# --------------------------------------------------------------------------------------
# The two other doors: legacy v1 keys and WordPress Application Passwords
# --------------------------------------------------------------------------------------

V1Transport = Literal["header", "query"]


class V1ApiKey(_Secret):
    """A legacy MainWP REST API **v1** key: ``ck_…`` consumer key + ``cs_…`` secret.

    The pair the Dashboard makes with "Enable MainWP REST API v1 Compatibility"; pass it
    as ``MainWP(..., v1_key=V1ApiKey(ck, cs))`` for ``mw.v1.*``. ``transport``:

    * ``"header"`` (default): ``X-Api-Key: {"consumer_key": …, "consumer_secret": …}``;
      the secret stays out of access logs;
    * ``"query"``: ``?consumer_key=…&consumer_secret=…`` (lands in access logs).

    HTTP Basic with the pair is not offered: the v1 handlers never read it and answer
    401 ``{"ERROR": …}`` (captured on 6.1.2).
    """

    __slots__ = ("_ck", "_cs", "_transport")

    def __init__(
        self, consumer_key: str, consumer_secret: str, *, transport: V1Transport = "header"
    ) -> None:
        for label, value, prefix in (
            ("consumer_key", consumer_key, "ck_"),
            ("consumer_secret", consumer_secret, "cs_"),
        ):
            if not isinstance(value, str):
                raise ConfigurationError(f"{label} must be a string, not {type(value).__name__}")
            if not value.startswith(prefix) or not _HALF_RE.match(value[3:] or "!"):
                raise ConfigurationError(
                    f"malformed {label}: expected {prefix!r} followed by letters and digits"
                )
        if transport not in ("header", "query"):
            raise ConfigurationError(
                f"unknown v1 transport {transport!r}; use 'header' (X-Api-Key) or 'query' "
                "(HTTP Basic is refused by the v1 handlers)"
            )
        self._ck = consumer_key
        self._cs = consumer_secret
        self._transport: V1Transport = transport

    @property
    def transport(self) -> V1Transport:
        """How the pair travels."""
        return self._transport

    @property
    def key_suffix(self) -> str:
        """Last 7 characters of the consumer key."""
        return self._ck[-7:]

    def _json(self) -> str:
        return json.dumps(
            {"consumer_key": self._ck, "consumer_secret": self._cs}, separators=(",", ":")
        )

    def headers(self) -> dict[str, str]:
        """``X-Api-Key`` with the JSON pair (header transport only)."""
        return {"X-Api-Key": self._json()} if self._transport == "header" else {}

    def query(self) -> dict[str, str]:
        """``consumer_key``/``consumer_secret`` (query transport only)."""
        if self._transport == "query":
            return {"consumer_key": self._ck, "consumer_secret": self._cs}
        return {}

    def secrets(self) -> tuple[str, ...]:
        """Key, secret (with and without prefix), the header value, URL spellings."""
        return _variants(self._ck, self._cs, self._ck[3:], self._cs[3:], self._json())

    def __repr__(self) -> str:
        return f"V1ApiKey(key=…{self.key_suffix}, transport={self._transport!r})"

    def _identity(self) -> tuple[object, ...]:
        return (self._ck, self._cs, self._transport)


class ApplicationPassword(_Secret):
    """A WordPress Application Password of a dashboard user, for the Abilities API.

    Sent as ``Authorization: Basic base64(user:password)``. The password may keep the
    spaces WordPress shows (``abcd efgh …``) or not; both are accepted. WordPress only
    honours it over HTTPS (or on a ``local`` environment): over plain http a production
    dashboard ignores it silently and answers 401 ``rest_forbidden``, which the SDK
    reports as :class:`~mainwp_async.errors.ApplicationPasswordsUnavailableError`.
    """

    __slots__ = ("_password", "_user")

    def __init__(self, user: str, password: str) -> None:
        if not isinstance(user, str) or not user.strip() or ":" in user:
            raise ConfigurationError("user must be a non-empty WordPress login without ':'")
        if not isinstance(password, str) or not password.strip():
            raise ConfigurationError("the application password is empty")
        self._user = user.strip()
        self._password = password.strip()

    @property
    def user(self) -> str:
        """The WordPress login the password belongs to (not secret)."""
        return self._user

    def _basic(self) -> str:
        return base64.b64encode(f"{self._user}:{self._password}".encode()).decode("ascii")

    def headers(self) -> dict[str, str]:
        """The Basic ``Authorization`` header."""
        return {"Authorization": f"Basic {self._basic()}"}

    def query(self) -> dict[str, str]:
        """Nothing: an application password never travels in the URL."""
        return {}

    def secrets(self) -> tuple[str, ...]:
        """The password (with and without spaces) and the Basic value."""
        bare = self._password.replace(" ", "")
        return _variants(self._password, bare, self._basic())

    def __repr__(self) -> str:
        return f"ApplicationPassword(user={self._user!r})"

    def _identity(self) -> tuple[object, ...]:
        return (self._user, self._password)
