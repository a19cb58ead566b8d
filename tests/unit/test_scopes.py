from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mainwp_async._spec import EndpointSpec, Permission
from mainwp_async.errors import ConfigurationError, ScopeError
from mainwp_async.scopes import Scope, check_scope

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

# The server's matrix (QUIRKS / API-FACTS (b)), written out cell by cell.
MATRIX: dict[Scope, dict[str, bool]] = {
    Scope.READ: dict(
        GET=True, HEAD=True, POST=False, PUT=False, PATCH=False, DELETE=False, OPTIONS=True
    ),
    Scope.WRITE: dict(
        GET=False, HEAD=False, POST=True, PUT=True, PATCH=True, DELETE=True, OPTIONS=True
    ),
    Scope.DELETE: dict(
        GET=False, HEAD=False, POST=False, PUT=False, PATCH=False, DELETE=True, OPTIONS=True
    ),
    Scope.READ_WRITE: dict(
        GET=True, HEAD=True, POST=True, PUT=True, PATCH=True, DELETE=True, OPTIONS=True
    ),
}

CASES = [
    (scope, method, allowed) for scope, row in MATRIX.items() for method, allowed in row.items()
]


def spec(method: str = "GET") -> EndpointSpec:
    perm = Permission.for_method(method) or Permission.READ
    return EndpointSpec(
        category="tags",
        name="thing",
        method=method,
        methods=(method,),
        path="/tags/thing",
        route="/tags/thing",
        permission=perm,
    )


@pytest.mark.parametrize(("scope", "method", "allowed"), CASES)
def test_allows_matrix(scope: Scope, method: str, allowed: bool) -> None:
    assert scope.allows(Permission.for_method(method)) is allowed


@pytest.mark.parametrize(("scope", "method", "allowed"), CASES)
def test_check_scope_matrix(scope: Scope, method: str, allowed: bool) -> None:
    if allowed:
        check_scope(spec("GET"), scope, method=method)
        return
    with pytest.raises(ScopeError) as info:
        check_scope(spec("GET"), scope, method=method)
    err = info.value
    assert err.status is None and err.body is None
    assert err.endpoint == "tags.thing"
    assert err.has is scope
    assert err.needed is Permission.for_method(method)
    assert scope.value in str(err)


@pytest.mark.parametrize(("scope", "method", "allowed"), CASES)
def test_check_scope_uses_spec_method(scope: Scope, method: str, allowed: bool) -> None:
    if method == "OPTIONS":
        return  # specs never declare OPTIONS
    if allowed:
        check_scope(spec(method), scope)
    else:
        with pytest.raises(ScopeError):
            check_scope(spec(method), scope)


@pytest.mark.parametrize("method", METHODS)
def test_unknown_scope_skips_check(method: str) -> None:
    check_scope(spec(method if method != "OPTIONS" else "GET"), None, method=method)


def test_alias_verb_overrides_spec() -> None:
    s = spec("POST")  # e.g. a route that also accepts GET
    check_scope(s, Scope.READ, method="get")
    with pytest.raises(ScopeError):
        check_scope(s, Scope.READ)


def test_unsupported_method() -> None:
    with pytest.raises(ConfigurationError):
        check_scope(spec(), Scope.READ_WRITE, method="TRACE")


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("read", Scope.READ),
        ("READ", Scope.READ),
        (" write ", Scope.WRITE),
        ("delete", Scope.DELETE),
        ("read_write", Scope.READ_WRITE),
        ("read-write", Scope.READ_WRITE),
        ("Read Write", Scope.READ_WRITE),
        ("readwrite", Scope.READ_WRITE),
        ("read,write", Scope.READ_WRITE),
        ("rw", Scope.READ_WRITE),
        (Scope.DELETE, Scope.DELETE),
    ],
)
def test_parse(text: str | Scope, scope: Scope) -> None:
    assert Scope.parse(text) is scope


@pytest.mark.parametrize("text", ["", "admin", "r", "write-only", "read_write_delete"])
def test_parse_garbage(text: str) -> None:
    with pytest.raises(ConfigurationError, match="unknown API key scope"):
        Scope.parse(text)


def test_parse_wrong_type() -> None:
    with pytest.raises(ConfigurationError):
        Scope.parse(3)  # type: ignore[arg-type]


@given(st.text(max_size=40))
def test_parse_never_raises_anything_else(text: str) -> None:
    try:
        assert isinstance(Scope.parse(text), Scope)
    except ConfigurationError as exc:
        assert len(str(exc)) < 200
