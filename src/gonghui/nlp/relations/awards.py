"""RECEIVED_AWARD: an award after its cue (荣获, 被评为, 授予), with the recipients before the cue
or, after 表彰, between the cue and the award."""

from __future__ import annotations

import re

from ...records import ReceivedAward
from ..patterns import AWARD_CUES
from .common import CLAUSE_END, Context, FoundRelation, bounds, year_in

# What may stand between a recipient and its award cue: 同志, 连续四年, 被, a project in quotes,
# or a counted head noun (等4家职工书屋, 2个项目, 等10个单位).
NUMBER = "0-9一二三四五六七八九十两"
RECIPIENT_FILLER = re.compile(
    rf"^(同志|“[^”]{{1,30}}”|等?[{NUMBER}]*(个|家|名|位|项|人)[\u4e00-\u9fff]{{0,6}}?|等|连续[{NUMBER}]+年|先后|分别|均|"
    rf"被|再次|又|还|也|已|今年|去年|[0-9]{{4}}年度?|\s)*$")
AWARD_LIST_FILLER = re.compile(r"^[、和及与“”\s,，了]*$|^等")
PASSIVE_CUES = ("评为", "授予", "表彰为", "命名为", "确定为", "表彰")


class AwardReader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.ents = ctx.ents

    def read(self) -> list[FoundRelation]:
        return self.awards() + self.honoured()

    def awards(self) -> list[FoundRelation]:
        found = []
        for award in self.ctx.of_type("AWARD"):
            left, _ = bounds(self.text, award.start_char, award.end_char, CLAUSE_END)
            before = self.text[left:award.start_char]
            # The cue nearest the award; of cues ending at the same place the longest (荣获, not 获).
            hits = [(k + len(c), len(c), k) for c in AWARD_CUES if (k := before.rfind(c)) >= 0]
            if not hits:
                continue
            _, cue_len, cue_at = max(hits)
            if not self._only_awards_between(left + cue_at + cue_len, award.start_char):
                continue
            recipients = self._recipients(left, left + cue_at, before[cue_at:cue_at + cue_len])
            if not recipients and re.fullmatch(r"[0-9年度,，\s]*", before[:cue_at]) and self.ctx.reporter:
                recipients = [self.ctx.reporter]  # 2019年荣获…: the article's own union
            year = year_in(before + award.text)
            for recipient in recipients:
                found.append(FoundRelation(ReceivedAward(recipient, self.ctx.name(award), year),
                                           left, award.end_char))
        return found

    def _only_awards_between(self, start: int, end: int) -> bool:
        """Between a cue and an award only other awards of the same list may stand."""
        pos = start
        for ent in self.ents:
            if ent.start_char >= end or ent.end_char <= start:
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
        if passive_at >= 0 and cue in PASSIVE_CUES:
            cue_start = passive_at
            while cue_start > clause_start and self.text[cue_start - 1] in "继又还均先后再也已":
                cue_start -= 1
        elif cue == "表彰":
            return []  # 表彰A、B等单位为X: recipients follow the cue, handled by honoured()
        candidates = [e for e in self.ents if clause_start <= e.start_char and e.end_char <= cue_start
                      and e.label_ in ("PERSON", "ORG")]
        if not candidates:
            return []
        last = candidates[-1]
        if passive_at >= 0 and cue in PASSIVE_CUES and not RECIPIENT_FILLER.match(
                self.text[last.end_char:cue_start]):
            return [self.ctx.name(candidates[0])]  # X获得了…，被Y评为Z: the clause's subject
        if not RECIPIENT_FILLER.match(self.text[last.end_char:cue_start]):
            return []
        names = [self.ctx.name(last)]
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
                found.append(FoundRelation(ReceivedAward(self.ctx.name(org), self.ctx.name(award), year),
                                           m.start(), award.end_char))
        return found
