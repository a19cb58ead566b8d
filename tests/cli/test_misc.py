"""tags, clients, costs, call, discover, report, serve, demo, help, completion, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
import jsonschema
import pytest

from mainwp_async.cli import cli as root

from . import schemas
from .conftest import secret_of


def test_tags_list_and_add(cli, dash):
    run = cli("tags", "list", "--json")
    jsonschema.validate(run.json(), schemas.envelope("tags list", schemas.TAG))
    names = {t["name"] for t in run.json()["items"]}
    assert names == {t.name for t in dash.state.tags.values()}
    added = cli("tags", "add", "Nightly", "--color", "#123456", "--json")
    assert added.code == 0, added.err
    assert added.json()["items"][0]["name"] == "Nightly"
    assert "Nightly" in cli("tags", "list").out
    assert dash.counters.count_path("POST", "/tags/add") == 1


def test_clients_and_costs(cli, dash):
    clients = cli("clients", "list", "--json")
    jsonschema.validate(clients.json(), schemas.envelope("clients list", schemas.CLIENT))
    assert len(clients.json()["items"]) == len(dash.state.clients)
    costs = cli("costs", "list", "--json")
    jsonschema.validate(costs.json(), schemas.envelope("costs list", schemas.COST))
    assert len(costs.json()["items"]) == len(dash.state.costs)
    table = cli("costs", "list")
    assert max(len(line) for line in table.out.splitlines()) <= 80


def test_call_any_endpoint_by_path(cli, dash):
    run = cli("call", "GET", "/sites/3/plugins")
    assert run.code == 0
    assert json.loads(run.out)["success"] == 1
    posted = cli("call", "POST", "/tags/add", "name=FromCall", "--json")
    doc = posted.json()
    jsonschema.validate(doc, schemas.envelope("call POST /tags/add", schemas.CALL))
    assert doc["items"][0]["json"]["data"]["name"] == "FromCall"
    paged = cli("call", "GET", "/sites", "per_page=2", "--json").json()["items"][0]["json"]
    assert len(paged["data"]) == 2  # values are parsed: per_page=2 is the number 2


def test_call_errors_exit_1_and_bad_params_exit_2(cli, dash):
    missing = cli("call", "GET", "/sites/9999")
    assert missing.code == 1 and "NotFoundError" in missing.err
    bad = cli("call", "GET", "/sites", "oops")
    assert bad.code == 2 and "KEY=VALUE" in bad.err


def test_discover(cli, dash):
    run = cli("discover", "--json")
    doc = run.json()
    jsonschema.validate(doc, schemas.envelope("discover", schemas.DISCOVER))
    assert doc["items"][0]["in_sync"] is True
    assert "in sync" in cli("discover").out


def test_report_against_a_real_dashboard_url(cli, dash):
    dash.add_fault("truncated", rate=1.0, route=r"^/sites/5/plugins/abandoned$")
    run = cli("report", "--concurrency", "4")
    assert run.code == 3  # one site failed, the others were reported
    assert "MainWP fleet report" in run.out and "Failures (1;" in run.out
    assert max(len(line) for line in run.out.splitlines()) <= 80
    writes = [k for k in dash.counters.paths if k[0] != "GET"]
    assert writes == []
    assert secret_of(dash).split("|")[0] not in run.out + run.err


def test_demo_command(cli):
    run = cli("demo", "--sites", "12", "--no-faults", "--seed", "2")
    assert run.code == 0
    assert "MainWP fleet report" in run.out and "12 sites" in run.out


def test_demo_with_half_a_configuration_says_what_to_set(cli, monkeypatch):
    monkeypatch.setenv("MAINWP_URL", "https://dash.example")
    run = cli("demo", "--sites", "5")
    assert run.code == 2
    assert "set MAINWP_TOKEN" in run.err and run.out == ""
    listing = cli("sites", "list")
    assert listing.code == 2 and "MAINWP_URL is set but MAINWP_TOKEN is not" in listing.err


def test_no_dashboard_configured_is_a_usage_error(cli):
    run = cli("sites", "list")
    assert run.code == 2
    assert "MAINWP_URL and MAINWP_TOKEN" in run.err and "profile add" in run.err


def test_usage_errors_exit_2(cli, dash):
    assert cli("sites", "list", "--status", "sleeping").code == 2
    assert cli("sites", "frobnicate").code == 2
    assert cli("--no-such-option").code == 2


def test_no_arguments_prints_the_help(cli):
    run = cli()
    assert run.code == 0
    assert "Usage: mainwp-async" in run.out and "Examples:" in run.out
    assert "Exit codes" in run.out


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize(
    ("path", "command"),
    list(_commands(root)),
    ids=lambda p: "-".join(p) if isinstance(p, tuple) else "",
)
def test_every_command_has_help_with_examples_and_defaults(cli, path, command):
    run = cli(*path, "--help")
    assert run.code == 0
    assert "Example" in run.out, path
    assert command.help and len(command.help.split()) >= 4
    for param in command.params:
        if not isinstance(param, click.Option) or param.name == "help":
            continue
        assert param.help, (path, param.name)
        default = param.get_default(click.Context(command), call=False)
        unset = type(default).__name__ == "Sentinel"  # click >= 8.3 marks "no default" so
        has_default = not unset and default not in (None, False, ()) and not param.is_flag
        if has_default:
            assert param.show_default, (path, param.name)  # shown as [default: …]


def test_help_fits_80_columns(cli):
    for args in (("--help",), ("updates", "apply", "--help"), ("serve", "--help")):
        run = cli(*args)
        assert max(len(line) for line in run.out.splitlines()) <= 80, args


def test_shell_completion(cli):
    run = cli("completion", "bash")
    assert run.code == 0 and "_MAINWP_ASYNC_COMPLETE" in run.out
    env = {
        **os.environ,
        "_MAINWP_ASYNC_COMPLETE": "bash_complete",
        "COMP_WORDS": "mainwp-async up",
        "COMP_CWORD": "1",
    }
    done = subprocess.run(
        [sys.executable, "-m", "mainwp_async"], env=env, capture_output=True, text=True, timeout=60
    )
    assert "updates" in done.stdout


def test_serve_prints_url_and_tokens_and_serves_until_stopped(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "mainwp_async", "serve", "--sites", "3", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("MainWP simulator listening on http://127.0.0.1:")
        url = first.split()[-1].removesuffix("/wp-json/mainwp/v2")
        lines = [proc.stdout.readline() for _ in range(5)]
        token = lines[3].split()[1]
        env = {**os.environ, "MAINWP_URL": url, "MAINWP_TOKEN": token, "COLUMNS": "80"}
        listed = subprocess.run(
            [sys.executable, "-m", "mainwp_async", "sites", "list", "--jsonl"],
            env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert listed.returncode == 0, listed.stderr
        assert len(listed.stdout.splitlines()) == 3
    finally:
        proc.terminate()
        proc.wait(timeout=10)
