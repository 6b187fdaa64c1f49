"""HOLDS_POSITION: chains of posts before a name, elections after one, and bylines.

A chain is read as a sequence: 县人大常委会副主任、县总工会主席张三 is two items, each an
organization (or none) and a post. An organization carries over the items after it until another
is named; 副县长 and 市长 name their own body (the government); a department after a committee's
常委 (市委常委、组织部部长) is a post at the committee. An item that is an honour
(全国劳动模范、某公司技师李四) is handed to the award reader. Where the text does not say which
body, a job (焊工, 工人) gives nothing: a wrong post costs a user more than a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from ...records import HoldsPosition, ReceivedAward
from ..gazetteers import surnames, titles
from ..knowledge import per_gazetteers
from ..patterns.words import word_list, word_set, word_table
from .common import LEVELS, SENTENCE_END, Context, FoundRelation, looks_like_org, post_heads

# What ends the text a chain of posts may be read from, leftwards from a name.
CHAIN_STOPS = set("，,。；;：:\n（()）!！?？“”\"　 \t【】[]《》|/")
MAX_CHAIN = 80
MAX_SUBUNIT = 12  # 磨加工车间 between a company and 主任
# What may stand before the organization that opens a chain: 会议由某总工会…, ——访某总工会…
# (and the words of before_a_chain()).
LEAD_OUT = set("由了访有是在对向和与及为—-的将请邀据") | CHAIN_STOPS
NOT_IN_NAME = re.compile(r"代表|访|由|在|于|向|对|了|是|将|请|据|出席|主持|会议|大会|仪式|——")
AFTER_NAME = re.compile(r"((?:两|三|四|五)位)?(总书记|老师)")
# After a name: （某公司，焊工） or, in a list's line, a wide space and 某公司护士长; a note on the
# person (（女，回族）) may stand between.
AFFILIATION = re.compile(r"([（(](?:女|男)[^）)]{0,8}[）)])?[（(　\t ]+([^（）()\n]{4,40}?)(?:[）)]|(?=\n)|$)")
ELECTED = re.compile(r"(当选为|当选|继续担任|担任|兼任|出任|任)")


@per_gazetteers
def own_body_posts() -> dict[str, str]:
    """Posts that name their own body, with its level: 副县长 is at the county government (县),
    whatever the chain says."""
    return word_table("own_body_posts")


@per_gazetteers
def party_departments() -> tuple[str, ...]:
    """A party committee's departments, written after its 常委 without a body of their own."""
    return word_list("party_departments")


@per_gazetteers
def party_cells() -> tuple[str, ...]:
    """Party cells: the organization when a cell belongs to a place (梧桐花镇党委书记: 书记 at
    梧桐花镇党委), a post of the body when it belongs to one (某局党委书记: 党委书记 at 某局). The
    first that opens a head is taken."""
    return word_list("party_cells")


@per_gazetteers
def before_a_chain() -> tuple[str, ...]:
    """Words that may stand before the organization that opens a chain (陪同, 看望, 率领)."""
    return word_list("before_a_chain")


@per_gazetteers
def appointing_verbs() -> tuple[str, ...]:
    """Verbs of appointing before a person, for whom 为 then opens the post (选举张三为主席)."""
    return word_list("appointing_verbs")


@per_gazetteers
def honour_tails() -> frozenset[str]:
    """What may follow an honour in a chain and leave it an honour: nothing, or 获得者 and the
    like (words/honour_tails.txt)."""
    return frozenset({""}) | word_set("honour_tails")


@dataclass(frozen=True)
class Item:
    start: int
    end: int
    position: str | None = None
    org: str | None = None
    honour: Span | None = None  # an AWARD read as a title (全国劳动模范、…)
    explicit: bool = False  # the item names its organization
    job: bool = False  # a job word, not an office (焊工): needs a named organization
    form: str = ""  # the organization as written (县总工会)


