"""Compiled structuring: one straight-line function per model, generated at first use.

:func:`mainwp_async.convert.structure` first tries the function built here for the
target type and only falls back to the general converter (the cattrs hooks in
:mod:`mainwp_async.convert`, which define the semantics) when this fast path gives up.

The fast path is *all or nothing*: it never keeps a misfit in ``extra``, never warns
during its run and never raises a user-visible error. As soon as anything is unusual
(a value that does not fit its field, a required field missing or empty, a body that
is not an object, a PHP list with holes, strict mode meeting an undeclared key) it
raises :class:`_GiveUp` and the converter redoes the whole value, so results, warnings
and errors are exactly the converter's. What it does handle itself is the common case:

* values that already have the field's type are kept after one ``type(v) is T`` check
  (no hook call for a plain string, an int, a bool);
* numeric strings, PHP flags and ISO dates go through the very functions the converter
  uses (``to_int``, ``to_bool``, ``to_datetime``...), with a direct ``fromisoformat``
  for the plain ``YYYY-MM-DDTHH:MM:SS`` text the dashboard sends;
* JSON-text fields are decoded with the C scanner in one call (``json.loads`` minus its
  Python wrapper, same decoder), then structured;
* undeclared keys (lenient mode) are kept in ``extra`` like the converter keeps them;
  their once-per-(model, key) warnings are emitted only after the whole value built.

A type the compiler does not know (anything but ``str``/``int``/``float``/``bool``,
``datetime``, ``Any``, attrs models, ``list[...]``, ``dict[str, ...]`` and unions of
those) makes its model go through the converter every time.
"""

from __future__ import annotations

import json
import json.scanner
import keyword
import re
import types
import typing
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from . import _lazy_json as _lazy
from . import convert as _c

__all__ = ["compiled"]

#: ``conv(value, strict, warnings) -> structured``; raises _GiveUp (or ``_Bad``)
Conv = Callable[[Any, bool, list[tuple[str, str, Any]]], Any]

_MISSING = object()
_UNSUPPORTED = object()
_SCALARS: dict[Any, Callable[..., Any]] = {
    str: _c.to_str,
    int: _c.to_int,
    float: _c.to_float,
    bool: _c.to_bool,
    datetime: _c.to_datetime,
}
_FAST: dict[Any, Any] = {}  # type -> Conv, or _UNSUPPORTED
_BUILDING: set[Any] = set()
_scan_once: Any = json.scanner.make_scanner(json.JSONDecoder())  # type: ignore[arg-type]
_fromisoformat = datetime.fromisoformat


class _GiveUp(Exception):
    """Internal: the fast path does not handle this value; the converter must."""


_GIVE_UP = _GiveUp()


def _json_text(value: str) -> Any:
    """``_decode_json`` for a ``str``, with the C scanner and without ``json.loads``.

    (orjson was tried as an accelerator and left out: it turns integers beyond 64 bits
    into floats where :mod:`json` keeps them exact, so results would differ.)
    """
    if not value:
        return None
    try:
        obj, end = _scan_once(value, 0)
    except (StopIteration, ValueError):  # leading blanks, a BOM, an invalid text
        return _c._decode_json(value)
    if end != len(value) and not value[end:].isspace():
        return _c._decode_json(value)  # trailing data: the converter's error
    return obj


def _date(value: Any) -> Any:
    """``to_datetime``, with direct paths for ``YYYY-MM-DD[T ]HH:MM:SS`` and unix seconds.

    The plain 19-character text is parsed with ``+00:00`` appended, which gives the
    aware UTC datetime at once (``datetime.replace(tzinfo=...)`` costs more than the
    parse itself); any other text goes through ``to_datetime``.
    """
    if type(value) is str:
        if len(value) == 19 and value[4] == "-" and "1" <= value[0] <= "9" and value[-1].isdigit():
            try:
                parsed = _fromisoformat(value + "+00:00")
            except ValueError:
                return _c.to_datetime(value)
            if parsed.tzinfo is UTC:  # the singleton: a +00:00 offset gives it
                return parsed
            return _c.to_datetime(value)
        if value.isdigit() and value.isascii():
            return _c._from_ts(int(value))
    elif type(value) is int:
        return _c._from_ts(value)
    return _c.to_datetime(value)


def compiled(tp: Any) -> Conv | None:
    """The fast structuring function for ``tp`` (built once), or ``None`` if unsupported."""
    fast = _FAST.get(tp)
    if fast is None:
        fast = _build(tp)
    return None if fast is _UNSUPPORTED else fast  # type: ignore[no-any-return,unused-ignore]


