"""ItemResult.value is the call's typed return value; on a failed item it raises."""

from __future__ import annotations

import pytest

from mainwp_async.fanout import ItemResult, fan_out


async def _double(n: int) -> int:
    if n == 3:
        raise ValueError("three is refused")
    return n * 2


async def test_values_of_successes_and_the_error_of_a_failure() -> None:
    result = await fan_out([1, 2, 3, 4], _double, concurrency=2)
    assert [r.value for r in result.succeeded] == [2, 4, 8]
    assert result.values() == [2, 4, 8]
    (failed,) = result.failed
    assert failed.item == 3 and not failed.ok
    with pytest.raises(ValueError, match="three is refused"):
        _ = failed.value


def test_a_result_built_by_hand_keeps_its_value_keyword() -> None:
    ok: ItemResult[str, int] = ItemResult(item="a", value=5)
    assert ok.ok and ok.value == 5
    none: ItemResult[str, None] = ItemResult(item="b")
    assert none.value is None
