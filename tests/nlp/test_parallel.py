"""Extraction over several processes gives the records of one process, in the same order."""

from __future__ import annotations

from pathlib import Path

import pytest

from gonghui.ingest import load_documents
from gonghui.nlp.parallel import chunk_by_file, extract_all
from gonghui.nlp.to_records import extract
from gonghui.records import Document


def _doc(file: str, n: int, size: int) -> Document:
    return Document(id=f"{file}#{n}", file=file, text="字" * size, offsets=tuple(range(size)))


def test_parallel_chunks_keep_a_files_articles_together() -> None:
    docs = [_doc("a", 1, 6), _doc("a", 2, 6), _doc("b", 1, 3), _doc("c", 1, 20), _doc("d", 1, 1)]
    chunks = list(chunk_by_file(docs, chunk_chars=10))
    assert [[d.id for d in c] for c in chunks] == [["a#1", "a#2"], ["b#1", "c#1"], ["d#1"]]
    assert [d for c in chunks for d in c] == docs


@pytest.fixture(scope="module")
def seed_documents(seeds_dir: Path) -> list[Document]:
    return [d for path in sorted(seeds_dir.glob("*.txt")) for d in load_documents(path)]


def test_parallel_two_processes_give_the_same_records(nlp_rules, seed_documents) -> None:
    one = list(extract(seed_documents, nlp_rules))
    # Small chunks, so that the five seed files really are spread over both processes.
    two = list(extract_all(seed_documents, nlp_rules, jobs=2, chunk_chars=3000))
    assert len(list(chunk_by_file(seed_documents, 3000))) >= 3
    assert two == one
