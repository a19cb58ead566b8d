"""JSON Schema -> attrs classes, for the v1 and Abilities packages.

The v2 models go through datamodel-code-generator (:mod:`codegen.models`); the two other
doors of a dashboard need much less: the Abilities API publishes a JSON Schema for every
output, and v1 bodies are inferred with :mod:`codegen.infer` into the same kind of schema.
This module turns such schemas into attrs classes in the same style as the v2 models
(every field optional, the JSON key in ``metadata['wire']``, unknown keys in ``extra``),
so :func:`mainwp_async.convert.structure` decodes all three the same way.

Rules: ``oneOf``/``anyOf`` alternatives that are objects are merged into one class (all
fields optional anyway); ``T | null`` alternatives become ``T | None``; any schema that
says nothing certain becomes ``Any``. Nested objects get a class named after their parent
and key (``ListSitesOutput`` + ``items`` -> ``ListSitesOutputItemsItem``).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ModelSet", "camel", "py_field", "render_models"]

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def camel(text: str) -> str:
    """``get-site-v1`` / ``site_id`` -> ``GetSiteV1`` / ``SiteId``."""
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", text) if p)


def py_field(wire: str) -> str:
    """A valid, non-keyword Python identifier for the JSON key ``wire``."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", wire)
    name = re.sub(r"[^0-9A-Za-z_]", "_", snake).strip("_").lower() or "field"
    if name[0].isdigit():
        name = "f_" + name
    if keyword.iskeyword(name) or name in ("extra", "self"):
        name += "_"
    return name


def _types(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    if isinstance(t, list):
        return [str(x) for x in t]
    return [str(t)] if isinstance(t, str) else []


def _alternatives(schema: dict[str, Any]) -> list[dict[str, Any]]:
    for key in ("oneOf", "anyOf"):
        alts = schema.get(key)
        if isinstance(alts, list):
            return [a for a in alts if isinstance(a, dict)]
    return []


@dataclass
class ModelSet:
    """The classes collected so far: ``name -> (docstring, fields)`` in creation order."""

    classes: dict[str, tuple[str, list[tuple[str, str, str]]]] = field(default_factory=dict)
    uses_datetime: bool = False

    def annotation(self, schema: Any, name: str) -> str:
        """The Python type for ``schema``; object schemas become classes named ``name``."""
        if not isinstance(schema, dict) or not schema:
            return "Any"
        alts = _alternatives(schema)
        if alts:
            real = [a for a in alts if _types(a) != ["null"]]
            objects = [a for a in real if "object" in _types(a) and a.get("properties")]
            if objects and len(objects) == len(real):
                merged: dict[str, Any] = {}
                for alt in objects:
                    merged.update(alt.get("properties") or {})
                desc = str(schema.get("description") or objects[0].get("description") or "")
                return self._object({"properties": merged, "description": desc}, name)
            if len(real) == 1:
                return self.annotation({**real[0], **{"description": ""}}, name)
            return "Any"
        types = [t for t in _types(schema) if t != "null"]
        if len(types) != 1:
            scalars = [_SCALARS[t] for t in types if t in _SCALARS]
            if scalars and len(scalars) == len(types):
                return " | ".join(scalars)
            return "Any"
        kind = types[0]
        if kind in _SCALARS:
            if kind == "string" and schema.get("format") == "date-time":
                self.uses_datetime = True
                return "datetime"
            return _SCALARS[kind]
        if kind == "array":
            items = schema.get("items")
            return f"list[{self.annotation(items, name + 'Item')}]"
        if kind == "object":
            props = schema.get("properties")
            extra = schema.get("additionalProperties")
            if props:
                return self._object(schema, name)
            if isinstance(extra, dict) and extra:
                return f"dict[str, {self.annotation(extra, name + 'Value')}]"
            return "dict[str, Any]"
        return "Any"

    def _object(self, schema: dict[str, Any], name: str) -> str:
        if name in self.classes:
            return name
        fields: list[tuple[str, str, str]] = []
        self.classes[name] = (str(schema.get("description") or ""), fields)
        used: set[str] = set()
        for wire, sub in (schema.get("properties") or {}).items():
            py = py_field(str(wire))
            while py in used:
                py += "_"
            used.add(py)
            ann = self.annotation(sub, name + camel(str(wire)))
            fields.append((py, str(wire), ann))
        return name


def _docline(text: str, fallback: str) -> str:
    text = " ".join(text.split()) or fallback
    text = text.replace("\\", "\\\\").replace('"""', "'''")
    if len(text) > 88:
        text = text[:85].rsplit(" ", 1)[0] + " ..."
    return text


def render_models(models: ModelSet, *, header: str, doc: str) -> str:
    """The source of a ``models.py`` holding every class of ``models``."""
    lines = [header, f'"""{doc}"""', "", "from __future__ import annotations", ""]
    if models.uses_datetime:
        lines.append("from datetime import datetime")
    lines += ["from typing import Any", "", "import attrs", ""]
    names = sorted(models.classes)
    lines.append("__all__ = [" + ", ".join(f'"{n}"' for n in names) + "]")
    for name in names:
        desc, fields = models.classes[name]
        lines += ["", "", "@attrs.define(kw_only=True, slots=True, frozen=True)", f"class {name}:"]
        lines.append(f'    """{_docline(desc, f"Model ``{name}``.")}"""')
        lines.append("")
        for py, wire, ann in fields:
            lines.append(
                f"    {py}: {ann} | None = attrs.field(default=None, metadata={{'wire': {wire!r}}})"
            )
        lines.append(
            "    extra: dict[str, Any] = attrs.field(factory=dict, metadata={'extra': True})"
        )
    return "\n".join(lines) + "\n"
