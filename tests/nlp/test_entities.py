"""How rule and model spans are merged (the policy in gonghui.nlp.entities' docstring).

Spans are placed by hand on a bare character-token doc, so each row tests the policy alone,
whatever the rules or the model happen to find.
"""

from __future__ import annotations

import pytest
import spacy

from gonghui.nlp.entities import merge_spans
from gonghui.nlp.extensions import name_span


def _span(doc, text: str, label: str, occurrence: int = 0, canonical: str | None = None):
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), label=label)
    return span if canonical is None else name_span(span, canonical)  # a rule's name; the model names none


def _merged(text: str, rules: list[tuple[str, str]], model: list[tuple[str, str]]):
    doc = spacy.blank("zh").make_doc(text)
    rule_spans = [_span(doc, t, label, canonical=t if label == "PLACE" else None) for t, label in rules]
    model_spans = [_span(doc, t, label) for t, label in model]
    taken, nested = merge_spans(doc, rule_spans, model_spans)
    return [(s.text, s.label_) for s in taken], [(s.text, s.label_) for s in nested]


@pytest.mark.parametrize(
    ("text", "rules", "model", "expected"),
    [
        # A rule-only type is never broken by a model span inside it.
        ("荣获全国工会财务工作先进单位称号", [("全国工会财务工作先进单位", "AWARD")],
         [("全国工会", "ORG")], [("全国工会财务工作先进单位", "AWARD")]),
        # ... even where the model's span is longer and overlaps it.
        ("开展金秋助学活动中心工作", [("金秋助学活动", "PROGRAM")], [("助学活动中心", "ORG")],
         [("金秋助学活动", "PROGRAM")]),
        # The model adds what the rules did not see.
        ("县总工会主席王建国看望李红梅", [("县总工会", "ORG"), ("王建国", "PERSON")],
         [("李红梅", "PERSON")],
         [("县总工会", "ORG"), ("王建国", "PERSON"), ("李红梅", "PERSON")]),
        # A rule's span is never moved by the model's, longer or not: the model's edges wander.
        ("联合县委宣传部开展活动", [("县委宣传部", "ORG")], [("联合县委宣传部", "ORG")],
         [("县委宣传部", "ORG")]),
        ("射阳县总工会召开大会", [("射阳县总工会", "ORG")], [("射阳县", "PLACE")],
         [("射阳县总工会", "ORG")]),
        ("走访长江药业", [("长江药业", "ORG")], [("长江药业", "PLACE")], [("长江药业", "ORG")]),
        # Among the rules' spans the longer wins.
        ("红星机械厂工会召开大会", [("红星机械厂", "ORG"), ("红星机械厂工会", "ORG")], [],
         [("红星机械厂工会", "ORG")]),
        # Between the model's spans too, in what the rules left free.
        ("看望李红梅同志", [], [("李红", "PERSON"), ("李红梅", "PERSON")], [("李红梅", "PERSON")]),
        # Labels the merge does not know from a model are ignored.
        ("走访长江药业", [], [("长江药业", "PROGRAM")], []),
    ],
)
def test_entities_merge_policy(text, rules, model, expected) -> None:
    taken, _ = _merged(text, rules, model)
    assert taken == expected


def test_entities_village_inside_an_org_is_kept_nested() -> None:
    taken, nested = _merged("东湖村党支部开展义诊", [("东湖村党支部", "ORG"), ("东湖村", "PLACE")], [])
    assert taken == [("东湖村党支部", "ORG")]
    assert nested == [("东湖村", "PLACE")]


@pytest.mark.parametrize(("text", "rules"), [
    ("黄沙港镇卫生院开展义诊", [("黄沙港镇卫生院", "ORG"), ("黄沙港镇", "PLACE")]),
    ("富顺县总工会召开会议", [("富顺县总工会", "ORG"), ("富顺县", "PLACE")]),
    ("荣获四川省劳动模范称号", [("四川省劳动模范", "AWARD"), ("四川省", "PLACE")]),
])
def test_entities_township_county_city_province_inside_a_name_is_not_an_entity(text, rules) -> None:
    """Flat, outermost mentions: 某县 in 某县总工会, 某镇 in 某镇卫生院 is no place of its own."""
    taken, nested = _merged(text, rules, [])
    assert taken == [rules[0]] and nested == []


