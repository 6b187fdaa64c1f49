"""Terms of the gonghui ontology. GENERATED from ontology/gonghui.ttl: do not edit.

Regenerate with ``python -m gonghui.kg.namespace``; a test fails when this file is stale.
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from gonghui.kg.prefixes import ID_NS, ONTOLOGY_IRI, PREFIXES

__all__ = ["GH", "ID_NS", "OA", "ONTOLOGY_IRI", "PREFIXES"]


class GH(DefinedNamespace):
    """The gonghui ontology: terms that standard vocabularies lack."""

    _fail = True

    Award: URIRef  # Award
    AwardConferral: URIRef  # Award conferral
    Document: URIRef  # Document
    Event: URIRef  # Event
    Organization: URIRef  # Organization
    Person: URIRef  # Person
    Place: URIRef  # Place
    Policy: URIRef  # Policy
    Program: URIRef  # Program
    ProgramRun: URIRef  # Program run
    SourceFile: URIRef  # Source file
    award: URIRef  # award
    evidence: URIRef  # evidence
    locality: URIRef  # locality
    organizer: URIRef  # organizer
    program: URIRef  # program
    receivedAward: URIRef  # received award
    recipient: URIRef  # recipient
    runsProgram: URIRef  # runs program
    sha256: URIRef  # SHA-256 of the content
    year: URIRef  # year

    _NS = Namespace('https://w3id.org/gonghui/ontology#')


class OA(DefinedNamespace):
    """W3C Web Annotation: the terms gonghui uses."""

    _fail = True

    SpecificResource: URIRef  # Specific resource
    TextPositionSelector: URIRef  # Text position selector
    TextQuoteSelector: URIRef  # Text quote selector
    end: URIRef  # end
    exact: URIRef  # exact
    hasSelector: URIRef  # has selector
    hasSource: URIRef  # has source
    prefix: URIRef  # prefix
    start: URIRef  # start
    suffix: URIRef  # suffix

    _NS = Namespace('http://www.w3.org/ns/oa#')


def main() -> None:
    """Rewrite this module from the ontology (``python -m gonghui.kg.namespace``)."""
    from gonghui.kg._codegen import write_namespace_module

    write_namespace_module()


if __name__ == "__main__":
    main()
