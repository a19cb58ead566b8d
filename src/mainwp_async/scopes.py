"""API key scopes and the client-side scope check.

MainWP keys carry one of four scopes. The server checks them against the HTTP method alone,
before routing, and refuses with a 401. Knowing the key's scope lets the client refuse the same
requests before sending anything (:func:`check_scope`).

Matrix enforced by MainWP 6.1.2 (verified by captures):

============  ========  ==============  ======  =======
scope         GET/HEAD  POST/PUT/PATCH  DELETE  OPTIONS
============  ========  ==============  ======  =======
read          yes       no              no      yes
write         no        yes             yes     yes
delete        no        no              yes     yes
read_write    yes       yes             yes     yes
============  ========  ==============  ======  =======
"""

from __future__ import annotations

import enum
import re

from mainwp_async._spec import EndpointSpec, Permission
from mainwp_async.errors import ConfigurationError, ScopeError

__all__ = ["Scope", "check_scope"]


class Scope(enum.Enum):
    """The permission set stored on a MainWP API key."""

    READ = "read"
    WRITE = "write"  #: labelled "Write & Delete" in the Dashboard: it may DELETE too
    DELETE = "delete"  #: may only DELETE (cannot be created through the UI or add-key)
    READ_WRITE = "read_write"

    @classmethod
    def parse(cls, value: str | Scope) -> Scope:
        """Return the scope named by ``value``.

        Accepts a :class:`Scope`, the server's names (``read``, ``write``, ``delete``,
        ``read_write``) in any case, and the spellings ``read-write``, ``read write``,
        ``readwrite``, ``read+write``, ``read,write`` and ``rw``. Anything else raises
        :class:`~mainwp_async.errors.ConfigurationError`.
        """
        if isinstance(value, Scope):
            return value
        if not isinstance(value, str):
            raise ConfigurationError(f"scope must be a string or Scope, not {type(value).__name__}")
        norm = re.sub(r"[\s\-+,&/]+", "_", value.strip().lower())
        scope = _ALIASES.get(norm)
        if scope is None:
            choices = ", ".join(s.value for s in cls)
            shown = repr(value)
            if len(shown) > 40:  # cut the quoted form: escapes can make it ten times the text
                shown = shown[:37] + "..."
            raise ConfigurationError(f"unknown API key scope {shown}; expected one of {choices}")
        return scope

    def allows(self, permission: Permission | None) -> bool:
        """Whether a key with this scope may make a request needing ``permission``.

        ``None`` stands for a method that needs no permission (OPTIONS) and is always allowed.
        """
        if permission is None:
            return True
        return permission in _MATRIX[self]


_MATRIX: dict[Scope, frozenset[Permission]] = {
    Scope.READ: frozenset({Permission.READ}),
    Scope.WRITE: frozenset({Permission.WRITE, Permission.DELETE}),
    Scope.DELETE: frozenset({Permission.DELETE}),
    Scope.READ_WRITE: frozenset({Permission.READ, Permission.WRITE, Permission.DELETE}),
}

_ALIASES: dict[str, Scope] = {
    "read": Scope.READ,
    "write": Scope.WRITE,
    "delete": Scope.DELETE,
    "read_write": Scope.READ_WRITE,
    "readwrite": Scope.READ_WRITE,
    "rw": Scope.READ_WRITE,
}

_KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def check_scope(spec: EndpointSpec, scope: Scope | None, *, method: str | None = None) -> None:
    """Raise :class:`~mainwp_async.errors.ScopeError` if ``scope`` cannot call ``spec``.

    Pure and I/O-free: meant to run before a request is sent. ``scope=None`` (unknown) skips
    the check. ``method`` overrides ``spec.method`` when the caller sends one of the route's
    alias verbs; the permission is then derived from that verb, as the server does. An
    unsupported verb raises :class:`~mainwp_async.errors.ConfigurationError`.
    """
    if method is None:
        needed: Permission | None = spec.permission
        verb = spec.method.upper()
    else:
        verb = method.upper()
        if verb not in _KNOWN_METHODS:
            raise ConfigurationError(f"unsupported HTTP method {method!r} for {spec.qualname}")
        needed = Permission.for_method(verb)
    if scope is None or scope.allows(needed):
        return
    assert needed is not None  # allows(None) is always True
    raise ScopeError(
        f"the API key's {scope.value!r} scope does not allow {needed.value} requests "
        f"({verb} needs {_needs_text(needed)})",
        status=None,
        endpoint=spec.qualname,
        needed=needed,
        has=scope,
    )


def _needs_text(needed: Permission) -> str:
    allowed = [s.value for s in Scope if s.allows(needed)]
    return " or ".join(allowed)
