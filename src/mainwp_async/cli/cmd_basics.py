"""``tags``, ``clients`` and ``costs``: list them (and add a tag)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from .common import Rows, dashboard_options, each_dashboard, finish, options
from .output import Failure, plain
from .runtime import run

if TYPE_CHECKING:
    from ..client import MainWP


@click.group()
def tags() -> None:
    """Site tags: list and add.

    \b
    Examples:
      mainwp-async tags list
      mainwp-async tags add Production --color '#2e7d32'
    """


@tags.command("list")
@dashboard_options
def tags_list(**kw: Any) -> int:
    """List tags with how many sites carry each.

    \b
    Example:
      mainwp-async tags list --json
    """
    opts = options(**kw)
    output = opts.output("tags list")

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        found = [t async for t in mw.tags.iter_list()]
        rows = [
            {"id": t.id, "name": t.name, "color": t.color, "sites": t.count_sites or 0}
            for t in sorted(found, key=lambda t: t.id or 0)
        ]
        return rows, []

    async def main() -> int:
        rows, failures, ok = await each_dashboard(opts.targets(), per)
        output.emit(rows, ("id", "name", "color", "sites"), failures=failures)
        return finish(ok, failures)

    return run(main())


@tags.command("add")
@click.argument("name")
@click.option(
    "--color", metavar="#RRGGBB", help="Tag colour, e.g. '#2e7d32'. Default: the dashboard's."
)
@dashboard_options
def tags_add(name: str, color: str | None, **kw: Any) -> int:
    """Add a tag (sent once; never retried).

    \b
    Example:
      mainwp-async tags add Production --color '#2e7d32'
    """
    opts = options(**kw)
    output = opts.output("tags add")

    async def per(dashboard: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        args: dict[str, Any] = {"name": name}
        if color:
            args["color"] = color
        added = (await mw.tags.add(**args)).data
        return [plain(added) if added is not None else {"name": name}], []

    async def main() -> int:
        rows, failures, _ok = await each_dashboard(opts.targets(), per)
        output.emit(rows, ("id", "name", "color"), failures=failures)
        return finish(len(rows), failures)

    return run(main())


@click.group()
def clients() -> None:
    """Clients (the people or companies sites belong to).

    \b
    Example:
      mainwp-async clients list --csv
    """


@clients.command("list")
@dashboard_options
def clients_list(**kw: Any) -> int:
    """List clients with their e-mail and whether they are suspended.

    \b
    Example:
      mainwp-async clients list --json
    """
    opts = options(**kw)
    output = opts.output("clients list")

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        rows = [
            {
                "id": c.id,
                "name": c.name,
                "email": c.client_email,
                "city": c.city,
                "suspended": bool(c.suspended),
            }
            async for c in mw.clients.iter_list()
        ]
        return rows, []

    async def main() -> int:
        rows, failures, ok = await each_dashboard(opts.targets(), per)
        output.emit(rows, ("id", "name", "email", "suspended"), failures=failures)
        return finish(ok, failures)

    return run(main())


@click.group()
def costs() -> None:
    """Cost tracker entries (licences, subscriptions, services).

    \b
    Example:
      mainwp-async costs list
    """


@costs.command("list")
@dashboard_options
def costs_list(**kw: Any) -> int:
    """List costs with price, renewal period and next renewal.

    \b
    Example:
      mainwp-async costs list --csv > costs.csv
    """
    opts = options(**kw)
    output = opts.output("costs list")

    async def per(name: str, mw: MainWP) -> tuple[Rows, list[Failure]]:
        rows = [
            {
                "id": c.id,
                "name": c.name,
                "type": c.type,
                "status": c.cost_status,
                "price": c.price,
                "renewal": c.renewal_type,
                "next_renewal": c.next_renewal,
            }
            async for c in mw.costs.iter_list()
        ]
        return rows, []

    async def main() -> int:
        rows, failures, ok = await each_dashboard(opts.targets(), per)
        output.emit(rows, ("id", "name", "price", "renewal", "next_renewal"), failures=failures)
        return finish(ok, failures)

    return run(main())
