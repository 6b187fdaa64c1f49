"""What an article says about itself: its date, its source and the people in its byline."""

from __future__ import annotations

import re
from datetime import date

NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,3}"
SHORTEST_NAME = NAME + "?"  # so that 记者张三报道 gives 张三, not 张三报道
DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
                  r"(?:\s*日)?(?!\d)")
TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)")
DATE_LABEL = re.compile(r"发布时间|发布日期|发稿时间|日期|时间|来源|作者|编辑|浏览|点击")
SOURCE = re.compile(r"(?:文章来源|信息来源|稿件来源|新闻来源|来源)\s*[:：]\s*"
                    r"([^\s:：,，;；)）(（|｜]{2,30})")
# Roles that introduce the names of the people who wrote or photographed the article.
BYLINE_ROLE = r"(?:本报记者|特约记者|见习记者|实习记者|摄影记者|记者|通讯员|实习生|摄影|作者|撰稿)"
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
    for m in DATE.finditer(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            continue
    return None


def header_date(lines: list[str]) -> str | None:
    """A publication date from a header line (one with a clock time or a label beside it)."""
    for line in lines:
        if len(line) > 160 or not DATE.search(line):
            continue
        if TIME.search(line) or DATE_LABEL.search(line):
            return iso_date(line)
    return None


def header_title(line: str) -> str | None:
    """The headline part of a header line such as ``标题 2022-02-11 14:59:02 来源:某报``."""
    m = DATE.search(line)
    if not m or not (TIME.search(line) or DATE_LABEL.search(line)):
        return None
    title = DATE_LABEL.split(line[:m.start()])[0].strip(" :：|｜-—")
    return title or None


def source_of(text: str) -> str | None:
    m = SOURCE.search(text)
    return m.group(1) if m else None


def bylines(text: str) -> tuple[str, ...]:
    """Names from 通讯员 X / 记者 X Y / X 摄 / 文/X / □X, in order of appearance, no repeats."""
    found: list[tuple[int, str]] = []
    for m in ROLE_NAMES.finditer(text):
        start = m.start(1)
        for name in re.split(r"[\s、,，]+", m.group(1)):
            found.append((start, name))
            start += len(name) + 1
    for pattern in (SIGNED, SIGNED_BEFORE):
        found += [(m.start(1), m.group(1)) for m in pattern.finditer(text)]
    for m in BOXED.finditer(text):
        found += [(m.start(g), m.group(g)) for g in (1, 2) if m.group(g)]
    names: list[str] = []
    for _, name in sorted(found):
        if name and name not in NOT_NAMES and name not in names:
            names.append(name)
    return tuple(names)
