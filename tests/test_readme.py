"""The README stays true: its test examples run, its commands are what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from mainwp_async import MainWP
from mainwp_async.testing import SimulatedDashboard

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README, flags=re.S)


def _namespace_of(block_marker: str) -> dict[str, object]:
    block = next(b for b in _python_blocks() if block_marker in b)
    namespace: dict[str, object] = {}
    exec(compile(block, "README.md", "exec"), namespace)
    return namespace


async def test_the_simulator_example_runs():
    ns = _namespace_of("async def test_my_nightly_report")
    await ns["test_my_nightly_report"]()  # type: ignore[operator]


async def test_the_fixture_example_runs():
    ns = _namespace_of("async def test_tags(mainwp_client")
    async with (
        SimulatedDashboard(sites=5) as dash,
        MainWP(dash.url, token=dash.tokens["read_write"]) as mw,
    ):
        await ns["test_tags"](mw)  # type: ignore[operator]


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"^(python3 -m .+)$", README, flags=re.M)
    assert len(commands) == 2, commands
    ci = (ROOT / ".ci" / "run").read_text()
    assert commands[1] in ci


async def test_the_quick_start_runs_against_the_simulator():
    block = _python_blocks()[0]
    assert 'MainWP("https://dash.example"' in block
    async with SimulatedDashboard(sites=5) as dash:
        code = (
            block.replace('"https://dash.example"', repr(dash.url))
            .replace('os.environ["MAINWP_TOKEN"]', repr(dash.tokens["read_write"]))
            .replace("asyncio.run(main())", "")
        )
        namespace: dict[str, object] = {}
        exec(compile(code, "README.md", "exec"), namespace)
        await namespace["main"]()  # type: ignore[operator]
    assert dash.counters.count_path("POST", "/sites/3/sync") == 1
