"""Training gonghui's own Chinese NER model: corpus conversion, training, evaluation.

Data flows one way: corpus files -> ``Sentence`` records (``corpora``) -> spaCy DocBin files
(``convert``) -> a trained pipeline (``train``) -> per-label scores (``evaluate``).
"""
