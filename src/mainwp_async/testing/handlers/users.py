"""Users on child sites: list, create, edit, delete, admin password, CSV import."""

from __future__ import annotations

import csv
import io
from typing import Any

from ..routing import Ctx, handles, wp_error
from ._common import _DOM, _ids, _websites


@handles("/users")
async def h_users(ctx: Ctx) -> Any:
    """Users of the given sites, keyed by site URL."""
    sites = _websites(ctx)
    if not sites:
        raise wp_error("no_website_found", "No website found.", None)
    roles = [r for r in (ctx.query.get("roles") or "").split(",") if r]
    data: dict[str, Any] = {}
    for s in sites:
        rows = []
        for u in ctx.state.user_templates:
            if roles and u.get("role") not in roles:
                continue
            r = dict(u)
            r["website_id"] = s.id
            rows.append(r)
        data[s.url] = rows
    return {"success": 1, "data": data}


@handles("/users/create")
async def h_users_create(ctx: Ctx) -> Any:
    """Create a user on the given sites."""
    sites = _websites(ctx) or [ctx.state.sites[i] for i in _ids(ctx.p("websites"))
                               if i in ctx.state.sites]  # fmt: skip
    if not ctx.p("username"):
        raise wp_error("missing_username", "Username is required.", None)
    if not ctx.p("email"):
        raise wp_error("missing_email", "Email is required.", None)
    created = {str(s.id): {"url": s.url, "message": "Created"} for s in sites}
    return {"success": 1, "message": "User created.",
            "data": {"user_info": {"user_login": ctx.p("username"), "email": ctx.p("email")},
                     "total_sites": len(sites), "total_success": len(sites), "total_failed": 0,
                     "created_sites": created, "failed_sites": []}}  # fmt: skip


@handles(f"/users/{_DOM}/(?P<user_id>[\\d]+)/edit", f"/users/{_DOM}/(?P<user_id>[\\d]+)/delete")
async def h_user_edit(ctx: Ctx) -> Any:
    """Edit / delete a user on one site."""
    s = ctx.state.find_site(ctx.groups["id_domain"])
    if s is None:
        raise wp_error("id_domain_not_found", "Site not found.", None)
    verb = "deleted" if ctx.route.sub.endswith("/delete") else "updated"
    return {"success": 1, "message": f"User {verb} successfully."}


@handles("/users/update-admin-password")
async def h_users_admin_pw(ctx: Ctx) -> Any:
    """Change the admin password on sites."""
    sites = [ctx.state.sites[i] for i in _ids(ctx.p("websites")) if i in ctx.state.sites]
    return {"success": True, "message": "Password updated.", "total_websites": len(sites),
            "success_count": len(sites), "failed_count": 0,
            "success_websites": [s.id for s in sites], "failed_websites": []}  # fmt: skip


_IMPORT_ROLES = ("administrator", "editor", "author", "contributor", "subscriber")


def _php_true(value: Any, default: bool) -> bool:
    if value is None:
        return default
    return str(value).strip().lower() not in ("", "0", "false", "no", "off")


def _import_row(ctx: Ctx, line: int, row: list[str]) -> tuple[bool, dict[str, Any]]:
    """Check one CSV row like the server's per-row errors.

    Columns: username, email, first name, last name, website, password, role, sites
    (ids or URLs, ``;`` separated), tags.
    """
    cells = [c.strip() for c in row] + [""] * 9
    username, email, role, sites = cells[0], cells[1], cells[6], cells[7]
    entry: dict[str, Any] = {"line_number": line, "username": username, "email": email}
    error = ""
    if not username:
        error = "missing_username"
    elif not email:
        error = "missing_email"
    elif role and role not in _IMPORT_ROLES:
        error = "invalid_role"
    elif sites and not any(ctx.state.find_site(s.strip()) for s in sites.split(";") if s.strip()):
        error = "no_target_sites"
    if error:
        return False, {**entry, "error": error}
    return True, entry


@handles("/users/import")
async def h_users_import(ctx: Ctx) -> Any:
    """Import users from an uploaded CSV file (multipart ``csv_file``; no ``success`` key)."""
    upload = ctx.files.get("csv_file")
    if upload is None:
        # $_FILES is empty for a JSON or urlencoded body, or a csv_file sent as plain text.
        raise wp_error("no_file_uploaded", "No file uploaded.", 400)
    if not upload.filename.lower().endswith(".csv"):
        raise wp_error("invalid_file_type", "Invalid file type. Please upload a CSV file.", 400)
    text = upload.file.read().decode("utf-8-sig", "replace")
    if not text.strip():
        raise wp_error("empty_file", "The uploaded file is empty.", None)
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text)), 1) if any(row)]
    if _php_true(ctx.form.get("has_header"), True):
        rows = rows[1:]
    ok: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    for line, row in rows:
        good, entry = _import_row(ctx, line, row)
        (ok if good else failed).append(entry)
    return {
        "total": len(rows),
        "success_count": len(ok),
        "failed_count": len(failed),
        "success_users": ok,
        "failed_users": failed,
    }
