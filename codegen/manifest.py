"""Render the v2 manifest from the endpoint plans: a module per category, and the index.

``manifest/<category>.py`` holds that category's ``EndpointSpec`` constants (their models
taken from ``models/<category>.py``); ``manifest/__init__.py`` holds only the route table
(``ROUTES``: qualname, methods and route regex, in collection order), a constant ->
category table, :func:`endpoint` and a module ``__getattr__`` that imports a category on
first use (``ENDPOINTS`` and ``BY_QUALNAME`` gather every category). ``manifest.json`` is
the same manifest for non-Python tools. Python text is returned unformatted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from codegen import lazy
from codegen.endpoints import HEADER, EndpointPlan, ParamPlan

__all__ = ["render_manifest_category", "render_manifest_init", "render_manifest_json"]


def _literal(value: Any) -> str:
    if isinstance(value, list):
        value = tuple(value)
    return repr(value)


def _param_spec(p: ParamPlan) -> str:
    ir = p.ir
    fields = [
        f"name={ir.name!r}",
        f"python_name={p.python_name!r}",
        f"location=ParamLocation.{ir.location.upper()}",
        f"type={ir.type!r}",
    ]
    if ir.required or p.is_path:
        fields.append("required=True")
    if ir.enum is not None:
        fields.append(f"enum={tuple(ir.enum)!r}")
    if ir.default is not None:
        fields.append(f"default={_literal(ir.default)}")
    if ir.description:
        fields.append(f"description={' '.join(ir.description.split())!r}")
    return "ParamSpec(" + ", ".join(fields) + ")"


def _body_member(encoding: str) -> str:
    return {
        "none": "NONE",
        "json": "JSON",
        "json-strict": "JSON_STRICT",
        "form": "FORM",
        "multipart": "MULTIPART",
    }[encoding or "none"]


def _paging_member(paging: str) -> str:
    return (paging or "none").upper().replace("-", "_")


def _reexports(names: Sequence[str], source: str, indent: str = "    ") -> list[str]:
    if not names:
        return []
    return [
        f"{indent}from {source} import (",
        *(f"{indent}    {n} as {n}," for n in names),
        f"{indent})",
    ]


def _spec_source(p: EndpointPlan) -> list[str]:
    r = p.request
    params = ", ".join(_param_spec(pp) for pp in p.params)
    resp = f"models.{p.response_model}" if p.response_model else "None"
    item = f"models.{p.item_model}" if p.item_model else "None"
    return [
        "",
        f"{p.const} = EndpointSpec(",
        f"    category={r.category!r},",
        f"    name={p.name!r},",
        f"    method={r.method.upper()!r},",
        f"    methods={tuple(m.upper() for m in r.methods)!r},",
        f"    path={r.path!r},",
        f"    route={r.route!r},",
        f"    params=({params}{',' if len(p.params) == 1 else ''}),",
        f"    body_encoding=BodyEncoding.{_body_member(r.body_encoding)},",
        f"    permission=Permission.{p.permission},",
        f"    response_model={resp},",
        f"    item_model={item},",
        f"    paging=PagingKind.{_paging_member(r.paging)},",
        f"    idempotent={p.idempotent!r},",
        f"    summary={p.summary!r},",
        f"    declared_args={tuple(r.declared_args)!r},",
        ")",
    ]


def render_manifest_category(category: str, plans: Sequence[EndpointPlan]) -> str:
    """``manifest/<category>.py``: that category's ``EndpointSpec`` constants."""
    uses_models = any(p.response_model or p.item_model for p in plans)
    out = [
        HEADER,
        f'"""The ``{category}`` endpoints of the MainWP REST API v2 as ``EndpointSpec``."""',
        "",
        "from __future__ import annotations",
        "",
        "from ..._spec import (",
        "    BodyEncoding,",
        "    EndpointSpec,",
        "    PagingKind,",
        "    ParamLocation,",
        "    ParamSpec,",
        "    Permission,",
        ")",
        *([f"from ..models import {category} as models"] if uses_models else []),
        "",
        "__all__ = [",
        '    "BY_QUALNAME",',
        '    "ENDPOINTS",',
        *(f'    "{p.const}",' for p in sorted(plans, key=lambda p: p.const)),
        "]",
        "",
    ]
    for p in plans:
        out += _spec_source(p)
    out += [
        "",
        f"#: The ``{category}`` endpoints, in the order of the Postman collection.",
        "ENDPOINTS: tuple[EndpointSpec, ...] = (",
        *(f"    {p.const}," for p in plans),
        ")",
        "",
        "#: ``category.name`` -> spec.",
        "BY_QUALNAME: dict[str, EndpointSpec] = {spec.qualname: spec for spec in ENDPOINTS}",
        "",
    ]
    return "\n".join(out)


