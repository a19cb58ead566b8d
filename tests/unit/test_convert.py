from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async.convert import structure, unstructure
from mainwp_async.errors import ResponseShapeError


@attrs.define(kw_only=True, slots=True, frozen=True)
class Inner:
    name: str | None = attrs.field(default=None, metadata={"wire": "name"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


@attrs.define(kw_only=True, slots=True, frozen=True)
class Outer:
    id: int | None = attrs.field(default=None, metadata={"wire": "id"})
    key_id: int | str | None = attrs.field(default=None, metadata={"wire": "keyId"})
    flag: bool | None = attrs.field(default=None, metadata={"wire": "isFlag"})
    when: datetime | None = attrs.field(default=None, metadata={"wire": "when"})
    price: float | None = attrs.field(default=None, metadata={"wire": "price"})
    items: list[Inner] | None = attrs.field(default=None, metadata={"wire": "items", "json": True})
    by_id: dict[str, Inner] | None = attrs.field(default=None, metadata={"wire": "by_id"})
    anything: Any = attrs.field(default=None, metadata={"wire": "anything"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("0", False),
        ("1", True),
        (0, False),
        (1, True),
        (True, True),
        (False, False),
        ("true", True),
        ("false", False),
        ("", False),
        ("yes", True),
        ("No", False),
        ("on", True),
    ],
)
def test_bool_hook(raw: Any, want: bool) -> None:
    assert structure({"isFlag": raw}, Outer, strict=True).flag is want


@pytest.mark.parametrize("raw", ["maybe", 2, "2", [1], {"a": 1}, 0.5])
def test_bool_hook_rejects(raw: Any) -> None:
    with pytest.raises(ResponseShapeError) as info:
        structure({"isFlag": raw}, Outer, strict=True)
    assert info.value.model == "Outer"
    assert info.value.path == "isFlag"


@given(st.integers(min_value=-(2**40), max_value=2**40))
def test_int_from_int_or_string(n: int) -> None:
    assert structure({"id": n}, Outer).id == n
    assert structure({"id": str(n)}, Outer).id == n


@pytest.mark.parametrize(("raw", "want"), [("4", 4), (4, 4), ("ck_abc", "ck_abc")])
def test_int_or_str_union(raw: Any, want: Any) -> None:
    assert structure({"keyId": raw}, Outer).key_id == want


def test_int_rejects_words_and_empty_is_none() -> None:
    assert structure({"id": ""}, Outer).id is None
    with pytest.raises(ResponseShapeError):
        structure({"id": "abc"}, Outer, strict=True)


@pytest.mark.parametrize(("raw", "want"), [("29.50000000", 29.5), (3, 3.0), ("", None)])
def test_float(raw: Any, want: Any) -> None:
    assert structure({"price": raw}, Outer).price == want


T0 = datetime(2026, 11, 27, 1, 52, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    "raw",
    [
        "2026-11-27T01:52:08",
        "2026-11-27 01:52:08",
        "2026-11-27T01:52:08Z",
        str(int(T0.timestamp())),
        int(T0.timestamp()),
        "2026-11-27T03:52:08+02:00",
    ],
)
def test_five_date_formats(raw: Any) -> None:
    got = structure({"when": raw}, Outer).when
    assert got == T0
    assert got is not None and got.tzinfo is not None


@pytest.mark.parametrize("raw", [-62169984000, "-62169984000", 0, "0", "", "0000-00-00 00:00:00"])
def test_empty_dates_are_none(raw: Any) -> None:
    assert structure({"when": raw}, Outer).when is None


@given(st.integers(min_value=1, max_value=4_000_000_000))
def test_unix_seconds_roundtrip(ts: int) -> None:
    got = structure({"when": ts}, Outer).when
    assert got is not None and int(got.timestamp()) == ts
    assert structure({"when": str(ts)}, Outer).when == got


def test_bad_date() -> None:
    with pytest.raises(ResponseShapeError):
        structure({"when": "yesterday"}, Outer, strict=True)


def test_json_string_field() -> None:
    out = structure({"items": json.dumps([{"name": "a", "x": 1}])}, Outer)
    assert out.items == [Inner(name="a", extra={"x": 1})]
    assert structure({"items": ""}, Outer).items is None
    assert structure({"items": [{"name": "b"}]}, Outer).items == [Inner(name="b")]
    with pytest.raises(ResponseShapeError) as info:
        structure({"items": "[not json"}, Outer, strict=True)
    assert info.value.path == "items"


@pytest.mark.parametrize("empty", [[], {}, ""])
def test_empty_map(empty: Any) -> None:
    assert structure({"by_id": empty}, Outer).by_id == {}


def test_map_values_and_error_path() -> None:
    out = structure({"by_id": {"1": {"name": "x"}, "2": []}}, Outer)
    assert out.by_id == {"1": Inner(name="x"), "2": Inner()}
    with pytest.raises(ResponseShapeError) as info:
        structure({"items": [{"name": "ok"}, {"name": {"a": 1}}]}, Outer, strict=True)
    assert info.value.path == "items[1].name"


def test_renames_unknown_keys_and_unstructure() -> None:
    data = {"id": "3", "isFlag": "1", "keyId": "ck_x", "new_field": {"deep": [1]}, "anything": [1]}
    out = structure(data, Outer)
    assert out.flag is True and out.id == 3 and out.extra == {"new_field": {"deep": [1]}}
    wire = unstructure(out)
    assert wire == {
        "id": 3,
        "isFlag": True,
        "keyId": "ck_x",
        "anything": [1],
        "new_field": {"deep": [1]},
    }
    assert structure(wire, Outer) == out


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
        max_leaves=8,
    )
)
def test_any_and_unknown_keep_value(value: Any) -> None:
    out = structure({"anything": value, "zzz": value}, Outer)
    assert out.anything == value and out.extra["zzz"] == value


