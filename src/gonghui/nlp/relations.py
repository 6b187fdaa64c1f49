"""HOLDS_POSITION, RECEIVED_AWARD and RUNS_PROGRAM from cues and entity types.

A relation is read only where a cue and the argument types agree; no relation is better than a
wrong one. An omitted subject (2019年荣获…, 开展“…”活动) falls to the article's reporting
organization: the union of its locality when the article names it, else its most named union.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import HoldsPosition, ReceivedAward, Relation, RunsProgram
from .gazetteers import titles
from .extensions import text_of
from .locality import Locality
from .patterns import AWARD_CUES, RUN_CUES
from .resolve import Resolution, expand_short_form

SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "；;"
# A 市长 heads the city government, not the party committee named before him (市委副书记、市长…).
TITLE_DEFAULT_ORG = {"市长": "市政府", "副市长": "市政府", "常务副市长": "市政府", "县长": "县政府",
                     "副县长": "县政府", "常务副县长": "县政府", "区长": "区政府", "副区长": "区政府"}
# What may stand between a recipient and its award cue: 同志, 连续四年, 被, a project in quotes,
# or a counted head noun (等4家职工书屋, 2个项目, 等10个单位).
NUMBER = "0-9一二三四五六七八九十两"
RECIPIENT_FILLER = re.compile(
    rf"^(同志|“[^”]{{1,30}}”|等?[{NUMBER}]*(个|家|名|位|项)[\u4e00-\u9fff]{{0,6}}?|等|连续[{NUMBER}]+年|先后|分别|均|"
    rf"被|再次|又|还|也|已|今年|去年|[0-9]{{4}}年度?|\s)*$")
AWARD_LIST_FILLER = re.compile(r"^[、和及与“”\s,，了]*$|^等")
PASSIVE_CUES = ("评为", "授予", "表彰为", "命名为", "确定为", "表彰")


@dataclass(frozen=True)
class FoundRelation:
    relation: Relation  # arguments by canonical name; evidence is added when records are made
    start: int  # doc character span that the relation was read from
    end: int


def _bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (text.find(ch, end) for ch in stops) if i >= 0]
    return left, min(rights) if rights else len(text)


def reporting_org(resolution: Resolution, locality: Locality) -> str | None:
    """The union the article reports for: 射阳县总工会 in a Sheyang county paper."""
    orgs = [e for e in resolution.entities if e.type == "ORG"]
    for level in ("县", "市", "区"):
        own = expand_short_form(f"{level}总工会", "ORG", locality)
        for e in orgs:
            if own != f"{level}总工会" and (e.name == own or own in e.aliases):
                return e.name
    unions = Counter({e.name: len(e.spans) for e in orgs if e.name.endswith("总工会")})
    return unions.most_common(1)[0][0] if unions else None


class RelationReader:
    def __init__(self, doc: Doc, resolution: Resolution, locality: Locality) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.res = resolution
        self.locality = locality
        self.ents = list(doc.ents)
        self.reporter = reporting_org(resolution, locality)

    def name(self, span: Span) -> str:
        return self.res.name_of(span) or span.text

    def ent_ending_at(self, end: int, labels: tuple[str, ...]) -> Span | None:
        for ent in self.ents:
            if ent.end_char == end and ent.label_ in labels:
                return ent
        return None

    # --- HOLDS_POSITION ---------------------------------------------------------------

    def positions(self) -> list[FoundRelation]:
        found = []
        title_list = titles()
        for person in (e for e in self.ents if e.label_ == "PERSON"):
            pos, chain = person.start_char, []
            while True:
                title = next((t for t in title_list if self.text.endswith(t, 0, pos)), None)
                if not title:
                    break
                org = self.ent_ending_at(pos - len(title), ("ORG",))
                chain.append((title, org))
                pos = org.start_char if org else pos - len(title)
                if self.text[pos - 1:pos] != "、":
                    break
                pos -= 1
            inherited: str | None = None
            for title, org in reversed(chain):  # left to right: an org carries over the list
                if org is not None:
                    inherited = self._chain_org_name(org, inherited)
                org_name = (inherited if org is not None or title not in TITLE_DEFAULT_ORG
                            else expand_short_form(TITLE_DEFAULT_ORG[title], "ORG", self.locality))
                found.append(FoundRelation(HoldsPosition(self.name(person), title, org_name),
                                           min(person.start_char, pos), person.end_char))
        return found

    def _chain_org_name(self, org: Span, previous: str | None) -> str:
        """In 扬州市人大常委会副主任、市总工会主席, the second 市 is 扬州市 too."""
        name = self.name(org)
        if previous and org.text.startswith("市") and not org.text.startswith("市委"):
            m = re.match(r"^(.{2,4}?市)", previous)
            if m and not name.startswith(m.group(1)):
                return m.group(1) + org.text[1:]
        return name

    # --- RECEIVED_AWARD ---------------------------------------------------------------

    def awards(self) -> list[FoundRelation]:
        found = []
        for award in (e for e in self.ents if e.label_ == "AWARD"):
            left, _ = _bounds(self.text, award.start_char, award.end_char, CLAUSE_END)
            before = self.text[left:award.start_char]
            # The cue nearest the award; of cues ending at the same place the longest (荣获, not 获).
            hits = [(k + len(c), len(c), k) for c in AWARD_CUES if (k := before.rfind(c)) >= 0]
            if not hits:
                continue
            _, cue_len, cue_at = max(hits)
            if not self._only_awards_between(left + cue_at + cue_len, award.start_char):
                continue
            recipients = self._recipients(left, left + cue_at, before[cue_at:cue_at + cue_len])
            if not recipients and re.fullmatch(r"[0-9年度,，\s]*", before[:cue_at]) and self.reporter:
                recipients = [self.reporter]  # 2019年荣获…: the article's own union
            year = self._year(before + award.text)
            for recipient in recipients:
                found.append(FoundRelation(ReceivedAward(recipient, self.name(award), year),
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
            return [self.name(candidates[0])]  # X获得了…，被Y评为Z: the clause's subject
        if not RECIPIENT_FILLER.match(self.text[last.end_char:cue_start]):
            return []
        names = [self.name(last)]
        for ent in reversed(candidates[:-1]):
            if self.text[ent.end_char:last.start_char] not in ("、", "和", "及", "与"):
                break
            names.append(self.name(ent))
            last = ent
        return names

    def honoured(self) -> list[FoundRelation]:
        """表彰 A、B、C 等单位为 X."""
        found = []
        for m in re.finditer(r"表彰", self.text):
            _, right = _bounds(self.text, m.end(), m.end(), CLAUSE_END)
            inside = [e for e in self.ents if m.end() <= e.start_char and e.end_char <= right]
            award = next((e for e in inside if e.label_ == "AWARD"), None)
            if award is None:
                continue
            orgs = [e for e in inside if e.end_char <= award.start_char and e.label_ in ("ORG", "PERSON")]
            gap = self.text[orgs[-1].end_char:award.start_char] if orgs else ""
            if not orgs or not re.fullmatch(r"等?[0-9一二三四五六七八九十]*(个|家|名)?(单位|集体|个人|同志)?为"
                                            r"[0-9]{0,4}年?度?", gap):
                continue
            year = self._year(self.text[m.start():award.end_char])
            for org in orgs:
                found.append(FoundRelation(ReceivedAward(self.name(org), self.name(award), year),
                                           m.start(), award.end_char))
        return found

    def _year(self, text: str) -> int | None:
        years = re.findall(r"(20[0-9]{2}|19[0-9]{2})年", text)
        return int(years[-1]) if years else None

    # --- RUNS_PROGRAM -----------------------------------------------------------------

    def programs(self) -> list[FoundRelation]:
        found = []
        for program in (e for e in self.ents if e.label_ == "PROGRAM"):
            s_left, _ = _bounds(self.text, program.start_char, program.end_char, SENTENCE_END)
            c_left, _ = _bounds(self.text, program.start_char, program.end_char, CLAUSE_END + "，,")
            before_clause = self.text[c_left:program.start_char]
            cue = next((c for c in RUN_CUES if c in before_clause), None)
            if cue is None and not program.text.rstrip("”").endswith(("活动", "行动", "竞赛", "大赛", "工程")):
                continue
            # 实施省总产教融合…项目: the organization that the program's name opens with runs it,
            # beside the subject that carries it out (the article's own union when none is named).
            owner = self.ent_ending_at(program.start_char, ("ORG",))
            subject_end = owner.start_char if owner is not None else program.start_char
            orgs = self._subjects(s_left, c_left, subject_end)
            if not orgs and self.reporter:
                orgs = [self.reporter]
            if owner is not None:
                orgs = [self.name(owner), *orgs]
            for org in dict.fromkeys(orgs):
                found.append(FoundRelation(RunsProgram(org, self.name(program)),
                                           min(c_left, program.start_char), program.end_char))
        return found

    def _subjects(self, sentence_start: int, clause_start: int, program_start: int) -> list[str]:
        """The organizations that stand as the subject before the program's cue."""
        in_clause = [e for e in self.ents if clause_start <= e.start_char and e.end_char <= program_start
                     and e.label_ == "ORG"]
        if in_clause:
            first = in_clause[0]
            group = [first]
            for ent in in_clause[1:]:
                if re.fullmatch(r"[、和与及]|联合|会同|携手|和县?|联合县?", self.text[group[-1].end_char:ent.start_char]):
                    group.append(ent)
                else:
                    break
            lead = self.text[clause_start:first.start_char]
            if len(lead) <= 6 and not re.search("|".join(RUN_CUES), lead):
                joined = self._joined_partners(group[-1].end_char, program_start)
                return [self.name(e) for e in group] + joined
        # A sentence that opens with an organization (市总工会围绕…，开展…).
        opening = [e for e in self.ents if e.label_ == "ORG" and sentence_start <= e.start_char
                   <= sentence_start + 6 and e.end_char <= program_start]
        if opening:
            return [self.name(opening[0])] + self._joined_partners(opening[0].end_char, program_start)
        return []

    def _joined_partners(self, start: int, end: int) -> list[str]:
        """联合县文联、县书协开展…: the partners named after 联合/会同 take part in running it."""
        m = re.search(r"联合|会同|携手", self.text[start:end])
        if not m:
            return []
        return [self.name(e) for e in self.ents if e.label_ == "ORG" and start + m.end() <= e.start_char
                and e.end_char <= end]


def read_relations(doc: Doc, resolution: Resolution, locality: Locality) -> list[FoundRelation]:
    reader = RelationReader(doc, resolution, locality)
    found = reader.positions() + reader.awards() + reader.honoured() + reader.programs()
    unique: dict[Relation, FoundRelation] = {}
    for item in found:
        unique.setdefault(item.relation, item)
    return list(unique.values())


@Language.factory("gonghui_relations", assigns=["doc._.relations"],
                  requires=["doc.ents", "doc._.canonical", "doc._.locality"])
def make_relations(nlp: Language, name: str) -> RelationFinder:
    return RelationFinder()


class RelationFinder:
    def __call__(self, doc: Doc) -> Doc:
        locality = doc._.locality or Locality(None, None, None)
        doc._.relations = read_relations(doc, doc._.canonical, locality)
        return doc
