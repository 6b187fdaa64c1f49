"""Pattern rules for the domain's entity types, matched on characters.

Every rule is general: a head word (…总工会, …先进单位, …代表大会, 《…》, “…”活动) and a name grown
leftwards over whole words until a verb, preposition or punctuation mark. Each rule returns
``Candidate`` records; the ``gonghui_patterns`` component turns them into spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..records import EntityType
from .gazetteers import org_suffixes, surnames, titles
from .extensions import text_of
from .segmentation import Words, words_of

SPANS_KEY = "gonghui_patterns"

CJK = "\u4e00-\u9fff"
OPEN_QUOTES, CLOSE_QUOTES = "“「『‘\"", "”」』’\""
QUOTES = "“”‘’「」『』\"《》"
CN_NUM = "一二三四五六七八九十百零〇两"

# Words that end a name grown leftwards: verbs and prepositions that introduce a name, and
# quantifiers or pronouns that stand before it. Whole jieba words, never parts of one.
STOP_WORDS = frozenset("""
荣获 获评 获得 获 荣膺 摘得 夺得 喜获 被评为 评为 被授予 授予 表彰 命名 当选 当选为 确定为 被确定为 成功 创建 创成
争创 入选 成为 列为 评选 评出 推荐 选树 培育 打造 建成 建立 组建 成立 设立 挂牌
在 和 与 及 同 向 对 由 为 是 被 将 把 从 到 了 等 之 并 以 于 给 让 使 据 经 至 自 的 或 及其 以及 跟 暨
联合 会同 协调 组织 指导 走访 慰问 推动 督促 邀请 依托 携手 牵头 联系 帮助 支持 召开 举办 开展 参加 参与 出席 主持
发布 印发 听取 审议 通过 作 看望 深入 来到 前往 赴 走进 进驻 派驻 及时 选派 积极 主动 共同 分别 先后 还 也 又 都
已 正 即 再 均 各 各级 全体 广大 有关 相关 所有 其他 多个 多家 一批 我们 我市 我县 我区 本市 本县 该 其 这 那 此 其中
包括 如 像 例如 比如 特别 尤其 其余 另外 同时 此外 目前 近日 日前 近年来 今年 去年 全年 年初 年底 上半年 下半年
号召 要求 引导 鼓励 动员 带领 带动 围绕 聚焦 面向 针对 按照 根据 结合 立足 坚持 认真 全面 进一步 不断 持续 加强
深化 推进 实施 落实 完成 做好 做实 抓好 办好 助力 服务 确保 加快 提升 提高 促进 实现 形成 取得 发挥 召集 致 受
全力 大力 着力 努力 扎实 切实 广泛 精心 全程 首次 首批 再次 连续 累计 共 总共 合计 向来 历来 一直 已经 曾
""".split())
GENERIC_PREFIXES = frozenset("""
各级 基层 企业 全县 全市 全省 全区 全国 上级 广大 有关 相关 各 本 我 该 乡镇 行业 职工 各类 非公 新兴领域 会员
产业 一线 单位 机关 部门 地方 省市 市县 县市 省级 市级 县级 镇级 村级 两新 其他 全体 所在 当地
""".split())
# Single-character heads and common words that end with them but name no organization.
NOT_ORGS = frozenset("""
大局 格局 布局 全局 当局 结局 开局 出局 饭局 时局 政局 变局 新局 破局 棋局 大厅 餐厅 客厅 展厅 舞厅 门厅
创办 举办 主办 承办 协办 开办 兴办 操办 督办 包办 代办 交办 转办 查办 好办 难办 申办 联办 合办 筹办 怎么办
中心 重心 核心 服务中心 工会 公司 集团 银行 学校 医院 委员会 协会 政府 党委 党组 工作室 学院
""".split())
LEVEL_CHARS = "省市县区镇乡"

PROGRAM_HEADS = ("主题教育实践活动", "主题教育实践", "主题教育活动", "主题教育", "专项整治行动", "行动计划", "平台", "读书月", "主题宣传活动", "专题学习活动", "主题实践活动", "系列活动",
                 "主题活动", "专项行动", "创建活动", "竞赛活动", "评选活动", "宣讲活动", "劳动竞赛", "技能竞赛",
                 "技能大赛", "活动", "行动", "竞赛", "大赛", "比赛", "工程", "项目", "建设", "创建", "计划", "品牌",
                 "服务", "活动月", "宣传月", "行动月", "宣传周")
# A quoted name with no head is a program when it reads as one (ends like one) or is run.
PROGRAM_ENDINGS = ("活动", "行动", "工程", "竞赛", "大赛", "比赛", "计划", "教育", "服务", "建设", "创建", "项目",
                   "月", "周", "年", "杯", "驿站", "小屋", "课堂", "讲堂", "平台", "基金")
RUN_CUES = ("开展", "举办", "组织", "实施", "推进", "深化", "启动", "承办", "主办", "推行", "打造", "创建", "参与",
            "参加", "持续", "深入", "广泛", "策划", "发起", "部署", "落实", "推动", "建成", "建设", "做好", "通过",
            "开通", "搭建", "举行", "联合", "巩固", "拓展", "围绕", "创新", "探索", "做实", "抓好", "办好", "提供")
AWARD_HEADS = ("综合工作先进单位", "先进单位", "先进集体", "先进个人", "先进工作者", "劳动模范", "五一劳动奖章",
               "五一劳动奖状", "工人先锋号", "模范职工之家", "模范职工小家", "优秀工会工作者", "优秀工会积极分子",
               "示范点", "示范单位", "示范岗", "示范站点", "示范企业", "示范基地", "示范工作室", "标兵岗", "标兵",
               "岗位能手", "技术能手", "创新能手", "一等奖", "二等奖", "三等奖", "特等奖", "优秀奖", "优秀组织奖",
               "组织奖", "金奖", "银奖", "铜奖", "成果奖", "新闻奖", "优胜单位", "星级基层工会", "书香企业",
               "文明单位", "优秀通讯员", "优秀提案", "金牌工人", "首席技师", "巾帼建功标兵", "红旗手",
               "最美职工", "最美劳动者", "工匠", "十大科技创新成果", "十大先进操作法", "综合先进", "职工书屋",
               "退役军人之家", "提名奖", "先锋号", "巾帼标兵", "女工干部")
AWARD_CUES = ("荣获", "获评", "获得", "获", "被评为", "评为", "被授予", "授予", "表彰", "命名为", "当选", "入选",
              "荣膺", "摘得", "夺得", "喜获", "确定为", "创成", "成功创建", "评选", "评出", "推荐")
# Every run or award cue also ends a name grown leftwards (开展…, 荣获…).
STOP_WORDS = STOP_WORDS | set(RUN_CUES) | set(AWARD_CUES) | {
    "巩固", "拓展", "参评", "评选出", "弘扬", "新建", "祝贺", "热烈祝贺", "庆祝", "迎接", "喜迎", "培树", "贯彻", "学习"}
# Words that also occur inside award and organization names (组织工作先进单位, 职工服务中心).
AWARD_STOPS = STOP_WORDS - {"组织", "服务", "建设", "创建", "推进", "促进", "创新", "发展", "管理", "创成", "暨",
                            "学习"}
ORG_STOPS = (STOP_WORDS - {"服务", "建设", "发展", "创新", "管理", "组织"}) | {
    "代表", "希望", "选举", "产生", "统筹", "率", "任", "到", "至", "委派", "加入", "传到", "来自"}
# Single characters that jieba glues to a following level word (经市…, 从市…) but that never
# begin a name.
LEADING_FUNCTION_CHARS = "经从在由向对和与及为被将把的了等出进"
# Heads too common to name an organization unless a place or level word starts the name.
WEAK_ORG_HEADS = frozenset({"工会", "委员会", "中心", "服务中心", "办公室", "党组", "政府", "人民政府", "工作室",
                            "局", "委", "办", "厅", "党委", "服务队", "协会", "工委"})
# Award heads that are ordinary words too: an award only next to a cue or in quotes.
WEAK_AWARD_HEADS = frozenset({"工匠", "标兵", "书香企业", "职工书屋", "退役军人之家", "最美职工", "最美劳动者",
                              "综合先进", "一等奖", "二等奖", "三等奖", "优秀奖", "金奖", "银奖", "铜奖", "提名奖",
                              "女工干部", "先锋号"})
EVENT_HEADS = ("代表大会", "全委(扩大)会议", "全委会议", "执委会议", "执委(扩大)会议", "全体(扩大)会议",
               "全体会议", "中全会", "全会", "现场会", "推进会", "研讨会", "表彰大会", "颁奖晚会", "启动仪式",
               "聘任仪式", "颁奖仪式", "运动会", "报告会", "工作会议", "联席会议", "动员大会", "座谈会", "交流会",
               "展演", "博览会", "发布会", "旅发大会", "党代会",
               "指导会", "培训会", "动员会", "部署会", "观摩会", "推介会", "分享会", "宣讲会", "庆祝大会", "誓师大会")
# An event head needs a name before it: "座谈会" alone is a generic meeting (guidelines).
# Venues are places, not the bodies that run them (guidelines): a meeting is held at 某县行政中心.
VENUE_HEADS = ("文化艺术中心", "行政中心", "会议中心", "会展中心", "文化中心", "体育中心", "报告厅", "体育馆",
               "大剧院", "剧院", "大礼堂", "礼堂", "会堂", "实训基地", "疗休养基地")
PLACE_HEADS = VENUE_HEADS + ("经济技术开发区", "高新技术产业开发区", "经济开发区", "工业园区", "产业园区", "开发区", "高新区",
               "产业区", "工业区", "产业园",
               "园区", "新区", "村")
NEWSPAPER_ENDINGS = ("报", "日报", "晚报", "工人", "杂志", "周刊", "刊")
PERSON_CONTEXT_AFTER = ("同志", "摄", "/文", "/摄", "说", "表示", "指出", "强调", "介绍", "出席", "主持", "讲话", "作",
                        "代表", "参加", "等")
# Words of a byline that are no names (记者 张三 通讯员 李四: 通讯员 is the next credit).
BYLINE_WORDS = frozenset(("通讯员", "记者", "作者", "编辑", "责编", "摄影", "实习生", "见习记者", "特约记者", "本报",
                          "责任编辑", "审核", "校对", "来源", "摄", "文"))
BYLINE_BEFORE = ("通讯员", "记者", "□", "■", "作者", "文/", "摄/", "见习记者", "特约记者")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    type: EntityType
    name: str | None = None  # the canonical name when the rule knows it (quotes stripped, head chosen)
    alias: str | None = None  # a second surface form the rule saw (the quoted core without its head)


def strip_quotes(text: str) -> str:
    return "".join(ch for ch in text if ch not in QUOTES).strip()


def grow_left(words: Words, head_start: int, max_chars: int, stops: frozenset[str] = STOP_WORDS,
              allow_quotes: bool = False) -> int:
    """Where a name that ends in a head at ``head_start`` begins, walking back over whole words.

    A quoted stretch (省“安康杯”竞赛…) and a bracketed one (百威雪津(吉水)啤酒…) are taken whole.
    """
    text = words.text
    start = head_start
    depth = 0
    for word_start, word in words.words_before(head_start, 16):
        if word_start < head_start - max_chars or not word:
            break
        if word in (")", "）"):
            depth += 1
        elif word in ("(", "（"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (word in stops or not re.fullmatch(rf"[{CJK}·{'“”‘’' if allow_quotes else ''}]+", word)
                             or len(word) >= 3 and word[-2:] in stops):
            break  # 贯彻落实: a longer word that ends in a stop verb stops too
        elif word[-1] in "和与及" and text[word_start + len(word):word_start + len(word) + 1] in LEVEL_CHARS:
            break  # 盐城市总和县委: jieba's 总和 hides the 和 that joins two names
        elif len(word) == 2 and word[0] in "和与及同跟" and word[1] in LEVEL_CHARS:
            start = word_start + 1  # 税务局和县书协: 和 joins two names, 县 starts the second
            break
        if word_start < start:
            start = word_start
    if depth:
        return head_start
    stretch = text[start:head_start]
    # Adjacent quoted items (“创新能手”“金牌工人”) are a list, not one name: keep the last.
    if "”“" in stretch:
        start += stretch.rindex("”“") + 1
        stretch = text[start:head_start]
    # A closing quote whose opening one lies beyond a stop: drop the partial quotation.
    if stretch.count("“") != stretch.count("”"):
        start += stretch.index("”") + 1 if "”" in stretch else 0
    # A year or a count in front (2021年度…, 3个…) is not part of the name.
    if start > 0 and text[start - 1] in "0123456789" + CN_NUM:
        while start < head_start and text[start] in "年度月日个家名位项级批类":
            start += 1
    # A bracketed aside in front ((通讯员某某)市总工会) belongs to what came before.
    if text[start:start + 1] in "(（":
        close = min((i for i in (text.find(")", start), text.find("）", start)) if i >= 0),
                    default=-1)
        if 0 <= close < head_start:
            start = close + 1
    while (start < head_start - 1 and text[start] in LEADING_FUNCTION_CHARS
           and (words.is_boundary(start + 1) or text[start + 1] in LEVEL_CHARS)):
        start += 1
    return start


def cut_after_cues(text: str, start: int, end: int, cues: tuple[str, ...]) -> int:
    """Move ``start`` past the last cue inside the stretch (…项目获市科技创新成果奖)."""
    stretch = text[start:end]
    best = start
    for cue in cues:
        k = stretch.rfind(cue)
        if k >= 0:
            best = max(best, start + k + len(cue))
    return best if best <= end else start


def _trim_generic(text: str, start: int, end: int) -> int:
    for prefix in sorted(GENERIC_PREFIXES, key=len, reverse=True):
        if text.startswith(prefix, start) and start + len(prefix) < end:
            return start + len(prefix)
    return start


# --- rules ---------------------------------------------------------------------------------


# After these bare heads the quoted core is the name (“名师带徒”活动 is 名师带徒); a descriptive
# tail (“六个一”创新升级竞赛, “书香企业”创建活动) is part of it.
BARE_PROGRAM_HEADS = ("活动", "主题活动", "系列活动", "专题活动", "主题教育活动", "主题教育实践活动", "主题实践活动",
                      "主题宣传活动", "专题学习活动")
PROGRAM_TAIL = re.compile(rf"^[{CJK}·]{{0,10}}(?:活动|行动|竞赛|大赛|比赛|工程|项目|计划|建设|创建|教育|月)")
SEASONS = ("夏季", "冬季", "春季", "秋季", "两节", "元旦春节", "暑期", "年度")
# 三件大事, 五大重点, 九项措施: numbered slogans, not programs, unless a program head follows.
# (“十个一”, “六个一” are programs: a numeral at the end counts activities, not slogans.)
NUMBERED_SLOGAN = re.compile(rf"^[{CN_NUM}]+[大项件条种个][{CJK}]{{0,2}}[^{CN_NUM}]$|^进[{CJK}]{{2}}$")


def quoted_programs(text: str, words: Words) -> Iterator[Candidate]:
    """“X”活动 / “X”竞赛 …, and quoted names that are run or end like a program."""
    for m in re.finditer(r"[“「『]([^“”「」『』\n]{2,48}?)[”」』]", text):
        core = strip_quotes(m.group(1))
        after = text[m.end(): m.end() + 14]
        if len(re.findall(rf"[{CJK}]", core)) < 2 and not (len(core) <= 5 and PROGRAM_TAIL.match(after)):
            continue  # “3+3”, but “520”女职工特别关爱活动 is a program
        known = next((h for h in PROGRAM_HEADS if after.startswith(h)), "")
        tail_match = PROGRAM_TAIL.match(after)
        if tail_match and re.search(r"[等的为和与及、并或]|开工", tail_match.group()):
            tail_match = None  # “双月访”等帮扶活动: the tail describes a group, not this program
        head = max(known, tail_match.group() if tail_match else "", key=len)
        if any(after.startswith(h) for h in AWARD_HEADS) or after.startswith(("称号", "荣誉")):
            continue  # part of an award name: the award rule takes it
        if not head:
            # A bare quoted phrase is a program only where it is run, or reads like one, and
            # does not modify a following noun (建设“强富美高”新海门 is a slogan). In a list of
            # quoted names (开展“A”“B”“C”) the cue before the first one serves them all.
            clause = max(text.rfind(ch, 0, m.start()) for ch in "。；;,，!！?？\n") + 1
            run = any(c in text[max(clause, m.start() - 30):m.start()] for c in RUN_CUES)
            reads_as_program = core.endswith(PROGRAM_ENDINGS)
            if len(core) < 3 or (not run and not reads_as_program) or NUMBERED_SLOGAN.match(core):
                continue
            if (not reads_as_program and after[:1] and after[:1] not in "，,、。；;：:)）和与及等“”\n"
                    and not after.startswith(("为", "的", "建设", "创建"))):
                continue
            if re.search(r"(称号|荣誉|奖|精神)$", core) or core.endswith(AWARD_HEADS):
                continue
        start = m.start()
        season = next((q for q in SEASONS if text.endswith(q, 0, start)), "")
        start -= len(season)
        end = m.end() + len(head)
        full = season + core + head
        name = season + core if head in BARE_PROGRAM_HEADS and len(core) > 3 else full
        alias = full if name != full else season + core if head else None
        yield Candidate(start, end, EntityType.PROGRAM, name, alias)


UNQUOTED_PROGRAM_HEADS = ("专项整治行动", "专项行动", "行动计划", "行动", "活动", "竞赛", "大赛", "比赛", "工程",
                          "培训班", "运动会", "宣传月", "宣传周", "活动月", "整治活动", "征集活动", "大比武活动", "项目",
                          "读书月", "服务月", "关爱月", "维权月",
                          "大比武")
GENERIC_PROGRAM_WORDS = ("各类", "系列", "一系列", "多种", "丰富多彩", "各项", "相关", "有关", "各种", "多项", "形式多样",
                         "主题", "专题", "这项", "此项", "该项", "本次", "此次", "多场", "等", "的")
POLICY_HEADS = ("实施办法", "管理办法", "考核办法", "实施方案", "工作方案", "实施意见", "指导意见", "工作要点", "政策",
                "规定", "办法", "方案", "意见", "条例", "细则")
# How the names of official documents end (《…实施办法》, 《…的通知》); other 《》 titles are
# books, songs and videos.
DOCUMENT_HEADS = POLICY_HEADS + ("通知", "决定", "计划", "规划", "制度", "纲要", "标准", "公约", "协议", "章程", "法",
                                 "要点", "意见", "报告", "决议", "守则", "准则", "指南", "清单", "纪要")
POLICY_CUES = ("落实", "执行", "出台", "制定", "印发", "贯彻", "修订", "颁布", "实施", "遵守")


def _after_cue(text: str, words: Words, cues: tuple[str, ...], heads: tuple[str, ...],
               max_len: int) -> Iterator[tuple[int, int, str]]:
    """Name + head right after a cue verb: 推进安全生产专项整治行动, 落实小微企业工会经费返还政策."""
    head_re = "|".join(map(re.escape, sorted(heads, key=len, reverse=True)))
    cue_re = "|".join(map(re.escape, sorted(cues, key=len, reverse=True)))
    for m in re.finditer(rf"(?:{cue_re})(?:了)?([{CJK}“”·]{{2,{max_len}}}?(?:{head_re}))(?![{CJK}])", text):
        start, end = m.start(1), m.end(1)
        if not words.is_boundary(start) or not words.is_boundary(end):
            continue
        yield start, end, strip_quotes(m.group(1))


# What a generic activity is made of (职工职业技能竞赛, 安全生产监督检查活动): a name left with
# nothing once these are taken out names no particular program.
GENERIC_PROGRAM_PARTS = re.compile(
    "职工|劳动|技能|职业|安全|生产|专项|监督|检查|培训|宣传|服务|评比|创新|创优|文体|体育|读书|法治|法律|帮扶|救助|困难|"
    "项目|经济|技术|群众性|多领域|多层次|岗位|练兵|比武|立功|全市|全县|全省|全区|各级|工会|企业|普法|骨干|重点|建设|"
    "工程|文化|志愿|慰问|走访|调研|学习|教育|维权|关爱|女职工|农民工|一线|基层|干部|党员|会员|素质|提升|开展|优秀|提案|评选")


# Heads that make a name a named campaign even when its words are common (安全生产专项整治行动).
STRONG_PROGRAM_HEADS = ("专项整治行动", "专项行动", "行动计划", "工程", "培养项目")
ENUMERATION = re.compile(rf"(?<![^。；;\n])\s*[{CN_NUM}]是([{CJK}“”·]{{2,16}}?(?:工程|行动|计划|活动|项目))(?=[。；;,，])")


def unquoted_programs(text: str, words: Words) -> Iterator[Candidate]:
    """Programs named after a cue verb without quotes (实施康乃馨工程), or as enumerated items of a
    report (一是强基固本工程。二是职工之家工程。)."""
    for start, end, name in _after_cue(text, words, RUN_CUES + ("投身",), UNQUOTED_PROGRAM_HEADS, 16):
        start = cut_after_cues(text, start, end, RUN_CUES + ("了",))
        if SHORT_UNION_AT.match(text, start):
            start += 2  # 实施省总产教融合…项目: the union that runs it, then the program
        name = text[start:end]
        head = next((h for h in sorted(UNQUOTED_PROGRAM_HEADS, key=len, reverse=True)
                     if name.endswith(h)), "")
        body = name[: -len(head)] if head else ""
        strong = name.endswith(STRONG_PROGRAM_HEADS)
        if (len(body) < (3 if strong else 4) or any(g in body for g in GENERIC_PROGRAM_WORDS)
                or "“" in name or not strong and not GENERIC_PROGRAM_PARTS.sub("", body)):
            continue
        yield Candidate(start, end, EntityType.PROGRAM, name)
    for m in ENUMERATION.finditer(text):
        name = strip_quotes(m.group(1))
        if not any(g in name for g in GENERIC_PROGRAM_WORDS):
            yield Candidate(m.start(1), m.end(1), EntityType.PROGRAM, name)


def policies(text: str, words: Words) -> Iterator[Candidate]:
    for start, end, name in _after_cue(text, words, POLICY_CUES, POLICY_HEADS, 20):
        head = next(h for h in sorted(POLICY_HEADS, key=len, reverse=True) if name.endswith(h))
        if len(name) - len(head) >= 4 and not any(g in name for g in ("有关", "相关", "各项", "这些", "上述")):
            yield Candidate(start, end, EntityType.POLICY, name)
    yield from documents_in_brackets(text, words)


def documents_in_brackets(text: str, words: Words) -> Iterator[Candidate]:
    """《…》 is a document, unless it names a newspaper or its column (《海门日报》 is an ORG)."""
    for m in re.finditer(r"《([^《》\n]{2,60})》", text):
        core = m.group(1).strip()
        if core.endswith(NEWSPAPER_ENDINGS) or re.search(r"[报刊]·", core):
            yield Candidate(m.start(), m.end(), EntityType.ORG, core)
        elif core.endswith(DOCUMENT_HEADS):
            yield Candidate(m.start(), m.end(), EntityType.POLICY, core)
        # anything else in 《》 is a book, a song or a programme: not in the graph


def _head_matches(text: str, heads: tuple[str, ...]) -> Iterator[tuple[int, int, str]]:
    pattern = re.compile("|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True)))
    for m in pattern.finditer(text):
        yield m.start(), m.end(), m.group()


def _place_anchor(text: str, start: int, end: int, words: Words | None = None) -> int:
    """Move ``start`` to a division name a few characters in (评选出海门市… -> 海门市…).

    Only where the division begins a word: 小官庄镇 is a town of its own, not 小 + 官庄镇.
    """
    from .gazetteers import divisions_by_name  # local: the index is built on first use
    names = divisions_by_name()
    words = words or words_of(text)
    for k in range(start + 1, min(start + 3, end - 2)):
        for length in (4, 3):
            if text[k:k + length] in names and words.is_boundary(k):
                return k
    return start


def awards(text: str, words: Words) -> Iterator[Candidate]:
    """[level][name] + award head: 全国工会财务工作先进单位, 省“安康杯”竞赛组织工作先进单位."""
    for hs, he, head in _head_matches(text, AWARD_HEADS):
        if text[he:he + 1] in ")）":
            continue
        if (not words.is_boundary(he) and text[he:he + 1] not in "”」、,，。;；"
                and not text.startswith(("称号", "荣誉"), he)):
            continue  # 最美职工 inside 最美职工书屋: the longer head takes it
        start = grow_left(words, hs, 20, AWARD_STOPS, allow_quotes=True)
        start = _place_anchor(text, cut_after_cues(text, start, hs, AWARD_CUES), he)
        name = strip_quotes(text[start:he])
        before = text[max(0, start - 6): start]
        cue = any(c in before for c in AWARD_CUES) or text[he: he + 2] in ("称号", "荣誉")
        inside = text[start:he]
        if inside.count("“") > inside.count("”"):
            if text[he:he + 1] != "”":
                continue  # the head sits inside a longer quoted name (“劳模工匠进校园…”)
            he += 1  # 全市工会系统“综合工作先进单位”: the closing quote ends the name
        quoted = "“" in inside or text[start - 1:start] == "“"
        if (head in WEAK_AWARD_HEADS or name == head) and not (cue or quoted):
            continue  # an ordinary phrase (劳模工匠, 先进单位) unless something is awarded
        if len(name) < 4 or name.startswith(("劳模", "职工")) and name.endswith("工匠"):
            continue
        yield Candidate(start, he, EntityType.AWARD, name)


def events(text: str, words: Words) -> Iterator[Candidate]:
    """Named meetings: 第N次代表大会, N届N次全委(扩大)会议, 十九届五中全会, 党的十九大, 中国工会十七大."""
    for m in re.finditer(rf"(党的|中国工会|中国共产党第?)?[{CN_NUM}]{{2,4}}大(?![学力量局型家批多幅胆众赛楼厅道街桥小概约都致体])|"
                         rf"(党的)?[{CN_NUM}]{{2,3}}届[{CN_NUM}]{{1,2}}中全会", text):
        yield Candidate(m.start(), m.end(), EntityType.EVENT, m.group())
    for hs, he, head in _head_matches(text, EVENT_HEADS):
        start = _place_anchor(text, grow_left(words, hs, 30, AWARD_STOPS, allow_quotes=True), he)
        while text[start:start + 1] in ("暨", "及", "和"):
            start += 1
        name = strip_quotes(text[start:he])
        if len(name) - len(head) < 3 or name.startswith(("召开", "举行")):
            continue
        yield Candidate(start, he, EntityType.EVENT, name)


def _ends_in_division(word: str) -> bool:
    from .gazetteers import divisions_by_name
    return word in divisions_by_name()


def _anchored(name: str, head: str) -> bool:
    """Does a name open with a place, a level word or a personal name (杨某劳模创新工作室)?"""
    from .gazetteers import divisions_by_base, divisions_by_name
    if name[:1] in LEVEL_CHARS or name[:1] in "全中国" and name.startswith(("全国", "中国", "中华", "中共")):
        return True
    if any(name[:k] in divisions_by_name() or name[:k] in divisions_by_base() for k in (2, 3, 4)):
        return True
    return head == "工作室" and name[:1] in surnames()


def organizations(text: str, words: Words) -> Iterator[Candidate]:
    """A name grown leftwards from an organization head (…总工会, …局, …有限公司)."""
    pattern = re.compile("|".join(re.escape(s) for s in org_suffixes()))
    title_set = set(titles())
    listed: Candidate | None = None  # the last organization found, for lists (县税务局、供电公司)
    for m in pattern.finditer(text):
        hs, he, head = m.start(), m.end(), m.group()
        if (not words.is_boundary(he) and text[he:he + 1] not in "、,，。;；:：(（"
                and not text.startswith(titles(), he)):
            continue
        wi = words.index_at(hs)
        word = words.words[wi]
        if (not words.is_boundary(hs) and words.starts[wi] + len(word) != he
                and len(word) <= len(head) + 2 and not _ends_in_division(word)):
            continue  # the head is the tail of a longer word (集中学 is not a 中学; 高邮市委 is fine)
        if len(head) == 1 and (word in NOT_ORGS or word in title_set):
            continue  # 大局, 举办, 常委: a common word that ends in the head
        if head in PARTY_GROUP_HEADS and _party_group_of_a_post(text, hs, he):
            continue  # 某总工会党组书记: the post is 党组书记, the body 某总工会 (guidelines)
        start = _trim_generic(text, grow_left(words, hs, 18, ORG_STOPS), hs)
        start = cut_after_cues(text, start, hs, ("围绕", "依托", "联合", "会同", "获", "表彰"))
        start = _place_anchor(text, start, he)
        start = _short_form_start(text, words, start, hs)
        name = text[start:he]
        if name.endswith(VENUE_HEADS):
            continue  # a venue: the place rule takes it
        prefix = name[: -len(head)]
        shared = _list_prefix(text, listed, start) if len(name) >= 2 else ""
        if (shared and not _anchored(name, head) and name not in NOT_ORGS
                and prefix not in GENERIC_PREFIXES and "届" not in prefix):
            # 县税务局、供电公司、财政局: the level word or division that names the first body of
            # a list names the others too.
            listed = Candidate(start, he, EntityType.ORG, shared + name)
            yield listed
            continue
        if (name in NOT_ORGS or prefix in GENERIC_PREFIXES or "届" in prefix
                or not prefix and head[0] not in LEVEL_CHARS or generic_levels(prefix)):
            continue
        if name.endswith(tuple(title_set)) and head not in title_set:
            continue  # 市委常委 is a post, and 市委 stands before it on its own
        if len(prefix) == 1 and prefix not in LEVEL_CHARS:
            continue  # 进学校, 该公司: one character before the head is a word, not a name
        if head in WEAK_ORG_HEADS and not _anchored(name, head):
            continue
        listed = Candidate(start, he, EntityType.ORG, name)
        yield listed
        tail = _sub_unit_end(text, words, he) if head in UNIT_OWNERS else he
        if tail > he:
            yield Candidate(start, tail, EntityType.ORG, text[start:tail])


# Bodies whose work units receive honours and hold posts under their own names: a company's
# 车间甲班, a hospital's 急诊科, a bureau's 一中队 (a work group that receives an honour is an
# organization, guidelines).
UNIT_OWNERS = frozenset({"有限公司", "有限责任公司", "股份有限公司", "公司", "集团", "医院", "卫生院", "局", "厂",
                         "组织部", "交通管理局", "中心"})
SUB_UNIT = re.compile(rf"[{CJK}]{{0,10}}?(?:车间[甲乙丙丁一二三四五六]班|班组|分部|项目部|分公司|分厂|急诊科|护理组|"
                      rf"[{CN_NUM}]中队|[{CN_NUM}]队|抢修班|运营班|煤矿|科|站)")


# Posts in a work unit: after them the unit is part of a job description (guidelines).
UNIT_POSTS = ("班长", "队长", "组长", "科长", "站长", "护士长", "主任", "医生", "职工", "工人", "员", "师", "长",
              "隊長")


def _sub_unit_end(text: str, words: Words, he: int) -> int:
    """Where a work unit named right after its body ends (…有限公司聚合车间甲班), else ``he``:
    the longest stretch of whole words, none a verb, a preposition or a title, that ends in a
    unit's head at a word's end."""
    for end in range(min(len(text), he + 14), he, -1):
        if not SUB_UNIT.fullmatch(text, he, end) or not words.is_boundary(end):
            continue
        if text.startswith(UNIT_POSTS, end) or text.startswith(titles(), end):
            return he  # 某公司抢修班班长张三: a job description, the body is the company
        pos = he
        while pos < end:
            i = words.index_at(pos)
            word = words.words[i]
            if words.starts[i] != pos or word in ORG_STOPS or word in titles():
                break
            pos += len(word)
        if pos == end:
            return end
    return he


PARTY_GROUP_HEADS = ("党组", "党委")
# Posts a party group or committee holds: after them the group names no body of its own.
PARTY_POSTS = ("书记", "副书记", "成员", "组长", "副组长", "委员")
# The heads of bodies that have a party group (a union, a bureau, a court), not of places: 镇党委
# is a township's own committee, 县总工会党组书记 a post at the union.
BODY_ENDINGS = ("工会", "局", "院", "委", "厅", "办", "会", "部", "政府", "公司", "集团", "中心", "所", "站")


def _party_group_of_a_post(text: str, hs: int, he: int) -> bool:
    """某总工会党组书记, 某局党委副书记: a party group or committee that opens a post."""
    return text.startswith(PARTY_POSTS, he) and text[:hs].endswith(BODY_ENDINGS)


# Characters jieba glues to a following level word that start no name (由区, 至市, 任县, 年州).
GLUED_BEFORE_LEVEL = LEADING_FUNCTION_CHARS + "到至该率任年是"


def _short_form_start(text: str, words: Words, start: int, hs: int) -> int:
    """Where a short form (县总工会, 市委组织部) opens a name grown over a clause
    (选举产生市总工会, 次活动由区总工会, 这是该县总工会): the level word starts the name unless
    what stands before it is a place (临西县总工会, 台州市椒江区…)."""
    from .gazetteers import divisions_by_base, divisions_by_name

    from .segmentation import segmenter

    names, bases = divisions_by_name(), divisions_by_base()
    freq = segmenter().FREQ
    for p in range(start + 1, hs):
        if text[p] not in "省市县区州旗" or text[p - 1] in "(（":
            continue  # 镇(区)职工服务站: levels in brackets
        if freq.get(text[p - 2:p + 1] if p >= start + 2 else "", 0) or freq.get(text[p - 1:p + 1], 0) >= 100:
            continue  # 园区, 城市, 社区, 自治区: the level character ends a word
        pre = text[start:p]
        if any(pre[k:] + text[p] in names or pre[k:] in bases or pre[k:] in names
               for k in range(max(0, len(pre) - 6), len(pre))):
            continue
        wi = words.index_at(p)
        word, word_start = words.words[wi], words.starts[wi]
        bare = word_start == p and (len(word) == 1 or len(word) == 2 and word[1] in "委总")
        glued = word_start == p - 1 and len(word) == 2 and word[0] in GLUED_BEFORE_LEVEL
        if bare or glued:
            return p
    return start


def generic_levels(prefix: str) -> bool:
    """镇区工会, 村居(社区)工会, 二级综合医院: levels or grades of bodies, not one body's name."""
    bare = re.sub(r"[()（）]", "", prefix)
    return (len(bare) >= 2 and all(c in LEVEL_CHARS + "村居社区街" for c in bare)
            or bool(re.match(rf"[{CN_NUM}\d]级|等级", prefix)))


