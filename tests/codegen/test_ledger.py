"""The field ledger refuses undecided or unsourced entries and inherits with _same_as."""

from __future__ import annotations

from pathlib import Path

import pytest

from codegen.ledger import load_ledger

HEAD = '[sources]\nsites = "mainwp: includes/rest-api/controller/version2/x.php"\n'


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ledger.toml"
    path.write_text(HEAD + text)
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[Site]\nnote = { type = "any" }\n', "needs a reason"),
        ('[Site]\nnote = { type = "json:list[any]" }\n', "needs a reason"),
        ('[Site]\nnote = { type = "str" }\n', "needs a src"),
        ('[Site]\nnote = { type = "str", src = "nowhere:f" }\n', "unknown source alias"),
        ('[Site]\nnote = "str"\n', "needs a table"),
        ('[Copy]\n_same_as = "Missing"\n', "no class"),
    ],
)
def test_bad_entries_are_refused_by_name(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_ledger(_write(tmp_path, body))


def test_same_as_inherits_every_decision_but_not_required(tmp_path: Path) -> None:
    ledger = load_ledger(
        _write(
            tmp_path,
            '[Site]\nid = { type = "int", required = true, src = "sites:get_item" }\n'
            'note = { type = "str", src = "sites:get_item" }\n'
            '[Result]\n_same_as = "Site"\nnote = { type = "int", src = "sites:other" }\n',
        )
    )
    site_id, note = ledger.get("Result", "id"), ledger.get("Result", "note")
    assert site_id is not None and site_id.type == "int" and not site_id.required
    assert note is not None and note.type == "int"
    assert ledger.required("Site") == ["id"] and ledger.required("Result") == []
    assert ledger.same_as == {"Result": "Site"}
    assert all(d.from_php for d in ledger.all())


def test_the_project_ledger_loads_and_names_real_functions() -> None:
    ledger = load_ledger()
    assert len(ledger.all()) > 250
    site_id = ledger.get("Site", "id")
    assert site_id is not None and site_id.required
    assert site_id.src.startswith("sites:")


def test_always_sent_fields_are_declared_without_none() -> None:
    import typing

    import attrs

    from mainwp_async import models as M

    ledger = load_ledger()
    checked = 0
    for cls_name, table in ledger.decisions.items():
        cls = getattr(M, cls_name, None)
        if cls is None:
            continue
        hints = typing.get_type_hints(cls)
        by_wire = {a.metadata.get("wire"): a for a in attrs.fields(cls)}
        for key, d in table.items():
            a = by_wire[key]
            if d.required:
                assert a.default is attrs.NOTHING, f"{cls_name}.{key}"
                assert type(None) not in typing.get_args(hints[a.name]), f"{cls_name}.{key}"
                checked += 1
    assert checked >= 40
    hints = typing.get_type_hints(M.Site)
    assert (hints["id"], hints["name"], hints["url"], hints["status"]) == (int, str, str, str)
    assert hints["health_score"] == int | None and hints["suspended"] == bool | None
