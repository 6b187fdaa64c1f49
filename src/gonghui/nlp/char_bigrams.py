"""The feature component of the character-token NER: bigrams and, optionally, the word.

With one token per character, NORM, PREFIX and SUFFIX are the same character three times. This
component gives the embedding layer word-like units at no cost in tokens:

- NORM becomes the character plus the next one (中国, 工会), while PREFIX still carries the
  character itself;
- with ``words`` on, LEMMA becomes the word the character stands in, marked with the
  character's place in it (B, M, E, or S for a one-character word): 工会B, 工会E. A word
  boundary is what a character model finds hardest to learn. The words are the rules' own
  (``gonghui.nlp.segmentation``: jieba with the gazetteers' organization heads, titles and
  divisions added), so inside gonghui's pipeline the segmentation is computed once per text for
  rules and model alike. The tokens stay characters, so no entity is cut by the segmenter: the
  word is a feature, never a boundary.

The component must run before tok2vec, in training too (``training.annotating_components``). It
is a runtime component (a pipeline trained with it needs it to run), so it lives in ``nlp/`` and
is found by ``spacy.load`` through the ``spacy_factories`` entry point in ``pyproject.toml``.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, LEMMA, LENGTH, NORM
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from .extensions import text_of

END = "\u2403"  # marks the bigram of a sentence's last character


class CharBigrams:
    def __init__(self, words: bool = False) -> None:
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        # Computed from the text and written with one from_array: walking the Token objects of
        # a character-token doc cost more than the CNN.
        if not len(doc):
            return doc
        text = text_of(doc)
        spans = doc.to_array([IDX, LENGTH])
        pieces = [text[start:start + length] for start, length in spans]
        strings = doc.vocab.strings
        norms = [a + b for a, b in zip(pieces, [*pieces[1:], END])]
        if not self.words:
            values = numpy.array([[strings.add(n)] for n in norms], dtype="uint64")
            doc.from_array([NORM], values)
            return doc
        by_offset = word_features(text)
        values = numpy.array([[strings.add(n), strings.add(by_offset[start])]
                              for n, (start, _) in zip(norms, spans)], dtype="uint64")
        doc.from_array([NORM, LEMMA], values)
        return doc


def word_features(text: str) -> list[str]:
    """For each character of ``text``, its word and its place in it (B/M/E/S)."""
    from .segmentation import words_of  # local: the segmenter loads the gazetteers

    features: list[str] = []
    for word in words_of(text).words:
        if len(word) == 1:
            features.append(word + "S")
        else:
            features += [word + "B", *(word + "M" for _ in word[2:]), word + "E"]
    return features


@Language.factory("gonghui_char_bigrams", assigns=["token.norm", "token.lemma"],
                  default_config={"words": False})
def make_char_bigrams(nlp: Language, name: str, words: bool) -> CharBigrams:
    return CharBigrams(words)


@registry.misc("gonghui.ner_actions.v1")
def ner_actions(labels: list[str]) -> dict[int, dict[str, int]]:
    """The NER's transition table for ``labels``, so initialization need not read the corpus.

    Gathering the actions from 59,000 training sentences took minutes on a shared core; this is
    the table it finds: moves B, I, L, U (1-4) per label, and the empty label for U and O (4, 5).
    """
    per_label = {label: 1 for label in labels}
    return {0: {}, 1: per_label, 2: per_label, 3: per_label, 4: {**per_label, "": 1}, 5: {"": 1}}
