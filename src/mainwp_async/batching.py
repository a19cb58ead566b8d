"""Batch writes that keep their promises: chunked to the server's limit, mapped back per item.

``POST /<resource>/batch`` (sites, clients, tags, costs) takes at most 100 items across all
groups (413 above it) and answers each group's entries in request order, with no per-item
HTTP status. :func:`resource_batch` splits any number of items into chunks of 100, sends
them one after another (the server runs every item serially in one PHP request anyway)
and maps every answer entry back to the input it belongs to.

The global ``POST /batch`` is worse: MainWP 6.1.2 only *executes* ``create`` (for sites,
clients and tags) and the ten site actions; ``update`` and ``delete`` are counted toward
the limit and silently ignored, ``costs`` is silently skipped, ``updates`` answers every
item with ``invalid-method``, and newer servers reject both groups. :func:`global_batch`
refuses such operations before anything is sent (or, with ``on_ignored="warn"``, warns,
leaves them out and reports them as not run): nobody should believe an ignored write ran.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import attrs

from .errors import ConfigurationError
from .outcomes import ErrorInfo, plain

if TYPE_CHECKING:
    from .client import MainWP

__all__ = [
    "BATCH_LIMIT",
    "BatchItemResult",
    "BatchResult",
    "chunk_operations",
    "global_batch",
    "ignored_global_operations",
    "resource_batch",
]

BATCH_LIMIT = 100
"""Items per batch request (``mainwp_rest_batch_items_limit``; above it: HTTP 413)."""

_CRUD = ("create", "update", "delete")
SITE_ACTIONS = ("sync", "reconnect", "disconnect", "suspend", "check", "remove", "security",
                "plugins", "themes", "non-mainwp-changes")  # fmt: skip
RESOURCE_GROUPS: dict[str, tuple[str, ...]] = {
    "sites": (*_CRUD, *SITE_ACTIONS),
    "clients": _CRUD,
    "tags": _CRUD,
    "costs": _CRUD,
}
#: What the global ``/batch`` of 6.1.2 really executes, per resource.
GLOBAL_EXECUTED: dict[str, frozenset[str]] = {
    "sites": frozenset({"create", *SITE_ACTIONS}),
    "clients": frozenset({"create"}),
    "tags": frozenset({"create"}),
}


@attrs.frozen(kw_only=True)
class BatchItemResult:
    """One input of a batch: its group, position, the server's entry, and the verdict."""

    group: str
    index: int
    input: Any
    ok: bool
    data: Any = None
    error: ErrorInfo | None = None
    chunk: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "group": self.group,
            "index": self.index,
            "input": plain(self.input),
            "ok": self.ok,
            "data": plain(self.data),
            "error": self.error.to_dict() if self.error else None,
            "chunk": self.chunk,
        }


@attrs.frozen
class BatchResult:
    """Every input's :class:`BatchItemResult`, the number of requests, and warnings."""

    items: tuple[BatchItemResult, ...]
    requests: int = 0
    warnings: tuple[str, ...] = ()

    @property
    def failed(self) -> list[BatchItemResult]:
        """Inputs the server refused, skipped, or never ran."""
        return [i for i in self.items if not i.ok]

    @property
    def succeeded(self) -> list[BatchItemResult]:
        """Inputs the server carried out."""
        return [i for i in self.items if i.ok]

    def group(self, name: str) -> list[BatchItemResult]:
        """Results of one group (``"create"``, ``"sync"``, ...), in input order."""
        return [i for i in self.items if i.group == name]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "items": [i.to_dict() for i in self.items],
            "requests": self.requests,
            "warnings": list(self.warnings),
        }


def chunk_operations(
    groups: Mapping[str, Sequence[Any]], limit: int = BATCH_LIMIT
) -> list[dict[str, list[tuple[int, Any]]]]:
    """Split ``{group: items}`` into request bodies of at most ``limit`` items in all.

    Each chunk maps a group to ``(input index, item)`` pairs, in input order; no empty
    chunk is produced (no items: no chunk at all).
    """
    if limit < 1:
        raise ConfigurationError("batch limit must be at least 1")
    chunks: list[dict[str, list[tuple[int, Any]]]] = []
    current: dict[str, list[tuple[int, Any]]] = {}
    size = 0
    for group, items in groups.items():
        for index, item in enumerate(items):
            if size == limit:
                chunks.append(current)
                current, size = {}, 0
            current.setdefault(group, []).append((index, item))
            size += 1
    if size:
        chunks.append(current)
    return chunks


