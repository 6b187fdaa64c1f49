"""Relations read from invented sentences through the real pipeline (rules only)."""

from __future__ import annotations

import pytest

from gonghui.records import HoldsPosition, ReceivedAward, RunsProgram


def relations(nlp, text: str) -> set:
    return {found.relation for found in nlp(text)._.relations}


@pytest.mark.parametrize(("text", "expected"), [
    # a chain across two bodies: each post at its own body
    ("富顺县召开大会。县人大常委会副主任、县总工会主席张建国作报告。",
     {HoldsPosition("张建国", "副主任", "富顺县人大常委会"), HoldsPosition("张建国", "主席", "富顺县总工会")}),
    # 常委 then a department: both posts at the committee; 副县长 at the government
    ("富顺县召开大会。县委常委、组织部部长赵明远，副县长钱丽华出席。",
     {HoldsPosition("赵明远", "常委", "富顺县委"), HoldsPosition("赵明远", "组织部部长", "富顺县委"),
      HoldsPosition("钱丽华", "副县长", "富顺县政府")}),
    ("富顺县召开大会。县委常委、组织部长刘志明出席,县总工会主席王建国讲话。富顺县总工会主办。",
     {HoldsPosition("刘志明", "常委", "富顺县委"), HoldsPosition("刘志明", "组织部长", "富顺县委"),
      HoldsPosition("王建国", "主席", "富顺县总工会")}),
    ("江油市召开会议。江油市总工会召开大会。市委副书记、市长赵立新出席。",
     {HoldsPosition("赵立新", "副书记", "江油市委"), HoldsPosition("赵立新", "市长", "江油市政府")}),
    # a chain that begins with 党组书记: the body before 党组
    ("富顺县召开大会。县总工会党组书记、常务副主席孙立伟主持会议。",
     {HoldsPosition("孙立伟", "党组书记", "富顺县总工会"), HoldsPosition("孙立伟", "常务副主席", "富顺县总工会")}),
    # a chain with no body after one that named it, and two names after one chain
    ("富顺县召开大会。县总工会党组书记孙立伟，党组成员、副主席周红梅、吴晓东出席。",
     {HoldsPosition("周红梅", "党组成员", "富顺县总工会"), HoldsPosition("周红梅", "副主席", "富顺县总工会"),
      HoldsPosition("吴晓东", "党组成员", "富顺县总工会"), HoldsPosition("吴晓东", "副主席", "富顺县总工会")}),
    # a body's party committee is a post of the body
    ("富顺县召开大会。县交通局党委书记冯远山参加。", {HoldsPosition("冯远山", "党委书记", "富顺县交通局")}),
    # the job of a person honoured: a post at the company, and the honour before it
    ("富顺县召开大会。全国劳动模范、富顺县恒通机械有限公司数控车间主任李卫国作发言。",
     {HoldsPosition("李卫国", "数控车间主任", "富顺县恒通机械有限公司")}),
    # elections after the name; the body carries to the next one of the sentence
    ("富顺县召开大会。会上，孙立伟当选为县总工会主席，周红梅当选为常务副主席。",
     {HoldsPosition("孙立伟", "主席", "富顺县总工会"), HoldsPosition("周红梅", "常务副主席", "富顺县总工会")}),
    # a junior body named in the chain of the senior one keeps the senior's division
    ("富顺县召开大会。自贡市人大常委会副主任、市总工会主席周建平在富顺调研。",
     {HoldsPosition("周建平", "副主任", "自贡市人大常委会"), HoldsPosition("周建平", "主席", "自贡市总工会")}),
    # a banner's committee written 旗委 in its own paper
    ("翁牛特旗召开大会。翁牛特旗总工会主办。旗委常委、统战部部长张建国出席。",
     {HoldsPosition("张建国", "常委", "翁牛特旗委"), HoldsPosition("张建国", "统战部部长", "翁牛特旗委")}),
    # bylines: staff of the paper the page names
    ("富顺日报讯（记者 王思远 通讯员 陈晓燕）富顺县总工会召开大会。（责任编辑：刘小琴）",
     {HoldsPosition("王思远", "记者", "富顺日报"), HoldsPosition("刘小琴", "责任编辑", "富顺日报")}),
])
def test_relations_holds_position(nlp, text, expected) -> None:
    assert expected <= relations(nlp, text)


