"""CLI commands of this stage (see tracker.cli)."""

from tracker.cli.app import app  # noqa: F401
