"""Site furniture: the parts of a saved page that are the website, not the article.

Navigation crumbs and menu rows, keyword and tag rows, related-reading blocks, link rows, share
and print buttons, phone and e-mail rows, copyright footers and page-jump marks
(下转第2版). Each is recognised by its form, never by a site's particular wording, and only on a
short line without a full stop: a sentence that mentions a hotline is prose and stays.
"""

from __future__ import annotations

import re

from .mapped import MappedText
from .meta import fold

Line = tuple[MappedText, "int | None"]  # a line and the offset of the break after it
SENTENCE_END = "。！？!?"  # a line holding one of these is prose, not furniture

BREADCRUMB = re.compile(r"^(?:当前位置|您的位置|你的位置|您现在的位置|所在位置)\s*[:：]"
                        r"|^(?:首页|主页|网站首页|Home)\s*[>＞»›/]")
# Editor rows (责任编辑：张三) are not furniture: the guidelines count an article's editors as
# people with a post, like its reporters.
LABEL_ROW = re.compile(r"^[(（【\[]?(?:关键词|关键字|标签|Tags?|审核|校对|审校|监制"
                       r"|终审|二审|一审|初审)\s*[:：]", re.IGNORECASE)
SHARE_ROW = re.compile(r"^(?:分享到|分享至|扫一扫|打印本页|打印|关闭窗口|返回顶部|收藏本页|【?字号|【?字体"
                       r"|上一篇|下一篇|阅读次数|阅读量|浏览次数|浏览量|点击数|点击量|发表评论|我要评论"
                       r"|网站地图|联系我们|设为首页|加入收藏|返回首页|返回列表|返回上一页|返回.{1,12}(?:新闻|频道|栏目|首页))")
NAV_SEPARATOR = re.compile(r"\s*[|｜]\s*|\s+")
NAV_HOME = re.compile(r"^(?:网站首页|首页|主页|Home)(?:\s|[|｜])")
FOOTER = re.compile(r"版权所有|Copyright|©|ICP备|公网安备|技术支持[:：]", re.IGNORECASE)
LINK_ROW = re.compile(r"^(?:https?://|www\.|//)\S+$")
CONTACT_ROW = re.compile(r"(?:邮箱|E-?mail|网址|官网|地址)\s*[:：]", re.IGNORECASE)
PHONE_ROW = re.compile(r"(?:电话|热线|传真|Tel|TEL|邮编|邮箱|E-?mail|QQ).{0,6}?[:：]?\s*"
                       r"[\d(（+][\d\s、,，;；()（）+-]{5,}")
JUMP_MARK = re.compile(r"^[(（]?(?:下转|上接|转|接)第?[\d一二三四五六七八九十]{1,3}版[)）]?$")
RELATED_HEAD = re.compile(r"^(?:相关阅读|相关新闻|相关文章|相关链接|推荐阅读|延伸阅读|热点推荐|猜你喜欢|热门文章"
                          r"|热门推荐|最新文章|精彩推荐)\s*[:：]?")
FURNITURE_MAX_CHARS = 80  # furniture rows are short; a long line with the same words is prose


def is_furniture(text: str) -> bool:
    """A link row or page-jump mark, or a short row of crumbs, labels, buttons or contacts."""
    text = fold(text)
    if LINK_ROW.match(text) or JUMP_MARK.match(text):
        return True
    if len(text) > FURNITURE_MAX_CHARS or any(ch in text for ch in SENTENCE_END):
        return False
    return bool(BREADCRUMB.search(text) or LABEL_ROW.match(text) or SHARE_ROW.match(text)
                or FOOTER.search(text) or PHONE_ROW.search(text) or CONTACT_ROW.search(text)
                or is_menu(text))


def is_menu(text: str) -> bool:
    """A row of short menu items: ``网站首页 | 工会动态 | 联系我们``, ``首页 新闻 公告``."""
    items = [item for item in NAV_SEPARATOR.split(text) if item]
    if len(items) < 3 or any(len(item) > 8 for item in items):
        return False
    return bool(NAV_HOME.match(text)) or ("|" in text or "｜" in text)


# The link to the previous or next article, and a bullet before a related article's title.
LINK_TITLE = re.compile(r"^(?:上一篇|下一篇|上一条|下一条|上篇|下篇)\s*[:：]\s*")
BULLET = re.compile(r"^[·•▪◆◇■□○●\-*]\s*")
HEADLINE_CJK = 6  # a headline names something; 热点, 图片 图片 are a menu's words


def linked_headline(line: MappedText) -> MappedText | None:
    """The title of another article a page links to (上一篇：某县总工会开展“金秋助学”活动, · 某市总工会
    召开…会议), without its label or bullet: news of the same site, whose bodies, programs and
    meetings the annotators count (dev gold). ``None`` for a label without a headline."""
    text = fold(line.text)
    m = LINK_TITLE.match(text) or BULLET.match(text)
    title = line[m.end():] if m else line
    if len(re.findall(r"[\u4e00-\u9fff]", title.text)) < HEADLINE_CJK:
        return None
    return title.strip()


def drop_furniture(lines: list[Line]) -> list[Line]:
    """The lines that are not site furniture (a related-reading block goes as a whole, but for the
    headlines it links to; so does a link to the previous or next article)."""
    kept: list[Line] = []
    in_related = False
    for line, newline in lines:
        text = line.text
        if RELATED_HEAD.match(fold(text)) and len(text) <= FURNITURE_MAX_CHARS:
            in_related = True
            continue
        # A related-reading block is a list of short link titles; prose ends it.
        if in_related and len(text) <= 40 and not any(ch in text for ch in SENTENCE_END):
            title = linked_headline(line)
            if title is not None:
                kept.append((title, newline))
            continue
        in_related = False
        if LINK_TITLE.match(fold(text)) and len(text) <= FURNITURE_MAX_CHARS:
            title = linked_headline(line)
            if title is not None:
                kept.append((title, newline))
            continue
        if not is_furniture(text):
            kept.append((line, newline))
    return kept
