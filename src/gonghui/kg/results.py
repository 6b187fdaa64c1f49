"""Write a query's rows as a table, CSV or JSON, row by row as they arrive.

Every value comes from a document, and a document can hold terminal escape sequences (``ESC[2J``
clears the screen, ``ESC]0;...BEL`` retitles the window). A table is for a terminal, so its
control characters are always shown as escapes (``\\x1b``), never sent. JSON escapes them as
``\\u001b``, which loses nothing. CSV is written as it is for a file, and made safe like the
table when it goes to a terminal.
"""

from __future__ import annotations

import csv
import itertools
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from gonghui.errors import QueryError
from gonghui.kg.store import Row, Value

FORMATS = ("table", "csv", "json")
_TABLE_SAMPLE = 50  # rows read before the column widths are fixed; later rows may overflow

# C0 and C1 controls, DEL, and the bidirectional overrides that can reorder what a reader sees.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """The text with every control character written as a visible escape."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _cell(value: Value) -> str:
    return "" if value is None else str(value)


def _plain(row: Row) -> tuple[Value, ...]:
    return tuple(None if term is None else term.python for term in row)


def _width(text: str) -> int:  # CJK characters take two columns in a terminal
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _table_lines(variables: Sequence[str], rows: Iterable[Row],
                 sample_rows: Sequence[Row] | None = None) -> Iterator[str]:
    rows = iter(rows)
    if sample_rows is None:
        sample_rows = list(itertools.islice(rows, _TABLE_SAMPLE))
    sample = [[safe_text(_cell(v)) for v in _plain(row)] for row in sample_rows]
    header = [safe_text(v) for v in variables]
    widths = [max([_width(header[i])] + [_width(row[i]) for row in sample])
              for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * max(0, w - _width(c)) for c, w in zip(cells, widths)).rstrip()

    yield line(header)
    yield "  ".join("-" * w for w in widths)
    for cells in sample:
        yield line(cells)
    for row in rows:
        yield line([safe_text(_cell(v)) for v in _plain(row)])


def write_batches(variables: Sequence[str], batches: Iterable[Sequence[Row]], fmt: str,
                  out: TextIO, *, terminal: bool = False) -> int:
    """:func:`write_results` for rows that come in batches (``kg.limits``): a table takes its
    column widths from the first batch, so it prints as soon as any row is found."""
    batches = iter(batches)
    first = list(next(batches, []))
    rest = itertools.chain.from_iterable(batches)
    return write_results(variables, itertools.chain(first, rest), fmt, out, terminal=terminal,
                         sample=len(first))


def write_results(variables: Sequence[str], rows: Iterable[Row], fmt: str, out: TextIO,
                  *, terminal: bool = False, sample: int = _TABLE_SAMPLE) -> int:
    """Write the rows to ``out`` as they come, flushing as it goes; returns how many. A table
    reads ``sample`` rows (at least one) before it fixes the column widths."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown output format {fmt!r} (expected {', '.join(FORMATS)})")
    count = 0

    def counted(source: Iterable[Row]) -> Iterator[Row]:
        nonlocal count
        for row in source:
            count += 1
            yield row

    if fmt == "table":
        source = counted(rows)
        head = list(itertools.islice(source, max(1, sample)))
        for text in _table_lines(variables, source, head):
            out.write(text + "\n")
            out.flush()
    elif fmt == "csv":
        clean = safe_text if terminal else str
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([clean(v) for v in variables])
        for row in counted(rows):
            writer.writerow([clean(_cell(v)) for v in _plain(row)])
            out.flush()
    else:
        out.write("[")
        for index, row in enumerate(counted(rows)):
            record = json.dumps(dict(zip(variables, _plain(row))), ensure_ascii=False)
            record = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", record)
            out.write(("," if index else "") + "\n  " + record)
            out.flush()
        out.write("\n]\n" if count else "]\n")
    out.flush()
    return count


def format_results(variables: Sequence[str], rows: Iterable[Row], fmt: str = "table") -> str:
    """The rows written by :func:`write_results`, as one string."""
    import io

    buffer = io.StringIO()
    write_results(variables, rows, fmt, buffer)
    return buffer.getvalue()
