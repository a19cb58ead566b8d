"""The legacy MainWP REST API v1 (``/wp-json/mainwp/v1``): ``mw.v1.<group>.<name>(...)``.

Every v1 route is a generated method (``mainwp_async._generated.v1``); this module is
the hand-written part: the door (root URL + :class:`~mainwp_async.auth.V1ApiKey`), the
error rules of v1 and the few shape fixes its answers need.

v1 answers differ from v2 (see ``docs/v1.md``):

* failures are ``{"ERROR": "…"}`` with HTTP 401 (credentials) or 400 (a missing or
  non-numeric parameter); MainWP's v2 layer, which also runs on v1 URLs, can refuse
  first with a WordPress error (``mainwp_rest_authentication_error``);
* an unknown ``site_id`` is HTTP 200 with an **empty body**: for the routes that look a
  site up this is a :class:`~mainwp_async.errors.NotFoundError`; on the other routes
  an empty body is an empty answer (``updates/ignored-plugins-updates`` with nothing
  ignored);
* lists of sites come as an id-keyed object, as a JSON list, or as ``{"data": [...]}``
  (``format=array``): all three decode to ``dict[str, Site]`` keyed by site id.
"""

from __future__ import annotations

import typing
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._door import Door, clean_args
from ._spec import EndpointSpec
from .classify import classify_v1, decode_body
from .convert import structure
from .errors import APIError
from .response import RawResponse
from .wire import build_parts

if TYPE_CHECKING:
    from .client import MainWP

__all__ = ["V1Door", "V1Response", "classify_v1", "normalize_v1"]  # classify_v1: see classify

PREFIX = "/wp-json/mainwp/v1"


def _is_map_of_models(tp: Any) -> bool:
    return typing.get_origin(tp) is dict and attrs.has(typing.get_args(tp)[1])


def normalize_v1(payload: Any, model: Any) -> Any:
    """Reshape one of v1's list spellings, and empty answers, into what ``model`` expects."""
    origin = typing.get_origin(model)
    if payload in ("", None):
        if origin is dict:
            return {}
        if origin is list:
            return []
        return None
    if _is_map_of_models(model):
        rows = payload
        if isinstance(rows, Mapping) and isinstance(rows.get("data"), list):
            rows = rows["data"]
        if isinstance(rows, list):
            return {
                str(row.get("id", i) if isinstance(row, Mapping) else i): row
                for i, row in enumerate(rows)
            }
    return payload


@attrs.frozen(kw_only=True)
class V1Response(RawResponse[Any]):
    """A v1 :class:`RawResponse`: v1's error rules, v1's shape fixes on :meth:`parse`."""

    site_scoped: bool = attrs.field(default=False, repr=False)
    site_id: Any = attrs.field(default=None, repr=False)

    @property
    def error(self) -> APIError | None:
        """The typed error this v1 answer stands for (see :func:`classify_v1`)."""
        error = classify_v1(
            self.status,
            self.json,
            endpoint=self.endpoint,
            site_scoped=self.site_scoped,
            headers=self.headers,
            site_id=self.site_id,
        )
        return self._scrubbed(error)

    def parse(self) -> Any:
        """Raise the typed error, or decode into the endpoint's model."""
        error = self.error
        if error is not None:
            raise error
        model = self.spec.response_model if self.spec is not None else None
        data = normalize_v1(self.json, model)
        if model is None or data is None:
            return data
        return structure(data, model, strict=self.strict)


class V1Door(Door):
    """Sends v1 calls; the generated ``mw.v1.*`` resources call :meth:`_send`."""

    def __init__(self, client: MainWP) -> None:
        super().__init__(
            client,
            prefix=PREFIX,
            credentials=lambda: client._v1_key,
            needed="v1_key",
            what="legacy v1",
        )

    async def _send(
        self, spec: EndpointSpec, args: Mapping[str, Any], *, check: bool
    ) -> RawResponse[Any]:
        from ._generated.v1.manifest import SITE_SCOPED

        parts = build_parts(spec, clean_args(args), method=spec.method, strict=True)
        wire = await self.send(
            spec,
            spec.method,
            parts.path,
            query=parts.query,
            body=parts.body,
            content_type=parts.content_type,
            idempotent=spec.idempotent,
        )
        ok = 200 <= wire.status < 300
        if ok and not wire.content.strip():
            payload: Any = ""
        else:
            payload = decode_body(
                wire.status,
                wire.headers,
                wire.content,
                method=spec.method,
                endpoint=spec.qualname,
                redactor=self._client._redact,
            )
        raw = V1Response(
            status=wire.status,
            headers=wire.headers,
            json=payload,
            spec=spec,
            endpoint=spec.qualname,
            elapsed=wire.elapsed,
            strict=self._client._strict_models,
            site_scoped=spec.qualname in SITE_SCOPED,
            site_id=args.get("site_id"),
            scrub=self._client._scrub,
        )
        if check and raw.error is not None:
            raise raw.error
        return raw

    async def _send_parsed(self, spec: EndpointSpec, args: Mapping[str, Any]) -> Any:
        """Send and decode: what awaiting a generated ``mw.v1.*`` call runs."""
        return (await self._send(spec, args, check=True)).parse()

    def _iterate(self, spec: EndpointSpec, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        raise NotImplementedError("v1 lists are not paged")  # pragma: no cover
