"""The model wrapper: loads a nested pipeline once, maps its labels, writes spans by characters."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from gonghui.errors import ModelError
from gonghui.nlp import model_ner
from gonghui.nlp.model_ner import SPANS_KEY, default_model_path


@pytest.fixture(scope="module")
def ontonotes_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A word-token pipeline with OntoNotes labels, standing in for zh_core_web_*."""
    nested = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nested.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "GPE", "pattern": "北京"},
        {"label": "FAC", "pattern": "人民大会堂"},
        {"label": "ORG", "pattern": "全国总工会"},
        {"label": "PERSON", "pattern": "王建国"},
        {"label": "NORP", "pattern": "汉族"},
        {"label": "DATE", "pattern": "昨天"},
    ])
    path = tmp_path_factory.mktemp("nested") / "ontonotes_like"
    nested.to_disk(path)
    return path


def spans_of(doc) -> list[tuple[str, str]]:
    return [(span.text, span.label_) for span in doc.spans[SPANS_KEY]]


def outer(model: str, label_map: dict[str, str] | None = None) -> Language:
    nlp = spacy.blank("zh")
    nlp.add_pipe("gonghui_model_ner", config={"model": model, "label_map": label_map or {}})
    return nlp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("昨天王建国来到北京，在人民大会堂出席全国总工会会议。",
         [("王建国", "PERSON"), ("北京", "PLACE"), ("人民大会堂", "PLACE"), ("全国总工会", "ORG")]),
        ("汉族职工昨天返岗。", []),  # NORP and DATE have no counterpart: dropped
    ],
)
def test_model_ner_maps_ontonotes_labels(ontonotes_like: Path, text: str, expected: list) -> None:
    doc = outer(str(ontonotes_like))(text)
    assert [(s.text, s.label_) for s in doc.spans[SPANS_KEY]] == expected


def test_model_ner_label_map_overrides(ontonotes_like: Path) -> None:
    doc = outer(str(ontonotes_like), {"NORP": "ORG"})("汉族职工")
    assert [(s.text, s.label_) for s in doc.spans[SPANS_KEY]] == [("汉族", "ORG")]


def test_model_ner_pipe_matches_call(ontonotes_like: Path) -> None:
    nlp = outer(str(ontonotes_like))
    texts = ["王建国在北京。", "无实体。", "全国总工会"] * 5
    piped = [spans_of(doc) for doc in nlp.pipe(texts, batch_size=4)]
    called = [spans_of(nlp(text)) for text in texts]
    assert piped == called
    assert called[0] == [("王建国", "PERSON"), ("北京", "PLACE")]


def test_model_ner_outer_pipeline_round_trips(ontonotes_like: Path, tmp_path: Path) -> None:
    nlp = outer(str(ontonotes_like))
    nlp.to_disk(tmp_path / "outer")
    reloaded = spacy.load(tmp_path / "outer")
    assert spans_of(reloaded("王建国")) == [("王建国", "PERSON")]


def test_model_ner_analyze_pipes_has_no_problems(ontonotes_like: Path) -> None:
    analysis = outer(str(ontonotes_like)).analyze_pipes()
    assert not any(analysis["problems"].values())


@pytest.mark.parametrize("missing", ["zh_no_such_model_sm", "/nonexistent/folder"])
def test_model_ner_missing_model_raises_one_line(missing: str) -> None:
    with pytest.raises(ModelError) as err:
        outer(missing)
    assert "\n" not in str(err.value) and missing in str(err.value)


def test_model_ner_default_path_is_package_data() -> None:
    assert default_model_path().parent.name == "models"
    assert default_model_path().parent.parent.name == "gonghui"


