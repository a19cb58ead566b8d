"""The README's main job: the demo against the embedded simulated dashboard."""

from __future__ import annotations

import io
import re

import pytest

from mainwp_async.__main__ import main
from mainwp_async.demo import Progress, faulty_sites, plural, run_demo


@pytest.fixture(autouse=True)
def _no_real_dashboard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAINWP_URL", raising=False)
    monkeypatch.delenv("MAINWP_TOKEN", raising=False)


def _counts(text: str) -> dict[str, int]:
    block = re.search(r"  Sites\s+(\d+)\s+(.*?)\n  Sites to update", text, flags=re.S)
    assert block is not None, text
    counts = {k: int(v) for v, k in ((m[1], m[0]) for m in re.findall(r"(\w+) (\d+)", block[2]))}
    counts["total"] = int(block[1])
    return counts


async def _demo(**kwargs: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = await run_demo(out=out, err=err, width=80, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


async def test_demo_reports_every_site_and_lists_failures_without_stopping():
    code, text, err = await _demo(sites=60, concurrency=8, seed=3, fault_rate=0.05)
    assert code == 0
    assert "MainWP fleet report" in text
    counts = _counts(text)
    assert counts["total"] == 60
    assert counts["failed"] == 3  # 5 % of 60, chosen from the seed
    reported = sum(counts.get(k, 0) for k in ("connected", "disconnected", "suspended"))
    assert reported + counts["failed"] == 60  # every site: a report or a recorded failure
    assert "Sites to update" in text and "Plugins waiting for an update" in text
    assert "Failures (3; every other site was still reported)" in text
    assert "60/60 sites done" in err  # progress, non-TTY form, on stderr


async def test_the_same_seed_gives_the_same_failures_every_run():
    def failures(text: str) -> list[str]:
        return re.findall(r"^  (#\d+ .*)$", text.split("Failures")[1], flags=re.M)

    first, second = [await _demo(sites=20, concurrency=16, seed=7, fault_rate=0.1) for _ in "ab"]
    assert len(failures(first[1])) == 2
    assert failures(first[1]) == failures(second[1])
    assert _counts(first[1]) == _counts(second[1])


def test_faulty_sites_depend_on_the_seed_only():
    ids = list(range(1, 301))
    assert faulty_sites(ids, 0, 0.01) == faulty_sites(list(reversed(ids)), 0, 0.01)
    broken, flaky = faulty_sites(ids, 0, 0.01)
    assert (len(broken), len(flaky)) == (3, 9)
    assert faulty_sites(ids, 0, 0.0) == (set(), set())
    assert faulty_sites(ids, 1, 0.01)[0] != broken  # another seed, other sites


async def test_every_line_fits_80_columns():
    _, text, err = await _demo(sites=30, seed=1)
    long = [line for line in (text + err).splitlines() if len(line) > 79]
    assert long == []


@pytest.mark.parametrize("total", [1, 300, 12000])
@pytest.mark.parametrize("width", [40, 80, 120])
def test_the_progress_bar_never_reaches_the_last_column(total: int, width: int):
    bar = Progress(total, io.StringIO(), width=width)
    bar.failed = 1234
    for done in (0, total // 2, total):
        line = bar.line(done, elapsed=123.4)
        assert len(line) <= width - 1, line
        assert f"{done}/{total}" in line


def test_plurals():
    assert [plural(n, "site") for n in (0, 1, 2)] == ["0 sites", "1 site", "2 sites"]


async def test_one_site_is_one_site_not_one_sites():
    _, text, err = await _demo(sites=1, fault_rate=0.0)
    assert "1 sites" not in text + err
    assert "1 site, " in text


async def test_demo_failures_name_site_and_reason_and_never_stop_the_run():
    code, text, _ = await _demo(sites=8, concurrency=8, fault_rate=1.0)
    assert code == 0
    assert "failed 8" in text
    assert "Failures (8; every other site was still reported)" in text
    assert len(re.findall(r"#\d+ \w+ \d+ \(.*\)\n\s+DecodeError \(HTTP 200\)", text)) == 8


def test_cli_demo_exits_zero(capsys: pytest.CaptureFixture[str]):
    assert main(["demo", "--sites", "25", "--concurrency", "5"]) == 0
    assert "MainWP fleet report" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("variable", "missing"), [("MAINWP_URL", "MAINWP_TOKEN"), ("MAINWP_TOKEN", "MAINWP_URL")]
)
async def test_half_a_configuration_is_an_error_naming_what_to_set(
    monkeypatch: pytest.MonkeyPatch, variable: str, missing: str
):
    monkeypatch.setenv(variable, "https://dash.example" if variable == "MAINWP_URL" else "t==k")
    code, text, err = await _demo(sites=5)
    assert code == 2
    assert text == ""  # no silent simulator run
    assert f"{variable} is set but {missing} is not: set {missing}" in err


async def test_demo_with_an_unreachable_dashboard_exits_one(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MAINWP_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("MAINWP_TOKEN", "a" * 40 + "==" + "b" * 40)
    code, _, err = await _demo()
    assert code == 1
    assert "APIConnectionError" in err
    assert "a" * 40 not in err
