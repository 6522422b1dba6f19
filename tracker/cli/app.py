"""The typer application object; command modules register themselves on it."""

import typer

app = typer.Typer(
    name="tracker",
    help="isf-tracker: extract, align, check and publish the ISF rules and their changes.",
    no_args_is_help=True,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """isf-tracker: extract, align, check and publish the ISF rules and their changes."""