def _build(tp: Any) -> Any:
    if tp in _BUILDING:  # a model that contains itself: bind late

        def late(value: Any, strict: bool, w: list[tuple[str, str, Any]]) -> Any:
            return _FAST[tp](value, strict, w)

        return late
    _BUILDING.add(tp)
    fast: Any
    try:
        fast = _converter(tp)
    except _Unsupported:
        fast = _UNSUPPORTED
    finally:
        _BUILDING.discard(tp)
    _FAST[tp] = fast
    return fast


class _Unsupported(Exception):
    """Internal: a type the compiler does not build a fast path for."""


def _sub(tp: Any) -> Conv:
    fast = _FAST.get(tp)
    if fast is None:
        fast = _build(tp)
    if fast is _UNSUPPORTED:
        raise _Unsupported(tp)
    return fast  # type: ignore[no-any-return]


def _converter(tp: Any) -> Conv:
    if tp is Any:
        return lambda value, strict, w: value
    scalar = _SCALARS.get(tp)
    if scalar is not None:
        if tp is datetime:
            return lambda value, strict, w: _date(value)
        return lambda value, strict, w: scalar(value)
    if attrs.has(tp):
        return _model(tp)
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        return _union(args)
    if origin is list:
        return _list(args[0] if args else Any)
    if origin is dict:
        return _dict(args[1] if len(args) == 2 else Any)
    raise _Unsupported(tp)


def _union(args: tuple[Any, ...]) -> Conv:
    members = [a for a in args if a is not type(None)]
    nullable = len(members) != len(args)
    if any(m is Any for m in members):
        return lambda value, strict, w: value
    if len(members) == 1:
        only = _sub(members[0])

        def optional(value: Any, strict: bool, w: list[tuple[str, str, Any]]) -> Any:
            return None if value is None else only(value, strict, w)

        return optional
    # Trying members in order is only the converter's rule when a member's failure is
    # final: scalar hooks raise ``_Bad`` exactly as the converter's do; anything else
    # gives up (a model could keep a misfit in the converter and so win there).
    convs = [(m in _SCALARS, _sub(m)) for m in members]

    def union(value: Any, strict: bool, w: list[tuple[str, str, Any]]) -> Any:
        if value is None and nullable:
            return None
        for is_scalar, conv in convs:
            if not is_scalar:
                return conv(value, strict, w)
            try:
                return conv(value, strict, w)
            except _c._Bad:
                continue
        raise _GIVE_UP

    return union


def _scalar_items(kind: str, item: Any) -> Conv:
    """A list or str-keyed map of one scalar type, the scalar checks inlined in one loop."""
    expr = re.sub(r"\bv\b", "x", _INLINE[item])
    if kind == "list":
        code = (
            "def conv(value, strict, w):\n"
            "    if type(value) is not list:\n"
            "        raise GIVE_UP\n"
            f"    return [{expr} for x in value]\n"
        )
    else:
        code = (
            "def conv(value, strict, w):\n"
            "    if type(value) is not dict:\n"
            "        if value == [] or value == '':\n"
            "            return {}\n"
            "        raise GIVE_UP\n"
            f"    return {{(k if type(k) is str else str(k)): {expr} for k, x in value.items()}}\n"
        )
    env: dict[str, Any] = {
        "GIVE_UP": _GIVE_UP,
        "date": _date,
        "to_str": _c.to_str,
        "to_int": _c.to_int,
        "to_float": _c.to_float,
        "to_bool": _c.to_bool,
    }
    exec(compile(code, f"<mainwp_async structure {kind}[{item.__name__}]>", "exec"), env)
    fast: Conv = env["conv"]
    return fast


def _list(item: Any) -> Conv:
    if item in _INLINE:
        return _scalar_items("list", item)
    if item is Any:

        def any_list(value: Any, strict: bool, w: list[tuple[str, str, Any]]) -> Any:
            if type(value) is not list:
                raise _GIVE_UP
            return list(value)

        return any_list
    conv = _sub(item)

    def typed_list(value: Any, strict: bool, w: list[tuple[str, str, Any]]) -> Any:
        if type(value) is not list:
            raise _GIVE_UP
        return [conv(v, strict, w) for v in value]

    return typed_list


