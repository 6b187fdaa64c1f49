"""Export: every format round-trips by meaning, bytes are deterministic, writes are atomic."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal
from rdflib.compare import graph_diff, isomorphic

from gonghui.errors import GraphError
from gonghui import fileio
from gonghui.kg import export
from gonghui.kg.build import build_dataset, union_graph
from gonghui.kg.export import Format
from gonghui.kg.gold import read_gold_files
from gonghui.kg.namespace import GH

SINK = Path(__file__).resolve().parent / "data" / "kitchen_sink"
SNAPSHOT = Path(__file__).resolve().parent / "data" / "kitchen_sink.trig"
UPDATE = os.environ.get("GONGHUI_UPDATE_SNAPSHOTS") == "1"


@pytest.fixture(scope="module")
def sink() -> Dataset:
    return build_dataset(read_gold_files(sorted(SINK.glob("*.json")), SINK))


@pytest.fixture(scope="module")
def dataset(gold_extractions) -> Dataset:
    return build_dataset(gold_extractions)


_RDFLIB_FORMATS = {Format.TURTLE: "turtle", Format.NTRIPLES: "nt", Format.RDFXML: "xml",
                   Format.TRIG: "trig", Format.NQUADS: "nquads", Format.JSONLD: "json-ld"}


@pytest.mark.parametrize("fmt", list(Format))
def test_export_round_trips_by_meaning_in_rdflib(sink: Dataset, fmt: Format) -> None:
    _assert_round_trip(sink, fmt)


def test_export_gold_turtle_round_trips_by_meaning(dataset: Dataset) -> None:
    _assert_round_trip(dataset, Format.TURTLE)


def _assert_round_trip(dataset: Dataset, fmt: Format) -> None:
    data = export.serialize(dataset, fmt)
    if fmt.has_graphs:
        back = Dataset()
        back.parse(data=data, format=_RDFLIB_FORMATS[fmt])
        names = {g.identifier for g in back.graphs() if len(g)}
        assert names == {g.identifier for g in dataset.graphs() if len(g)}
        read = union_graph(back)
    else:
        read = Graph().parse(data=data, format=_RDFLIB_FORMATS[fmt])
    expected = union_graph(dataset)
    if not isomorphic(read, expected):
        _both, only_read, only_expected = graph_diff(read, expected)
        pytest.fail(f"{fmt.value}: {len(only_read)} extra, {len(only_expected)} missing triples")


@pytest.mark.parametrize("fmt", [Format.TURTLE, Format.TRIG, Format.NTRIPLES, Format.NQUADS])
def test_export_loads_in_pyoxigraph(dataset: Dataset, fmt: Format) -> None:
    store = ox.Store()
    store.load(export.serialize(dataset, fmt), format=ox.RdfFormat.from_extension(fmt.suffix[1:]))
    distinct = {(s, p, o) for s, p, o, _g in store}
    assert len(distinct) == len(union_graph(dataset))


@pytest.mark.parametrize("fmt", list(Format))
def test_export_same_input_same_bytes(dataset: Dataset, fmt: Format) -> None:
    assert export.serialize(dataset, fmt) == export.serialize(dataset, fmt)


def test_export_same_bytes_across_processes_and_hash_seeds(tmp_path: Path, gold_dir: Path,
                                                           seeds_dir: Path) -> None:
    script = (
        "import sys, hashlib; from pathlib import Path\n"
        "from gonghui.kg.gold import read_gold_files\n"
        "from gonghui.kg.build import build_dataset\n"
        "from gonghui.kg import export\n"
        f"ds = build_dataset(read_gold_files(sorted(Path({str(gold_dir)!r}).glob('*.json')), "
        f"Path({str(seeds_dir)!r})))\n"
        "print(' '.join(hashlib.sha256(export.serialize(ds, f)).hexdigest() "
        "for f in export.Format))\n"
    )
    digests = set()
    for seed in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                             text=True, env={"PYTHONHASHSEED": seed, "PATH": ""})
        digests.add(out.stdout)
    assert len(digests) == 1


def test_export_turtle_is_readable(dataset: Dataset) -> None:
    text = export.serialize(dataset, Format.TURTLE).decode("utf-8")
    assert "@prefix organization: <https://w3id.org/gonghui/id/organization/> ." in text
    assert "/home/" not in text and "/work/" not in text  # no absolute paths leak in


@pytest.mark.parametrize(("name", "fmt"), [("g.ttl", Format.TURTLE), ("g.trig", Format.TRIG),
                                           ("g.nq", Format.NQUADS), ("g.jsonld", Format.JSONLD),
                                           ("g.rdf", Format.RDFXML), ("g.nt", Format.NTRIPLES)])
def test_export_format_for_path(name: str, fmt: Format) -> None:
    assert export.format_for_path(Path(name)) is fmt


def test_export_unknown_suffix_raises_graph_error() -> None:
    with pytest.raises(GraphError, match="g.xyz"):
        export.format_for_path(Path("g.xyz"))


def test_export_failed_serialization_leaves_no_file(tmp_path: Path) -> None:
    broken = Graph()
    broken.add((BNode(), GH.year, Literal("x")))
    target = tmp_path / "out.ttl"
    with pytest.raises(GraphError, match="blank node"):
        export.write(broken, target)
    assert list(tmp_path.iterdir()) == []


def test_export_failed_write_keeps_old_file(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.nt"
    target.write_bytes(b"old\n")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(fileio.os, "replace", fail)
    with pytest.raises(OSError):
        export.write(Graph(), target)
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.nt"]


def test_export_write_all_writes_every_format(sink: Dataset, tmp_path: Path) -> None:
    written = export.write_all(sink, tmp_path, stem="kg")
    assert sorted(p.name for p in written) == sorted(f"kg{f.suffix}" for f in Format)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_kitchen_sink_matches_snapshot(sink: Dataset) -> None:
    """Compared by meaning; GONGHUI_UPDATE_SNAPSHOTS=1 rewrites the snapshot."""
    if UPDATE or not SNAPSHOT.exists():
        export.write(sink, SNAPSHOT)
    expected = Dataset()
    expected.parse(SNAPSHOT, format="trig")
    got, want = union_graph(sink), union_graph(expected)
    if not isomorphic(got, want):
        _both, only_got, only_want = graph_diff(got, want)
        lines = sorted(f"+ {t}" for t in only_got) + sorted(f"- {t}" for t in only_want)
        pytest.fail("graph differs from snapshot (GONGHUI_UPDATE_SNAPSHOTS=1 to accept):\n"
                    + "\n".join(lines[:40]))
    assert {g.identifier for g in expected.graphs() if len(g)} == {
        g.identifier for g in sink.graphs() if len(g)}