@pytest.mark.parametrize("text", [
    "富顺县召开大会。主任张三讲话。",  # no body named anywhere: no post
    "富顺县召开大会。该公司焊工李四介绍了经验。",  # a job at a body the text does not name
    "富顺县召开大会。会议由县总工会主持,代表张三发言。",  # 代表 is no post of 县总工会
])
def test_relations_holds_position_abstains(nlp, text) -> None:
    assert not [r for r in relations(nlp, text) if isinstance(r, HoldsPosition)]


def test_relations_honour_as_title(nlp) -> None:
    text = "富顺县召开大会。全国劳动模范、富顺县恒通机械有限公司数控车间主任李卫国作发言。"
    assert ReceivedAward("李卫国", "全国劳动模范", None) in relations(nlp, text)


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


def test_relations_runs_program_not_by_the_speaker_s_own_body(nlp_rules) -> None:
    # The team before the speaker's posts is where the speaker works; the union runs the program.
    text = ("富顺县总工会召开会议。四川省第五批援藏工作队队员、县总工会副主席王强介绍，"
            "今年县总工会筹措资金50万元，持续开展“春送岗位”活动。")
    found = {r for r in relations(nlp_rules, text) if isinstance(r, RunsProgram)}
    assert RunsProgram("富顺县总工会", "春送岗位") in found
    assert not [r for r in found if r.org == "四川省第五批援藏工作队"]


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


@pytest.mark.parametrize(("text", "expected"), [
    # 授予 names its recipients before the award; 等 adds no one, and the conferring body gets nothing
    ("富顺县召开表彰大会。县总工会决定，授予张建国等30名同志“富顺县劳动模范”称号。",
     {ReceivedAward("张建国", "富顺县劳动模范", None)}),
    # a list after the award: the people, not the companies in brackets
    (("富顺县职工技能大赛落幕。获得个人一等奖的是：电工王立新（富顺县恒通机械有限公司）、焊工李红梅"
     "（富顺县宏达建材有限公司）。"),
     {ReceivedAward("王立新", "个人一等奖", None), ReceivedAward("李红梅", "个人一等奖", None)}),
    (("富顺县召开大会。获得四川省五一劳动奖章的部分职工：王立新（富顺县恒通机械有限公司技师）、"
     "李红梅（富顺县宏达建材有限公司焊工）。"),
     {ReceivedAward("王立新", "四川省五一劳动奖章", None), ReceivedAward("李红梅", "四川省五一劳动奖章", None)}),
    # prizes as headings of lists: per person, per unit
    (("富顺县职工技能大赛落幕。获奖名单如下：\n\n个人一等奖：\n王立新（富顺县恒通机械有限公司，电工）\n"
     "李红梅（富顺县宏达建材有限公司，焊工）\n\n优秀组织奖：富顺县教育工会、富顺县卫健委工会\n"),
     {ReceivedAward("王立新", "个人一等奖", None), ReceivedAward("李红梅", "个人一等奖", None),
      ReceivedAward("富顺县教育工会", "优秀组织奖", None), ReceivedAward("富顺县卫健委工会", "优秀组织奖", None)}),
])
def test_relations_received_award_lists(nlp, text, expected) -> None:
    found = {r for r in relations(nlp, text) if isinstance(r, ReceivedAward)}
    assert expected <= found
    assert not [r for r in found if r.recipient.endswith("总工会")]  # the conferrer is no recipient


