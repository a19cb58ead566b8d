"""Write flows through the SDK on the rig, showing the server's behaviour to the user."""

from __future__ import annotations

import pytest

from mainwp_async._generated import models
from mainwp_async.errors import NotFoundError, OperationFailed
from mainwp_async.testing import SimulatedDashboard

from .conftest import client


async def test_tag_lifecycle(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        added = await mw.tags.add(name="Retainer", color="#abcdef")
        assert added.data is not None
        tag_id = added.data.id
        assert isinstance(tag_id, int) and added.data.name == "Retainer"

        listed = {t.id: t.name async for t in mw.tags.iter_list()}
        assert listed[tag_id] == "Retainer"
        assert (await mw.tags.get(id=tag_id)).data.color == "#abcdef"

        # Names are made unique by the server.
        twin = await mw.tags.add(name="Retainer")
        assert twin.data.name == "Retainer (1)" and twin.data.id != tag_id

        removed = await mw.tags.remove(id=tag_id)
        assert removed.success is True
        with pytest.raises(NotFoundError) as info:
            await mw.tags.get(id=tag_id)
        assert info.value.status == 404
        assert tag_id not in {t.id async for t in mw.tags.iter_list()}


async def test_tag_add_without_a_name_is_an_operation_failure(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        with pytest.raises(OperationFailed, match="Add tag failed"):
            await mw.tags.add(name="")
        raw = await mw.tags.add(name="").raw()
    assert raw.status == 200 and not raw.ok and raw.json["success"] == 0


async def test_site_edit_without_client_id_unassigns_the_client(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        before = await mw.sites.get(id_domain=1)
        assert before.data.client_id == 1
        assert (await mw.sites.client(id_domain=1)).data.name == "Acme Corp"

        edited = await mw.sites.edit(id_domain=1, name="Child One")
        assert edited.data.client_id == 0  # the server reset it
        assert (await mw.sites.get(id_domain=1)).data.client_id == 0
        with pytest.raises(OperationFailed):
            await mw.sites.client(id_domain=1)

        kept = await mw.sites.edit(id_domain=1, name="Child One", client_id=2)
        assert kept.data.client_id == 2
        assert (await mw.sites.client(id_domain=1)).data.name == "Globex Inc"


async def test_costs_edit_returns_the_object_as_it_was(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        original = await mw.costs.get(id=1)
        assert original.data.name == "Managed hosting"
        answer = await mw.costs.edit(id=1, name="Managed hosting (EU)", price=31, sites=[1, 3])
        assert answer.data.name == "Managed hosting"  # the pre-edit object
        assert answer.data == original.data
        now = await mw.costs.get(id=1)
        assert now.data.name == "Managed hosting (EU)"
        assert float(now.data.price) == 31.0


async def test_client_lookup_by_id_and_email_agree(rig: SimulatedDashboard) -> None:
    async with client(rig) as mw:
        by_id = await mw.clients.get(id_email=1)
        by_email = await mw.clients.get_by_email(id_email="acme@example.test")
        assert by_id.data == by_email.data
        assert by_id.data.client_email == "acme@example.test"
        via_call = await mw.call("GET", "/clients/acme@example.test")
        assert via_call.data == by_id.data


async def test_client_fields_decode_into_client_field(rig: SimulatedDashboard) -> None:
    async with client(rig, strict_models=True) as mw:
        with pytest.raises(OperationFailed, match="No client fields found"):
            await mw.clients.fields()
        added = await mw.clients.fields_add(name="vat_id", description="VAT number")
        assert isinstance(added.data, models.ClientField)
        field_id = added.data.field_id
        assert isinstance(field_id, int)
        await mw.clients.fields_add(name="account_manager", description="Who looks after them")

        listed = await mw.clients.fields()
        assert isinstance(listed, models.ClientsFieldsResponse)
        assert (listed.success, listed.total, listed.pages) == (True, 2, 1)
        assert listed.data is not None and listed.data[0] == models.ClientField(
            field_id=field_id, name="vat_id", description="VAT number"
        )
        assert listed.extra == {} and all(f.extra == {} for f in listed.data)
        names = [f.name async for f in mw.clients.iter_fields(per_page=1)]
        assert names == ["vat_id", "account_manager"]
