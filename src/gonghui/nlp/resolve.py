"""Canonical names: short forms expanded from the article's locality, aliases merged.

县总工会 in a Sheyang paper is 射阳县总工会; 市总 in a Haimen paper is 海门市总工会; 县委宣传部 is
射阳县委宣传部. Mentions of one entity (“安康杯”竞赛, 安康杯竞赛活动; 芦苇开发公司, 县芦苇开发公司)
are merged within the article, and the fullest form becomes the name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from .entities import NESTED_KEY
from .extensions import aliases_of, canonical_of, name_span, text_of
from .gazetteers import divisions_by_name, jieba_tags, program_canonicals
from .knowledge import in_pipeline, per_gazetteers, uses_knowledge
from .locality import Locality
from ..records import EntityType
from .patterns.names import strip_quotes
from .patterns.programs import program_heads
from .patterns.words import CN_NUM, word_list, word_table

YEAR = re.compile(r"(?:19|20)\d\d年度?")
SHORT_UNION = re.compile(r"^(县|市|省|区|州|旗|盟|地区)总(工会)?(党组|机关)?$")
# Level words of autonomous and frontier divisions (州委, 旗人社局, 地区人大工委).
MINORITY_LEVELS = ("地区", "州", "旗", "盟")


@per_gazetteers
def not_level_prefixes() -> tuple[str, ...]:
    """Words that start with a level character but are no short form of a local body (县级,
    市场, 省内)."""
    return word_list("not_level_prefixes")


@per_gazetteers
def not_minority_prefixes() -> tuple[str, ...]:
    """Words that start with a minority level word but name no body of that division (州级,
    旗县, 旗帜)."""
    return word_list("not_minority_prefixes")


@dataclass
class ResolvedEntity:
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)  # doc character offsets


# Every mention of every resolved entity, named (``span._.canonical``, ``span._.aliases``):
# the entities' mentions in doc.ents and doc.spans["gonghui_nested"], and the forms the resolver
# found itself (王主席 for 王秀英).
MENTIONS_KEY = "gonghui_mentions"


@dataclass
class Resolution:
    entities: list[ResolvedEntity]
    by_span: dict[tuple[int, int], ResolvedEntity]

    def name_of(self, span: Span) -> str | None:
        entity = self.by_span.get((span.start_char, span.end_char))
        return entity.name if entity else None

    @classmethod
    def of(cls, doc: Doc) -> Resolution:
        """The entities ``gonghui_resolve`` named, read back from their mentions' extensions: one
        per type and canonical name, in the order of their first mention."""
        found: dict[tuple[str, str], ResolvedEntity] = {}
        for span in doc.spans.get(MENTIONS_KEY, []):
            name = canonical_of(span) or span.text
            entity = found.get((span.label_, name))
            if entity is None:
                entity = found[(span.label_, name)] = ResolvedEntity(span.label_, name,
                                                                      set(aliases_of(span)))
            entity.spans.append((span.start_char, span.end_char))
        entities = list(found.values())
        return cls(entities, {pos: e for e in entities for pos in e.spans})

    def write(self, doc: Doc) -> None:
        """Name every mention: ``span._.canonical`` and ``span._.aliases`` on the spans of
        ``doc.spans["gonghui_mentions"]`` (and so on doc.ents, which share their offsets)."""
        mentions = []
        owner: dict[tuple[str, int, int], ResolvedEntity] = {}
        for entity in self.entities:
            aliases = tuple(sorted(entity.aliases))
            for start, end in entity.spans:
                if owner.setdefault((entity.type, start, end), entity) is not entity:
                    continue  # a mention names one entity: the first that claimed it
                # Offsets come from the doc's spans and from matches of CJK text, which align
                # with the character tokens; "expand" is a guard, never a lost mention.
                span = doc.char_span(start, end, label=entity.type, alignment_mode="expand")
                mentions.append(name_span(span, entity.name, aliases))
        doc.spans[MENTIONS_KEY] = mentions


def expand_short_form(name: str, etype: str, locality: Locality) -> str:
    """县总工会 -> 射阳县总工会, 市总 -> 海门市总工会, 县十五届六次党代会 -> 射阳县十五届六次党代会."""
    if etype not in ("ORG", "EVENT", "PLACE") or not name:
        return name
    m = SHORT_UNION.match(name)
    if m:
        division = locality.expand(m.group(1))
        return f"{division}总工会{m.group(3) or ''}" if division else name
    if name[0] in "县市省区" and not name.startswith(not_level_prefixes()):
        division = locality.expand(name[0])
        if division:
            return division + name[1:]
    prefecture = locality.expand("地区")
    if prefecture and name.startswith(("地委", "行署")):
        # A prefecture's party committee (地委) and administrative office (行署): 某某地委, 某某地区行署
        from .gazetteers import strip_division_suffix
        return (strip_division_suffix(prefecture) if name[0] == "地" else prefecture) + name
    level = next((lv for lv in MINORITY_LEVELS if name.startswith(lv)), None)
    if level and len(name) > len(level) and not name.startswith(not_minority_prefixes()):
        division = locality.expand(level)
        if division and level == "州":
            # The union is named by the prefecture's full name (某某彝族自治州总工会); party and
            # government bodies by its short form (某某州委, 某某州政府).
            from .gazetteers import strip_division_suffix
            division = strip_division_suffix(division) + "州"
        if division:
            return division + name[len(level):]
    return name


def is_word_not_place(span: Span, text: str, locality: Locality) -> bool:
    """True for a place named by a short form that is also an ordinary word (安康 well-being in
    安康驿站, 富民 in 创业富民, 惠民 in 惠民政策: jieba does not know it as a place name) where
    nothing says the place is meant: the article is of another province and names neither the
    division's province nor its prefecture. Such a word stands for its division only at home."""
    hint = canonical_of(span)
    if span.label_ != "PLACE" or not hint or span.text == hint:
        return False
    division = next(iter(divisions_by_name().get(hint, ())), None)
    if (division is None or division.level == "province" or span.text != division.base
            or jieba_tags().get(span.text) == "ns" or locality.province == division.province):
        return False
    homes = [name for home in divisions_by_name().get(division.province, ())
             + divisions_by_name().get(division.city, ()) for name in (home.name, home.base)]
    return not any(home in text for home in homes)


