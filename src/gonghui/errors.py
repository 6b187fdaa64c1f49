"""Errors the library raises. Only ``cli.py`` turns them into messages and exit codes.

Every message is one line that names the file (or query) at fault, so a user can act on it.
"""

from __future__ import annotations


class GonghuiError(Exception):
    """Base class: anything a user can fix by changing the input or the call."""

    exit_code = 1


class InputError(GonghuiError):
    """A path that is missing, empty, binary or undecodable."""

    exit_code = 2


class ExtractionError(GonghuiError):
    """One article whose extraction failed (a bug met on odd text): it is left out, the run goes
    on, and the message names the file and the article."""

    exit_code = 2


class OutputError(GonghuiError):
    """An output folder that cannot take the outputs: a file, read-only, full, or busy."""

    exit_code = 6


class QueryError(GonghuiError):
    """A SPARQL query that does not parse or cannot run."""

    exit_code = 3


class GraphError(GonghuiError):
    """A graph file that cannot be read, or a graph that fails validation."""

    exit_code = 4


class ModelError(GonghuiError):
    """A spaCy pipeline or model that cannot be found or loaded."""

    exit_code = 5
