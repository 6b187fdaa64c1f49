"""Relations read from invented sentences through the real pipeline (rules only)."""

from __future__ import annotations

import pytest

from gonghui.records import HoldsPosition, ReceivedAward, RunsProgram


def relations(nlp, text: str) -> set:
    return {found.relation for found in nlp(text)._.relations}


@pytest.mark.parametrize(("text", "expected"), [
    ("富顺县召开大会。县委常委、组织部长刘志明出席,县总工会主席王建国讲话。富顺县总工会主办。",
     {HoldsPosition("刘志明", "常委", "富顺县委"), HoldsPosition("刘志明", "组织部长", "富顺县委"),
      HoldsPosition("王建国", "主席", "富顺县总工会")}),
    ("江油市召开会议。江油市总工会召开大会。市委副书记、市长赵立新出席。",
     {HoldsPosition("赵立新", "副书记", "江油市委"), HoldsPosition("赵立新", "市长", "江油市政府")}),
])
def test_relations_holds_position(nlp_rules, text, expected) -> None:
    assert expected <= relations(nlp_rules, text)


def test_relations_received_award_with_omitted_subject(nlp_rules) -> None:
    text = "富顺县总工会召开全委会议。富顺县总工会2021年荣获全国模范职工之家、省工会财务工作先进单位。"
    found = relations(nlp_rules, text)
    assert ReceivedAward("富顺县总工会", "全国模范职工之家", 2021) in found
    assert ReceivedAward("富顺县总工会", "省工会财务工作先进单位", 2021) in found


def test_relations_received_award_by_person(nlp_rules) -> None:
    found = relations(nlp_rules, "富顺县举行表彰。县医院周丽同志荣获市劳动模范称号。")
    assert ReceivedAward("周丽", "市劳动模范", None) in found


def test_relations_runs_program_subject_and_partners(nlp_rules) -> None:
    text = "富顺县总工会联合县人社局开展“春风送岗”专项行动。"
    found = relations(nlp_rules, text)
    assert RunsProgram("富顺县总工会", "春风送岗专项行动") in found
    assert RunsProgram("富顺县人社局", "春风送岗专项行动") in found


def test_relations_runs_program_omitted_subject_falls_to_reporting_union(nlp_rules) -> None:
    text = "富顺县总工会召开会议。一年来,深入开展“技能强县”竞赛活动。"
    assert RunsProgram("富顺县总工会", "技能强县竞赛活动") in relations(nlp_rules, text)


def test_relations_runs_program_named_after_its_owner(nlp_rules) -> None:
    # 省总 opens the program's name: the provincial union runs it, the county union carries it out.
    text = "富顺县总工会召开全委会议。富顺县总工会持续实施省总职工技能提升培养项目,培训职工300人。"
    found = relations(nlp_rules, text)
    assert RunsProgram("四川省总工会", "职工技能提升培养项目") in found
    assert RunsProgram("富顺县总工会", "职工技能提升培养项目") in found


def test_relations_received_award_by_listed_bodies(nlp_rules) -> None:
    text = "富顺县总工会召开全委会议。县税务局、供电公司被授予省模范职工之家称号。"
    found = relations(nlp_rules, text)
    assert ReceivedAward("富顺县税务局", "省模范职工之家", None) in found
    assert ReceivedAward("富顺县供电公司", "省模范职工之家", None) in found


@pytest.mark.parametrize("text", [
    "富顺县总工会召开会议。全国劳动模范是光荣的称号。",  # no cue: no award relation
    "富顺县总工会召开会议。座谈会上大家发言。",
])
def test_relations_abstain_without_cue(nlp_rules, text) -> None:
    assert not [r for r in relations(nlp_rules, text) if isinstance(r, ReceivedAward)]
