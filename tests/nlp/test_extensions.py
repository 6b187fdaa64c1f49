"""Names on spans: ``span._.canonical`` and ``span._.aliases``, typed and keyed by label."""

from __future__ import annotations

import pytest
import spacy

from gonghui.nlp.extensions import aliases_of, canonical_of, name_span
from gonghui.nlp.resolve import MENTIONS_KEY, Resolution
from gonghui.nlp.to_records import doc_to_extraction


def test_extensions_a_place_and_an_organization_over_one_text_keep_their_own_names() -> None:
    doc = spacy.blank("zh").make_doc("青禾县总工会")
    place = name_span(doc.char_span(0, 3, label="PLACE"), "青禾县")
    org = name_span(doc.char_span(0, 3, label="ORG"), "青禾县委", ("县委",))
    assert (canonical_of(place), aliases_of(place)) == ("青禾县", ())
    assert (org._.canonical, org._.aliases) == ("青禾县委", ("县委",))
    # a span made again over the same characters and label reads the same name
    assert doc.char_span(0, 3, label="ORG")._.canonical == "青禾县委"
    assert doc.char_span(0, 3, label="PERSON")._.canonical is None


@pytest.mark.parametrize(("attr", "value"), [("canonical", 3), ("aliases", ["县委"]), ("aliases", ("县委", 1))])
def test_extensions_are_typed(attr: str, value: object) -> None:
    span = spacy.blank("zh").make_doc("青禾县")[0:3]
    with pytest.raises(TypeError):
        setattr(span._, attr, value)


def test_extensions_resolver_names_every_mention_and_leaves_kb_id_alone(nlp_rules) -> None:
    doc = nlp_rules("青禾县总工会召开全委会议。会上，县总工会主席韩丽萍讲话。会后，韩主席走访了困难职工。")
    mentions = list(doc.spans[MENTIONS_KEY])
    assert mentions and all(m._.canonical for m in mentions)
    by_text = {m.text: m for m in mentions}
    assert by_text["县总工会"]._.canonical == "青禾县总工会"
    assert "县总工会" in by_text["青禾县总工会"]._.aliases
    assert by_text["韩主席"]._.canonical == "韩丽萍"  # a form the resolver found, not an ent
    assert {e.text: e._.canonical for e in doc.ents}["县总工会"] == "青禾县总工会"
    assert all(e.kb_id_ == "" and e.id_ == "" for e in (*doc.ents, *mentions))


def test_extensions_records_are_read_from_the_mentions(nlp_rules) -> None:
    from gonghui.records import Document

    text = "青禾县总工会召开全委会议。县总工会主席韩丽萍讲话。"
    doc = nlp_rules(text)
    document = Document(id="a", file="a.txt", text=text, offsets=tuple(range(len(text))))
    before = {e.name: e.aliases for e in doc_to_extraction(doc, document).entities}
    assert "青禾县总工会" in before
    for mention in doc.spans[MENTIONS_KEY]:
        if mention._.canonical == "青禾县总工会":
            name_span(mention, "青禾县工会", ("工会",))
    after = {e.name: e.aliases for e in doc_to_extraction(doc, document).entities}
    assert "青禾县总工会" not in after and after["青禾县工会"] == ("工会",)
    assert {e.name for e in Resolution.of(doc).entities} == set(after)
