"""Policies and documents: a name with a policy head after a cue (落实…返还政策) and titles in 《》."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...records import EntityType
from ..knowledge import per_gazetteers
from ..segmentation import Words
from .names import Candidate, after_cue
from .words import word_list


@per_gazetteers
def policy_heads() -> tuple[str, ...]:
    """Heads of policies and regulations (…实施办法, …指导意见, …条例)."""
    return word_list("policy_heads")


@per_gazetteers
def policy_heads_longest_first() -> tuple[str, ...]:
    return tuple(sorted(policy_heads(), key=len, reverse=True))


@per_gazetteers
def document_heads() -> tuple[str, ...]:
    """How the names of official documents end (《…实施办法》, 《…的通知》); other 《》 titles are
    books, songs and videos."""
    return policy_heads() + word_list("document_heads")


@per_gazetteers
def newspaper_endings() -> tuple[str, ...]:
    """How the name of a newspaper or magazine in 《》 ends: an ORG, not a document."""
    return word_list("newspaper_endings")


@per_gazetteers
def policy_cues() -> tuple[str, ...]:
    """Verbs that introduce a policy (落实, 出台, 印发)."""
    return word_list("policy_cues")


STATUS_AFTER_KIND = re.compile(r"[（(](?:试行|暂行|草案|修订|修订稿|修正|征求意见稿|送审稿)[)）]$")


def policies(text: str, words: Words) -> Iterator[Candidate]:
    heads = policy_heads_longest_first()
    for start, end, name in after_cue(text, words, policy_cues(), policy_heads(), 20):
        head = next(h for h in heads if name.endswith(h))
        if len(name) - len(head) >= 4 and not any(g in name for g in ("有关", "相关", "各项", "这些", "上述")):
            yield Candidate(start, end, EntityType.POLICY, name)
    yield from documents_in_brackets(text, words)


def documents_in_brackets(text: str, words: Words) -> Iterator[Candidate]:
    """《…》 is a document, unless it names a newspaper or its column (《海门日报》 is an ORG)."""
    documents, newspapers = document_heads(), newspaper_endings()
    for m in re.finditer(r"《([^《》\n]{2,60})》", text):
        core = m.group(1).strip()
        # A document's kind comes before its status (…考核办法（试行）, …条例（草案）), and a kind
        # that ends in 报 (…的通报, 公报) is no newspaper.
        if STATUS_AFTER_KIND.sub("", core).endswith(documents):
            yield Candidate(m.start(), m.end(), EntityType.POLICY, core)
        elif core.endswith(newspapers) or re.search(r"[报刊]·", core):
            yield Candidate(m.start(), m.end(), EntityType.ORG, core)
        # anything else in 《》 is a book, a song or a programme: not in the graph

