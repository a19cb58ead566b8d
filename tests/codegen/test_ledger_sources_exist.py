"""Every PHP function the ledger names exists in the file its alias names (6.1.2 / 6.1).

Needs the bare git mirrors of mainwp and mainwp-child (a developer machine has them under
/work/.mirror); skipped where they are absent, e.g. in CI.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from codegen.ledger import load_ledger

MIRRORS = {
    "mainwp": (Path("/work/.mirror/mainwp+mainwp/repo"), "v6.1.2"),
    "mainwp-child": (Path("/work/.mirror/mainwp+mainwp-child/repo"), "v6.1"),
}


def _source(repo: str, path: str) -> str | None:
    git_dir, tag = MIRRORS[repo]
    if not git_dir.exists():
        return None
    res = subprocess.run(
        ["git", "-C", str(git_dir), "show", f"{tag}:{path}"], capture_output=True, text=True
    )
    return res.stdout if res.returncode == 0 else ""


def test_every_named_php_function_exists() -> None:
    ledger = load_ledger()
    texts: dict[str, str | None] = {}
    missing = []
    checked = 0
    for d in ledger.all():
        if not d.from_php:
            continue
        alias, rest = d.src.split(":", 1)
        where = ledger.sources[alias]
        repo, _, path = where.partition(": ")
        if repo not in MIRRORS:  # WordPress core, not mirrored here
            continue
        if where not in texts:
            texts[where] = _source(repo, path)
        text = texts[where]
        if text is None:
            pytest.skip("the PHP source mirrors are not on this machine")
        function = rest.strip().split(" ", 1)[0]
        if not re.search(rf"function\s+{re.escape(function)}\s*\(", text):
            missing.append(f"{d.cls}.{d.field}: {function} not in {path}")
        checked += 1
    assert not missing, "\n".join(missing)
    assert checked > 200
