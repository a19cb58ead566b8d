"""Decode: structuring site records with the SDK vs pydantic v2, and the full ``Site``.

* 10,000 site records, the same 18 fields on both sides and the same normalisation
  (numeric strings to int, PHP flags to bool, ISO text to an aware UTC datetime, an
  empty PHP array to ``{}``, numbers to str), decoded by ``mainwp_async.convert.structure``
  into an attrs model and by a pydantic v2 model with the validators that normalisation
  needs. Both start from the same parsed JSON; results are checked equal first. Timed
  in process CPU time with the garbage collector off and on (blocks alternate; median of
  the blocks).
* One full generated :class:`~mainwp_async._generated.models.Site` (every field of the
  ``sites/1`` capture, its JSON-text fields included): microseconds per record, GC off.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

from benchmarks._common import Config, Row, out, stats, table
from benchmarks._server import capture_body
from mainwp_async.convert import structure

N_RECORDS = 10_000
FIELDS = (
    "id",
    "name",
    "url",
    "tags",
    "note",
    "ip",
    "client_id",
    "is_staging",
    "wp_version",
    "php_version",
    "child_version",
    "mysql_version",
    "memory_limit",
    "database_size",
    "active_theme",
    "status",
    "health_score",
    "last_sync",
)


@attrs.define(kw_only=True, slots=True, frozen=True)
class SiteRecord:
    """The 18 fields, typed the way the generated models type them."""

    id: int | None = attrs.field(default=None, metadata={"wire": "id"})
    name: str | None = attrs.field(default=None, metadata={"wire": "name"})
    url: str | None = attrs.field(default=None, metadata={"wire": "url"})
    tags: dict[str, str] | None = attrs.field(default=None, metadata={"wire": "tags"})
    note: str | None = attrs.field(default=None, metadata={"wire": "note"})
    ip: str | None = attrs.field(default=None, metadata={"wire": "ip"})
    client_id: int | None = attrs.field(default=None, metadata={"wire": "client_id"})
    is_staging: bool | None = attrs.field(default=None, metadata={"wire": "is_staging"})
    wp_version: str | None = attrs.field(default=None, metadata={"wire": "wp_version"})
    php_version: str | None = attrs.field(default=None, metadata={"wire": "php_version"})
    child_version: str | None = attrs.field(default=None, metadata={"wire": "child_version"})
    mysql_version: str | None = attrs.field(default=None, metadata={"wire": "mysql_version"})
    memory_limit: str | None = attrs.field(default=None, metadata={"wire": "memory_limit"})
    database_size: int | None = attrs.field(default=None, metadata={"wire": "database_size"})
    active_theme: str | None = attrs.field(default=None, metadata={"wire": "active_theme"})
    status: str | None = attrs.field(default=None, metadata={"wire": "status"})
    health_score: int | None = attrs.field(default=None, metadata={"wire": "health_score"})
    last_sync: datetime | None = attrs.field(default=None, metadata={"wire": "last_sync"})
    extra: dict[str, Any] = attrs.field(factory=dict, metadata={"extra": True})


def _pydantic_model() -> Any:
    """The same record as a pydantic v2 model (``None`` without pydantic installed)."""
    try:
        from pydantic import BaseModel, ConfigDict, field_validator
    except ImportError:
        return None

    from mainwp_async.convert import to_datetime

    class PydanticSite(BaseModel):
        model_config = ConfigDict(coerce_numbers_to_str=True, frozen=True)

        id: int | None = None
        name: str | None = None
        url: str | None = None
        tags: dict[str, str] | None = None
        note: str | None = None
        ip: str | None = None
        client_id: int | None = None
        is_staging: bool | None = None
        wp_version: str | None = None
        php_version: str | None = None
        child_version: str | None = None
        mysql_version: str | None = None
        memory_limit: str | None = None
        database_size: int | None = None
        active_theme: str | None = None
        status: str | None = None
        health_score: int | None = None
        last_sync: datetime | None = None

        @field_validator("id", "client_id", "database_size", "health_score", mode="before")
        @classmethod
        def _empty_int(cls, value: Any) -> Any:
            return None if value == "" else value

        @field_validator("tags", mode="before")
        @classmethod
        def _php_empty_map(cls, value: Any) -> Any:
            return {} if value in ([], "") else value

        @field_validator("last_sync", mode="before")
        @classmethod
        def _date(cls, value: Any) -> Any:
            return to_datetime(value)

    return PydanticSite


def _records(n: int) -> list[dict[str, Any]]:
    site = json.loads(capture_body("sites_1.json"))["data"]
    base = {k: site[k] for k in FIELDS}
    out = []
    for i in range(n):
        rec = dict(base)
        rec["id"] = str(i + 1)
        rec["database_size"] = str(300_000 + i)
        rec["last_sync"] = f"2026-11-{1 + i % 28:02d}T{i % 24:02d}:52:08"
        rec["is_staging"] = "1" if i % 7 == 0 else "0"
        rec["tags"] = [] if i % 5 == 0 else {str(i % 9): "Production"}
        out.append(rec)
    return out


def _same(sdk: Any, pyd: Any) -> None:
    for name in FIELDS:
        a, b = getattr(sdk, name), getattr(pyd, name)
        if a != b or type(a) is not type(b):
            raise RuntimeError(f"SDK and pydantic disagree on {name}: {a!r} vs {b!r}")
    if sdk.last_sync.tzinfo is not UTC:
        raise RuntimeError("SDK last_sync is not UTC")


def _timed(fn: Callable[[], object], gc_on: bool) -> float:
    gc.collect()
    if not gc_on:
        gc.disable()
    try:
        started = time.process_time()  # CPU time: steadier than wall on a shared machine
        fn()
        return time.process_time() - started
    finally:
        gc.enable()


async def run(cfg: Config) -> None:
    n = 500 if cfg.quick else N_RECORDS
    blocks = 1 if cfg.quick else 7
    records = _records(n)
    pyd_model = _pydantic_model()
    out(
        f"== decode: {n:,} site records x 18 fields, SDK structure vs pydantic v2; "
        f"median of {blocks} alternating block(s), GC off and on; then the full Site"
    )
    sdk_first = structure(records[0], SiteRecord)
    variants: dict[str, Callable[[], object]] = {
        "SDK structure": lambda: [structure(r, SiteRecord) for r in records],
    }
    if pyd_model is not None:
        _same(sdk_first, pyd_model.model_validate(records[0]))
        _same(structure(records[5], SiteRecord), pyd_model.model_validate(records[5]))
        validate = pyd_model.model_validate
        variants["pydantic v2"] = lambda: [validate(r) for r in records]
    for fn in variants.values():  # warm-up: hooks, validators
        fn()
    times: dict[tuple[str, bool], list[float]] = {}
    names = list(variants)
    for block in range(blocks):
        for gc_on in (False, True):
            for name in names if block % 2 == 0 else names[::-1]:
                times.setdefault((name, gc_on), []).append(_timed(variants[name], gc_on))
    per = {k: stats([t / n * 1e6 for t in v]) for k, v in times.items()}
    rows = [
        (name, "on" if gc_on else "off", f"{s.median:.2f}", f"±{s.rel_iqr() * 100:.0f}%")
        for (name, gc_on), s in per.items()
    ]
    table(("decoder", "GC", "us/record", "IQR"), rows, left=2)
    cfg.report.record("us_per_record", {f"{k[0]} gc={k[1]}": v.median for k, v in per.items()})
    if pyd_model is not None:
        for gc_on, was in ((False, "0.43x"), (True, "1.47x")):
            value = per["pydantic v2", gc_on].median / per["SDK structure", gc_on].median
            label = "on" if gc_on else "off"
            out(f"ratio: decode pydantic/SDK time, GC {label} = {value:.2f}x")
            cfg.report.row(
                Row(
                    f"structuring {n:,} site records, SDK speed / pydantic v2, GC {label}",
                    value,
                    1.5,
                    now=was,
                )
            )
    else:
        out("(pydantic not installed: pip install -e '.[bench]' for the pydantic rows)")
    _full_site(cfg)


def _full_site(cfg: Config) -> None:
    from mainwp_async._generated.models import Site

    data = json.loads(capture_body("sites_1.json"))["data"]
    site = structure(data, Site)
    if not site.plugins or site.extra:
        raise RuntimeError(f"full Site did not decode cleanly (extra: {sorted(site.extra)})")
    reps = 50 if cfg.quick else 2000
    blocks = 1 if cfg.quick else 7
    per: list[float] = []
    for _ in range(blocks):

        def many() -> None:
            for _ in range(reps):
                structure(data, Site)

        per.append(_timed(many, gc_on=False) / reps * 1e6)
    s = stats(per)
    # the same record through the general converter alone (the path before issue 10)
    from mainwp_async import convert

    convert._use_compiled(False)
    try:
        slow: list[float] = []
        for _ in range(blocks):

            def many_slow() -> None:
                for _ in range(max(1, reps // 4)):
                    structure(data, Site)

            slow.append(_timed(many_slow, gc_on=False) / max(1, reps // 4) * 1e6)
    finally:
        convert._use_compiled(True)
    conv = stats(slow)
    out(
        f"  the same through the converter alone: {conv.median:.1f} us "
        f"({conv.median / s.median:.1f}x the compiled path's time)"
    )
    cfg.report.record("full_site_converter_us", conv.median)
    # JSON-text fields decode on first read: the price of reading all of them as well
    json_fields = [a.name for a in attrs.fields(Site) if a.metadata.get("json")]
    read_all: list[float] = []
    for _ in range(blocks):

        def many_read() -> None:
            for _ in range(max(1, reps // 4)):
                site = structure(data, Site)
                for name in json_fields:
                    getattr(site, name)

        read_all.append(_timed(many_read, gc_on=False) / max(1, reps // 4) * 1e6)
    every = stats(read_all)
    out(
        f"  the same, then every JSON-text field read: {every.median:.1f} us "
        f"({every.median / s.median:.1f}x structuring alone)"
    )
    cfg.report.record("full_site_every_field_read_us", every.median)
    loads = stats(
        [_timed(lambda: [json.loads(capture_body("sites_1.json")) for _ in range(10)], False)]
    )
    out(
        f"  full Site ({len(attrs.fields(Site))} fields): {s.median:.1f} us ±"
        f"{s.rel_iqr() * 100:.0f}% per record, GC off"
    )
    out(f"ratio: full Site structure = {s.median:.1f} us")
    cfg.report.record("full_site_us", {"median": s.median, "q1": s.q1, "q3": s.q3})
    cfg.report.record("json_loads_full_site_us", loads.median / 10 * 1e6)
    cfg.report.row(
        Row(
            f"full generated Site ({len(attrs.fields(Site))} fields), GC off",
            s.median,
            25.0,
            unit="us",
            higher_is_better=False,
            now="115 us",
            detail=(
                f"all {len(json_fields)} JSON-text fields read too: {every.median:.0f} us; "
                f"converter alone: {conv.median:.0f} us"
            ),
        )
    )
