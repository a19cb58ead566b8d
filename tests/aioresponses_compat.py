"""aioresponses 0.7.9 builds ClientResponse without aiohttp 3.14's ``stream_writer``.

Importing this module once (tests/conftest.py does) swaps in a subclass that supplies
the missing argument, so aioresponses mocks keep working on the aiohttp we require.
"""

from __future__ import annotations

from typing import Any

import aioresponses.core
from aiohttp import ClientResponse


class _NoOutput:
    output_size = 0


class CompatClientResponse(ClientResponse):
    """ClientResponse that tolerates the arguments aioresponses does not pass."""

    def __init__(self, method: str, url: Any, **kwargs: Any) -> None:
        # With writer=None aiohttp reads stream_writer.output_size: give it a stand-in.
        kwargs.setdefault("stream_writer", _NoOutput())
        super().__init__(method, url, **kwargs)


aioresponses.core.ClientResponse = CompatClientResponse  # type: ignore[misc]
