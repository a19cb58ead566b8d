"""CLI tests: a simulated dashboard on 127.0.0.1 in a background thread, the CLI in-process."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

pytest.importorskip("click")
pytest.importorskip("rich")

from mainwp_async.cli import main
from mainwp_async.testing import SimulatedDashboard


class ThreadedDashboard:
    """A SimulatedDashboard served from its own event loop, so the CLI can asyncio.run."""

    def __init__(self, **options: Any) -> None:
        self.dash = SimulatedDashboard(**options)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    def __enter__(self) -> SimulatedDashboard:
        self.thread.start()
        self.run(self.dash.start())
        return self.dash

    def __exit__(self, *exc: object) -> None:
        self.run(self.dash.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        self.loop.close()


@attrs.frozen
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    def jsonl(self) -> list[Any]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """``cli("sites", "list")`` runs the command line in-process and captures its output."""

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No real dashboard, no real profiles file, 80 columns, no colour settings leaking in."""
    for name in ("MAINWP_URL", "MAINWP_TOKEN", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MAINWP_ASYNC_PROFILES", str(tmp_path / "profiles.toml"))
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "40")


@pytest.fixture
def dash(monkeypatch: pytest.MonkeyPatch) -> Iterator[SimulatedDashboard]:
    """A fresh 30-site simulator; MAINWP_URL/MAINWP_TOKEN point at it (read_write key)."""
    with ThreadedDashboard(sites=30, seed=4) as d:
        monkeypatch.setenv("MAINWP_URL", d.url)
        monkeypatch.setenv("MAINWP_TOKEN", d.tokens["read_write"])
        yield d


def secret_of(dash: SimulatedDashboard) -> str:
    """The secret half of every token the simulator hands out (must never be printed)."""
    return "|".join(t.split("==")[0] for t in dash.tokens.values())
