"""Import time: ``import mainwp_async`` (and friends) above bare Python, in fresh processes.

Each sample is a new interpreter that times its own statement with ``perf_counter`` (the
interpreter's start-up, and any prelude, is not counted, so this is the cost *above*
bare Python or above the prelude). The samples of the different statements are
interleaved; the median is reported. The namespace rows time the first touch of a
namespace on a client that already exists: what loading one category costs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks._common import Config, Row, out, stats, table

STATEMENTS = {
    "import mainwp_async": "import mainwp_async",
    "from mainwp_async import MainWP": "from mainwp_async import MainWP",
    "a client and mw.sites": (
        "from mainwp_async import MainWP\nMainWP('https://x.example', token='s==k1234').sites"
    ),
    "first namespace access (mw.tags)": "mw.tags",
    "first namespace access (mw.sites)": "mw.sites",
    "mw.sites after mw.tags": "mw.sites",
    "the pytest plugin (pytest loaded first)": "import mainwp_async.testing.pytest_plugin",
    "the command line, for --help (click loaded first)": "import mainwp_async.cli",
}
_CLIENT = "from mainwp_async import MainWP\nmw = MainWP('https://x.example', token='s==k1234')"
PRELUDE = {
    "first namespace access (mw.tags)": _CLIENT,
    "first namespace access (mw.sites)": _CLIENT,
    "mw.sites after mw.tags": _CLIENT + "\nmw.tags",
    "the pytest plugin (pytest loaded first)": "import pytest, pytest_asyncio",
    "the command line, for --help (click loaded first)": "import click",
}


def _once(statement: str, prelude: str) -> float:
    code = (
        f"{prelude}\nimport time\n_t = time.perf_counter()\n{statement}\n"
        "print(time.perf_counter() - _t)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    return float(proc.stdout.strip().splitlines()[-1]) * 1000


async def run(cfg: Config) -> None:
    reps = 2 if cfg.quick else 9
    out(f"== import time: {reps} fresh interpreter(s) per statement, interleaved")
    times: dict[str, list[float]] = {k: [] for k in STATEMENTS}
    for _ in range(reps):
        for name, statement in STATEMENTS.items():
            times[name].append(_once(statement, PRELUDE.get(name, "")))
    per = {k: stats(v) for k, v in times.items()}
    table(
        ("statement", "median ms", "IQR ms"),
        [(k, f"{s.median:.1f}", f"{s.iqr:.1f}") for k, s in per.items()],
    )
    cfg.report.record("ms", {k: v.median for k, v in per.items()})
    value = per["import mainwp_async"].median
    out(f"ratio: import mainwp_async = {value:.1f} ms above bare Python")
    tags = per["first namespace access (mw.tags)"].median
    out(f"ratio: first mw.tags = {tags:.1f} ms (one category's endpoints, specs and models)")
    cfg.report.row(
        Row(
            "`import mainwp_async` above bare Python",
            value,
            80.0,
            unit="ms",
            higher_is_better=False,
            now="270-450 ms",
        )
    )