def test_entities_model_org_inside_an_event_is_nested() -> None:
    text = "召开海门市总工会十六届四次全委会议"
    taken, nested = _merged(text, [("海门市总工会十六届四次全委会议", "EVENT")], [("海门市总工会", "ORG")])
    assert taken == [("海门市总工会十六届四次全委会议", "EVENT")]
    assert nested == [("海门市总工会", "ORG")]


@pytest.mark.parametrize(
    ("text", "span", "label", "plausible"),
    [
        ("看望顾青山同志", "顾青山", "PERSON", True),
        ("看望欧阳晓峰同志", "欧阳晓峰", "PERSON", True),
        ("看望阿依古丽·买买提", "阿依古丽·买买提", "PERSON", True),
        ("坚持固本培元", "固本培元", "PERSON", False),  # no surname
        ("获南丁格尔奖", "丁格尔", "PERSON", False),  # starts inside a word
        ("江西金鸿马现代物流", "金鸿马现代物", "PERSON", False),  # too long for a name
        ("联合江西景旺精密电路公司", "江西景旺", "PERSON", False),  # a province's name first
        ("联合江西晨举办", "江西晨", "PERSON", False),
        ("走访九阳生物制药公司", "九阳生物制药", "ORG", True),
        ("宝应县职工医院", "宝应县职工医", "ORG", False),  # cut inside a word
        ("长江沿线", "长江", "ORG", False),  # one common word
        ("学习苏州经验", "苏州", "ORG", False),  # a gazetteer name: the rules decide
        ("发挥工会组织作用", "工会组织", "ORG", False),  # opens with a bare head
        ("省市工会领导", "省市工会", "ORG", False),  # a generic group
        ("指导各镇区工会开展活动", "镇区工会", "ORG", False),  # only levels before the head
        ("中国工会十七大精神", "中国工会十七大", "ORG", False),  # a congress
        ("到青石村调研", "青石村", "PLACE", True),
        ("到美团调研", "美团", "PLACE", False),  # no place word at its end
        ("各乡镇(园区)工会", "乡镇(园区", "PLACE", False),  # a bracket left open
        ("要加强基层工会组织建设", "加强基层工会组织", "ORG", False),  # a verb first
        ("走访红星电子", "红星电子", "ORG", True),  # a company by its trade
        ("走访红星", "红星", "ORG", False),  # no head, no trade
    ],
)
def test_entities_plausible_model_span(text, span, label, plausible) -> None:
    from gonghui.nlp.entities import plausible_model_span
    from gonghui.nlp.segmentation import words_of

    doc = spacy.blank("zh").make_doc(text)
    assert plausible_model_span(_span(doc, span, label), words_of(text)) is plausible


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        ("主席姜敏作报告", "姜敏作", "姜敏"),  # 作 opens 作报告
        ("看望顾青山同志", "顾青山", "顾青山"),  # 山 ends the name
        ("欧阳晓在会上", "欧阳晓", "欧阳晓"),  # a two-character surname: the name is whole
    ],
)
def test_entities_model_person_trimmed_where_next_word_starts(text, span, expected) -> None:
    from gonghui.nlp.entities import trimmed_person

    doc = spacy.blank("zh").make_doc(text)
    assert trimmed_person(doc, _span(doc, span, "PERSON")).text == expected


def test_entities_model_labels_are_configurable() -> None:
    nlp = spacy.blank("zh")
    merger = nlp.add_pipe("gonghui_entities", config={"model_labels": ["PERSON"]})
    doc = nlp.make_doc("顾青山走访九阳生物制药公司")
    doc.spans["gonghui_model"] = [_span(doc, "顾青山", "PERSON"), _span(doc, "九阳生物制药公司", "ORG")]
    assert [(e.text, e.label_) for e in merger(doc).ents] == [("顾青山", "PERSON")]
    with pytest.raises(ValueError, match="model_labels"):
        spacy.blank("zh").add_pipe("gonghui_entities", config={"model_labels": ["AWARD"]})


