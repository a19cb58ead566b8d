"""Simulated site abilities: one site's record and connection, and the batch site ops.

Shapes after ``includes/abilities/class-mainwp-abilities-sites.php`` (6.1.2) and its
``class-mainwp-abilities-util.php`` formatters; effects through the same helpers as the
v2 site routes (:mod:`..connection`, the state's site and tag records).
"""

from __future__ import annotations

from typing import Any

from .. import connection
from ..records import Site
from ..routing import Ctx, wp_error
from ._abilities_run import Runner, _int, _short, _sites, _status, _truthy, queue_or_run, site_of
from ._common import new_site

__all__ = ["RUNNERS", "confirm_delete", "no_both", "site_output"]


def site_output(ctx: Ctx, s: Site, *, stats: bool = False) -> dict[str, Any]:
    """``MainWP_Abilities_Util::format_site_for_output`` with full details."""
    f = s.fields
    out: dict[str, Any] = {
        **_short(s),
        "status": _status(s),
        "client_id": s.client_id or None,
        "admin_username": f.get("adminname", "admin"),
        "wp_version": f.get("wp_version", ""),
        "php_version": f.get("php_version", ""),
        "child_version": f.get("child_version", ""),
        "last_sync": _iso(f.get("last_sync")),
        "notes": f.get("note", ""),
    }
    if stats:
        out["stats"] = {
            "plugin_updates": len(s.plugin_upgrades),
            "theme_updates": len(s.theme_upgrades),
            "wp_update_available": bool(s.wp_upgrades),
            "health_score": 100,
        }
    return out


def _iso(ts: Any) -> str | None:
    if not ts:
        return None
    text = str(ts)
    return text if "+" in text else text.replace(" ", "T") + "+00:00"


def no_both(data: dict[str, Any]) -> None:
    """Refuse ``dry_run`` together with ``confirm`` (400, as the delete abilities do)."""
    if _truthy(data.get("dry_run")) and _truthy(data.get("confirm")):
        raise wp_error("mainwp_invalid_input", "Cannot specify both dry_run and confirm.", 400)


def confirm_delete(data: dict[str, Any]) -> None:
    """Refuse a deletion without ``confirm: true`` (400 ``mainwp_confirmation_required``)."""
    if not _truthy(data.get("confirm")):
        raise wp_error(
            "mainwp_confirmation_required", "Deletion requires confirm parameter to be true.", 400
        )


def _add_site(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_add_site (the record the v2 ``sites/add`` route creates)
    site, error, found = new_site(ctx.state, str(data["url"]), name=str(data["name"]),
                                  admin=str(data["admin_username"]),
                                  client_id=_int(data.get("client_id"), 0),
                                  tag_ids=data.get("tag_ids"))  # fmt: skip
    if site is None:
        code = "mainwp_site_exists" if found else "mainwp_add_site_failed"
        raise wp_error(code, error, 409 if found else 500)
    return site_output(ctx, site, stats=True)


def _update_site(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_update_site: only the fields given change
    s = site_of(ctx, data.get("site_id_or_domain"))
    for key, field in (("name", "name"), ("admin_username", "adminname"), ("url", "url")):
        if data.get(key) not in (None, ""):
            s.fields[field] = str(data[key])
    if data.get("suspended") is not None:
        s.fields["suspended"] = "1" if str(data["suspended"]).lower() in ("1", "true") else "0"
    if data.get("client_id") is not None:
        s.client_id = _int(data["client_id"], 0)
    if data.get("tag_ids") is not None:
        s.tags = [_int(t, -1) for t in data["tag_ids"] if _int(t, -1) in ctx.state.tags]
    return site_output(ctx, s, stats=True)


def _delete_site(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_delete_site (the v2 ``remove`` effect)
    no_both(data)
    s = site_of(ctx, data.get("site_id_or_domain"))
    info = _short(s)
    if _truthy(data.get("dry_run")):
        return {
            "dry_run": True,
            "would_affect": info,
            "warnings": ["This action is irreversible: the site record leaves the dashboard."],
        }
    confirm_delete(data)
    del ctx.state.sites[s.id]
    ctx.state.monitors.pop(s.id, None)
    return {"dry_run": False, "deleted": True, "site": info, "would_affect": {}, "warnings": []}


def _reconnect(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_reconnect_site
    s = site_of(ctx, data.get("site_id_or_domain"))
    error = connection.reconnect(ctx.state, s)
    if error:
        raise wp_error("mainwp_reconnect_failed", error, 503)
    return {"reconnected": True, "site": site_output(ctx, s)}


def _disconnect(ctx: Ctx, data: dict[str, Any]) -> Any:
    # sites.php::execute_disconnect_site
    s = site_of(ctx, data.get("site_id_or_domain"))
    error = s.child_error if connection.unreachable(s) else connection.disconnect(s)
    if error:
        raise wp_error("mainwp_disconnect_failed", error, 503)
    return {"disconnected": True, "site": site_output(ctx, s)}


def _suspend(flag: int) -> Runner:
    # sites.php::execute_suspend_site / execute_unsuspend_site
    key = "suspended" if flag else "unsuspended"

    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        s = site_of(ctx, data.get("site_id_or_domain"))
        s.fields["suspended"] = str(flag)
        return {key: True, "site": site_output(ctx, s)}

    return run


def _batch(op: str) -> Runner:
    # sites.php::execute_reconnect_sites / execute_disconnect_sites / execute_suspend_sites
    def work(ctx: Ctx) -> Any:
        def one(s: Site) -> str | None:
            if op == "reconnected":
                return connection.reconnect(ctx.state, s) or None
            if op == "disconnected":
                return (
                    s.child_error if connection.unreachable(s) else connection.disconnect(s)
                ) or None
            s.fields["suspended"] = "1"
            return None

        return one

    def run(ctx: Ctx, data: dict[str, Any]) -> Any:
        sites = _sites(ctx, data)
        queued, result = queue_or_run(ctx, op.removesuffix("ed"), sites, work(ctx))
        if queued:
            return {"queued": True, "job_id": result.id, "total": len(sites), "errors": []}
        done = [_short(s) for s, err in result if err is None]
        code = f"mainwp_{op.removesuffix('ed').removesuffix('e')}_failed"
        errors = [{"identifier": s.url, "code": code, "message": err} for s, err in result if err]
        return {op: done, "errors": errors, f"total_{op}": len(done), "total_errors": len(errors)}

    return run


RUNNERS: dict[str, Runner] = {
    "mainwp/add-site-v1": _add_site,
    "mainwp/update-site-v1": _update_site,
    "mainwp/delete-site-v1": _delete_site,
    "mainwp/reconnect-site-v1": _reconnect,
    "mainwp/disconnect-site-v1": _disconnect,
    "mainwp/suspend-site-v1": _suspend(1),
    "mainwp/unsuspend-site-v1": _suspend(0),
    "mainwp/reconnect-sites-v1": _batch("reconnected"),
    "mainwp/disconnect-sites-v1": _batch("disconnected"),
    "mainwp/suspend-sites-v1": _batch("suspended"),
}
