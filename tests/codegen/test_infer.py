from __future__ import annotations

from codegen.infer import infer, to_schema


def test_optional_fields_and_int_or_string_ids() -> None:
    s = infer([{"id": "1", "a": 1}, {"id": 2}])
    schema = to_schema(s)
    assert schema["properties"]["id"] == {"type": "integer"}
    assert schema["properties"]["a"] == {"type": "integer"}
    assert s.present == {"id": 2, "a": 1}


def test_only_empty_values_become_any() -> None:
    schema = to_schema(infer([{"x": None, "y": "", "z": []}, {"x": None, "y": "", "z": {}}]))
    assert schema["properties"] == {"x": {}, "y": {}, "z": {}}


def test_empty_list_for_empty_id_map() -> None:
    schema = to_schema(infer([{"1": {"name": "a"}}, [], {"7": {"name": "b", "c": 1}}]))
    assert schema["type"] == "object"
    assert schema["additionalProperties"]["properties"]["name"] == {"type": "string"}


def test_conflicting_kinds_are_any_and_numbers_merge() -> None:
    assert to_schema(infer(["a", {"b": 1}])) == {}
    assert to_schema(infer([1, 2.5])) == {"type": "number"}
    assert to_schema(infer([True, False])) == {"type": "boolean"}
    assert to_schema(infer([1, "x"])) == {}


def test_arrays_merge_items() -> None:
    schema = to_schema(infer([[{"a": 1}], [{"a": 2, "b": "x"}], []]))
    assert set(schema["items"]["properties"]) == {"a", "b"}


def test_slug_path_and_url_keyed_objects_are_maps() -> None:
    upgrades = {
        "akismet/akismet.php": {"Name": "Akismet", "Version": "5.7"},
        "hello.php": {"Name": "Hello Dolly", "Version": "1.7"},
    }
    schema = to_schema(infer([upgrades]))
    assert schema["type"] == "object" and "properties" not in schema
    assert set(schema["additionalProperties"]["properties"]) == {"Name", "Version"}
    by_url = to_schema(infer([{"https://a.example/": 1, "https://b.example/": 2}]))
    assert by_url == {"type": "object", "additionalProperties": {"type": "integer"}}


def test_objects_with_field_names_stay_records() -> None:
    schema = to_schema(infer([{"current": "6.8", "new": "6.9"}]))
    assert set(schema["properties"]) == {"current", "new"}


def test_json_text_is_recognised_by_shape() -> None:
    shape = infer(['[{"id": 1, "name": "a"}]', "", '[{"id": 2, "name": "b"}]'])
    schema = to_schema(shape)
    assert schema["x-mw-json"] is True and schema["type"] == "array"
    assert set(schema["items"]["properties"]) == {"id", "name"}
    assert to_schema(infer(["[1,2]", "[]"]))["items"] == {"type": "integer"}
    # text that merely starts with a bracket is text
    assert to_schema(infer(["[draft] my post", "notes"])) == {"type": "string"}
