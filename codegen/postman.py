"""Read a Postman collection (ours or one shaped like MainWP's official one) into RequestIR.

:func:`read_collection` accepts our generated collection, whose items carry the
``x-mainwp-*`` variables and ``[type, required, ...]`` parameter tags described in
:mod:`codegen.collection`, and also collections without any of that metadata:

* ``request`` as a plain URL string, ``url`` as a string or an object;
* path variables written ``:name`` or ``{{name}}`` inside the path;
* bodies in ``raw`` (JSON text), ``urlencoded`` or ``formdata`` mode (a ``formdata``
  entry of type ``file`` is a ``file`` param and makes the request ``multipart``);
* nested sub-folders (the top-level folder names the category);
* example bodies as text, parsed as JSON when possible.

When metadata is missing it is derived: the accepted methods are just the method
sent, the route regex comes from the path (``(?P<name>[^/]+)`` per variable), the
name follows :mod:`codegen.naming`, the encoding follows the body mode, paging is
``none`` and the declared args are the non-path parameters the request lists.
Parameters without a tag are optional strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from codegen.ir import ExampleIR, ParamIR, RequestIR
from codegen.naming import NAMESPACE, category_of, endpoint_name, route_params, slug

__all__ = ["parse_tag", "read_collection"]

_VAR_SEGMENT = re.compile(
    r"^(?::([A-Za-z_][A-Za-z0-9_\-]*)|\{\{([A-Za-z_][A-Za-z0-9_\-]*)\}\}|\{([A-Za-z_][A-Za-z0-9_\-]*)\})$"
)
_BODY_LINE = re.compile(r"^\s*[-*]\s+`([^`]+)`\s*(.*)$")
_TYPES = {"string", "integer", "number", "boolean", "array", "object", "any"}
_DECODER = json.JSONDecoder()


def _text(desc: Any) -> str:
    """Postman descriptions are a string or ``{"content": ..., "type": ...}``."""
    if isinstance(desc, dict):
        desc = desc.get("content", "")
    return desc if isinstance(desc, str) else ""


def parse_tag(description: str) -> tuple[dict[str, Any], str]:
    """Split ``"[integer, required, default=1, enum=[...]] text"`` into facts and text.

    Returns ``({}, description)`` when the description has no tag.
    """
    s = description.lstrip()
    if not s.startswith("["):
        return {}, description
    facts: dict[str, Any] = {}
    i = 1
    n = len(s)
    try:
        while i < n:
            while i < n and s[i] in " ,":
                i += 1
            if i < n and s[i] == "]":
                i += 1
                break
            m = re.compile(r"([A-Za-z_]+)(=)?").match(s, i)
            if not m:
                return {}, description
            word = m.group(1)
            i = m.end()
            if m.group(2):
                if word == "items":
                    m2 = re.compile(r"[A-Za-z_]+").match(s, i)
                    if not m2:
                        return {}, description
                    facts["items"] = m2.group(0)
                    i = m2.end()
                else:
                    value, i = _DECODER.raw_decode(s, i)
                    facts[word] = value
            elif word == "required":
                facts["required"] = True
            elif word in _TYPES or word == "file":
                facts["type"] = word
            else:
                facts.setdefault("flags", []).append(word)
        else:
            return {}, description
    except (ValueError, json.JSONDecodeError):
        return {}, description
    return facts, s[i:].strip()


def _param(
    name: str, location: str, description: str, *, required: bool = False, file: bool = False
) -> ParamIR:
    facts, text = parse_tag(description)
    typ = "file" if file else facts.get("type", "string")
    enum = facts.get("enum")
    return ParamIR(
        name=name,
        location=location,
        type=typ,
        required=required or bool(facts.get("required")),
        enum=tuple(str(e) for e in enum) if isinstance(enum, list) else None,
        default=facts.get("default"),
        description=text,
        items_type=facts.get("items"),
    )


def _split_url(url: Any) -> tuple[list[str], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return (path segments, query entries, path-variable entries) of a Postman url."""
    if isinstance(url, str):
        raw = url
        query: list[dict[str, Any]] = []
        if "?" in raw:
            raw, qs = raw.split("?", 1)
            for part in qs.split("&"):
                if part:
                    k, _, v = part.partition("=")
                    query.append({"key": k, "value": v})
        raw = re.sub(r"^[a-z]+://[^/]*", "", raw)
        raw = re.sub(r"^\{\{[^}]+\}\}", "", raw)
        return [s for s in raw.split("/") if s], query, []
    if not isinstance(url, dict):
        return [], [], []
    path = url.get("path")
    if isinstance(path, str):
        segments = [s for s in path.split("/") if s]
    elif isinstance(path, list):
        segments = [
            (s.get("value", "") if isinstance(s, dict) else str(s)) for s in path if s != ""
        ]
    else:
        segments, _, _ = _split_url(url.get("raw", ""))
    query = [q for q in url.get("query") or [] if isinstance(q, dict) and q.get("key")]
    variables = [v for v in url.get("variable") or [] if isinstance(v, dict)]
    return segments, query, variables


