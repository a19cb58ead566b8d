"""What the generated Abilities manifest describes: one ability, its input, its run verb."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["AbilityCategory", "AbilityDefinition", "AbilitySpec", "InputParam"]


@attrs.frozen(kw_only=True)
class InputParam:
    """One property of an ability's input schema."""

    name: str  #: the JSON property name
    python_name: str  #: keyword argument name of the generated method
    type: str = "any"  #: string, integer, number, boolean, array, object or any
    required: bool = False
    enum: tuple[str, ...] | None = None
    description: str = ""


@attrs.frozen(kw_only=True)
class AbilitySpec:
    """One ability as ``abilities.json`` lists it."""

    name: str  #: e.g. ``mainwp/get-site-v1``
    method_name: str  #: e.g. ``get_site``
    method: str  #: the verb ``/run`` accepts: GET (readonly), DELETE, or POST
    category: str = ""
    params: tuple[InputParam, ...] = ()
    input_nullable: bool = True  #: whether the ability runs without any input
    output_model: Any = None  #: attrs class of the output, or ``None`` (raw JSON)
    readonly: bool = False
    destructive: bool = False
    idempotent: bool = False
    label: str = ""

    @property
    def qualname(self) -> str:
        """How errors name it: ``abilities.get_site``."""
        return f"abilities.{self.method_name}"

    @property
    def run_path(self) -> str:
        """Path below ``/wp-json/wp-abilities/v1``."""
        return f"/abilities/{self.name}/run"


@attrs.define(kw_only=True, slots=True, frozen=True)
class AbilityDefinition:
    """One ability as ``GET abilities`` / ``GET abilities/{name}`` describe it."""

    name: str | None = attrs.field(default=None, metadata={"wire": "name"})
    label: str | None = attrs.field(default=None, metadata={"wire": "label"})
    description: str | None = attrs.field(default=None, metadata={"wire": "description"})
    category: str | None = attrs.field(default=None, metadata={"wire": "category"})
    input_schema: Any = attrs.field(default=None, metadata={"wire": "input_schema"})
    output_schema: Any = attrs.field(default=None, metadata={"wire": "output_schema"})
    meta: Any = attrs.field(default=None, metadata={"wire": "meta"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})

    @property
    def annotations(self) -> dict[str, Any]:
        """``meta.annotations``: readonly, destructive, idempotent, instructions."""
        meta = self.meta if isinstance(self.meta, dict) else {}
        found = meta.get("annotations")
        return dict(found) if isinstance(found, dict) else {}


@attrs.define(kw_only=True, slots=True, frozen=True)
class AbilityCategory:
    """One ability category (``GET categories``)."""

    slug: str | None = attrs.field(default=None, metadata={"wire": "slug"})
    label: str | None = attrs.field(default=None, metadata={"wire": "label"})
    description: str | None = attrs.field(default=None, metadata={"wire": "description"})
    meta: Any = attrs.field(default=None, metadata={"wire": "meta"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})
