"""Golden record: generation is deterministic and equals the committed ``_generated`` tree."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from codegen.writer import (
    DEFAULT_COLLECTION,
    DEFAULT_OUT,
    Generated,
    diff_tree,
    generate,
    write_tree,
)


@pytest.fixture(scope="module")
def runs() -> tuple[Generated, Generated]:
    if not DEFAULT_COLLECTION.exists():
        pytest.skip(f"no collection at {DEFAULT_COLLECTION}")
    start = time.perf_counter()
    first = generate()
    second = generate()
    print(
        f"\ncodegen: two generations in {time.perf_counter() - start:.2f}s "
        f"({first.endpoints} endpoints, {first.models} models)"
    )
    return first, second


def test_generation_is_byte_identical(runs: tuple[Generated, Generated]) -> None:
    first, second = runs
    assert sorted(first.tree) == sorted(second.tree)
    for rel in first.tree:
        assert first.tree[rel] == second.tree[rel], rel


def test_round_trip_through_disk(runs: tuple[Generated, Generated], tmp_path: Path) -> None:
    out = tmp_path / "_generated"
    write_tree(runs[0].tree, out)
    assert diff_tree(runs[1].tree, out) == []


def test_committed_tree_is_up_to_date(runs: tuple[Generated, Generated]) -> None:
    diff = diff_tree(runs[0].tree, DEFAULT_OUT)
    assert not diff, "src/mainwp_async/_generated is stale; run `python -m codegen generate`:\n" + (
        "\n".join(diff[:80])
    )
