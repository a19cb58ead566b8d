"""Turn the rendered tree into files: ruff formatting, atomic writes, stale removal, diffs.

``build_tree`` is the whole pipeline from the IR to formatted bytes; ``generate`` adds the
collection reader and the model generator in front of it.  ``write_tree`` and ``diff_tree``
work on any ``{posix relative path: bytes}`` mapping, so the CLI, the golden test and
``python -m codegen check`` all compare exactly the same thing.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from codegen.endpoints import ModelsLike, render_tree
from codegen.ir import RequestIR

__all__ = [
    "REPO_ROOT",
    "Generated",
    "WriteResult",
    "build_tree",
    "diff_tree",
    "format_python",
    "generate",
    "read_tree",
    "ruff_command",
    "write_tree",
]

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COLLECTION = REPO_ROOT / "postman" / "mainwp-v2.postman_collection.json"
DEFAULT_OVERRIDES = REPO_ROOT / "codegen" / "overrides.toml"
DEFAULT_OUT = REPO_ROOT / "src" / "mainwp_async" / "_generated"

#: ruff settings used for generated code, independent of any pyproject (which excludes it).
_RUFF_FORMAT_ARGS = ("format", "--isolated", "--no-cache", "--line-length", "100")
_IGNORED_DIRS = frozenset({"__pycache__"})


def ruff_command() -> list[str]:
    """How to run the ruff of the current environment (codegen requires ruff)."""
    exe = Path(sys.executable).parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("ruff")
    if found:
        return [found]
    return [sys.executable, "-m", "ruff"]


def format_python(files: Mapping[str, str]) -> dict[str, str]:
    """Format every ``.py`` entry with one ruff run; other entries pass through unchanged."""
    py = {k: v for k, v in files.items() if k.endswith(".py")}
    out = dict(files)
    if not py:
        return out
    with tempfile.TemporaryDirectory(prefix="mainwp-codegen-fmt-") as tmp:
        root = Path(tmp)
        for rel, text in py.items():
            target = root / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        proc = subprocess.run(
            [*ruff_command(), *_RUFF_FORMAT_ARGS, "--target-version", "py311", "."],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"ruff format failed on generated code:\n{proc.stderr}")
        for rel in py:
            out[rel] = (root / rel).read_text(encoding="utf-8")
    return out


def build_tree(requests: Iterable[RequestIR], models: ModelsLike) -> dict[str, bytes]:
    """IR + models -> formatted ``{posix relative path: bytes}`` for ``_generated``."""
    formatted = format_python(render_tree(requests, models))
    return {rel: text.encode("utf-8") for rel, text in sorted(formatted.items())}


@dataclass
class Generated:
    """The result of one generation run."""

    tree: dict[str, bytes]
    endpoints: int
    models: int
    seconds: float
    stats: dict[str, int] = field(default_factory=dict)


def _count_models(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.startswith("class "))


def generate(
    collection: Path = DEFAULT_COLLECTION, overrides: Path = DEFAULT_OVERRIDES
) -> Generated:
    """Read the collection, generate the models, render and format everything."""
    from codegen.models import generate_models
    from codegen.postman import read_collection

    start = time.perf_counter()
    requests = read_collection(collection)
    models = generate_models(requests, overrides_path=overrides)
    tree = build_tree(requests, models)
    # where every model field's type was decided, for review and for the ledger tests
    tree["field_sources.json"] = (
        json.dumps(models.field_sources, indent=1, sort_keys=True) + "\n"
    ).encode("utf-8")
    tree.update(build_door_trees())
    n_endpoints = sum(
        1
        for rel, data in tree.items()
        if rel.startswith("manifest/")
        for line in data.decode("utf-8").splitlines()
        if " = EndpointSpec(" in line
    )
    return Generated(
        tree=tree,
        endpoints=n_endpoints,
        models=_count_models(models.source),
        seconds=time.perf_counter() - start,
        stats=models.stats,
    )


def build_door_trees() -> dict[str, bytes]:
    """The ``v1/`` and ``abilities/`` packages (codegen.v1, codegen.abilities), formatted."""
    from codegen import abilities, v1

    files = {f"v1/{k}": v for k, v in v1.render_package(v1.read_collection()).items()}
    files.update(
        {f"abilities/{k}": v for k, v in abilities.render_package(abilities.load()).items()}
    )
    formatted = format_python(files)
    return {rel: text.encode("utf-8") for rel, text in sorted(formatted.items())}


def read_tree(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (``__pycache__`` ignored) as ``{posix relative path: bytes}``."""
    tree: dict[str, bytes] = {}
    if not out.is_dir():
        return tree
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames[:] = sorted(d for d in dirnames if d not in _IGNORED_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            tree[path.relative_to(out).as_posix()] = path.read_bytes()
    return tree


@dataclass
class WriteResult:
    """What ``write_tree`` did."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_tree(tree: Mapping[str, bytes], out: Path) -> WriteResult:
    """Make ``out`` hold exactly ``tree``: atomic writes of changed files, stale files removed."""
    result = WriteResult()
    existing = read_tree(out)
    for rel, data in sorted(tree.items()):
        if existing.get(rel) == data:
            result.unchanged.append(rel)
            continue
        _atomic_write(out / rel, data)
        result.written.append(rel)
    for rel in sorted(set(existing) - set(tree)):
        stale = out / rel
        stale.unlink()
        result.removed.append(rel)
        cache = stale.parent / "__pycache__"
        if cache.is_dir():
            for pyc in cache.glob(f"{stale.stem}.*.pyc"):
                pyc.unlink()
    # drop directories left empty (or holding only a bytecode cache) by the removals
    for dirpath, _dirnames, _files in sorted(os.walk(out), key=lambda t: -len(t[0])):
        d = Path(dirpath)
        if d == out or d.name in _IGNORED_DIRS:
            continue
        entries = {e.name for e in d.iterdir()}
        if entries <= _IGNORED_DIRS:
            shutil.rmtree(d)
    return result


def diff_tree(tree: Mapping[str, bytes], out: Path, *, context: int = 2) -> list[str]:
    """Unified-diff lines between ``tree`` (expected) and the files under ``out`` (actual)."""
    actual = read_tree(out)
    lines: list[str] = []
    for rel in sorted(set(tree) | set(actual)):
        want, have = tree.get(rel), actual.get(rel)
        if want == have:
            continue
        if want is None:
            lines.append(f"stale file (not generated): {rel}")
            continue
        if have is None:
            lines.append(f"missing file: {rel}")
            continue
        lines += difflib.unified_diff(
            have.decode("utf-8", "replace").splitlines(),
            want.decode("utf-8", "replace").splitlines(),
            fromfile=f"committed/{rel}",
            tofile=f"generated/{rel}",
            n=context,
            lineterm="",
        )
    return lines