def test_not_an_object() -> None:
    with pytest.raises(ResponseShapeError):
        structure("nope", Outer)


@pytest.mark.parametrize(
    ("key", "raw", "attr"),
    [
        ("isFlag", "maybe", "flag"),
        ("id", "abc", "id"),
        ("when", "yesterday", "when"),
        ("items", "[not json", "items"),
    ],
)
def test_lenient_mode_keeps_a_misfit_in_extra_and_warns_once(
    key: str, raw: Any, attr: str, caplog: pytest.LogCaptureFixture
) -> None:
    """By default a value that does not fit never fails decoding; it stays reachable."""
    caplog.set_level("WARNING", logger="mainwp_async")
    out = structure({key: raw, "id": 7} if key != "id" else {key: raw}, Outer)
    assert getattr(out, attr) is None
    assert out.extra[key] == raw
    structure({key: raw}, Outer)
    warnings = [r for r in caplog.records if f"Outer.{key}" in r.getMessage()]
    assert len(warnings) <= 1
    assert all(repr(raw) not in r.getMessage() for r in warnings)


def test_lenient_mode_only_drops_the_bad_item_field() -> None:
    out = structure({"items": [{"name": "ok"}, {"name": {"a": 1}}]}, Outer)
    assert out.items is not None
    assert out.items[0].name == "ok"
    assert out.items[1].name is None and out.items[1].extra == {"name": {"a": 1}}


# ---- the no-silent-coercion rules ------------------------------------------------------


