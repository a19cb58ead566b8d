"""The simulator's frozen facts match postman/source (golden record), and are what it serves."""

from __future__ import annotations

import json

from codegen.simdata import DEFAULT_SOURCE, SIMDATA_PATH, render_simdata
from mainwp_async.testing.fleet import embedded


def test_committed_simdata_is_what_codegen_writes():
    assert SIMDATA_PATH.read_bytes() == render_simdata()


def test_simdata_keeps_the_route_index_in_registration_order():
    routes = json.loads((DEFAULT_SOURCE / "routes.json").read_text())["routes"]
    assert [r["route"] for r in embedded()["routes"]] == list(routes)
    assert embedded()["_comment"].startswith("DO NOT EDIT")
