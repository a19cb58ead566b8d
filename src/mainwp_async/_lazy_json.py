"""JSON-text fields decoded on first access instead of while the model is built.

A full site record carries about a dozen fields that the dashboard sends as JSON
*text* (``plugins``, ``themes``, ``recent_posts``...): decoding and structuring them
is nine tenths of the cost of a :class:`~mainwp_async.models.Site`, and most callers
read two or three of them, if any. So in lenient mode the compiled structuring path
(:mod:`mainwp_async._structure_compiler`) stores such a field as a :class:`Pending`
marker holding the untouched text, and a :class:`LazyJSONField` descriptor, put in
place of the field's slot on the class, decodes it the first time it is read.

What a reader sees is exactly what eager decoding gives, only later:

* the value is decoded and structured by the same functions, and stored in the slot,
  so a second read is a plain slot read and ``==``, ``repr``, pickling, ``evolve`` and
  ``unstructure`` (which all read the attribute) see the decoded value;
* a text that does not fit (invalid JSON, a list where a map is declared...) is, as
  eagerly, left ``None`` with the untouched text kept in ``extra`` under its wire key
  and one warning per (model, field path); reading ``extra`` first decodes every
  pending field of the instance, so ``extra`` is complete whenever it is looked at;
* the warning is logged when the field (or ``extra``) is first read, not when the
  response arrives: the one visible difference.

Strict mode (``MainWP(strict_models=True)``) decodes eagerly, so a misfit still raises
:class:`~mainwp_async.errors.ResponseShapeError` when the response is parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import convert as _c

__all__ = ["LazyExtra", "LazyJSONField", "Pending", "install"]


class Pending:
    """The undecoded JSON text of a lazy field, as stored in its slot."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"<pending JSON text, {len(self.text)} characters>"


class LazyJSONField:
    """Data descriptor over a field's slot: decodes a :class:`Pending` value when read."""

    __slots__ = ("_decode", "_extra", "_get", "_hook", "_key_from", "_model", "_wire", "member")

    def __init__(
        self,
        member: Any,
        *,
        model: str,
        wire: str,
        tp: Any,
        key_from: str,
        fast: Callable[[Any, bool, list[tuple[str, str, Any]]], Any] | None,
        json_text: Callable[[str], Any],
        extra: Any,
    ) -> None:
        self.member = member  # the slot's own member descriptor
        self._get = member.__get__
        self._model = model
        self._wire = wire
        self._key_from = key_from
        self._extra = extra  # the member descriptor of the model's ``extra`` slot, or None
        self._hook = None if tp is Any else _c.converter.get_structure_hook(tp)
        self._decode = self._make_decode(tp, fast, json_text)

    def _make_decode(
        self,
        tp: Any,
        fast: Callable[[Any, bool, list[tuple[str, str, Any]]], Any] | None,
        json_text: Callable[[str], Any],
    ) -> Callable[[Any, str], Any]:
        key_from = self._key_from

        def decode(obj: Any, text: str) -> Any:
            if fast is not None:
                pending: list[tuple[str, str, Any]] = []
                try:
                    value = json_text(text)
                    if key_from and value is not None:
                        value = _c._rekey(value, key_from)
                    result = None if value is None else fast(value, False, pending)
                except Exception:  # the fast path gave up: the converter decides
                    pass
                else:
                    for model, key, x in pending:
                        _c._warn_unknown(model, key, x)
                    return result
            return self._slow(obj, text, tp)

        return decode

    def _slow(self, obj: Any, text: str, tp: Any) -> Any:
        """What the converter's model hook does with this one field (lenient)."""
        token = _c._STRICT.set(False)
        try:
            value = _c._decode_json(text)
            if self._key_from:
                value = _c._rekey(value, self._key_from)
            if self._hook is not None and value is not None:
                value = self._hook(value, tp)
            return value
        except _c._Bad as exc:
            exc.path.insert(0, f".{self._wire}")
            extra = {} if self._extra is None else self._extra.__get__(obj, type(obj))
            _c._keep_misfit(self._model, self._wire, text, exc, extra)
            return None
        finally:
            _c._STRICT.reset(token)

    def force(self, obj: Any) -> None:
        """Decode the field of ``obj`` now if it is still pending."""
        value = self._get(obj, None)
        if type(value) is Pending:
            self.member.__set__(obj, self._decode(obj, value.text))

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        value = self._get(obj, owner)
        if type(value) is Pending:
            value = self._decode(obj, value.text)
            self.member.__set__(obj, value)
        return value

    def __set__(self, obj: Any, value: Any) -> None:
        self.member.__set__(obj, value)

    def __delete__(self, obj: Any) -> None:
        self.member.__delete__(obj)


class LazyExtra:
    """Data descriptor over a model's ``extra`` slot: decodes pending fields first.

    A misfit in a lazy field lands in ``extra``; reading ``extra`` therefore settles
    every pending field of the instance before it answers.
    """

    __slots__ = ("_fields", "_get", "member")

    def __init__(self, member: Any, fields: list[LazyJSONField]) -> None:
        self.member = member
        self._get = member.__get__
        self._fields = fields

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return self
        for field in self._fields:
            field.force(obj)
        return self._get(obj, owner)

    def __set__(self, obj: Any, value: Any) -> None:
        self.member.__set__(obj, value)

    def __delete__(self, obj: Any) -> None:
        self.member.__delete__(obj)


def member(cls: type, name: str) -> Any:
    """The slot's own member descriptor for field ``name`` (under any lazy wrapper)."""
    descriptor = cls.__dict__.get(name)
    return getattr(descriptor, "member", descriptor)


def install(cls: type, fields: list[tuple[str, LazyJSONField]], extra_name: str | None) -> None:
    """Put the lazy descriptors on ``cls`` in place of the slots they wrap (once)."""
    for name, descriptor in fields:
        setattr(cls, name, descriptor)  # a frozen class refuses instance writes only
    if extra_name is not None and fields:
        setattr(cls, extra_name, LazyExtra(member(cls, extra_name), [d for _, d in fields]))
