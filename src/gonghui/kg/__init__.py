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
- ``store``: the one query layer. ``open_graph(path)`` (a graph file into memory, or an
  on-disk store read-only), ``run_query(graph, query, bindings)`` and ``select(graph, name)``
  over one result type (``QueryResult`` of ``Term``s); prefixes predeclared, SERVICE refused.
- ``limits``: ``stream_query(path, query, timeout=, row_limit=)``: a user's query in a worker
  process, rows streamed, stopped by its time limit or Ctrl-C.
- ``results``: ``write_results(variables, rows, "table" | "csv" | "json", out)``, control
  characters never sent to a terminal.
- ``saved_queries``: ``list_queries()``, ``load_query(name)`` (user queries and ``views/*``, the
  page's), ``describe_query(name)``, ``query_text(query_or_name, file)``.
- ``validate``: ``validate_graph(graph)``, ``check_graph(graph, source)`` (pySHACL).
"""
