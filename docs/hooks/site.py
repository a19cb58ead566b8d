"""MkDocs hooks: drop nav entries whose page does not exist yet; tidy Sphinx roles.

Other branches add guide pages (security, fleet, safety, v1, abilities) on their own
schedule; listing them in ``mkdocs.yml`` up front keeps the nav in one place, and this
hook keeps ``mkdocs build --strict`` green until each page lands. A section left empty
is dropped too. The docstrings use Sphinx roles (``:class:`~pkg.Name```) that the
Google-style renderer shows verbatim; :func:`on_page_content` turns them into plain code.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any


def _keep(entry: Any, docs: Path) -> Any:
    if isinstance(entry, str):
        return (
            entry if entry.startswith(("http://", "https://")) or (docs / entry).exists() else None
        )
    if isinstance(entry, dict):
        kept = {}
        for title, value in entry.items():
            if isinstance(value, list):
                children = [c for c in (_keep(v, docs) for v in value) if c is not None]
                if children:
                    kept[title] = children
            elif _keep(value, docs) is not None:
                kept[title] = value
        return kept or None
    return entry


def on_config(config: Any, **kwargs: Any) -> Any:
    """Filter ``config['nav']`` down to pages that exist."""
    nav = config.get("nav")
    if nav:
        docs = Path(config["docs_dir"])
        config["nav"] = [e for e in (_keep(item, docs) for item in nav) if e is not None]
    return config


_ROLE = re.compile(r":(?:class|func|meth|attr|mod|data|exc|obj):<code>(~?)([\w.]+)</code>")


def _role(match: re.Match[str]) -> str:
    short, name = match.group(1), match.group(2)
    return f"<code>{name.rsplit('.', 1)[-1] if short else name}</code>"


def on_page_content(html: str, **kwargs: Any) -> str:
    """``:class:`~a.b.C``` rendered as ``C`` (and without ``~``, the full name)."""
    return _ROLE.sub(_role, html)
