"""The word lists the rules read, kept as data in ``ontology/gazetteers/words/``; the relation
stage, the locality and the resolver read theirs through ``word_list`` and ``word_table`` too.

Each list is one file, one entry a line (a table, ``.tsv``: a word, a tab, what it stands for),
with a header that says what the words are for. A rule reads a list through a function named
after it (``run_cues()``), which reads the knowledge of the pipeline that runs the rule
(``knowledge.active()``) and is cached on that knowledge (``per_gazetteers``): a pipeline given
another gazetteer folder runs with its words, and the cost of a call is a dict lookup. A rule
takes its lists into locals once per text, not per word.
The character classes below are grammar, not vocabulary, and stay in code.
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
    """The entries of ``words/<name>.txt`` in file order (some rules take the first that fits)."""
    return tuple(line.strip() for line in active().lines(f"words/{name}.txt"))


@per_gazetteers
def word_set(name: str) -> frozenset[str]:
    return frozenset(word_list(name))


@per_gazetteers
def word_table(name: str) -> dict[str, str]:
    """The rows of ``words/<name>.tsv`` (a word, a tab, what it stands for), in file order."""
    rows = (line.split("\t") for line in active().lines(f"words/{name}.tsv"))
    return {row[0].strip(): row[1].strip() for row in rows}


@per_gazetteers
def run_cues() -> tuple[str, ...]:
    """Verbs that say a body runs a program (开展, 举办, 实施)."""
    return word_list("run_cues")


@per_gazetteers
def award_cues() -> tuple[str, ...]:
    """Verbs that say an honour was given or received (荣获, 被评为, 授予)."""
    return word_list("award_cues")


@per_gazetteers
def stop_words() -> frozenset[str]:
    """Words that end a name grown leftwards; every run or award cue too (开展…, 荣获…)."""
    return word_set("stop_words") | set(run_cues()) | set(award_cues())


@per_gazetteers
def award_stops() -> frozenset[str]:
    """The stop words of an award's name: some occur inside one (组织工作先进单位)."""
    return stop_words() - word_set("award_name_words")


@per_gazetteers
def org_stops() -> frozenset[str]:
    """The stop words of an organization's name: some occur inside one (组织部), some more end
    one (某某代表县委)."""
    return (stop_words() - word_set("org_name_words")) | word_set("org_stop_words")


@per_gazetteers
def generic_prefixes() -> frozenset[str]:
    """Words that open a phrase about a class of bodies (各级, 基层, 全市)."""
    return word_set("generic_prefixes")


@per_gazetteers
def generic_prefixes_longest_first() -> tuple[str, ...]:
    return tuple(sorted(generic_prefixes(), key=len, reverse=True))


@per_gazetteers
def not_orgs() -> frozenset[str]:
    """Common words that end in an organization head but name none (大局, 举办)."""
    return word_set("not_orgs")


@per_gazetteers
def weak_org_heads() -> frozenset[str]:
    """Organization heads that name a body only after a place or level word."""
    return word_set("weak_org_heads")


@per_gazetteers
def byline_words() -> frozenset[str]:
    """Words of a byline that are no names (通讯员)."""
    return word_set("byline_words")


@per_gazetteers
def doctrine_after() -> tuple[str, ...]:
    """What follows a leader's name in the name of a doctrine (习近平新时代…思想)."""
    return word_list("doctrine_after")
