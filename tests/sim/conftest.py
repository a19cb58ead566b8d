from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    # Make the fixtures available even before `pip install -e .` registered the entry point.
    import mainwp_async.testing.pytest_plugin as plugin

    if not config.pluginmanager.is_registered(plugin):
        config.pluginmanager.register(plugin, "mainwp_async_sim_fallback")
