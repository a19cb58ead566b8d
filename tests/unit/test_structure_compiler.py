"""The compiled structuring path gives exactly the converter's results, warnings and errors.

``structure()`` tries a function compiled per model first and lets the general converter
redo anything unusual. These tests run both on the same input, the converter alone with
the compiled path switched off, and compare what a user sees: the model (``extra``
included), the warnings logged and the ``ResponseShapeError`` raised.
"""

from __future__ import annotations

import copy
import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.postman import read_collection
from mainwp_async import _structure_compiler, convert
from mainwp_async._generated import models as M
from mainwp_async.errors import ResponseShapeError

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = read_collection(ROOT / "postman" / "mainwp-v2.postman_collection.json")
CASES = [
    pytest.param(M.RESPONSE_MODELS[r.key], e.body, id=f"{r.key}:{e.name}")
    for r in REQUESTS
    for e in r.examples
    if 200 <= e.status < 300 and isinstance(e.body, dict) and r.key in M.RESPONSE_MODELS
]


@attrs.define(kw_only=True, slots=True, frozen=True)
class Inner:
    name: str | None = attrs.field(default=None, metadata={"wire": "name"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


@attrs.define(kw_only=True, slots=True, frozen=True)
class NoExtra:
    code: int = attrs.field(metadata={"wire": "code"})
    label: str | None = attrs.field(default=None, metadata={"wire": "label"})


@attrs.define(kw_only=True, slots=True, frozen=True)
class Outer:
    id: int | None = attrs.field(default=None, metadata={"wire": "id"})
    key_id: int | str | None = attrs.field(default=None, metadata={"wire": "keyId"})
    flag: bool | None = attrs.field(default=None, metadata={"wire": "isFlag"})
    when: datetime | None = attrs.field(default=None, metadata={"wire": "when"})
    price: float | None = attrs.field(default=None, metadata={"wire": "price"})
    items: list[Inner] | None = attrs.field(default=None, metadata={"wire": "items", "json": True})
    by_id: dict[str, Inner] | None = attrs.field(default=None, metadata={"wire": "by_id"})
    codes: list[int] | None = attrs.field(default=None, metadata={"wire": "codes"})
    strict_child: NoExtra | None = attrs.field(default=None, metadata={"wire": "child"})
    anything: Any = attrs.field(default=None, metadata={"wire": "anything"})
    ids: list[int] | None = attrs.field(default=None, metadata={"wire": "ids", "csv": True})
    labels: dict[str, str] | None = attrs.field(default=None, metadata={"wire": "labels"})
    flags: list[bool] | None = attrs.field(default=None, metadata={"wire": "flags"})
    ignored: dict[str, Inner] | None = attrs.field(
        default=None, metadata={"wire": "ignored", "key_from": "name"}
    )
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


@attrs.define(kw_only=True, slots=True, frozen=True)
class Envelope:
    success: bool | None = attrs.field(default=None, metadata={"wire": "success"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True, "open": True})


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run(data: Any, cls: Any, strict: bool, compiled: bool) -> tuple[str, Any, list[str]]:
    """What a user sees: ("ok", model) or ("error", its fields), plus the warnings."""
    handler = _Log()
    logger = logging.getLogger("mainwp_async")
    logger.addHandler(handler)
    saved_warned = set(convert._WARNED)
    convert._WARNED.clear()
    convert._use_compiled(compiled)
    try:
        result = convert.structure(copy.deepcopy(data), cls, strict=strict)
        # read every field (lazy JSON-text ones decode, and warn, on first read)
        outcome: tuple[str, Any] = ("ok", _canon(result))
    except ResponseShapeError as exc:
        outcome = ("error", (exc.model, exc.path, repr(exc.value), str(exc)))
    finally:
        convert._use_compiled(True)
        convert._WARNED.clear()
        convert._WARNED.update(saved_warned)
        logger.removeHandler(handler)
    return outcome[0], outcome[1], sorted(handler.messages)


def _canon(value: Any) -> Any:
    """A model as nested tuples, every attribute read, maps in key order (for ``repr``).

    Key order is left out on purpose: a JSON-text field decoded on first read puts a
    misfit in ``extra`` later than eager decoding would, so after other keys.
    """
    if attrs.has(type(value)):
        return (
            type(value).__qualname__,
            tuple((a.name, _canon(getattr(value, a.name))) for a in attrs.fields(type(value))),
        )
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), _canon(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("list", tuple(_canon(v) for v in value))
    return (type(value).__name__, repr(value))  # repr: NaN != NaN


def _same(data: Any, cls: Any) -> None:
    for strict in (False, True):
        fast = _run(data, cls, strict, compiled=True)
        slow = _run(data, cls, strict, compiled=False)
        assert repr(fast) == repr(slow), (strict, data)


@pytest.mark.parametrize(("cls", "body"), CASES)
def test_every_capture_decodes_the_same_both_ways(cls: Any, body: Any) -> None:
    _same(body, cls)


def test_the_full_site_takes_the_compiled_path() -> None:
    body = json.loads((ROOT / "postman/source/captures/get/sites_1.json").read_text())["body"]
    fast = _structure_compiler.compiled(M.Site)
    assert fast is not None
    site = fast(body["data"], False, [])  # would raise if it gave up
    assert isinstance(site, M.Site) and site.plugins and isinstance(site.plugins[0], M.Plugin)
    assert site == convert.converter.structure(body["data"], M.Site)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "1",
            "12",
            " 7 ",
            "-3",
            "+4",
            "٣",
            "1.5",
            "yes",
            "off",
            "maybe",
            "2026-11-27T01:52:08",
            "2026-11-27 01:52:08",
            "2026-11-27T01:52:08Z",
            "2026-11-27T01+01:00",
            "0000-00-00 00:00:00",
            "-0001-11-30 00:00:00",
            "1795743981",
            "-62169984000",
            "9999999999999",
            "[]",
            '[{"name": "a"}]',
            '[{"name": 1, "x": 2}]',
            '{"0": {"name": "b"}}',
            "[1, 2",
            "1,2, 3",
            "4,x",
            "\ufeff[]",
            " [] ",
            "NaN",
            '[{"name": "\\ud800"}]',
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(["name", "code", "label", "0", "3", "x"]), inner, max_size=3
        ),
    ),
    max_leaves=6,
)
KEYS = [
    "id",
    "keyId",
    "isFlag",
    "when",
    "price",
    "items",
    "by_id",
    "codes",
    "child",
    "anything",
    "ids",
    "ignored",
    "labels",
    "flags",
]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from([*KEYS, "unknown", "other"]), VALUES, max_size=6))
def test_random_bodies_decode_the_same_both_ways(body: dict[str, Any]) -> None:
    _same(body, Outer)


