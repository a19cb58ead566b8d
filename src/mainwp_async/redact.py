r"""Secret redaction: one pass, linear time, every spelling of every secret.

A :class:`Redactor` is built once per client from the credential's secrets. It compiles a
single regular expression that matches each secret however it may have been written on the
way to us: raw, percent-encoded once or twice (any mix of encoded and plain characters, hex
digits in either case), form-encoded (``+`` for a space), JSON-escaped (``\/`` for ``/``, as PHP's
``json_encode`` writes it). Base64 spellings (HTTP Basic) are listed by the credential
itself. Every alternative of the pattern is a fixed sequence of small character classes, so
the scan costs ``O(len(text) * len(secret))``: a 40 KB body is scrubbed in microseconds,
not seconds.

**Short secrets.** A secret shorter than :data:`MIN_FREE_TEXT_LENGTH` characters is not
hunted in free text: a token like ``a==b`` would otherwise turn ``/wp-json/mainwp`` into
``/wp-json/m[REDACTED]inwp``. Short values are still hidden wherever a credential *sits*
(after ``Bearer``/``Basic``, as the value of ``key_pass=``, ``consumer_key=``, an
``Authorization`` header, their JSON forms, …): those positional patterns redact whatever
value is there, known secret or not. Real MainWP tokens are 64+ hex characters, consumer
keys 40+; a secret of under eight characters is a test fixture or a typo, and text that
contains eight specific characters by chance is rare enough not to matter.

Besides known secrets, anything *shaped* like a MainWP credential (``<hex>==<hex>``
tokens, ``ck_``/``cs_`` values, runs of 32+ hex digits) is redacted too, so a snippet of a
body that echoes another key is safe as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import unquote, unquote_plus

__all__ = [
    "MIN_FREE_TEXT_LENGTH",
    "REDACTED",
    "Redactor",
    "redact",
    "redact_data",
    "redact_exception",
]

REDACTED = "[REDACTED]"
#: Secrets shorter than this are only redacted in credential-bearing positions.
MIN_FREE_TEXT_LENGTH = 8

# Where a credential sits, whatever its value. Each alternative is anchored on a fixed
# keyword and followed by bounded character classes: linear.
_QUERY_KEYS = (
    r"key_pass|consumer_key|consumer_secret|oauth_mainwp_ck|oauth_mainwp_cs|api_key|"
    r"access_token|password|passwd|application_password|app_password"
)
_HEADER_KEYS = r"authorization|proxy-authorization|cookie|x-api-key"
_VALUE = r"[^\s\"'<>,;&\\]+"
_POSITIONAL = re.compile(
    # Authorization values: Bearer/OAuth anything, Basic a base64 run.
    rf"(?P<scheme>\b(?i:bearer|oauth)\s+){_VALUE}"
    # Basic: a base64 run with a digit, "+", "/" or "=" in it ("basic settings" is prose).
    r"|(?P<basic>\b(?i:basic)\s+)(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{6,}={0,2}"
    # key=value in URLs and forms (also percent-encoded ``=``).
    rf"|(?P<query>\b(?i:{_QUERY_KEYS}|x-api-key)(?:=|%3[dD])){_VALUE}"
    # "key": "value" in JSON and Python reprs (JSON-escaped quotes too).
    rf"|(?P<json>(?:\\?[\"'])(?i:{_QUERY_KEYS}|{_HEADER_KEYS})\\?[\"']\s*:\s*\\?[\"']"
    r"(?:(?i:bearer|basic|oauth)\s+)?)[^\"'\\]+"
    # Header lines: ``Authorization: Bearer …``.
    rf"|(?P<header>\b(?i:{_HEADER_KEYS})\s*:\s*(?:[A-Za-z]+\s+)?){_VALUE}"
)
# Anything shaped like a MainWP credential. Lookbehinds make each match start only at the
# beginning of a run, which keeps the scan linear on long alphanumeric runs.
_SHAPES = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-Za-z]{8,}==[0-9A-Za-z]{8,}"
    r"|(?i:\b(?:ck|cs)_[0-9a-z]{8,})"
    r"|(?i:(?<![0-9a-f])[0-9a-f]{32,}(?![0-9a-f]))"
)


def _char_class(ch: str) -> str:
    """A regex matching one character of a secret in any of its spellings."""
    spellings = {re.escape(ch)}
    encoded = "".join(
        f"%[{b >> 4:X}{(b >> 4):x}][{b & 15:X}{(b & 15):x}]" for b in ch.encode("utf-8")
    )
    spellings.add(encoded)
    # percent-encoded twice (``%252F``: a URL put into another URL's query, a proxy log)
    spellings.add(
        "".join(f"%25[{b >> 4:X}{(b >> 4):x}][{b & 15:X}{(b & 15):x}]" for b in ch.encode("utf-8"))
    )
    if ch == " ":
        spellings.add(r"\+")
    if ch == "/":
        spellings.add(r"\\/")
    return "(?:" + "|".join(sorted(spellings, key=len, reverse=True)) + ")"


def _secret_pattern(secret: str) -> str:
    return "".join(_char_class(ch) for ch in secret)


@lru_cache(maxsize=64)
def _compile(secrets: tuple[str, ...]) -> re.Pattern[str] | None:
    given = {s for s in secrets if len(s) >= MIN_FREE_TEXT_LENGTH}
    # An encoded spelling of another listed secret is matched by that secret's pattern.
    long_ones = sorted(
        (s for s in given if not ({unquote(s), unquote_plus(s)} - {s}) & given), key=len
    )
    if not long_ones:
        return None
    # Longest first so a secret containing another is hidden whole.
    return re.compile("|".join(_secret_pattern(s) for s in reversed(long_ones)))


class Redactor:
    """Scrubs text of a fixed set of secrets (see the module docstring for the rules).

    Instances are cheap to build, call and share: the pattern is compiled on first use (most
    clients never need it) and cached per set of secrets. ``Redactor(())`` still removes
    credential-shaped values.
    """

    __slots__ = ("_secrets",)

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets = tuple(sorted({s for s in secrets if isinstance(s, str) and s}))

    def __call__(self, text: str) -> str:
        """Return ``text`` with every secret and credential-shaped value replaced."""
        pattern = _compile(self._secrets)
        if pattern is not None:
            text = pattern.sub(REDACTED, text)
        text = _POSITIONAL.sub(_keep_label, text)
        return _SHAPES.sub(REDACTED, text)

    def __repr__(self) -> str:
        return "Redactor(…)"


def _keep_label(match: re.Match[str]) -> str:
    label = next(g for g in match.groups() if g is not None) if match.lastgroup else ""
    return f"{label}{REDACTED}"


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Replace every spelling of each secret in ``text`` with ``[REDACTED]`` (one pass)."""
    return Redactor(secrets)(text)


