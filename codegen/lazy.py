"""Lines every generated lazy package shares (``models/``, ``manifest/``, ``endpoints/``).

Each such ``__init__.py`` names its contents for type checkers, then resolves a name on
first use in a module ``__getattr__`` and keeps the value in its globals. The renderers
write their own tables and lookups; the opening imports and the closing of that
``__getattr__`` (and ``__dir__``) are the same text everywhere, so they live here.
"""

from __future__ import annotations

#: the imports that open a lazy package, up to its ``if TYPE_CHECKING:`` block
OPENING = [
    "from __future__ import annotations",
    "",
    "import importlib",
    "from typing import TYPE_CHECKING, Any",
    "",
    "if TYPE_CHECKING:",
]


def getattr_closing(*dir_extra: str) -> list[str]:
    """The end of ``__getattr__`` (refuse, else keep the value) and ``__dir__``.

    ``dir_extra`` names more module globals whose keys ``dir()`` lists (e.g. tables).
    """
    listed = ", ".join(["*globals()", "*__all__", *(f"*{name}" for name in dir_extra)])
    return [
        "    else:",
        '        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
        "    globals()[name] = value",
        "    return value",
        "",
        "",
        "def __dir__() -> list[str]:",
        f"    return sorted({{{listed}}})",
        "",
    ]
