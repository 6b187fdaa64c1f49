"""RECEIVED_AWARD: an award after its cue (荣获, 被评为, 授予), with the recipients before the cue
or, after 表彰, between the cue and the award."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ...records import ReceivedAward
from ..patterns.awards import award_heads
from ..patterns.names import strip_quotes
from ..knowledge import per_gazetteers
from ..patterns.words import award_cues, word_list, word_set
from .common import CLAUSE_END, SENTENCE_END, Context, FoundRelation, bounds, year_in

# What may stand between a recipient and its award cue: 同志, 连续四年, 被, a project in quotes,
# or a counted head noun (等4家职工书屋, 2个项目, 等10个单位).
NUMBER = "0-9一二三四五六七八九十两"
RECIPIENT_FILLER = re.compile(
    rf"^(同志|“[^”]{{1,30}}”|等?[{NUMBER}]*(个|家|名|位|项|人)[\u4e00-\u9fff]{{0,6}}?|等|连续[{NUMBER}]+年|先后|分别|均|"
    rf"被|再次|再度|首次|一举|累计|共|又|还|也|已|曾|曾经|此前|今年|去年|[0-9]{{4}}年度?|\s)*$")
AWARD_LIST_FILLER = re.compile(r"^[、和及与“”\s,，了]*$|^等")
# 授予张三等10名同志“…”称号: what may stand between the last recipient and the award.
CONFERRED_GAP = re.compile(rf"(等[{NUMBER}]*(个|家|名|位|人)?(同志|单位|集体|职工|个人|企业|班组|工作室)?)?[“\"]?")
# After an award, what opens its list: 的是：, 的部分职工：, 的10人分别是：, 名单如下：, or a heading's colon.
LIST_HEAD = re.compile(rf"[”\"]?(的)?(部分)?([{NUMBER}]+(名|人|个|家))?(单位|职工|集体|个人|选手|同志|人员|企业)?"
                       rf"(分别)?(是|有|为)?(名单如下)?[:：]")
# A roll of honour as a heading: 附：2024年某市劳动模范名单（部分）, then a name to a line.
ROLL_HEAD = re.compile(r"[”\"]?名单([（(][^）)\n]{0,8}[）)])?(如下)?[:：]?[ \u3000]*(?=\n)")
ROLL_LEAD = re.compile(r"[ \u3000]*(附[:：]?)?[ \u3000]*([0-9]{4}年度?)?[“\"]?")
PERSON_LIST_GAP = re.compile(r"[、和及与]([^，,。；;：:、]{0,30})")
LIST_HEAD_BARE = re.compile(r"[”\"]?的(分别)?(是|有)(?=[\u4e00-\u9fff])")
OMITTED_SUBJECT = re.compile(r"[0-9年度,，\s]*(被[\u4e00-\u9fff]{2,14}?)?")
TEAM = r"代表队|班组|工会"
PERSONS_TEAM = r"班组|劳模创新工作室|创新工作室|工作室"  # 张三班组, named after its leader
# 获得六项表彰，分别是：…, 荣获多项荣誉，包括：…
ENUMERATED = re.compile(r"(获得|荣获|获)[^，。,]{0,6}(表彰|荣誉|奖项|称号)[，,]?(分别是|分别为|包括)[:：]")


@per_gazetteers
def prize_heads() -> tuple[str, ...]:
    """How a contest prize's name ends (个人一等奖, 优秀组织奖, 团体第一名, 金奖)."""
    return word_list("prize_heads")


@per_gazetteers
def active_award_cues() -> frozenset[str]:
    """Cues of conferring (某总工会表彰A…, 授予A…): the subject confers, recipients follow the cue."""
    return word_set("active_award_cues")


@per_gazetteers
def passive_award_cues() -> frozenset[str]:
    """Cues that after 被 make the subject the recipient (X被Y评为Z), not the body Y."""
    return word_set("passive_award_cues")


@per_gazetteers
def unit_honours() -> tuple[str, ...]:
    """How an honour given to a body ends besides the award heads (…优秀单位, …优胜单位)."""
    return word_list("unit_honours")


