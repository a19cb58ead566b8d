"""Every model field typed ``Any`` is a listed decision with a reason (codegen/ledger.toml)."""

from __future__ import annotations

import typing
from typing import Any

import attrs

from codegen.ledger import load_ledger
from mainwp_async import models as public_models
from mainwp_async._generated import models as M


def _mentions_any(tp: Any) -> bool:
    if tp is Any:
        return True
    return any(_mentions_any(a) for a in typing.get_args(tp))


def _model_classes() -> list[type]:
    # every class, loaded or not yet (the package imports a category on first use)
    classes = [getattr(M, name) for name in M.__all__]
    assert classes and all(attrs.has(c) for c in classes)
    return sorted(classes, key=lambda c: c.__name__)


def any_fields() -> list[tuple[str, str]]:
    """``(class, wire key)`` of every generated field whose type is or contains ``Any``."""
    out = []
    for cls in _model_classes():
        hints = typing.get_type_hints(cls)
        for a in attrs.fields(cls):
            if a.metadata.get("extra"):
                continue
            if _mentions_any(hints[a.name]):
                out.append((cls.__name__, a.metadata.get("wire", a.name)))
    return out


def test_every_any_field_has_a_recorded_reason() -> None:
    ledger = load_ledger()
    rows = []
    missing = []
    for cls, key in any_fields():
        decision = ledger.get(cls, key)
        if decision is None or not decision.reason:
            missing.append(f"{cls}.{key}")
        else:
            rows.append(f"{cls}.{key}: {decision.reason}")
    print(f"\n{len(rows)} fields typed Any, each with its reason:")
    print("\n".join(rows))
    assert not missing, "typed Any without a reason in codegen/ledger.toml: " + ", ".join(missing)


def test_the_check_fails_on_an_undocumented_any(tmp_path: Any) -> None:
    """The ledger refuses an ``any`` without a reason, so the list above cannot lie."""
    bad = tmp_path / "ledger.toml"
    bad.write_text('[Site]\nnote = { type = "any" }\n')
    import pytest

    with pytest.raises(ValueError, match="needs a reason"):
        load_ledger(bad)


def test_php_decisions_name_a_known_source_file() -> None:
    ledger = load_ledger()
    php = [d for d in ledger.all() if d.from_php]
    assert len(php) > 100
    for d in php:
        alias = d.src.split(":", 1)[0]
        assert alias in ledger.sources, f"{d.cls}.{d.field}: unknown source {alias}"
        assert d.src.split(":", 1)[1].strip(), f"{d.cls}.{d.field}: no function named"
    print(f"\n{len(php)} field types decided from the PHP source; {len(any_fields())} typed Any")


def test_every_model_is_importable_from_the_public_module() -> None:
    for cls in _model_classes():
        assert getattr(public_models, cls.__name__) is cls


def test_every_field_has_a_recorded_source() -> None:
    """field_sources.json names where each field's type came from; none is an empty guess."""
    import json
    from pathlib import Path

    path = Path(M.__file__).parent.with_name("field_sources.json")
    sources: dict[str, str] = json.loads(path.read_text())
    fields = {
        f"{cls.__name__}.{a.metadata.get('wire', a.name)}"
        for cls in _model_classes()
        for a in attrs.fields(cls)
        if not a.metadata.get("extra")
    }
    assert fields <= set(sources), sorted(fields - set(sources))[:10]
    guessed = [k for k, v in sources.items() if "only empty" in v]
    assert not guessed, f"typed from empty capture values only: {guessed}"
    counts: dict[str, int] = {}
    for v in sources.values():
        kind = (
            "PHP source"
            if "(PHP source)" in v
            else "inherited (_same_as)"
            if v.startswith("as ")
            else v.split(":")[0]
        )
        counts[kind] = counts.get(kind, 0) + 1
    print("\nfield type sources:", counts)
