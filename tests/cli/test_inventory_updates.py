"""``plugins``, ``themes`` and ``updates plan|apply`` end to end on the simulator."""

from __future__ import annotations

import jsonschema

from . import schemas


def test_plugins_inventory_counts_sites_per_plugin(cli, dash):
    run = cli("plugins", "--json")
    assert run.code == 0
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("plugins", schemas.INVENTORY))
    by_slug = {i["slug"]: i for i in doc["items"]}
    installed = [p["slug"] for s in dash.state.sites.values() for p in s.plugins]
    child = "mainwp-child/mainwp-child.php"
    assert by_slug[child]["sites"] == installed.count(child)
    sites = [i["sites"] for i in doc["items"]]
    assert sites == sorted(sites, reverse=True)  # most common first


def test_plugins_outdated_by_site_and_one_slug(cli, dash):
    run = cli("plugins", "--outdated", "--by-site", "--json")
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("plugins", schemas.INVENTORY_BY_SITE))
    assert doc["items"] and all(i["update"] for i in doc["items"])
    one = doc["items"][0]["slug"]
    short = one.split("/")[0]
    only = cli("plugins", "--slug", short, "--by-site", "--json").json()["items"]
    assert only and {i["slug"] for i in only} == {one}


def test_plugins_table_fits_80_columns(cli, dash):
    run = cli("plugins")
    assert run.code == 0
    assert max(len(line) for line in run.out.splitlines()) <= 80
    assert "MainWP Child" in run.out


def test_themes_inventory_asks_only_the_chosen_sites(cli, dash):
    vip = {r["id"] for r in cli("sites", "list", "--tag", "VIP", "--json").json()["items"]}
    run = cli("themes", "--json", "--tag", "VIP")
    assert run.code == 0
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("themes", schemas.INVENTORY))
    assert doc["items"]
    for site in dash.state.sites:
        asked = dash.counters.count_path("GET", f"/sites/{site}/themes")
        assert asked == (1 if site in vip else 0)


def test_a_site_that_fails_in_an_inventory_is_reported_and_exit_3(cli, dash):
    dash.add_fault("truncated", rate=1.0, route=r"^/sites/4/themes$")
    run = cli("themes", "--json")
    assert run.code == 3
    doc = run.json()
    assert [(f["site_id"], f["error"]) for f in doc["failures"]] == [(4, "DecodeError")]
    assert doc["items"]


def test_updates_plan_filters_by_type_and_site(cli, dash):
    run = cli("updates", "plan", "--json")
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("updates plan", schemas.PLAN))
    everything = doc["items"]
    assert {i["type"] for i in everything} >= {"plugin", "theme"}
    themes = cli("updates", "plan", "--type", "theme", "--json").json()["items"]
    assert themes == [i for i in everything if i["type"] == "theme"]
    site = everything[0]["site_id"]
    mine = cli("updates", "plan", "--site", str(site), "--json").json()["items"]
    assert mine == [i for i in everything if i["site_id"] == site]


def test_updates_apply_is_a_dry_run_by_default(cli, dash):
    run = cli("updates", "apply", "--type", "plugin", "--json")
    assert run.code == 0
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("updates apply", schemas.APPLY))
    assert doc["items"] and {i["result"] for i in doc["items"]} == {"dry run"}
    assert "dry run" in run.err and "--yes" in run.err
    writes = [k for k in dash.counters.paths if k[0] != "GET"]
    assert writes == []  # nothing was sent but GETs


def test_updates_apply_yes_updates_each_site_once_then_syncs_it(cli, dash):
    plan = cli("updates", "plan", "--type", "plugin", "--json").json()["items"]
    sites = sorted({i["site_id"] for i in plan})[:3]
    args = [a for s in sites for a in ("--site", str(s))]
    run = cli("updates", "apply", "--type", "plugin", *args, "--yes", "--json")
    assert run.code == 0, run.err
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("updates apply", schemas.APPLY))
    assert {i["result"] for i in doc["items"]} == {"updated"}
    for site in sites:
        assert dash.counters.count_path("POST", f"/updates/{site}/update/plugins") == 1
        assert dash.counters.count_path("POST", f"/sites/{site}/sync") == 1
    left = cli("updates", "plan", "--type", "plugin", *args, "--json").json()["items"]
    assert left == []  # synced: the dashboard no longer lists them


def test_a_failed_update_is_never_resent_and_gives_exit_3(cli, dash):
    plan = cli("updates", "plan", "--type", "plugin", "--json").json()["items"]
    first, second = sorted({i["site_id"] for i in plan})[:2]
    dash.add_fault("503", rate=1.0, route=rf"^/updates/{first}/update/plugins$")
    run = cli(
        "updates", "apply", "--type", "plugin", "--site", str(first), "--site", str(second),
        "--yes", "--json",
    )  # fmt: skip
    assert run.code == 3
    doc = run.json()
    assert [f["site_id"] for f in doc["failures"]] == [first]
    assert dash.counters.count_path("POST", f"/updates/{first}/update/plugins") == 1
    results = {(i["site_id"], i["result"]) for i in doc["items"]}
    assert (first, "failed") in results and (second, "updated") in results
