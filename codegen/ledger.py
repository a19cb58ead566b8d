"""The field ledger: every response field type that a capture cannot tell, decided.

``codegen/ledger.toml`` holds one table per model class and one entry per field::

    [Site]
    sync_errors = { type = "str", src = "db:get_sql_websites_for_current_user" }
    id = { type = "int", required = true, src = "sites:get_pre_formatted_item_data" }
    extra_html = { type = "any", reason = "free-form; what a filter hook returns" }

``type`` uses the overrides type language (``int``, ``json:list[int]``, ``map[Plugin]``,
a class name ...). ``src`` names where the decision comes from: ``<file alias>:<PHP
function>`` with the aliases of the ``[sources]`` table, or ``routes_help``/``captures``.
``required = true`` marks a field the server's code always sends (the model then
declares it without ``None``). ``any`` is only accepted with a ``reason``.
``_same_as = "Other"`` gives a class every decision of ``Other`` (none required).
``key_from = "Name"`` on a map field: entries the server wrote by position (a JSON list,
or ``"0"``, ``"1"`` keys) are keyed by that field of their value instead.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Decision", "Ledger", "load_ledger"]

LEDGER_PATH = Path(__file__).resolve().parent / "ledger.toml"


@dataclass(frozen=True)
class Decision:
    """One field's recorded type and where it was decided."""

    cls: str
    field: str
    type: str
    src: str = ""
    reason: str = ""
    required: bool = False
    #: a map whose entries written by position ("0", "1", or a JSON list) carry their
    #: real key in this field of the value (see ``key_from`` in convert.py)
    key_from: str = ""

    @property
    def from_php(self) -> bool:
        """True when the decision names a PHP function of the dashboard or child."""
        alias = self.src.split(":", 1)[0]
        return ":" in self.src and alias not in ("routes_help", "captures", "openapi")


@dataclass
class Ledger:
    """All decisions, by class then wire key, and the source file aliases."""

    decisions: dict[str, dict[str, Decision]]
    sources: dict[str, str]
    same_as: dict[str, str] = field(default_factory=dict)

    def get(self, cls: str, key: str) -> Decision | None:
        """The decision for ``cls.key``, if any."""
        return self.decisions.get(cls, {}).get(key)

    def required(self, cls: str) -> list[str]:
        """Wire keys of ``cls`` the server always sends."""
        return [k for k, d in self.decisions.get(cls, {}).items() if d.required]

    def all(self) -> list[Decision]:
        """Every decision, in file order."""
        return [d for table in self.decisions.values() for d in table.values()]


def load_ledger(path: Path = LEDGER_PATH) -> Ledger:
    """Read and validate the ledger; a bad entry raises ``ValueError`` naming it."""
    raw = tomllib.loads(path.read_text())
    sources: dict[str, str] = dict(raw.pop("sources", {}))
    decisions: dict[str, dict[str, Decision]] = {}
    same_as: dict[str, str] = {}
    for cls, table in raw.items():
        for key, entry in table.items():
            if key == "_same_as":  # the fields of another class, none of them required
                same_as[cls] = str(entry)
                continue
            where = f"{path.name} [{cls}] {key}"
            if not isinstance(entry, dict) or "type" not in entry:
                raise ValueError(f"{where}: needs a table with a type")
            d = Decision(
                cls=cls,
                field=key,
                type=str(entry["type"]),
                src=str(entry.get("src", "")),
                reason=str(entry.get("reason", "")),
                required=bool(entry.get("required", False)),
                key_from=str(entry.get("key_from", "")),
            )
            if d.type.split(":")[-1] == "any" or "[any]" in d.type:
                if not d.reason:
                    raise ValueError(f"{where}: an 'any' type needs a reason")
            elif not d.src:
                raise ValueError(f"{where}: needs a src (file alias:function)")
            alias = d.src.split(":", 1)[0]
            if ":" in d.src and alias not in sources and alias not in ("routes_help", "captures"):
                raise ValueError(f"{where}: unknown source alias {alias!r}")
            decisions.setdefault(cls, {})[key] = d
    for cls, base in same_as.items():
        if base not in decisions:
            raise ValueError(f"{path.name} [{cls}] _same_as: no class {base!r}")
        own = decisions.get(cls, {})
        inherited = {
            k: Decision(cls, k, d.type, d.src, d.reason, required=False, key_from=d.key_from)
            for k, d in decisions[base].items()
        }
        decisions[cls] = {**inherited, **own}
    return Ledger(decisions=decisions, sources=sources, same_as=same_as)
