"""The namespace index (``GET /wp-json/mainwp/v2``), built from the route table."""

from __future__ import annotations

from typing import Any

from ..routing import ROUTES, Ctx, handles


@handles("")
async def h_index(ctx: Ctx) -> Any:
    """The namespace index built from the route table."""
    base = ctx.dash.public_url
    routes = {
        r.pattern: {"namespace": "mainwp/v2", "methods": list(r.methods),
                    "endpoints": r.endpoints,
                    "_links": {"self": [{"href": f"{base}/wp-json{r.pattern}"}]}}
        for r in ROUTES
    }  # fmt: skip
    for r in ROUTES:
        if "(?P<" in r.pattern:
            del routes[r.pattern]["_links"]
    return {"namespace": "mainwp/v2", "routes": routes,
            "_links": {"up": [{"href": f"{base}/wp-json/"}]}}  # fmt: skip