def _list_prefix(text: str, previous: Candidate | None, start: int) -> str:
    """The level word (县) or division (射阳县) of the body just before ``start`` in a list
    (县税务局、…), which holds for the next body too; "" where there is no such list."""
    if previous is None or previous.end + 1 != start or text[previous.end] != "、":
        return ""
    from .gazetteers import divisions_by_name
    name = previous.name or ""
    for k in (4, 3, 2):
        if name[:k] in divisions_by_name() and len(name) > k:
            return name[:k]
    if len(name) >= 3 and name[0] in "省市县区" and name[1] not in "级场民内域区城直":
        return name[0]
    return ""


# After 省总/市总/县总 these start another word (总结, 总体, 总量…): no union is meant.
NOT_AFTER_ZONG = "工结体量数计书经部之的值额裁监队"
# 省总 where it opens a name grown from a program head (实施省总产教融合…项目).
SHORT_UNION_AT = re.compile(rf"[省市县区]总(?![{NOT_AFTER_ZONG}])")


def union_short_forms(text: str, words: Words) -> Iterator[Candidate]:
    """省总, 市总, 县总: how union papers write the provincial, city and county union."""
    for m in re.finditer(rf"(?<![{CJK}])(?:[省市县区])总(?=党组|[^{CJK}{NOT_AFTER_ZONG}]|$)|"
                         rf"(?<=[实施在由向对和与及经从照据合受获被])(?:[省市县区])总"
                         rf"(?=党组|[^{NOT_AFTER_ZONG}])",
                         text):
        yield Candidate(m.start(), m.end(), EntityType.ORG, m.group())


