"""Extraction on a real Dask cluster (two worker processes on loopback) equals the local run."""

from __future__ import annotations

import pytest

from gonghui.ingest import load_documents
from gonghui.nlp import cluster
from gonghui.nlp.parallel import extract_all

distributed = pytest.importorskip("distributed")  # the cluster extra; CI installs it


@pytest.fixture(scope="module")
def local_cluster():
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, worker_dashboard_address=None) as running:
        yield running


def test_cluster_same_records_in_same_order_as_local(local_cluster, nlp_rules, seeds_dir) -> None:
    documents = [doc for path in sorted(seeds_dir.glob("*.txt")) for doc in load_documents(path)]
    local = list(extract_all(documents, nlp_rules, jobs=1))
    # Small chunks: many tasks over both workers, taken back in order.
    remote = list(cluster.extract_on_cluster(documents, local_cluster.scheduler_address,
                                             model="none", chunk_chars=2000))
    assert [r.document.id for r in remote] == [d.id for d in documents]
    assert remote == local
    from distributed import Client

    with Client(local_cluster.scheduler_address) as client:
        loads = client.run(cluster.pipelines_loaded)
    # Each worker built the pipeline once and kept it for all its tasks.
    assert len(loads) == 2 and max(loads.values()) == 1 and sum(loads.values()) >= 1


def test_cluster_unreachable_scheduler_is_one_line_error() -> None:
    documents = []
    with pytest.raises(cluster.ClusterError, match="cannot reach the Dask scheduler"):
        list(cluster.extract_on_cluster(documents, "tcp://127.0.0.1:9", connect_seconds=2))
