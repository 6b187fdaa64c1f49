"""Short forms, locality and alias clusters."""

from __future__ import annotations

import pytest

from gonghui.nlp.gazetteers import divisions_by_base, divisions_by_name, short_forms
from gonghui.nlp.locality import Locality, find_locality
from gonghui.nlp.resolve import Resolution, _program_key, expand_short_form

COUNTY = Locality("富顺县", "自贡市", "四川省")
CITY_LEVEL = Locality("江油市", "绵阳市", "四川省")
PREFECTURE = Locality(None, "黔东南苗族侗族自治州", "贵州省")
BANNER = Locality("鄂托克旗", "鄂尔多斯市", "内蒙古自治区")
FRONTIER = Locality(None, "塔城地区", "新疆维吾尔自治区")


@pytest.mark.parametrize(("name", "etype", "locality", "expected"), [
    ("县总工会", "ORG", COUNTY, "富顺县总工会"),
    ("县总", "ORG", COUNTY, "富顺县总工会"),
    ("县委宣传部", "ORG", COUNTY, "富顺县委宣传部"),
    ("市总工会", "ORG", COUNTY, "自贡市总工会"),  # in a county paper 市 is the prefecture
    ("市总工会", "ORG", CITY_LEVEL, "江油市总工会"),  # in a county-level city paper it is the city
    ("市总党组", "ORG", CITY_LEVEL, "江油市总工会党组"),
    ("省总", "ORG", COUNTY, "四川省总工会"),
    ("市场监管局", "ORG", CITY_LEVEL, "市场监管局"),  # 市场 is not a short form
    ("县十五届三次党代会", "EVENT", COUNTY, "富顺县十五届三次党代会"),
    ("县总工会", "ORG", Locality(None, None, None), "县总工会"),  # unknown locality: unchanged
    ("县总工会", "PROGRAM", COUNTY, "县总工会"),  # only organizations and events expand
    # autonomous prefectures, banners and prefectures (地区): the union by the full name, party
    # and government bodies by the short form
    ("州总工会", "ORG", PREFECTURE, "黔东南苗族侗族自治州总工会"),
    ("州委", "ORG", PREFECTURE, "黔东南州委"),
    ("州人民医院", "ORG", PREFECTURE, "黔东南州人民医院"),
    ("州级示范职工驿站", "ORG", PREFECTURE, "州级示范职工驿站"),
    ("州委", "ORG", COUNTY, "州委"),  # no autonomous prefecture: unchanged
    ("旗总工会", "ORG", BANNER, "鄂托克旗总工会"),
    ("旗人社局", "ORG", BANNER, "鄂托克旗人社局"),
    ("地区总工会", "ORG", FRONTIER, "塔城地区总工会"),
    ("地委", "ORG", FRONTIER, "塔城地委"),
    ("行署", "ORG", FRONTIER, "塔城地区行署"),
])
def test_resolve_expand_short_form(name, etype, locality, expected) -> None:
    assert expand_short_form(name, etype, locality) == expected


@pytest.mark.parametrize(("name", "key"), [
    ("安康杯竞赛活动", "安康杯"), ("安康杯竞赛", "安康杯"), ("安康杯", "安康杯"), ("金秋助学", "金秋助学"),
])
def test_resolve_program_key(name: str, key: str) -> None:
    assert _program_key(name) == key


@pytest.mark.parametrize(("text", "county", "city", "province"), [
    ("富顺县总工会召开会议。全县工会干部参加。富顺县委书记讲话。", "富顺县", "自贡市", "四川省"),
    ("江油市总工会开展活动。江油市委、市政府高度重视。", "江油市", "绵阳市", "四川省"),
    ("自贡市总工会召开全委会议。自贡市委领导出席。", None, "自贡市", "四川省"),
    ("今天天气很好。", None, None, None),
    # A city's article that holds its meeting in one county and names another's winners: the city.
    ("绵阳市总工会在江油市召开全委会议。绵阳市委、绵阳市政府领导出席。江油市、三台县的劳模受表彰，"
     "绵阳市总工会主席讲话。", None, "绵阳市", "四川省"),
    # A province's article naming its cities in passing: the province.
    ("四川省总工会召开会议。四川省委领导出席，四川省人大、四川省政府、四川省政协有关负责同志参加。"
     "自贡市、绵阳市总工会作交流发言。四川省总工会主席作报告。", None, None, "四川省"),
    # A county's article names its province in every provincial honour: still the county.
    ("富顺县总工会获四川省五一劳动奖状，富顺县两名职工获四川省五一劳动奖章、四川省劳动模范。", "富顺县",
     "自贡市", "四川省"),
])
def test_locality_find(text, county, city, province) -> None:
    assert find_locality(text) == Locality(county, city, province)


