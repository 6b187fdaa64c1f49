"""The relation stage: HOLDS_POSITION, RECEIVED_AWARD and RUNS_PROGRAM read as grammar over the
entities, one module per kind of construction.

A relation is read only where the construction and the argument types agree; no relation is
better than a wrong one. An omitted subject (2019年荣获…, 开展“…”活动) falls to the article's
reporting organization: the union of its locality when the article names it, else its most
named union.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ...records import ReceivedAward, Relation
from ..knowledge import in_pipeline, uses_knowledge
from ..locality import Locality
from ..resolve import Resolution
from .awards import AwardReader
from .common import Context, FoundRelation, reporting_org
from .posts import PostReader, bylines
from .programs import ProgramReader

__all__ = ["FoundRelation", "read_relations", "reporting_org"]


def read_relations(doc: Doc, resolution: Resolution, locality: Locality,
                   correspondents: bool = False) -> list[FoundRelation]:
    ctx = Context(doc, resolution, locality)
    posts, honours = PostReader(ctx).read()
    found = bylines(ctx, correspondents) + posts + AwardReader(ctx).read() + honours + ProgramReader(ctx).read()
    unique: dict[Relation, FoundRelation] = {}
    for item in found:
        unique.setdefault(item.relation, item)
    # one conferral per recipient and award: the reading that found its year
    dated = {(r.recipient, r.award) for r in unique if isinstance(r, ReceivedAward) and r.year}
    return [item for rel, item in unique.items()
            if not (isinstance(rel, ReceivedAward) and rel.year is None
                    and (rel.recipient, rel.award) in dated)]


@Language.factory("gonghui_relations", assigns=["doc._.relations"],
                  requires=["doc.ents", "span._.canonical", "doc._.locality"],
                  default_config={"correspondents": False})
def make_relations(nlp: Language, name: str, correspondents: bool) -> RelationFinder:
    return in_pipeline(RelationFinder(correspondents), nlp)


@uses_knowledge
class RelationFinder:
    def __init__(self, correspondents: bool = False) -> None:
        self.correspondents = correspondents

    def __call__(self, doc: Doc) -> Doc:
        locality = doc._.locality or Locality(None, None, None)
        doc._.relations = read_relations(doc, Resolution.of(doc), locality, self.correspondents)
        return doc
