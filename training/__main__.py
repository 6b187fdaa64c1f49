"""``python -m training COMMAND``, from the repository's top: the training project's commands."""

from .cli import app

app()