@pytest.mark.parametrize(("text", "expected"), [
    # run jointly: every body named before the verb, and the one that hosts it
    (("富顺县召开大会。由县总工会、县人社局联合主办，富顺县职业技术学校承办的“技能富顺”职工职业技能大赛"
     "在该校落幕。"),
     {RunsProgram("富顺县总工会", "技能富顺职工职业技能大赛"), RunsProgram("富顺县人社局", "技能富顺职工职业技能大赛"),
      RunsProgram("富顺县职业技术学校", "技能富顺职工职业技能大赛")}),
    ("富顺县召开大会。今年的“送清凉”活动由县总工会联合县卫健局共同组织实施。",
     {RunsProgram("富顺县总工会", "送清凉"), RunsProgram("富顺县卫健局", "送清凉")}),
    # 联合 opening a clause whose subject is left out: the article's union and its partner
    ("富顺县总工会召开全委会议。会议指出，联合县人社局举办富顺县第三届职工职业技能大赛，238名职工参赛。",
     {RunsProgram("富顺县总工会", "富顺县第三届职工职业技能大赛"),
      RunsProgram("富顺县人社局", "富顺县第三届职工职业技能大赛")}),
])
def test_relations_runs_program_jointly(nlp, text, expected) -> None:
    assert expected <= relations(nlp, text)


def test_relations_runs_program_urged_on_everyone_is_run_by_no_one(nlp) -> None:
    text = "富顺县总工会召开全委会议。他要求，各级工会要深入开展“安康杯”竞赛。"
    assert not [r for r in relations(nlp, text) if isinstance(r, RunsProgram)]


@pytest.mark.parametrize(("text", "expected"), [
    # the body and the job after the name, in brackets or on a list's line
    ("富顺县职工技能大赛落幕。获奖名单如下：\n\n个人一等奖：\n王立新（富顺县恒通机械有限公司，电工）\n",
     {HoldsPosition("王立新", "电工", "富顺县恒通机械有限公司"), ReceivedAward("王立新", "个人一等奖", None)}),
    (("富顺县召开大会。获得四川省五一劳动奖章的部分职工：王立新（富顺县恒通机械有限公司数控车间主任）、"
     "李红梅（富顺县宏达建材有限公司焊工）。"),
     {HoldsPosition("王立新", "数控车间主任", "富顺县恒通机械有限公司"),
      HoldsPosition("李红梅", "焊工", "富顺县宏达建材有限公司")}),
    # the job before the name, the body in brackets after it
    (("富顺县职工技能大赛落幕。获得个人一等奖的是：电工王立新（富顺县恒通机械有限公司）、焊工李红梅"
     "（富顺县宏达建材有限公司）。"),
     {HoldsPosition("王立新", "电工", "富顺县恒通机械有限公司"), HoldsPosition("李红梅", "焊工", "富顺县宏达建材有限公司")}),
    # a roll of honour under a heading, a name and a post to a line; the year from the heading
    (("附：2024年富顺县劳动模范名单（部分）\n\n王立新　富顺县恒通机械有限公司数控车间主任\n"
     "李红梅（女，回族）　富顺县人民医院护士长\n"),
     {HoldsPosition("王立新", "数控车间主任", "富顺县恒通机械有限公司"), HoldsPosition("李红梅", "护士长", "富顺县人民医院"),
      ReceivedAward("王立新", "富顺县劳动模范", 2024), ReceivedAward("李红梅", "富顺县劳动模范", 2024)}),
])
def test_relations_affiliations_and_rolls(nlp, text, expected) -> None:
    assert expected <= relations(nlp, text)


