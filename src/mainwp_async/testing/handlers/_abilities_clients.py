"""Simulated client and tag abilities (reads and writes on the shared records).

Shapes after ``includes/abilities/class-mainwp-abilities-clients.php`` and
``class-mainwp-abilities-tags.php`` (6.1.2) with the util formatters; writes go through
the same state helpers as the v2 ``clients/*`` and ``tags/*`` routes.
"""

from __future__ import annotations

import time
from typing import Any

from ..records import Client
from ..routing import Ctx, Reply, wp_error
from ._abilities_run import Runner, _int, _page, _status, _truthy
from ._abilities_site_items import cost_output

__all__ = ["RUNNERS", "client_output", "tag_id", "tag_row"]

#: ability input name -> client record field (``client_*`` where the output drops it)
_FIELDS = {"name": "name", "client_email": "client_email", "client_phone": "client_phone",
           "address_1": "address_1", "address_2": "address_2", "city": "city",
           "state": "state", "zip": "zip", "country": "country", "note": "note",
           "client_facebook": "client_facebook", "client_twitter": "client_twitter",
           "client_instagram": "client_instagram",
           "client_linkedin": "client_linkedin"}  # fmt: skip


def _client(ctx: Ctx, data: dict[str, Any]) -> Client:
    # util.php::resolve_client (by id, else by e-mail)
    ident = str(data.get("client_id_or_email", "")).strip()
    found = ctx.state.find_client(ident)
    if found is None:
        text = f"No client found with ID {ident}." if ident.isdigit() else (
            f'No client found with email "{ident}".')  # fmt: skip
        raise Reply(404, {"code": "mainwp_client_not_found", "message": text,
                          "data": {"status": 404}})  # fmt: skip
    return found


def _created(value: str) -> str | None:
    if value.isdigit():
        stamp = int(value)
        return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(stamp)) if stamp else None
    if not value or value.startswith("0000"):
        return None
    return value.replace(" ", "T") + ("" if "+" in value else "+00:00")


def client_output(c: Client) -> dict[str, Any]:
    """``MainWP_Abilities_Util::format_client_for_output``."""
    f = c.fields
    return {"id": c.id, "name": f.get("name", ""), "email": f.get("client_email", ""),
            "phone": f.get("client_phone", ""), "address_1": f.get("address_1", ""),
            "address_2": f.get("address_2", ""), "city": f.get("city", ""),
            "state": f.get("state", ""), "zip": f.get("zip", ""),
            "country": f.get("country", ""), "note": f.get("note", ""),
            "suspended": _int(f.get("suspended"), 0),
            "created": _created(str(f.get("created", ""))),
            "facebook": f.get("client_facebook", ""), "twitter": f.get("client_twitter", ""),
            "instagram": f.get("client_instagram", ""),
            "linkedin": f.get("client_linkedin", "")}  # fmt: skip


def _site_ids(data: dict[str, Any]) -> list[int] | None:
    raw = data.get("selected_sites")
    return None if raw is None else [_int(x, -1) for x in raw]


def _add_client(ctx: Ctx, data: dict[str, Any]) -> Any:
    # clients.php::execute_add_client (the record ``POST clients/add`` creates)
    name = str(data.get("name") or "").strip()
    if not name:
        raise wp_error("mainwp_invalid_input", "Client name is required.", 400)
    cid = ctx.state.new_id("client")
    fields = {field: str(data.get(key) or "") for key, field in _FIELDS.items()}
    fields.update(name=name, created=str(ctx.state.now), suspended="0", primary_contact_id="0")
    c = Client(id=cid, fields=fields)
    ctx.state.clients[cid] = c
    ctx.state.set_client_sites(cid, _site_ids(data) or [])
    return client_output(c)


def _update_client(ctx: Ctx, data: dict[str, Any]) -> Any:
    # clients.php::execute_update_client: only the fields given change
    c = _client(ctx, data)
    for key, field in _FIELDS.items():
        if data.get(key) is not None:
            c.fields[field] = str(data[key])
    ids = _site_ids(data)
    if ids is not None:
        ctx.state.set_client_sites(c.id, ids)
    return client_output(c)


def _delete_client(ctx: Ctx, data: dict[str, Any]) -> Any:
    # clients.php::execute_delete_client (the v2 ``remove`` effect: its sites are unlinked)
    if _truthy(data.get("dry_run")) and _truthy(data.get("confirm")):
        raise wp_error("mainwp_invalid_input", "Cannot specify both dry_run and confirm.", 400)
    c = _client(ctx, data)
    out = client_output(c)
    count = sum(1 for s in ctx.state.sites.values() if s.client_id == c.id)
    if _truthy(data.get("dry_run")):
        warnings = [f"{count} site(s) will be unlinked from this client."] if count else []
        return {"dry_run": True, "would_affect": {"client": out, "associated_sites_count": count},
                "count": 1, "warnings": warnings}  # fmt: skip
    if not _truthy(data.get("confirm")):
        raise wp_error("mainwp_confirmation_required",
                       "This is a destructive operation. Set confirm: true or use dry_run: "
                       "true for preview.", 400)  # fmt: skip
    ctx.state.remove_client(c.id)
    return out


def _client_site_rows(ctx: Ctx, cid: int) -> list[dict[str, Any]]:
    return [{"id": s.id, "url": s.url, "name": s.name, "status": _status(s),
             "client_id": s.client_id or None}
            for s in ctx.state.sites.values() if s.client_id == cid]  # fmt: skip


def _client_sites(ctx: Ctx, data: dict[str, Any]) -> Any:
    # clients.php::execute_get_client_sites
    rows = _client_site_rows(ctx, _client(ctx, data).id)
    return {"items": rows, "total": len(rows)}


