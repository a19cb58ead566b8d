"""``sites list|show|sync|check`` end to end on the simulator."""

from __future__ import annotations

import csv
import io

import jsonschema

from . import schemas
from .conftest import secret_of


def test_sites_list_table_fits_80_columns_and_names_every_site(cli, dash):
    run = cli("sites", "list")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    for site in dash.state.sites.values():
        assert site.name in run.out
    assert lines[0].split()[:3] == ["id", "name", "url"]


def test_sites_list_json_matches_the_schema_and_the_dashboard(cli, dash):
    run = cli("sites", "list", "--json")
    assert run.code == 0
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("sites list", schemas.SITE))
    assert [i["id"] for i in doc["items"]] == sorted(dash.state.sites)
    suspended = {s.id for s in dash.state.sites.values() if s.fields.get("suspended") == "1"}
    assert {i["id"] for i in doc["items"] if i["status"] == "suspended"} == suspended
    assert secret_of(dash).split("|")[0] not in run.out


def test_sites_list_filters_by_status_tag_and_client(cli, dash):
    disconnected = {
        s.id
        for s in dash.state.sites.values()
        if s.fields.get("status") == "disconnected" and s.fields.get("suspended") != "1"
    }
    run = cli("sites", "list", "--status", "disconnected", "--jsonl")
    assert run.code == 0
    rows = run.jsonl()
    assert {r["id"] for r in rows} >= disconnected and rows
    for row in rows:
        jsonschema.validate(row, schemas.SITE)

    vip = cli("sites", "list", "--tag", "vip", "--json").json()["items"]
    assert vip and all("VIP" in r["tags"] for r in vip)
    everyone = cli("sites", "list", "--json").json()["items"]
    assert len([r for r in everyone if "VIP" in r["tags"]]) == len(vip)

    client = dash.state.clients[min(dash.state.clients)]
    mine = cli("sites", "list", "--client", client.fields["name"], "--json").json()["items"]
    assert mine and {r["client_id"] for r in mine} == {client.id}


def test_an_unknown_tag_is_a_usage_error_naming_the_known_tags(cli, dash):
    run = cli("sites", "list", "--tag", "no-such-tag")
    assert run.code == 2
    assert "no tag 'no-such-tag'" in run.err and "VIP" in run.err


def test_sites_list_csv(cli, dash):
    run = cli("sites", "list", "--csv", "--site", "1", "--site", "2")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [r["id"] for r in rows] == ["1", "2"]
    assert set(rows[0]) >= {"id", "name", "url", "status", "tags", "dashboard"}


def test_sites_show(cli, dash):
    run = cli("sites", "show", "3", "--json")
    assert run.code == 0
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("sites show", schemas.SITE_DETAIL))
    assert doc["items"][0]["id"] == 3
    table = cli("sites", "show", "3")
    assert "wp_version" in table.out and dash.state.sites[3].name in table.out


def test_sites_show_unknown_site_exits_1(cli, dash):
    run = cli("sites", "show", "9999")
    assert run.code == 1
    assert "NotFoundError" in run.err


def test_sites_sync_sends_one_post_per_chosen_site(cli, dash):
    run = cli("sites", "sync", "--site", "1", "--site", "2", "--json")
    assert run.code == 0
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("sites sync", schemas.SITE_ACTION))
    assert [i["id"] for i in doc["items"]] == [1, 2]
    assert dash.counters.count_path("POST", "/sites/1/sync") == 1
    assert dash.counters.count_path("POST", "/sites/2/sync") == 1
    assert dash.counters.count_path("POST", "/sites/3/sync") == 0


def test_one_failing_site_gives_exit_3_and_never_hides_the_others(cli, dash):
    dash.add_fault("503", rate=1.0, route=r"^/sites/2/check$")
    run = cli("sites", "check", "--site", "1", "--site", "2", "--site", "3", "--json")
    assert run.code == 3
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("sites check", schemas.SITE_ACTION))
    assert [i["id"] for i in doc["items"]] == [1, 3]
    assert [(f["site_id"], f["error"]) for f in doc["failures"]] == [(2, "ServerError")]
    assert dash.counters.count_path("POST", "/sites/2/check") == 1  # a write: never repeated


def test_every_site_failing_gives_exit_1(cli, dash):
    dash.add_fault("503", rate=1.0, route=r"/check$")
    run = cli("sites", "check", "--site", "1", "--site", "2")
    assert run.code == 1
    assert "2 failed" in run.err and "ServerError" in run.err