def _dict(item: Any) -> Conv:
    if item in _INLINE:
        return _scalar_items("dict", item)
    conv = None if item is Any else _sub(item)

    def typed_dict(value: Any, strict: bool, w: list[tuple[str, str, Any]]) -> Any:
        if type(value) is not dict:
            if value == [] or value == "":
                return {}
            raise _GIVE_UP
        if conv is None:
            return dict(value)
        return {(k if type(k) is str else str(k)): conv(v, strict, w) for k, v in value.items()}

    return typed_dict


# --------------------------------------------------------------------------- models
_KNOWN_METADATA = frozenset({"wire", "json", "csv", "key_from", "extra", "open"})
_INLINE = {
    str: "v if type(v) is str else to_str(v)",
    int: (
        "v if type(v) is int else int(v) if type(v) is str and v.isdigit() and v.isascii() "
        "else to_int(v)"
    ),
    float: "v if type(v) is float else to_float(v)",
    bool: (
        "v if v is True or v is False else True if v == '1' else False if v == '0' else to_bool(v)"
    ),
    datetime: "date(v)",
}


def _model(cls: Any) -> Conv:
    """Generate ``def s(value, strict, w)`` for one attrs class, straight-line per field."""
    hints = typing.get_type_hints(cls)
    env: dict[str, Any] = {
        "cls": cls,
        "GIVE_UP": _GIVE_UP,
        "MISSING": _MISSING,
        "json_text": _json_text,
        "date": _date,
        "to_str": _c.to_str,
        "to_int": _c.to_int,
        "to_float": _c.to_float,
        "to_bool": _c.to_bool,
        "split_csv": _c._split_csv,
        "rekey": _c._rekey,
        "Pending": _lazy.Pending,
    }
    name = cls.__name__
    wires: list[str] = []
    head = [
        "def s(value, strict, w):",
        "    if type(value) is not dict:",
        "        if value == [] or value is None:",
        "            value = {}",
        "        else:",
        "            raise GIVE_UP",
        "    get = value.get",
    ]
    body: list[str] = []
    call: list[str] = []
    lazy: list[tuple[str, _lazy.LazyJSONField]] = []
    plain = _plain(cls)  # (lazy fields need it: every field is then a slot)
    extra_name = next((a.name for a in attrs.fields(cls) if a.metadata.get("extra")), None)
    is_open = False
    for n, a in enumerate(attrs.fields(cls)):
        if not set(a.metadata) <= _KNOWN_METADATA:  # a converter feature this does not know
            raise _Unsupported(cls)
        if a.metadata.get("extra"):
            is_open = bool(a.metadata.get("open"))
            continue
        if not a.init or not a.name.isidentifier() or keyword.iskeyword(a.name):
            raise _Unsupported(cls)
        wire = a.metadata.get("wire", a.name)
        wires.append(wire)
        tp = _c._strip_none(hints.get(a.name, Any))
        required = a.default is attrs.NOTHING
        local = f"f{n}"
        if required:
            default = "MISSING"
        elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
            env[f"NOTHING{n}"] = attrs.NOTHING
            default = f"NOTHING{n}"
        elif a.default is None:
            default = "None"
        else:
            env[f"d{n}"] = a.default
            default = f"d{n}"
        if not (required or a.default is None):  # the others are set on every path
            head.append(f"    {local} = {default}")
        env[f"w{n}"] = wire
        key = repr(wire) if type(wire) is str else f"w{n}"
        if tp is Any:
            expr = "v"
        elif tp in _INLINE:
            expr = _INLINE[tp]
        else:
            env[f"c{n}"] = _sub(tp)
            expr = f"c{n}(v, strict, w)"
        # A required field or one defaulting to None treats "absent" like None: one
        # ``get`` without a marker; other defaults need to tell the two apart.
        simple = required or a.default is None
        if simple:
            lines = [f"    v = get({key})"]
        else:
            lines = [f"    v = get({key}, MISSING)", "    if v is not MISSING:"]
        transforms: list[str] = []
        if a.metadata.get("json"):
            transforms += ["if type(v) is str:", "    v = json_text(v)"]
        elif a.metadata.get("csv"):
            transforms += ["v = split_csv(v)"]
        if a.metadata.get("key_from"):
            env[f"k{n}"] = str(a.metadata["key_from"])
            transforms += [f"v = rekey(v, k{n})"]
        if required:
            convert_ = ["if v is None:", "    raise GIVE_UP", f"{local} = {expr}"]
            convert_ += [f"if {local} is None:", "    raise GIVE_UP"]
        else:
            convert_ = [f"{local} = None if v is None else {expr}"]
        if a.metadata.get("json") and not required and tp not in _INLINE and plain:
            # lenient: keep the text, decode on first access (see _lazy_json)
            lazy.append((a.name, _lazy_field(cls, a, tp, env.get(f"c{n}"), extra_name)))
            step = [
                "if type(v) is str and not strict:",
                f"    {local} = Pending(v) if v else None",
                "else:",
                *("    " + line for line in transforms + convert_),
            ]
        elif transforms:
            step = (
                transforms + convert_
                if required
                else [
                    "if v is None:",
                    f"    {local} = None",
                    "else:",
                    *("    " + line for line in transforms),
                    *("    " + line for line in convert_),
                ]
            )
        else:
            step = convert_
        ind = "    " if simple else "        "
        lines += [ind + line for line in step]
        body += lines
        call.append(f"{a.name}={local}")
    env["WIRES"] = frozenset(wires)
    env["NAME"] = name
    tail = [
        "    extra = None",
        "    if not WIRES.issuperset(value):",
        "        extra = {}",
        "        for k, x in value.items():",
        "            if k not in WIRES:",
        "                extra[k] = x",
    ]
    if not is_open:  # an open envelope expects any key; others warn (or give up: strict)
        tail[2:2] = ["        if strict:", "            raise GIVE_UP"]
        tail.append("                w.append((NAME, k, x))")
    if plain:
        # attrs' __init__ would only store each value: store them directly instead
        env["new"] = object.__new__
        tail.append("    o = new(cls)")
        for n, a in enumerate(attrs.fields(cls)):
            env[f"set{n}"] = _lazy.member(cls, a.name).__set__
            if isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                env[f"fac{n}"] = a.default.factory
            if a.name == extra_name:
                tail.append(f"    set{n}(o, fac{n}() if extra is None else extra)")
            elif isinstance(a.default, attrs.Factory):  # type: ignore[arg-type]
                tail.append(f"    set{n}(o, fac{n}() if f{n} is NOTHING{n} else f{n})")
            else:
                tail.append(f"    set{n}(o, f{n})")
        tail.append("    return o")
    else:
        if extra_name is not None:
            tail.append("    if extra is not None:")
            tail.append(f"        return cls({', '.join([*call, f'{extra_name}=extra'])})")
        tail.append(f"    return cls({', '.join(call)})")
    source = "\n".join([*head, *body, *tail]) + "\n"
    code = compile(source, f"<mainwp_async structure {cls.__module__}.{cls.__qualname__}>", "exec")
    exec(code, env)
    fast: Conv = env["s"]
    _lazy.install(cls, lazy, extra_name)
    return fast