def test_relations_posts_land_in_the_graph_through_sparql(nlp, tmp_path) -> None:
    """A small invented corpus, built to a graph: the shipped holds_position query lists each
    official with every post and body, and received_award the honour read as a title."""
    from gonghui.ingest import load_documents
    from gonghui.kg.build import build_dataset
    from gonghui.kg.store import select
    from gonghui.nlp.to_records import extract

    (tmp_path / "a.txt").write_text(
        "富顺县召开职工代表大会\n\n富顺县总工会讯 3月5日，富顺县职工代表大会召开。县人大常委会副主任、"
        "县总工会主席张建国作报告。县委常委、组织部部长赵明远，副县长钱丽华出席。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "富顺县表彰劳动模范\n\n富顺县召开表彰大会。全国劳动模范、富顺县恒通机械有限公司数控车间主任"
        "李卫国作发言。\n", encoding="utf-8")
    documents = [d for name in ("a.txt", "b.txt") for d in load_documents(tmp_path / name)]
    dataset = build_dataset(extract(documents, nlp))
    posts = {tuple(_value(r, c) for c in ("person", "post", "org")) for r in select(dataset, "holds_position")}
    assert {("张建国", "副主任", "富顺县人大常委会"), ("张建国", "主席", "富顺县总工会"),
            ("赵明远", "常委", "富顺县委"), ("赵明远", "组织部部长", "富顺县委"),
            ("钱丽华", "副县长", "富顺县政府"),
            ("李卫国", "数控车间主任", "富顺县恒通机械有限公司")} <= posts
    awards = {(_value(r, "recipient"), _value(r, "award")) for r in select(dataset, "received_award")}
    assert ("李卫国", "全国劳动模范") in awards


def _value(row: dict, column: str) -> str | None:
    term = row.get(column)
    return term.value if term is not None else None


@pytest.mark.parametrize(("text", "expected"), [
    # bodies listed before 等N个单位被评为 an honour in quotes
    ("富顺县召开大会。县教育工会、县卫健委工会等8个单位被评为“全县工会工作综合先进单位”。",
     {ReceivedAward("富顺县教育工会", "全县工会工作综合先进单位", None),
      ReceivedAward("富顺县卫健委工会", "全县工会工作综合先进单位", None)}),
    # people after chains of posts, before a counted head noun and the cue
    ("2023年，富顺县恒通机械有限公司高级技师王立新、富顺县人民医院护士长李红梅2名职工荣获四川省五一劳动奖章。",
     {ReceivedAward("王立新", "四川省五一劳动奖章", 2023), ReceivedAward("李红梅", "四川省五一劳动奖章", 2023)}),
])
def test_relations_received_award_listed_recipients(nlp, text, expected) -> None:
    assert expected <= relations(nlp, text)


def test_relations_an_honour_is_not_a_program(nlp) -> None:
    text = "富顺县召开大会。王立新劳模创新工作室被命名为“四川省劳模创新工作室”。"
    assert not [r for r in relations(nlp, text) if isinstance(r, RunsProgram)]


def test_relations_received_award_subject_left_out_is_the_sentence_s(nlp) -> None:
    text = ("富顺县召开大会。2019年，张建国被自贡市总工会评为“自贡市优秀工会工作者”；"
            "2021年被省总工会授予“四川省优秀工会工作者”称号；2023年获评“全国优秀工会工作者”。")
    found = relations(nlp, text)
    assert {ReceivedAward("张建国", "四川省优秀工会工作者", 2021),
            ReceivedAward("张建国", "全国优秀工会工作者", 2023)} <= found
    assert not [r for r in found if isinstance(r, ReceivedAward) and r.recipient.endswith("总工会")]


def test_relations_list_after_award_is_not_the_reporting_union_s(nlp) -> None:
    text = "富顺县总工会举办技能大赛。获得个人二等奖的有王立新、李红梅等8人。"
    found = {r for r in relations(nlp, text) if isinstance(r, ReceivedAward)}
    assert {ReceivedAward("王立新", "个人二等奖", None), ReceivedAward("李红梅", "个人二等奖", None)} <= found
    assert not [r for r in found if r.recipient == "富顺县总工会"]


def test_relations_received_award_enumerated_after_the_subject(nlp) -> None:
    text = ("富顺县总工会召开会议。近日，自贡市总工会印发通报，富顺县总工会一举获得三项表彰，分别是：全市工会工作"
            "综合考评先进单位、全市工会经费收缴工作先进单位、全市职工技能竞赛优秀组织单位。")
    found = {r for r in relations(nlp, text) if isinstance(r, ReceivedAward)}
    assert {ReceivedAward("富顺县总工会", "全市工会工作综合考评先进单位", None),
            ReceivedAward("富顺县总工会", "全市工会经费收缴工作先进单位", None),
            ReceivedAward("富顺县总工会", "全市职工技能竞赛优秀组织单位", None)} <= found
    assert not [r for r in found if r.recipient == "自贡市总工会"]


