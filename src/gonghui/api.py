"""The Python entry points, for notebooks and scripts: text or files in, records or a graph out.

    import gonghui
    records = gonghui.extract("市总工会主席李明出席会议。")        # text
    records = gonghui.extract(Path("seeds"))                        # a file or a folder
    graph = gonghui.build_graph(records)                            # an rdflib Dataset
    graph.query("SELECT ...")

A ``str`` is text; a ``pathlib.Path`` is a file or a folder; a list may mix them. The records are
``gonghui.records.Extraction`` (one per article: its document, entities and relations, each with
the evidence it was read from), the shape ``gonghui extract`` writes as JSON lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Union

from .errors import InputError
from .records import Extraction, SourceFile

if TYPE_CHECKING:
    from rdflib import Dataset
    from spacy.language import Language

Source = Union[str, Path]


def extract(sources: Source | Iterable[Source], *, model: str | None = None,
            nlp: Language | None = None) -> list[Extraction]:
    """The extraction of each article of ``sources``, in order.

    ``model`` is as for ``gonghui extract --model`` (None: the shipped model; "none": the rules
    alone); or pass a pipeline built once (``gonghui.nlp.pipeline.build_pipeline()``) as ``nlp``
    to reuse it across calls. A file that cannot be read raises ``InputError`` naming it; an
    article whose extraction fails raises ``GonghuiError`` naming it.
    """
    from .errors import GonghuiError
    from .ingest import find_inputs, iter_documents
    from .nlp.parallel import Failed, extract_chunk
    from .nlp.pipeline import build_pipeline

    items = [sources] if isinstance(sources, (str, Path)) else list(sources)
    documents = []
    texts = 0
    for item in items:
        if isinstance(item, Path):
            for found in find_inputs([item]):
                if found.error is not None:
                    raise found.error
                documents += iter_documents(found.path, identity=found.id)
        elif isinstance(item, str):
            texts += 1
            documents += _text_documents(item, f"text-{texts}.txt")
        else:
            raise InputError(f"{item!r}: give text (str) or a file or folder (pathlib.Path)")
    nlp = nlp if nlp is not None else build_pipeline(model)
    records = extract_chunk(documents, nlp) if documents else []
    for record in records:
        if isinstance(record, Failed):
            raise GonghuiError(f"{record.document}: {record.error}")
    return [r for r in records if isinstance(r, Extraction)]


def build_graph(records: Iterable[Extraction]) -> Dataset:
    """The knowledge graph of ``records`` as an rdflib ``Dataset``: one named graph per article
    (as ``gonghui build`` writes it), ready for ``.query()`` and ``.serialize()``."""
    from .kg.build import build_dataset

    dataset = build_dataset(records)
    dataset.default_union = True  # a query sees every article's graph, as on a built store
    return dataset


def _text_documents(text: str, name: str) -> list:
    from .ingest import clean, split_articles

    source = SourceFile(path=name, name=name, text=text, encoding="utf-8",
                        media_type="text/plain",
                        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    documents = split_articles(source, clean(source))
    if not documents:
        raise InputError(f"{name}: no text left after removing page furniture")
    return documents
