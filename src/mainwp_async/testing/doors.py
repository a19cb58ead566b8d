"""Simulator state of the two other doors: v1 keys, application passwords, batch jobs.

Kept beside (not inside) :class:`~mainwp_async.testing.state.DashboardState`, one
:class:`DoorState` per dashboard state, so the v1 and Abilities handlers read and write
the *same* sites, tags, clients and updates as the v2 handlers. Tests reach it with
:func:`doors` and the helpers below::

    ck, cs = add_v1_key(dash)                      # a v1 key (and its v2 twin)
    pw = add_app_password(dash, "admin")           # an administrator's app password
    doors(dash).app_passwords_available = False    # plain-http production behaviour

Queued batch jobs live in :mod:`mainwp_async.testing.jobs` (``jobs_of(dash)``), which the
v2 routes and the abilities share: lower ``jobs_of(dash).threshold`` to queue fleet calls
on a small fleet, ``jobs_of(dash).advance(seconds)`` to move WP-Cron's clock.
"""

from __future__ import annotations

import hashlib
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .state import DashboardState

if TYPE_CHECKING:
    from .app import SimulatedDashboard

__all__ = [
    "DoorState",
    "V1Key",
    "add_app_password",
    "add_v1_key",
    "doors",
]


@dataclass
class V1Key:
    """A v1 consumer key pair with its permission letters (``r``, ``w``, ``d``)."""

    consumer_key: str
    consumer_secret: str
    perms: str = "r,w,d"


@dataclass
class AppPassword:
    """A WordPress user's application password."""

    user: str
    password: str  #: without spaces
    role: str = "administrator"


class DoorState:
    """What the v1 and Abilities handlers keep beside the shared dashboard state."""

    def __init__(self) -> None:
        self.v1_keys: dict[str, V1Key] = {}
        self.app_passwords: list[AppPassword] = []
        #: False reproduces plain-http production: Basic app passwords are ignored
        self.app_passwords_available = True


_DOORS: weakref.WeakKeyDictionary[DashboardState, DoorState] = weakref.WeakKeyDictionary()


def doors(target: SimulatedDashboard | DashboardState) -> DoorState:
    """The :class:`DoorState` of a simulated dashboard (or of its state)."""
    state = target if isinstance(target, DashboardState) else target.state
    found = _DOORS.get(state)
    if found is None:
        found = _DOORS[state] = DoorState()
    return found


def add_v1_key(dash: SimulatedDashboard, *, perms: str = "r,w,d") -> tuple[str, str]:
    """Create a v1 key as the admin page does (with its v2 twin); return ``(ck, cs)``."""
    twin = dash.state.add_key("read_write", "v1 compatibility", seed="v1")
    ck, cs = f"ck_{twin.key_hex}", f"cs_{twin.secret_hex}"
    doors(dash).v1_keys[ck] = V1Key(ck, cs, perms)
    return ck, cs


def add_app_password(
    dash: SimulatedDashboard, user: str = "admin", *, role: str = "administrator"
) -> str:
    """Create an application password for ``user``; return it as WordPress shows it."""
    d = doors(dash)
    material = hashlib.sha256(f"{user}|{role}|{len(d.app_passwords)}".encode()).hexdigest()
    bare = "".join(c for c in material if c.isalnum())[:24]
    d.app_passwords.append(AppPassword(user, bare, role))
    return " ".join(bare[i : i + 4] for i in range(0, 24, 4))
