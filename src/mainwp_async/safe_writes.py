"""Guards for the writes where MainWP 6.1.2 destroys data the caller did not mention.

Each method of :class:`SafeWrites` (``mw.safe``) either preserves what was not meant to
change (it reads the record, merges the changes, writes the whole record back) or refuses
with :class:`UnsafeWriteError` unless an explicit flag says the caller means it. The raw
stubs (``mw.tags.edit``, ``mw.sites.edit``, ...) stay one step away and keep the server's
own behaviour. The guards:

==========================================  ===================================================
server behaviour                            guard
==========================================  ===================================================
tag edit without ``name`` blanks the name   :meth:`SafeWrites.edit_tag`: read, merge, write
site edit without ``client_id`` unassigns   :meth:`SafeWrites.edit_site`: sends the current
the client                                  ``client_id`` unless a new one is given
post/page edit replaces the whole record    :meth:`SafeWrites.edit_post`, :meth:`edit_page`
cost edit replaces the whole record         :meth:`SafeWrites.edit_cost`
ignore plugins/themes without ``slug``      :meth:`SafeWrites.ignore_updates`: refuses
ignores every one (no un-ignore in v2)      without slugs unless ``ignore_all=True``
update plugins/themes/translations without  :meth:`SafeWrites.update_items`: names the pending
``slug`` does nothing                       slugs itself
updating a disconnected/suspended site      :meth:`SafeWrites.update_items` refuses it
answers success and changes nothing
``sites/disconnect`` without ``include``    :meth:`SafeWrites.disconnect_sites`: needs ids or
disconnects every site                      ``all_sites=True``; :meth:`disconnect_all_sites`
                                            needs ``confirm=True``
admin password change without ``password``  :meth:`SafeWrites.update_admin_password` refuses
sets a random one on every targeted site
==========================================  ===================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .errors import ConfigurationError

if TYPE_CHECKING:
    from .client import MainWP

__all__ = ["SafeWrites", "UnsafeWriteError"]


class UnsafeWriteError(ConfigurationError):
    """A guarded write was refused before any request: it would destroy data.

    The message names the flag that allows it, or the raw stub that does what the
    server does.
    """


_POST_FIELDS = ("post_title", "post_content", "post_excerpt", "post_name", "post_password",
                "post_status", "post_date", "post_date_gmt", "comment_status", "ping_status",
                "post_tags", "post_category", "is_sticky")  # fmt: skip
_COST_FIELDS = {  # wire name on edit -> name in the GET answer
    "name": "name", "url": "url", "payment_type": "type", "product_type": "product_type",
    "product_slug": "slug", "license_type": "license_type",
    "cost_tracker_status": "cost_status", "payment_method": "payment_method",
    "price": "price", "renewal_type": "renewal_type", "note": "note",
    "product_color": "cost_color", "icon_hidden": "cost_icon",
}  # fmt: skip
_KINDS = ("plugins", "themes", "translations")


def _data(payload: Any) -> Mapping[str, Any]:
    data = payload.get("data") if isinstance(payload, Mapping) else None
    return data if isinstance(data, Mapping) else {}


def _id_list(value: Any) -> list[int]:
    if isinstance(value, str):
        text = value.strip().strip("[]")
        return [int(v) for v in text.replace('"', "").split(",") if v.strip().isdigit()]
    if isinstance(value, Sequence):
        return [int(v) for v in value if str(v).isdigit()]
    return []


def _slugs(entries: Any) -> list[str]:
    if isinstance(entries, Mapping):
        return [str(k) for k in entries]
    out = []
    for entry in entries if isinstance(entries, list) else []:
        slug = entry.get("slug") if isinstance(entry, Mapping) else entry
        if slug:
            out.append(str(slug))
    return out


class SafeWrites:
    """Data-preserving versions of MainWP's destructive writes (``mw.safe``)."""

    def __init__(self, mw: MainWP) -> None:
        self._mw = mw

    async def _get(self, path: str) -> Mapping[str, Any]:
        raw = await self._mw.call("GET", path, raw=True)
        if (error := raw.error) is not None:
            raise error
        return _data(raw.json)

    async def edit_tag(self, tag_id: int, **changes: Any) -> Any:
        """Change a tag's ``name`` and/or ``color``, keeping the other as it is.

        The server writes ``name`` on every edit (absent: blank); this reads the tag and
        sends both fields. Raw: ``mw.tags.edit``.
        """
        unknown = set(changes) - {"name", "color"}
        if unknown:
            raise ConfigurationError(f"edit_tag: unknown field(s) {sorted(unknown)}")
        if "name" in changes and not str(changes["name"] or "").strip():
            raise UnsafeWriteError("edit_tag: an empty name would blank the tag")
        current = await self._get(f"/tags/{int(tag_id)}")
        body = {"name": current.get("name", ""), "color": current.get("color", "")}
        body.update({k: v for k, v in changes.items() if v is not None})
        return await self._mw.call("PUT", f"/tags/{int(tag_id)}/edit", **body)

    async def edit_site(self, site_id: int, **changes: Any) -> Any:
        """Edit a site without unassigning its client.

        The server sets ``client_id`` to 0 when it is not sent; this sends the current
        one unless ``client_id`` is among ``changes`` (``client_id=0`` unassigns on
        purpose). ``groupids`` replaces all tags, so it is only sent when given.
        Raw: ``mw.sites.edit``.
        """
        body = dict(changes)
        if "client_id" not in body:
            current = await self._get(f"/sites/{int(site_id)}")
            body["client_id"] = int(str(current.get("client_id") or 0))
        return await self._mw.call("PUT", f"/sites/{int(site_id)}/edit", **body)

    async def _edit_record(self, kind: str, site: int | str, item: int, changes: Any) -> Any:
        unknown = set(changes) - set(_POST_FIELDS)
        if unknown:
            raise ConfigurationError(f"edit_{kind}: unknown field(s) {sorted(unknown)}")
        current = await self._get(f"/{kind}s/{site}/{int(item)}")
        if not current:
            raise ConfigurationError(f"edit_{kind}: {kind} {item} on site {site} not found")
        body = {f: current[f] for f in _POST_FIELDS if current.get(f) is not None}
        body.update(changes)
        return await self._mw.call("PUT", f"/{kind}s/{site}/{int(item)}/edit", **body)

    async def edit_post(self, site: int | str, post_id: int, **changes: Any) -> Any:
        """Edit a post keeping every field not in ``changes``.

        The server replaces the whole post (missing title/content/excerpt/slug/password/
        date become empty, a missing status becomes draft); this reads the post first
        and sends the merged record. Raw: ``mw.posts.edit``.
        """
        return await self._edit_record("post", site, post_id, changes)

    async def edit_page(self, site: int | str, page_id: int, **changes: Any) -> Any:
        """Edit a page keeping every field not in ``changes`` (as :meth:`edit_post`).

        Raw: ``mw.pages.edit``.
        """
        return await self._edit_record("page", site, page_id, changes)

    async def edit_cost(self, cost_id: int, **changes: Any) -> Any:
        """Edit a Cost Tracker entry keeping every field not in ``changes``.

        The server rebuilds the whole record from the request (and refuses one without
        sites, groups or clients); this reads the entry and sends it merged, with its
        current sites/tags/clients. Raw: ``mw.costs.edit``.
        """
        allowed = {*_COST_FIELDS, "sites", "groups", "clients", "last_renewal"}
        unknown = set(changes) - allowed
        if unknown:
            raise ConfigurationError(f"edit_cost: unknown field(s) {sorted(unknown)}")
        current = await self._get(f"/costs/{int(cost_id)}")
        body: dict[str, Any] = {}
        for wire, read in _COST_FIELDS.items():
            if current.get(read) not in (None, ""):
                body[wire] = current[read]
        for target in ("sites", "groups", "clients"):
            ids = _id_list(current.get(target))
            if ids:
                body[target] = ids
                break
        if "price" in body:
            body["price"] = float(body["price"])
        if {"sites", "groups", "clients"} & set(changes):  # new targets replace the old
            for target in ("sites", "groups", "clients"):
                body.pop(target, None)
        body.update(changes)
        return await self._mw.call("PUT", f"/costs/{int(cost_id)}/edit", **body)

    async def ignore_updates(
        self,
        site: int | str,
        kind: str,
        slugs: Sequence[str] = (),
        *,
        ignore_all: bool = False,
    ) -> Any:
        """Ignore the updates of ``slugs`` (``kind``: ``"plugins"`` or ``"themes"``).

        Without a slug the server ignores *every* plugin/theme update of the site and v2
        has no way to undo it: refused unless ``ignore_all=True``. Raw:
        ``mw.updates.ignore_plugins`` / ``ignore_themes``.
        """
        if kind not in ("plugins", "themes"):
            raise ConfigurationError("ignore_updates: kind must be 'plugins' or 'themes'")
        if not slugs and not ignore_all:
            raise UnsafeWriteError(
                f"ignore_updates({site!r}, {kind!r}) without slugs would ignore every {kind[:-1]} "
                "update of the site and v2 cannot undo it: pass slugs, or ignore_all=True"
            )
        body: dict[str, Any] = {"slug": ",".join(slugs)} if slugs else {}
        return await self._mw.call("POST", f"/updates/{site}/ignore/{kind}", **body)

    async def update_items(
        self, site: int | str, kind: str, slugs: Sequence[str] | None = None
    ) -> Any:
        """Apply pending ``kind`` updates (``plugins``, ``themes``, ``translations``).

        Refuses a disconnected or suspended site (the server would answer success and
        change nothing). With ``slugs=None`` the pending slugs are read from
        ``GET updates/{site}`` and named explicitly (without a slug the server updates
        nothing). Raw: ``mw.updates.update_plugins`` / ``update_themes`` /
        ``update_translations``.
        """
        if kind not in _KINDS:
            raise ConfigurationError(f"update_items: kind must be one of {_KINDS}")
        info = await self._get(f"/sites/{site}")
        status = str(info.get("status", "")).lower()
        if str(info.get("suspended", "0")) == "1":
            status = "suspended"
        if status in ("disconnected", "suspended"):
            raise UnsafeWriteError(
                f"update_items: site {site!r} is {status}; the server would answer success "
                "and update nothing (reconnect or unsuspend it first)"
            )
        if slugs is None:
            pending = await self._get(f"/updates/{site}")
            slugs = _slugs(pending.get(kind))
            if not slugs:
                return {"success": 0, "message": f"No {kind} to update.", "slugs": []}
        if not slugs:
            raise ConfigurationError("update_items: an empty slug list updates nothing")
        return await self._mw.call("POST", f"/updates/{site}/update/{kind}", slug=",".join(slugs))

    async def disconnect_sites(
        self, include: Sequence[int] = (), *, all_sites: bool = False
    ) -> Any:
        """Disconnect the sites in ``include``.

        Without ``include`` the server disconnects every site: refused unless
        ``all_sites=True``. Raw: ``mw.call("POST", "/sites/disconnect")``.
        """
        if not include and not all_sites:
            raise UnsafeWriteError(
                "disconnect_sites() without include would disconnect every site: "
                "pass the ids, or all_sites=True"
            )
        body: dict[str, Any] = (
            {"include": ",".join(str(int(i)) for i in include)} if include else {}
        )
        return await self._mw.call("POST", "/sites/disconnect", **body)

    async def disconnect_all_sites(self, *, confirm: bool = False) -> Any:
        """Start the settings tool that disconnects every site (needs ``confirm=True``).

        Raw: ``mw.settings.tools_disconnect_all_sites``.
        """
        if not confirm:
            raise UnsafeWriteError(
                "disconnect_all_sites disconnects every child site: pass confirm=True"
            )
        return await self._mw.settings.tools_disconnect_all_sites()

    async def update_admin_password(
        self, websites: Sequence[int], password: str | None, **options: Any
    ) -> Any:
        """Set the admin password on ``websites`` to ``password``.

        Without a password the server sets a random 24-character one on every targeted
        site (and tells nobody): refused. Raw: ``mw.users.update_admin_password``.
        """
        if not password:
            raise UnsafeWriteError(
                "update_admin_password without a password would set a random one on every "
                "targeted site: pass password="
            )
        if not websites:
            raise ConfigurationError("update_admin_password: no websites given")
        ids = ",".join(str(int(i)) for i in websites)
        return await self._mw.call(
            "PUT", "/users/update-admin-password", websites=ids, password=password, **options
        )
