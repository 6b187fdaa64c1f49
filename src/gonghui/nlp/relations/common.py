"""What every construction of the relation stage reads: the text, its entities by type, the
canonical names, and the article's own union and outlet."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ...records import Relation
from ..knowledge import active, per_gazetteers
from ..extensions import document_of, text_of
from ..gazetteers import divisions_by_base, divisions_by_name, org_suffixes, titles
from ..locality import Locality
from ..patterns.words import word_list, word_set
from ..resolve import Resolution, expand_short_form

SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "；;"
LEVELS = "省市县区州旗盟镇乡村"


@dataclass(frozen=True)
class FoundRelation:
    relation: Relation  # arguments by canonical name; evidence is added when records are made
    start: int  # doc character span that the relation was read from
    end: int


@per_gazetteers
def post_heads() -> tuple[str, ...]:
    """Titles and job words that end a post (主席, 党组成员, 焊工), longest first."""
    extra = {line.strip() for line in active().lines("post_heads.tsv")}
    return tuple(sorted(set(titles()) | extra, key=lambda t: (-len(t), t)))


def bounds(text: str, start: int, end: int, stops: str) -> tuple[int, int]:
    left = max(text.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (text.find(ch, end) for ch in stops) if i >= 0]
    return left, min(rights) if rights else len(text)


def year_in(text: str) -> int | None:
    years = re.findall(r"(20[0-9]{2}|19[0-9]{2})年", text)
    return int(years[-1]) if years else None


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


class Context:
    """One article as the constructions read it."""

    def __init__(self, doc: Doc, resolution: Resolution, locality: Locality) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.res = resolution
        self.locality = locality
        self.ents = list(doc.ents)  # in text order, none overlapping (spaCy's doc.ents)
        # The mentions by where they start and end, and by type: the constructions ask for the
        # mentions in a span, or ending at a point, once per cue, and a scan of every mention
        # each time was quadratic in a document's mentions (a piece of a long file without
        # datelines is one document of thousands: a third of its extraction).
        self._starts = [e.start_char for e in self.ents]
        self._ending: dict[int, list[Span]] = {}
        for ent in self.ents:
            self._ending.setdefault(ent.end_char, []).append(ent)
        self._of_type: dict[tuple[str, ...], list[Span]] = {}
        self._person_texts: set[str] | None = None
        self.reporter = reporting_org(resolution, locality)
        document = document_of(doc)
        self.page = doc._.page_text or self.text
        self.title = document.title if document else None
        self.date = document.date if document else None
        self._org_names: dict[str, str] = {}
        for entity in resolution.entities:
            if entity.type == "ORG":
                for form in (entity.name, *entity.aliases):
                    self._org_names.setdefault(form, entity.name)

    def name(self, span: Span) -> str:
        return self.res.name_of(span) or span.text

    def award_name(self, span: Span) -> str:
        """An award's canonical name. (The entity stage ends a name before the recipients and the
        verbs in front of it, 等10名同志“某县劳动模范”, so nothing is cut here: 职工互助保障工作优秀单位
        begins with 职工.)"""
        return self.name(span)

    def of_type(self, *labels: str) -> list[Span]:
        found = self._of_type.get(labels)
        if found is None:
            found = self._of_type[labels] = [e for e in self.ents if e.label_ in labels]
        return list(found)

    def is_person_text(self, text: str) -> bool:
        """Whether a PERSON mention reads ``text``."""
        if self._person_texts is None:
            self._person_texts = {e.text for e in self.of_type("PERSON")}
        return text in self._person_texts

    def ent_ending_at(self, end: int, labels: tuple[str, ...]) -> Span | None:
        for ent in self._ending.get(end, ()):
            if ent.label_ in labels:
                return ent
        return None

    def ents_within(self, start: int, end: int, *labels: str) -> list[Span]:
        """The mentions of ``labels`` that lie within ``start``-``end``, in text order."""
        found = []
        for i in range(bisect_left(self._starts, start), len(self.ents)):
            ent = self.ents[i]
            if ent.start_char >= end:
                break  # every later mention starts, and so ends, past ``end``
            if ent.end_char <= end and ent.label_ in labels:
                found.append(ent)
        return found

    def org_name(self, form: str) -> str:
        """The canonical name of an organization written ``form`` here (县委 -> 临西县委)."""
        form = form.strip("“”\"")
        expanded = expand_short_form(form, "ORG", self.locality)
        county, province = self.locality.county or "", self.locality.province or ""
        if form.startswith("旗") and county.endswith("旗"):  # 旗委 in a banner's paper
            expanded = county + form[1:]
        elif form.startswith("自治区") and province.endswith("自治区"):  # 自治区总工会
            expanded = province + form[3:]
        for key in (form, expanded):
            name = self._org_names.get(key)
            if name and name != key and name in key:
                return key  # 宜春市袁州区某卫生院 as written, not a shorter canonical form
            if name and (name == key or _widens(name, key)):
                return name
        return expanded


def _widens(name: str, form: str) -> bool:
    """临西县委 widens 县委 (a place before it); 马丽娟代表某总工会 does not widen 某总工会."""
    if form not in name:
        return True  # an alias of another shape (县总 -> 某县总工会)
    prefix = name[:name.index(form)]
    return not prefix or prefix[-1] in LEVELS or bool(divisions_by_name().get(prefix)) or bool(
        divisions_by_base().get(prefix))


@per_gazetteers
def extra_org_heads() -> tuple[str, ...]:
    """Heads of a party committee's departments and of units inside companies and villages
    (工作部, 煤矿, 党支部, 村委会), beside org_suffixes."""
    return word_list("extra_org_heads")


@per_gazetteers
def chain_org_heads() -> tuple[str, ...]:
    """What ends an organization's name in a chain of posts, in the order they are tried:
    org_suffixes() (longest first), then extra_org_heads()."""
    return org_suffixes() + extra_org_heads()


@per_gazetteers
def generic_org_names() -> frozenset[str]:
    """Words that name a kind of body, no body in particular (该公司, 企业, 单位)."""
    return word_set("generic_org_names")


def looks_like_org(form: str) -> bool:
    """县人大常委会, 某公司, 梧桐花镇党委: a name that ends as organizations' names end."""
    if (len(form) < 2 or form in generic_org_names()
            or form.startswith(("该", "本", "全市", "全县", "全区", "各"))):
        return False
    head = next((h for h in chain_org_heads() if form.endswith(h)), None)
    return head is not None and (form != head or form[0] in LEVELS)