@pytest.mark.parametrize(("name", "base", "short"), [
    ("黔东南苗族侗族自治州", "黔东南", "黔东南州"),
    ("伊犁哈萨克自治州", "伊犁", "伊犁州"),
    ("三江侗族自治县", "三江", "三江县"),
    ("莫力达瓦达斡尔族自治旗", "莫力达瓦", None),
    ("广西壮族自治区", "广西", None),
    ("射阳县", "射阳", None),
])
def test_gazetteers_autonomous_division_by_its_place_name(name, base, short) -> None:
    [division] = divisions_by_name()[name]
    assert division.base == base
    assert short_forms(division) == ((short,) if short else ())


def test_gazetteers_an_autonomous_division_named_like_a_common_word_has_no_short_form() -> None:
    assert "通道" not in divisions_by_base()  # 通道侗族自治县; 通道 is a passage


def test_locality_an_autonomous_prefecture_by_its_short_form() -> None:
    text = "黔东南州总工会召开全委会议。州委、州政府领导出席，黔东南州各县市总工会主席参加。"
    assert find_locality(text) == Locality(None, "黔东南苗族侗族自治州", "贵州省")


def test_locality_metadata_outweighs_a_passing_mention() -> None:
    text = "富顺县职工参观了江油市的一家企业。富顺县总工会组织。"
    assert find_locality(text, ("江油市总工会",) * 2).county == "江油市"


def test_locality_a_newspaper_named_after_a_place_is_no_vote() -> None:
    # 井冈山报 is published in 吉安市; the article is about 吉水县.
    text = "吉水县总工会召开全委会议。(井冈山报)吉水县职工参加。转自井冈山报。"
    assert find_locality(text, ("井冈山报",)).county == "吉水县"


def _places(nlp, text: str) -> set[str]:
    return {e.text for e in nlp(text).ents if e.label_ == "PLACE"}


FUSHUN = "富顺县总工会在全县推进安康驿站建设，持续开展创新富民行动。富顺县委高度重视。"


@pytest.mark.parametrize(("text", "place", "kept"), [
    # 安康 (well-being) and 富民 (to enrich the people) are ordinary words in a Sichuan article ...
    (FUSHUN, "安康", False),
    (FUSHUN, "富民", False),
    # ... and the city of 安康 in an article of its own province, or of one that names it.
    ("汉中市总工会组织职工赴安康学习交流。汉中市委高度重视。", "安康", True),
    ("富顺县总工会组织劳模赴陕西安康学习交流。富顺县委高度重视。", "安康", True),
    # A short form that jieba knows as a place name stands anywhere: 高邮 in a Sichuan article.
    ("富顺县总工会组织劳模赴高邮学习交流。富顺县委高度重视。", "高邮", True),
])
def test_resolve_a_short_form_that_is_an_ordinary_word_is_a_place_only_at_home(
        nlp, text: str, place: str, kept: bool) -> None:
    assert (place in _places(nlp, text)) is kept


def test_locality_a_township_named_like_a_city_is_no_vote_for_the_city() -> None:
    # 临海镇 is a town of 射阳县; jieba cuts it 临海|镇, and 临海 alone would be the city of 临海.
    text = "临海镇卫生院扎实开展服务环境整治行动。临海镇党委高度重视。射阳县卫健委给予支持。"
    assert find_locality(text).county == "射阳县"


@pytest.mark.parametrize(("text", "end", "township"), [
    ("临海镇卫生院", 2, True), ("海门街道", 2, True), ("高作村", 2, True),
    ("射阳乡村振兴", 2, False), ("射阳县", 2, False), ("射阳", 2, False),
])
def test_gazetteers_a_base_before_a_township_word_names_the_township(text, end, township) -> None:
    from gonghui.nlp.gazetteers import is_township_name_at

    assert is_township_name_at(text, end) is township


def test_resolve_short_place_of_another_province_keeps_its_form(nlp_rules) -> None:
    """建阳 in a Jiangsu county's article is a local place, not the district of far-off Nanping."""
    doc = nlp_rules("建湖县总工会在近湖街道、建阳两地建成职工之家。建湖县职工踊跃参加。")
    names = {e.name for e in Resolution.of(doc).entities if e.type == "PLACE"}
    assert "建阳" in names and "建阳区" not in names