def places(text: str, words: Words) -> Iterator[Candidate]:
    """Development zones, parks and villages: 海门经济技术开发区, 三厂工业园区, 某某村."""
    for hs, he, head in _head_matches(text, PLACE_HEADS):
        if not words.is_boundary(he) and head != "村":
            continue
        start = _trim_generic(text, grow_left(words, hs, 14), hs)
        name = text[start:he]
        prefix = name[: -len(head)]
        if (len(prefix) < 2 and prefix not in LEVEL_CHARS) or not prefix or name in ("农村", "乡村"):
            continue
        if "示范" in name or prefix in GENERIC_PREFIXES:
            continue
        if (head in ("园区", "新区") or head in VENUE_HEADS) and not _anchored(name, head):
            continue  # 第五届园区活动月: a park only when a place names it
        if head == "村" and (len(name) > 4 or not words.is_boundary(start)):
            continue
        yield Candidate(start, he, EntityType.PLACE, name)


def _is_common_word(chars: str) -> bool:
    """A frequent dictionary word (关于, 全面) rather than the start of a personal name."""
    from .segmentation import segmenter
    return segmenter().FREQ.get(chars, 0) > 500


# Verbs of movement that stand before a place (来宝应, 赴江油) and are surnames too.
PLACE_VERBS = "来去到在赴至回从往于向经驻"
# Characters that after a two-character name start the next word (姜敏作报告, 顾青山和…) far more
# often than they end a three-character name.
NEXT_WORD_STARTS = "作在和与及等说讲为是出到来向对从将把被同率带主表指强介参宣致任兼获荣"


