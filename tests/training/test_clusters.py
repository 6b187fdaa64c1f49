"""Distributional clusters (training/clusters.py) and how the CRF reads and keeps them."""

from __future__ import annotations

from itertools import product
from pathlib import Path

import pytest

from gonghui.errors import ModelError
from gonghui.nlp.crf_ner import NO_CLUSTERS, Clusters, CrfNer, char_features
from training.clusters import clusters, embed

SURNAMES = "王李张刘陈杨赵黄"
DIGITS = "一二三四五六七八"


def _texts() -> list[str]:
    """Surnames stand before 主席 and 说, numerals before 年 and 月: two kinds of place. Every
    surname meets every numeral equally often, so the members of a kind look alike."""
    texts = []
    for surname, first, second in product(SURNAMES, DIGITS, DIGITS):
        texts += [f"{surname}主席说{first}年{second}月", f"那{surname}说：{first}月"]
    return texts


def test_items_in_the_same_places_share_a_cluster() -> None:
    found = clusters(_texts(), 6)
    assert len({found[c] for c in SURNAMES}) == 1
    assert len({found[c] for c in DIGITS}) == 1
    assert found[SURNAMES[0]] != found[DIGITS[0]]
    assert found == clusters(_texts(), 6)  # seeded: the same text gives the same clusters


def test_rare_items_have_no_vector_and_empty_text_no_clusters() -> None:
    vocab, vectors = embed(["王主席", "王主席", "王主席说", "李"])
    assert "李" not in vocab and "说" not in vocab  # seen fewer than three times
    assert vectors.shape[0] == len(vocab)
    assert clusters([], 8) == {}


def test_char_features_read_clusters_only_when_given() -> None:
    text = "王主席说"
    plain = char_features(text)
    learnt = Clusters(chars={"王": 3, "主": 5}, char_groups={"王": 1})
    rows = char_features(text, learnt)
    assert [row[:len(p)] for row, p in zip(rows, plain)] == plain  # the clusters only add
    first = dict(f.split("=", 1) for f in rows[0] if "=" in f)
    assert first["k0"] == "3" and first["k1"] == "5" and first["k2"] == "x" and first["k-1"] == "^"
    assert first["K0"] == "1" and dict(f.split("=", 1) for f in rows[1] if "=" in f)["K0"] == "x"
    assert not any(f.startswith("k0=") for f in char_features(text, NO_CLUSTERS)[0])
    assert not any(f.startswith("Q0=") for f in rows[0])  # no fine level learnt


def test_the_fine_level_adds_its_own_features() -> None:
    text = "王主席说"
    coarse = Clusters(chars={"王": 3, "主": 5, "说": 7}, char_groups={"王": 1})
    fine = Clusters(coarse.chars, coarse.char_groups, fine_chars={"王": 30, "主": 50})
    rows, plain = char_features(text, fine), char_features(text, coarse)
    assert [row[:len(p)] for row, p in zip(rows, plain)] == plain
    first = dict(f.split("=", 1) for f in rows[0] if "=" in f)
    assert (first["Q0"], first["Q-1"], first["Q1"]) == ("30", "^", "50")
    assert first["k3"] == "7" and first["k-3"] == "^"
    last = dict(f.split("=", 1) for f in rows[3] if "=" in f)
    assert (last["Q0"], last["Q1"], last["k3"]) == ("x", "$", "$")


def test_clusters_are_saved_with_the_model_and_a_broken_file_is_a_model_error(tmp_path: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append(char_features("王主席"), ["S-PERSON", "O", "O"])
    trainer.train(str(tmp_path / "m.crfsuite"))
    crf = CrfNer("crf_ner", ["PERSON"])
    learnt = Clusters(chars={"王": 3}, char_groups={"王": 1}, fine_chars={"王": 9})
    crf.load_bytes((tmp_path / "m.crfsuite").read_bytes(), learnt)
    crf.to_disk(tmp_path / "saved")
    assert CrfNer("crf_ner", ["PERSON"]).from_disk(tmp_path / "saved").clusters == learnt
    (tmp_path / "saved" / "clusters.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ModelError, match="not a clusters file"):
        CrfNer("crf_ner", ["PERSON"]).from_disk(tmp_path / "saved")
    (tmp_path / "saved" / "clusters.json").unlink()  # a model fitted without clusters
    assert CrfNer("crf_ner", ["PERSON"]).from_disk(tmp_path / "saved").clusters == NO_CLUSTERS