class PostReader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.text = ctx.text
        self.heads = post_heads()
        self.offices = set(titles()) | {"党组成员", "委员"}
        self.departments, self.cells = party_departments(), party_cells()
        self.lead_words, self.own_body = before_a_chain(), own_body_posts()

    # --- chains before a name ----------------------------------------------------------

    def read(self) -> tuple[list[FoundRelation], list[FoundRelation]]:
        """Posts and the honours read as titles in the same chains."""
        posts: list[FoundRelation] = []
        honours: list[FoundRelation] = []
        people = self.ctx.of_type("PERSON")
        chains: list[list[Item]] = []
        for i, person in enumerate(people):
            previous = people[i - 1] if i else None
            left = self._chain_start(person, previous)
            items = self._chain(left, person.start_char)
            if not items and previous is not None and chains and chains[-1] and \
                    self.text[previous.end_char:person.start_char] == "、":
                items = chains[-1]  # 副主席邹小萍、陈志刚: one chain, two names
            elif items and previous is not None and chains and chains[-1]:
                items = self._carry_from(chains[-1], items, previous, person)
            chains.append(items)
            name = self.ctx.name(person)
            for item in items:
                if item.honour is not None:
                    honours.append(FoundRelation(
                        ReceivedAward(name, self.ctx.award_name(item.honour), None),
                        item.start, person.end_char))
                elif item.position and item.org:
                    posts.append(FoundRelation(HoldsPosition(name, item.position, item.org),
                                               min(item.start, person.start_char), person.end_char))
        posts += self._elections(people) + self._titles_after(people) + self._affiliations(people)
        return posts, honours

    def _affiliations(self, people: list[Span]) -> list[FoundRelation]:
        """张三（某公司，焊工）, 张三（某公司数控车间主任）, 张三　某公司护士长 (a line of a list), and
        焊工张三（某公司）: the body and the post written after the name."""
        found = []
        for i, person in enumerate(people):
            m = AFFILIATION.match(self.text, person.end_char)
            if m is None:
                continue
            s, e = m.start(2), m.end(2)
            parts = re.split(r"[，,、]", self.text[s:e])
            if len(parts) == 2:  # 某公司，焊工
                org_end = s + len(parts[0])
                org = self._org_before(s, org_end, first=False)
                head = next((h for h in self.heads if parts[1] == h or parts[1].endswith(h)), None)
                if org is None or head is None or org[3]:
                    continue
                item = Item(s, e, parts[1], org[2], explicit=True)
            elif len(parts) == 1:
                item_or_none = self._item(s, e, first=False)
                if item_or_none is None:
                    item_or_none = self._job_before(person, people[i - 1] if i else None, s, e)
                if item_or_none is None or not item_or_none.org or item_or_none.honour is not None:
                    continue
                item = item_or_none
            else:
                continue
            found.append(FoundRelation(HoldsPosition(self.ctx.name(person), item.position or "", item.org),
                                       person.start_char, e))
        return found

    def _job_before(self, person: Span, previous: Span | None, s: int, e: int) -> Item | None:
        """焊工张三（某公司）: a job right before the name, the body in brackets after it."""
        orgs = [o for o in self.ctx.ents_within(s, e, "ORG") if o.start_char == s and o.end_char == e]
        if not orgs:
            return None
        left = self._chain_start(person, previous)
        left = max(left, self.text.rfind("、", left, person.start_char) + 1)
        job = self.text[left:person.start_char]
        if not job or not any(job.endswith(h) for h in self.heads) or len(job) > 8:
            return None
        return Item(left, e, job, self.ctx.name(orgs[0]), explicit=True)

    def _titles_after(self, people: list[Span]) -> list[FoundRelation]:
        """习近平总书记 (a post that is its own body), 张三、李四两位老师 (a form of address that
        is a job): the post written after the name, with no organization."""
        found = []
        for i, person in enumerate(people):
            m = AFTER_NAME.match(self.text, person.end_char)
            if m is None:
                continue
            group = [person]
            for earlier in reversed(people[:i]):
                if self.text[earlier.end_char:group[-1].start_char] not in ("、", "和"):
                    break
                group.append(earlier)
            if m.group(1):  # 顾某和成某、张某两位老师: the count says how many names
                count = "一两三四五".index(m.group(1)[0]) + 1 if m.group(1)[0] in "两三四五" else 2
                if len(group) < count:
                    continue
                group = group[:count]
            for named in group:
                found.append(FoundRelation(HoldsPosition(self.ctx.name(named), m.group(2), None),
                                           named.start_char, m.end()))
        return found

    def _chain_start(self, person: Span, previous: Span | None) -> int:
        pos = person.start_char
        floor = max(previous.end_char if previous is not None else 0, pos - MAX_CHAIN)
        while pos > floor and self.text[pos - 1] not in CHAIN_STOPS:
            pos -= 1
        return pos

    def _chain(self, start: int, end: int) -> list[Item]:
        """The items of the chain text[start:end], left to right, organizations carried over."""
        if start >= end:
            return []
        spans, s = [], start
        for m in re.finditer("、", self.text[start:end]):
            spans.append((s, start + m.start()))
            s = start + m.end()
        spans.append((s, end))
        # the last item must end right before the name: 主席张三, not 主席的张三
        items: list[Item] = []
        for k, (s, e) in enumerate(spans):
            item = self._item(s, e, first=(k == 0))
            if item is None:
                if k == len(spans) - 1:
                    # a post the entity stage read as an award keeps the honours before it
                    return self._carry(items) if self.ctx.ents_within(s, e, "AWARD") else []
                items = []  # what stood before an unreadable item is not part of this chain
                continue
            items.append(item)
        return self._carry(items)

    def _item(self, s: int, e: int, first: bool) -> Item | None:
        text = self.text
        for award in self.ctx.ents_within(s, e, "AWARD"):
            if (award.start_char == s or first) and text[award.end_char:e] in honour_tails() \
                    and not award.text.endswith(self.heads):  # 某公司首席技师 is a post
                return Item(award.start_char, e, honour=award)
        head = next((h for h in self.heads if text.endswith(h, s, e) and e - len(h) >= s), None)
        if head is None:
            return None
        job = head not in self.offices
        rest_end = e - len(head)
        if rest_end == s:
            return Item(s, e, head, job=job)
        if text[s:rest_end] in self.departments:  # 市委常委、组织部部长: the committee's, see _carry
            return Item(s, e, text[s:e], job=job)
        found = self._org_before(s, rest_end, first)
        if found is None:
            return None
        org_start, org_form, org, middle = found
        position = middle + head
        cell = next((c for c in self.cells if head.startswith(c)), None)
        if cell and not middle and not looks_like_org(org_form):
            # 梧桐花镇党委书记: the place's party committee is the organization
            org, position = self.ctx.org_name(org_form + cell), head[len(cell):]
        return Item(org_start, e, position, org, explicit=True, job=job, form=org_form)

    def _org_before(self, s: int, end: int, first: bool) -> tuple[int, str, str, str] | None:
        """The organization that text[s:end] names, where it starts, and what follows it (a
        sub-unit such as 磨加工车间, which belongs to the post)."""
        text, lead_words = self.text, self.lead_words
        orgs = [o for o in self.ctx.ents_within(s, end, "ORG")
                if (first or o.start_char == s) and self._sound(o)]
        for org in orgs:  # an entity that ends where the post begins
            if org.end_char == end:
                return org.start_char, org.text, self.ctx.name(org), ""
        # A name written with its level (县人大常委会, 梧桐花镇): the longest that reads as a body.
        starts = [s] if not first else sorted(
            {s} | {k for k in range(s, end) if text[k] in LEVELS or text.startswith("中共", k)
                   or text[k - 1] in LEAD_OUT or text[s:k].endswith(lead_words)}
            | {x.start_char for x in self.ctx.ents_within(s, end, "ORG", "PLACE") if self._sound(x)})
        for k in starts:
            form = text[k:end]
            if k > s and not (text[k - 1] in LEAD_OUT or text[s:k].endswith(lead_words)):
                continue  # 漳州市总工会 is not 州市总工会: only what follows a verb or a mark
            if NOT_IN_NAME.search(form):
                continue
            if len(form) <= 25 and (looks_like_org(form) or self._is_place(k, end)):
                return k, form, self.ctx.org_name(form), ""
        for org in orgs:  # a company and a sub-unit: 某公司磨加工车间主任
            middle = text[org.end_char:end]
            if 0 < len(middle) <= MAX_SUBUNIT and not re.search(r"[的了在是和与及等，。]", middle):
                return org.start_char, org.text, self.ctx.name(org), middle
        return None

    def _sound(self, ent: Span) -> bool:
        """An organization's span that holds no person and no verb of the sentence around it
        (马丽娟代表某总工会, 仪式由某总工会) is not read as a body."""
        return not any(p.start_char < ent.end_char and ent.start_char < p.end_char
                       for p in self.ctx.of_type("PERSON")) and not NOT_IN_NAME.search(ent.text)

    def _is_place(self, start: int, end: int) -> bool:
        return any(p.start_char == start and p.end_char == end for p in self.ctx.of_type("PLACE"))

    def _carry(self, items: list[Item]) -> list[Item]:
        out: list[Item] = []
        current: str | None = None
        for item in items:
            if item.honour is not None:
                out.append(item)
                continue
            if item.explicit:
                org = self._same_division(item.org, current, item.form)
                current = org
                out.append(Item(item.start, item.end, item.position, org, None, True, item.job))
                continue
            org = current
            if item.position in self.own_body:
                org = self._government(self.own_body[item.position], current)
            elif item.position and item.position.startswith(self.departments):
                # 市委常委、组织部部长: the committee; with no committee before it, no body
                org = current if current and current.endswith("委") else None
            out.append(Item(item.start, item.end, item.position, org, None, org is not None,
                            item.job))
        return out

    def _same_division(self, org: str | None, previous: str | None, form: str) -> str | None:
        """In 扬州市人大常委会副主任、市总工会主席 the second 市 is 扬州市 too, whatever the
        article's own locality."""
        if not org or not previous or not form or form[0] not in "市县区州旗盟":
            return org
        m = re.match(rf"^(.{{2,8}}?{form[0]})", previous)
        if m is None or org.startswith(m.group(1)):
            return org
        return self.ctx.org_name(m.group(1) + form[1:])

    def _government(self, level: str, committee: str | None) -> str:
        """副市长 after 晋城市委常委 is at 晋城市政府; alone, at the article's own level. The
        article's own form is kept: 某县人民政府 where it writes 人民政府."""
        form = "人民政府" if "人民政府" in self.text else "政府"
        if committee and committee.endswith(level + "委"):
            return committee[:-1] + form
        return self.ctx.org_name(level + form)

    def _carry_from(self, before: list[Item], items: list[Item], previous: Span,
                    person: Span) -> list[Item]:
        """县总工会党组书记张三，党组成员、副主席李四: a chain that names no body, in the same
        sentence as one that did, belongs to that body."""
        if any(item.explicit for item in items) or items[0].position in self.own_body:
            return items
        between = self.text[previous.end_char:items[0].start]
        if between not in ("，", ","):
            return items
        orgs = [item.org for item in before if item.explicit and item.org]
        if not orgs:
            return items
        return self._carry([Item(items[0].start, items[0].end, items[0].position, orgs[-1],
                                 explicit=True, job=items[0].job), *items[1:]])

    # --- elections after a name ---------------------------------------------------------

    def _elections(self, people: list[Span]) -> list[FoundRelation]:
        """段立新当选为县总工会主席, 王秀芬兼任女职工委员会主任, 选举张三为县总工会经审会主任."""
        found = []
        last_org: str | None = None
        sentence_start, appointing = -1, appointing_verbs()
        for person in people:
            start = max(self.text.rfind(ch, 0, person.start_char) for ch in SENTENCE_END)
            if start != sentence_start:
                sentence_start, last_org = start, None
            after = self.text[person.end_char:person.end_char + 40]
            m = ELECTED.match(after)
            if m is None and after.startswith("为") and \
                    self.text[max(0, person.start_char - 4):person.start_char].endswith(appointing):
                m = re.match("为", after)
            if m is None:
                continue
            s = person.end_char + m.end()
            e = s
            while e < len(self.text) and self.text[e] not in CHAIN_STOPS and self.text[e] != "、":
                e += 1
            item = self._item(s, e, first=False)
            if item is None or item.honour is not None or not item.position:
                continue
            org = item.org if item.explicit else last_org
            if item.position in self.own_body and not item.explicit:
                org = self._government(self.own_body[item.position], None)
            if org is None and item.job:
                continue
            last_org = org or last_org
            found.append(FoundRelation(HoldsPosition(self.ctx.name(person), item.position, org),
                                       person.start_char, e))
        return found


