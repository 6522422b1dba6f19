"""How the command line shows text and problems: the one error-reporting path of the CLI.

Text the CLI prints comes from PDFs (titles, table cells, pdfminer's error messages), from files and
from exceptions, so nothing here interprets rich markup: a message such as ``[/'Filter', 3999]`` is
printed as it reads instead of raising ``MarkupError`` (or a ``[note]`` vanishing as a style tag).
Every console of the CLI is made by :func:`console`, with markup and highlighting off; styles are
given as :class:`rich.text.Text` spans, never as ``[red]`` tags.

:func:`error` prints one ``error: …`` line on stderr; :func:`fail` does that and gives the
``typer.Exit`` to raise. :func:`report_exception` is the last resort the root command group
(:mod:`tracker.cli.app`) calls for an exception no command handled: a
:class:`~tracker.errors.TrackerError` (exit 2 for an :class:`~tracker.errors.InputError`, 1 for the
others), an ``OSError`` such as a read-only folder (exit 2, naming the path) or invalid UTF-8 (exit 2)
becomes one line instead of a traceback.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.text import Text

from tracker.errors import InputError, TrackerError
from tracker.paths import rel

# C0 and C1 control characters other than tab: a PDF's text or a file name can carry terminal escape
# sequences, which must reach the terminal as visible text, not as commands.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A console that prints strings as they read: markup, highlighting and emoji codes off. ``width``
    None: the terminal's, or ``width`` itself when output is not a terminal (logs of CI runs get room)."""
    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, markup=False, highlight=False, emoji=False,
                   width=None if stream.isatty() else width)


_stderr = console(stderr=True)


def visible(text: str) -> str:
    """``text`` with its control characters (but tab and line feed) shown as ``\\xNN``: for text from a
    PDF or a file name, which may hold terminal escape sequences."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """``text`` on one visible line (its lines joined by spaces): what an error line may hold."""
    return visible(" ".join(part.strip() for part in str(text).splitlines() if part.strip()))


def _line(label: str, style: str, message: str) -> None:
    # soft_wrap: the line is never broken at the console's width (a log or a test reads one line).
    _stderr.print(Text.assemble((label, style), one_line(message)), soft_wrap=True)


def error(message: str) -> None:
    """``error: message`` on stderr, on one line, as it reads."""
    _line("error: ", "red", message)


def warning(message: str) -> None:
    """``warning: message`` on stderr, on one line, as it reads."""
    _line("warning: ", "yellow", message)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` as an error and return the exit to raise (2: bad input or usage)."""
    error(message)
    return typer.Exit(code)


def _os_error_message(exc: OSError) -> str:
    """An ``OSError`` as ``path: problem``, the path as the user sees it."""
    problem = exc.strerror or str(exc)
    if exc.filename is None:
        return problem
    path = Path(str(exc.filename))
    if path.name.startswith(".") and path.name.endswith(".tmp"):
        # Files are written through a hidden temporary beside them: the folder is what cannot be written.
        return f"cannot write in {rel(path.parent)}/ ({problem})"
    name = rel(path)
    if exc.filename2 is not None:
        name += f" → {rel(str(exc.filename2))}"
    return f"{name}: {problem}"


def describe_exception(exc: BaseException) -> tuple[str, int] | None:
    """The one line and the exit code for an exception the CLI reports without a traceback; None for
    any other exception (a bug, which should show its traceback)."""
    if isinstance(exc, TrackerError):
        return str(exc), 2 if isinstance(exc, InputError) else 1
    if isinstance(exc, UnicodeDecodeError):
        # Files the tracker reads go through tracker.io, whose errors name the file and line; this is
        # the fallback for one that did not.
        return f"a file is not valid UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8", 2
    if isinstance(exc, OSError):
        return _os_error_message(exc), 2
    return None


def report_exception(exc: BaseException) -> int | None:
    """Print ``exc`` as one error line and return the exit code, or None (printing nothing) when it is
    not an exception the CLI reports (see :func:`describe_exception`)."""
    described = describe_exception(exc)
    if described is None:
        return None
    message, code = described
    error(message)
    return code