@pytest.mark.parametrize(("text", "known", "expected"), [
    # The other names of a list that holds a person are people too.
    ("邀请施丹明、焦海洋、庄毛英等劳模宣讲", ["施丹明"], ["施丹明", "焦海洋", "庄毛英"]),
    ("邀请施丹明、焦海洋、庄毛英等劳模宣讲", ["庄毛英"], ["施丹明", "焦海洋", "庄毛英"]),
    # ... but only items that are names and end there: 先进集体 is no person, nor is 王明华工作室.
    ("表彰张明、先进集体等", ["张明"], ["张明"]),
    ("走访李红、王明华工作室", ["李红"], ["李红"]),
])
def test_entities_people_listed_with_people(text, known, expected) -> None:
    from gonghui.nlp.entities import people_listed_with_people

    doc = spacy.blank("zh").make_doc(text)
    ents = [_span(doc, name, "PERSON") for name in known]
    found = people_listed_with_people(doc, ents)
    assert sorted(s.text for s in [*ents, *found]) == sorted(expected)


def test_entities_model_alone_takes_people_orgs_places_from_the_model(nlp_model_alone) -> None:
    """--entities model: PERSON, ORG and PLACE are the model's spans as tagged, nothing the rules
    found of those types; the rules' own types are still there."""
    doc = nlp_model_alone("县总工会主席王建国在大会上讲话，表彰了一批全国五一劳动奖章获得者。李红梅同志作报告。")
    model = {(s.start_char, s.end_char, s.label_) for s in doc.spans["gonghui_model"]}
    found = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in ("PERSON", "ORG", "PLACE")}
    assert found and found <= model
    assert any(e.label_ == "AWARD" for e in doc.ents)


def test_entities_sources_are_checked() -> None:
    from gonghui.errors import ModelError
    from gonghui.nlp.pipeline import build_pipeline

    with pytest.raises(ModelError, match="entities must be one of"):
        build_pipeline(entities="crf")
    with pytest.raises(ModelError, match="need a model"):
        build_pipeline(model="none", entities="model")


@pytest.mark.parametrize(("text", "part", "whole"), [
    ("市总工会主席热合曼·阿不都拉出席", "曼·阿不都拉", "热合曼·阿不都拉"),
    ("外卖骑手买买提江·艾则孜领到会员卡", "江·艾则孜", "买买提江·艾则孜"),
    ("表彰了阿依古丽·买买提等职工", "阿依古丽", "阿依古丽·买买提"),
    ("表彰了阿依古丽·买买提等职工", "古丽·买买提", "阿依古丽·买买提"),
    ("主席王建国出席", "王建国", "王建国"),
])
def test_entities_a_transcribed_name_runs_over_its_dots(text, part, whole) -> None:
    from gonghui.nlp.entities import whole_dotted_name
    from gonghui.nlp.extensions import remember_text

    doc = remember_text(spacy.blank("zh").make_doc(text), text)
    start = text.index(part)
    span = doc.char_span(start, start + len(part), label="PERSON")
    assert whole_dotted_name(doc, span).text == whole


@pytest.mark.parametrize(
    ("text", "rule", "model", "expected"),
    [
        # the rule cut the name at 和; the model reaches the city: the model's left edge
        ("绵阳市云计算和数据中心产业工会联合会成立", "数据中心产业工会联合会", "绵阳市云计算和数据中心产业工会联合会",
         "绵阳市云计算和数据中心产业工会联合会"),
        # a company's unit the rule cut at 都: the model's left edge, the rule's right one
        ("表彰鹰潭铜都冶炼有限公司熔炼车间丙班。", "冶炼有限公司熔炼车间丙班", "鹰潭铜都冶炼有限公司",
         "鹰潭铜都冶炼有限公司熔炼车间丙班"),
        # no place opens the model's span: the rule's boundaries stand
        ("联合会成立大会在数据中心产业工会联合会举行", "数据中心产业工会联合会", "在数据中心产业工会联合会",
         "数据中心产业工会联合会"),
        # the rule's own name opens with a place: it stands
        ("富顺县总工会召开会议", "富顺县总工会", "顺县总工会", "富顺县总工会"),
    ],
)
def test_entities_longer_model_org_wins_where_a_place_opens_it(text, rule, model, expected) -> None:
    from gonghui.nlp.entities import longer_model_orgs

    doc = spacy.blank("zh").make_doc(text)
    [span] = longer_model_orgs([_span(doc, rule, "ORG")], [_span(doc, model, "ORG")])
    assert span.text == expected
