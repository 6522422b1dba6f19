"""The typer application object; command modules register themselves on it.

Its root command group is where an error no command handled ends: as one ``error:`` line and an exit
code (see :func:`tracker.cli.report.report_exception`), never a traceback. It sits in the group rather
than around ``app()`` so that every way of running a command (the ``tracker`` script, ``python -m
tracker``, typer's test runner) goes through it.
"""

from __future__ import annotations

import errno
from typing import Any

import click
import typer
from typer.core import TyperGroup

from tracker.cli.report import report_exception


class ReportingGroup(TyperGroup):
    """The root command group: runs the command, and reports the errors it did not."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if isinstance(exc, OSError) and exc.errno == errno.EPIPE:
                raise  # output piped into `head`: click ends quietly
            code = report_exception(exc)
            if code is None:
                raise  # not an error of the input or the environment: a bug, shown with its traceback
            raise typer.Exit(code) from exc


app = typer.Typer(
    name="tracker",
    help="isf-tracker: extract, align, check and publish the ISF rules and their changes.",
    no_args_is_help=True,
    add_completion=False,
    cls=ReportingGroup,
)


@app.callback()
def _root() -> None:
    """isf-tracker: extract, align, check and publish the ISF rules and their changes."""
