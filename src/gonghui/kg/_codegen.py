"""Generate ``namespace.py`` and ``prefixes.py`` from ``ontology/gonghui.ttl`` (as rdflib's
``_ORG.py`` is generated).

``prefixes.py`` holds the plain strings (prefixes, the ontology's and instances' IRIs) and imports
nothing, so ``gonghui query`` runs without importing rdflib (see docs/queries.md, start-up);
``namespace.py`` re-exports them beside the rdflib terms.

Kept apart from the generated module so that regenerating never overwrites the generator.
``python -m gonghui.kg.namespace`` calls :func:`write_namespace_module`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from rdflib import RDFS, Graph, Literal, URIRef

from gonghui.resources import ontology_dir

GH_NS = "https://w3id.org/gonghui/ontology#"
ID_NS = "https://w3id.org/gonghui/id/"
ONTOLOGY_IRI = "https://w3id.org/gonghui/ontology"
# Vocabularies we reuse that rdflib does not ship: a DefinedNamespace is generated for the
# terms the ontology mentions, so code that uses them also fails loudly on a typo.
EXTRA_VOCABULARIES = {"OA": ("oa", "http://www.w3.org/ns/oa#", "W3C Web Annotation")}

MODULE_PATH = Path(__file__).with_name("namespace.py")
PREFIXES_PATH = Path(__file__).with_name("prefixes.py")


def _english_label(graph: Graph, term: URIRef) -> str:
    for label in sorted(graph.objects(term, RDFS.label), key=str):
        if isinstance(label, Literal) and label.language == "en":
            return str(label)
    return ""


def _terms_in(graph: Graph, base: str) -> list[URIRef]:
    seen = {t for triple in graph for t in triple
            if isinstance(t, URIRef) and str(t).startswith(base)}
    return sorted((t for t in seen if str(t) != base), key=str)


def _class_block(name: str, doc: str, graph: Graph, base: str) -> list[str]:
    lines = [f"class {name}(DefinedNamespace):", f'    """{doc}"""', "", "    _fail = True", ""]
    for term in _terms_in(graph, base):
        local = str(term)[len(base):]
        label = _english_label(graph, term)
        lines.append(f"    {local}: URIRef" + (f"  # {label}" if label else ""))
    lines += ["", f"    _NS = Namespace({base!r})"]
    return lines


def _ontology(ontology_path: Path | None) -> Graph:
    path = ontology_path or ontology_dir() / "gonghui.ttl"
    return Graph(bind_namespaces="none").parse(path, format="turtle")


def generate_prefixes_module(ontology_path: Path | None = None) -> str:
    """The source text of ``prefixes.py``: plain strings, no import."""
    graph = _ontology(ontology_path)
    prefixes = dict(sorted((p, str(ns)) for p, ns in graph.namespaces()))
    return "\n".join([
        '"""The ontology\'s prefixes and IRIs as plain strings. GENERATED from',
        "ontology/gonghui.ttl: do not edit. Regenerate with ``python -m gonghui.kg.namespace``.",
        "",
        "Apart from ``namespace.py`` because it imports nothing: a query needs the prefixes, not",
        "rdflib (whose import is most of ``gonghui query``'s start-up).",
        '"""',
        "",
        f"ONTOLOGY_IRI = {ONTOLOGY_IRI!r}",
        "# Instance IRIs: minted only by gonghui.kg.iri.",
        f"ID_NS = {ID_NS!r}",
        "# The prefixes declared in the ontology, for serializers and queries.",
        "PREFIXES: dict[str, str] = {",
        *[f"    {p!r}: {ns!r}," for p, ns in prefixes.items()],
        "}",
        "",
    ])


def generate_namespace_module(ontology_path: Path | None = None) -> str:
    """The source text of ``namespace.py`` for the given ontology file."""
    graph = _ontology(ontology_path)
    lines = [
        '"""Terms of the gonghui ontology. GENERATED from ontology/gonghui.ttl: do not edit.',
        "",
        "Regenerate with ``python -m gonghui.kg.namespace``; a test fails when this file is stale.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "from gonghui.kg.prefixes import ID_NS, ONTOLOGY_IRI, PREFIXES",
        "",
        '__all__ = ["GH", "ID_NS", "OA", "ONTOLOGY_IRI", "PREFIXES"]',
        "",
        "",
        *_class_block("GH", "The gonghui ontology: terms that standard vocabularies lack.",
                      graph, GH_NS),
    ]
    for name, (_prefix, base, title) in sorted(EXTRA_VOCABULARIES.items()):
        lines += ["", ""]
        lines += _class_block(name, f"{title}: the terms gonghui uses.", graph, base)
    lines += [
        "",
        "",
        "def main() -> None:",
        '    """Rewrite this module from the ontology (``python -m gonghui.kg.namespace``)."""',
        "    from gonghui.kg._codegen import write_namespace_module",
        "",
        "    write_namespace_module()",
        "",
        "",
        'if __name__ == "__main__":',
        "    main()",
        "",
    ]
    return "\n".join(lines)


def write_namespace_module(target: Path = MODULE_PATH, ontology_path: Path | None = None,
                           prefixes_target: Path | None = None) -> Path:
    """Write ``namespace.py`` and, beside it, ``prefixes.py``."""
    _write(prefixes_target or target.with_name(PREFIXES_PATH.name),
           generate_prefixes_module(ontology_path))
    return _write(target, generate_namespace_module(ontology_path))


def _write(target: Path, text: str) -> Path:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