def render_manifest_init(plans: Sequence[EndpointPlan], categories: Sequence[str]) -> str:
    """``manifest/__init__.py``: the route table, and every spec loaded on first use."""
    out = [
        HEADER,
        '"""Every MainWP REST API v2 endpoint as an ``EndpointSpec``, loaded a category at a time.',
        "",
        "``ROUTES`` (qualname, methods, route regex, in collection order) is enough to match a",
        "path to an endpoint; :func:`endpoint` then loads only that endpoint's category (its",
        "specs and models). A constant (``SITES_GET``), ``ENDPOINTS`` or ``BY_QUALNAME`` read",
        "here imports its category module(s) on first use and is kept.",
        '"""',
        "",
        *lazy.OPENING,
        "    from ..._spec import EndpointSpec",
    ]
    for c in categories:
        out += _reexports(sorted(p.const for p in plans if p.category == c), f".{c}")
    out += [
        "",
        "    ENDPOINTS: tuple[EndpointSpec, ...]",
        "    BY_QUALNAME: dict[str, EndpointSpec]",
        "",
        "__all__ = [",
        '    "BY_QUALNAME",',
        '    "CATEGORIES",',
        '    "ENDPOINTS",',
        '    "MODULE_OF",',
        '    "ROUTES",',
        '    "endpoint",',
        *(f'    "{p.const}",' for p in sorted(plans, key=lambda p: p.const)),
        "]",
        "",
        "#: the categories, each a submodule holding its specs",
        f"CATEGORIES: tuple[str, ...] = {tuple(categories)!r}",
        "",
        "#: (qualname, methods, route regex) of every endpoint, in the order of the collection",
        "ROUTES: tuple[tuple[str, tuple[str, ...], str], ...] = (",
        *(
            f"    ({p.request.category + '.' + p.name!r}, "
            f"{tuple(m.upper() for m in p.request.methods)!r}, {p.request.route!r}),"
            for p in plans
        ),
        ")",
        "",
        "#: spec constant -> the category submodule defining it",
        "MODULE_OF: dict[str, str] = {",
        *(f'    "{p.const}": {p.category!r},' for p in sorted(plans, key=lambda p: p.const)),
        "}",
        "",
        "",
        "def endpoint(qualname: str) -> EndpointSpec:",
        '    """The spec named ``category.name``, importing only its category (or KeyError)."""',
        '    category = qualname.partition(".")[0]',
        "    if category not in CATEGORIES:",
        "        raise KeyError(qualname)",
        '    module = importlib.import_module(f"{__name__}.{category}")',
        "    spec: EndpointSpec = module.BY_QUALNAME[qualname]",
        "    return spec",
        "",
        "",
        "def __getattr__(name: str) -> Any:",
        '    """Import the category behind ``name`` on first use, then keep the value here."""',
        "    module = MODULE_OF.get(name)",
        "    if module is not None:",
        '        value: Any = getattr(importlib.import_module(f"{__name__}.{module}"), name)',
        '    elif name == "ENDPOINTS":',
        "        value = tuple(endpoint(qualname) for qualname, _, _ in ROUTES)",
        '    elif name == "BY_QUALNAME":',
        '        specs = globals().get("ENDPOINTS") or __getattr__("ENDPOINTS")',
        "        value = {spec.qualname: spec for spec in specs}",
        *lazy.getattr_closing(),
    ]
    return "\n".join(out)


def render_manifest_json(plans: Sequence[EndpointPlan]) -> str:
    """``manifest.json``: the manifest for non-Python tools (models as class-name strings)."""
    endpoints = []
    for p in plans:
        r = p.request
        endpoints.append(
            {
                "qualname": f"{r.category}.{p.name}",
                "category": r.category,
                "name": p.name,
                "method": r.method.upper(),
                "methods": [m.upper() for m in r.methods],
                "path": r.path,
                "route": r.route,
                "params": [
                    {
                        "name": pp.ir.name,
                        "python_name": pp.python_name,
                        "location": pp.ir.location,
                        "type": pp.ir.type,
                        "required": bool(pp.ir.required or pp.is_path),
                        "enum": list(pp.ir.enum) if pp.ir.enum is not None else None,
                        "default": pp.ir.default,
                        "description": " ".join(pp.ir.description.split()),
                    }
                    for pp in p.params
                ],
                "body_encoding": r.body_encoding or "none",
                "permission": p.permission.lower(),
                "response_model": p.response_model,
                "item_model": p.item_model,
                "paging": r.paging or "none",
                "idempotent": p.idempotent,
                "summary": p.summary,
                "declared_args": list(r.declared_args),
            }
        )
    doc = {"_comment": HEADER.lstrip("# "), "endpoints": endpoints}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
