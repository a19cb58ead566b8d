"""The typed response models of the MainWP REST API v2, for annotations and isinstance.

Every class here is an immutable attrs class built by :mod:`mainwp_async.convert` from
the server's JSON: ``from mainwp_async.models import Site, UpdateItem``. Fields the
server always sends (ids, names, URLs, statuses) are declared without ``None``; the
others are ``None`` when the answer did not carry them. Keys a model does not declare,
and values that did not fit their field, are kept in the model's ``extra`` dict.
"""

from __future__ import annotations

from ._generated import models as _models
from ._generated.models import *  # noqa: F403  (the generated classes are the API)

__all__ = sorted(  # every generated model class, and nothing else
    name
    for name, value in vars(_models).items()
    if isinstance(value, type) and hasattr(value, "__attrs_attrs__")
)
