"""From a response's bytes to JSON, within hard limits (pure).

:func:`decode_body` turns raw bytes into JSON with limits on size, nesting depth, integer
length and number range, so a hostile or broken server yields a
:class:`~mainwp_async.errors.DecodeError` and never a ``RecursionError``, ``ValueError`` or
``OverflowError``. PHP notices printed before intact JSON are skipped with a warning (unless
``strict``). Error responses that are not JSON become a :class:`NonJSONBody` (with the HTML
``<title>`` when there is one) so :func:`~mainwp_async.classify.classify` can still judge them
by status. :func:`safe_snippet` is the one way body text gets into an error or a log line.
"""

from __future__ import annotations

import html
import json
import logging
import math
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

import attrs

from .errors import DecodeError
from .redact import Redactor

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_INT_DIGITS",
    "MAX_JSON_DEPTH",
    "NonJSONBody",
    "decode_body",
    "html_title",
    "loads",
    "safe_snippet",
]


log = logging.getLogger("mainwp_async")

SNIPPET_LIMIT = 200
#: Largest response body the SDK reads (bytes); larger ones are a :class:`DecodeError`.
MAX_BODY_BYTES = 64 * 1024 * 1024
#: Deepest nesting of arrays/objects accepted (MainWP payloads are under 10 deep).
MAX_JSON_DEPTH = 100
#: Longest integer literal accepted (Python's own ``int`` parsing limit).
MAX_INT_DIGITS = 4300

_NO_SECRETS = Redactor(())
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def safe_snippet(
    text: str | bytes,
    *,
    limit: int = SNIPPET_LIMIT,
    secrets: Redactor | tuple[str, ...] | list[str] = (),
) -> str:
    """Return a short, printable excerpt of ``text`` that is safe to show in errors and logs.

    Control characters (newlines included) collapse to single spaces, every spelling of each
    secret and anything shaped like a credential become ``[REDACTED]`` (see
    :mod:`mainwp_async.redact`), and the result is cut to ``limit`` characters (an ellipsis
    marks the cut). Only a bounded head of ``text`` is looked at, so the cost does not grow
    with the body.
    """
    window = max(limit, 0) * 4 + 1024
    if isinstance(text, bytes):
        text = text[: window * 4].decode("utf-8", errors="replace")
    redactor = secrets if isinstance(secrets, Redactor) else Redactor(secrets)
    text = redactor(_CONTROL_RE.sub(" ", text[:window]).strip())
    if len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


# --------------------------------------------------------------------------------------------
# Bounded JSON
# --------------------------------------------------------------------------------------------


class _Limit(Exception):
    """A JSON document beyond the decoder's limits (internal)."""


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Limit(f"the number {text[:40]} is out of range")
    return value


def _parse_constant(text: str) -> Any:
    raise _Limit(f"{text} is not valid JSON")


# Integers use the C parser (it raises ValueError past Python's digit limit); only float
# literals, rare in MainWP payloads, and NaN/Infinity go through Python hooks.
_DECODER = json.JSONDecoder(parse_float=_parse_float, parse_constant=_parse_constant)


_STRUCTURE = b'"[]{}'
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in _STRUCTURE)
_DEPTH_STEP = [0] * 256
_DEPTH_STEP[ord("[")] = _DEPTH_STEP[ord("{")] = 1
_DEPTH_STEP[ord("]")] = _DEPTH_STEP[ord("}")] = -1


def _too_deep(document: str, limit: int) -> bool:
    """Whether a *valid* JSON ``document`` nests containers deeper than ``limit``.

    Done with C-level byte operations only (no per-character Python loop): drop escaped
    backslashes and quotes, keep the structural characters, cut out what lies between
    quotes, and take the running maximum of +1/-1 over the brackets left.
    """
    data = document.encode("utf-8", "surrogatepass").replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(data.translate(None, _NOT_STRUCTURE).split(b'"')[::2])
    return max(accumulate(map(_DEPTH_STEP.__getitem__, outside)), default=0) > limit