def _person_name_at(text: str, start: int) -> str | None:
    """A personal name starting at ``start``: a known surname and one or two more characters."""
    if _is_common_word(text[start:start + 2]):
        return None
    from .gazetteers import divisions_by_base
    if text[start + 1:start + 3] in divisions_by_base() and text[start] in PLACE_VERBS:
        return None  # 来宝应调研: a verb and a place, not a person (柳青山 is a name)
    family = surnames()
    for slen in (2, 1):
        if text[start:start + slen] in family:
            break
    else:
        return None
    rest = text[start + slen:start + slen + 2]
    if not rest or not re.match(rf"[{CJK}]", rest):
        return None
    two = text[start:start + slen + 1]
    three = text[start:start + slen + 2]
    if len(three) == slen + 2 and re.fullmatch(rf"[{CJK}]+", three):
        follow = text[start + len(three):start + len(three) + 2]
        third = three[-1]
        # The third character starts the next word (姜敏作报告, 顾青山和…) rather than ending the name.
        if third in NEXT_WORD_STARTS and not _ends_a_name(follow):
            return two  # 姜敏作报告; but 孟某荣作报告 (作 follows the third) keeps three
        # Seen elsewhere as two characters followed by a break: the name is two characters.
        if re.search(re.escape(two) + rf"(?=[^{CJK}]|同志|作|在|指出|强调|表示)", text):
            return two
        return three
    return two