def redact_data(value: Any, redactor: Redactor, _depth: int = 0) -> Any:
    """A copy of decoded JSON ``value`` with every string (keys too) scrubbed."""
    if _depth > 200:
        return REDACTED
    if isinstance(value, str):
        return redactor(value)
    if isinstance(value, Mapping):
        return {
            (redactor(k) if isinstance(k, str) else k): redact_data(v, redactor, _depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact_data(v, redactor, _depth + 1) for v in value]
    return value


def redact_exception(exc: BaseException, redactor: Redactor) -> BaseException:
    """Scrub ``exc`` and every exception chained to it (``__cause__``/``__context__``).

    String arguments are redacted in place; the SDK's own errors also have their message
    attributes scrubbed. Returns ``exc`` for convenience. Cycles in the chain are handled.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    stack: list[BaseException] = []
    while current is not None or stack:
        if current is None:
            current = stack.pop()
        if id(current) in seen:
            current = None
            continue
        seen.add(id(current))
        current.args = tuple(redactor(a) if isinstance(a, str) else a for a in current.args)
        state = getattr(current, "__dict__", {})
        for attr in ("message", "reason", "snippet", "location", "value", "detail", "path"):
            value = state.get(attr)
            if isinstance(value, str):
                setattr(current, attr, redactor(value))
        if state.get("body") is not None:
            current.body = redact_data(state["body"], redactor)  # type: ignore[attr-defined]
        if isinstance(state.get("headers"), Mapping):
            current.headers = {  # type: ignore[attr-defined]
                k: redactor(v) if isinstance(v, str) else v for k, v in state["headers"].items()
            }
        if current.__context__ is not None:
            stack.append(current.__context__)
        current = current.__cause__
    return exc