def _verdict(entry: Any) -> tuple[bool, ErrorInfo | None]:
    if isinstance(entry, Mapping):
        err = entry.get("error")
        if isinstance(err, Mapping):
            data = err.get("data")
            status = data.get("status") if isinstance(data, Mapping) else None
            return False, ErrorInfo(
                type="BatchItemError",
                message=str(err.get("message") or err.get("code") or "failed"),
                retryable=False,
                status=status if isinstance(status, int) else None,
                code=str(err["code"]) if err.get("code") is not None else None,
            )
        if "success" in entry and entry["success"] in (0, False, "0", ""):
            message = entry.get("message") or entry.get("error") or "the server reported failure"
            return False, ErrorInfo(type="OperationFailed", message=str(message), retryable=False)
    return True, None


def _missing() -> ErrorInfo:
    return ErrorInfo(
        type="BatchItemSkipped",
        message="the server sent no answer for this item (it skips ids it cannot parse)",
        retryable=False,
    )


def _map_chunk(
    chunk: Mapping[str, list[tuple[int, Any]]], answer: Any, number: int
) -> list[BatchItemResult]:
    out = []
    body = answer if isinstance(answer, Mapping) else {}
    for group, pairs in chunk.items():
        entries = body.get(group)
        entries = list(entries.values()) if isinstance(entries, Mapping) else entries
        entries = entries if isinstance(entries, list) else []
        for position, (index, item) in enumerate(pairs):
            if position < len(entries):
                ok, error = _verdict(entries[position])
                data = entries[position]
            else:
                ok, error, data = False, _missing(), None
            out.append(BatchItemResult(group=group, index=index, input=item, ok=ok, data=data,
                                       error=error, chunk=number))  # fmt: skip
    return out


def _check_ids(group: str, items: Sequence[Any]) -> None:
    for index, item in enumerate(items):
        ident = item.get("id") if isinstance(item, Mapping) else item
        if group == "create":
            if not isinstance(item, Mapping):
                raise ConfigurationError(f"batch create[{index}] must be a mapping of fields")
            continue
        if isinstance(ident, bool) or not str(ident).isdigit() or int(str(ident)) < 1:
            raise ConfigurationError(
                f"batch {group}[{index}]: id {ident!r} is not a positive number "
                "(the server would skip it silently)"
            )
        if group == "update" and not isinstance(item, Mapping):
            raise ConfigurationError(f"batch update[{index}] must be a mapping with an 'id'")


async def resource_batch(
    mw: MainWP,
    resource: str,
    *,
    limit: int = BATCH_LIMIT,
    **groups: Sequence[Any],
) -> BatchResult:
    """``POST /<resource>/batch`` for any number of items, chunked to ``limit``.

    ``groups`` are ``create=[{...}]``, ``update=[{"id": 5, ...}]``, ``delete=[7, 8]`` and,
    for ``sites``, the actions (``sync=[1, 2]``, ``check=[...]``, ``non_mainwp_changes=``).
    Ids are checked before anything is sent. Chunks go one after another; every input
    gets a :class:`BatchItemResult` in its group, in input order. Mind the server's own
    semantics: an ``update`` replaces fields it is not sent (see :mod:`safe_writes`).
    """
    allowed = RESOURCE_GROUPS.get(resource)
    if allowed is None:
        known = sorted(RESOURCE_GROUPS)
        raise ConfigurationError(f"no batch route for {resource!r}; use one of {known}")
    wire = {name.replace("_", "-"): list(items) for name, items in groups.items() if items}
    for name, items in wire.items():
        if name not in allowed:
            raise ConfigurationError(f"{resource}/batch has no {name!r} group; use {allowed}")
        _check_ids(name, items)
    results: list[BatchItemResult] = []
    chunks = chunk_operations(wire, limit)
    for number, chunk in enumerate(chunks):
        body = {group: [item for _, item in pairs] for group, pairs in chunk.items()}
        raw = await mw.call("POST", f"/{resource}/batch", raw=True, **body)
        if (error := raw.error) is not None:
            raise error  # the typed error (413, 401, ...)
        results.extend(_map_chunk(chunk, raw.json, number))
    results.sort(key=lambda r: (list(wire).index(r.group), r.index))
    return BatchResult(tuple(results), requests=len(chunks))


