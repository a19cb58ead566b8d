"""The simulator's route handlers, one module per API category (like the SDK's namespaces).

Importing this package registers every handler (each module's ``@handles`` decorators run
at import). To add a module, write ``handlers/<name>.py`` with ``@handles(...)`` handlers
and add its name to the import below: that one line is the whole registration. A module
for another URL namespace also calls :func:`~mainwp_async.testing.routing.register_namespace`
at import and passes ``ns=`` to ``@handles``.
"""

from __future__ import annotations

from . import (
    api_keys,
    batch,
    clients,
    costs,
    index,
    monitors,
    posts,
    settings,
    sites,
    sites_plugins_themes,
    tags,
    updates,
    users,
)

__all__ = [
    "api_keys",
    "batch",
    "clients",
    "costs",
    "index",
    "monitors",
    "posts",
    "settings",
    "sites",
    "sites_plugins_themes",
    "tags",
    "updates",
    "users",
]
