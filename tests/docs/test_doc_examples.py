"""Every Python example in docs/ is type-checked with mypy, and the runnable ones are run.

Runnable means: module-level code, ``asyncio.run(main())``, and async functions whose
parameters are a client (``mw``), ints, lists of ints, or have defaults;
those run against the simulator (``https://dash.example`` and the ``MAINWP_*``
variables are pointed at it). The rest are still type-checked against the real API.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

from mainwp_async import MainWP, events
from mainwp_async.testing import SimulatedDashboard

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def _blocks() -> list[tuple[str, str]]:
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        for n, block in enumerate(re.findall(r"```python\n(.*?)```", text, flags=re.S)):
            found.append((f"{page.relative_to(DOCS).with_suffix('')}#{n}", block))
    return found


BLOCKS = _blocks()


def test_the_docs_have_examples():
    assert len(BLOCKS) >= 10


def test_every_example_type_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from mypy import api

    files = []
    for name, block in BLOCKS:
        module = "doc_" + re.sub(r"\W", "_", name)
        path = tmp_path / f"{module}.py"
        path.write_text(block, encoding="utf-8")
        files.append(str(path))
    monkeypatch.chdir(ROOT)  # the project's mypy settings (strict) and its cache
    out, err, code = api.run(["--no-error-summary", "--follow-imports=silent", *files])
    assert code == 0, out + err


_SAMPLES: dict[str, Any] = {"int": 1, "list[int]": [1, 2], "str": "1"}


def _arguments(fn: Any, mw: MainWP) -> list[Any] | None:
    """Arguments for ``fn``: the client for ``mw``, a sample for int/list[int]/str."""
    args: list[Any] = []
    for param in inspect.signature(fn).parameters.values():
        if param.default is not param.empty:
            break
        if param.name == "mw":
            args.append(mw)
        elif str(param.annotation) in _SAMPLES:
            args.append(_SAMPLES[str(param.annotation)])
        else:
            return None
    return args


@pytest.mark.parametrize(("name", "block"), BLOCKS, ids=[n for n, _ in BLOCKS])
async def test_runnable_examples_run_on_the_simulator(
    name: str, block: str, monkeypatch: pytest.MonkeyPatch
):
    runs_main = "asyncio.run(main())" in block
    async with SimulatedDashboard(sites=8, seed=2) as dash:
        token = dash.tokens["read_write"]
        monkeypatch.setenv("MAINWP_URL", dash.url)
        monkeypatch.setenv("MAINWP_TOKEN", token)
        code = block.replace('"https://dash.example"', repr(dash.url))
        code = code.replace('"<secret>==<key>"', repr(token))
        code = code.replace("asyncio.run(main())", "")
        code = code.replace('if __name__ == "__main__":', "if False:")
        namespace: dict[str, Any] = {"__name__": "doc_example"}
        exec(compile(code, name, "exec"), namespace)
        ran = 0
        try:
            async with MainWP(dash.url, token=token) as mw:
                for fname, fn in list(namespace.items()):
                    if not inspect.iscoroutinefunction(fn) or fn.__module__ != "doc_example":
                        continue
                    if runs_main and fname != "main":
                        continue
                    args = _arguments(fn, mw)
                    if args is None:
                        continue
                    await fn(*args)
                    ran += 1
            if not any(
                inspect.iscoroutinefunction(f) and f.__module__ == "doc_example"
                for f in namespace.values()
            ):
                ran += 1  # no coroutine to call: running the module above was the test
        finally:
            events.disable_tracing()
    if ran == 0:
        pytest.skip("type-checked only: needs arguments the test cannot invent")