def _raw_decode(text: str, start: int = 0) -> tuple[Any, int]:
    """Decode one JSON value at ``start``; raise ``_Limit`` or ``ValueError``."""
    try:
        value, end = _DECODER.raw_decode(text, start)
    except RecursionError:  # the C scanner's own guard, near sys.getrecursionlimit()
        raise _Limit(f"JSON nested deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        # int() refusing a literal over sys.get_int_max_str_digits() digits
        raise _Limit(f"an integer of more than {MAX_INT_DIGITS} digits") from None
    if (
        isinstance(value, dict | list)
        and text.count("[", start, end) + text.count("{", start, end) > MAX_JSON_DEPTH
        and _too_deep(text[start:end], MAX_JSON_DEPTH)
    ):
        raise _Limit(f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
    return value, end


_WS = " \t\n\r"


def loads(text: str) -> Any:
    """Decode a JSON document within the SDK's limits.

    Raises ``ValueError`` (``json.JSONDecodeError``) for malformed JSON and
    :class:`~mainwp_async.errors.DecodeError` (``status=0``) for JSON beyond the limits:
    nesting over :data:`MAX_JSON_DEPTH`, integers over :data:`MAX_INT_DIGITS` digits,
    non-finite numbers (``1e400``, ``NaN``, ``Infinity``).
    """
    try:
        value, end = _raw_decode(text, len(text) - len(text.lstrip(_WS)))
    except _Limit as exc:
        raise DecodeError(str(exc), status=0) from None
    if text[end:].strip(_WS):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


# --------------------------------------------------------------------------------------------
# decode_body
# --------------------------------------------------------------------------------------------


@attrs.frozen
class NonJSONBody:
    """Stand-in payload for an *error* response whose body is not JSON.

    A 502 from a proxy or a 503 maintenance page should still be classified by its status
    (and retried), so :func:`decode_body` returns this instead of raising for non-2xx answers.
    ``snippet`` is already shortened and redacted; ``title`` is the HTML ``<title>`` when the
    body is an HTML page (also redacted), else empty.
    """

    content_type: str
    snippet: str
    title: str = ""


_BOM = b"\xef\xbb\xbf"
_OPENERS = (b"{", b"[")
_TITLE_RE = re.compile(r"(?is)<title[^>]{0,200}>([^<]{0,500})</title")
_TAG_RE = re.compile(r"<[^<>]{0,200}>")
# PHP's own diagnostics (display_errors=On), in HTML or plain form.
_PHP_NOTICE_RE = re.compile(
    r"(?i)\b(?:notice|warning|deprecated|strict standards|user notice|user warning)\b"
    r"\s*(?:</b>)?\s*:"
)
# Where JSON may start after PHP output: the start of a line or right after a tag.
_JSON_START_RE = re.compile(r"(?:^|(?<=\n)|(?<=>))[ \t\r]*([\[{])")
_MAX_RECOVERY_TRIES = 4


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    lname = name.lower()
    for key, value in headers.items():
        if key.lower() == lname:
            return value
    return ""


def html_title(text: str, redactor: Redactor = _NO_SECRETS) -> str:
    """The ``<title>`` of an HTML page (entities decoded, redacted, shortened), or ``""``."""
    match = _TITLE_RE.search(text[:65536])
    if not match:
        return ""
    return safe_snippet(html.unescape(match.group(1)), limit=120, secrets=redactor)


def decode_body(
    status: int,
    headers: Mapping[str, str],
    raw: bytes,
    *,
    method: str | None = None,
    endpoint: str | None = None,
    strict: bool = False,
    redactor: Redactor = _NO_SECRETS,
) -> Any:
    """Decode a response body to JSON.

    Rules:

    * A leading UTF-8 byte-order mark is ignored.
    * An empty (or whitespace-only) body is ``None`` for ``HEAD`` requests, for 204/205/304
      and for any non-2xx status; on another 2xx it is a :class:`DecodeError` (every MainWP
      success carries JSON).
    * JSON beyond the limits (over :data:`MAX_BODY_BYTES`, nested deeper than
      :data:`MAX_JSON_DEPTH`, integers longer than :data:`MAX_INT_DIGITS` digits, non-finite
      numbers) is a :class:`DecodeError`, whatever the status.
    * PHP notices/warnings printed before otherwise intact JSON are skipped: the JSON is
      returned and a warning naming the notice is logged, unless ``strict`` (then
      :class:`DecodeError`).
    * A body that is not JSON raises :class:`DecodeError` for 2xx statuses (HTML pages,
      truncated output). For non-2xx statuses it returns a :class:`NonJSONBody` so
      :func:`classify` can still decide by status.

    The JSON content type is not required: the decision is made on the bytes. Every snippet
    of the body put into an error or a log line goes through ``redactor``.
    """
    if (
        raw[:1] in _OPENERS  # no BOM, no leading blank, not empty
        and 200 <= status < 300
        and status not in (204, 205)
        and len(raw) <= MAX_BODY_BYTES
        and (method is None or method.upper() != "HEAD")
    ):
        # The common case, a 2xx JSON document: decoded at once. Anything unusual (not
        # UTF-8, not JSON, PHP output, beyond the limits) takes the full path below, which
        # decides it exactly as if this shortcut did not exist.
        try:
            text = raw.decode("utf-8")
            value, end = _raw_decode(text)
        except (UnicodeDecodeError, ValueError, _Limit):
            pass
        else:
            if end == len(text) or not text[end:].strip(_WS):
                return value
    ctype = _header(headers, "content-type")
    success = 200 <= status < 300
    if (method or "").upper() == "HEAD" or status in (204, 205, 304):
        return None
    if len(raw) > MAX_BODY_BYTES:
        raise DecodeError(
            f"body of {len(raw)} bytes is over the {MAX_BODY_BYTES} byte limit",
            status=status,
            content_type=ctype,
            endpoint=endpoint,
        )
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    if not body.strip():
        if success:
            raise DecodeError(
                "empty body where JSON was expected",
                status=status,
                content_type=ctype,
                endpoint=endpoint,
            )
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        reason = "body is not valid UTF-8"
        text = ""
    else:
        try:
            return loads(text)
        except DecodeError as exc:
            raise DecodeError(
                exc.reason,
                status=status,
                content_type=ctype,
                snippet=safe_snippet(body, secrets=redactor),
                endpoint=endpoint,
            ) from None
        except json.JSONDecodeError as exc:
            recovered = _after_php_notices(text)
            if recovered is not None:
                value, notice = recovered
                shown = safe_snippet(notice, secrets=redactor)
                if strict:
                    raise DecodeError(
                        "PHP notices were printed before the JSON (strict_models is on)",
                        status=status,
                        content_type=ctype,
                        snippet=shown,
                        endpoint=endpoint,
                    ) from None
                log.warning(
                    "%s: the dashboard printed PHP output before the JSON; it was skipped: %s",
                    endpoint or "response",
                    shown,
                )
                return value
            reason = _describe_json_failure(text, exc, ctype)
    snippet = safe_snippet(body, secrets=redactor)
    if not success:
        title = html_title(text, redactor) if "<" in text[:65536] else ""
        return NonJSONBody(content_type=ctype, snippet=snippet, title=title)
    raise DecodeError(reason, status=status, content_type=ctype, snippet=snippet, endpoint=endpoint)


def _after_php_notices(text: str) -> tuple[Any, str] | None:
    """``(json, notice text)`` when ``text`` is PHP notices followed by intact JSON."""
    head = text.lstrip()
    if head[:1] in ("{", "[") or not _PHP_NOTICE_RE.search(text[:65536]):
        return None
    for tries, match in enumerate(_JSON_START_RE.finditer(text)):
        if tries >= _MAX_RECOVERY_TRIES:
            break
        start = match.start(1)
        prefix = text[:start]
        if not _PHP_NOTICE_RE.search(prefix):
            continue
        try:
            value, end = _raw_decode(text, start)
        except (_Limit, ValueError):
            continue
        if text[end:].strip(_WS):
            continue
        notice = " ".join(_TAG_RE.sub(" ", html.unescape(prefix)).split())
        return value, notice
    return None


def _describe_json_failure(text: str, exc: json.JSONDecodeError, ctype: str) -> str:
    stripped = text.lstrip()
    lowered = stripped[:200].lower()
    if lowered.startswith(("<!doctype html", "<html")) or "text/html" in ctype.lower():
        title = html_title(text)
        if "maintenance" in text[:65536].lower():
            return "got an HTML maintenance page instead of JSON" + (f" ({title})" if title else "")
        return "got an HTML page instead of JSON" + (f" ({title})" if title else "")
    brace = min((i for i in (text.find("{"), text.find("[")) if i > 0), default=-1)
    if brace > 0 and stripped[:1] not in "{[":
        return "unexpected output (e.g. PHP notices) before the JSON"
    # Cut off mid-string, mid-literal (``tru``, ``12.``) or after a separator.
    tail = text[exc.pos : exc.pos + 200].rstrip()
    if exc.msg.startswith("Unterminated string") or (
        exc.pos > 0 and len(text) - exc.pos < 200 and re.fullmatch(r"[\w.+-]*", tail)
    ):
        return "JSON is truncated"
    return f"body is not valid JSON ({exc.msg} at position {exc.pos})"