def _below_namespace(segments: list[str]) -> list[str]:
    """Drop ``wp-json/mainwp/v2`` (or ``mainwp/v2``) and anything before it."""
    ns = [s for s in NAMESPACE.split("/") if s]
    for i in range(len(segments) - len(ns) + 1):
        if segments[i : i + len(ns)] == ns:
            return segments[i + len(ns) :]
    if segments and segments[0] == "wp-json":
        return segments[1:]
    return segments


def _template(segments: list[str]) -> tuple[str, list[str]]:
    out = []
    names = []
    for seg in segments:
        m = _VAR_SEGMENT.match(seg)
        if m:
            name = m.group(1) or m.group(2) or m.group(3)
            names.append(name)
            out.append("{" + name + "}")
        else:
            out.append(seg)
    return ("/" + "/".join(out)) if out else "", names


def _derived_route(template: str) -> str:
    return re.sub(r"\{([^}]+)\}", r"(?P<\1>[^/]+)", template)


def _meta(item: dict[str, Any]) -> dict[str, str]:
    out = {}
    for v in item.get("variable") or []:
        if isinstance(v, dict) and str(v.get("key", "")).startswith("x-mainwp-"):
            out[str(v["key"])[len("x-mainwp-") :]] = str(v.get("value", ""))
    return out


def _body_field_tags(description: str) -> dict[str, str]:
    tags = {}
    in_block = False
    for line in description.splitlines():
        if line.strip().lower().startswith("body fields"):
            in_block = True
            continue
        m = _BODY_LINE.match(line)
        if in_block and m:
            tags[m.group(1)] = m.group(2)
        elif in_block and line.strip() and not m:
            in_block = False
    return tags


def _example(resp: dict[str, Any], method: str) -> ExampleIR:
    headers_raw = resp.get("header") or []
    headers: dict[str, str] = {}
    if isinstance(headers_raw, list):
        for h in headers_raw:
            if isinstance(h, dict) and "key" in h:
                headers[str(h["key"])] = str(h.get("value", ""))
    text = resp.get("body")
    body: Any = None
    body_text: str | None = None
    if isinstance(text, str):
        try:
            body = json.loads(text)
        except ValueError:
            body_text = text
    elif text is not None:
        body = text
    original = resp.get("originalRequest")
    req_method = method
    req_path = ""
    req_query: dict[str, str] = {}
    auth = ""
    if isinstance(original, str):
        original = {"url": original}
    if isinstance(original, dict):
        req_method = str(original.get("method") or method).upper()
        segments, query, _ = _split_url(original.get("url", ""))
        below = _below_namespace(segments)
        req_path = ("/" + "/".join(below)) if below else ""
        req_query = {str(q["key"]): str(q.get("value") or "") for q in query}
        for h in original.get("header") or []:
            if isinstance(h, dict) and str(h.get("key", "")).lower() == "x-capture-auth":
                auth = str(h.get("value", ""))
    code = resp.get("code")
    return ExampleIR(
        name=str(resp.get("name", "")),
        status=int(code) if isinstance(code, int | str) and str(code).isdigit() else 0,
        headers=headers,
        body=body,
        body_text=body_text,
        request_query=req_query,
        request_method=req_method,
        request_path=req_path,
        auth=auth,
    )


