"""``python -m gonghui``: the same command as ``gonghui``."""

from .cli import main

main()
