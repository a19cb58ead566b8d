"""What the generated Abilities manifest describes: one ability, its input, its run verb."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["AbilitySpec", "InputParam"]


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
