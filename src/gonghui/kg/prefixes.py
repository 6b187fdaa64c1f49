"""The ontology's prefixes and IRIs as plain strings. GENERATED from
ontology/gonghui.ttl: do not edit. Regenerate with ``python -m gonghui.kg.namespace``.

Apart from ``namespace.py`` because it imports nothing: a query needs the prefixes, not
rdflib (whose import is most of ``gonghui query``'s start-up).
"""

ONTOLOGY_IRI = 'https://w3id.org/gonghui/ontology'
# Instance IRIs: minted only by gonghui.kg.iri.
ID_NS = 'https://w3id.org/gonghui/id/'
# The prefixes declared in the ontology, for serializers and queries.
PREFIXES: dict[str, str] = {
    'dcterms': 'http://purl.org/dc/terms/',
    'foaf': 'http://xmlns.com/foaf/0.1/',
    'gh': 'https://w3id.org/gonghui/ontology#',
    'oa': 'http://www.w3.org/ns/oa#',
    'org': 'http://www.w3.org/ns/org#',
    'owl': 'http://www.w3.org/2002/07/owl#',
    'prov': 'http://www.w3.org/ns/prov#',
    'rdf': 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
    'rdfs': 'http://www.w3.org/2000/01/rdf-schema#',
    'schema': 'https://schema.org/',
    'skos': 'http://www.w3.org/2004/02/skos/core#',
    'xsd': 'http://www.w3.org/2001/XMLSchema#',
}