def is_elsewhere(span: Span, text: str, locality: Locality) -> bool:
    """A short place name (建阳) whose division lies in another province, in an article that names
    neither that province nor its prefecture: some local place of the same name (a town), not the
    far division. It keeps the form the text gives it."""
    hint = canonical_of(span)
    if span.label_ != "PLACE" or not hint or span.text == hint or not locality.province:
        return False
    found = divisions_by_name().get(hint, ())
    if not found or any(d.level == "province" or d.province == locality.province for d in found):
        return False
    homes = [name for d in found for home in divisions_by_name().get(d.province, ())
             + divisions_by_name().get(d.city, ()) for name in (home.name, home.base)]
    return not any(home in text for home in homes)


def program_family(name: str) -> str:
    """A gazetteer program's canonical name for any of its forms (冬送温暖 -> 送温暖)."""
    return program_canonicals().get(name, name)


def family_key(etype: EntityType | str, name: str) -> str:
    """What makes two mentions one entity: the name, or for a program its core without heads, or
    for a meeting its name without the year (2024年某市…报告会 and 某市2024年…报告会 are one)."""
    kind = etype.value if isinstance(etype, EntityType) else etype
    if kind == "EVENT":
        return YEAR.sub("", name)
    return _program_key(program_family(name)) if kind == "PROGRAM" else name


def _program_key(name: str) -> str:
    """安康杯竞赛活动, 安康杯竞赛 and 安康杯 share the key 安康杯."""
    key = name
    heads = program_heads()
    changed = True
    while changed:
        changed = False
        for head in heads:
            if key.endswith(head) and len(key) - len(head) >= 2:
                key = key[: -len(head)]
                changed = True
    return key


def _event_with_organizer(ents: list[Span], text: str, span: Span, name: str,
                          names: dict[tuple[int, int], str]) -> str:
    """十六届四次全委(扩大)会议 after 市总工会召开 is that union's meeting."""
    if not re.match(rf"[{CN_NUM}]+届", name):
        return name
    sentence_start = max(text.rfind(p, 0, span.start_char) for p in "。！？\n") + 1
    orgs = [e for e in ents if e.label_ == "ORG" and sentence_start <= e.start_char
            and e.end_char <= span.start_char]
    if orgs:
        return names[(orgs[-1].start_char, orgs[-1].end_char)] + name
    return name


