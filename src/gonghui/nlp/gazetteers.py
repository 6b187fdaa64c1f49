"""Domain vocabulary kept as data under ``ontology/gazetteers/``, read from the knowledge of the
pipeline that runs (``knowledge.active()``: the ``Gazetteers`` its gazetteer component was
initialized with; the shipped directory outside a pipeline).

Each file says in its header where its entries come from. Lines starting with ``#`` are comments.
What is derived from the files is kept on that ``Gazetteers`` (``per_gazetteers``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..records import EntityType
from ..resources import gazetteer_dir
from .knowledge import active, per_gazetteers


def _data_lines(path: Path | str) -> list[str]:
    """The data lines of a gazetteer file, by name or by its path under ``gazetteer_dir()``, as
    the active knowledge holds it (not as the disk does: a pipeline carries its own)."""
    name = path if isinstance(path, str) else Path(path).relative_to(gazetteer_dir()).as_posix()
    return active().lines(name)


@dataclass(frozen=True)
class Term:
    """A gazetteer entry: a surface form, its entity type and the canonical name it stands for."""

    text: str
    type: EntityType
    canonical: str
    short: bool = False  # a short form (苏州 for 苏州市): matched only as a whole word


@dataclass(frozen=True)
class Division:
    name: str  # full name with its suffix: 射阳县, 盐城市, 江苏省, 合德镇
    level: str  # province | city | county | township
    city: str  # parent prefecture ("" for provinces, cities and some counties)
    province: str

    @property
    def base(self) -> str:
        """The name without its administrative suffix (射阳县 -> 射阳), as papers often write it."""
        return strip_division_suffix(self.name)


_DIVISION_SUFFIX = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|自治州|自治县|自治旗|地区|盟|省|市|县|区|旗|镇|乡)$")


@per_gazetteers
def nationalities() -> tuple[str, ...]:
    """The minority nationalities as autonomous divisions' names carry them (德宏傣族景颇族自治州,
    都安瑶族自治县), longest first: papers call such a division by its place name alone (德宏,
    都安县). ``words/nationalities.txt`` (read here: ``patterns.words`` is inside the patterns
    package, which imports this module)."""
    return tuple(sorted((line.strip() for line in active().lines("words/nationalities.txt")),
                        key=len, reverse=True))


@per_gazetteers
def _nationalities_at_end() -> re.Pattern[str]:
    # 伊犁哈萨克自治州, 巴音郭楞蒙古自治州: a nationality of two characters or more may stand without 族.
    names = nationalities()
    return re.compile("(?:(?:" + "|".join(names) + ")族|(?:" + "|".join(n for n in names if len(n) >= 2) + "))$")


def strip_division_suffix(name: str) -> str:
    base = _DIVISION_SUFFIX.sub("", name)
    if base != name and name.endswith(("自治州", "自治县", "自治旗")):
        at_end = _nationalities_at_end()
        while (shorter := at_end.sub("", base)) != base and len(shorter) >= 2:
            base = shorter  # 德宏傣族景颇族 -> 德宏
    return base if len(base) >= 2 else name


def _base_is_a_word(div: Division) -> bool:
    """An autonomous division's place name that is an ordinary word of another kind (通道 of
    通道侗族自治县 is a passage, a verb in jieba's dictionary): no short form of the division."""
    if not div.name.endswith(("自治州", "自治县", "自治旗")):
        return False
    tag = jieba_tags().get(div.base)
    return tag is not None and not tag.startswith("n")


def short_forms(div: Division) -> tuple[str, ...]:
    """How papers shorten an autonomous prefecture or county beside its base: 德宏州, 都安县."""
    if div.base == div.name:
        return ()
    if div.name.endswith("自治州"):
        return (div.base + "州",)
    if div.name.endswith("自治县"):
        return (div.base + "县",)
    return ()


@per_gazetteers
def divisions() -> tuple[Division, ...]:
    rows = []
    for line in active().lines("admin_divisions.tsv"):
        name, level, city, province = (line.split("\t") + ["", "", ""])[:4]
        rows.append(Division(name, level, city, province))
    return tuple(rows)


@per_gazetteers
def divisions_by_name() -> dict[str, tuple[Division, ...]]:
    index: dict[str, list[Division]] = {}
    for div in divisions():
        index.setdefault(div.name, []).append(div)
    return {k: tuple(v) for k, v in index.items()}


@per_gazetteers
def divisions_by_base() -> dict[str, tuple[Division, ...]]:
    """Province, prefecture and county divisions by base name (townships are too ambiguous)."""
    index: dict[str, list[Division]] = {}
    for div in divisions():
        if div.level != "township" and div.base != div.name and not _base_is_a_word(div):
            index.setdefault(div.base, []).append(div)
    return {k: tuple(v) for k, v in index.items()}


def _pairs(filename: str, etype: EntityType) -> list[Term]:
    terms = []
    for line in active().lines(filename):
        cols = line.split("\t")
        canonical = cols[0].strip()
        forms = [canonical] + [a for a in (cols[1].split("|") if len(cols) > 1 else []) if a]
        terms.extend(Term(form, etype, canonical) for form in forms)
    return terms


