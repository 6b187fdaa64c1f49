"""The entity lexicon the CRF reads (``gonghui.nlp.crf_ner.EntityLexicon``), built from the
training split: for the shipped model from all of it, for the training sentences across folds.

Why folds: a training sentence's own names are always in a lexicon built from the whole split,
so a CRF fitted that way learns to trust the lexicon fully, and on new text, where many names
are missing from it, it then misses them. So each training sentence reads the lexicon of the
other folds only. The folds are contiguous blocks: MSRA's sentences come in article order, and
an article repeats its names, which would leak from one fold to the next if sentences were dealt
out in turn.

The synthetic name lists (``training.convert.name_lists``) are made of the split's own
names, so they are kept out of every lexicon, and each reads the lexicon of one fold, in turn.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from gonghui.nlp.crf_ner import LEXICON_MAX_LENGTH, EntityLexicon, fold_width

from .corpora import Sentence

MAJORITY = 0.7  # the share of a name's uses one label needs; below it the name's class is MIX
# How often a string is tagged as the entity it names, over its occurrences in the training
# text: 中共中央 always, 委员会 now and then. A string tagged in fewer than 1 of 10 occurrences
# is left out (mostly a word, seldom a name).
RATE_CLASSES = ((0.7, "h"), (0.35, "m"), (0.1, "l"))


def entity_lexicon(sentences: Sequence[Sentence]) -> EntityLexicon:
    """The names tagged in ``sentences`` (2 to LEXICON_MAX_LENGTH characters), with their class."""
    labels: defaultdict[str, Counter[str]] = defaultdict(Counter)
    folded = [fold_width(sentence.text) for sentence in sentences]
    for text, sentence in zip(folded, sentences):
        for start, end, label in sentence.spans:
            if 2 <= end - start <= LEXICON_MAX_LENGTH:
                labels[text[start:end]][label] += 1
    joined = "\n".join(folded)
    classes: dict[str, str] = {}
    for name, counts in labels.items():
        label, most = counts.most_common(1)[0]
        tagged = sum(counts.values())
        rate = tagged / max(joined.count(name), tagged)
        letter = next((letter for floor, letter in RATE_CLASSES if rate >= floor), None)
        if letter is not None:
            classes[name] = (label if most >= MAJORITY * tagged else "MIX") + letter
    return EntityLexicon(classes)


def fold_lexicons(sentences: Sequence[Sentence], folds: int,
                  synthetic: int = 0) -> tuple[list[EntityLexicon], EntityLexicon]:
    """The lexicon each training sentence reads, and the lexicon of them all (the one shipped).

    The last ``synthetic`` sentences are the name lists: in no lexicon, each reading a fold's.
    """
    real = list(sentences[:len(sentences) - synthetic])
    fold_of = [k * folds // len(real) for k in range(len(real))] if real else []
    members: list[list[Sentence]] = [[] for _ in range(folds)]
    for sentence, fold in zip(real, fold_of):
        members[fold].append(sentence)
    per_fold = [entity_lexicon([s for other in range(folds) if other != fold for s in members[other]])
                for fold in range(folds)]
    read = [per_fold[fold] for fold in fold_of]
    read += [per_fold[k % folds] for k in range(len(sentences) - len(real))]
    return read, entity_lexicon(real)
