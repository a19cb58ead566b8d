"""The simulated dashboard's records: sites, clients, tags, costs, API keys, tool jobs.

Each record is kept in a convenient Python form; :mod:`.render` prints it the way the
6.1.2 server does. Also the small PHP-compatible encoders the records need.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ApiKey",
    "Client",
    "Cost",
    "Job",
    "Site",
    "Tag",
    "iso_date",
    "mysql_date",
    "php_json",
]

JSON = Any


def php_json(value: JSON) -> str:
    """Encode like PHP's ``json_encode``: compact, ASCII, ``/`` escaped, ``{}`` empty as ``[]``."""
    if isinstance(value, dict) and not value:
        return "[]"
    return json.dumps(value, separators=(",", ":"), ensure_ascii=True).replace("/", "\\/")


def mysql_date(ts: int) -> str:
    """Format unix seconds as ``YYYY-MM-DD HH:MM:SS`` (UTC)."""
    return _dt.datetime.fromtimestamp(ts, _dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def iso_date(ts: int) -> str:
    """Format unix seconds as ``YYYY-MM-DDTHH:MM:SS`` without offset (UTC)."""
    return _dt.datetime.fromtimestamp(ts, _dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


@dataclass
class Site:
    """A child site. ``fields`` holds the plain string columns of the site row."""

    id: int
    fields: dict[str, str]
    tags: list[int] = field(default_factory=list)
    client_id: int = 0
    plugins: list[dict[str, Any]] = field(default_factory=list)
    themes: list[dict[str, Any]] = field(default_factory=list)
    plugin_upgrades: dict[str, Any] = field(default_factory=dict)
    theme_upgrades: dict[str, Any] = field(default_factory=dict)
    wp_upgrades: Any = field(default_factory=list)
    translation_upgrades: Any = field(default_factory=list)
    #: updates applied on the child but not yet seen by the dashboard: (kind, slug) -> version
    applied: dict[tuple[str, str], str] = field(default_factory=dict)
    #: the child's ``plugins_outdate_info`` / ``themes_outdate_info``: slug -> info
    abandoned_plugins: dict[str, dict[str, Any]] = field(default_factory=dict)
    abandoned_themes: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the site row's ``ignored_plugins`` / ``ignored_themes`` as PHP arrays (int or str keys)
    ignored_plugins: dict[Any, Any] = field(default_factory=dict)
    ignored_themes: dict[Any, Any] = field(default_factory=dict)
    #: what the dashboard records in ``sync_errors`` the next time it contacts the child
    #: (``""``: the child answers; see :mod:`.connection`)
    child_error: str = ""
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    next_post_id: int = 100

    @property
    def name(self) -> str:
        """Site name."""
        return self.fields["name"]

    @property
    def url(self) -> str:
        """Site URL (with trailing slash)."""
        return self.fields["url"]

    @property
    def suspended(self) -> bool:
        """The ``suspended`` column is set."""
        return self.fields.get("suspended", "0") not in ("", "0")

    @property
    def status(self) -> str:
        """``connected``, ``disconnected`` (sync errors recorded) or ``suspended``.

        Derived like ``class-mainwp-rest-sites-controller.php::prepare_item_for_response``: a
        non-empty ``sync_errors`` column means disconnected, ``suspended`` wins.
        """
        if self.suspended:
            return "suspended"
        return "disconnected" if self.fields.get("sync_errors") else "connected"


@dataclass
class Client:
    """A client; ``fields`` uses the wire names of :data:`CLIENT_LIST_KEYS` (minus ``id``)."""

    id: int
    fields: dict[str, str]
    #: rows of the client contacts table by contact id (``contact_*`` and social columns)
    contacts: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def primary_contact(self) -> dict[str, str] | None:
        """The contact ``primary_contact_id`` points at, if it exists."""
        cid = self.fields.get("primary_contact_id", "0")
        return self.contacts.get(int(cid)) if cid.isdigit() else None


@dataclass
class Tag:
    """A tag (a site group)."""

    id: int
    name: str
    color: str = ""


@dataclass
class Cost:
    """A cost-tracker entry; dates are unix seconds, id lists are ints."""

    id: int
    name: str
    type: str = "subscription"
    product_type: str = "service"
    slug: str = ""
    url: str = ""
    license_type: str = "single_site"
    cost_status: str = "active"
    payment_method: str = "paypal"
    price: float = 0.0
    renewal_type: str = "monthly"
    last_renewal: int = 0
    next_renewal: int = 0
    last_alert: int = 0
    cost_icon: str = ""
    cost_color: str = "#1e88e5"
    sites: list[int] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)
    clients: list[int] = field(default_factory=list)
    note: str = ""


@dataclass
class ApiKey:
    """A REST API key. ``token`` is what a client sends (``<secret>==<key>``)."""

    id: int
    description: str
    scope: str
    key_hex: str
    secret_hex: str
    active: bool = True
    last_access: str = ""
    user_id: int = 1

    @property
    def token(self) -> str:
        """Bearer token for this key."""
        return f"{self.secret_hex}=={self.key_hex}"

    def __repr__(self) -> str:
        return f"ApiKey(id={self.id}, scope={self.scope!r}, active={self.active}, secret=***)"


@dataclass
class Job:
    """A background tool job (destroy-sessions, renew-connections, disconnect-all-sites)."""

    id: str
    kind: str
    total: int
    polls: int = 0
    done: bool = False
    completed_at: int = 0
