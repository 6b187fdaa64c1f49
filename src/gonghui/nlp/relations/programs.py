"""RUNS_PROGRAM: a program after its cue (开展, 举办, 实施), run by the organizations that stand
as the subject, their partners (联合A、B举办) and the body its name opens with."""

from __future__ import annotations

import re

from ...records import RunsProgram
from ..patterns import RUN_CUES
from .common import CLAUSE_END, SENTENCE_END, Context, FoundRelation, bounds


class ProgramReader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.ents = ctx.ents

    def read(self) -> list[FoundRelation]:
        found = []
        for program in self.ctx.of_type("PROGRAM"):
            s_left, _ = bounds(self.text, program.start_char, program.end_char, SENTENCE_END)
            c_left, _ = bounds(self.text, program.start_char, program.end_char, CLAUSE_END + "，,")
            before_clause = self.text[c_left:program.start_char]
            cue = next((c for c in RUN_CUES if c in before_clause), None)
            if cue is None and not program.text.rstrip("”").endswith(("活动", "行动", "竞赛", "大赛", "工程")):
                continue
            # 实施省总产教融合…项目: the organization that the program's name opens with runs it,
            # beside the subject that carries it out (the article's own union when none is named).
            owner = self.ctx.ent_ending_at(program.start_char, ("ORG",))
            subject_end = owner.start_char if owner is not None else program.start_char
            orgs = self._subjects(s_left, c_left, subject_end)
            if not orgs and self.ctx.reporter:
                orgs = [self.ctx.reporter]
            if owner is not None:
                orgs = [self.ctx.name(owner), *orgs]
            for org in dict.fromkeys(orgs):
                found.append(FoundRelation(RunsProgram(org, self.ctx.name(program)),
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
                return [self.ctx.name(e) for e in group] + joined
        # A sentence that opens with an organization (市总工会围绕…，开展…).
        opening = [e for e in self.ents if e.label_ == "ORG" and sentence_start <= e.start_char
                   <= sentence_start + 6 and e.end_char <= program_start]
        if opening:
            return [self.ctx.name(opening[0])] + self._joined_partners(opening[0].end_char, program_start)
        return []

    def _joined_partners(self, start: int, end: int) -> list[str]:
        """联合县文联、县书协开展…: the partners named after 联合/会同 take part in running it."""
        m = re.search(r"联合|会同|携手", self.text[start:end])
        if not m:
            return []
        return [self.ctx.name(e) for e in self.ents if e.label_ == "ORG" and start + m.end() <= e.start_char
                and e.end_char <= end]