def test_relations_received_award_prizes_per_team_respectively(nlp) -> None:
    text = ("富顺县举办技能大赛。团体方面，富顺县教育工会代表队获团体第一名，县卫健委工会代表队、"
            "县交通局工会代表队分获团体第二名、第三名。")
    assert {ReceivedAward("富顺县教育工会代表队", "团体第一名", None),
            ReceivedAward("富顺县卫健委工会代表队", "团体第二名", None),
            ReceivedAward("富顺县交通局工会代表队", "团体第三名", None)} <= relations(nlp, text)


@pytest.mark.parametrize(("text", "expected"), [
    # honours as titles before a name, the job between them one description
    ("宛城区召开座谈会。慰问组看望了全国劳动模范、原宛城区农机修造厂退休职工孙立平。",
     {ReceivedAward("孙立平", "全国劳动模范", None)}),
    ("宛城区召开大会。大会通报表扬了2023年“南阳市五一劳动奖章”获得者、宛城区供水公司抢修班班长孙立平。",
     {ReceivedAward("孙立平", "南阳市五一劳动奖章", 2023)}),
    # after a cue, 的 opens the recipient
    ("宛城区召开座谈会。2022年获评“南阳市最美护理员”的宛城区人民医院护士长王丽发言。",
     {ReceivedAward("王丽", "南阳市最美护理员", 2022)}),
    # 为…授牌: the bodies named between 为 and the honour
    ("宛城区召开大会。会上为宛城区恒达机械有限公司、宛城区鑫源建材有限公司等12家“南阳市职工书屋示范点”授牌。",
     {ReceivedAward("宛城区恒达机械有限公司", "南阳市职工书屋示范点", None),
      ReceivedAward("宛城区鑫源建材有限公司", "南阳市职工书屋示范点", None)}),
    # the conferring body between the cue and the honour
    ("2023年，宛城区总工会荣获南阳市总工会“工会信息工作先进单位”“职工帮扶工作优秀单位”称号。",
     {ReceivedAward("宛城区总工会", "工会信息工作先进单位", 2023),
      ReceivedAward("宛城区总工会", "职工帮扶工作优秀单位", 2023)}),
    # a team named after a person, the clause's subject of a passive
    ("宛城区召开大会。2022年，孙立平荣获全国五一劳动奖章；他带领的“孙立平班组”2023年被河南省总工会授予“河南省工人先锋号”。",
     {ReceivedAward("孙立平班组", "河南省工人先锋号", 2023)}),
    # 此前已 between the recipients and the cue
    ("宛城区召开大会。其中，孙立平、王丽此前已获评“河南省五一劳动奖章”。",
     {ReceivedAward("孙立平", "河南省五一劳动奖章", None), ReceivedAward("王丽", "河南省五一劳动奖章", None)}),
])
def test_relations_received_award_titles_plaques_and_conferrers(nlp, text, expected) -> None:
    found = {r for r in relations(nlp, text) if isinstance(r, ReceivedAward)}
    assert expected <= found
    assert not [r for r in found if r.recipient.startswith(("南阳市总工会", "河南省总工会"))]  # no conferrer
    assert not [r for r in found if r.award == "河南省工人先锋号" and r.recipient == "孙立平"]


@pytest.mark.parametrize("text", [
    "宛城区召开座谈会。全国劳动模范和宛城区供水公司技术员孙立平作交流发言。",  # 和: a group, not a title
    "宛城区召开座谈会。大会为受表彰的劳动模范和先进工作者颁发了证书。",
])
def test_relations_received_award_titles_abstain(nlp, text) -> None:
    assert not [r for r in relations(nlp, text) if isinstance(r, ReceivedAward)]
