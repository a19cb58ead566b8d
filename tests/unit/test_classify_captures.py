"""Every captured response runs through decode_body + classify with an explicit expectation.

The table is written out in full on purpose: if classification drifts, a row fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mainwp_async._spec import Permission
from mainwp_async.errors import (
    APIError,
    AuthenticationError,
    EndpointNotFoundError,
    InvalidParamsError,
    NotFoundError,
    OperationFailed,
    RequestTooLargeError,
    ScopeError,
    ServerError,
    classify,
    decode_body,
)

CAPTURES = Path(__file__).parents[2] / "postman" / "source" / "captures"

EXPECTED: dict[str, type[APIError] | None] = {
    "errors/HEAD_sites_basic_write_key.json": AuthenticationError,
    "errors/OPTIONS_sites_basic_no_auth.json": None,
    "errors/bad_json_body__POST_tags_add.json": InvalidParamsError,
    "errors/batch_too_many_items.json": RequestTooLargeError,
    "errors/delete_key__DELETE_tags_999999_remove.json": NotFoundError,
    "errors/delete_key__GET_sites_basic.json": ScopeError,
    "errors/delete_key__POST_tags_add.json": ScopeError,
    "errors/empty_body__POST_rest-api_add-key_json.json": InvalidParamsError,
    "errors/empty_body__POST_tags_add.json": OperationFailed,
    "errors/invalid_param__POST_rest-api_add-key_permissions_delete.json": InvalidParamsError,
    "errors/invalid_query__monitors_1_heartbeat__period-bogus.json": InvalidParamsError,
    "errors/invalid_query__monitors__page-0.json": None,
    "errors/invalid_query__monitors__per_page-1000.json": None,
    "errors/invalid_query__monitors__per_page-abc.json": None,
    "errors/invalid_query__monitors__status-bogus.json": InvalidParamsError,
    "errors/invalid_query__rest-api_keys__per_page-1000.json": None,
    "errors/invalid_query__rest-api_keys__per_page-abc.json": None,
    "errors/invalid_query__sites__page--1.json": InvalidParamsError,
    "errors/invalid_query__sites__per_page-1000.json": InvalidParamsError,
    "errors/invalid_query__sites__per_page-abc.json": InvalidParamsError,
    "errors/invalid_query__sites_basic__per_page-abc.json": None,
    "errors/invalid_query__tags__per_page-abc.json": None,
    "errors/malformed__basic_scheme_garbage.json": AuthenticationError,
    "errors/malformed_bearer__empty.json": AuthenticationError,
    "errors/malformed_bearer__lowercase_scheme.json": AuthenticationError,
    "errors/malformed_bearer__no_separator.json": AuthenticationError,
    "errors/malformed_bearer__only_secret_half.json": AuthenticationError,
    "errors/no_auth_header__post_tags_add.json": AuthenticationError,
    "errors/no_auth_header__sites_basic.json": AuthenticationError,
    "errors/not_found__GET_clients_999999.json": NotFoundError,
    "errors/not_found__GET_clients_nobody@example.test.json": NotFoundError,
    "errors/not_found__GET_costs_999999.json": NotFoundError,
    "errors/not_found__GET_monitors_999999.json": OperationFailed,
    "errors/not_found__GET_monitors_nonexistent.example.com.json": OperationFailed,
    "errors/not_found__GET_pages_1_999999.json": NotFoundError,
    "errors/not_found__GET_posts_1_999999.json": NotFoundError,
    "errors/not_found__GET_posts_999999_1.json": ServerError,
    "errors/not_found__GET_sites_999999.json": NotFoundError,
    "errors/not_found__GET_sites_999999_plugins.json": NotFoundError,
    "errors/not_found__GET_sites_nonexistent.example.com.json": NotFoundError,
    "errors/not_found__GET_tags_999999.json": NotFoundError,
    "errors/not_found__GET_updates_999999.json": NotFoundError,
    "errors/not_found__GET_updates_nonexistent.example.com.json": NotFoundError,
    "errors/not_found__POST_sites_999999_sync.json": NotFoundError,
    "errors/not_found__PUT_rest-api_edit-key_999999.json": NotFoundError,
    "errors/plugins_activate_missing_slug.json": InvalidParamsError,
    "errors/posts_bad_date.json": InvalidParamsError,
    "errors/posts_without_websites_param.json": NotFoundError,
    "errors/read_key__DELETE_sites_1_remove.json": ScopeError,
    "errors/read_key__DELETE_tags_999999_remove.json": ScopeError,
    "errors/read_key__POST_sites_1_sync.json": ScopeError,
    "errors/read_key__POST_tags_add.json": ScopeError,
    "errors/sites_add_duplicate_url.json": OperationFailed,
    "errors/sites_add_unreachable.json": OperationFailed,
    "errors/sites_add_wrong_password.json": OperationFailed,
    "errors/unknown_namespace__mainwp_v9.json": EndpointNotFoundError,
    "errors/unknown_route__nope.json": EndpointNotFoundError,
    "errors/unknown_route__nope_no_auth.json": EndpointNotFoundError,
    "errors/unknown_route__sites_1_nope.json": EndpointNotFoundError,
    "errors/unknown_token.json": AuthenticationError,
    "errors/users_without_websites_param.json": NotFoundError,
    "errors/write_key__GET_namespace_index.json": ScopeError,
    "errors/write_key__GET_sites_basic.json": ScopeError,
    "errors/wrong_method__DELETE_sites_basic.json": EndpointNotFoundError,
    "errors/wrong_method__GET_batch.json": EndpointNotFoundError,
    "errors/wrong_method__GET_tags_add.json": EndpointNotFoundError,
    "errors/wrong_method__POST_settings_general_edit.json": EndpointNotFoundError,
    "errors/wrong_method__PUT_sites_add.json": EndpointNotFoundError,
    "errors/wrong_secret_known_key.json": AuthenticationError,
    "writes/01_tags_add.json": None,
    "writes/02_tags_edit.json": None,
    "writes/03_tags_get_after_edit.json": None,
    "writes/04_tags_remove.json": None,
    "writes/05_tags_get_after_remove.json": NotFoundError,
    "writes/06_tags_remove_again.json": NotFoundError,
    "writes/07_tags_remove_with_delete_only_key.json": None,
    "writes/08_tags_add_with_write_only_key.json": None,
    "writes/09_tags_remove_with_write_only_key.json": None,
    "writes/10_clients_add.json": None,
    "writes/11_clients_edit.json": None,
    "writes/12_clients_suspend.json": None,
    "writes/13_clients_unsuspend.json": None,
    "writes/14_clients_remove.json": None,
    "writes/15_clients_get_after_remove.json": NotFoundError,
    "writes/20_sites_1_sync.json": None,
    "writes/21_sites_1_check.json": None,
    "writes/22_sites_sync_include_2_3.json": None,
    "writes/23_sites_1_edit_note.json": None,
    "writes/24_sites_1_plugins_activate.json": None,
    "writes/25_sites_1_plugins_deactivate.json": None,
    "writes/30_costs_add.json": None,
    "writes/31_costs_edit.json": None,
    "writes/32_costs_remove.json": None,
    "writes/40_posts_1_create.json": None,
    "writes/41_posts_1_edit.json": None,
    "writes/42_posts_1_update_status.json": OperationFailed,
    "writes/43_posts_1_get.json": None,
    "writes/44_posts_1_delete.json": None,
    "writes/50_tags_batch_create.json": None,
    "writes/51_tags_batch_update_delete.json": None,
    "writes/60_global_batch.json": None,
    "writes/70_rest-api_add-key_form.json": None,
    "writes/71_temp_key_works.json": None,
    "writes/72_rest-api_edit-key_disable.json": None,
    "writes/73_disabled_key_refused.json": AuthenticationError,
    "writes/74_rest-api_delete-key.json": None,
    "writes/75_deleted_key_refused.json": AuthenticationError,
    "writes/80_auth_via_query_oauth_mainwp_params.json": None,
    "writes/81_auth_via_query_consumer_key_secret.json": None,
    "writes/82_auth_via_http_basic.json": None,
    "writes/90_updates_3_before.json": None,
    "writes/91_updates_3_update_plugins.json": None,
    "writes/92_updates_3_after.json": None,
    "writes/93_updates_3_update_plugins_nothing_left.json": None,
    "writes/95_settings_tools_destroy-sessions.json": None,
    "get/clients.json": None,
    "get/clients_1.json": None,
    "get/clients_1_costs.json": None,
    "get/clients_1_sites.json": None,
    "get/clients_1_sites_count.json": None,
    "get/clients_acme@example.test.json": None,
    "get/clients_count.json": None,
    "get/clients_fields.json": OperationFailed,
    "get/costs.json": None,
    "get/costs_1.json": None,
    "get/costs_1_clients.json": None,
    "get/costs_1_sites.json": None,
    "get/monitors.json": None,
    "get/monitors_3.json": None,
    "get/monitors_3_basic.json": None,
    "get/monitors_3_heartbeat.json": None,
    "get/monitors_3_incidents.json": None,
    "get/monitors_3_incidents_count.json": None,
    "get/monitors_basic.json": None,
    "get/monitors_count.json": None,
    "get/pages_1_2.json": None,
    "get/pages__websites-1-2-3.json": None,
    "get/posts_1_1.json": None,
    "get/posts__websites-1-2.json": NotFoundError,
    "get/posts__websites-1_status-draft.json": NotFoundError,
    "get/rest-api_keys.json": None,
    "get/settings_advanced.json": None,
    "get/settings_api-backups.json": None,
    "get/settings_cost-tracker.json": None,
    "get/settings_dashboard-insights.json": None,
    "get/settings_emails.json": None,
    "get/settings_general.json": None,
    "get/settings_monitoring.json": None,
    "get/settings_tools.json": None,
    "get/settings_tools_destroy-sessions-status_JOBID.json": None,
    "get/settings_tools_destroy-sessions-status_JOBID__after_cron.json": None,
    "get/settings_tools_destroy-sessions-status_nonexistent-id.json": NotFoundError,
    "get/settings_tools_disconnect-all-sites-status_nonexistent-id.json": NotFoundError,
    "get/settings_tools_renew-connections-status_nonexistent-id.json": NotFoundError,
    "get/sites.json": None,
    "get/sites_1.json": None,
    "get/sites_1_client.json": None,
    "get/sites_1_costs.json": None,
    "get/sites_1_non-mainwp-changes.json": None,
    "get/sites_1_plugins.json": None,
    "get/sites_1_plugins_abandoned.json": None,
    "get/sites_1_security.json": None,
    "get/sites_1_themes.json": None,
    "get/sites_1_themes_abandoned.json": None,
    "get/sites_2.json": None,
    "get/sites_2_plugins.json": None,
    "get/sites__per_page-2_page-1.json": None,
    "get/sites_basic.json": None,
    "get/sites_count.json": None,
    "get/tags.json": None,
    "get/tags_1.json": None,
    "get/tags_1_clients.json": None,
    "get/tags_1_sites.json": None,
    "get/updates.json": None,
    "get/updates_1.json": None,
    "get/updates_2.json": None,
    "get/updates_2_ignored.json": InvalidParamsError,
    "get/updates_ignored.json": InvalidParamsError,
    "get/users__websites-1-2-3.json": None,
    "get/users__websites-1_roles-editor.json": None,
    "pagination/clients__per_page-1_page-1.json": None,
    "pagination/clients__per_page-1_page-2.json": None,
    "pagination/clients__per_page-1_page-99.json": None,
    "pagination/clients_fields__per_page-1_page-1.json": OperationFailed,
    "pagination/clients_fields__per_page-1_page-2.json": OperationFailed,
    "pagination/clients_fields__per_page-1_page-99.json": OperationFailed,
    "pagination/costs__per_page-1_page-1.json": None,
    "pagination/costs__per_page-1_page-2.json": None,
    "pagination/costs__per_page-1_page-99.json": None,
    "pagination/monitors__per_page-1_page-1.json": None,
    "pagination/monitors__per_page-1_page-2.json": None,
    "pagination/monitors__per_page-1_page-99.json": None,
    "pagination/monitors_basic__per_page-1_page-1.json": None,
    "pagination/monitors_basic__per_page-1_page-2.json": None,
    "pagination/monitors_basic__per_page-1_page-99.json": None,
    "pagination/rest-api_keys__per_page-1_page-1.json": None,
    "pagination/rest-api_keys__per_page-1_page-2.json": None,
    "pagination/rest-api_keys__per_page-1_page-99.json": None,
    "pagination/sites___fields-id-name.json": None,
    "pagination/sites__exclude-1.json": None,
    "pagination/sites__include-1-3.json": None,
    "pagination/sites__orderby-name_order-desc.json": None,
    "pagination/sites__per_page-1_page-1.json": None,
    "pagination/sites__per_page-1_page-2.json": None,
    "pagination/sites__per_page-1_page-99.json": None,
    "pagination/sites__per_page-2_page-2.json": None,
    "pagination/sites__search-Two.json": None,
    "pagination/sites__status-connected.json": None,
    "pagination/sites_basic__per_page-1_page-1.json": None,
    "pagination/sites_basic__per_page-1_page-2.json": None,
    "pagination/sites_basic__per_page-1_page-99.json": None,
    "pagination/tags__per_page-1_page-1.json": None,
    "pagination/tags__per_page-1_page-2.json": None,
    "pagination/tags__per_page-1_page-99.json": None,
    "pagination/updates__per_page-1_page-1.json": None,
    "pagination/updates__per_page-1_page-2.json": None,
    "pagination/updates__per_page-1_page-99.json": None,
    "seed/clients_1_edit_selected_sites.json": None,
    "seed/clients_2_edit_selected_sites.json": None,
    "seed/clients_add_acme.json": None,
    "seed/clients_add_globex.json": None,
    "seed/costs_add_hosting.json": None,
    "seed/costs_add_plugin.json": OperationFailed,
    "seed/monitors_1_check.json": None,
    "seed/monitors_2_check.json": None,
    "seed/monitors_3_check.json": None,
    "seed/monitors_settings_enable.json": None,
    "seed/sites_1_edit_groupids.json": None,
    "seed/sites_2_edit_groupids.json": None,
    "seed/sites_3_edit_groupids.json": None,
    "seed/sites_sync_all.json": None,
    "seed/tags_add_production.json": None,
    "seed/tags_add_staging.json": None,
}

# The permission named in each server-side scope refusal.
SCOPE_NEEDED = {
    "errors/delete_key__GET_sites_basic.json": Permission.READ,
    "errors/delete_key__POST_tags_add.json": Permission.WRITE,
    "errors/read_key__DELETE_sites_1_remove.json": Permission.DELETE,
    "errors/read_key__DELETE_tags_999999_remove.json": Permission.DELETE,
    "errors/read_key__POST_sites_1_sync.json": Permission.WRITE,
    "errors/read_key__POST_tags_add.json": Permission.WRITE,
    "errors/write_key__GET_namespace_index.json": Permission.READ,
    "errors/write_key__GET_sites_basic.json": Permission.READ,
}


def _load(rel: str) -> dict[str, Any]:
    return json.loads((CAPTURES / rel).read_text(encoding="utf-8"))


def _raw(capture: dict[str, Any]) -> bytes:
    body = capture["body"]
    if isinstance(body, str):
        return body.encode("utf-8")
    return json.dumps(body).encode("utf-8")


def _classify(rel: str) -> APIError | None:
    cap = _load(rel)
    payload = decode_body(cap["status"], cap["headers"], _raw(cap), method=cap["request"]["method"])
    return classify(cap["status"], payload, endpoint=rel, headers=cap["headers"])


def test_table_covers_every_capture() -> None:
    on_disk = {
        f"{d}/{p.name}"
        for d in ("errors", "writes", "get", "pagination", "seed")
        for p in (CAPTURES / d).glob("*.json")
    }
    assert on_disk, "captures not found"
    assert on_disk == set(EXPECTED)


@pytest.mark.parametrize(("rel", "expected"), sorted(EXPECTED.items(), key=lambda kv: kv[0]))
def test_capture_classification(rel: str, expected: type[APIError] | None) -> None:
    cap = _load(rel)
    err = _classify(rel)
    if expected is None:
        assert err is None, f"{rel}: expected success, got {err!r}"
        return
    assert type(err) is expected, f"{rel}: expected {expected.__name__}, got {err!r}"
    assert err is not None
    assert err.status == cap["status"]
    assert err.endpoint == rel
    assert err.message
    if isinstance(cap["body"], dict) and "code" in cap["body"]:
        assert err.code == cap["body"]["code"]


@pytest.mark.parametrize(("rel", "needed"), sorted(SCOPE_NEEDED.items(), key=lambda kv: kv[0]))
def test_scope_refusals_name_the_permission(rel: str, needed: Permission) -> None:
    err = _classify(rel)
    assert isinstance(err, ScopeError)
    assert err.needed is needed
    assert err.has is None


def test_success_zero_is_never_success() -> None:
    for rel, expected in EXPECTED.items():
        body = _load(rel)["body"]
        if not isinstance(body, dict):
            continue
        flag = body.get("success")
        if flag in (0, "0") and not isinstance(flag, bool):
            assert expected is OperationFailed, rel


def test_pending_tool_job_is_not_a_failure() -> None:
    # The job-status body uses success=false for "not finished yet".
    rel = "get/settings_tools_destroy-sessions-status_JOBID.json"
    assert _load(rel)["body"]["success"] is False
    assert _classify(rel) is None


def test_html_entities_decoded_in_operation_failed() -> None:
    err = _classify("errors/sites_add_unreachable.json")
    assert isinstance(err, OperationFailed)
    assert "Couldn't connect" in err.message


def test_invalid_params_exposes_params() -> None:
    err = _classify("errors/invalid_param__POST_rest-api_add-key_permissions_delete.json")
    assert isinstance(err, InvalidParamsError)
    assert "permissions" in err.params
