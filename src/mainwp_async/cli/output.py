"""Output for people and for pipes: tables that fit, JSON, JSON lines, CSV; stderr chatter.

Tables are drawn with rich at the terminal's width (80 columns too: long cells wrap or
are cut with an ellipsis). ``--json`` prints one document ``{"command", "items",
"failures"}``, ``--jsonl`` one item per line, ``--csv`` a header and one row per item;
in those three modes failures go to stderr as text. Colour and progress appear only
when the stream is a terminal and ``NO_COLOR`` is not set.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import json
import os
import shutil
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import attrs

if TYPE_CHECKING:  # (rich loads when something is drawn, not for --help)
    from rich.console import Console

__all__ = ["Failure", "Output", "plain"]

FORMATS = ("table", "json", "jsonl", "csv")


@attrs.frozen(kw_only=True)
class Failure:
    """One dashboard or site that could not be handled, and why."""

    dashboard: str
    error: str  #: the exception class name
    message: str
    site_id: int | None = None
    site: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return attrs.asdict(self)


def plain(value: Any) -> Any:
    """A JSON-ready copy of ``value``: attrs models as dicts (without ``extra``), dates ISO."""
    if attrs.has(type(value)):
        return {
            f.name: plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.name != "extra"
        }
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _no_color() -> bool:
    return bool(os.environ.get("NO_COLOR"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class Output:
    """Where a command's results, failures and progress go."""

    def __init__(
        self,
        fmt: str = "table",
        *,
        command: str,
        out: TextIO | None = None,
        err: TextIO | None = None,
        width: int | None = None,
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown output format {fmt!r}")
        self.fmt = fmt
        self.command = command
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        columns = width or shutil.get_terminal_size((80, 24)).columns
        self.width = max(40, columns)
        self.color = not _no_color() and self.out.isatty()
        self.err_is_tty = self.err.isatty()
        self.err_color = not _no_color() and self.err_is_tty
        self.multi = False  #: several dashboards: tables get a dashboard column

    def console(self, stream: TextIO | None = None) -> Console:
        """A rich console on ``stream`` (stdout by default) at our width and colour choice."""
        from rich.console import Console

        target = stream or self.out
        colour = self.color if target is self.out else self.err_color
        return Console(
            file=target,
            width=self.width,
            color_system="auto" if colour else None,
            no_color=not colour,
            force_terminal=colour,
            highlight=False,
            soft_wrap=False,
        )

    # -- results ------------------------------------------------------------------------

    def emit(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[str],
        *,
        failures: Sequence[Failure] = (),
        title: str | None = None,
        no_wrap: Iterable[str] = (),
    ) -> None:
        """Print ``rows`` (the table shows ``columns``; machine formats every key)."""
        if self.fmt == "json":
            document = {
                "command": self.command,
                "items": [plain(dict(r)) for r in rows],
                "failures": [f.as_dict() for f in failures],
            }
            self.out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
            return
        if self.fmt == "jsonl":
            for row in rows:
                self.out.write(json.dumps(plain(dict(row)), ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            keys = list(columns) + sorted({k for r in rows for k in r} - set(columns))
            writer = csv.DictWriter(self.out, fieldnames=keys, extrasaction="ignore")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: _cell(plain(row.get(k))) for k in keys})
        else:
            self.table(rows, columns, title=title, no_wrap=no_wrap)
        self.failures(failures)

    def table(
        self,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[str],
        *,
        title: str | None = None,
        no_wrap: Iterable[str] = (),
    ) -> None:
        """A table of ``columns`` that fits the width (cells wrap, or are cut with …)."""
        keep = set(no_wrap)
        if self.multi and "dashboard" not in columns:
            columns = ("dashboard", *columns)
        from rich.table import Table

        table = Table(title=title, box=None, header_style="bold", pad_edge=False, expand=False)
        cells = [[_cell(plain(row.get(c))) for c in columns] for row in rows]
        for index, name in enumerate(columns):
            longest = max([len(name), *(len(r[index]) for r in cells)])
            if name in keep:  # one line, cut with …, never more than 45 % of the width
                table.add_column(
                    name.replace("_", " "),
                    overflow="ellipsis",
                    no_wrap=True,
                    max_width=max(12, int(self.width * 0.45)),
                )
            else:  # wraps, but keeps room for a word or two
                table.add_column(
                    name.replace("_", " "), overflow="fold", min_width=min(longest, 14)
                )
        for cell_row in cells:
            table.add_row(*cell_row)
        console = self.console()
        if rows:
            console.print(table)
        else:
            console.print("(nothing found)")

    def failures(self, failures: Sequence[Failure]) -> None:
        """Name every failure on stderr (never hidden by the ones that worked)."""
        if not failures:
            return
        console = self.console(self.err)
        style = "bold red" if self.err_color else ""
        console.print(f"{len(failures)} failed:", style=style)
        for f in failures:
            where = f.dashboard + (f" site #{f.site_id}" if f.site_id is not None else "")
            if f.site:
                where += f" ({f.site})"
            console.print(f"  {where}: {f.error}: {f.message}", overflow="fold")

    def note(self, text: str) -> None:
        """A line for people, on stderr (kept out of pipes)."""
        self.console(self.err).print(text, overflow="fold")
