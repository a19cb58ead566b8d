"""Turn MainWP JSON into the typed attrs models, and back.

The server is loose about types; the hooks here fix that in one place:

* ``bool``: PHP-style flags ``"0"``/``"1"``/``0``/``1``/``true``/``false``/``"true"``/
  ``"false"``/``"yes"``/``"no"``/``"on"``/``"off"``/``""``; anything else does not fit.
* ``int``/``float``: numbers or numeric strings (``"1"`` -> 1); ``""`` -> ``None``.
* ``datetime``: ISO 8601 with or without offset (``T`` or space separated, so MySQL
  ``Y-m-d H:i:s`` too, and ``Z``), or unix seconds as int or string.  Times without an
  offset are read as UTC (the dashboard's WordPress timezone); the result is always
  timezone-aware UTC.  Empty markers (``0``, ``""``, ``"0000-00-00 00:00:00"``,
  ``"-0001-11-30 00:00:00"``, what PHP prints for a zero MySQL date) and the year-0
  sentinel ``-62169984000`` of drafts decode to ``None``.
* fields marked ``metadata={"json": True}`` hold JSON text: it is decoded first
  (``""`` -> ``None``), then structured into the field's type.  In lenient mode the
  compiled path defers that to the first read of the field (:mod:`._lazy_json`).  Fields marked
  ``metadata={"csv": True}`` hold comma-separated text (``"1,2"``, ``""`` for none)
  that is split into the field's list type.
* ``dict[str, X]`` (a map keyed by id, slug, path or URL): an empty PHP array arrives
  as ``[]`` (or ``""``) and becomes ``{}``.  A *non-empty* JSON list there does not
  fit: it is never re-keyed by position.
* a map field marked ``metadata={"key_from": "Name"}`` (``ignored_plugins``: the REST
  ignore route stores entries by the position of the slug in its parameter, with the
  slug in ``Name``) keys such positional entries (a JSON list, or ``"0"``, ``"1"`` keys)
  by that field of their value; entries already keyed by their slug win.
* ``list[X]``: a JSON object whose keys are all decimal indexes (a PHP list with
  holes, ``{"0": a, "3": b}``) is read as the list of its values.  An object with any
  other key (a slug- or path-keyed map) does not fit: its keys are never dropped.
* attrs models: JSON keys are read from ``metadata["wire"]``; a key the model does not
  declare is kept, untouched, in the model's ``extra`` dict and warned about (except
  in ``GenericResponse``, the envelope of routes whose answer has no known shape, whose
  ``extra`` is marked ``open``: there every key is expected).

A value that does not fit never makes decoding fail by default: the field is left
``None``, the untouched value is kept in the model's ``extra`` under its wire key, and
one warning per (model, field path) names the path (never the value); an unknown key
is warned about the same way.  With ``structure(..., strict=True)``
(``MainWP(strict_models=True)``) both raise
:class:`~mainwp_async.errors.ResponseShapeError` naming the model, the field path and
(a shortened repr of) the bad value instead.

Fields declared without ``None`` (the ones the server's code always sends: ids, names,
URLs, statuses) follow the same rules, and their absence is one more misfit: warned
about and left ``None`` (an answer narrowed with ``fields=``/``_fields=`` lacks them),
raised under ``strict``.  A body that is not even an object where a model is expected
always raises.
"""

from __future__ import annotations

import json
import logging
import re
import types
import typing
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs
from cattrs.preconf.json import JsonConverter, make_converter

from .errors import ResponseShapeError

__all__ = ["ResponseShapeError", "converter", "structure", "unstructure"]

T = TypeVar("T")

log = logging.getLogger("mainwp_async")
_STRICT: ContextVar[bool] = ContextVar("mainwp_async_strict_models", default=False)
_WARNED: set[tuple[str, str]] = set()

