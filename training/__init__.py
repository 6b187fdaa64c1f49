"""gonghui's NER training project: corpus conversion, the CRF fit, training, evaluation.

A project folder beside the library, not part of it: it imports ``gonghui`` and ``gonghui`` never
imports it. Run it from the repository's top, ``python -m training COMMAND`` (README.md here).

Data flows one way: corpus files -> ``Sentence`` records (``corpora``) -> spaCy DocBin files
(``convert``) -> a trained pipeline (``train``) -> per-label scores (``evaluate``).
"""
