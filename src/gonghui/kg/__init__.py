"""Records -> RDF knowledge graph: ontology terms, IRIs, build, export, store, queries, SHACL.

One module per step, imported where needed (nothing heavy is imported here):

- ``namespace``: ``GH`` / ``OA`` terms and ``PREFIXES``, GENERATED from ``ontology/gonghui.ttl``
  (``python -m gonghui.kg.namespace``).
- ``iri``: the only place instance IRIs are minted (``entity_iri``, ``document_iri`` ...).
- ``build``: ``build_dataset(extractions) -> rdflib.Dataset``, one named graph per article;
  ``union_graph(dataset)``.
- ``gold``: ``read_gold_files(paths, texts_dir)`` -> ``Extraction`` records, without spaCy.
- ``export``: ``serialize(dataset, fmt) -> bytes``, ``write(dataset, path)``, ``write_all``;
  deterministic bytes, atomic files.
- ``store``: ``load_store(path)``, ``run_query(store_or_graph, query, bindings)``,
  ``format_results(result, "table" | "csv" | "json")``.
- ``saved_queries``: ``list_queries()``, ``load_query(name)``, ``describe_query(name)``.
- ``validate``: ``validate_graph(graph)``, ``check_graph(graph, source)`` (pySHACL).
"""
