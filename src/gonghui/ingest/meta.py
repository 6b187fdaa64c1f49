"""What an article says about itself: its date, its source and the people in its byline."""

from __future__ import annotations

import re
from datetime import date

# Traditional forms of the characters the patterns below and in clean/split look for, so that a
# Big5 page (本報訊, 通訊員, 來源, 攝) is read like a simplified one. Folding is one for one, so a
# match's positions in the folded text are its positions in the original.
_TRADITIONAL = "報訊網臺電記員實習見攝圖來聞發時間覽擊編輯關鍵詞簽責審對監終絡掃頁閉頂號體閱讀數評論聯設為欄頻權術話熱線傳郵轉鏈薦點歡門當現問華務稱產導"
_SIMPLIFIED = "报讯网台电记员实习见摄图来闻发时间览击编辑关键词签责审对监终络扫页闭顶号体阅读数评论联设为栏频权术话热线传邮转链荐点欢门当现问华务称产导"
_FOLD = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
_HAS_TRADITIONAL = re.compile(f"[{_TRADITIONAL}]")


def fold(text: str) -> str:
    """``text`` with the traditional characters our patterns know replaced by simplified ones."""
    return text.translate(_FOLD) if _HAS_TRADITIONAL.search(text) else text


NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}"
SHORTEST_NAME = NAME + "?"  # so that 记者张三报道 gives 张三, not 张三报道
DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
                  r"(?:\s*日)?(?!\d)")
TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
DATE_LABEL = re.compile(r"发布时间|发布日期|发稿时间|日期|时间|来源|作者|编辑|浏览|点击")
SOURCE = re.compile(r"(?:文章来源|信息来源|稿件来源|新闻来源|来源)\s*[:：]\s*"
                    r"([^\s:：,，;；)）(（|｜]{2,30})")
# Roles that introduce the names of the people who wrote or photographed the article.
BYLINE_ROLE = r"(?:责任编辑|网络编辑|值班编辑|责编|编辑|本报记者|特约记者|见习记者|实习记者|摄影记者|记者|通讯员|实习生|摄影|作者|撰稿)"
NAME_LIST = "(" + SHORTEST_NAME + r"(?:[\s、,，]+" + SHORTEST_NAME + r")*)"
# The role opens a byline only where a byline can stand: not in 优秀通讯员评选, 接受记者采访.
ROLE_NAMES = re.compile(r"(?:(?<=[(（\s■□讯电])|^)" + BYLINE_ROLE + r"\s*[:：]?\s*" + NAME_LIST
                        + r"(?=\s*(?:[)）]|$|\s|" + BYLINE_ROLE + r"|报道|摄))", re.MULTILINE)
SIGNED = re.compile(r"(?:^|(?<=[\s。！？!?/)）]))(" + NAME + r")\s*/?\s*(?:摄|文|图)(?=\s|$)",
                    re.MULTILINE)
SIGNED_BEFORE = re.compile(r"(?:^|(?<=\s))(?:文|图|摄|文图|图文)\s*/\s*(" + NAME + r")(?=\s|$)",
                           re.MULTILINE)
BOXED = re.compile(r"^[□■◇◆]\s*(" + NAME + r")(?:[\s、,，]+(" + NAME + r"))?\s*$", re.MULTILINE)
NOT_NAMES = frozenset({"本报", "记者", "通讯员", "报道", "图片", "视频", "来源", "编辑"})


def iso_date(text: str) -> str | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``, if it is a real calendar date."""
    for m in DATE.finditer(fold(text)):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


def header_date(lines: list[str]) -> str | None:
    """A publication date from a header line (one with a clock time or a label beside it)."""
    for line in map(fold, lines):
        if len(line) > 160 or not DATE.search(line):
            continue
        if TIME.search(line) or DATE_LABEL.search(line):
            return iso_date(line)
    return None


def header_title(line: str) -> str | None:
    """The headline part of a header line such as ``标题 2022-02-11 14:59:02 来源:某报``."""
    folded = fold(line)
    m = DATE.search(folded)
    if not m or not (TIME.search(folded) or DATE_LABEL.search(folded)):
        return None
    label = DATE_LABEL.search(folded, 0, m.start())
    title = line[:label.start() if label else m.start()].strip(" :：|｜-—")
    return title or None


def source_of(text: str) -> str | None:
    m = SOURCE.search(fold(text))
    return text[m.start(1):m.end(1)] if m else None


def bylines(text: str) -> tuple[str, ...]:
    """Names from 通讯员 X / 记者 X Y / X 摄 / 文/X / □X, in order of appearance, no repeats."""
    folded = fold(text)  # match on folded text, take the names as written
    found: list[tuple[int, str]] = []
    for m in ROLE_NAMES.finditer(folded):
        for part in re.finditer(r"[^\s、,，]+", text[m.start(1):m.end(1)]):
            found.append((m.start(1) + part.start(), part.group()))
    for pattern in (SIGNED, SIGNED_BEFORE):
        found += [(m.start(1), text[m.start(1):m.end(1)]) for m in pattern.finditer(folded)]
    for m in BOXED.finditer(folded):
        found += [(m.start(g), text[m.start(g):m.end(g)]) for g in (1, 2) if m.group(g)]
    names: list[str] = []
    for _, name in sorted(found):
        if name and name not in NOT_NAMES and name not in names:
            names.append(name)
    return tuple(names)