_YEAR0 = -62169984000  # what PHP strtotime() makes of "0000-00-00 00:00:00"
_EMPTY_DATES = frozenset(
    {
        "",
        "0",
        "0000-00-00 00:00:00",
        "0000-00-00T00:00:00",
        "0000-00-00",
        "-0001-11-30 00:00:00",  # PHP's date() of a zero MySQL datetime
        "-0001-11-30T00:00:00",
        "-0001-11-30",
    }
)
_INT_RE = re.compile(r"^\s*[-+]?\d+\s*$")
_MIN_TS = -62135596800  # 0001-01-01T00:00:00Z, the smallest datetime


class _Bad(Exception):
    """Internal: a conversion failed at ``path`` (built while unwinding)."""

    def __init__(self, reason: str, value: Any, path: list[str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.value = value
        self.path: list[str] = path or []


# --------------------------------------------------------------------------- scalars
def to_bool(value: Any, _: Any = bool) -> bool:
    """Convert a PHP flag to bool, strictly (see module docstring)."""
    if value is True or value is False:
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off", ""):
            return False
    raise _Bad("not a boolean flag", value)


def to_int(value: Any, _: Any = int) -> int | None:
    """Convert an int or numeric string to int; ``""`` -> ``None``."""
    if isinstance(value, bool):
        raise _Bad("not an integer", value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        if _INT_RE.match(value):
            try:
                return int(value)
            except ValueError:  # more digits than Python parses
                raise _Bad("an integer too long to read", value[:40]) from None
        if value == "":
            return None
    raise _Bad("not an integer", value)


def to_float(value: Any, _: Any = float) -> float | None:
    """Convert a number or numeric string to float; ``""`` -> ``None``."""
    if isinstance(value, bool):
        raise _Bad("not a number", value)
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:  # an int beyond float range (10**400)
            raise _Bad("a number out of range", "<huge integer>") from None
    if isinstance(value, str):
        if value.strip() == "":
            return None
        try:
            return float(value)
        except ValueError:
            pass
    raise _Bad("not a number", value)


def to_str(value: Any, _: Any = str) -> str:
    """Keep strings; turn numbers into their decimal text; containers are errors."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise _Bad("not a string", value)


def _from_ts(seconds: int | float) -> datetime | None:
    if seconds == 0 or seconds <= _YEAR0 or seconds < _MIN_TS:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def _as_utc(naive: datetime, text: str) -> datetime:
    """``naive.replace(tzinfo=UTC)``, by parsing ``text`` with ``+00:00`` when it can.

    (``replace`` costs several times a ``fromisoformat`` on CPython 3.11.)
    """
    try:
        aware = datetime.fromisoformat(text + "+00:00")
    except ValueError:
        return naive.replace(tzinfo=UTC)
    # (3.11 reads "2026-11-01+00:00" as a naive midnight: check, don't assume)
    return aware if aware.tzinfo is UTC else naive.replace(tzinfo=UTC)


def to_datetime(value: Any, _: Any = datetime) -> datetime | None:
    """Convert any of the five date formats to an aware UTC datetime (empty markers -> ``None``)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, bool):
        raise _Bad("not a date", value)
    try:
        if isinstance(value, int | float):
            return _from_ts(value)
        if isinstance(value, str):
            text = value.strip()
            if text in _EMPTY_DATES:
                return None
            if _INT_RE.match(text):
                return _from_ts(int(text))
            parsed = datetime.fromisoformat(text)
            if parsed.tzinfo is None:
                return _as_utc(parsed, text)
            return parsed.astimezone(UTC)
    except (ValueError, OverflowError, OSError):
        pass
    raise _Bad("not a date", value)


# --------------------------------------------------------------------------- converter
def _strip_none(tp: Any) -> Any:
    """``X | None`` -> ``X`` (the attrs hook skips ``None`` values itself)."""
    if _is_union(tp):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(members) == 1:
            return members[0]
    return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _is_str_dict(tp: Any) -> bool:
    return typing.get_origin(tp) is dict


def _is_list(tp: Any) -> bool:
    return typing.get_origin(tp) is list


class _Field:
    __slots__ = ("hook", "is_csv", "is_json", "key_from", "name", "required", "tp", "wire")

    def __init__(
        self,
        name: str,
        wire: str,
        tp: Any,
        is_json: bool,
        hook: Any,
        required: bool,
        is_csv: bool = False,
        key_from: str = "",
    ) -> None:
        self.name = name
        self.wire = wire
        self.tp = tp
        self.is_json = is_json
        self.hook = hook
        self.required = required
        self.is_csv = is_csv
        self.key_from = key_from


def _rekey(value: Any, name: str) -> Any:
    """Key entries the server wrote by position by their ``name`` field (see module doc)."""

    def real_key(item: Any) -> str | None:
        key = item.get(name) if isinstance(item, dict) else None
        return key if isinstance(key, str) and key else None

    if isinstance(value, list) and value:
        keys = [real_key(item) for item in value]
        if all(keys):
            return {str(k): item for k, item in zip(keys, value, strict=True)}
        return value
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        positional: list[tuple[str, Any]] = []
        for k, item in value.items():
            if _INT_RE.match(str(k)) and real_key(item):
                positional.append((str(real_key(item)), item))
            else:
                out[str(k)] = item
        for k, item in positional:  # an entry keyed by its real key wins
            out.setdefault(k, item)
        return out
    return value


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def _decode_json(value: Any) -> Any:
    if isinstance(value, str):
        if value.strip() == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise _Bad("not valid JSON text", value) from None
    return value


def _make_converter() -> JsonConverter:
    conv = make_converter()
    conv.register_structure_hook(bool, to_bool)
    conv.register_structure_hook(int, to_int)
    conv.register_structure_hook(float, to_float)
    conv.register_structure_hook(str, to_str)
    conv.register_structure_hook(datetime, to_datetime)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())

    def union_factory(tp: Any) -> Callable[[Any, Any], Any]:
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        nullable = len(members) != len(typing.get_args(tp))
        if any(m is Any for m in members):
            return lambda value, _: value
        hooks = [(m, conv.get_structure_hook(m)) for m in members]
        if len(hooks) == 1:  # ``X | None``: no trial and error needed
            only, only_hook = hooks[0]

            def optional(value: Any, _: Any) -> Any:
                return None if value is None else only_hook(value, only)

            return optional

        def hook(value: Any, _: Any) -> Any:
            if value is None and nullable:
                return None
            first: _Bad | None = None
            for m, h in hooks:
                try:
                    return h(value, m)
                except _Bad as exc:
                    first = first or exc
            assert first is not None
            raise first

        return hook

    def dict_factory(tp: Any) -> Callable[[Any, Any], Any]:
        args = typing.get_args(tp)
        vt = args[1] if len(args) == 2 else Any
        vh = conv.get_structure_hook(vt) if vt is not Any else None

        def hook(value: Any, _: Any) -> dict[str, Any]:
            if value == [] or value == "":
                return {}
            if isinstance(value, list):  # never re-key a list by position
                raise _Bad("a JSON list where a keyed map is declared", value)
            if not isinstance(value, dict):
                raise _Bad("not an object", value)
            if vh is None:
                return dict(value)
            out: dict[str, Any] = {}
            for k, v in value.items():
                try:
                    out[str(k)] = vh(v, vt)
                except _Bad as exc:
                    exc.path.insert(0, f"[{k!r}]")
                    raise
            return out

        return hook

    def list_factory(tp: Any) -> Callable[[Any, Any], Any]:
        args = typing.get_args(tp)
        it = args[0] if args else Any
        ih = conv.get_structure_hook(it) if it is not Any else None

        def hook(value: Any, _: Any) -> list[Any]:
            if isinstance(value, dict):
                # a PHP list with holes arrives as an object keyed by its indexes;
                # any other key (slug, path) would be lost, so that does not fit
                if not all(_INT_RE.match(str(k)) for k in value):
                    raise _Bad("a keyed JSON object where a list is declared", value)
                value = list(value.values())
            if not isinstance(value, list):
                raise _Bad("not a list", value)
            if ih is None:
                return list(value)
            out = []
            for i, v in enumerate(value):
                try:
                    out.append(ih(v, it))
                except _Bad as exc:
                    exc.path.insert(0, f"[{i}]")
                    raise
            return out

        return hook

    def attrs_factory(cls: Any) -> Callable[[Any, Any], Any]:
        hints = typing.get_type_hints(cls)
        by_wire: dict[str, _Field] = {}
        extra_name: str | None = None
        is_open = False  # an envelope of unknown shape: every key is expected in extra
        for a in attrs.fields(cls):
            if a.metadata.get("extra"):
                extra_name = a.name
                is_open = bool(a.metadata.get("open"))
                continue
            tp = _strip_none(hints.get(a.name, Any))  # the hook is never given None
            fh = None if tp is Any else conv.get_structure_hook(tp)
            wire = a.metadata.get("wire", a.name)
            required = a.default is attrs.NOTHING
            by_wire[wire] = _Field(
                a.name,
                wire,
                tp,
                bool(a.metadata.get("json")),
                fh,
                required,
                bool(a.metadata.get("csv")),
                str(a.metadata.get("key_from", "")),
            )
        required_fields = [f for f in by_wire.values() if f.required]

        def hook(value: Any, _: Any) -> Any:
            if value == [] or value is None:
                value = {}
            if not isinstance(value, dict):
                raise _Bad(f"expected a JSON object for {cls.__name__}", value)
            kwargs: dict[str, Any] = {}
            extra: dict[str, Any] = {}
            for k, v in value.items():
                f = by_wire.get(k)
                if f is None:
                    if is_open:
                        extra[k] = v
                        continue
                    if _STRICT.get():
                        raise _Bad("a key the model does not declare", v, [f".{k}"])
                    _keep_unknown(cls.__name__, k, v, extra)
                    continue
                raw = v
                try:
                    if f.is_json:
                        v = _decode_json(v)
                    elif f.is_csv:
                        v = _split_csv(v)
                    if f.key_from:
                        v = _rekey(v, f.key_from)
                    if f.hook is not None and v is not None:
                        v = f.hook(v, f.tp)
                    if v is None and f.required:
                        raise _Bad("an empty value for a field the server always sends", raw)
                except _Bad as exc:
                    exc.path.insert(0, f".{k}")
                    if _STRICT.get():
                        raise
                    _keep_misfit(cls.__name__, k, raw, exc, extra)
                    if f.required:
                        kwargs[f.name] = None
                    continue
                kwargs[f.name] = v
            for f in required_fields:
                if f.name not in kwargs:
                    if _STRICT.get():
                        raise _Bad(_MISSING, None, [f".{f.wire}"])
                    _warn_missing(cls.__name__, f.wire)
                    kwargs[f.name] = None
            if extra_name is not None and extra:
                kwargs[extra_name] = extra
            return cls(**kwargs)

        return hook

    def attrs_unstructure_factory(cls: Any) -> Callable[[Any], Any]:
        fields_ = [
            (a.name, a.metadata.get("wire", a.name), bool(a.metadata.get("json")))
            for a in attrs.fields(cls)
            if not a.metadata.get("extra")
        ]
        csv_names = {a.name for a in attrs.fields(cls) if a.metadata.get("csv")}
        has_extra = any(a.metadata.get("extra") for a in attrs.fields(cls))

        def hook(obj: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, wire, is_json in fields_:
                v = getattr(obj, name)
                if v is None:
                    continue
                v = conv.unstructure(v)
                if name in csv_names:
                    v = ",".join(str(x) for x in v)
                out[wire] = json.dumps(v) if is_json else v
            if has_extra:
                out.update(obj.extra)
            return out

        return hook

    conv.register_structure_hook_factory(_is_union, union_factory)
    conv.register_structure_hook_factory(_is_str_dict, dict_factory)
    conv.register_structure_hook_factory(_is_list, list_factory)
    conv.register_structure_hook_factory(attrs.has, attrs_factory)
    conv.register_unstructure_hook_factory(attrs.has, attrs_unstructure_factory)
    return conv


converter: JsonConverter = _make_converter()
"""The shared converter; hooks are built once per type, on first use, and cached."""


def _keep_misfit(model: str, key: str, raw: Any, exc: _Bad, extra: dict[str, Any]) -> None:
    """Lenient mode: keep a value that does not fit its field in ``extra``, warn once."""
    extra[key] = raw
    where = (model, "".join(exc.path))
    if where not in _WARNED:
        _WARNED.add(where)
        log.warning(
            "%s%s: %s (a %s); kept in .extra[%r]",
            model,
            where[1],
            exc.reason,
            type(exc.value).__name__,
            key,
        )


_MISSING = "a field the server always sends is missing (an answer narrowed with fields=?)"


def _warn_missing(model: str, key: str) -> None:
    """Lenient mode: a field declared without ``None`` is absent; it is ``None``, warn once."""
    where = (model, f".{key}!")
    if where not in _WARNED:
        _WARNED.add(where)
        log.warning("%s.%s: %s; left None", model, key, _MISSING)


def _keep_unknown(model: str, key: str, value: Any, extra: dict[str, Any]) -> None:
    """Lenient mode: keep a key the model does not declare in ``extra``, warn once."""
    extra[key] = value
    _warn_unknown(model, key, value)


def _warn_unknown(model: str, key: str, value: Any) -> None:
    """Warn, once per (model, key), about a key the model does not declare."""
    where = (model, f".{key}")
    if where not in _WARNED:
        _WARNED.add(where)
        log.warning(
            "%s.%s: a key the model does not declare (a %s); kept in .extra[%r]",
            model,
            key,
            type(value).__name__,
            key,
        )


_FAST_BY_TYPE: dict[Any, Any] = {}  # type -> its compiled function, or None: no fast path
_UNSET = object()
_compiled_enabled = True


def _use_compiled(enabled: bool) -> None:
    """Switch the compiled path on or off (tests and benchmarks compare both paths)."""
    global _compiled_enabled
    _compiled_enabled = enabled
    _FAST_BY_TYPE.clear()


def _fast_path(cls: Any) -> Any:
    if not _compiled_enabled:
        return None
    from ._structure_compiler import compiled

    return compiled(cls)


def structure(data: Any, cls: type[T], *, strict: bool = False) -> T:
    """Decode parsed JSON ``data`` into ``cls`` (usually a generated model).

    A field whose value does not fit is left ``None`` and the value kept in ``extra``
    (see the module docstring); with ``strict=True`` it raises
    :class:`ResponseShapeError` (with ``model``, ``path`` and ``value`` attributes).
    A ``data`` that is not an object at all raises in both modes.

    The common case runs through a function compiled once per model
    (:mod:`mainwp_async._structure_compiler`); anything it does not handle is redone
    here by the converter, so results, warnings and errors are the converter's.
    """
    fast = _FAST_BY_TYPE.get(cls, _UNSET)
    if fast is _UNSET:
        fast = _FAST_BY_TYPE[cls] = _fast_path(cls)
    if fast is not None:
        pending: list[tuple[str, str, Any]] = []
        try:
            result: T = fast(data, strict, pending)
        except Exception:  # the fast path gave up: the converter decides
            pass
        else:
            if pending:
                for model, key, value in pending:
                    _warn_unknown(model, key, value)
            return result
    token = _STRICT.set(strict)
    try:
        return converter.structure(data, cls)
    except _Bad as exc:
        model = getattr(cls, "__name__", str(cls))
        path = "".join(exc.path).lstrip(".") or "<root>"
        raise ResponseShapeError(model, path, exc.value, exc.reason) from None
    finally:
        _STRICT.reset(token)


def unstructure(obj: Any) -> Any:
    """Encode a model back to JSON-ready data with the server's (wire) key names."""
    return converter.unstructure(obj)
