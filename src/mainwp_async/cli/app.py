"""The root command group: every subcommand, ``--version``, shell completion, exit codes."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import click
from click.shell_completion import get_completion_class

from .._version import __version__
from .cmd_basics import clients, costs, tags
from .cmd_inventory import plugins, themes
from .cmd_profiles import login, profile
from .cmd_sites import sites
from .cmd_tools import call, demo, discover, report, serve
from .cmd_updates import updates
from .runtime import EXIT_ERROR, EXIT_OK, EXIT_USAGE

PROG = "mainwp-async"

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(
    name=PROG,
    context_settings=CONTEXT,
    epilog=(
        "\b\nDashboards: --profile NAME (see `profile --help`), --all-profiles, or the\n"
        "MAINWP_URL and MAINWP_TOKEN environment variables for one dashboard.\n\n"
        "\b\nExit codes: 0 all ok · 1 failed (nothing done) · 2 usage or configuration\n"
        "error · 3 some sites or dashboards failed (the others were handled).\n\n"
        "\b\nOutput: tables for people; --json, --jsonl or --csv for scripts. Progress\n"
        "and colour go to stderr, only on a terminal; NO_COLOR turns colour off."
    ),
)
@click.version_option(__version__, "-V", "--version", prog_name=PROG)
def cli() -> None:
    """Work with MainWP Dashboards from a terminal or a cron job.

    \b
    Examples:
      mainwp-async demo                # report on a simulated fleet
      mainwp-async sites list --status disconnected
      mainwp-async updates plan --type plugin
      mainwp-async updates apply --slug woocommerce --yes
      mainwp-async call GET /sites/3/plugins
    """


@cli.command("completion")
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> int:
    """Print the shell completion script for SHELL.

    \b
    Examples:
      eval "$(mainwp-async completion bash)"        # in ~/.bashrc
      mainwp-async completion fish > ~/.config/fish/completions/mainwp-async.fish
    """
    cls = get_completion_class(shell)
    assert cls is not None
    click.echo(cls(cli, {}, PROG, "_MAINWP_ASYNC_COMPLETE").source())
    return EXIT_OK


for command in (sites, plugins, themes, updates, tags, clients, costs, report, call, discover):
    cli.add_command(command)
for command in (profile, login, serve, demo):
    cli.add_command(command)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "_MAINWP_ASYNC_COMPLETE" in os.environ:  # shell completion asks for candidates
        return int(cli.main(args, prog_name=PROG, complete_var="_MAINWP_ASYNC_COMPLETE") or 0)
    if not args:
        with click.Context(cli, info_name=PROG) as ctx:
            click.echo(cli.get_help(ctx))
        return EXIT_OK
    try:
        result = cli.main(args, prog_name=PROG, standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else str(exc))
        return EXIT_OK
    except click.UsageError as exc:
        exc.show()
        return EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        return 130
    if isinstance(result, int):
        return result
    return EXIT_OK if result is None else EXIT_ERROR