def _slot(cls: Any, name: str) -> bool:
    """Whether field ``name`` of ``cls`` is a slot (possibly already under a lazy wrapper)."""
    return isinstance(_lazy.member(cls, name), types.MemberDescriptorType)


def _lazy_field(cls: Any, a: Any, tp: Any, conv: Any, extra: str | None) -> _lazy.LazyJSONField:
    """The descriptor that decodes JSON-text field ``a`` of ``cls`` on first access."""
    return _lazy.LazyJSONField(
        _lazy.member(cls, a.name),
        model=cls.__name__,
        wire=a.metadata.get("wire", a.name),
        tp=tp,
        key_from=str(a.metadata.get("key_from", "")),
        fast=(lambda value, strict, w: value) if tp is Any else conv,
        json_text=_json_text,
        extra=None if extra is None else _lazy.member(cls, extra),
    )


def _plain(cls: Any) -> bool:
    """Whether attrs' ``__init__`` of ``cls`` does nothing but store each argument.

    Then the compiled function may create the instance and set its slots itself: a
    slotted attrs class whose fields have no validator, converter or ``takes_self``
    factory, with no pre/post-init hook and no cached hash.
    """
    if not getattr(cls, "__attrs_own_setattr__", True) and not hasattr(cls, "__slots__"):
        return False
    if "__slots__" not in cls.__dict__ or hasattr(cls, "__attrs_post_init__"):
        return False
    if hasattr(cls, "__attrs_pre_init__") or "__attrs_cached_hash" in cls.__slots__:
        return False
    for a in attrs.fields(cls):
        if a.validator is not None or a.converter is not None or not a.init:
            return False
        if isinstance(a.default, attrs.Factory) and a.default.takes_self:  # type: ignore[arg-type]
            return False
        if not _slot(cls, a.name):
            return False
    return True