@pytest.mark.parametrize(("text", "name", "alias"), [
    # named only by its short form: that form is the name, the full name an alias (guidelines)
    ("富顺县总工会组织劳模赴宜宾参观学习。富顺县委高度重视。", "宜宾", "宜宾市"),
    ("来自新疆的快递员领到了会员卡。富顺县总工会为他办理入会手续。", "新疆", "新疆维吾尔自治区"),
    ("富顺县总工会组织劳模赴香港交流。富顺县委高度重视。", "香港", "香港特别行政区"),
    # a prefecture's name that is a frequent word because it is a frequent place name (ns)
    ("富顺县总工会组织劳模赴成都学习交流。富顺县委高度重视。", "成都", "成都市"),
    # named in full somewhere: the full name
    ("富顺县总工会组织劳模赴宜宾市参观，在宜宾学习三天。", "宜宾市", "宜宾"),
    # the article's own county keeps its full name, the one the graph knows its locality by
    ("富顺总工会组织职工参加富顺职工运动会。", "富顺县", "富顺"),
])
def test_resolve_a_place_is_named_as_the_text_names_it(nlp_rules, text, name, alias) -> None:
    places = {e.name: e for e in Resolution.of(nlp_rules(text)).entities if e.type == "PLACE"}
    assert name in places and alias in places[name].aliases


def test_resolve_an_organization_only_inside_a_meeting_name_is_no_entity(nlp_rules) -> None:
    doc = nlp_rules("富顺县总工会召开全委会议，学习贯彻中国工会十八大精神。富顺县总工会主席讲话。")
    orgs = {e.name for e in Resolution.of(doc).entities if e.type == "ORG"}
    assert "富顺县总工会" in orgs and "中国工会" not in orgs


@pytest.mark.parametrize(("text", "county"), [
    # 合作 (cooperation) is an ordinary word: no vote for 合作市 of Gansu
    ("双方深化合作，合作共赢。富顺县总工会与企业签订合作协议。富顺县委支持。", "富顺县"),
    # 永昌 in a person's name (黄永昌) is no vote for 永昌县
    ("黄永昌主持会议。黄永昌表示，要加强交流。富顺县总工会主席出席。", "富顺县"),
])
def test_locality_ordinary_words_and_names_are_no_votes(text, county) -> None:
    assert find_locality(text).county == county


def test_resolve_surname_and_title_is_the_person_named_in_full(nlp_rules) -> None:
    doc = nlp_rules("青禾县总工会召开全委会议，县总工会主席韩丽萍出席并讲话。会后，韩主席走访了困难职工。")
    people = {e.name: e for e in Resolution.of(doc).entities if e.type == "PERSON"}
    assert "韩主席" in people["韩丽萍"].aliases and "韩主席" not in people


def test_resolve_surname_and_title_shared_by_two_people_stays_apart(nlp_rules) -> None:
    doc = nlp_rules("县总工会主席韩丽萍、副主席韩建国出席会议。韩主席讲话。")
    people = {e.name: e for e in Resolution.of(doc).entities if e.type == "PERSON"}
    assert all("韩主席" not in p.aliases for p in people.values())


def test_resolve_national_figure_is_one_person_across_localities(nlp_rules, tmp_path) -> None:
    """习近平 in two counties' articles is one person: the country is his locality."""
    from gonghui.ingest import load_documents
    from gonghui.nlp.parallel import extract_chunk
    from gonghui.nlp.to_records import NATIONAL

    localities = set()
    for county in ("富顺县", "江油市"):
        path = tmp_path / f"{county}.txt"
        path.write_text(f"{county}总工会组织职工学习习近平总书记给劳动模范的回信。{county}总工会主席韩丽萍讲话，"
                        f"{county}总工会干部参加。", encoding="utf-8")
        (extraction,) = extract_chunk(list(load_documents(path)), nlp_rules)
        people = {e.name: e.locality for e in extraction.entities if e.type.value == "PERSON"}
        assert people["韩丽萍"] == county
        localities.add(people["习近平"])
    assert localities == {NATIONAL}


@pytest.mark.parametrize(("text", "name", "alias"), [
    # A department by its full name (which holds 和) and by its short one: one body, the full name.
    ("富顺县人力资源和社会保障局联合县总工会举办招聘会。县人社局负责人介绍了岗位情况。",
     "富顺县人力资源和社会保障局", "县人社局"),
    ("富顺县人民政府召开会议。富顺县政府有关负责同志出席。", "富顺县人民政府", "富顺县政府"),
    # A county's body named with its city too: the fullest form is the name.
    ("自贡市富顺县人民医院获评先进单位。富顺县人民医院职工代表发言。", "自贡市富顺县人民医院", "富顺县人民医院"),
    # An autonomous prefecture's union by its full and its short name: one body.
    ("黔东南苗族侗族自治州总工会召开会议。黔东南州总工会主席讲话。", "黔东南苗族侗族自治州总工会",
     "黔东南州总工会"),
])
def test_resolve_one_body_under_its_fullest_name(nlp_rules, text, name, alias) -> None:
    orgs = {e.name: e for e in Resolution.of(nlp_rules(text)).entities if e.type == "ORG"}
    assert name in orgs and alias in orgs[name].aliases


