"""Fixtures shared with the end-to-end tests (the simulated fleet)."""

from __future__ import annotations

from ..e2e.conftest import fleet, rig

__all__ = ["fleet", "rig"]