class AwardReader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.ents = ctx.ents

    def read(self) -> list[FoundRelation]:
        return (self.awards() + self.honoured() + self.conferred() + self.lists() + self.enumerated()
                + self.respectively() + self.titled() + self.plaques())

    def titled(self) -> list[FoundRelation]:
        """Honours written as titles before a name, where the posts between do not read as a chain:
        全国劳动模范、原某厂退休职工张三; 2022年某奖章获得者、“某工匠”、公司技术员李四; and after a
        cue, 获评“某市最美快递员”的某公司快递员王五. The stretch from the last honour to the name is
        one job description: no punctuation, no other person or honour, no 和/等 (a group)."""
        found = []
        awards = self.ctx.of_type("AWARD")
        people = self.ctx.of_type("PERSON")
        for i, award in enumerate(awards):
            chain = [award]
            while i + len(chain) < len(awards) and re.fullmatch(
                    r"[”\"]?(获得者)?[、]", self.text[chain[-1].end_char:awards[i + len(chain)].start_char]):
                chain.append(awards[i + len(chain)])
            if i and re.fullmatch(r"[”\"]?(获得者)?[、]", self.text[awards[i - 1].end_char:award.start_char]):
                continue  # read from the chain's first honour
            last = chain[-1]
            cue = re.search(r"(获评|荣获|获得|被评为|评为)([0-9]{4}年度?)?[“\"]?$",
                            self.text[max(0, award.start_char - 12):award.start_char])
            # After a cue, 的 opens the recipient, a person or a body that ends the clause
            # (获评“某市工人先锋号”的某公司抢修班。).
            person = next((p for p in people if p.start_char >= last.end_char), None)
            if cue is not None:
                body = next((o for o in self.ctx.of_type("ORG") if o.start_char >= last.end_char), None)
                if body is not None and (person is None or body.start_char < person.start_char) and re.match(
                        r"[，,。；;]", self.text[body.end_char:body.end_char + 1]):
                    person = body
            if person is None:
                continue
            gap = self.text[last.end_char:person.start_char]
            joint = r"[、]" if cue is None else r"的"
            m = re.fullmatch(rf"[”\"]?(获得者)?{joint}([^，,。；;：:、！？!?\n“”和及与等]{{0,40}})", gap)
            if m is None or self.ctx.ents_within(last.end_char, person.start_char, "PERSON", "AWARD"):
                continue
            if not cue and not self._opens_clause_or_object(award.start_char):
                continue
            # The year written before the title (2022年某奖章获得者), or in the cue's clause.
            year_m = re.search(r"([0-9]{4})年度?[“\"]?$",
                               self.text[max(0, award.start_char - 8):award.start_char])
            year = int(year_m.group(1)) if year_m else None
            if cue is not None and year is None:
                year = year_in(self.text[bounds(self.text, award.start_char, award.start_char,
                                                CLAUSE_END + "，,")[0]:award.start_char])
            for honour in chain:
                found.append(FoundRelation(ReceivedAward(self.ctx.name(person), self.ctx.award_name(honour),
                                                         year), honour.start_char, person.end_char))
        return found

    def _opens_clause_or_object(self, start: int) -> bool:
        """What stands before a title: a clause's start, or a verb of meeting (看望了, 来到, 在)."""
        before = self.text[max(0, start - 8):start]
        before = re.sub(r"[0-9]{4}年度?[“\"]?$|[“\"]$", "", before)
        return (not before or before[-1] in "，,。；;：:\n　 、—）)了" or
                before.endswith(("看望了", "看望", "慰问了", "慰问", "走访了", "走访", "来到", "在", "是", "为", "向",
                                 "代表", "学员代表", "其中")))

    def plaques(self) -> list[FoundRelation]:
        """为A、B等15家“某示范点”授牌: the bodies named between 为 and the honour."""
        found = []
        for award in self.ctx.of_type("AWARD"):
            if not re.match(r"[”\"]?(授牌|颁发|颁牌|揭牌)", self.text[award.end_char:award.end_char + 3]):
                continue
            left, _ = bounds(self.text, award.start_char, award.start_char, CLAUSE_END + "，,")
            at = self.text.rfind("为", left, award.start_char)
            if at < 0:
                continue
            named = self.ctx.ents_within(at + 1, award.start_char, "ORG", "PERSON")
            if not named or named[0].start_char != at + 1 or not CONFERRED_GAP.fullmatch(
                    re.sub(r"[0-9]{4}年度?", "", self.text[named[-1].end_char:award.start_char])):
                continue
            if any(self.text[a.end_char:b.start_char] not in ("、", "和", "及")
                   for a, b in zip(named, named[1:])):
                continue
            year = year_in(self.text[left:award.end_char])
            found += [FoundRelation(ReceivedAward(self.ctx.name(r), self.ctx.award_name(award), year),
                                    at, award.end_char) for r in named]
        return found

    def respectively(self) -> list[FoundRelation]:
        """A代表队、B代表队分获团体第二名、第三名: the n-th recipient the n-th prize (第三名 takes
        团体 from the first)."""
        found = []
        for m in re.finditer("分获|分别获得|分别荣获", self.text):
            left, _ = bounds(self.text, m.start(), m.start(), CLAUSE_END + "，,")
            end = min([i for i in (self.text.find(ch, m.end()) for ch in "，,。；;\n") if i >= 0]
                      or [len(self.text)])
            named = [self._list_member(o) for o in self.ctx.ents_within(left, m.start(), "ORG", "PERSON")]
            prizes = [p for p in re.split("、|和", self.text[m.end():end]) if p]
            if not named or len(named) != len(prizes) or not all(p.endswith(prize_heads()) for p in prizes):
                continue
            lead = re.match(r"(.*?)(第|[一二三四五六七八九十]等|优秀|特等)", prizes[0])
            prefix = lead.group(1) if lead else ""
            for (_, name), prize in zip(named, prizes):
                if name:
                    prize = prize if prize.startswith(prefix) else prefix + prize
                    found.append(FoundRelation(ReceivedAward(name, prize, None), left, end))
        return found

    def enumerated(self) -> list[FoundRelation]:
        """某总工会一举获得六项表彰，分别是：A、B、C: each honour named goes to the subject."""
        found = []
        for m in ENUMERATED.finditer(self.text):
            sentence, end = bounds(self.text, m.start(), m.end(), SENTENCE_END)
            recipients = self._recipients(sentence, m.start(), m.group(1))
            year = year_in(self.text[sentence:m.start()])
            pos = m.end()
            honours = award_heads() + unit_honours()
            for part in re.split(r"[、，,；;]", self.text[m.end():end]):
                name = strip_quotes(part.strip().rstrip("等"))
                if name.endswith(honours) and 4 <= len(name) <= 30:
                    found += [FoundRelation(ReceivedAward(r, name, year), m.start(), pos + len(part))
                              for r in recipients]
                pos += len(part) + 1
        return found

    def conferred(self) -> list[FoundRelation]:
        """授予张三等10名同志“某县劳动模范”称号: the named recipients between the cue and the
        award (等 adds no one)."""
        found = []
        for m in re.finditer(r"授予|命名|评选", self.text):
            _, right = bounds(self.text, m.end(), m.end(), CLAUSE_END + "，,")
            award = next((e for e in self.ctx.ents_within(m.end(), right, "AWARD")), None)
            if award is None:
                continue
            named = self.ctx.ents_within(m.end(), award.start_char, "PERSON", "ORG")
            if not named or not CONFERRED_GAP.fullmatch(self.text[named[-1].end_char:award.start_char]):
                continue
            group = [named[-1]]
            for ent in reversed(named[:-1]):
                if self.text[ent.end_char:group[-1].start_char] not in ("、", "和", "及"):
                    break
                group.append(ent)
            if self.text[m.end():group[-1].start_char].strip():
                continue  # 授予 is followed by its recipients, nothing else
            year = year_in(self.text[bounds(self.text, m.start(), m.start(), SENTENCE_END)[0]:award.end_char])
            found += [FoundRelation(ReceivedAward(self.ctx.name(r), self.ctx.award_name(award), year),
                                    m.start(), award.end_char) for r in reversed(group)]
        return found

    def lists(self) -> list[FoundRelation]:
        """获得个人一等奖的是：张三（某公司）、李四; 获得某奖章的部分职工：…; a list under an award
        written as a heading (团体一等奖：某代表队、某代表队)."""
        found = []
        awards = [(a.start_char, a.end_char, self.ctx.award_name(a)) for a in self.ctx.of_type("AWARD")]
        for award_start, award_end, award_name in awards + self._headings(awards):
            line_start = self.text.rfind("\n", 0, award_start) + 1
            lead = self.text[line_start:award_start]
            m = (LIST_HEAD.match(self.text, award_end) or ROLL_HEAD.match(self.text, award_end)
                 or LIST_HEAD_BARE.match(self.text, award_end))
            if m is None or not (re.search(r"(获得|获评|荣获|获|评为)([0-9]{4}年度?)?[“\"]?$", lead)
                                 or ROLL_LEAD.fullmatch(lead)):
                continue
            start = m.end()
            end = self._list_end(start)
            people = [(p.end_char, self.ctx.name(p)) for p in self.ctx.ents_within(start, end, "PERSON")]
            # an affiliation in brackets after a person (张三（某公司）) is not a recipient
            named = people or [self._list_member(o) for o in self.ctx.ents_within(start, end, "ORG")
                               if not self._in_brackets(start, o.start_char)]
            year = year_in(self.text[bounds(self.text, award_start, award_start,
                                            SENTENCE_END)[0]:award_end])
            found += [FoundRelation(ReceivedAward(name, award_name, year), award_start, end)
                      for end, name in named if name]
        return found

    def _headings(self, awards: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A prize written as a list's heading (个人一等奖：, 优秀组织奖：) that the entity stage
        left unnamed."""
        found, prizes = [], prize_heads()
        for m in re.finditer(r"(?m)^[ \u3000]*([\u4e00-\u9fff]{2,20}?)[:：]", self.text):
            if m.group(1).endswith(prizes) and not any(
                    s < m.end(1) and m.start(1) < e for s, e, _ in awards):
                found.append((m.start(1), m.end(1), m.group(1)))
        # 附：2024年某市劳动模范名单（部分）
        for m in re.finditer(r"(?m)^[ \u3000]*(?:附[:：]?)?[ \u3000]*(?:[0-9]{4}年度?)?“?([\u4e00-\u9fff]{3,24}?)”?名单",
                             self.text):
            if m.group(1).endswith(award_heads()):  # the heading's whole name, over any part of it
                found.append((m.start(1), m.end(1), m.group(1)))
        return found

    def _list_end(self, start: int) -> int:
        """A list in the sentence (up to 。), or lines under a heading (up to a blank line or the
        next heading)."""
        if self.text[start:start + 1] != "\n" and not self.text[start:start + 1].isspace():
            end = min([i for i in (self.text.find(ch, start) for ch in "。\n") if i >= 0] or [len(self.text)])
            return end
        pos = start
        while pos < len(self.text) and self.text[pos].isspace():
            pos += 1  # the blank line under a heading
        while pos < len(self.text):
            nl = self.text.find("\n", pos)
            line = self.text[pos:nl if nl >= 0 else len(self.text)]
            if not line.strip() or re.search(r"[:：]", line) or len(line) > 60 or line.rstrip().endswith("。"):
                return pos  # a blank line, the next heading, or a paragraph
            pos = (nl + 1) if nl >= 0 else len(self.text)
        return pos

    def _list_member(self, org: Span) -> tuple[int, str | None]:
        """A body in a list, with the team or union it fields (某公司代表队); none where the list
        item goes on past it (某公司车间…)."""
        m = re.match(r"(代表队|工会|班组|项目部)?(?=[、，,。；;\n分获]|$)", self.text[org.end_char:])
        if m is None:
            return org.end_char, None
        return org.end_char, self.ctx.name(org) + (m.group(1) or "")

    def _in_brackets(self, start: int, at: int) -> bool:
        before = self.text[start:at]
        return before.count("（") + before.count("(") > before.count("）") + before.count(")")

    def awards(self) -> list[FoundRelation]:
        found = []
        cues = award_cues()
        for start, end, name in self._awards() + self._quoted():
            left, _ = bounds(self.text, start, end, CLAUSE_END)
            before = self.text[left:start]
            # The cue nearest the award; of cues ending at the same place the longest (荣获, not 获).
            hits = [(k + len(c), len(c), k) for c in cues if (k := before.rfind(c)) >= 0]
            if not hits:
                continue
            _, cue_len, cue_at = max(hits)
            if not self._only_awards_between(left + cue_at + cue_len, start):
                continue
            recipients = self._recipients(left, left + cue_at, before[cue_at:cue_at + cue_len])
            if (LIST_HEAD.match(self.text, end) or LIST_HEAD_BARE.match(self.text, end)) \
                    and not before[:cue_at].strip():
                continue  # 获得某奖的是：…: the list names the recipients (see lists())
            if not recipients and OMITTED_SUBJECT.fullmatch(before[:cue_at]):
                recipients = self._sentence_subject(left)  # 2019年荣获…, 2020年被某总工会授予…
            year = year_in(before + self.text[start:end])
            for recipient in recipients:
                found.append(FoundRelation(ReceivedAward(recipient, name, year), left, end))
        return found

    def _sentence_subject(self, clause_start: int) -> list[str]:
        """Who an award with its subject left out went to: the person or body the sentence opens
        with (2019年，张三被评为…；2020年获评…), else the article's own union."""
        sentence, _ = bounds(self.text, clause_start, clause_start, SENTENCE_END)
        opening = re.match(r"[0-9]{4}年度?[，,]?", self.text[sentence:])
        at = sentence + (opening.end() if opening else 0)
        first = next((e for e in self.ents if e.start_char == at and e.label_ in ("PERSON", "ORG")), None)
        if first is not None and first.end_char <= clause_start:
            return [self.ctx.name(first)]
        if at < clause_start:
            return []  # an earlier clause names a subject that is no entity: not the union's
        return [self.ctx.reporter] if self.ctx.reporter else []

    def _awards(self) -> list[tuple[int, int, str]]:
        return [(a.start_char, a.end_char, self.ctx.award_name(a)) for a in self.ctx.of_type("AWARD")]

    def _quoted(self) -> list[tuple[int, int, str]]:
        """被评为“全县工会工作综合先进单位”: an honour in quotes right after its cue that the entity
        stage left unnamed."""
        found = []
        for m in re.finditer(r"(被评为|评为|荣获|获评|授予|命名为)([0-9]{4}年度?)?[“\"]([^”\"]{3,30})[”\"]", self.text):
            name = m.group(3)
            if name.endswith(award_heads()) and not self.ctx.ents_within(m.start(3), m.end(3), "AWARD") \
                    and not any(a.start_char < m.end(3) and m.start(3) < a.end_char
                                for a in self.ctx.of_type("AWARD")):
                found.append((m.start(3), m.end(3), name))
        # 某代表队获团体第一名: a bare prize after its cue
        for m in re.finditer(r"(?<![分别])(获得|荣获|获)((团体|个人)?(第[一二三四五六七八九十]名|[一二三]等奖|特等奖|优秀组织奖))",
                             self.text):
            if not any(a.start_char < m.end(2) and m.start(2) < a.end_char for a in self.ctx.of_type("AWARD")):
                found.append((m.start(2), m.end(2), m.group(2)))
        return found

    def _only_awards_between(self, start: int, end: int) -> bool:
        """Between a cue and an award only other awards of the same list may stand."""
        pos = start
        for ent in self.ents:
            if ent.start_char >= end or ent.end_char <= start:
                continue
            if ent.label_ == "ORG" and pos == start and ent.start_char == start:
                pos = ent.end_char  # 荣获某总工会“…”“…”: the body that confers them
                continue
            if ent.label_ != "AWARD" or not AWARD_LIST_FILLER.match(self.text[pos:ent.start_char]):
                return False
            pos = ent.end_char
        gap = self.text[pos:end]
        return bool(AWARD_LIST_FILLER.match(gap)) or bool(re.fullmatch(r"[0-9]{4}年度?|全国|", gap))

    def _recipients(self, clause_start: int, cue_start: int, cue: str) -> list[str]:
        """The people or organizations right before the cue, with a 、-list behind them.

        In the passive (X被Y评为Z, X继被Y表彰为Z) the recipient is X, before 被, not the body Y.
        """
        passive_at = self.text.rfind("被", clause_start, cue_start)
        passive_cues = passive_award_cues()
        if passive_at >= 0 and cue in passive_cues:
            cue_start = passive_at
            while cue_start > clause_start and self.text[cue_start - 1] in "继又还均先后再也已":
                cue_start -= 1
        elif cue in active_award_cues():
            return []  # 某总工会授予A…, 表彰A…: the subject confers; recipients follow the cue
        candidates = [e for e in self.ents if clause_start <= e.start_char and e.end_char <= cue_start
                      and e.label_ in ("PERSON", "ORG")]
        if not candidates:
            return []
        last = candidates[-1]
        if passive_at >= 0 and cue in passive_cues and not RECIPIENT_FILLER.match(
                self.text[last.end_char:cue_start]):
            # X获得了…，被Y评为Z: the clause's subject, with the team named after a person
            # (他带领的“张三班组”被…授予…: 张三班组)
            first = candidates[0]
            team = re.match(TEAM if first.label_ == "ORG" else PERSONS_TEAM, self.text[first.end_char:])
            return [self.ctx.name(first) + (team.group(0) if team else "")]
        team = re.match(TEAM if last.label_ == "ORG" else PERSONS_TEAM, self.text[last.end_char:cue_start])
        fielded = team.group(0) if team else ""  # 某总工会代表队获团体第一名: the team it fields
        if not RECIPIENT_FILLER.match(self.text[last.end_char + len(fielded):cue_start]):
            return []
        names = [self.ctx.name(last) + fielded]
        if last.label_ == "PERSON":
            # 某公司技师张三、某医院主任李四3名职工荣获…: people each after a chain of posts
            people = [e for e in candidates if e.label_ == "PERSON"]
            for ent in reversed(people[:-1]):
                if not PERSON_LIST_GAP.fullmatch(self.text[ent.end_char:last.start_char]):
                    break
                names.append(self.ctx.name(ent))
                last = ent
            return names
        for ent in reversed(candidates[:-1]):
            if self.text[ent.end_char:last.start_char] not in ("、", "和", "及", "与"):
                break
            names.append(self.ctx.name(ent))
            last = ent
        return names

    def honoured(self) -> list[FoundRelation]:
        """表彰 A、B、C 等单位为 X."""
        found = []
        for m in re.finditer(r"表彰", self.text):
            _, right = bounds(self.text, m.end(), m.end(), CLAUSE_END)
            inside = [e for e in self.ents if m.end() <= e.start_char and e.end_char <= right]
            award = next((e for e in inside if e.label_ == "AWARD"), None)
            if award is None:
                continue
            orgs = [e for e in inside if e.end_char <= award.start_char and e.label_ in ("ORG", "PERSON")]
            gap = self.text[orgs[-1].end_char:award.start_char] if orgs else ""
            if not orgs or not re.fullmatch(r"等?[0-9一二三四五六七八九十]*(个|家|名)?(单位|集体|个人|同志)?为"
                                            r"[0-9]{0,4}年?度?", gap):
                continue
            year = year_in(self.text[m.start():award.end_char])
            for org in orgs:
                found.append(FoundRelation(ReceivedAward(self.ctx.name(org), self.ctx.award_name(award), year),
                                           m.start(), award.end_char))
        return found
