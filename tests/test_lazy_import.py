"""Importing the package (or loading its pytest plugin) stays cheap: nothing heavy loads early.

Each check runs in a fresh interpreter, since this test process has long imported
everything. ``-X importtime`` lists every module the interpreter imported, in order.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HEAVY = ("aiohttp", "cattrs", "mainwp_async._generated", "mainwp_async.testing.app")


def _loaded(code: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return set(proc.stdout.split())


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.startswith(HEAVY))


def test_import_mainwp_async_loads_no_aiohttp_models_or_manifest():
    modules = _loaded("import mainwp_async")
    assert "mainwp_async" in modules
    assert _heavy(modules) == []
    assert "mainwp_async.client" not in modules


def test_the_command_line_loads_no_client_event_loop_or_rich_for_help():
    pytest.importorskip("click")
    pytest.importorskip("rich")
    modules = _loaded("import mainwp_async.__main__, mainwp_async.cli")
    assert "mainwp_async.cli.app" in modules
    assert _heavy(modules) == []
    for name in ("mainwp_async.client", "asyncio", "rich", "yarl"):
        assert name not in modules, f"{name} loaded just to build the command line"
    proc = subprocess.run(
        [sys.executable, "-m", "mainwp_async", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and "Usage:" in proc.stdout and "updates" in proc.stdout


def test_an_error_class_alone_loads_no_client():
    modules = _loaded("from mainwp_async import ConfigurationError, errors")
    assert "mainwp_async.errors" in modules
    assert _heavy(modules) == []
    assert "mainwp_async.client" not in modules


def test_a_client_loads_its_namespaces_only_on_first_access():
    code = textwrap.dedent(
        """
        import sys
        from mainwp_async import MainWP
        mw = MainWP("https://dash.example", token="secret==key1234")
        assert "mainwp_async._generated.manifest" not in sys.modules, "manifest too early"
        assert "mainwp_async._generated.models" not in sys.modules, "models too early"
        sites = mw.sites
        assert type(sites).__name__ == "SitesAPI"
        assert mw.sites is sites  # cached on the client
        clone = mw.with_options(timeout=5)
        assert clone.sites is not sites and clone.sites._client is clone
        """
    )
    modules = _loaded(code)
    assert "mainwp_async._generated.endpoints.sites" in modules


def test_public_names_resolve_and_unknown_ones_raise():
    import mainwp_async

    for name in mainwp_async.__all__:
        assert getattr(mainwp_async, name) is not None, name
    assert set(mainwp_async.__all__) <= set(dir(mainwp_async))
    with pytest.raises(AttributeError, match="no_such_name"):
        mainwp_async.no_such_name  # noqa: B018


def test_pytest_plugin_module_imports_nothing_heavy():
    # pytest and pytest-asyncio are loaded by any pytest run anyway; what the plugin adds
    # on top of them is what every test session of a user's project pays.
    proc = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import pytest, pytest_asyncio\nimport mainwp_async.testing.pytest_plugin",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("import time:")]
    names = [ln.rsplit("|", 1)[1].strip() for ln in lines]
    start = names.index("pytest_asyncio")  # everything after it is the plugin's doing
    added = set(names[start + 1 :])
    assert "mainwp_async.testing.pytest_plugin" in added
    assert _heavy(added) == []
    assert "mainwp_async.client" not in added


def test_a_pytest_run_without_the_fixtures_never_loads_the_simulator(tmp_path: Path):
    (tmp_path / "test_plain.py").write_text(
        "import sys\n\n"
        "def test_plain():\n"
        "    with open('modules.txt', 'w') as f:\n"
        "        f.write('\\n'.join(sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    modules = set((tmp_path / "modules.txt").read_text().split())
    assert "mainwp_async.testing.pytest_plugin" in modules  # the plugin did load
    assert _heavy(modules) == []
    assert "mainwp_async.client" not in modules


def test_pytest_plugin_fixture_still_serves_a_dashboard(tmp_path: Path):
    (tmp_path / "test_fixture.py").write_text(
        textwrap.dedent(
            """
            async def test_dashboard(mainwp_client):
                sites = await mainwp_client.sites.count()
                assert sites.count == 3
            """
        )
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--mainwp-sites",
            "3",
            "-o",
            "asyncio_mode=auto",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_every_lazy_name_is_exported():
    import mainwp_async

    modules = {"__version__", "errors", "events"}
    assert set(mainwp_async._LAZY) | modules == set(mainwp_async.__all__)
