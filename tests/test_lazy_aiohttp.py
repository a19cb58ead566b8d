"""aiohttp loads with the first session, not with ``from mainwp_async import MainWP``.

Each check runs in a fresh interpreter (this test process imported aiohttp long ago). The
simulated dashboard runs here, in the test process, so the child's ``sys.modules`` shows
only what the client itself imported.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap

from mainwp_async.testing import SimulatedDashboard

CHILD = textwrap.dedent(
    """
    import asyncio, json, sys

    seen = {}
    from mainwp_async import MainWP
    seen["import"] = "aiohttp" in sys.modules
    mw = MainWP(sys.argv[1], token=sys.argv[2])
    clone = mw.with_options(timeout=5)
    seen["construct"] = "aiohttp" in sys.modules
    import mainwp_async.errors
    seen["errors"] = "aiohttp" in sys.modules

    async def main():
        async with mw:
            seen["open"] = "aiohttp" in sys.modules
            count = await mw.sites.count()
        seen["count"] = count.count

    asyncio.run(main())
    seen["after"] = "aiohttp" in sys.modules
    print(json.dumps(seen))
    """
)


async def _child(*args: str) -> dict[str, object]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        CHILD,
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    result: dict[str, object] = json.loads(out.decode().strip().splitlines()[-1])
    return result


async def test_import_and_construction_leave_aiohttp_unloaded_until_the_first_session():
    async with SimulatedDashboard(sites=3) as dash:
        seen = await _child(dash.url, dash.tokens["read"])
    assert seen == {
        "import": False,
        "construct": False,  # MainWP(...) and with_options() too
        "errors": False,
        "open": True,  # the session is created on entry
        "count": 3,  # and the first request is answered
        "after": True,
    }


def test_passing_a_non_session_is_a_configuration_error_without_aiohttp():
    code = textwrap.dedent(
        """
        import sys
        from mainwp_async import MainWP
        from mainwp_async.errors import ConfigurationError
        try:
            MainWP("https://dash.example", token="secret==key1234", session=object())
        except ConfigurationError as exc:
            print("aiohttp" in sys.modules, exc)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    loaded, _, message = proc.stdout.strip().partition(" ")
    assert loaded == "False"
    assert message == "session must be an aiohttp.ClientSession, not object"
