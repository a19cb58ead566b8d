"""Posts and pages on child sites (``/posts/...`` and ``/pages/...``)."""

from __future__ import annotations

import re
from typing import Any

from ..routing import Ctx, handles, wp_error
from ..state import Site
from ._common import _DOM, _websites


def _check_dates(ctx: Ctx) -> None:
    for k in ("dtsstart", "dtsstop"):
        v = ctx.query.get(k)
        if v is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            msg = "Invalid date format. Use YYYY-MM-DD"
            raise wp_error(
                "rest_invalid_param",
                f"Invalid parameter(s): {k}",
                400,
                data={
                    "status": 400,
                    "params": {k: msg},
                    "details": {k: {"code": "invalid_date_format", "message": msg, "data": None}},
                },
            )


@handles("/posts")
async def h_posts(ctx: Ctx) -> Any:
    """Server bug in 6.1.2: never works."""
    _check_dates(ctx)
    if not _websites(ctx):
        raise wp_error("website_not_found", "Website not found.", None)
    raise wp_error("no_posts_found", "No posts found.", None)


@handles("/pages")
async def h_pages(ctx: Ctx) -> Any:
    """Pages of the given sites, keyed by site URL."""
    _check_dates(ctx)
    sites = _websites(ctx)
    if not sites:
        raise wp_error("website_not_found", "Website not found.", None)
    data: dict[str, Any] = {}
    for s in sites:
        row = dict(ctx.state.page_list_template)
        row["website_id"] = s.id
        data[s.url] = [row]
    return {"success": 1, "message": "Get pages successfully.", "data": data}


def _post_site(ctx: Ctx) -> Site:
    s = ctx.state.find_site(ctx.groups.get("id_domain", ""))
    if s is None:
        raise wp_error(
            "get_post_error", "HTTP error - URL using bad/illegal format or missing URL", None
        )
    return s


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)")
async def h_post_get(ctx: Ctx) -> Any:
    """One post."""
    s = _post_site(ctx)
    post = s.posts.get(int(ctx.groups["id_post"]))
    if post is None:
        raise wp_error("post_not_exist", "Post not exist.", None)
    return {"success": 1, "message": "Get post successfully.", "data": post}


@handles(f"/pages/{_DOM}/(?P<id_page>[\\d]+)")
async def h_page_get(ctx: Ctx) -> Any:
    """One page."""
    s = _post_site(ctx)
    if int(ctx.groups["id_page"]) != 2:
        raise wp_error("post_not_exist", "Page not exist.", None)
    page = dict(ctx.state.page_template)
    page["website_id"] = str(s.id)
    return {"success": 1, "message": "Get page successfully.", "data": page}


@handles(f"/posts/{_DOM}/create", f"/pages/{_DOM}/create")
async def h_post_create(ctx: Ctx) -> Any:
    """Create a post/page (``post_name`` is required)."""
    s = _post_site(ctx)
    if not ctx.p("post_name"):
        raise wp_error("rest_missing_callback_param", "Missing parameter(s): post_name", 400,
                       data={"status": 400, "params": ["post_name"]})  # fmt: skip
    pid = s.next_post_id
    s.next_post_id += 1
    post = dict(ctx.state.post_template)
    for k in ("post_title", "post_content", "post_name", "post_excerpt"):
        if ctx.p(k) is not None:
            post[k] = str(ctx.p(k))
    post["post_status"] = str(ctx.p("post_status") or "publish")
    s.posts[pid] = post
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    return {"success": 1, "message": f"Create {kind} successfully.",
            "data": {"post_id": pid, "link": f"{s.url}?p={pid}"}}  # fmt: skip


def _post(ctx: Ctx) -> tuple[Site, int]:
    s = _post_site(ctx)
    pid = int(ctx.groups.get("id_post") or ctx.groups.get("id_page") or 0)
    return s, pid


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)/edit", f"/pages/{_DOM}/(?P<id_page>[\\d]+)/edit")
async def h_post_edit(ctx: Ctx) -> Any:
    """Replace a post: omitted content is blanked, status defaults to publish."""
    s, pid = _post(ctx)
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    if pid not in s.posts:
        return {"success": 0, "message": f"Edit {kind} failed."}
    post = s.posts[pid]
    post["post_content"] = str(ctx.p("post_content") or "")
    post["post_status"] = str(ctx.p("post_status") or "publish")
    if ctx.p("post_title") is not None:
        post["post_title"] = str(ctx.p("post_title"))
        post["post_name"] = re.sub(r"[^a-z0-9]+", "-", post["post_title"].lower()).strip("-")
    return {"success": 1, "message": f"Edit {kind} successfully."}


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)/update-status",
         f"/pages/{_DOM}/(?P<id_page>[\\d]+)/update-status")  # fmt: skip
async def h_post_status(ctx: Ctx) -> Any:
    """Change a post's status (fails when it already has that status)."""
    s, pid = _post(ctx)
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    post = s.posts.get(pid)
    status = str(ctx.p("status") or "")
    if post is None or post.get("post_status") == status or not status:
        return {"success": 0, "message": f"Update {kind} status failed."}
    post["post_status"] = status
    return {"success": 1, "message": f"Update {kind} status successfully."}


@handles(f"/posts/{_DOM}/(?P<id_post>[\\d]+)/delete", f"/pages/{_DOM}/(?P<id_page>[\\d]+)/delete")
async def h_post_delete(ctx: Ctx) -> Any:
    """Delete a post/page."""
    s, pid = _post(ctx)
    kind = "page" if ctx.route.sub.startswith("/pages") else "post"
    if s.posts.pop(pid, None) is None:
        raise wp_error(f"delete_{kind}_error", f"Delete {kind} failed.", None)
    return {"success": 1, "message": f"Delete {kind} successfully."}
