"""updates.iter_list yields every row of the (unpaged) answer, look-alikes included."""

from __future__ import annotations

import re

from aioresponses import aioresponses

from mainwp_async import MainWP
from mainwp_async.models import UpdateItem

from ..conftest import TOKEN

BASE = "https://dash.example"
URL = re.compile("^" + re.escape(BASE + "/wp-json/mainwp/v2/updates") + r"(\?.*)?$")
ROW = {
    "site_id": 2,
    "site_url": "https://b.example/",
    "site_name": "B",
    "type": "translation",
    "slug": "akismet",
    "name": "Akismet",
    "current_version": "5.7",
    "new_version": "5.7",
}


async def test_two_alike_translation_rows_are_both_yielded() -> None:
    with aioresponses() as m:
        m.get(URL, payload={"success": 1, "data": [ROW, dict(ROW), {**ROW, "site_id": 3}]})
        async with MainWP(BASE, token=TOKEN, strict_models=True) as mw:
            rows = [row async for row in mw.updates.iter_list()]
    assert len(rows) == 3 and all(isinstance(r, UpdateItem) for r in rows)
    assert [r.site_id for r in rows] == [2, 2, 3]


async def test_rows_left_by_exclude_arrive_index_keyed_and_stay_a_list() -> None:
    # updates controller get_items unsets excluded rows by position, so json_encode
    # sends what is left as an object keyed by the remaining indexes
    body = {"success": 1, "data": {"0": ROW, "2": {**ROW, "site_id": 3}}}
    with aioresponses() as m:
        m.get(URL, payload=body, repeat=True)
        async with MainWP(BASE, token=TOKEN, strict_models=True) as mw:
            answer = await mw.updates.list(exclude=[1])
            rows = [row async for row in mw.updates.iter_list(exclude=[1])]
    assert answer.data is not None and [u.site_id for u in answer.data] == [2, 3]
    assert [r.site_id for r in rows] == [2, 3]
