"""The award rules (nlp/patterns/awards.py) on invented sentences in the style of union news."""

from __future__ import annotations

import pytest

from gonghui.nlp.patterns import find_candidates


def awards(text: str) -> set[str]:
    return {c.name or text[c.start:c.end] for c in find_candidates(text) if c.type.value == "AWARD"}


def programs(text: str) -> set[str]:
    return {c.name or text[c.start:c.end] for c in find_candidates(text) if c.type.value == "PROGRAM"}


@pytest.mark.parametrize(("text", "expected"), [
    # A quotation that ends in an award head is the name: not the recipients, the body or the verb
    # before it.
    ("授予孙立平等25名同志“南阳市劳动模范”称号。", "南阳市劳动模范"),
    ("授予镇平县玉雕厂等8个集体“南阳市模范集体”称号。", "南阳市模范集体"),
    ("获得一等奖的选手由市总工会推荐申报“南阳市五一劳动奖章”。", "南阳市五一劳动奖章"),
    ("区总工会荣获省总工会“工会信息工作先进单位”“职工帮扶工作优秀单位”称号。", "职工帮扶工作优秀单位"),
    ("区总工会荣获省总工会“工会信息工作先进单位”“职工帮扶工作优秀单位”称号。", "工会信息工作先进单位"),
    ("被区委、区政府评为“2022年度目标考核优秀单位”。", "目标考核优秀单位"),
    ("县总工会被评为“全省工会财务和资产管理工作先进集体”。", "全省工会财务和资产管理工作先进集体"),
    # ... a scope or an ordinal right before the quotation belongs to it.
    ("表彰宛城区“安康杯”竞赛先进单位。", "宛城区安康杯竞赛先进单位"),
    ("县税务局被授予市优秀“职工书屋”称号。", "市优秀职工书屋"),
    ("我市第九届“五一新闻奖”评选启动。", "第九届五一新闻奖"),
    # A scope word inside the stretch opens the name.
    ("——记全国优秀工会工作者、某县总工会主席", "全国优秀工会工作者"),
    # Honours named by their scope: 劳动奖章, 五一劳动奖, 创新工作室 after a place.
    ("3名职工荣获首都劳动奖章。", "首都劳动奖章"),
    ("表彰2023年河南省五一劳动奖和河南省工人先锋号。", "河南省五一劳动奖"),
    ("其中全国示范性劳模和工匠人才创新工作室2家、河南省劳模创新工作室15家。", "全国示范性劳模和工匠人才创新工作室"),
    ("其中全国示范性劳模和工匠人才创新工作室2家、河南省劳模创新工作室15家。", "河南省劳模创新工作室"),
    ("县总工会获评2023年度南阳市工会工作目标考核一等奖。", "南阳市工会工作目标考核一等奖"),
    # Quoted honours where the text confers them, whatever their head.
    ("2022年获评“南阳市最美护理员”的某医院护士长王丽。", "南阳市最美护理员"),
    ("职工驿站获评全国总工会“最美工会户外劳动者服务站点”。", "最美工会户外劳动者服务站点"),
    ("为12家2023年度“市级示范职工驿站”授牌。", "市级示范职工驿站"),
    ("为5家企业颁发“关爱职工爱心企业”牌匾。", "关爱职工爱心企业"),
    ("“伏牛工匠”、某机械有限公司数控车间主任王丽分享经验。", "伏牛工匠"),
    ("我市2个集体获“河南五一劳动奖状”。", "河南五一劳动奖状"),
    ("车间获评省级“青年文明号”。", "省级青年文明号"),
    ("公司职工王丽荣获全国优秀农民工称号。", "全国优秀农民工"),
    # a scope inside a quoted contest's name does not open the prize's name
    ("荣获第十届“全国职工职业技能大赛”焊工项目银奖。", "第十届全国职工职业技能大赛焊工项目银奖"),
    # Honours listed after a cue, each item with its count: weak heads too (…先锋号, …女工干部),
    # and heads that the segmenter glued into one word (五一巾帼标兵岗).
    ("将评选出南阳市模范职工之家20个,南阳市市工先锋号20个,南阳市优秀女工干部30名。", "南阳市市工先锋号"),
    ("将评选出南阳市模范职工之家20个,南阳市市工先锋号20个,南阳市优秀女工干部30名。", "南阳市优秀女工干部"),
    ("成功创建河南省职工书屋示范点1家、最美职工书屋1家。", "最美职工书屋"),
    ("评选出南阳市五一巾帼标兵岗20个。", "南阳市五一巾帼标兵岗"),
    # Contest prizes in results: after a cue, in a list (the first item's 个人/团体 carried on),
    # as a list's heading.
    ("竞赛共决出个人一等奖3名、二等奖5名、三等奖9名。", "个人二等奖"),
    ("竞赛共决出个人一等奖3名、二等奖5名、三等奖9名。", "个人三等奖"),
    ("两支代表队分获团体一等奖、团体二等奖。", "团体二等奖"),
    ("某代表队获团体第一名，另两队分获团体第二名、第三名。", "团体第三名"),
    ("获奖名单如下：\n个人三等奖：\n王丽（某机械有限公司）", "个人三等奖"),
])
def test_awards_found(text: str, expected: str) -> None:
    assert expected in awards(text)


@pytest.mark.parametrize(("text", "absent"), [
    ("授予孙立平等25名同志“南阳市劳动模范”称号。", "同志南阳市劳动模范"),
    ("区总工会荣获省总工会“工会信息工作先进单位”称号。", "省总工会工会信息工作先进单位"),
    ("全国劳动模范、某电机有限公司首席技师王丽发言。", "某电机有限公司首席技师"),
    ("全国劳动模范、某电机有限公司首席技师王丽发言。", "首席技师"),
    ("王建国劳模创新工作室被评为先进集体。", "王建国劳模创新工作室"),
    ("市总工会将推荐各工种获得个人一等奖的选手参评。", "各工种个人一等奖"),
])
def test_awards_boundaries(text: str, absent: str) -> None:
    assert absent not in awards(text)


@pytest.mark.parametrize("text", [
    "他希望劳动模范珍惜荣誉，再创佳绩。",  # people of a rank, not an honour
    "各级各部门要关心关爱劳动模范。",
    "涌现出一大批先进集体和先进个人。",
    "学员中有省部级以上劳动模范8名。",
    "春节前走访慰问全国、省、市级劳动模范50人。",
    "今年新命名县级劳模创新工作室3个。",  # studios of a rank
    "部分企业示范点建设滞后。",
    "开展“大国工匠进校园”活动。",  # a campaign in quotes
    "全市共有省部级劳动模范86人。",
    "全县建成职工书屋30家、最美职工书屋2家、模范职工之家50个。",  # facilities counted, no cue
    "张师傅获得“娘家人”的关怀。",  # 获得 takes other things too: no honour word in the quotes
])
def test_awards_none(text: str) -> None:
    assert not awards(text)


def test_awards_an_honour_conferred_is_no_program() -> None:
    text = "为12家2023年度“市级示范职工驿站”授牌。"
    assert "市级示范职工驿站" in awards(text)
    assert not programs(text)