@settings(max_examples=100, deadline=None)
@given(st.one_of(VALUES, st.lists(st.dictionaries(st.sampled_from(KEYS), VALUES), max_size=3)))
def test_random_top_level_values_decode_the_same_both_ways(value: Any) -> None:
    _same(value, Outer)
    _same(value, list[Outer])
    _same(value, NoExtra)
    _same(value, Envelope)


def test_a_self_referencing_model_compiles() -> None:
    # (the cattrs converter itself cannot build hooks for such a model; none is generated)
    data = {"name": "root", "children": [{"name": "leaf", "children": []}]}
    tree = convert.structure(data, Node)
    assert tree.children is not None and tree.children[0].name == "leaf"
    assert tree.children[0].children == []


@attrs.define(kw_only=True, slots=True, frozen=True)
class Node:
    name: str | None = attrs.field(default=None, metadata={"wire": "name"})
    children: list[Node] | None = attrs.field(default=None, metadata={"wire": "children"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


def test_unsupported_types_fall_back_to_the_converter() -> None:
    @attrs.define(kw_only=True, frozen=True)
    class WithTuple:
        pair: tuple[int, int] | None = attrs.field(default=None, metadata={"wire": "pair"})

    assert _structure_compiler.compiled(WithTuple) is None
    assert convert.structure({"pair": ["1", 2]}, WithTuple).pair == (1, 2)


TEXTS = [
    "",
    "  ",
    "[]",
    " [1, 2] ",
    '{"a": 1, "a": 2}',
    "NaN",
    "[Infinity]",
    "123456789012345678901234567890",
    "1e400",
    "-0",
    "0.1",
    '"\\ud800"',
    "\ufeff[]",
    "[1,]",
    "[1] x",
    "[1\n]",
    '"tab\there"',
]


@pytest.mark.parametrize("text", TEXTS)
def test_json_text_fields_decode_like_json_loads(text: str) -> None:
    try:
        expected: Any = ("ok", repr(convert._decode_json(text)))
    except convert._Bad as exc:
        expected = ("bad", exc.reason)
    try:
        got: Any = ("ok", repr(_structure_compiler._json_text(text)))
    except convert._Bad as exc:
        got = ("bad", exc.reason)
    assert got == expected


ISO_FORMS = [
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%d",
    "%Y%m%dT%H%M%S",
]


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 30)),
    st.sampled_from(ISO_FORMS),
)
def test_naive_iso_text_reads_as_utc_like_replace(moment: datetime, form: str) -> None:
    from datetime import UTC

    text = moment.strftime(form)
    expected = datetime.fromisoformat(text).replace(tzinfo=UTC)
    for read in (_structure_compiler._date, convert.to_datetime):
        got = read(text)
        assert got == expected and got.tzinfo is UTC, (read, text)
