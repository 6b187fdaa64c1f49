"""How every ``gonghui`` command reports a library error: one line on stderr and the error's exit
code (``gonghui.errors``), never a traceback. Shared by ``cli.py`` and the training project's
``training/cli.py``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from .errors import GonghuiError

F = TypeVar("F", bound=Callable[..., Any])


# A file name may hold a newline or a terminal escape (ESC[2J clears the screen): shown as
# \n, \x1b..., an error stays one line and the terminal is left alone.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(message: str) -> str:
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], message)


def report(message: str) -> None:
    typer.echo(f"gonghui: error: {one_line(message)}", err=True)


def fail(message: str, code: int) -> None:
    report(message)
    raise typer.Exit(code)


def reports_errors(command: F) -> F:
    """Turn library errors into one line on stderr and the error's exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except GonghuiError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)

    return wrapper  # type: ignore[return-value]