def ignored_global_operations(operations: Mapping[str, Mapping[str, Sequence[Any]]]) -> list[str]:
    """The ``resource.group`` names in a global batch that 6.1.2 would not execute."""
    ignored = []
    for resource, groups in operations.items():
        executed = GLOBAL_EXECUTED.get(resource, frozenset())
        for group, items in groups.items():
            if items and group.replace("_", "-") not in executed:
                ignored.append(f"{resource}.{group}")
    return ignored


async def global_batch(
    mw: MainWP,
    operations: Mapping[str, Mapping[str, Sequence[Any]]],
    *,
    on_ignored: Literal["error", "warn"] = "error",
) -> BatchResult:
    """``POST /batch`` with only the operations the server really runs.

    ``operations`` is ``{"sites": {"sync": [1, 2], "create": [...]}, "tags": {"create":
    [...]}}``. Operations 6.1.2 ignores (any ``update``/``delete``, ``costs``, ``updates``)
    raise :class:`~mainwp_async.errors.ConfigurationError` naming them, before any request
    (``on_ignored="error"``); with ``"warn"`` they are left out with a ``UserWarning`` and
    come back as failed items. Chunked to 100 items per request like :func:`resource_batch`.
    """
    ignored = ignored_global_operations(operations)
    if ignored and on_ignored == "error":
        raise ConfigurationError(
            "the global /batch does not execute " + ", ".join(ignored) + " (MainWP 6.1.2 "
            "ignores update/delete silently and skips costs/updates); use the per-resource "
            "batch (mw.batch_items) or the single-item methods, or on_ignored='warn'"
        )
    notes: list[str] = []
    skipped: list[BatchItemResult] = []
    flat: dict[str, Sequence[Any]] = {}
    for resource, groups in operations.items():
        for group, items in groups.items():
            name = f"{resource}.{group}"
            if name in ignored:
                skipped.extend(
                    BatchItemResult(group=name, index=i, input=item, ok=False, error=ErrorInfo(
                        type="NotExecuted", retryable=False,
                        message="left out: the global /batch would ignore it"))
                    for i, item in enumerate(items)
                )  # fmt: skip
                continue
            if items:
                _check_ids(group.replace("_", "-"), items)
                flat[f"{resource}.{group.replace('_', '-')}"] = list(items)
    if ignored:
        notes.append("not sent (the server would ignore them): " + ", ".join(ignored))
        warnings.warn(notes[-1], UserWarning, stacklevel=2)
    results: list[BatchItemResult] = []
    chunks = chunk_operations(flat)
    for number, chunk in enumerate(chunks):
        body: dict[str, dict[str, list[Any]]] = {}
        for name, pairs in chunk.items():
            resource, group = name.split(".", 1)
            body.setdefault(resource, {})[group] = [item for _, item in pairs]
        raw = await mw.call("POST", "/batch", raw=True, **body)
        if (error := raw.error) is not None:
            raise error
        answer = raw.json if isinstance(raw.json, Mapping) else {}
        for name, pairs in chunk.items():
            resource, group = name.split(".", 1)
            section = answer.get(resource)
            sub = {group: section.get(group)} if isinstance(section, Mapping) else {}
            for item in _map_chunk({group: pairs}, sub, number):
                results.append(attrs.evolve(item, group=name))
    order = list(flat)
    results.sort(key=lambda r: (order.index(r.group), r.index))
    return BatchResult(tuple(results + skipped), requests=len(chunks), warnings=tuple(notes))