def _client_costs(ctx: Ctx, data: dict[str, Any]) -> Any:
    # clients.php::execute_get_client_costs
    c = _client(ctx, data)
    rows = [cost_output(x) for x in ctx.state.costs.values() if c.id in x.clients]
    return {"items": rows, "total": len(rows)}


def _suspend(flag: int) -> Runner:
    # clients.php::execute_suspend_client / execute_unsuspend_client
    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        c = _client(ctx, data)
        c.fields["suspended"] = str(flag)
        return client_output(c)

    return run


def tag_row(ctx: Ctx, tid: int) -> dict[str, Any]:
    """``MainWP_Abilities_Util::format_tag_for_output`` with its site ids."""
    tag = ctx.state.tags[tid]
    ids = [s.id for s in ctx.state.sites.values() if tid in s.tags]
    return {
        "id": tid,
        "name": tag.name,
        "color": tag.color,
        "sites_count": len(ids),
        "sites_ids": ids,
    }


def tag_id(ctx: Ctx, data: dict[str, Any]) -> int:
    """The ``tag_id`` of the input, known to the state (404 ``mainwp_tag_not_found``)."""
    tid = _int(data.get("tag_id"), -1)
    if tid not in ctx.state.tags:
        raise wp_error("mainwp_tag_not_found", f"Tag not found with ID {tid}.", 404)
    return tid


def _delete_tag(ctx: Ctx, data: dict[str, Any]) -> Any:
    tid = tag_id(ctx, data)
    row = tag_row(ctx, tid)
    if _truthy(data.get("dry_run")):
        return {
            "dry_run": True,
            "would_affect": {
                "id": tid,
                "name": row["name"],
                "sites_count": row["sites_count"],
                "clients_count": 0,
            },
            "warnings": [],
        }
    if not _truthy(data.get("confirm")):
        raise wp_error(
            "mainwp_confirmation_required",
            "Tag deletion requires confirmation. Set confirm:true to proceed.",
            400,
        )
    ctx.state.remove_tag(tid)
    return {"deleted": True, "tag": {"id": tid, "name": row["name"]}}


def _add_tag(ctx: Ctx, data: dict[str, Any]) -> Any:
    tag = ctx.state.add_tag(str(data["name"]), str(data.get("color") or ""))
    return tag_row(ctx, tag.id)


def _list_clients(ctx: Ctx, data: dict[str, Any]) -> Any:
    rows = []
    for c in ctx.state.clients.values():
        f = c.fields
        rows.append(
            {
                "id": c.id,
                "name": f.get("name", ""),
                "email": f.get("client_email", ""),
                "phone": f.get("client_phone", ""),
                "city": f.get("city", ""),
                "country": f.get("country", ""),
                "suspended": _int(f.get("suspended"), 0),
            }
        )
    return _page(rows, data)


def _update_tag(ctx: Ctx, data: dict[str, Any]) -> Any:
    # tags.php::execute_update_tag (the v2 ``tags/{id}/edit`` effect)
    tid = tag_id(ctx, data)
    tag = ctx.state.tags[tid]
    if data.get("name"):
        tag.name = str(data["name"])
    if data.get("color") is not None:
        tag.color = str(data["color"])
    return tag_row(ctx, tid)


def _tag_sites(ctx: Ctx, data: dict[str, Any]) -> Any:
    # tags.php::execute_get_tag_sites
    tid = tag_id(ctx, data)
    rows = [{"id": s.id, "url": s.url, "name": s.name, "status": _status(s),
             "client_id": s.client_id or None}
            for s in ctx.state.sites.values() if tid in s.tags]  # fmt: skip
    return _page(rows, data)


def _tag_clients(ctx: Ctx, data: dict[str, Any]) -> Any:
    # tags.php::execute_get_tag_clients: clients owning a site with the tag
    tid = tag_id(ctx, data)
    cids = {s.client_id for s in ctx.state.sites.values() if tid in s.tags}
    rows = [{"client_id": c.id, "name": c.fields.get("name", ""),
             "email": c.fields.get("client_email", ""),
             "suspended": _int(c.fields.get("suspended"), 0)}
            for c in ctx.state.clients.values() if c.id in cids]  # fmt: skip
    return _page(rows, data)


RUNNERS: dict[str, Runner] = {
    "mainwp/list-tags-v1": lambda c, d: _page([tag_row(c, t) for t in c.state.tags], d),
    "mainwp/get-tag-v1": lambda c, d: tag_row(c, tag_id(c, d)),
    "mainwp/add-tag-v1": _add_tag,
    "mainwp/delete-tag-v1": _delete_tag,
    "mainwp/list-clients-v1": _list_clients,
    "mainwp/count-clients-v1": lambda c, d: {"total": len(c.state.clients)},
    "mainwp/get-client-v1": lambda c, d: client_output(_client(c, d)),
    "mainwp/add-client-v1": _add_client,
    "mainwp/update-client-v1": _update_client,
    "mainwp/delete-client-v1": _delete_client,
    "mainwp/get-client-sites-v1": _client_sites,
    "mainwp/count-client-sites-v1": lambda c, d: {
        "total": len(_client_site_rows(c, _client(c, d).id))
    },
    "mainwp/get-client-costs-v1": _client_costs,
    "mainwp/suspend-client-v1": _suspend(1),
    "mainwp/unsuspend-client-v1": _suspend(0),
    "mainwp/update-tag-v1": _update_tag,
    "mainwp/get-tag-sites-v1": _tag_sites,
    "mainwp/get-tag-clients-v1": _tag_clients,
}
