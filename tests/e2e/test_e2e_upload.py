"""users.import_: a CSV file uploaded as multipart/form-data, end to end."""

from __future__ import annotations

from typing import Any

import aiohttp

from mainwp_async._generated import models
from mainwp_async.testing import SimulatedDashboard

from .conftest import client

URL = "/wp-json/mainwp/v2/users/import"


async def test_upload_a_two_line_csv_through_the_sdk(rig: SimulatedDashboard) -> None:
    csv_file = b"username,email,first_name,last_name,website,password,role\n"
    csv_file += b"ada,ada@example.test,Ada,Lovelace,,s3cret,editor\n"
    async with client(rig, strict_models=True) as mw:
        report = await mw.users.import_(csv_file=csv_file, has_header=True)
    assert isinstance(report, models.UsersImportResponse)
    assert (report.total, report.success_count, report.failed_count) == (1, 1, 0)
    assert report.success_users is not None
    assert [(u.line_number, u.username, u.email) for u in report.success_users] == [
        (2, "ada", "ada@example.test")
    ]
    assert report.failed_users == [] and report.extra == {}  # every key is a typed field
    assert rig.counters.requests[("POST", "/mainwp/v2/users/import")] == 1


async def test_rows_without_header_and_per_row_failures(rig: SimulatedDashboard) -> None:
    csv_text = "grace,grace@example.test\nlinus,\n"  # str content is sent UTF-8 encoded
    async with client(rig, strict_models=True) as mw:
        raw = await mw.users.import_(csv_file=csv_text, has_header=False).raw()
    failure = raw.parse().failed_users[0]
    assert (failure.line_number, failure.username, failure.error) == (2, "linus", "missing_email")
    assert raw.status == 200
    assert raw.json == {
        "total": 2,
        "success_count": 1,
        "failed_count": 1,
        "success_users": [{"line_number": 1, "username": "grace", "email": "grace@example.test"}],
        "failed_users": [
            {"line_number": 2, "username": "linus", "email": "", "error": "missing_email"}
        ],
    }


async def _post(dash: SimulatedDashboard, **kwargs: Any) -> tuple[int, Any]:
    headers = {"Authorization": "Bearer " + dash.tokens["read_write"]}
    async with (
        aiohttp.ClientSession() as session,
        session.post(dash.url + URL, headers=headers, **kwargs) as resp,
    ):
        return resp.status, await resp.json()


async def test_bodies_without_a_file_are_refused_like_the_server(
    rig: SimulatedDashboard,
) -> None:
    no_file = {"code": "no_file_uploaded", "message": "No file uploaded.", "data": {"status": 400}}
    csv_text = "u,e\nbob,bob@example.test\n"
    assert await _post(rig, json={"csv_file": csv_text, "has_header": True}) == (400, no_file)
    assert await _post(rig, data={"csv_file": csv_text, "has_header": "1"}) == (400, no_file)
    as_text = aiohttp.FormData()
    as_text.add_field("csv_file", csv_text)  # a plain field, not a file part
    as_text.add_field("has_header", "1")
    assert await _post(rig, data=as_text) == (400, no_file)


async def test_the_simulator_reads_another_clients_multipart(rig: SimulatedDashboard) -> None:
    form = aiohttp.FormData()
    form.add_field("has_header", "0")
    form.add_field("csv_file", b"bob,bob@example.test\n", filename="u.csv")
    status, body = await _post(rig, data=form)
    assert status == 200 and body["success_count"] == 1

    wrong = aiohttp.FormData()
    wrong.add_field("csv_file", b"bob,bob@example.test\n", filename="users.txt")
    status, body = await _post(rig, data=wrong)
    assert (status, body["code"]) == (400, "invalid_file_type")

    empty = aiohttp.FormData()
    empty.add_field("csv_file", b"", filename="empty.csv")
    status, body = await _post(rig, data=empty)
    assert (status, body["code"], body["data"]) == (500, "empty_file", None)
