"""``call("OPTIONS", path)``: WordPress describes every route, whatever it registers."""

from __future__ import annotations

import re

import pytest
from aioresponses import aioresponses

from mainwp_async import MainWP

from ..conftest import TOKEN, load_capture

BASE = "https://dash.example"
API = BASE + "/wp-json/mainwp/v2"


def _url(path: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(API + path) + r"(\?.*)?$")


@pytest.mark.parametrize(
    ("path", "scope"),
    [
        ("/sites/basic", "read"),  # a GET-only route
        ("/tags/add", "read"),  # a POST-only route
        ("/sites/{site_id}/remove", "delete"),  # a DELETE route, template filled
        ("/sites/1/sync", "write"),
    ],
)
async def test_options_is_sent_on_every_route_for_every_scope(path: str, scope: str) -> None:
    body = load_capture("errors/OPTIONS_sites_basic_no_auth.json")["body"]
    concrete = path.replace("{site_id}", "4")
    with aioresponses() as m:
        m.add(_url(concrete), method="OPTIONS", status=200, payload=body)
        async with MainWP(BASE, token=TOKEN, scope=scope) as mw:
            values = {"site_id": 4} if "{" in path else {}
            got = await mw.call("OPTIONS", path, **values)
        sent = [key for key in m.requests if key[0] == "OPTIONS"]
    assert got["namespace"] == "mainwp/v2" and got["methods"] == ["GET"]
    assert len(sent) == 1 and str(sent[0][1]).endswith(concrete)
