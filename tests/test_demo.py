"""The README's main job: the demo against the embedded simulated dashboard."""

from __future__ import annotations

import io
import re

import pytest

from mainwp_async.__main__ import main
from mainwp_async.demo import run_demo


@pytest.fixture(autouse=True)
def _no_real_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAINWP_URL", raising=False)
    monkeypatch.delenv("MAINWP_TOKEN", raising=False)


async def test_demo_reports_every_site_and_lists_failures_without_stopping():
    out, err = io.StringIO(), io.StringIO()
    code = await run_demo(sites=60, concurrency=8, seed=3, out=out, err=err)
    text = out.getvalue()
    assert code == 0
    assert "MainWP fleet report" in text
    sites = re.search(r"Sites\s+(\d+)\s+sites · (.*)", text)
    assert sites is not None and sites.group(1) == "60"
    statuses = re.findall(r"(?:connected|disconnected|suspended|unknown) (\d+)", sites.group(2))
    counted = sum(int(n) for n in statuses)
    failed = int(re.search(r"failed (\d+)", sites.group(2)).group(1))
    assert counted + failed == 60  # every site ends with a report or a recorded failure
    assert "Pending updates" in text and "Plugins waiting for an update" in text
    assert "60/60 sites done" in err.getvalue()  # progress, non-TTY form


async def test_demo_failures_name_site_and_reason_and_never_stop_the_run():
    out = io.StringIO()
    # Every answer broken: each site's details call gets a 503 (retried, then given up).
    code = await run_demo(sites=8, concurrency=8, fault_rate=1.0, out=out, err=io.StringIO())
    text = out.getvalue()
    assert code == 0
    assert "failed 8" in text
    assert "Failures (8; every other site was still reported)" in text
    assert len(re.findall(r"#\d+ \w+ \d+ \(.*\)\s+ServerError \(HTTP 503\)", text)) == 8


def test_cli_demo_exits_zero(capsys: pytest.CaptureFixture[str]):
    assert main(["demo", "--sites", "25", "--concurrency", "5"]) == 0
    assert "MainWP fleet report" in capsys.readouterr().out


async def test_demo_with_an_unreachable_dashboard_exits_one(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MAINWP_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("MAINWP_TOKEN", "a" * 40 + "==" + "b" * 40)
    err = io.StringIO()
    assert await run_demo(out=io.StringIO(), err=err) == 1
    assert "APIConnectionError" in err.getvalue()
    assert "a" * 40 not in err.getvalue()