# Written for this test in the style of union news; the names are made up, not from any corpus.
UNSEEN = [
    ("4月28日，湖北省总工会主席刘振华来到武汉钢铁集团，看望慰问一线职工。",
     {"PERSON": {"刘振华"}, "ORG": {"湖北省总工会"}}),
    ("会上，市总工会副主席陈晓燕宣读了表彰决定，张海峰等10名职工被授予五一劳动奖章。",
     {"PERSON": {"陈晓燕", "张海峰"}, "ORG": {"市总工会"}}),
    # The CRF without the entity lexicon read 安徽省总工会联合省人力资源和社会保障厅 as one
    # organization; with it, it ends the first at 总工会.
    ("安徽省总工会联合省人力资源和社会保障厅举办全省职工职业技能大赛，副省长周建平出席开幕式。",
     {"PERSON": {"周建平"}, "ORG": {"安徽省总工会"}}),
]


@pytest.mark.parametrize(("text", "expected"), UNSEEN)
def test_model_ner_shipped_model_finds_people_and_orgs(shipped_outer: Language, text: str,
                                                      expected: dict) -> None:
    doc = shipped_outer(text)
    found: dict[str, set[str]] = {}
    for span in doc.spans[SPANS_KEY]:
        found.setdefault(span.label_, set()).add(span.text)
    for label, names in expected.items():
        assert names <= found.get(label, set()), (label, found)


@pytest.fixture(scope="module")
def shipped_outer() -> Language:
    """The model component alone, wrapping the shipped model."""
    return outer("")


def test_model_ner_module_registers_factory() -> None:
    assert "gonghui_model_ner" in spacy.registry.factories.get_all()
    assert model_ner.DEFAULT_LABEL_MAP["GPE"] == "PLACE"


def test_model_ner_shipped_model_knows_every_kind_of_feature_it_is_given() -> None:
    """The features are built in Python and the weights were fitted to them: a feature renamed,
    added or dropped without a refit would leave weights unread or features unweighted, and the
    model would only grow worse, not fail. So the kinds built and the kinds weighted must agree."""
    import pycrfsuite

    from gonghui.nlp.crf_ner import (
        CLUSTERS_FILE,
        LEXICON_FILE,
        MODEL_FILE,
        Clusters,
        EntityLexicon,
        char_features,
    )

    folder = default_model_path() / "crf_ner"
    tagger = pycrfsuite.Tagger()
    tagger.open(str(folder / MODEL_FILE))
    weighted = {attribute.split("=", 1)[0] for attribute, _ in tagger.info().state_features}
    clusters = Clusters.from_json((folder / CLUSTERS_FILE).read_text(encoding="utf-8"))
    lexicon = EntityLexicon.from_json((folder / LEXICON_FILE).read_text(encoding="utf-8"))
    rows = char_features("主席王建国到北京大学，看望１９９８名职工。", clusters, lexicon)
    built = {feature.split("=", 1)[0] for row in rows for feature in row}
    assert built == weighted


def test_model_ner_shipped_model_loads_with_plain_spacy_in_a_fresh_interpreter() -> None:
    """``spacy.load`` finds gonghui's components through their entry points: no gonghui import
    first, as a user of the saved pipeline would run it, from the repository's top (issue 18's
    command). Nothing of the training project is loaded, though ``training/`` is importable
    from there."""
    repo = Path(__file__).resolve().parents[2]
    assert default_model_path() == repo / "src" / "gonghui" / "models" / "zh_gonghui_ner"
    script = (
        "import sys, spacy\n"
        "nlp = spacy.load('src/gonghui/models/zh_gonghui_ner')\n"
        "doc = nlp('全国总工会主席王建国在北京出席会议。')\n"
        "print(nlp.pipe_names, [(e.text, e.label_) for e in doc.ents])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'training'\n"
        "             or m.startswith('gonghui.training')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=repo, check=False)
    assert result.returncode == 0, result.stderr
    pipes, training_modules = result.stdout.splitlines()
    assert "['crf_ner']" in pipes and "('王建国', 'PERSON')" in pipes
    assert training_modules == "[]"
