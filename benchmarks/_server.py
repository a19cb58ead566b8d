"""A loopback server in its own process that answers with real capture bodies.

``python -m benchmarks._server`` listens on ``127.0.0.1`` (a free port), prints the
port on its first line of output and serves until its stdin closes. Bodies are the
recorded answers of a MainWP 6.1.2 dashboard (``postman/source/captures/get``), sent
as the same bytes every time, so every client in a benchmark reads identical input
and the server's own cost is small and the same for all of them. A separate process
keeps the server's CPU off the measured client's process clock.

Routes below ``/wp-json/mainwp/v2``: ``sites/basic``, ``sites/{id}`` (the full site
record), ``sites/{id}/plugins`` and ``sites`` (the site list).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAPTURES = ROOT / "postman" / "source" / "captures" / "get"
PREFIX = "/wp-json/mainwp/v2"
BODIES = {
    "sites/basic": "sites_basic.json",
    "sites/{id}": "sites_1.json",
    "sites/{id}/plugins": "sites_1_plugins.json",
    "sites": "sites.json",
}


def capture_body(name: str) -> bytes:
    """The JSON body bytes of capture ``name`` (as compact as PHP's ``wp_json_encode``)."""
    doc = json.loads((CAPTURES / name).read_text())
    return json.dumps(doc["body"], separators=(",", ":")).encode()


async def _serve() -> None:
    from aiohttp import web

    headers = {"Content-Type": "application/json; charset=UTF-8"}
    app = web.Application()
    for route, name in BODIES.items():
        body = capture_body(name)

        async def handler(_: web.Request, body: bytes = body) -> web.Response:
            return web.Response(body=body, headers=headers)

        app.router.add_get(f"{PREFIX}/{route}", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
    await site.start()
    server = site._server
    assert server is not None
    port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
    print(port, flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)  # until the parent closes our stdin
    await runner.cleanup()


@contextlib.asynccontextmanager
async def served() -> AsyncIterator[str]:
    """Start the server process; yield its base URL (``http://127.0.0.1:PORT``)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "benchmarks._server",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        if not line.strip().isdigit():
            raise RuntimeError(f"benchmark server did not start (got {line!r})")
        yield f"http://127.0.0.1:{int(line)}"
    finally:
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:  # pragma: no cover
            proc.kill()
            await proc.wait()


if __name__ == "__main__":
    asyncio.run(_serve())
