"""The typed response models of the MainWP REST API v2, for annotations and isinstance.

Every class here is an immutable attrs class built by :mod:`mainwp_async.convert` from
the server's JSON: ``from mainwp_async.models import Site, UpdateItem``. Fields the
server always sends (ids, names, URLs, statuses) are declared without ``None``; the
others are ``None`` when the answer did not carry them. Keys a model does not declare,
and values that did not fit their field, are kept in the model's ``extra`` dict.

The classes are generated a category at a time (``mainwp_async._generated.models``):
naming one here imports only the module that defines it, so ``from mainwp_async.models
import Tag`` does not pay for every other category's models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._generated import models as _models

if TYPE_CHECKING:
    from ._generated.models import *  # noqa: F403  (the generated classes are the API)

#: every generated model class, and nothing else
__all__ = list(_models.__all__)


def __getattr__(name: str) -> Any:
    """Load a model class from its generated module on first use."""
    if name in _models.MODULE_OF:
        value = getattr(_models, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
