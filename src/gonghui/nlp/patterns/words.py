"""The word lists the pattern rules read, kept as data in ``ontology/gazetteers/words/``.

Each list is one file, one entry a line, with a header that says what the words are for. The
character classes below are grammar, not vocabulary, and stay in code.
"""

from __future__ import annotations

from ..knowledge import active, per_gazetteers

CJK = "\u4e00-\u9fff"
OPEN_QUOTES, CLOSE_QUOTES = "“「『‘\"", "”」』’\""
QUOTES = "“”‘’「」『』\"《》"
CN_NUM = "一二三四五六七八九十百零〇两"
LEVEL_CHARS = "省市县区镇乡"
# The level words of autonomous prefectures, banners and leagues (州委, 旗总工会, 盟人社局): a body
# named by one is that division's, as the resolver expands it from the article's locality.
MINORITY_LEVELS = "州旗盟"
# Single characters that the segmenter glues to a following level word (经市…, 从市…) but that
# never begin a name.
LEADING_FUNCTION_CHARS = "经从在由向对和与及为被将把的了等出进"


@per_gazetteers
def word_list(name: str) -> tuple[str, ...]:
    """The entries of ``words/<name>.txt`` in file order (some rules take the first that fits).

    The constants below are read at import, from the shipped lists (``knowledge``'s known limit)."""
    return tuple(line.strip() for line in active().lines(f"words/{name}.txt"))


def word_set(name: str) -> frozenset[str]:
    return frozenset(word_list(name))


RUN_CUES = word_list("run_cues")
AWARD_CUES = word_list("award_cues")
# Every run or award cue also ends a name grown leftwards (开展…, 荣获…).
STOP_WORDS = word_set("stop_words") | set(RUN_CUES) | set(AWARD_CUES)
AWARD_STOPS = STOP_WORDS - word_set("award_name_words")
ORG_STOPS = (STOP_WORDS - word_set("org_name_words")) | word_set("org_stop_words")
GENERIC_PREFIXES = word_set("generic_prefixes")
NOT_ORGS = word_set("not_orgs")
WEAK_ORG_HEADS = word_set("weak_org_heads")
BYLINE_WORDS = word_set("byline_words")
DOCTRINE_AFTER = word_list("doctrine_after")
