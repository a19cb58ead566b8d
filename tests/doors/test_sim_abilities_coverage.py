"""Every ability of ``abilities.json`` runs on the simulator and structures strictly.

Each run goes through the generated method (``mw.abilities.<name>(...)``) on a seeded
:class:`SimulatedDashboard`, with ``strict_models=True`` and warnings as errors, so an
output key the generated model does not know, or a missing required one, fails here.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from mainwp_async import ApplicationPassword, MainWP
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.doors import add_app_password
from mainwp_async.testing.jobs import jobs_of

ABILITIES = Path("/work/shared/mainwp-6.1.2/abilities/abilities.json")
_DEFS = Path(__file__).parents[2] / "src/mainwp_async/_generated/abilities/definitions.json"

#: Abilities the simulator deliberately does not run (reason each): none today.
NOT_SIMULATED: dict[str, str] = {}


def _names() -> list[str]:
    source = ABILITIES if ABILITIES.exists() else _DEFS
    data = json.loads(source.read_text(encoding="utf-8"))
    rows = data["abilities"] if isinstance(data, dict) else data
    return sorted(str(a["name"]) for a in rows)


def _method(name: str) -> str:
    ns, _, rest = name.partition("/")
    rest = rest.removesuffix("-v1").replace("-", "_")
    return rest if ns == "mainwp" else f"{ns}_{rest}"


#: Input per ability (site 1 / client 1 / tag 1 of the seed); the rest run without input.
INPUTS: dict[str, dict[str, Any]] = {
    "mainwp/get-site-v1": {"site_id_or_domain": 1, "include_stats": True},
    "mainwp/get-site-plugins-v1": {"site_id_or_domain": 1},
    "mainwp/get-site-themes-v1": {"site_id_or_domain": 1},
    "mainwp/add-site-v1": {
        "url": "https://new-site.example.test/",
        "name": "New",
        "admin_username": "admin",
    },
    "mainwp/update-site-v1": {"site_id_or_domain": 2, "name": "Renamed"},
    "mainwp/delete-site-v1": {"site_id_or_domain": 5, "confirm": True},
    "mainwp/reconnect-site-v1": {"site_id_or_domain": 1},
    "mainwp/disconnect-site-v1": {"site_id_or_domain": 4},
    "mainwp/suspend-site-v1": {"site_id_or_domain": 3},
    "mainwp/unsuspend-site-v1": {"site_id_or_domain": 3},
    "mainwp/check-site-v1": {"site_id_or_domain": 1},
    "mainwp/activate-site-plugins-v1": {"site_id_or_domain": 1, "plugins": ["akismet/akismet.php"]},
    "mainwp/deactivate-site-plugins-v1": {
        "site_id_or_domain": 1,
        "plugins": ["akismet/akismet.php"],
    },
    "mainwp/delete-site-plugins-v1": {
        "site_id_or_domain": 1,
        "plugins": ["akismet/akismet.php"],
        "dry_run": True,
    },
    "mainwp/get-abandoned-plugins-v1": {"site_id_or_domain": 1},
    "mainwp/activate-site-theme-v1": {"site_id_or_domain": 1, "theme": "generatepress"},
    "mainwp/delete-site-themes-v1": {
        "site_id_or_domain": 1,
        "themes": ["generatepress"],
        "dry_run": True,
    },
    "mainwp/get-abandoned-themes-v1": {"site_id_or_domain": 1},
    "mainwp/get-site-security-v1": {"site_id_or_domain": 1},
    "mainwp/get-site-changes-v1": {"site_id_or_domain": 1},
    "mainwp/get-site-client-v1": {"site_id_or_domain": 1},
    "mainwp/get-site-costs-v1": {"site_id_or_domain": 1},
    "mainwp/reconnect-sites-v1": {"site_ids_or_domains": [1, 2]},
    "mainwp/disconnect-sites-v1": {"site_ids_or_domains": [4]},
    "mainwp/check-sites-v1": {"site_ids_or_domains": [1]},
    "mainwp/suspend-sites-v1": {"site_ids_or_domains": [3]},
    "mainwp/sync-sites-v1": {"site_ids_or_domains": [1]},
    "mainwp/run-updates-v1": {"site_ids_or_domains": [1]},
    "mainwp/update-all-v1": {"site_ids_or_domains": [2]},
    "mainwp/get-batch-job-status-v1": None,  # a job id of a queued sync, set in the test
    "mainwp/set-ignored-updates-v1": {
        "action": "ignore",
        "site_id_or_domain": 1,
        "type": "plugin",
        "slug": "akismet/akismet.php",
    },
    "mainwp/get-site-updates-v1": {"site_id_or_domain": 1},
    "mainwp/update-site-core-v1": {"site_id_or_domain": 3},
    "mainwp/update-site-plugins-v1": {"site_id_or_domain": 1},
    "mainwp/update-site-themes-v1": {"site_id_or_domain": 1},
    "mainwp/update-site-translations-v1": {"site_id_or_domain": 1},
    "mainwp/ignore-site-core-v1": {"site_id_or_domain": 1, "action": "add"},
    "mainwp/ignore-site-plugins-v1": {"site_id_or_domain": 1, "slugs": ["akismet/akismet.php"]},
    "mainwp/ignore-site-themes-v1": {"site_id_or_domain": 1, "slugs": ["generatepress"]},
    "mainwp/get-client-v1": {"client_id_or_email": 1},
    "mainwp/add-client-v1": {"name": "New client", "client_email": "new@example.test"},
    "mainwp/update-client-v1": {"client_id_or_email": 1, "city": "Lyon"},
    "mainwp/delete-client-v1": {"client_id_or_email": 1, "confirm": True},
    "mainwp/get-client-sites-v1": {"client_id_or_email": 1},
    "mainwp/count-client-sites-v1": {"client_id_or_email": 1},
    "mainwp/get-client-costs-v1": {"client_id_or_email": 1},
    "mainwp/suspend-client-v1": {"client_id_or_email": 1},
    "mainwp/unsuspend-client-v1": {"client_id_or_email": 1},
    "mainwp/get-tag-v1": {"tag_id": 1},
    "mainwp/add-tag-v1": {"name": "Coverage"},
    "mainwp/update-tag-v1": {"tag_id": 1, "name": "Renamed tag"},
    "mainwp/delete-tag-v1": {"tag_id": 2, "dry_run": True},
    "mainwp/get-tag-sites-v1": {"tag_id": 1},
    "mainwp/get-tag-clients-v1": {"tag_id": 1},
}


@pytest.fixture
async def mw() -> AsyncIterator[MainWP]:
    async with SimulatedDashboard(sites=5) as dash:
        jobs_of(dash).threshold = 2
        app = ApplicationPassword("admin", add_app_password(dash))
        async with MainWP(
            dash.url, token=dash.tokens["read_write"], app_password=app, strict_models=True
        ) as client:
            yield client


def test_the_not_simulated_list_names_real_abilities_only() -> None:
    assert set(NOT_SIMULATED) <= set(_names())


@pytest.mark.parametrize("name", _names())
async def test_every_ability_runs_on_the_simulator_and_structures_strictly(
    mw: MainWP, name: str
) -> None:
    if name in NOT_SIMULATED:  # pragma: no cover - the list is empty today
        pytest.skip(NOT_SIMULATED[name])
    data = INPUTS.get(name, {})
    if data is None:  # the status of a job the simulator really queued (threshold 2)
        queued = await mw.abilities.sync_sites(site_ids_or_domains=[1, 2, 3])
        assert queued.queued is True
        data = {"job_id": queued.job_id}
    method = getattr(mw.abilities, _method(name))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = await method(**data)
    assert result is not None


async def test_the_keys_get_site_updates_adds_to_its_schema_are_typed(mw: MainWP) -> None:
    # capture 38: each row repeats its site; codegen.abilities.OBSERVED adds those keys
    out = await mw.abilities.get_site_updates(site_id_or_domain=1)
    assert out.updates and {(u.site_id, u.site_name) for u in out.updates} == {(1, out.site_name)}
