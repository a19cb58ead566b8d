"""Suite-wide set-up: the aioresponses shim and the location of the captured contract."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests import aioresponses_compat  # noqa: F401  (patches aioresponses on import)

ROOT = Path(__file__).resolve().parents[1]
CAPTURES = ROOT / "postman" / "source" / "captures"

#: A token shaped like MainWP's (`<secret hex>==<key hex>`); never a real one.
TOKEN = "a" * 40 + "==" + "b" * 33 + "1234567"


def load_capture(relative: str) -> dict[str, Any]:
    """One captured exchange from postman/source/captures (e.g. ``"get/sites_1.json"``)."""
    return json.loads((CAPTURES / relative).read_text())


@pytest.fixture
def token() -> str:
    return TOKEN
