"""A feature component for the character-token NER: each token's NORM becomes its right bigram.

With one token per character, NORM, PREFIX and SUFFIX are the same character three times. Setting
NORM to the character plus the next one gives the embedding layer word-like units (中国, 工会)
at no cost in tokens, while PREFIX still carries the character itself. The component must run
before tok2vec, in training too (``training.annotating_components``), and must be imported
(it is, by ``gonghui.nlp.model_ner``) before the trained pipeline is loaded.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

END = "\u2403"  # marks the bigram of a sentence's last character


class CharBigrams:
    def __call__(self, doc: Doc) -> Doc:
        tokens = list(doc)
        for token, following in zip(tokens, [*tokens[1:], None]):
            token.norm_ = token.text + (following.text if following is not None else END)
        return doc


@Language.factory("gonghui_char_bigrams", assigns=["token.norm"])
def make_char_bigrams(nlp: Language, name: str) -> CharBigrams:
    return CharBigrams()


@registry.misc("gonghui.ner_actions.v1")
def ner_actions(labels: list[str]) -> dict[int, dict[str, int]]:
    """The NER's transition table for ``labels``, so initialization need not read the corpus.

    Gathering the actions from 59,000 training sentences took minutes on a shared core; this is
    the table it finds: moves B, I, L, U (1-4) per label, and the empty label for U and O (4, 5).
    """
    per_label = {label: 1 for label in labels}
    return {0: {}, 1: per_label, 2: per_label, 3: per_label, 4: {**per_label, "": 1}, 5: {"": 1}}