def resolve(doc: Doc, locality: Locality) -> Resolution:
    text = text_of(doc)
    ents = list(doc.ents)  # like Doc.text, Doc.ents walks every token at each access
    spans = sorted([*ents, *doc.spans.get(NESTED_KEY, [])], key=lambda s: s.start_char)
    names: dict[tuple[int, int], str] = {}
    surfaces: dict[tuple[int, int], set[str]] = {}
    for span in spans:
        surface = strip_quotes(span.text)
        hinted = canonical_of(span) or surface
        if is_elsewhere(span, text, locality):
            hinted = surface
        if span.label_ == "PLACE" and hinted.endswith("区") and hinted[:-1] + "市" in text:
            hinted = hinted[:-1] + "市"  # the paper's own name for a city that became a district
        full = ""
        if (span.label_ == "PLACE" and hinted != surface and hinted not in text
                and hinted not in (locality.county, locality.city, locality.province)):
            # Named only by its short form (南昌, 新疆): that is the name, the full one an alias
            # (guidelines: a short form lists its full name as an alias). The article's own
            # division keeps its full name, the one the graph knows its locality by.
            full, hinted = hinted, surface
        names[(span.start_char, span.end_char)] = expand_short_form(hinted, span.label_, locality)
        surfaces[(span.start_char, span.end_char)] = {s for s in (surface, hinted, full, *aliases_of(span)) if s}
    for span in spans:
        if span.label_ == "EVENT":
            key = (span.start_char, span.end_char)
            names[key] = _event_with_organizer(ents, text, span, names[key], names)

    clusters: dict[tuple[str, str], ResolvedEntity] = {}
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for span in spans:
        pos = (span.start_char, span.end_char)
        name = names[pos]
        key = (span.label_, department_key(_drop_parent_division(name)) if span.label_ == "ORG"
               else family_key(span.label_, name))
        entity = clusters.setdefault(key, ResolvedEntity(span.label_, name))
        entity.aliases |= surfaces[pos] | {name}
        entity.spans.append(pos)
        counts[key][name] += 1
    for key, entity in clusters.items():
        entity.name = _canonical(entity.type, counts[key])
        entity.aliases |= set(counts[key])
    merged = _merge_short_into_long(list(clusters.values()))
    _meetings_by_their_bodies(merged)
    # An organization named only inside a meeting's name (中国工会 in 中国工会十八大, 某县工会 in
    # 某县工会第十次代表大会) is no entity of its own: flat, outermost mentions (guidelines).
    nested = {(s.start_char, s.end_char) for s in doc.spans.get(NESTED_KEY, []) if s.label_ == "ORG"}
    merged = [e for e in merged if e.type != "ORG" or not set(e.spans) <= nested]
    merged = _surname_and_title(text, merged)
    merged += _locality_place(text, locality, merged)
    by_span = {pos: e for e in merged for pos in e.spans}
    for entity in merged:
        entity.aliases.discard(entity.name)
        entity.aliases = {a for a in entity.aliases if a}
    return Resolution(merged, by_span)


def _meetings_by_their_bodies(entities: list[ResolvedEntity]) -> None:
    """A meeting named after its body without the body's parent division (璧山区总工会十七届五次全委
    会议, where the article's fullest name of the union is 重庆市璧山区总工会) takes the body's full
    name: the guidelines' fullest form that the document supports."""
    bodies = [(alias, e.name) for e in entities if e.type == "ORG"
              for alias in e.aliases if len(alias) >= 4 and e.name.endswith(alias) and alias != e.name
              and e.name[:-len(alias)] in divisions_by_name()]  # 重庆市 + 璧山区总工会, not 中华 + 全国总工会
    for meeting in (e for e in entities if e.type == "EVENT"):
        for alias, full in sorted(bodies, key=lambda b: -len(b[0])):
            if meeting.name.startswith(alias) and not meeting.name.startswith(full):
                meeting.aliases.add(meeting.name)
                meeting.name = full + meeting.name[len(alias):]
                break


def _surname_and_title(text: str, entities: list[ResolvedEntity]) -> list[ResolvedEntity]:
    """王主席 after 主席王秀英 is 王秀英: a surname with a post title names the one person of that
    surname the article names in full. Such a form found as a person of its own joins that person;
    one the rules did not find becomes an alias. Two people of one surname: left apart."""
    from .gazetteers import surnames, titles

    from .segmentation import words_of

    words = words_of(text)
    people = [e for e in entities if e.type == "PERSON"]
    by_surname: dict[str, list[ResolvedEntity]] = defaultdict(list)
    for person in people:
        name = person.name
        if "·" in name or not 2 <= len(name) <= 4:
            continue
        family = name[:2] if name[:2] in surnames() and len(name) >= 3 else name[:1]
        by_surname[family].append(person)
    title_re = "|".join(re.escape(t) for t in sorted(titles(), key=len, reverse=True))
    absorbed: set[int] = set()
    for family, group in by_surname.items():
        full = [p for p in group if len(p.name) > len(family) + 0 and not re.fullmatch(
            rf"{re.escape(family)}(?:{title_re})", p.name)]
        if len(full) != 1:
            continue
        person = full[0]
        for m in re.finditer(rf"{re.escape(family)}(?:{title_re})", text):
            form = m.group()
            if text.startswith(person.name, m.start()) or not words.is_boundary(m.start()):
                continue  # 提高主席团: no surname there
            person.aliases.add(form)
            person.spans.append((m.start(), m.end()))
        for other in group:
            if other is not person and other.name in person.aliases:
                person.spans += other.spans
                absorbed.add(id(other))
    return [e for e in entities if id(e) not in absorbed]


