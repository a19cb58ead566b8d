"""Request/response event hooks and OpenTelemetry spans, end to end on the simulator."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from mainwp_async import APIConnectionError, MainWP, RetryPolicy, ServerError, events
from mainwp_async.events import RequestEvent, ResponseEvent
from mainwp_async.testing import SimulatedDashboard

FAST = RetryPolicy(max_retries=2, initial_backoff=0.0, max_backoff=0.0, jitter=0.0)


async def test_hooks_see_every_attempt_with_status_and_never_the_token():
    seen: list[events.Event] = []
    async with SimulatedDashboard(sites=5, seed=1) as dash:
        dash.add_fault("503", rate=1.0, route=r"^/sites/2$", times=1)
        token = dash.tokens["read"]
        async with MainWP(dash.url, token=token, retry=FAST) as mw:
            with events.hooks(seen.append):
                await mw.sites.get(2)
            await mw.sites.get(3)  # outside the block: not seen
    kinds = [(type(e).__name__, e.attempt, getattr(e, "status", None)) for e in seen]
    assert kinds == [
        ("RequestEvent", 1, None),
        ("ResponseEvent", 1, 503),
        ("RequestEvent", 2, None),
        ("ResponseEvent", 2, 200),
    ]
    last = seen[-1]
    assert isinstance(last, ResponseEvent)
    assert (last.method, last.endpoint, last.path) == (
        "GET",
        "sites.get",
        "/wp-json/mainwp/v2/sites/2",
    )
    assert last.ok and last.elapsed >= 0
    secret = token.split("==")[0]
    assert all(secret not in repr(e) for e in seen)


async def test_a_transport_error_is_reported_with_its_class_name():
    seen: list[events.Event] = []
    async with MainWP("http://127.0.0.1:9", token="a" * 40 + "==" + "b" * 40, retry=FAST) as mw:
        with events.hooks(seen.append), pytest.raises(APIConnectionError):
            await mw.sites.get(1)
    responses = [e for e in seen if isinstance(e, ResponseEvent)]
    assert len(responses) == 3  # the first try and two retries of a GET
    assert all(r.status is None and r.error == "APIConnectionError" for r in responses)


async def test_a_failing_hook_is_logged_and_never_breaks_the_call(caplog):
    def broken(event: events.Event) -> None:
        raise RuntimeError("exporter down")

    remove = events.add_hook(broken)
    try:
        async with (
            SimulatedDashboard(sites=3) as dash,
            MainWP(dash.url, token=dash.tokens["read"]) as mw,
        ):
            with caplog.at_level(logging.ERROR, logger="mainwp_async.events"):
                site = (await mw.sites.get(1)).data
    finally:
        remove()
    assert site is not None and site.id == 1
    assert "event hook" in caplog.text and "exporter down" in caplog.text


async def test_global_hook_removal_stops_events():
    seen: list[events.Event] = []
    remove = events.add_hook(seen.append)
    async with (
        SimulatedDashboard(sites=3) as dash,
        MainWP(dash.url, token=dash.tokens["read"]) as mw,
    ):
        await mw.sites.get(1)
        remove()
        await mw.sites.get(2)
    assert [type(e) for e in seen] == [RequestEvent, ResponseEvent]


async def test_spans_per_request_nest_under_the_fan_out_span():
    sdk = pytest.importorskip("opentelemetry.sdk.trace")
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = sdk.TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    assert not events.tracing_enabled()
    assert events.enable_tracing(provider)
    try:
        async with SimulatedDashboard(sites=4, seed=2) as dash:
            dash.add_fault("503", rate=1.0, route=r"^/sites/4$")
            async with MainWP(dash.url, token=dash.tokens["read"], retry=FAST) as mw:
                with events.fan_out_span("sites.get", items=4):
                    result = await mw.fan_out([1, 2, 3, 4], mw.sites.get)
    finally:
        events.disable_tracing()
    assert isinstance(result.failed[0].error, ServerError)
    spans = exporter.get_finished_spans()
    parent = next(s for s in spans if s.name == "MainWP sites.get")
    children = [s for s in spans if s.name == "MainWP GET sites.get"]
    assert len(children) == 3 + 3  # three good sites, one site tried three times
    assert all(
        s.parent is not None and s.parent.span_id == parent.context.span_id for s in children
    )
    assert parent.attributes["mainwp.fan_out.items"] == 4
    statuses = sorted(s.attributes["http.response.status_code"] for s in children)
    assert statuses == [200, 200, 200, 503, 503, 503]
    failed = [s for s in children if s.attributes["http.response.status_code"] == 503]
    assert all(s.status.status_code.name == "ERROR" for s in failed)


async def test_no_spans_unless_enabled():
    sdk = pytest.importorskip("opentelemetry.sdk.trace")
    from opentelemetry import trace
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = sdk.TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = trace.get_tracer("test", tracer_provider=provider)
    async with (
        SimulatedDashboard(sites=2) as dash,
        MainWP(dash.url, token=dash.tokens["read"]) as mw,
    ):
        with tracer.start_as_current_span("outer"):
            await mw.sites.get(1)
    assert [s.name for s in exporter.get_finished_spans()] == ["outer"]


def test_enable_tracing_without_opentelemetry_says_no(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "opentelemetry", None)
    with caplog.at_level(logging.WARNING, logger="mainwp_async.events"):
        assert events.enable_tracing() is False
    assert not events.tracing_enabled()
    assert "opentelemetry-api is not installed" in caplog.text


def test_the_library_imports_no_cli_or_tracing_package():
    code = (
        "import sys, mainwp_async, mainwp_async.demo, mainwp_async.events, mainwp_async.profiles\n"
        "heavy = [m for m in ('click', 'rich', 'opentelemetry', 'keyring') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