@per_gazetteers
def domain_terms() -> tuple[Term, ...]:
    """Programs, awards, organizations and regions named in the gazetteer files."""
    return tuple(_pairs("programs.tsv", EntityType.PROGRAM) + _pairs("awards.tsv", EntityType.AWARD)
                 + _pairs("organizations.tsv", EntityType.ORG) + _pairs("regions.tsv", EntityType.PLACE)
                 + _pairs("people.tsv", EntityType.PERSON) + _pairs("policies.tsv", EntityType.POLICY))


@per_gazetteers
def national_figures() -> frozenset[str]:
    """The canonical names of people.tsv: national leaders and historic figures, one person
    wherever an article names them (not one per county)."""
    return frozenset(t.canonical for t in _pairs("people.tsv", EntityType.PERSON))


def is_common_word(text: str) -> bool:
    """A frequent word of jieba's general dictionary (城区, 建设): too ambiguous as a place name."""
    import jieba

    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(text, 0) > 500


def is_township_name_at(text: str, end: int) -> bool:
    """Whether the division base ending at ``end`` begins a township's or village's name
    (临海镇, 海门街道, 高作村), not the city or county of that base; 乡村 (rural) is no township."""
    following = text[end:end + 1]  # "" at the text's end, which `in` would find in any string
    return bool(following) and following in "镇乡村街" and not text.startswith("乡村", end)


@lru_cache(maxsize=1)
def jieba_tags() -> dict[str, str]:
    """jieba's dictionary: word -> part of speech (nr, ns, nt, n, v, ...)."""
    import jieba

    tags: dict[str, str] = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


@per_gazetteers
def program_canonicals() -> dict[str, str]:
    return {t.text: t.canonical for t in domain_terms() if t.type is EntityType.PROGRAM}


@per_gazetteers
def place_terms() -> tuple[Term, ...]:
    """Division names as PLACE terms, with the short forms papers use.

    Province short forms (江苏 -> 江苏省) and the bases of prefectures and counties that no other
    division shares (苏州 -> 苏州市) are added; names that are ordinary words (城区, 建设镇) are
    left out. A county-level city turned district keeps its old name in the papers (海门市 for
    海门区), so a county ``X区`` also answers to ``X市``.
    """
    terms: dict[str, Term] = {}
    bases = divisions_by_base()
    for div in divisions():
        if div.level != "province" and (is_common_word(div.name)
                                        or div.level == "township" and is_common_word(div.base)):
            continue
        terms.setdefault(div.name, Term(div.name, EntityType.PLACE, div.name))
        if div.base == div.name or len(div.base) < 2 or _base_is_a_word(div):
            continue
        if div.level == "province":
            terms.setdefault(div.base, Term(div.base, EntityType.PLACE, div.name, short=True))
        elif (div.level in ("city", "county") and len(bases.get(div.base, ())) == 1
              and (not is_common_word(div.base)
                   or div.level == "city" and jieba_tags().get(div.base) == "ns")):
            # 广州, 南昌: a prefecture's name is a frequent word because it is a frequent place
            # name (jieba tags it ns); a county's frequent base is an ordinary word too (新建)
            terms.setdefault(div.base, Term(div.base, EntityType.PLACE, div.name, short=True))
        for short in short_forms(div):
            if short not in divisions_by_name():
                terms.setdefault(short, Term(short, EntityType.PLACE, div.name, short=True))
        if div.level == "county" and div.name.endswith("区") and len(div.base) >= 2:
            old = div.base + "市"
            terms.setdefault(old, Term(old, EntityType.PLACE, old))
    return tuple(terms.values())


@per_gazetteers
def titles() -> tuple[str, ...]:
    """Post titles, longest first so that 常务副校长 wins over 副校长 and 校长."""
    return tuple(sorted({line.split("\t")[0] for line in active().lines("titles.tsv")},
                        key=lambda t: (-len(t), t)))


@per_gazetteers
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted({line.strip() for line in active().lines("org_suffixes.tsv")},
                        key=lambda t: (-len(t), t)))


@per_gazetteers
def surnames() -> frozenset[str]:
    names: set[str] = set()
    for line in active().lines("surnames.txt"):
        if " " in line:
            names.update(line.split())
        else:
            names.update(line.strip())
    return frozenset(names)


@per_gazetteers
def name_parts() -> tuple[str, ...]:
    """Parts of Tibetan and Mongolian personal names (扎西, 次仁, 巴雅尔), longest first: such a
    name, which has no surname, is one or two of them."""
    parts = {line.split("\t")[1].strip() for line in _data_lines("name_parts.tsv")}
    return tuple(sorted(parts, key=lambda p: (-len(p), p)))


def surnameless_name_at(text: str, start: int, most: int = 2) -> str:
    """The longest run of up to ``most`` name parts at ``start`` (次仁旺堆, 扎西), or ""."""
    end = start
    for _ in range(most):
        part = next((p for p in name_parts() if text.startswith(p, end)), None)
        if part is None:
            break
        end += len(part)
    return text[start:end]


@per_gazetteers
def name_heads(etype: EntityType) -> tuple[str, ...]:
    """Words that end a company's or a place's name (药业, 物流; 村, 山), longest first."""
    heads = set()
    for line in active().lines("name_heads.tsv"):
        kind, head = line.split("\t")
        if kind == etype.value:
            heads.add(head.strip())
    return tuple(sorted(heads, key=lambda h: (-len(h), h)))
