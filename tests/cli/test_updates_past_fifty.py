"""``updates plan|apply`` list every pending update, also past the fleet-wide list's 50 rows."""

from __future__ import annotations

import jsonschema

from mainwp_async.testing.upgrades import site_update_rows

from . import schemas


def _state(dash, skip=frozenset()):
    """What the simulator holds, as (site_id, type, slug, current, new), sorted."""
    return sorted(
        (r["site_id"], r["type"], r["slug"], r["current_version"], r["new_version"])
        for s in dash.state.sites.values()
        if s.id not in skip
        for r in site_update_rows(s)
    )


def _listed(items):
    return sorted((i["site_id"], i["type"], i["slug"], i["current"], i["new"]) for i in items)


def test_updates_plan_lists_every_update_past_fifty(cli, dash):
    expected = _state(dash)
    assert len(expected) > 50, "the 30-site fleet is past the list ability's page"
    run = cli("updates", "plan", "--json")
    assert run.code == 0, run.err
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("updates plan", schemas.PLAN))
    assert _listed(doc["items"]) == expected
    assert doc["failures"] == []
    names = {i["site_id"]: i["site"] for i in doc["items"]}
    assert all(names[s] == dash.state.sites[s].name for s in names)


def test_updates_plan_reports_a_site_it_cannot_read_and_lists_the_rest(cli, dash):
    broken = sorted(dash.state.sites)[2]
    dash.add_fault("truncated", rate=1.0, route=rf"^/updates/{broken}$")
    run = cli("updates", "plan", "--json")
    assert run.code == 3
    doc = run.json()
    assert [(f["site_id"], f["error"]) for f in doc["failures"]] == [(broken, "DecodeError")]
    assert _listed(doc["items"]) == _state(dash, skip={broken})


def test_updates_apply_dry_run_plans_every_update_past_fifty(cli, dash):
    run = cli("updates", "apply", "--json")
    assert run.code == 0, run.err
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("updates apply", schemas.APPLY))
    assert _listed(doc["items"]) == _state(dash)
    assert {i["result"] for i in doc["items"]} == {"dry run"}


def test_updates_apply_leaves_an_unreadable_site_alone(cli, dash):
    plugins = sorted({r[0] for r in _state(dash) if r[1] == "plugin"})
    broken, other = plugins[:2]
    dash.add_fault("truncated", rate=1.0, route=rf"^/updates/{broken}$", method="GET")
    args = ["--site", str(broken), "--site", str(other)]
    run = cli("updates", "apply", "--type", "plugin", *args, "--yes", "--json")
    assert run.code == 3
    doc = run.json()
    assert [f["site_id"] for f in doc["failures"]] == [broken]
    assert {i["site_id"] for i in doc["items"]} == {other}
    assert dash.counters.count_path("POST", f"/updates/{broken}/update/plugins") == 0
    assert dash.counters.count_path("POST", f"/updates/{other}/update/plugins") == 1
