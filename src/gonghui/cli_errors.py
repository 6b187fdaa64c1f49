"""How every ``gonghui`` command reports a library error: one line on stderr and the error's exit
code (``gonghui.errors``), never a traceback. Shared by ``cli.py`` and ``cli_model.py``."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from .errors import GonghuiError

F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str, code: int) -> None:
    typer.echo(f"gonghui: error: {message}", err=True)
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
