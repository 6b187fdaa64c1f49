"""Which county or city an article is about, from its text and its metadata.

A county paper writes 县总工会 and 全县 and means its own county; a city paper writes 市总工会.
The locality is the county-level division named most often (with or without its suffix), in the
text and, weighted up, in the title, source and front matter; its prefecture and province come
from the division list. The surface form follows the text: a county-level city that became a
district (海门区 since 2020) is still 海门市 in the papers that call it so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .extensions import document_of, text_of
from .segmentation import words_of
from .gazetteers import (Division, divisions_by_base, divisions_by_name, is_common_word,
                         is_township_name_at, jieba_tags, surnames)
from .knowledge import Gazetteers, active, in_pipeline, per_gazetteers, uses_knowledge
from .patterns.words import word_list

METADATA_WEIGHT = 3


@dataclass(frozen=True)
class Locality:
    county: str | None  # 射阳县, 海门市 (a county-level division), or None for a city-level article
    city: str | None  # the prefecture: 盐城市
    province: str | None  # 江苏省

    @property
    def name(self) -> str | None:
        """The most specific name: what the gold files call the document's locality."""
        return self.county or self.city or self.province

    def expand(self, level: str) -> str | None:
        """The division that a bare level word (县, 市, 省, 区, 州, 旗, 盟, 地区) refers to in this
        article."""
        county = self.county or ""
        if level == "县":
            return county if county.endswith("县") else None
        if level == "区":
            return county if county.endswith("区") else None
        if level == "市":
            return county if county.endswith("市") else self.city
        if level == "省":
            return self.province
        # An autonomous prefecture's paper writes 州总工会, a banner's 旗委, a prefecture's 地区总工会.
        if level == "旗":
            return county if county.endswith("旗") else None
        city = self.city or ""
        suffix = {"州": "自治州", "盟": "盟", "地区": "地区"}.get(level)
        return city if suffix and city.endswith(suffix) else None


def _surface_form(div: Division, text: str) -> str:
    """The division's name as this text writes it: 海门区 may appear as 海门市."""
    forms = [div.name] + [div.base + s for s in ("市", "县", "区") if div.base + s != div.name]
    counts = {f: text.count(f) for f in forms}
    best = max(forms, key=lambda f: (counts[f], f == div.name))
    return best if counts[best] else div.name


@per_gazetteers
def media_endings() -> tuple[str, ...]:
    """How a paper's or broadcaster's name ends after the place it is named for (井冈山报,
    盐阜大众报): it is published there, whatever its articles are about, so such a name is no
    vote for the article's locality."""
    return word_list("media_endings")


def _count_divisions(text: str, weight: int, counts: Counter[Division]) -> None:
    """Count the divisions a text names, by base name, as whole words only (高安 is no county
    in 提高安全), and not inside a newspaper's name."""
    by_base, media = divisions_by_base(), media_endings()
    words = words_of(text)
    for i in words.starts:  # a name begins a word: only word starts are tried
        for length in (2, 3, 4):
            chunk = text[i:i + length]
            if len(chunk) < length or chunk not in by_base:
                continue
            level_after = text[i + length:i + length + 1] in "省市县区旗州"
            whole = words.is_boundary(i + length) or level_after
            if not whole or is_township_name_at(text, i + length):
                continue  # 临海镇 is a town of 射阳, no vote for the city of 临海
            if not level_after and (is_common_word(chunk) and jieba_tags().get(chunk) != "ns"
                                    or i > 0 and words.words_before(i, 1)[0][1] in surnames()):
                continue  # 合作 (cooperation) is no vote for 合作市, nor 黄永昌 for 永昌县
            after = i + length + (text[i + length:i + length + 1] in "省市县区")
            if text.startswith(media, after):
                continue
            for div in by_base[chunk]:
                if div.level in ("county", "city", "province"):
                    counts[div] += weight


def find_locality(text: str, metadata: tuple[str, ...] = (), context: str = "") -> Locality:
    """The locality of ``text``; ``context`` (the page it stands on) settles the surface form."""
    return _find_locality(text, metadata, context, active())


