"""Endpoint-specific checks of a decoded response payload, by endpoint name.

The client's request path is generic: it builds, sends, decodes and classifies every call
alike. What one endpoint needs on top lives here, next to the endpoint's own logic, and is
found through :attr:`~mainwp_async._spec.EndpointSpec.payload_check` (looked up once per
spec). A check sees the decoded JSON of every answer of its endpoint (typed, ``.raw()``,
``call()`` and paged calls alike), before any error classification, and must not raise
for a payload it does not understand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .pending import warn_if_capped

__all__ = ["CHECKS"]

CHECKS: Mapping[str, Callable[[Any], None]] = {
    # MainWP 6.1.2 answers GET updates through an ability that stops at 50 rows.
    "updates.list": warn_if_capped,
}
