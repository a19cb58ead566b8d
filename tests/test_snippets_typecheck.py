"""Every README python snippet and every examples/*.py passes ``mypy --strict``.

A snippet that uses ``await`` at top level (a fragment of a user's coroutine) is checked
as the body of ``async def _snippet(mw: MainWP) -> None``, so ``mw`` is the client.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"```python\n(.*?)```", README, flags=re.S)
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def _as_module(block: str) -> str:
    top_level_await = any(
        re.match(r"^\S", line) and re.search(r"\bawait\b", line) for line in block.splitlines()
    )
    if not top_level_await:
        return block
    return (
        "from mainwp_async import MainWP\n\n\n"
        "async def _snippet(mw: MainWP) -> None:\n" + textwrap.indent(block, "    ")
    )


def test_every_readme_snippet_is_found() -> None:
    assert len(BLOCKS) >= 5 and EXAMPLES


def test_readme_snippets_and_examples_pass_mypy_strict(tmp_path: Path) -> None:
    files = []
    for i, block in enumerate(BLOCKS):
        path = tmp_path / f"readme_snippet_{i}.py"
        path.write_text(_as_module(block))
        files.append(str(path))
    files += [str(p) for p in EXAMPLES]
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path / ".mypy_cache"),
            "--config-file",
            "/dev/null",
            *files,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    if res.returncode:
        pytest.fail("mypy --strict found errors:\n" + res.stdout + res.stderr)