def _locality_place(text: str, locality: Locality,
                    entities: list[ResolvedEntity]) -> list[ResolvedEntity]:
    """The county an article is about is a place it names, even when only inside other names."""
    from .gazetteers import strip_division_suffix

    county = locality.county
    if not county or any(e.type == "PLACE" and (e.name == county or county in e.aliases) for e in entities):
        return []
    base = strip_division_suffix(county)
    for form in (county, base):
        at = text.find(form)
        if at >= 0:
            # A place already named there (海门 read as 海门区, the district the city became) is
            # the county: a mention is of one entity.
            held = next((e for e in entities if e.type == "PLACE" and (at, at + len(form)) in e.spans), None)
            if held is not None:  # (like a district's name the text does not give, no alias)
                held.name = county
                return []
            aliases = {base} if base != county and base in text else set()
            return [ResolvedEntity("PLACE", county, aliases, [(at, at + len(form))])]
    return []


@per_gazetteers
def department_short_forms() -> dict[str, str]:
    """A department's short and full names (区人社局 and 区人力资源和社会保障局 in one article are
    one body, 县政府 and 县人民政府 too); the fullest form becomes the name. The first short name
    a name ends in is taken, in file order."""
    return word_table("department_short_forms")


def department_key(name: str) -> str:
    for short, full in department_short_forms().items():
        if name.endswith(short) and not name.endswith(full):
            return name[: -len(short)] + full
    return name


def _drop_parent_division(name: str) -> str:
    """盐城市建湖县总工会 -> 建湖县总工会: the key that makes the two forms one body (whose name is
    then the fullest form the article gives, city and all). An autonomous prefecture or county
    counts by its short form (某某彝族自治州总工会 and 某某州总工会 are one body)."""
    from .gazetteers import divisions_by_name, short_forms

    for k in range(5, min(len(name), 16)):
        found = divisions_by_name().get(name[:k], ())
        if found and short_forms(found[0]):
            name = short_forms(found[0])[0] + name[k:]
            break

    for k in (3, 4, 5):
        parent, rest = name[:k], name[k:]
        if parent in divisions_by_name() and any(
                rest.startswith(d.name) and d.city == parent
                for n in (3, 4) for d in divisions_by_name().get(rest[:n], ())):
            return rest
    return name


def _canonical(etype: str, names: Counter[str]) -> str:
    if etype == "PROGRAM":
        # A program the gazetteer knows, written with a generic head (送温暖活动), goes by its name
        # without it (送温暖); then the form the article uses most, on a tie the shorter.
        bare: Counter[str] = Counter()
        for n, count in names.items():
            bare[n[:-2] if n.endswith("活动") and n[:-2] in program_canonicals() else n] += count
        return min(bare, key=lambda n: (-bare[n], len(n), n))
    # The fullest form: 射阳县芦苇开发公司 over 县芦苇开发公司, 某市某区医院 over 某区医院.
    return max(names, key=lambda n: (len(n), names[n], n))


def _merge_short_into_long(entities: list[ResolvedEntity]) -> list[ResolvedEntity]:
    """供电公司 is 射阳县供电公司 when the article names both (an ORG, AWARD or PLACE suffix); a
    meeting named without its place (庆祝…表彰大会) is the one named with it (某市庆祝…表彰大会)."""
    by_type: dict[str, list[ResolvedEntity]] = defaultdict(list)
    for e in entities:
        by_type[e.type].append(e)
    kept: list[ResolvedEntity] = []
    for etype, group in by_type.items():
        group.sort(key=lambda e: -len(e.name))
        survivors: list[ResolvedEntity] = []
        for entity in group:
            host = None
            shortest = 2 if etype == "POLICY" else 4  # 《办法》 after 《…考核办法》 is that one
            if etype in ("ORG", "AWARD", "POLICY", "EVENT") and len(entity.name) >= shortest:
                hosts = [h for h in survivors if h.name.endswith(entity.name)]
                host = hosts[0] if len(hosts) == 1 else None  # ambiguous: keep apart
            if host is not None:
                host.aliases |= entity.aliases | {entity.name}
                host.spans += entity.spans
            else:
                survivors.append(entity)
        kept += survivors
    return sorted(kept, key=lambda e: min(e.spans))


@Language.factory("gonghui_resolve", assigns=["doc.ents", "doc.spans", "span._.canonical", "span._.aliases"],
                  requires=["doc.ents", "doc._.locality"])
def make_resolver(nlp: Language, name: str) -> Resolver:
    return in_pipeline(Resolver(), nlp)


@uses_knowledge
class Resolver:
    def __call__(self, doc: Doc) -> Doc:
        locality = doc._.locality or Locality(None, None, None)
        text = text_of(doc)
        ents = list(doc.ents)
        kept = [span for span in ents if not is_word_not_place(span, text, locality)]
        if len(kept) < len(ents):
            doc.ents = kept
        resolve(doc, locality).write(doc)
        return doc
