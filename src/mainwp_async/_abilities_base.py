"""The hand-written half of ``mw.abilities``: running an ability, listing them, errors.

The generated ``AbilitiesAPI`` (one method per ability of ``abilities.json``) subclasses
:class:`AbilitiesBase`. Each method returns an :class:`AbilityCall`: ``await`` it for the
typed output, or ``await call.raw()`` for status, headers and JSON.

How a run travels (WordPress refuses any other verb with 405):

* readonly abilities: ``GET .../run?input[key]=value`` (arrays ``input[key][]=v``);
  every query value reaches the ability as a string, and ``"false"`` is truthy there,
  so a boolean ``False`` is left out instead of being sent;
* destructive and idempotent ones: ``DELETE`` with the same query encoding;
* all others: ``POST`` with the JSON body ``{"input": {...}}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Generator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs

from ._ability_spec import AbilityCategory, AbilityDefinition, AbilitySpec
from ._door import Door
from .classify import classify_ability, decode_body
from .convert import structure
from .errors import APIError, ConfigurationError
from .response import RawResponse
from .wire import render_scalar

if TYPE_CHECKING:
    from .client import MainWP

__all__ = ["AbilitiesBase", "AbilityCall", "classify_ability", "encode_input"]

PREFIX = "/wp-json/wp-abilities/v1"
T = TypeVar("T")


def _flatten(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    if isinstance(value, bool):
        if value:
            out.append((prefix, "true"))
    elif isinstance(value, Mapping):
        for k, v in value.items():
            _flatten(f"{prefix}[{k}]", v, out)
    elif isinstance(value, list | tuple | set | frozenset):
        for v in value:
            _flatten(f"{prefix}[]", v, out)
    else:
        out.append((prefix, render_scalar(value)))


def encode_input(
    method: str, data: Mapping[str, Any]
) -> tuple[tuple[tuple[str, str], ...], bytes | None]:
    """``(query, body)`` for one run: PHP-style ``input[...]`` query, or ``{"input": …}``."""
    if method in ("GET", "DELETE"):
        query: list[tuple[str, str]] = []
        for key, value in data.items():
            _flatten(f"input[{key}]", value, query)
        return tuple(query), None
    if not data:
        return (), None
    body = json.dumps({"input": dict(data)}, separators=(",", ":"), default=str).encode()
    return (), body


def _check_input(spec: AbilitySpec, data: Mapping[str, Any]) -> None:
    for p in spec.params:
        if p.required and p.name not in data:
            raise ConfigurationError(
                f"{spec.qualname}() is missing the required input {p.python_name!r}"
            )
        value = data.get(p.name)
        off_enum = p.enum and value is not None and not isinstance(value, list | tuple)
        if off_enum and p.enum is not None and str(value) not in p.enum:
            raise ConfigurationError(
                f"{spec.qualname}(): {p.python_name}={value!r} is not one of {', '.join(p.enum)}"
            )


class AbilityCall(Generic[T]):
    """One prepared ability run: ``await`` it for the typed output, or ``.raw()``."""

    __slots__ = ("_base", "_input", "_spec")

    def __init__(self, base: AbilitiesBase, spec: AbilitySpec, data: Mapping[str, Any]) -> None:
        self._base = base
        self._spec = spec
        self._input = dict(data)

    @property
    def spec(self) -> AbilitySpec:
        """The ability this call runs."""
        return self._spec

    async def raw(self) -> RawResponse[T]:
        """Run it; return status, headers and JSON without raising on an error answer."""
        return await self._base._send_run(self._spec, self._input, check=False)

    async def parse(self) -> T:
        """Run it and decode the output into the ability's model."""
        response: RawResponse[T] = await self._base._send_run(self._spec, self._input, check=True)
        return response.parse()

    def __await__(self) -> Generator[Any, None, T]:
        return self.parse().__await__()

    def __repr__(self) -> str:
        return f"<AbilityCall {self._spec.method} {self._spec.name}>"


@attrs.frozen(kw_only=True)
class _AbilityResponse(RawResponse[Any]):
    """A :class:`RawResponse` judged by :func:`classify_ability` and decoded by spec."""

    model: Any = attrs.field(default=None, repr=False)

    @property
    def error(self) -> APIError | None:
        """The typed error of this answer, or ``None``."""
        error = classify_ability(
            self.status, self.json, endpoint=self.endpoint, headers=self.headers
        )
        return self._scrubbed(error)

    def parse(self) -> Any:
        """Raise the typed error, or structure the output into the ability's model."""
        error = self.error
        if error is not None:
            raise error
        model = self.model
        if model is None or self.json is None:
            return self.json
        return structure(self.json, model, strict=self.strict)


