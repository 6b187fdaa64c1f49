"""Meetings and ceremonies (EVENT) on invented sentences in the style of union news."""

from __future__ import annotations

import pytest

from gonghui.nlp.patterns import find_candidates


def events(text: str) -> set[str]:
    return {c.name or text[c.start:c.end] for c in find_candidates(text) if c.type.value == "EVENT"}


@pytest.mark.parametrize(("text", "expected"), [
    # The place or body before a meeting belongs to its name, and so does what it celebrates.
    ("5月2日上午，安顺市庆祝“五一”国际劳动节暨先进集体表彰大会在市体育馆举行。",
     "安顺市庆祝五一国际劳动节暨先进集体表彰大会"),
    ("凯里市总工会职工法律服务站揭牌仪式在市政务中心举行。", "凯里市总工会职工法律服务站揭牌仪式"),
    # A year inside the name, quoted programs and a 暨 between two occasions.
    ("9月1日，都匀市2023年“金秋助学”活动启动仪式在市文化广场举行。",
     "都匀市2023年金秋助学活动启动仪式"),
    ("兴义市“安康杯”知识竞赛暨“安全生产月”宣传活动启动仪式在市广场举行。",
     "兴义市安康杯知识竞赛暨安全生产月宣传活动启动仪式"),
    # Two ceremonies joined by 暨 are one event.
    ("毕节市“工会+检察”协作机制启动仪式暨毕节市总工会维权中心揭牌仪式在毕节举行。",
     "毕节市工会+检察协作机制启动仪式暨毕节市总工会维权中心揭牌仪式"),
    ("铜仁市快递行业工会联合会成立大会暨第一次会员代表大会在铜仁召开。",
     "铜仁市快递行业工会联合会成立大会暨第一次会员代表大会"),
    # 和 inside the name: two honours celebrated at one meeting.
    ("上午，贵州省庆祝“五一”暨2023年贵州省五一劳动奖和贵州省工人先锋号表彰大会在贵阳召开。",
     "贵州省庆祝五一暨2023年贵州省五一劳动奖和贵州省工人先锋号表彰大会"),
    # Numbered sessions of a body.
    ("同日召开的九届经审委第一次会议选举张红为主任。", "九届经审委第一次会议"),
    ("在市总工会六届二次经审会议上，王芳当选。", "市总工会六届二次经审会议"),
    ("在年初召开的市十四届人大二次会议上，代表们提出建议。", "市十四届人大二次会议"),
    ("3月，召开县总工会九届三次全委会，部署全年工作。", "县总工会九届三次全委会"),
    ("名单经省总工会十四届三次全委(扩大)会议审议通过。", "省总工会十四届三次全委(扩大)会议"),
    ("代表团出席了职工联合会第12届会员代表大会第三次会议。", "职工联合会第12届会员代表大会第三次会议"),
    # A series is the event, not its first session.
    ("由市委宣传部主办的2023年遵义市劳模事迹巡回报告会首场报告会在遵义举行。",
     "2023年遵义市劳模事迹巡回报告会"),
    # A date before the name is not part of it.
    ("11月份全市非公企业工会建设现场推进会在六枝召开。", "全市非公企业工会建设现场推进会"),
])
def test_events_named(text: str, expected: str) -> None:
    assert expected in events(text)


@pytest.mark.parametrize(("text", "absent"), [
    ("要以此次巡回报告会为契机，", "此次巡回报告会"),  # an anaphor, not a name
    ("建立劳动者权益保障联席会议机制，", "劳动者权益保障联席会议"),  # a mechanism
    ("在党的代表大会代表和群团组织代表大会代表中的比例，", "群团组织代表大会"),  # an institution
    ("贯彻省总、市总全委会部署要求，", "市总全委会"),  # a body's meetings in general
    ("学习党的二十大精神和省委十三届三次全会精神，", "二十大精神和省委十三届三次全会"),  # two events
    ("（图为启动仪式现场。）", "(图为启动仪式"),
])
def test_events_not_named(text: str, absent: str) -> None:
    assert absent not in events(text)
