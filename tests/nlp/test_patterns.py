"""Pattern rules on invented sentences in the style of union news from other provinces."""

from __future__ import annotations

import pytest

from gonghui.nlp.patterns import find_candidates


def found(text: str) -> set[tuple[str, str]]:
    return {(c.type.value, c.name or text[c.start:c.end]) for c in find_candidates(text)}


@pytest.mark.parametrize(("text", "expected"), [
    ("县总工会深入开展“技能强县”竞赛活动。", ("PROGRAM", "技能强县竞赛活动")),
    ("市总工会组织开展“安康杯”竞赛。", ("PROGRAM", "安康杯竞赛")),
    ("全市开展“六个一”创新升级竞赛。", ("PROGRAM", "六个一创新升级竞赛")),
    ("持续开展“春风送岗”“冬日暖心”等服务。", ("PROGRAM", "冬日暖心")),
    ("推进安全生产隐患排查专项整治行动,", ("PROGRAM", "安全生产隐患排查专项整治行动")),
    ("实施三项工程。一是技能提升工程。二是暖心服务工程。", ("PROGRAM", "暖心服务工程")),
    ("持续实施川匠培育工程,", ("PROGRAM", "川匠培育工程")),
    ("开展“610”女职工健康关爱活动,", ("PROGRAM", "610女职工健康关爱活动")),
    ("开展好“八个一”为主要内容的活动,", ("PROGRAM", "八个一")),
    ("依托“川工之家”平台,", ("PROGRAM", "川工之家平台")),
    ("印发《职工疗休养管理办法》。", ("POLICY", "职工疗休养管理办法")),
    ("认真落实困难职工生活救助政策,", ("POLICY", "困难职工生活救助政策")),
    # The kinds of official document, with a status after the kind; 通报 is no newspaper.
    ("市总工会印发《关于表彰年度优秀工会干部的通报》。", ("POLICY", "关于表彰年度优秀工会干部的通报")),
    ("区总工会下发《关于同意成立快递行业工会的批复》,", ("POLICY", "关于同意成立快递行业工会的批复")),
    ("发出《致全区广大女职工的倡议书》,", ("POLICY", "致全区广大女职工的倡议书")),
    ("出台《基层工会经费使用办法（试行）》。", ("POLICY", "基层工会经费使用办法（试行）")),
    ("荣获全国工会财务工作先进单位。", ("AWARD", "全国工会财务工作先进单位")),
    ("被授予省“安康杯”竞赛优胜单位称号。", ("AWARD", "省安康杯竞赛优胜单位")),
    ("表彰10个单位为2022年度工会工作先进集体。", ("AWARD", "工会工作先进集体")),
    ("绵阳市总工会召开十七届三次全委(扩大)会议。", ("EVENT", "十七届三次全委(扩大)会议")),
    ("深入学习党的二十大精神。", ("EVENT", "党的二十大")),
    ("宜宾市第八次工会代表大会胜利闭幕。", ("EVENT", "宜宾市第八次工会代表大会")),
    ("联合县人社局开展招聘会。", ("ORG", "县人社局")),
    ("积极按照省总、市总的部署,", ("ORG", "省总")),
    # The level word or division that names the first body of a list names the next ones too.
    ("县税务局、供电公司被授予先进单位称号。", ("ORG", "县供电公司")),
    ("市人社局、财政局、卫健委联合印发通知。", ("ORG", "市卫健委")),
    ("绵阳市人社局、财政局联合印发通知。", ("ORG", "绵阳市财政局")),
    ("四川长虹电器股份有限公司工会", ("ORG", "四川长虹电器股份有限公司")),
    ("市委常委、宣传部长李红梅出席。", ("ORG", "市委")),
    ("市总工会主席王建国讲话。", ("PERSON", "王建国")),
    ("本报讯(通讯员 刘晓 张明)近日,", ("PERSON", "张明")),
    ("□曾志远", ("PERSON", "曾志远")),
    ("县医院周丽同志荣获劳动模范称号。", ("PERSON", "周丽")),
    ("江油经济开发区总工会", ("PLACE", "江油经济开发区")),
    # A union body's party group before a post: the body is the union.
    ("富顺县总工会党组书记、主席王建国讲话。", ("ORG", "富顺县总工会")),
    # A short form after a clause: the level word starts the name.
    ("会议选举产生县总工会第十届委员会。", ("ORG", "县总工会")),
    ("本次活动由区总工会主办。", ("ORG", "区总工会")),
    ("消息传到市总工会后,", ("ORG", "市总工会")),
    ("李红梅代表县委讲话。", ("ORG", "县委")),
    # ... but a place before the level word belongs to the name.
    ("绵阳市涪城区市政工程有限公司", ("ORG", "绵阳市涪城区市政工程有限公司")),
    ("表彰江油高新技术产业园区总工会。", ("ORG", "江油高新技术产业园区总工会")),
    # Teams in a contest are organizations; venues are places.
    ("自贡市代表队获团体一等奖。", ("ORG", "自贡市代表队")),
    ("大会在富顺县行政中心举行。", ("PLACE", "富顺县行政中心")),
    # A third character that reads as a word start (荣获, 强调) ends the name when what follows
    # it reads as what follows a name.
    ("区总工会主席黄志荣作工作报告。", ("PERSON", "黄志荣")),
    ("宣传部部长陈立强表示,", ("PERSON", "陈立强")),
    # 青山 is a district's base name, but after a title 陈青山 is a name.
    ("宣传部部长陈青山出席。", ("PERSON", "陈青山")),
    ("本报讯(记者 赵明远 通讯员 钱小梅)近日,", ("PERSON", "钱小梅")),
    # A work unit named right after its body is an organization of its own.
    ("青禾化工有限公司聚合车间乙班荣获工人先锋号。", ("ORG", "青禾化工有限公司聚合车间乙班")),
    ("富顺县人民医院急诊科护理组获评先进集体。", ("ORG", "富顺县人民医院急诊科护理组")),
    ("富顺县公安局交通管理大队二中队获表彰。", ("ORG", "富顺县公安局交通管理大队二中队")),
    # Stations, cooperatives, firms, village bodies and papers run as units (guidelines: ORG).
    ("慰问组来到青禾镇新华街职工驿站,为环卫工人送去清凉。", ("ORG", "青禾镇新华街职工驿站")),
    ("富顺县绿源蔬菜专业合作社理事长张强介绍,", ("ORG", "富顺县绿源蔬菜专业合作社")),
    ("联合县司法局成立富顺县职工法律援助工作站,", ("ORG", "富顺县职工法律援助工作站")),
    ("从四川明德律师事务所选聘律师驻站。", ("ORG", "四川明德律师事务所")),
    ("东湖村党支部书记王刚说,", ("ORG", "东湖村党支部")),
    ("市总工会向青松社区工会赠送图书。", ("ORG", "青松社区工会")),
    ("原富顺县红旗水泥厂退休职工李明家中,", ("ORG", "富顺县红旗水泥厂")),
    ("四川省第五批援藏工作队队员、地区总工会副主席王强,", ("ORG", "四川省第五批援藏工作队")),
    ("来源:四川工人报", ("ORG", "四川工人报")),
    ("(完整名单详见富顺新闻网)", ("ORG", "富顺新闻网")),
    ("2015年任城厢镇党委副书记、镇长,", ("ORG", "城厢镇党委")),
    # a unit of a company before a job: the company
    ("李红(青禾钢铁有限公司炼钢厂炉前工)、", ("ORG", "青禾钢铁有限公司")),
    ("全面落实省总和绵阳市总工会工作部署,", ("ORG", "绵阳市总工会")),
    ("应香港海员工会联合会邀请,", ("ORG", "香港海员工会联合会")),
    # 同, 都 among the characters of a name the segmenter broke up
    ("区总工会与漳州飞腾同城配送有限公司共建驿站。", ("ORG", "漳州飞腾同城配送有限公司")),
    # a union's numbered committees are bodies of their own
    ("选举产生了富顺县总工会第十届委员会委员33名、第十届经费审查委员会委员5名。",
     ("ORG", "富顺县总工会第十届委员会")),
    ("选举产生了富顺县总工会第十届委员会委员33名、第十届经费审查委员会委员5名。",
     ("ORG", "第十届经费审查委员会")),
    ("会议通过了县总工会女职工委员会组成人员名单。", ("ORG", "县总工会女职工委员会")),
    # bodies of an autonomous prefecture, a banner, a prefecture (地区) by their level word
    ("州委、州政府领导出席。", ("ORG", "州委")),
    ("州委、州政府领导出席。", ("ORG", "州政府")),
    ("旗总工会联合旗人社局开展招聘活动。", ("ORG", "旗人社局")),
    ("地区人大工委副主任王强出席。", ("ORG", "地区人大工委")),
    # departments of party committees and governments, and mass organizations
    ("区委社会工作部部长王强出席。", ("ORG", "区委社会工作部")),
    ("联合区经济和信息化局举办技能大赛。", ("ORG", "区经济和信息化局")),
    ("县工商联、县妇联有关负责同志参加。", ("ORG", "县工商联")),
    ("会议选举王晓燕为县总工会经费审查委员会主任。", ("ORG", "县总工会经费审查委员会")),
    # names without a surname (Tibetan, Mongolian) and minority surnames and clan names
    ("地区总工会主席洛桑旺堆一行来到环卫所。", ("PERSON", "洛桑旺堆")),
    ("慰问了环卫工人德吉、边巴次仁等3名职工。", ("PERSON", "德吉")),
    ("慰问了环卫工人德吉、边巴次仁等3名职工。", ("PERSON", "边巴次仁")),
    ("旗总工会主席巴特尔、副主席乌兰其其格出席。", ("PERSON", "乌兰其其格")),
    ("州总工会主席岩香兰出席。", ("PERSON", "岩香兰")),
    ("合作社理事长吉克阿呷介绍,", ("PERSON", "吉克阿呷")),
    # transcribed names with a middle dot, to a title, a job, a verb or punctuation
    ("市总工会主席吐尔逊·阿不都拉出席并讲话。", ("PERSON", "吐尔逊·阿不都拉")),
    ("获奖的有王海涛、艾力江·托合提等8人。", ("PERSON", "艾力江·托合提")),
    ("快递骑手艾买提江·吾斯曼领到会员卡。", ("PERSON", "艾买提江·吾斯曼")),
])
def test_patterns_find(text: str, expected: tuple[str, str]) -> None:
    assert expected in found(text)