# A page's divisions are counted once, not once per article that asks for the page's locality
# with its own title: a piece of a long file is a page of some fifty articles, and recounting its
# 100,000 characters for each cost a sixth of the extraction. Treat the result as read-only.
@lru_cache(maxsize=64)
def _divisions_named(text: str, gazetteers: Gazetteers) -> Counter[Division]:
    counts: Counter[Division] = Counter()
    _count_divisions(text, 1, counts)
    return counts


# A page's locality is asked for by each of its articles: computed once (jieba over the page is
# the cost). Arguments are plain strings and the knowledge, so the cache is exact.
@lru_cache(maxsize=64)
def _find_locality(text: str, metadata: tuple[str, ...], context: str,
                   gazetteers: Gazetteers) -> Locality:
    counts = _divisions_named(text, gazetteers).copy()
    for value in metadata:
        _count_divisions(value, METADATA_WEIGHT, counts)
    counties = [(n, d) for d, n in counts.items() if d.level == "county"]
    cities = [(n, d) for d, n in counts.items() if d.level == "city"]
    provinces = [(n, d) for d, n in counts.items() if d.level == "province"]

    def best(pairs: list[tuple[int, Division]]) -> Division | None:
        # A county whose prefecture or province is also named beats a namesake elsewhere.
        # One mention is enough when nothing competes with it.
        least = 1 if len(pairs) == 1 else 2
        scored = [(n + counts.get(_parent(d), 0) // 2, d.name, d) for n, d in pairs if n >= least]
        if not scored:
            return None
        # Compared by score and name only (a Division has no order). Namesakes share a base
        # and so every count (朝阳 is 朝阳区 of Beijing, of Changchun, and 朝阳县): when they
        # tie at the top the text does not say which it means, and an unknown locality is
        # better than a guessed one.
        top = max(scored, key=lambda item: item[:2])
        if any(item[0] == top[0] and item[2] is not top[2] and item[2].base == top[2].base
               for item in scored):
            return None
        return top[2]

    county = best(counties)
    city_div = best(cities)
    # A city's paper names its counties in passing (a meeting held in one, a winner from another):
    # a county is the article's locality only where it is named at least as often as the city.
    if county and city_div and counts[city_div] > counts[county]:
        county = None
    # A province's paper names its cities in passing too, but a county's article names its
    # province in every provincial honour (省五一劳动奖章): the province must outnumber both
    # twice over. (Beijing, Tianjin, Shanghai and Chongqing are provinces whose districts are
    # counties.)
    top_province = max((n for n, d in provinces if not d.name.endswith("市")), default=0)
    if top_province > 2 * max(counts[county] if county else 0, counts[city_div] if city_div else 0):
        county = city_div = None
    province = (county.province if county else city_div.province if city_div else
                max(provinces, key=lambda item: (item[0], item[1].name))[1].name if provinces
                else None)
    city = county.city if county and county.city else city_div.name if city_div else None
    return Locality(_surface_form(county, text + context) if county else None, city, province)


find_locality.cache_clear = _find_locality.cache_clear  # type: ignore[attr-defined]  # (bench/)


def _parent(div: Division) -> Division:
    for candidate in divisions_by_name().get(div.city or div.province, ()):
        return candidate
    return div


@Language.factory("gonghui_locality", assigns=["doc._.locality"])
def make_locality(nlp: Language, name: str) -> LocalityFinder:
    return in_pipeline(LocalityFinder(), nlp)


@uses_knowledge
class LocalityFinder:
    """The article's own locality; an article that names none (a short item on a county paper's
    page: 市总出台《…办法》) takes the locality of the page it stands on."""

    def __call__(self, doc: Doc) -> Doc:
        document = document_of(doc)
        metadata = tuple(v for v in (document.title, document.source, *document.categories)
                         if v) if document else ()
        page_text = doc._.page_text or ""
        own = find_locality(text_of(doc), metadata, context=page_text)
        if own.county is None and page_text:
            page = find_locality(page_text, metadata)
            if page.name:  # one page, one paper: its county unless the article names its own
                own = page
        doc._.locality = own
        return doc