def test_resolve_the_county_found_at_a_place_mention_is_that_place() -> None:
    """海门 read as 海门区 (the district the city became) in a 海门市 article: one entity, the
    article's own name, not two entities over one mention."""
    from gonghui.nlp.resolve import ResolvedEntity, _locality_place

    text = "海门职工踊跃参加技能比赛。"
    district = ResolvedEntity("PLACE", "海门区", {"海门"}, [(0, 2)])
    assert _locality_place(text, Locality("海门市", "南通市", "江苏省"), [district]) == []
    assert district.name == "海门市" and district.spans == [(0, 2)]


@pytest.mark.parametrize(("text", "name", "alias"), [
    # A meeting named without its place in the headline is the one named with it in the text.
    ("富顺县隆重召开庆祝“五一”国际劳动节暨先进职工表彰大会\n4月29日，富顺县庆祝“五一”国际劳动节暨"
     "先进职工表彰大会在县体育馆举行。", "富顺县庆祝五一国际劳动节暨先进职工表彰大会",
     "庆祝五一国际劳动节暨先进职工表彰大会"),
    # The year before or after the place: one meeting.
    ("自贡市2023年劳模事迹巡回报告会在富顺举行\n由市总工会主办的2023年自贡市劳模事迹巡回报告会在富顺举行。",
     "自贡市2023年劳模事迹巡回报告会", "2023年自贡市劳模事迹巡回报告会"),
])
def test_resolve_one_meeting_under_its_fullest_name(nlp_rules, text, name, alias) -> None:
    meetings = {e.name: e for e in Resolution.of(nlp_rules(text)).entities if e.type == "EVENT"}
    assert set(meetings) == {name} and alias in meetings[name].aliases


@pytest.mark.parametrize(("text", "name"), [
    # A known program written with a generic head goes by its own name.
    ("富顺县总工会开展2024年元旦春节送温暖活动，走访困难职工。", "送温暖"),
    # A document's own form of it stays (冬送温暖 is an alias in the gazetteer).
    ("县总工会持续开展“夏送清凉”“冬送温暖”活动。", "冬送温暖"),
    # National programs the gazetteer knows, unquoted or before words that are no head.
    ("经费主要用于劳模疗休养和困难劳模帮扶。", "劳模疗休养"),
    ("这是县总工会“我为职工办实事”的一项重点工作。", "我为职工办实事"),
])
def test_resolve_known_program_by_its_name(nlp_rules, text, name) -> None:
    programs = {e.name for e in Resolution.of(nlp_rules(text)).entities if e.type == "PROGRAM"}
    assert name in programs


def test_resolve_sites_counted_are_no_organization(nlp_rules) -> None:
    doc = nlp_rules("富顺县总工会在各镇建成户外劳动者服务站点12个。")
    assert not [e for e in Resolution.of(doc).entities if "服务站" in e.name]


def test_resolve_a_meeting_takes_its_body_s_fullest_name(nlp_rules) -> None:
    """县总工会 is 富顺县总工会, whose fullest name here is 自贡市富顺县总工会: its meeting too."""
    doc = nlp_rules("自贡市富顺县总工会开展送温暖活动。县总工会召开十届三次全委(扩大)会议。富顺县总工会主席讲话。")
    meetings = [e.name for e in Resolution.of(doc).entities if e.type == "EVENT"]
    assert meetings == ["自贡市富顺县总工会十届三次全委(扩大)会议"]


def test_locality_of_a_page_is_counted_once_for_all_its_articles(monkeypatch, nlp_rules) -> None:
    """Articles that name no county take the page's; the page's divisions are counted once,
    whatever each article's title (a piece of a long file is a page of some fifty articles)."""
    from collections import Counter

    from gonghui.nlp import locality
    from gonghui.records import Document

    counted: Counter[str] = Counter()
    real = locality._count_divisions

    def counting(text, weight, counts) -> None:
        counted[text] += 1
        real(text, weight, counts)

    monkeypatch.setattr(locality, "_count_divisions", counting)
    locality._divisions_named.cache_clear()
    locality._find_locality.cache_clear()
    articles = ["县总工会开展送温暖活动，走访困难职工二十户。", "县总工会举办职工技能大赛。",
                "县总工会召开全委会议。"]
    page = "富顺县总工会召开会议。富顺县劳模座谈会在富顺县举行。\n" + "\n".join(articles) + "\n"
    found = []
    for n, article in enumerate(articles):
        doc = nlp_rules.make_doc(article)
        doc._.document = Document(id=f"p.txt#{n}", file="p.txt", text=article,
                                  offsets=tuple(range(len(article))), title=f"第{n}条消息")
        doc._.page_text = page
        found.append(nlp_rules.get_pipe("gonghui_locality")(doc)._.locality.county)
    assert found == ["富顺县"] * 3
    assert counted[page] == 1
