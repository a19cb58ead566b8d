"""Batch helpers: chunking to 100, per-item results, and the global batch's honesty."""

from __future__ import annotations

import json

import pytest

from mainwp_async.batching import (
    chunk_operations,
    global_batch,
    ignored_global_operations,
)
from mainwp_async.errors import ConfigurationError
from mainwp_async.testing import SimulatedDashboard

from ..e2e.conftest import client


@pytest.mark.parametrize(("n", "chunks"), [(0, 0), (1, 1), (100, 1), (101, 2), (250, 3)])
def test_chunk_sizes(n: int, chunks: int) -> None:
    parts = chunk_operations({"create": [{"name": str(i)} for i in range(n)]})
    assert len(parts) == chunks
    assert all(0 < sum(len(v) for v in p.values()) <= 100 for p in parts)
    flat = [index for p in parts for index, _ in p["create"]]
    assert flat == list(range(n))


def test_chunks_count_all_groups_together() -> None:
    parts = chunk_operations(
        {"update": [{"id": i} for i in range(1, 61)], "delete": list(range(1, 61))}
    )
    assert [sum(len(v) for v in p.values()) for p in parts] == [100, 20]
    assert [i for i, _ in parts[1]["delete"]] == list(range(40, 60))


@pytest.mark.parametrize("n", [0, 1, 100, 101, 250])
async def test_resource_batch_creates_every_tag_and_maps_results(
    fleet: SimulatedDashboard, n: int
) -> None:
    before = len(fleet.state.tags)
    names = [f"batch-tag-{i}" for i in range(n)]
    async with client(fleet) as mw:
        result = await mw.batch_items("tags", create=[{"name": name} for name in names])
    assert result.requests == -(-n // 100)  # ceil: one request per 100
    assert fleet.counters.count_path("POST", "/tags/batch") == result.requests
    assert len(fleet.state.tags) == before + n
    assert [r.index for r in result.items] == list(range(n))
    for r, name in zip(result.items, names, strict=True):
        assert r.ok and r.input == {"name": name} and r.data["data"]["name"] == name
    json.dumps(result.to_dict())


async def test_resource_batch_reports_failed_items_by_input(fleet: SimulatedDashboard) -> None:
    tag_ids = sorted(fleet.state.tags)
    async with client(fleet) as mw:
        result = await mw.batch_items("tags", delete=[tag_ids[0], 99999, tag_ids[1]])
    assert [r.ok for r in result.items] == [True, False, True]
    assert result.items[1].input == 99999 and result.items[1].error is not None
    assert result.items[1].error.code is not None


async def test_resource_batch_refuses_ids_the_server_would_skip(fleet: SimulatedDashboard) -> None:
    async with client(fleet) as mw:
        with pytest.raises(ConfigurationError, match=r"delete\[1\]"):
            await mw.batch_items("tags", delete=[3, 0])
        with pytest.raises(ConfigurationError, match="no 'sync' group"):
            await mw.batch_items("tags", sync=[1])
    assert fleet.counters.count_path("POST", "/tags/batch") == 0


def test_ignored_global_operations_are_named() -> None:
    ops = {
        "sites": {"sync": [1], "update": [{"id": 1}], "delete": [2]},
        "tags": {"create": [{"name": "x"}], "delete": [3]},
        "costs": {"create": [{"name": "c"}]},
        "updates": {"create": [{}]},
    }
    assert ignored_global_operations(ops) == [
        "sites.update", "sites.delete", "tags.delete", "costs.create", "updates.create"
    ]  # fmt: skip


async def test_global_batch_refuses_what_the_server_ignores(fleet: SimulatedDashboard) -> None:
    tag = next(iter(fleet.state.tags.values()))
    async with client(fleet) as mw:
        with pytest.raises(ConfigurationError, match=r"tags\.delete"):
            await mw.global_batch({"tags": {"delete": [tag.id]}, "sites": {"sync": [1]}})
    assert fleet.counters.count_path("POST", "/batch") == 0


async def test_global_batch_warns_and_leaves_ignored_out(fleet: SimulatedDashboard) -> None:
    async with client(fleet) as mw:
        with pytest.warns(UserWarning, match=r"costs\.create"):
            result = await mw.global_batch(
                {"sites": {"check": [1, 2]}, "costs": {"create": [{"name": "c"}]}},
                on_ignored="warn",
            )
    by_group = {r.group: r for r in result.items}
    assert [r.ok for r in result.group("sites.check")] == [True, True]
    assert by_group["costs.create"].ok is False
    assert by_group["costs.create"].error is not None
    assert by_group["costs.create"].error.type == "NotExecuted"
    assert result.warnings


async def test_global_batch_chunks_site_actions(fleet: SimulatedDashboard) -> None:
    ids = list(range(1, 61)) * 3  # 180 actions -> 2 requests
    async with client(fleet) as mw:
        result = await global_batch(mw, {"sites": {"check": ids}})
    assert result.requests == 2 and len(result.items) == 180
    assert all(r.ok for r in result.items)
