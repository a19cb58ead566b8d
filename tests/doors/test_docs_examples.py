"""The v1 and Abilities examples of README.md and docs/ run against the simulator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _block(path: str, marker: str) -> str:
    text = (ROOT / path).read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if marker in b]
    assert len(blocks) == 1, (path, marker)
    return blocks[0]


@pytest.mark.parametrize(
    ("path", "function"),
    [
        ("README.md", "legacy_v1"),
        ("README.md", "abilities"),
        ("docs/v1.md", "main"),
        ("docs/abilities.md", "main"),
    ],
)
async def test_the_example_runs(
    path: str, function: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _block(path, f"async def {function}()").replace(f"asyncio.run({function}())", "")
    namespace: dict[str, object] = {}
    exec(compile(code, path, "exec"), namespace)
    await namespace[function]()  # type: ignore[operator]
    out = capsys.readouterr().out
    assert out.strip(), "the example printed nothing"
    if path == "docs/abilities.md":
        assert out.split()[:2] == ["completed", "5"]
    if function == "legacy_v1":
        assert out.startswith("3 sites")


def test_the_refresh_recipe_compiles() -> None:
    compile(_block("docs/abilities.md", "async def refresh("), "docs/abilities.md", "exec")
