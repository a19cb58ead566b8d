"""Output rules: widths, colour only on a terminal and never with NO_COLOR, progress on stderr."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from mainwp_async import MainWP
from mainwp_async.cli.output import Failure, Output
from mainwp_async.cli.runtime import fan_out_sites
from mainwp_async.testing import SimulatedDashboard


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


ROWS = [
    {
        "id": i,
        "name": f"Site number {i} with a long name",
        "url": f"https://{'x' * 50}-{i}.example/",
    }
    for i in range(5)
]


@pytest.mark.parametrize("width", [80, 120])
def test_tables_fit_the_width(width: int):
    out = io.StringIO()
    Output("table", command="t", out=out, err=io.StringIO(), width=width).emit(
        ROWS, ("id", "name", "url"), no_wrap=("url",)
    )
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= width
    assert "Site number 4" in out.getvalue()


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch):
    def render(stream: io.StringIO) -> str:
        Output("table", command="t", out=stream, err=io.StringIO(), width=80).emit(
            ROWS, ("id", "name")
        )
        return stream.getvalue()

    assert "\x1b[" in render(Tty())
    assert "\x1b[" not in render(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in render(Tty())


def test_failures_go_to_stderr_in_every_format():
    failure = Failure(dashboard="d", error="ServerError", message="503 busy", site_id=4, site="S")
    for fmt in ("table", "jsonl", "csv"):
        out, err = io.StringIO(), io.StringIO()
        Output(fmt, command="t", out=out, err=err).emit(ROWS, ("id",), failures=[failure])
        assert "ServerError" in err.getvalue() and "ServerError" not in out.getvalue()


async def _fan_out(err: io.StringIO) -> None:
    output = Output("table", command="t", out=io.StringIO(), err=err, width=80)
    async with (
        SimulatedDashboard(sites=6) as dash,
        MainWP(dash.url, token=dash.tokens["read"]) as mw,
    ):
        result = await fan_out_sites(
            mw, [1, 2, 3, 4, 5, 6], mw.sites.get, concurrency=2, output=output, label="getting"
        )
    assert len(result.succeeded) == 6


async def test_progress_only_when_stderr_is_a_terminal(monkeypatch: pytest.MonkeyPatch):
    quiet = io.StringIO()
    await _fan_out(quiet)
    assert quiet.getvalue() == ""
    live = Tty()
    await _fan_out(live)
    assert "getting" in live.getvalue() and "6/6" in live.getvalue()


def test_without_click_demo_still_runs_and_the_rest_says_what_to_install():
    code = (
        "import sys; sys.modules['click'] = None\n"
        "from mainwp_async.__main__ import main\n"
        "print('rc', main(['sites', 'list']))\n"
        "print('rc', main(['demo', '--sites', '3', '--no-faults']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"},
    )  # fmt: skip
    assert "rc 2" in done.stdout and "pip install 'mainwp-async[cli]'" in done.stderr
    assert "rc 0" in done.stdout and "MainWP fleet report" in done.stdout