def _walk(items: list[Any], folder: str | None) -> list[tuple[str | None, dict[str, Any]]]:
    out: list[tuple[str | None, dict[str, Any]]] = []
    for it in items:
        if not isinstance(it, dict):
            continue
        if "request" in it:
            out.append((folder, it))
        elif isinstance(it.get("item"), list):
            out.extend(_walk(it["item"], folder if folder is not None else str(it.get("name", ""))))
    return out


def _read_item(folder: str | None, item: dict[str, Any]) -> dict[str, Any]:
    """Everything but the name of one request (names need all routes first)."""
    meta = _meta(item)
    req = item["request"]
    if isinstance(req, str):
        req = {"method": "GET", "url": req}
    method = str(req.get("method") or "GET").upper()
    segments, query, variables = _split_url(req.get("url", ""))
    template, var_names = _template(_below_namespace(segments))
    route = meta.get("route")
    if route is None:
        route = _derived_route(template)
    else:
        template = route_params(route)[0] if route else ""
        var_names = [n for n, _ in route_params(route)[1]] if route else []
    description = _text(req.get("description")) or _text(item.get("description"))

    params: list[ParamIR] = []
    var_desc = {str(v.get("key")): _text(v.get("description")) for v in variables}
    for name in var_names:
        params.append(_param(name, "path", var_desc.get(name, ""), required=True))
    for q in query:
        params.append(_param(str(q["key"]), "query", _text(q.get("description"))))

    body = req.get("body") if isinstance(req.get("body"), dict) else {}
    mode = body.get("mode") if body else None
    derived_encoding = "none"
    if mode == "raw":
        tags = _body_field_tags(description)
        keys: list[str] = list(tags)
        try:
            parsed = json.loads(body.get("raw") or "")
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            keys.extend(k for k in parsed if k not in tags)
        for k in keys:
            params.append(_param(k, "body", tags.get(k, "")))
        derived_encoding = "json"
    elif mode in ("urlencoded", "formdata"):
        derived_encoding = "form"
        for e in body.get(mode) or []:
            if isinstance(e, dict) and e.get("key"):
                # a formdata file entry is an upload: the request must go as multipart
                file = mode == "formdata" and e.get("type") == "file"
                if file:
                    derived_encoding = "multipart"
                desc = _text(e.get("description"))
                params.append(_param(str(e["key"]), "body", desc, file=file))

    declared_meta = meta.get("declared-args")
    if declared_meta is None:
        # A collection without our metadata: what it lists is all we know was declared.
        declared = sorted({p.name for p in params if p.location != "path"})
    else:
        declared = sorted({n.strip() for n in declared_meta.split(",") if n.strip()})
    methods_meta = meta.get("methods")
    methods = (
        tuple(m.strip().upper() for m in methods_meta.split(",")) if methods_meta else (method,)
    )
    category = meta.get("category")
    if not category:
        category = slug(folder) if folder else category_of(template)
    summary = description.split("\n\n", 1)[0].strip()
    return {
        "meta_name": meta.get("name"),
        "category": category,
        "method": method,
        "methods": methods,
        "path": template,
        "route": route,
        "params": tuple(params),
        "body_encoding": meta.get("encoding") or derived_encoding,
        "paging": meta.get("paging") or "none",
        "declared_args": tuple(declared),
        "description": summary,
        "examples": tuple(
            _example(r, method) for r in item.get("response") or [] if isinstance(r, dict)
        ),
    }


def read_collection(source: Path | str | dict[str, Any]) -> list[RequestIR]:
    """Return every request of a Postman collection as :class:`RequestIR`, in folder order.

    ``source`` is a path to a collection file or the already parsed document.
    """
    if isinstance(source, dict):
        doc = source
    else:
        doc = json.loads(Path(source).read_text(encoding="utf-8"))
    if "collection" in doc and "item" not in doc:
        doc = doc["collection"]
    found = [_read_item(folder, item) for folder, item in _walk(doc.get("item") or [], None)]
    all_routes = [f["route"] for f in found if f["route"]]
    result = []
    for f in found:
        name = f.pop("meta_name")
        if not name:
            _, name = endpoint_name(f["route"], f["method"], all_routes)
        result.append(RequestIR(name=name, **f))
    return result