# --- bylines and credits ---------------------------------------------------------------

# The paper or site a page names: 来源：某报, a masthead line, 某报讯.
OUTLET = r"[\u4e00-\u9fff]{2,16}?(日报|晚报|日報|工人报|报|報|融媒体中心|新闻网|网|电视台|广播电视台)"


@per_gazetteers
def byline_roles() -> tuple[str, ...]:
    """The credits of a byline (记者, 责任编辑, 通讯员, 摄影), simplified and traditional."""
    return word_list("byline_roles")


@per_gazetteers
def _byline_role() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(sorted(byline_roles(), key=len, reverse=True)) + ")")


@per_gazetteers
def own_staff() -> frozenset[str]:
    """The credits of the outlet's own staff (记者, 编辑): a post at the paper the page names."""
    return word_set("own_staff")


def outlet_of(page: str, ctx: Context) -> str | None:
    """The paper or site that publishes the page, as it names itself."""
    head = "\n".join(page.splitlines()[:3])  # a masthead: 江西工人报 2024年4月29日 第01版
    for pattern in (rf"(?:来源|來源|信息来源|文章来源)[:：]\s*({OUTLET})(?=\s|$)",
                    rf"(?m)^\s*({OUTLET})讯", rf"(?m)(?:^|\s)({OUTLET})(?=\s|$)",
                    r"(?:来源|來源|信息来源|文章来源)[:：]\s*([\u4e00-\u9fff]{2,16}?(?:总工会|總工會))(?=\s|$)"):
        m = re.search(pattern, head if "(?:^|" in pattern else page)
        if m:
            return ctx.org_name(m.group(1))
    return None


