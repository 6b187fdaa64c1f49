"""Each shipped query on a built store, as a user runs it: a fresh ``gonghui query`` process.

    python bench/bench_queries.py STORE [STORE ...] [--rounds 3]
    python bench/bench_queries.py STORE --variant before=/tmp/before/src --variant after=

For each store: every shipped query unbound, and bound to a parameter picked from the store (the
person with the most posts, the organization that runs the most programs (or, for posts, has
the most members), the award conferred most, the program run most, the place with the most
articles: what a user would ask about, and the largest answers of their kind; ``<person>``
etc. in the table), plus ``gonghui --version`` and an ``ASK {}`` (start-up alone).
Each is run as ``gonghui query STORE NAME [-p name=value] --format csv`` with stdout read by this
process, and timed from the process's start to its exit: wall seconds, CPU seconds (user +
system of the process and the worker it forks) and rows.

``--variant NAME=SRC`` runs the same cases with ``PYTHONPATH=SRC`` (a ``src`` folder exported
from another commit, e.g. ``git archive main src | tar -x -C /tmp/before``); an empty SRC is the
installed code. Variants are interleaved case by case and round by round, so a load that comes
and goes on a shared machine falls on both. The table gives the median of the rounds.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox

VENV_BIN = Path(sys.executable).parent
PREFIXES = """PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX gh: <https://w3id.org/gonghui/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# The most frequent of each kind: one aggregate query each, run once per store by this process.
PICKS = {
    "person": "SELECT ?v (COUNT(*) AS ?n) WHERE { ?m a org:Membership ; org:member ?x . "
              "?x skos:prefLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "org": "SELECT ?v (COUNT(*) AS ?n) WHERE { ?r a gh:ProgramRun ; gh:organizer ?x . "
           "?x skos:prefLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "member_org": "SELECT ?v (COUNT(*) AS ?n) WHERE { ?m a org:Membership ; org:organization ?x . "
                  "?x skos:prefLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "award": "SELECT ?v (COUNT(*) AS ?n) WHERE { ?c a gh:AwardConferral ; gh:award ?x . "
             "?x skos:prefLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "program": "SELECT ?v (COUNT(*) AS ?n) WHERE { ?r a gh:ProgramRun ; gh:program ?x . "
               "?x skos:prefLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "year": "SELECT ?v (COUNT(*) AS ?n) WHERE { ?c gh:year ?x . BIND(STR(?x) AS ?v) } "
            "GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
    "place": "SELECT ?v (COUNT(*) AS ?n) WHERE { ?d dcterms:spatial ?x . "
             "?x skos:prefLabel ?v } GROUP BY ?v ORDER BY DESC(?n) ?v LIMIT 1",
}


def pick_parameters(store: Path) -> dict[str, str]:
    opened = ox.Store.read_only(str(store))
    picks = {}
    for kind, query in PICKS.items():
        rows = list(opened.query(PREFIXES + query))
        picks[kind] = rows[0][0].value if rows else ""
    del opened
    return picks


def cases(picks: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(label, arguments after STORE) for each case."""
    bound = [
        ("entities", "name", "org"),
        ("entities", "locality", "place"),
        ("evidence", "name", "person"),
        ("evidence", "name", "org"),
        ("holds_position", "person", "person"),
        ("holds_position", "org", "member_org"),
        ("programs_by_locality", "locality", "place"),
        ("programs_by_locality", "program", "program"),
        ("received_award", "award", "award"),
        ("received_award", "year", "year"),
        ("runs_program", "org", "org"),
        ("runs_program", "program", "program"),
    ]
    names = ["entities", "evidence", "holds_position", "programs_by_locality", "received_award",
             "runs_program"]
    listed = [("--version", []), ("ASK {}", ["ASK {}"])]
    for name in names:
        listed.append((name, [name]))
        listed += [(f"{q} -p {p}=<{kind}>", [q, "-p", f"{p}={picks[kind]}"])
                   for q, p, kind in bound if q == name and picks[kind]]
    return listed


def run_case(store: Path, arguments: list[str], source: str) -> dict:
    """One fresh process: wall and CPU seconds, rows, the last stderr line."""
    environment = dict(os.environ)
    if source:
        environment["PYTHONPATH"] = source
    command = [str(VENV_BIN / "gonghui"), "--version"] if arguments == [] else \
        [str(VENV_BIN / "gonghui"), "query", str(store), *arguments, "--format", "csv"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    rows = max(0, sum(1 for _ in csv.reader(io.StringIO(done.stdout))) - 1) if arguments else 0
    note = (done.stderr.strip().splitlines() or [""])[-1]
    if done.returncode:
        note = f"exit {done.returncode}: {note}"
    return {"wall": wall, "cpu": cpu, "rows": rows, "note": note}


def _said(run: dict) -> str:
    """What the command said on stderr about the rows it left out."""
    note = run["note"]
    if "rows of more" in note:
        return " (first rows; says more)"
    if "own LIMIT" in note:
        return " (own LIMIT)"
    if "row limit" in note:
        return " (row limit)"
    if "time limit" in note:
        return " (time limit)"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--variant", action="append", default=[],
                        help="NAME=SRC: run with PYTHONPATH=SRC (empty: the installed code)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="", help="run only the cases whose label has this text")
    args = parser.parse_args()
    variants = [tuple(v.split("=", 1)) for v in args.variant] or [("current", "")]
    for store in args.stores:
        picks = pick_parameters(store)
        print(json.dumps({"store": str(store), "picks": picks}, ensure_ascii=False), flush=True)
        listed = [c for c in cases(picks) if args.only in c[0]]
        figures: dict[tuple[str, str], list[dict]] = {}
        for round_ in range(args.rounds):
            for label, arguments in listed:
                for variant, source in variants:
                    figure = run_case(store, arguments, source)
                    figures.setdefault((label, variant), []).append(figure)
                    print(json.dumps({"store": store.name, "round": round_, "case": label,
                                      "variant": variant, **figure}, ensure_ascii=False),
                          flush=True)
        print(f"\n{store} ({args.rounds} rounds, median; start-up included)\n")
        header = "| case | " + " | ".join(f"{v} wall | {v} CPU | {v} rows" for v, _ in variants)
        print(header + " |")
        print("|---" * (1 + 3 * len(variants)) + "|")
        for label, _ in listed:
            cells = []
            for variant, _ in variants:
                runs = figures[(label, variant)]
                wall = statistics.median(r["wall"] for r in runs)
                cpu = statistics.median(r["cpu"] for r in runs)
                rows = runs[-1]["rows"]
                failed = next((r["note"] for r in runs if r["note"].startswith("exit")), "")
                cells += [f"{wall:.2f} s", f"{cpu:.2f} s", failed or f"{rows:,}{_said(runs[-1])}"]
            print(f"| `{label}` | " + " | ".join(cells) + " |")
        print(flush=True)


if __name__ == "__main__":
    main()
