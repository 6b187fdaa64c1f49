"""Programs (PROGRAM) on invented sentences in the style of union news."""

from __future__ import annotations

import pytest

from gonghui.nlp.patterns import find_candidates


def programs(text: str) -> set[str]:
    return {c.name or text[c.start:c.end] for c in find_candidates(text) if c.type.value == "PROGRAM"}


@pytest.mark.parametrize(("text", "expected"), [
    # A skill contest named by its place, with its year and edition; a count of editions is not.
    ("由市总工会主办的2023年遵义市职工职业技能大赛在遵义举行。", "2023年遵义市职工职业技能大赛"),
    ("11月5日，仁怀市第三届职工职业技能大赛落幕。", "仁怀市第三届职工职业技能大赛"),
    ("他报名参加黔南州焊工职业技能竞赛。", "黔南州焊工职业技能竞赛"),
    ("县总工会连续举办四届湄潭县茶叶加工职工职业技能大赛，", "湄潭县茶叶加工职工职业技能大赛"),
    # A service brand: the quoted name, not the words that say it is one.
    ("持续擦亮“工会暖心行”服务品牌，", "工会暖心行"),
    ("广泛开展“建功十四五、奋进新征程”劳动和技能竞赛，", "建功十四五、奋进新征程"),
    # A quoted name with a long descriptive tail is named with it.
    ("联合市司法局开展“法暖职工·同心筑梦”服务农民工公益法律服务行动，",
     "法暖职工·同心筑梦服务农民工公益法律服务行动"),
    # Service brands spread as building drives.
    ("市总工会持续推进劳模和工匠人才创新工作室建设，", "劳模和工匠人才创新工作室建设"),
    ("资金用于困难职工帮扶和职工驿站建设，", "职工驿站建设"),
    # A cue inside the name before the real one (联合 in 联合会) does not hide the program.
    ("联合会将牵头开展光伏组件运维职工技能竞赛，", "光伏组件运维职工技能竞赛"),
    # One item of a list of activities: its own nearest ending.
    ("开展“安全月”消防技能比武等活动，", "安全月消防技能比武"),
    # Festivals a union holds, named in common words; two joined by 和 are two.
    ("举办全市职工读书月和职工文化艺术节，", "职工读书月"),
    ("举办全市职工读书月和职工文化艺术节，", "职工文化艺术节"),
    ("工会举办「五一」嘉年华，", "五一嘉年华"),
])
def test_programs_named(text: str, expected: str) -> None:
    assert expected in programs(text)


@pytest.mark.parametrize(("text", "absent"), [
    ("这是他第二次参加市级技能竞赛。", "市级技能竞赛"),  # a level, not a named contest
    ("开展职工职业技能大赛，", "职工职业技能大赛"),  # generic work
    ("镇党委委员、组织委员李明出席活动。", "委员李明出席活动"),  # a sentence
    # The tail runs into the sentence: the program is the quoted name.
    ("今年的“冬日暖阳”活动由县总工会联合县民政局组织，", "冬日暖阳活动由县总工会联合县民政局"),
    # A season in quotes names no program.
    ("开展2024年元旦春节“两节”送温暖活动，", "元旦春节两节送温暖活动"),
    # An honour conferred is not a program.
    ("该工作室被命名为“黔东南州劳模创新工作室”。", "黔东南州劳模创新工作室"),
    ("为12家2024年度“市级示范职工驿站”授牌。", "市级示范职工驿站"),
    ("推进城关镇职工驿站建设，", "职工驿站建设"),  # one station's building
    ("深入开展劳动和技能竞赛，", "劳动和技能竞赛"),  # generic work
    ("组织开展技术攻关项目，", "技术攻关项目"),
])
def test_programs_not_named(text: str, absent: str) -> None:
    assert absent not in programs(text)
