"""Every auth form of the v1 and Abilities READMEs gives its captured outcome (simulator).

Forms the SDK sends are tried through the SDK; forms it deliberately never sends (Basic
with a v1 pair, Bearer on v1, no credentials, ...) are sent raw with aiohttp.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from mainwp_async import (
    ApplicationPassword,
    AuthenticationError,
    ConfigurationError,
    MainWP,
    V1ApiKey,
)
from mainwp_async.errors import (
    ApplicationPasswordsUnavailableError,
    CredentialRequiredError,
    PermissionDeniedError,
)
from mainwp_async.testing import SimulatedDashboard
from mainwp_async.testing.doors import add_app_password, add_v1_key, doors

AUTH_ERROR = (
    "Incorrect or missing consumer key and/or secret. If the issue persists please reset "
    "your authentication details from the MainWP &gt; Settings &gt; REST API page, on your "
    "MainWP Dashboard site."
)
COUNT = "/wp-json/mainwp/v1/sites/all-sites-count"


@pytest.fixture
async def dash() -> AsyncIterator[SimulatedDashboard]:
    async with SimulatedDashboard(sites=3) as d:
        yield d


async def _raw(
    dash: SimulatedDashboard,
    path: str,
    *,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    method: str = "GET",
) -> tuple[int, Any]:
    async with (
        aiohttp.ClientSession() as s,
        s.request(method, dash.url + path, headers=headers or {}, params=params or {}) as r,
    ):
        text = await r.text()
        return r.status, (json.loads(text) if text else "")


def _basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


# ------------------------------------------------------------------------------ v1


@pytest.mark.parametrize("transport", ["header", "query"])
async def test_v1_accepts_the_two_forms_the_sdk_sends(
    dash: SimulatedDashboard, transport: str
) -> None:
    ck, cs = add_v1_key(dash)
    async with MainWP(dash.url, v1_key=V1ApiKey(ck, cs, transport=transport)) as mw:  # type: ignore[arg-type]
        assert (await mw.v1.sites.all_sites_count()).count == 3


async def test_the_header_form_keeps_the_secret_out_of_the_url(dash: SimulatedDashboard) -> None:
    ck, cs = add_v1_key(dash)
    async with MainWP(dash.url, v1_key=V1ApiKey(ck, cs)) as mw:
        await mw.v1.sites.all_sites_count()
    assert dash.counters.paths[("GET", "/wp-json/mainwp/v1/sites/all-sites-count")] == 1
    assert not [p for (_, p) in dash.counters.paths if cs in p]


async def test_v1_raw_forms_from_the_readme(dash: SimulatedDashboard) -> None:
    ck, cs = add_v1_key(dash)
    pair = json.dumps({"consumer_key": ck, "consumer_secret": cs})
    ok_forms: list[tuple[dict[str, str], dict[str, str], str]] = [
        ({"x-api-key": pair}, {}, COUNT),  # header name case does not matter
        ({**_basic(ck, cs), "X-Api-Key": pair}, {}, COUNT),  # Basic + X-Api-Key
        (
            {},
            {
                "rest_route": "/mainwp/v1/sites/all-sites-count",
                "consumer_key": ck,
                "consumer_secret": cs,
            },
            "/",
        ),
        ({"X-Api-Key": pair}, {"rest_route": "/mainwp/v1/sites/all-sites-count"}, "/"),
    ]
    for headers, params, path in ok_forms:
        assert await _raw(dash, path, headers=headers, params=params) == (200, {"count": 3})
    refused: list[tuple[dict[str, str], dict[str, str]]] = [
        (_basic(ck, cs), {}),  # Basic alone: layer 1 passes, the v1 handler never reads it
        ({}, {}),
        ({"Authorization": "Bearer " + dash.tokens["read_write"]}, {}),
        ({}, {"oauth_mainwp_ck": ck, "oauth_mainwp_cs": cs}),
        ({"X-Api-Key": f"{ck}:{cs}"}, {}),  # not JSON
        ({"X-Api-Key": json.dumps({"consumer_key": ck, "consumer_secret": "cs_" + "0" * 40})}, {}),
    ]
    for headers, params in refused:
        assert await _raw(dash, COUNT, headers=headers, params=params) == (
            401,
            {"ERROR": AUTH_ERROR},
        )


async def test_v1_layer_one_refusals(dash: SimulatedDashboard) -> None:
    ck, _ = add_v1_key(dash)
    wrong = V1ApiKey(ck, "cs_" + "0" * 40, transport="query")
    async with MainWP(dash.url, v1_key=wrong) as mw:
        with pytest.raises(AuthenticationError) as info:
            await mw.v1.sites.all_sites_count()
    assert info.value.code == "mainwp_rest_authentication_error"
    assert "Consumer secret is invalid." in info.value.message
    unknown = V1ApiKey("ck_" + "f" * 40, "cs_" + "0" * 40, transport="query")
    async with MainWP(dash.url, v1_key=unknown) as mw:
        with pytest.raises(AuthenticationError) as info:
            await mw.v1.sites.all_sites_count()
    assert info.value.code == "mainwp_rest_authentication_disabled_key"


async def test_a_v2_only_key_is_refused_by_the_v1_handler(dash: SimulatedDashboard) -> None:
    key = next(k for k in dash.state.keys.values() if k.scope == "read_write")
    v2_pair = V1ApiKey(f"ck_{key.key_hex}", f"cs_{key.secret_hex}", transport="query")
    async with MainWP(dash.url, v1_key=v2_pair) as mw:
        with pytest.raises(AuthenticationError) as info:
            await mw.v1.sites.all_sites_count()
    assert info.value.code is None and "Incorrect or missing consumer key" in info.value.message
    assert "&gt;" not in info.value.message


async def test_v1_wrong_secret_in_the_header_is_the_v1_refusal(dash: SimulatedDashboard) -> None:
    ck, _ = add_v1_key(dash)
    async with MainWP(dash.url, v1_key=V1ApiKey(ck, "cs_" + "0" * 40)) as mw:
        with pytest.raises(AuthenticationError) as info:
            await mw.v1.site.site(site_id=1)
    assert info.value.status == 401 and info.value.body == {"ERROR": AUTH_ERROR}


async def test_v1_index_is_public_but_refused_to_a_write_only_v2_bearer(
    dash: SimulatedDashboard,
) -> None:
    status, body = await _raw(dash, "/wp-json/mainwp/v1")
    assert status == 200 and "/mainwp/v1/site/site" in body["routes"]
    ck, cs = add_v1_key(dash)
    assert await _raw(dash, "/wp-json/mainwp/v1", headers=_basic(ck, cs)) == (status, body)
    status, body = await _raw(
        dash, "/wp-json/mainwp/v1", headers={"Authorization": "Bearer " + dash.tokens["write"]}
    )
    assert (
        status == 401 and body["message"] == "The API key provided does not have read permissions."
    )


async def test_http_basic_is_never_offered_for_v1() -> None:
    with pytest.raises(ConfigurationError, match="Basic is refused"):
        V1ApiKey("ck_" + "a" * 40, "cs_" + "b" * 40, transport="basic")  # type: ignore[arg-type]


async def test_v1_permission_letters(dash: SimulatedDashboard) -> None:
    ck, cs = add_v1_key(dash, perms="r")
    async with MainWP(dash.url, v1_key=V1ApiKey(ck, cs)) as mw:
        assert (await mw.v1.sites.all_sites_count()).count == 3
        with pytest.raises(AuthenticationError) as info:
            await mw.v1.site.sync_site(site_id=1)
    assert info.value.code == "rest_method_not_allowed"
    assert info.value.message == "Sorry, you are not allowed to do the Write method."


# ------------------------------------------------------------------------ abilities

LIST = "/wp-json/wp-abilities/v1/abilities"
RUN = "/wp-json/wp-abilities/v1/abilities/mainwp/get-site-v1/run"


async def test_abilities_refuse_every_mainwp_credential(dash: SimulatedDashboard) -> None:
    ck, cs = add_v1_key(dash)
    forbidden = {
        "code": "rest_forbidden",
        "message": "Sorry, you are not allowed to do that.",
        "data": {"status": 401},
    }
    for headers, params in [
        ({}, {}),
        ({"Authorization": "Bearer " + dash.tokens["read_write"]}, {}),
        ({}, {"consumer_key": ck, "consumer_secret": cs}),
        ({"X-Api-Key": json.dumps({"consumer_key": ck, "consumer_secret": cs})}, {}),
        (_basic(ck, cs), {}),
    ]:
        assert await _raw(dash, LIST, headers=headers, params=params) == (401, forbidden)
    status, body = await _raw(
        dash,
        RUN,
        params={"input[site_id_or_domain]": "1"},
        headers={"Authorization": "Bearer " + dash.tokens["read_write"]},
    )
    assert (status, body["code"]) == (401, "mainwp_permission_denied")
    status, body = await _raw(dash, RUN, params={"input[site_id_or_domain]": "1"})
    assert (status, body["message"]) == (401, "You must be logged in to access this ability.")


@pytest.mark.parametrize("spaces", [True, False])
async def test_an_application_password_works_with_or_without_spaces(
    dash: SimulatedDashboard, spaces: bool
) -> None:
    pw = add_app_password(dash)
    app = ApplicationPassword("admin", pw if spaces else pw.replace(" ", ""))
    async with MainWP(dash.url, app_password=app) as mw:
        site = await mw.abilities.get_site(site_id_or_domain=1)
        assert site.id == 1 and site.name == dash.state.sites[1].name
        assert len([d async for d in mw.abilities.iter_definitions()]) == 64


async def test_a_wrong_application_password_is_incorrect_password(dash: SimulatedDashboard) -> None:
    add_app_password(dash)
    async with MainWP(dash.url, app_password=ApplicationPassword("admin", "x" * 24)) as mw:
        with pytest.raises(AuthenticationError) as info:
            await mw.abilities.count_sites()
    assert info.value.code == "incorrect_password"
    assert not isinstance(info.value, ApplicationPasswordsUnavailableError)


async def test_an_editor_may_list_but_not_run(dash: SimulatedDashboard) -> None:
    pw = add_app_password(dash, "editor", role="editor")
    async with MainWP(dash.url, app_password=ApplicationPassword("editor", pw)) as mw:
        first = await mw.abilities.list_definitions(per_page=1)
        assert first.headers["x-wp-total"] == "64"
        with pytest.raises(PermissionDeniedError) as info:
            await mw.abilities.get_site(site_id_or_domain=1)
    assert (info.value.status, info.value.code) == (403, "mainwp_permission_denied")


async def test_plain_http_production_ignores_application_passwords(
    dash: SimulatedDashboard,
) -> None:
    pw = add_app_password(dash)
    doors(dash).app_passwords_available = False
    async with MainWP(dash.url, app_password=ApplicationPassword("admin", pw)) as mw:
        with pytest.raises(ApplicationPasswordsUnavailableError, match="HTTPS"):
            async for _ in mw.abilities.iter_definitions():
                pass
        with pytest.raises(ApplicationPasswordsUnavailableError):
            await mw.abilities.get_site(site_id_or_domain=1)


async def test_an_application_password_is_no_mainwp_v2_credential(dash: SimulatedDashboard) -> None:
    pw = add_app_password(dash)
    status, body = await _raw(dash, "/wp-json/mainwp/v2/sites", headers=_basic("admin", pw))
    assert (status, body["code"]) == (401, "mainwp_rest_authentication_disabled_key")
    async with MainWP(dash.url, app_password=ApplicationPassword("admin", pw)) as mw:
        before = dash.counters.total
        with pytest.raises(CredentialRequiredError) as info:
            await mw.sites.list()
        assert info.value.needed == "token" and dash.counters.total == before


async def test_a_call_without_its_credential_sends_nothing(dash: SimulatedDashboard) -> None:
    async with MainWP(dash.url, token=dash.tokens["read_write"]) as mw:
        before = dash.counters.total
        with pytest.raises(CredentialRequiredError, match="app_password=") as a:
            await mw.abilities.count_sites()
        with pytest.raises(CredentialRequiredError, match="v1_key=") as b:
            await mw.v1.sites.all_sites_count()
        assert (a.value.needed, b.value.needed) == ("app_password", "v1_key")
        assert dash.counters.total == before