# What follows a whole name in news (…同志, …作报告, …告诉记者, …（某公司）): where the text after
# three characters reads so, the third character ends the name rather than starting a word.
AFTER_A_NAME = ("同志", "作", "在", "说", "表示", "指出", "强调", "介绍", "告诉", "认为", "出席", "主持", "讲话", "代表",
                "参加", "等", "和", "、", "任", "是", "为大家", "摄", "/")


def _ends_a_name(follow: str) -> bool:
    return not follow or not re.match(rf"[{CJK}]", follow) or follow.startswith(AFTER_A_NAME)


def _name_ending_at(text: str, end: int) -> str | None:
    """A personal name that ends at ``end`` (…葛明同志, 陈志军等): three characters or two."""
    for length in (3, 2):
        start = end - length
        if start < 0 or not re.fullmatch(rf"[{CJK}]{{{length}}}", text[start:end]):
            continue
        name = _person_name_at(text, start)
        if name and len(name) == length and not _is_common_word(text[start:end]):
            return name
    return None


# 习近平新时代中国特色社会主义思想 names a doctrine; the leader's name in it is no mention.
DOCTRINE_AFTER = ("新时代", "思想", "理论", "重要论述", "重要讲话精神", "重要指示")


def people(text: str, words: Words) -> Iterator[Candidate]:
    """Names after a post title (主席姜敏), before 同志 or 等, in 、-lists and in bylines."""
    title_re = re.compile("|".join(re.escape(t) for t in titles()))
    for m in title_re.finditer(text):
        pos = m.end()
        while True:
            name = _person_name_at(text, pos)
            if not name or name in titles():
                break
            yield Candidate(pos, pos + len(name), EntityType.PERSON, name)
            pos += len(name)
            if text[pos:pos + 1] != "、":
                break
            pos += 1
    # Bylines: (通讯员 王某 李某), □某某, 通讯员海工宣 — pen names count as people too.
    byline_re = "|".join(map(re.escape, BYLINE_BEFORE))
    for m in re.finditer(rf"(?:{byline_re})[ \t　]*((?:[{CJK}]{{2,4}}[ 　、]*)+)", text):
        pos = m.start(1)
        for item in re.finditer(rf"[{CJK}]+", m.group(1)):
            if item.group() in BYLINE_WORDS:
                continue
            if 2 <= len(item.group()) <= 3 or (len(item.group()) == 4 and item.group()[:2] in surnames()):
                yield Candidate(pos + item.start(), pos + item.end(), EntityType.PERSON, item.group())
    # …某某同志, 某某、某某等, 某某/文, 某某 摄
    for m in re.finditer(rf"(?=(同志|等同志|等[0-9{CN_NUM}]*(?:位|名|人|个)|\s*/?\s*[摄文](?![{CJK}])))", text):
        end = m.start()
        name = _name_ending_at(text, end)
        if not name:
            continue
        start = end - len(name)
        yield Candidate(start, end, EntityType.PERSON, name)
        # a 、-list of names before it: 杨某、陈某某、张某某等
        while text[start - 1:start] == "、":
            prev = _name_ending_at(text, start - 1)
            if not prev:
                break
            start = start - 1 - len(prev)
            yield Candidate(start, start + len(prev), EntityType.PERSON, prev)


RULES: tuple[Callable[[str, Words], Iterator[Candidate]], ...] = (
    quoted_programs, unquoted_programs, policies, awards, events, organizations, union_short_forms,
    places, people)


def find_candidates(text: str) -> list[Candidate]:
    words = words_of(text)
    return [c for rule in RULES for c in rule(text, words)]


@Language.factory("gonghui_patterns", assigns=["doc.spans"])
def make_patterns(nlp: Language, name: str) -> PatternRuler:
    return PatternRuler()


class PatternRuler:
    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for cand in find_candidates(text_of(doc)):
            span = doc.char_span(cand.start, cand.end, label=cand.type.value,
                                 kb_id=cand.name or "", span_id=cand.alias or "")
            if span is not None:
                spans.append(span)
        doc.spans[SPANS_KEY] = spans
        return doc
