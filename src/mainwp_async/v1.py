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

import html
import typing
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._door import Door, clean_args
from ._spec import EndpointSpec
from .convert import structure
from .errors import (
    APIError,
    AuthenticationError,
    InvalidParamsError,
    NotFoundError,
    OperationFailed,
    classify,
    decode_body,
)
from .response import RawResponse
from .wire import build_parts

if TYPE_CHECKING:
    from .client import MainWP

__all__ = ["V1Door", "V1Response", "classify_v1", "normalize_v1"]

PREFIX = "/wp-json/mainwp/v1"


def classify_v1(
    status: int,
    payload: Any,
    *,
    endpoint: str,
    site_scoped: bool = False,
    headers: Mapping[str, str] | None = None,
    site_id: Any = None,
) -> APIError | None:
    """The typed error a v1 answer stands for, or ``None`` for a success.

    ``{"ERROR": msg}``: 401 -> :class:`AuthenticationError`, 400 ->
    :class:`InvalidParamsError` (the message is HTML-unescaped: the server sends
    ``&gt;``). An empty 2xx body on a ``site_scoped`` route -> :class:`NotFoundError`.
    Anything else (a WordPress error from MainWP's v2 auth layer, other statuses) follows
    the v2 rules of :func:`mainwp_async.errors.classify`.
    """
    hdrs: Mapping[str, str] = headers or {}
    ok = 200 <= status < 300
    if isinstance(payload, Mapping) and "ERROR" in payload:
        message = html.unescape(str(payload["ERROR"])) or "v1 error"
        cls: type[APIError]
        if status == 401:
            cls = AuthenticationError
        elif status == 400:
            cls = InvalidParamsError
        elif ok:
            cls = OperationFailed
        else:
            cls = type(classify(status, {}, endpoint=endpoint) or APIError("x", status=status))
        return cls(message, status=status, code=None, endpoint=endpoint, body=payload, headers=hdrs)
    if ok and payload in ("", None):
        if site_scoped:
            shown = f" {site_id}" if site_id is not None else ""
            return NotFoundError(
                f"no child site with site_id{shown} (v1 answers an unknown id with an empty body)",
                status=status,
                code=None,
                endpoint=endpoint,
                body=payload,
                headers=hdrs,
            )
        return None
    if ok and isinstance(payload, Mapping) and set(payload) == {"error"}:
        return OperationFailed(
            html.unescape(str(payload["error"])) or "operation failed",
            status=status,
            code=None,
            endpoint=endpoint,
            body=payload,
            headers=hdrs,
        )
    return classify(status, payload, endpoint=endpoint, headers=hdrs)


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
        return classify_v1(
            self.status,
            self.json,
            endpoint=self.endpoint,
            site_scoped=self.site_scoped,
            headers=self.headers,
            site_id=self.site_id,
        )

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
                wire.status, wire.headers, wire.content, method=spec.method, endpoint=spec.qualname
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
        )
        if check and raw.error is not None:
            raise raw.error
        return raw

    def _iterate(self, spec: EndpointSpec, args: Mapping[str, Any]) -> AsyncIterator[Any]:
        raise NotImplementedError("v1 lists are not paged")  # pragma: no cover
