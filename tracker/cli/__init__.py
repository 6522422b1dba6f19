"""Command-line interface: a thin typer layer over the library API.

Each stage has its own module here that registers its commands on :data:`app`.
"""

from tracker.cli import align, build, check, extract, site, tables  # noqa: F401  (registers commands)
from tracker.cli.app import app


def main() -> None:
    app()