@attrs.define(kw_only=True, slots=True, frozen=True)
class Keyed:
    id: int = attrs.field(metadata={"wire": "id"})
    by_slug: dict[str, Inner] | None = attrs.field(default=None, metadata={"wire": "by_slug"})
    rows: list[Inner] | None = attrs.field(default=None, metadata={"wire": "rows"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


def test_a_list_where_a_map_is_declared_is_kept_not_rekeyed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("WARNING", logger="mainwp_async")
    raw = [{"name": "akismet/akismet.php"}]
    out = structure({"id": 1, "by_slug": raw}, Keyed)
    assert out.by_slug is None  # never {"0": ...}
    assert out.extra["by_slug"] == raw
    assert any("Keyed.by_slug" in r.getMessage() for r in caplog.records)
    with pytest.raises(ResponseShapeError) as info:
        structure({"id": 1, "by_slug": raw}, Keyed, strict=True)
    assert info.value.path == "by_slug" and "list" in info.value.detail


def test_an_empty_php_array_is_an_empty_map() -> None:
    assert structure({"id": 1, "by_slug": []}, Keyed, strict=True).by_slug == {}


def test_a_slug_keyed_object_where_a_list_is_declared_keeps_its_keys() -> None:
    raw = {"akismet": {"name": "Akismet"}, "hello-dolly": {"name": "Hello"}}
    out = structure({"id": 1, "rows": raw}, Keyed)
    assert out.rows is None and out.extra["rows"] == raw
    with pytest.raises(ResponseShapeError) as info:
        structure({"id": 1, "rows": raw}, Keyed, strict=True)
    assert info.value.path == "rows"


def test_a_php_list_with_holes_is_a_list() -> None:
    out = structure({"id": 1, "rows": {"0": {"name": "a"}, "3": {"name": "b"}}}, Keyed, strict=True)
    assert out.rows == [Inner(name="a"), Inner(name="b")]


def test_unknown_keys_warn_once_and_raise_under_strict(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("WARNING", logger="mainwp_async")
    out = structure({"id": 1, "siteid": 9}, Keyed)
    structure({"id": 2, "siteid": 10}, Keyed)
    assert out.extra == {"siteid": 9}
    hits = [r for r in caplog.records if "Keyed.siteid" in r.getMessage()]
    assert len(hits) == 1 and "9" not in hits[0].getMessage().replace("Keyed", "")
    with pytest.raises(ResponseShapeError) as info:
        structure({"id": 1, "siteid": 9}, Keyed, strict=True)
    assert info.value.path == "siteid"


@pytest.mark.parametrize("body", [{}, {"id": ""}, {"id": "abc"}, {"id": None}])
def test_a_field_the_server_always_sends_is_warned_about_and_raised_under_strict(
    body: dict[str, Any],
) -> None:
    out = structure(body, Keyed)  # lenient: left None, the value (if any) kept in extra
    assert out.id is None
    assert out.extra == ({"id": body["id"]} if body else {})
    with pytest.raises(ResponseShapeError) as info:
        structure(body, Keyed, strict=True)
    assert info.value.path == "id"


def test_a_missing_required_field_is_warned_about_once(caplog: pytest.LogCaptureFixture) -> None:
    @attrs.define(kw_only=True, slots=True, frozen=True)
    class Projected:
        url: str = attrs.field(metadata={"wire": "url"})
        extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})

    caplog.set_level("WARNING", logger="mainwp_async")
    assert structure({}, Projected).url is None
    structure({}, Projected)
    hits = [r for r in caplog.records if "Projected.url" in r.getMessage()]
    assert len(hits) == 1 and "fields=" in hits[0].getMessage()


@pytest.mark.parametrize("raw", ["-0001-11-30 00:00:00", "-0001-11-30T00:00:00"])
def test_php_zero_date_is_none(raw: str) -> None:
    assert structure({"when": raw}, Outer, strict=True).when is None


@attrs.define(kw_only=True, slots=True, frozen=True)
class Encodings:
    ids: list[int] | None = attrs.field(default=None, metadata={"wire": "ids", "csv": True})
    by_slug: dict[str, Inner] | None = attrs.field(
        default=None, metadata={"wire": "by_slug", "json": True, "key_from": "name"}
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


@pytest.mark.parametrize(("raw", "want"), [("1,2", [1, 2]), ("", []), ("7", [7]), ([3], [3])])
def test_comma_separated_ids(raw: Any, want: list[int]) -> None:
    out = structure({"ids": raw}, Encodings, strict=True)
    assert out.ids == want
    assert unstructure(out)["ids"] == ",".join(str(i) for i in want)


def test_csv_with_a_word_does_not_fit() -> None:
    with pytest.raises(ResponseShapeError) as info:
        structure({"ids": "1,two"}, Encodings, strict=True)
    assert info.value.path == "ids[1]"


def test_positional_entries_are_keyed_by_their_key_field() -> None:
    as_list = json.dumps([{"name": "a/a.php"}, {"name": "b.php"}])
    out = structure({"by_slug": as_list}, Encodings, strict=True)
    assert out.by_slug == {"a/a.php": Inner(name="a/a.php"), "b.php": Inner(name="b.php")}
    mixed = json.dumps({"a/a.php": {"name": "A"}, "0": {"name": "a/a.php"}, "1": {"name": "c"}})
    out = structure({"by_slug": mixed}, Encodings, strict=True)
    assert out.by_slug == {"a/a.php": Inner(name="A"), "c": Inner(name="c")}


def test_a_list_without_the_key_field_still_does_not_fit() -> None:
    raw = json.dumps([{"other": 1}])
    out = structure({"by_slug": raw}, Encodings)
    assert out.by_slug is None and out.extra["by_slug"] == raw
    with pytest.raises(ResponseShapeError):
        structure({"by_slug": raw}, Encodings, strict=True)