@pytest.mark.parametrize(("text", "absent"), [
    ("坚决打赢“三大攻坚战”,", ("PROGRAM", "三大攻坚战")),  # a slogan, not a program
    ("建设“强富美高”新家园。", ("PROGRAM", "强富美高")),  # modifies a noun
    ("广泛开展各类文体活动。", ("PROGRAM", "各类文体活动")),  # generic work
    ("开展职工职业技能竞赛。", ("PROGRAM", "职工职业技能竞赛")),  # generic work
    ("服务发展大局,", ("ORG", "服务发展大局")),  # 大局 is a word, not a bureau
    ("各级工会组织积极行动。", ("ORG", "各级工会")),  # a generic group
    ("指导镇村工会规范建设,", ("ORG", "镇村工会")),  # levels of bodies, not one body
    ("推动村居(社区)工会联合会全覆盖,", ("ORG", "村居(社区)工会联合会")),
    ("创成二级综合医院,", ("ORG", "二级综合医院")),  # a hospital grade
    ("主席来宝应调研。", ("PERSON", "来宝应")),  # a verb and a place
    ("座谈会上,大家畅所欲言。", ("EVENT", "座谈会")),  # a meeting without a name
    ("富顺县总工会党组书记、主席王建国讲话。", ("ORG", "富顺县总工会党组")),  # a post's group
    ("本报讯(记者 赵明远 通讯员 钱小梅)近日,", ("PERSON", "通讯员")),  # the next credit
    ("区总工会主席黄志荣作工作报告。", ("PERSON", "黄志")),
    ("书记王明作报告。", ("PERSON", "王明作")),  # 作 starts 作报告
    ("青禾化工有限公司在全县率先建站。", ("ORG", "青禾化工有限公司在全县率先建站")),
    ("青禾燃气有限公司抢修班班长赵明作报告。", ("ORG", "青禾燃气有限公司抢修班")),  # a job description
    ("县人社局党委副书记张红讲话。", ("ORG", "县人社局党委")),
    ("会议选举产生县总工会第十届委员会。", ("ORG", "选举产生县总工会")),
    ("李红梅代表县委讲话。", ("ORG", "李红梅代表县委")),
    ("大会在富顺县行政中心举行。", ("ORG", "富顺县行政中心")),  # a venue
    ("市总工会印发《关于表彰年度优秀工会干部的通报》。", ("ORG", "关于表彰年度优秀工会干部的通报")),
    ("大家一起阅读《平凡的人生》。", ("POLICY", "平凡的人生")),  # a book
    ("新建一批职工驿站,", ("ORG", "一批职工驿站")),  # a kind of facility, no one station
    ("加强农村党支部建设,", ("ORG", "农村党支部")),  # 农村 is no village's name
    ("李红(青禾钢铁有限公司炼钢厂炉前工)、", ("ORG", "青禾钢铁有限公司炼钢厂")),  # a job description
    ("(完整名单详见富顺新闻网)", ("ORG", "完整名单详见富顺新闻网")),
    ("2015年任城厢镇党委副书记、镇长,", ("ORG", "任城厢镇党委")),
    ("全面落实省总和绵阳市总工会工作部署,", ("ORG", "省总和绵阳市总工会")),  # 和 joins two bodies
    ("指导镇(街道)总工会规范化建设,", ("ORG", "镇(街道)总工会")),  # levels, not one body
    ("印发《富顺县基层工会考核办法》和富顺县基层工会名单,", ("ORG", "富顺县基层工会")),  # a class
    ("她今年考入省内一所农业大学。", ("ORG", "农业大学")),  # an indefinite body
    ("县委中心组开展专题学习。", ("ORG", "县委中心")),  # a study group
    ("应香港海员工会联合会邀请,", ("ORG", "应香港海员工会联合会")),
    ("区总工会与漳州飞腾同城配送有限公司共建驿站。", ("ORG", "城配送有限公司")),
    ("企业工会同县总工会签订协议。", ("ORG", "企业工会同县总工会")),
    ("围绕“携手抗疫·共克时艰”主题开展活动。", ("PERSON", "携手抗疫·共克时艰")),  # a slogan
    ("第03版：地市·县域", ("PERSON", "地市·县域")),  # a page's column
    ("游客来到乌兰察布市参观。", ("PERSON", "乌兰")),  # a place, not a name
    ("新建州级示范职工驿站5个。", ("ORG", "州级示范职工驿站")),  # a grade, not a body
    ("会议选举王晓燕为县总工会经费审查委员会主任。", ("ORG", "王晓燕为县总工会")),
    ("“刚到县总工会时，我对工会工作并不熟悉。", ("ORG", "刚到县总工会")),
    ("20家工作室被命名为“绵阳市劳模创新工作室”。", ("ORG", "绵阳市劳模创新工作室")),  # an honour
])
def test_patterns_do_not_find(text: str, absent: tuple[str, str]) -> None:
    assert absent not in found(text)
