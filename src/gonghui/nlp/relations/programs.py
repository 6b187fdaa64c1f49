"""RUNS_PROGRAM: a program after its cue (开展, 举办, 实施), run by the organizations that stand
as the subject, their partners (联合A、B举办) and the body its name opens with."""

from __future__ import annotations

import re

from spacy.tokens import Span

from ...records import RunsProgram
from ..patterns.words import run_cues
from .common import CLAUSE_END, SENTENCE_END, Context, FoundRelation, bounds

# 他要求，各级工会要深入开展…: a body urged to act, named by no name (鼓励基层工会开展… is the
# speaker's union running it: the modal marks the urging).
GENERIC_SUBJECT = re.compile(r"(各级工会(组织)?|基层工会|各地|各单位|各部门|各企业|广大职工|各级党委)"
                             r"(要|应|应当|必须|需要|务必|进一步)")
JOINT_VERB = re.compile(r"(联合|共同)?(主办|举办|承办|协办|组织实施|组织|开展|实施|发起)")


class ProgramReader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.ents = ctx.ents

    def read(self) -> list[FoundRelation]:
        return self.by_cue() + self.jointly()

    def jointly(self) -> list[FoundRelation]:
        """由A、B联合主办，C承办的某大赛; “某”活动由A联合B、C共同组织实施: each body named."""
        found = []
        for m in re.finditer("由", self.text):
            orgs, pos = self._org_list(m.end())
            verb = JOINT_VERB.match(self.text, pos)
            if not orgs or verb is None:
                continue
            pos = verb.end()
            more = re.match(r"[，,]", self.text[pos:pos + 1])
            if more:  # …联合主办，某学校承办
                extra, end = self._org_list(pos + 1)
                if extra and JOINT_VERB.match(self.text, end):
                    orgs, pos = orgs + extra, JOINT_VERB.match(self.text, end).end()  # type: ignore[union-attr]
            program = self._program_after(pos) or self._program_before(m.start())
            if program is None:
                continue
            for org in dict.fromkeys(self.ctx.name(o) for o in orgs):
                found.append(FoundRelation(RunsProgram(org, self.ctx.name(program)),
                                           min(m.start(), program.start_char),
                                           max(pos, program.end_char)))
        return found

    def _org_list(self, pos: int) -> tuple[list[Span], int]:
        """The organizations named from pos on, joined by 、和与及 or 联合/会同."""
        orgs: list[Span] = []
        starts = {e.start_char: e for e in self.ctx.of_type("ORG")}
        while pos in starts:
            orgs.append(starts[pos])
            pos = starts[pos].end_char
            sep = re.match(r"[、和与及]|联合|会同", self.text[pos:])
            if sep is None or pos + sep.end() not in starts:
                break
            pos += sep.end()
        return orgs, pos

    def _program_after(self, pos: int) -> Span | None:
        """由…主办的某大赛: the program the relative clause describes."""
        gap = re.match(r"的[0-9]{0,4}年?度?", self.text[pos:])
        if gap is None:
            return None
        return next((p for p in self.ctx.of_type("PROGRAM")
                     if pos + gap.end() <= p.start_char <= pos + gap.end() + 1), None)

    def _program_before(self, at: int) -> Span | None:
        """“金秋助学”活动由…组织实施: the program the clause opens with."""
        clause, _ = bounds(self.text, at, at, CLAUSE_END + "，,")
        return next((p for p in self.ctx.ents_within(clause, at, "PROGRAM")
                     if re.fullmatch(r"[”\"]?(活动|行动|竞赛|大赛|工程)?", self.text[p.end_char:at])), None)

    def by_cue(self) -> list[FoundRelation]:
        found, cues = [], run_cues()
        for program in self.ctx.of_type("PROGRAM"):
            s_left, _ = bounds(self.text, program.start_char, program.end_char, SENTENCE_END)
            c_left, _ = bounds(self.text, program.start_char, program.end_char, CLAUSE_END + "，,")
            before_clause = self.text[c_left:program.start_char]
            if re.search(r"(命名为|评为|获评|荣获|授予|获得)[“\"]?$", before_clause):
                continue  # 被命名为“某示范工作室”: an honour, whatever the entity stage called it
            cue = next((c for c in cues if c in before_clause), None)
            if cue is None and not program.text.rstrip("”").endswith(("活动", "行动", "竞赛", "大赛", "工程")):
                continue
            # 实施省总产教融合…项目: the organization that the program's name opens with runs it,
            # beside the subject that carries it out (the article's own union when none is named).
            owner = self.ctx.ent_ending_at(program.start_char, ("ORG",))
            subject_end = owner.start_char if owner is not None else program.start_char
            orgs = self._subjects(s_left, c_left, subject_end)
            if not orgs and GENERIC_SUBJECT.search(self.text[s_left:program.start_char]):
                orgs = []  # 他要求，各级工会要深入开展…: urged on everyone, run by no one named
            elif not orgs and self.ctx.reporter:
                orgs = [self.ctx.reporter]
            if owner is not None:
                orgs = [self.ctx.name(owner), *orgs]
            for org in dict.fromkeys(orgs):
                found.append(FoundRelation(RunsProgram(org, self.ctx.name(program)),
                                           min(c_left, program.start_char), program.end_char))
        return found

    def _subjects(self, sentence_start: int, clause_start: int, program_start: int) -> list[str]:
        """The organizations that stand as the subject before the program's cue."""
        in_clause = self.ctx.ents_within(clause_start, program_start, "ORG")
        lead_in = re.match(r"(联合|会同|携手)", self.text[clause_start:program_start])
        if lead_in and in_clause and in_clause[0].start_char == clause_start + lead_in.end():
            # 联合县人社局举办某大赛: the subject left out (the article's union) and its partners
            partners = self._joined_partners(clause_start, program_start)
            return ([self.ctx.reporter] if self.ctx.reporter else []) + partners
        if in_clause:
            first = in_clause[0]
            group = [first]
            for ent in in_clause[1:]:
                if re.fullmatch(r"[、和与及]|联合|会同|携手|和县?|联合县?", self.text[group[-1].end_char:ent.start_char]):
                    group.append(ent)
                else:
                    break
            lead = self.text[clause_start:first.start_char]
            if len(lead) <= 6 and not any(c in lead for c in run_cues()):
                joined = self._joined_partners(group[-1].end_char, program_start)
                return [self.ctx.name(e) for e in group] + joined
        # A sentence that opens with an organization (市总工会围绕…，开展…).
        opening = [e for e in self.ctx.ents_within(sentence_start, program_start, "ORG")
                   if e.start_char <= sentence_start + 6 and not self._affiliation_of_a_speaker(e)]
        if opening:
            return [self.ctx.name(opening[0])] + self._joined_partners(opening[0].end_char, program_start)
        return []

    def _affiliation_of_a_speaker(self, org: Span) -> bool:
        """某工作队队员、某总工会副主席张三介绍，…: an organization before a person's post in the
        sentence's first clause is where the speaker works, not the subject of what follows."""
        clause_end = min((i for i in (self.text.find(c, org.end_char) for c in "，,。；;") if i >= 0),
                         default=len(self.text))
        return any(e.label_ == "PERSON" and org.end_char <= e.start_char and e.end_char <= clause_end
                   for e in self.ents)

    def _joined_partners(self, start: int, end: int) -> list[str]:
        """联合县文联、县书协开展…: the partners named after 联合/会同 take part in running it."""
        m = re.search(r"联合|会同|携手", self.text[start:end])
        if not m:
            return []
        return [self.ctx.name(e) for e in self.ents if e.label_ == "ORG" and start + m.end() <= e.start_char
                and e.end_char <= end]
