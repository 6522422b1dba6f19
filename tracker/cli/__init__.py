"""Command-line interface: a thin typer layer over the library API.

Each stage has its own module here that registers its commands on :data:`app`. Errors reach the user
through :mod:`tracker.cli.report` only: one ``error:`` line, never a traceback, never read as markup.
"""

from tracker.cli import align, build, check, extract, propose, site, tables  # noqa: F401  (registers commands)
from tracker.cli.app import app


def main() -> None:
    """The ``tracker`` script. Errors no command handled are turned into one line and an exit code by
    the root command group (:class:`tracker.cli.app.ReportingGroup`), so the test runner sees the same."""
    app()
