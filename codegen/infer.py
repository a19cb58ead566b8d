"""Merge many JSON samples into one shape, then into a JSON Schema.

The captures come from one dashboard in one state, so a value seen once says little:
this module records *everything* it saw for a location (kinds, whether strings were
all digits, which keys were present, whether ``[]`` stood in for an empty object) and
:func:`to_schema` only commits to a type when the evidence is consistent and not
empty.  Locations that only ever held ``null``, ``""``, ``[]`` or ``{}`` become ``{}``
(any JSON), so a value carried by another dashboard is kept instead of rejected.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Shape", "infer", "is_id_keyed", "is_map_key", "to_schema"]

_DIGITS = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
# keys that name data, not fields: ids, plugin paths (dir/file.php), files, URLs, e-mails
_MAP_KEY = re.compile(r"^(-?\d+|[^\s]*[/.@:][^\s]*)$")


def is_map_key(key: str) -> bool:
    """True for a key that is an id, a slug with a path or a dot, a URL or an e-mail."""
    return bool(_MAP_KEY.match(key))


@dataclass
class Shape:
    """Everything observed at one location of many JSON documents."""

    seen: int = 0
    nulls: int = 0
    bools: int = 0
    ints: int = 0
    floats: int = 0
    strs: int = 0
    empty_strs: int = 0
    digit_strs: int = 0
    number_strs: int = 0
    objs: int = 0
    empty_objs: int = 0
    arrs: int = 0
    empty_arrs: int = 0
    props: dict[str, Shape] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)
    obj_keys_all_ids: bool = True  # every key of every non-empty object looked like data
    items: Shape | None = None
    json_strs: int = 0  # strings holding a JSON array or object
    json_inner: Shape | None = None  # what those strings decoded to

    def add(self, value: Any) -> None:
        """Record one more sample."""
        self.seen += 1
        if value is None:
            self.nulls += 1
        elif isinstance(value, bool):
            self.bools += 1
        elif isinstance(value, int):
            self.ints += 1
        elif isinstance(value, float):
            self.floats += 1
        elif isinstance(value, str):
            self.strs += 1
            if value == "":
                self.empty_strs += 1
            elif _DIGITS.match(value):
                self.digit_strs += 1
                self.number_strs += 1
            elif _NUMBER.match(value):
                self.number_strs += 1
            elif value[:1] in "[{":
                try:
                    decoded = json.loads(value)
                except ValueError:
                    decoded = None
                if isinstance(decoded, list | dict):
                    self.json_strs += 1
                    if self.json_inner is None:
                        self.json_inner = Shape()
                    self.json_inner.add(decoded)
        elif isinstance(value, dict):
            self.objs += 1
            if not value:
                self.empty_objs += 1
            for k, v in value.items():
                if not is_map_key(str(k)):
                    self.obj_keys_all_ids = False
                self.present[k] = self.present.get(k, 0) + 1
                self.props.setdefault(k, Shape()).add(v)
        elif isinstance(value, list):
            self.arrs += 1
            if not value:
                self.empty_arrs += 1
            for v in value:
                if self.items is None:
                    self.items = Shape()
                self.items.add(v)
        else:  # pragma: no cover - JSON has no other kinds
            raise TypeError(type(value))

    def merge(self, other: Shape) -> Shape:
        """Return a new shape holding the observations of both."""
        out = Shape()
        for name in [
            "seen",
            "nulls",
            "bools",
            "ints",
            "floats",
            "strs",
            "empty_strs",
            "digit_strs",
            "number_strs",
            "objs",
            "empty_objs",
            "arrs",
            "empty_arrs",
            "json_strs",
        ]:
            setattr(out, name, getattr(self, name) + getattr(other, name))
        out.obj_keys_all_ids = self.obj_keys_all_ids and other.obj_keys_all_ids
        for src in (self, other):
            for k, v in src.props.items():
                out.props[k] = out.props[k].merge(v) if k in out.props else v.merge(Shape())
                out.present[k] = out.present.get(k, 0) + src.present.get(k, 0)
        if self.items is not None or other.items is not None:
            out.items = (self.items or Shape()).merge(other.items or Shape())
        if self.json_inner is not None or other.json_inner is not None:
            out.json_inner = (self.json_inner or Shape()).merge(other.json_inner or Shape())
        return out

    @property
    def is_json_text(self) -> bool:
        """True when every non-empty string here was JSON text and nothing else was seen."""
        non_empty = self.strs - self.empty_strs
        others = self.bools + self.ints + self.floats + self.objs + self.arrs
        return self.json_strs > 0 and self.json_strs == non_empty and others == 0

    # --- questions the schema writer asks -------------------------------------------
    @property
    def only_empty(self) -> bool:
        """True when nothing but null, "", [] or {} was ever seen here."""
        informative = (
            self.bools
            + self.ints
            + self.floats
            + (self.strs - self.empty_strs)
            + (self.objs - self.empty_objs)
            + (self.arrs - self.empty_arrs)
        )
        return informative == 0

    @property
    def is_map(self) -> bool:
        """An object keyed by ids/slugs/paths (see :func:`is_map_key`), ``[]`` when empty."""
        return self.objs > self.empty_objs and self.obj_keys_all_ids and bool(self.props)


def infer(samples: list[Any]) -> Shape:
    """Merge every sample into one :class:`Shape`."""
    shape = Shape()
    for s in samples:
        shape.add(s)
    return shape


def is_id_keyed(shape: Shape) -> bool:
    """True when ``shape`` is an id-keyed map (see :attr:`Shape.is_map`)."""
    return shape.is_map


def map_values(shape: Shape) -> Shape:
    """Merge the values of every key of an id-keyed map into one shape."""
    out = Shape()
    for v in shape.props.values():
        out = out.merge(v)
    return out


def scalar_schema(shape: Shape, *, id_like: bool = False) -> dict[str, Any]:
    """JSON Schema for a location holding scalars only ({} when undecidable)."""
    non_empty_strs = shape.strs - shape.empty_strs
    if shape.objs or shape.arrs:
        return {}
    if shape.bools and not (shape.ints or shape.floats or shape.strs):
        return {"type": "boolean"}
    if shape.bools:
        return {}
    if shape.ints and not shape.floats and non_empty_strs == shape.digit_strs:
        return {"type": "integer"}
    if id_like and non_empty_strs and non_empty_strs == shape.digit_strs and not shape.floats:
        return {"type": "integer"}
    if (shape.ints or shape.floats) and non_empty_strs == shape.number_strs:
        return {"type": "number"}
    if non_empty_strs and not (shape.ints or shape.floats):
        return {"type": "string"}
    return {}


def to_schema(shape: Shape, *, name: str = "") -> dict[str, Any]:
    """A plain JSON Schema (no ``$ref``) for ``shape``; see the module docstring."""
    if shape.only_empty:
        return {}
    if shape.is_json_text and shape.json_inner is not None:
        inner = to_schema(shape.json_inner, name=name)
        return {**inner, "x-mw-json": True} if inner else {}
    id_like = name == "id" or name.endswith("_id")
    if shape.objs and not (shape.bools or shape.ints or shape.floats):
        if shape.strs - shape.empty_strs or shape.arrs - shape.empty_arrs:
            return {}
        if shape.is_map:
            return {"type": "object", "additionalProperties": to_schema(map_values(shape))}
        return {
            "type": "object",
            "properties": {k: to_schema(v, name=k) for k, v in shape.props.items()},
        }
    if shape.arrs and not (shape.bools or shape.ints or shape.floats or shape.objs):
        if shape.strs - shape.empty_strs:
            return {}
        items = to_schema(shape.items) if shape.items is not None else {}
        return {"type": "array", "items": items}
    return scalar_schema(shape, id_like=id_like)
