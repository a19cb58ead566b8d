"""Developer tasks (``nox -s NAME``): ci, tests, lint, typecheck, docs, codegen, bench, …"""

from __future__ import annotations

import tempfile
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
PYTHON = "3.11"

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["ci"]


def _install(session: nox.Session) -> None:
    session.install("-e", ".[dev]")


def _build_docs(session: nox.Session, *args: str) -> None:
    # --strict: every warning (a broken link, a missing docstring reference) fails the build.
    # Not session.create_tmp(): it sets TMPDIR for the rest of the session, and temporary
    # files under .nox/ are skipped by ruff, which the codegen tests rely on.
    with tempfile.TemporaryDirectory(prefix="mainwp-docs-") as site:
        session.run(
            "mkdocs", "build", "--strict", "--site-dir", site, *args,
            env={"NO_MKDOCS_2_WARNING": "1"},
        )  # fmt: skip


@nox.session(python=PYTHON)
def ci(session: nox.Session) -> None:
    """Everything CI checks, in one environment: lint, types, codegen drift, docs, tests."""
    _install(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")
    session.run("python", "-m", "codegen", "check")
    _build_docs(session, "--quiet")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the documentation site with warnings as errors (``-- serve`` to preview it)."""
    _install(session)
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", "serve", "--strict", "-a", "127.0.0.1:8000")
        return
    _build_docs(session)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run the test suite (extra arguments go to pytest)."""
    _install(session)
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Ruff lint and format check."""
    _install(session)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package, codegen and benchmarks (configuration in pyproject.toml)."""
    _install(session)
    session.run("mypy")


@nox.session(python=PYTHON)
def codegen(session: nox.Session) -> None:
    """Regenerate src/mainwp_async/_generated from the Postman collection."""
    _install(session)
    session.run("python", "-m", "codegen", "generate", *session.posargs)


@nox.session(python=PYTHON)
def codegen_check(session: nox.Session) -> None:
    """Fail when the committed generated code is not what the generator writes."""
    _install(session)
    session.run("python", "-m", "codegen", "check", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Run the benchmarks package, if the project has one."""
    if (
        not (ROOT / "benchmarks" / "__init__.py").exists()
        and not (ROOT / "benchmarks" / "__main__.py").exists()
    ):
        session.skip("no benchmarks package in this checkout")
    _install(session)
    session.install("-e", ".[dev,bench]")  # httpx and pydantic: the baselines of two rows
    session.run("python", "-m", "benchmarks", *session.posargs)