class AbilitiesBase:
    """``mw.abilities``: run, list and describe the dashboard's WordPress abilities."""

    def __init__(self, client: MainWP) -> None:
        self._client = client
        self._door = Door(
            client,
            prefix=PREFIX,
            credentials=lambda: client._app_password,
            needed="app_password",
            what="WordPress Abilities API",
        )

    def __repr__(self) -> str:
        return "<AbilitiesAPI>"

    # -- running ----------------------------------------------------------------------

    def _run(self, spec: AbilitySpec, args: Mapping[str, Any]) -> AbilityCall[Any]:
        return AbilityCall(self, spec, {k: v for k, v in args.items() if v is not None})

    def run(self, name: str, /, **input: Any) -> AbilityCall[Any]:
        """Run any ability by name: ``mw.abilities.run("mainwp/get-site-v1", site_id_or_domain=1)``.

        A name in the generated manifest uses its verb and output model; another name
        (an extension's ability) is sent as POST and its JSON returned as is, unless
        ``readonly=True`` or ``method=...`` is given among the keywords' special names
        ``_method``.
        """
        from ._generated.abilities.manifest import BY_NAME

        method = input.pop("_method", None)
        spec = BY_NAME.get(name)
        if spec is None:
            if not isinstance(name, str) or name.count("/") != 1:
                raise ConfigurationError(
                    f"ability names look like 'namespace/name-v1', got {name!r}"
                )
            spec = AbilitySpec(
                name=name,
                method_name=name.replace("/", "_").replace("-", "_"),
                method=str(method or "POST").upper(),
            )
        elif method is not None:
            spec = AbilitySpec(**{**_fields(spec), "method": str(method).upper()})
        return AbilityCall(self, spec, input)

    async def _send_run(
        self, spec: AbilitySpec, data: Mapping[str, Any], *, check: bool
    ) -> RawResponse[Any]:
        _check_input(spec, data)
        query, body = encode_input(spec.method, data)
        wire = await self._door.send(
            spec,
            spec.method,
            spec.run_path,
            query=query,
            body=body,
            content_type="application/json" if body is not None else None,
            idempotent=spec.readonly,
        )
        return self._response(spec.qualname, wire, check=check, model=spec.output_model)

    def _response(self, endpoint: str, wire: Any, *, check: bool, model: Any) -> RawResponse[Any]:
        payload = decode_body(
            wire.status,
            wire.headers,
            wire.content,
            endpoint=endpoint,
            redactor=self._client._redact,
        )
        raw = _AbilityResponse(
            status=wire.status,
            headers=wire.headers,
            json=payload,
            endpoint=endpoint,
            elapsed=wire.elapsed,
            strict=self._client._strict_models,
            model=model,
            scrub=self._client._scrub,
        )
        if check and raw.error is not None:
            raise raw.error
        return raw

    # -- describing -------------------------------------------------------------------

    async def _get(self, path: str, query: tuple[tuple[str, str], ...] = ()) -> RawResponse[Any]:
        spec = _Named(f"abilities.GET {path}")
        wire = await self._door.send(spec, "GET", path, query=query)
        return self._response(spec.qualname, wire, check=True, model=None)

    async def index(self) -> Any:
        """``GET /wp-json/wp-abilities/v1``: the namespace index (public)."""
        spec = _Named("abilities.index")
        wire = await self._door.send(spec, "GET", "", authenticate=False)
        return self._response(spec.qualname, wire, check=True, model=None).json

    async def describe(self, name: str) -> AbilityDefinition:
        """One ability's definition as the dashboard has it now (schemas, annotations)."""
        raw = await self._get(f"/abilities/{name}")
        return structure(raw.json, AbilityDefinition)

    async def categories(self) -> list[AbilityCategory]:
        """The ability categories (``GET categories``)."""
        raw = await self._get("/categories", (("per_page", "100"),))
        return [structure(c, AbilityCategory) for c in raw.json or []]

    async def category(self, slug: str) -> AbilityCategory:
        """One category (``GET categories/{slug}``)."""
        raw = await self._get(f"/categories/{slug}")
        return structure(raw.json, AbilityCategory)

    async def list_definitions(
        self, *, page: int = 1, per_page: int = 50, category: str | None = None
    ) -> RawResponse[Any]:
        """One page of definitions with its headers (``X-WP-Total``, ``Link``).

        ``raw.json`` is the list; prefer :meth:`iter_definitions`, which follows the
        pages and yields :class:`AbilityDefinition` models.
        """
        if not 1 <= per_page <= 100:
            raise ConfigurationError("per_page must be between 1 and 100 (the server's limit)")
        query: list[tuple[str, str]] = [("page", str(page)), ("per_page", str(per_page))]
        if category:
            query.append(("category", category))
        return await self._get("/abilities", tuple(query))

    async def iter_definitions(
        self, *, category: str | None = None, per_page: int = 100
    ) -> AsyncIterator[AbilityDefinition]:
        """Every ability definition, page by page, following the ``Link: rel="next"`` header.

        The list is paged by WordPress (``X-WP-Total``/``X-WP-TotalPages`` and ``Link``);
        ``per_page`` may be at most 100.
        """
        page = 1
        while True:
            raw = await self.list_definitions(page=page, per_page=per_page, category=category)
            for item in raw.json or []:
                yield structure(item, AbilityDefinition)
            total_pages = raw.headers.get("x-wp-totalpages")
            has_next = _has_next(raw.headers.get("link", ""))
            if not has_next or (total_pages is not None and page >= int(total_pages)):
                return
            page += 1


class _Named:
    """A label for the retry/log machinery of a non-ability request."""

    def __init__(self, qualname: str) -> None:
        self.qualname = qualname


_NEXT_RE = re.compile(r'<[^>]*>\s*;\s*rel="?next"?', re.IGNORECASE)


def _has_next(link: str) -> bool:
    """Whether a ``Link`` header names a next page."""
    return bool(_NEXT_RE.search(link))


def _fields(spec: AbilitySpec) -> dict[str, Any]:
    return attrs.asdict(spec, recurse=False)