def bylines(ctx: Context, correspondents: bool = False) -> list[FoundRelation]:
    """记者 张三 通讯员 李四, 责任编辑：王五, 本报记者 赵六 摄: staff of the outlet the page names;
    a correspondent (通讯员) or a credit on a page that names none has no organization. Whether a
    correspondent holds a post at all is the pipeline's setting (see pipeline.cfg)."""
    text = ctx.text
    outlet = outlet_of(ctx.page, ctx)
    staff = own_staff()
    found: list[FoundRelation] = []
    named: dict[str, set[str]] = {}
    for m in _byline_role().finditer(text):
        role = m.group(0)
        if role in ("通讯员", "通訊員") and not correspondents:
            continue
        if m.start() and "\u4e00" <= text[m.start() - 1] <= "\u9fff" and not re.search(
                rf"(本报|本報|本版|{OUTLET})$", text[max(0, m.start() - 20):m.start()]):
            continue  # 告诉记者, 该报编辑: a role inside prose
        own = re.search(rf"(本报|本報|本版|{OUTLET})$", text[max(0, m.start() - 20):m.start()])
        org = None
        if role in staff:
            org = outlet if own is None or own.group(1) in ("本报", "本報", "本版") else \
                ctx.org_name(own.group(1))
        for name, end in _names_after(ctx, m.end()):
            named.setdefault(name, set()).add(role)
            found.append(FoundRelation(HoldsPosition(name, role.removeprefix("本版"), org),
                                       m.start(), end))
    # 作者 is a role only for a name with no other: 作者：记者 张三 says 记者
    return [f for f in found if not (isinstance(f.relation, HoldsPosition)
                                      and f.relation.position == "作者"
                                      and len(named.get(f.relation.person, ())) > 1)]


def _names_after(ctx: Context, pos: int) -> list[tuple[str, int]]:
    """The names a role is followed by, up to the next role or anything not a name."""
    text, names = ctx.text, []
    m = re.match(r"[:：]?[ \u3000]*", text[pos:])
    pos += m.end() if m else 0
    roles = byline_roles()
    while True:
        run = re.match(r"[\u4e00-\u9fff·]+", text[pos:])
        if run is None:
            break
        name = run.group(0).removesuffix("摄").removesuffix("攝")
        if name.startswith(roles) or not _reads_as_name(ctx, name):
            break
        names.append((name, pos + len(name)))
        pos += run.end()
        sep = re.match(r"[ \u3000、]+", text[pos:])
        if sep is None:
            break
        pos += sep.end()
    return names


def _reads_as_name(ctx: Context, name: str) -> bool:
    if ctx.is_person_text(name):
        return True
    if "·" in name:
        return 3 <= len(name) <= 12
    return 2 <= len(name) <= 4 and (name[0] in surnames() or name[:2] in surnames())
