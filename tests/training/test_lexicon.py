"""The entity lexicon (training/lexicon.py): how names are classed, how the training
sentences read it across folds, and how the CRF reads and keeps it."""

from __future__ import annotations

from pathlib import Path

import pytest

from gonghui.errors import InputError, ModelError
from gonghui.nlp.crf_ner import NO_LEXICON, CrfNer, EntityLexicon, char_features
from training.corpora import Sentence
from training.crf import CrfSettings, fit, name_lists_in
from training.lexicon import entity_lexicon, fold_lexicons


def _tagged(text: str, name: str, label: str) -> Sentence:
    start = text.index(name)
    return Sentence(text, ((start, start + len(name), label),))


def test_names_are_classed_by_their_usual_label_and_how_often_they_are_tagged() -> None:
    sentences = [
        _tagged("北京大学召开大会。", "北京大学", "ORG"),
        _tagged("他在北京大学读书。", "北京大学", "ORG"),
        *[_tagged("中国队获胜。", "中国", "PLACE")] * 3,
        _tagged("中国银行开业，中国人民银行，中国", "中国", "ORG"),  # and twice untagged
        _tagged("华夏公司成立。", "华夏", "ORG"),
        Sentence("华夏路", ((0, 2, "PLACE"),)),
        _tagged("委员会开会。", "委员会", "ORG"),
        *[Sentence("委员会开会。", ())] * 12,  # tagged once in 13: as often a word as a name
        _tagged("王强说。王强走了。王强来了。", "王强", "PERSON"),  # one use in three tagged
        Sentence("王", ((0, 1, "PERSON"),)),  # one character: not in the lexicon
    ]
    classes = entity_lexicon(sentences).classes
    assert classes["北京大学"] == "ORGh"
    assert classes["中国"] == "PLACEm"  # PLACE in 3 of 4 uses; tagged in 4 of 6 occurrences
    assert classes["华夏"] == "MIXh"  # ORG once, PLACE once: no label holds 70%
    assert classes["王强"] == "PERSONl"
    assert "委员会" not in classes and "王" not in classes


def test_training_sentences_never_read_their_own_fold_and_the_lists_are_in_no_lexicon() -> None:
    # Two folds of two sentences each, then one synthetic list made of their names.
    sentences = [_tagged("甲公司成立。", "甲公司", "ORG"), _tagged("乙公司成立。", "乙公司", "ORG"),
                 _tagged("丙公司成立。", "丙公司", "ORG"), _tagged("丁公司成立。", "丁公司", "ORG"),
                 Sentence("张三李四", ((0, 2, "PERSON"), (2, 4, "PERSON")))]
    read, shipped = fold_lexicons(sentences, 2, synthetic=1)
    assert len(read) == 5
    assert set(read[0].classes) == set(read[1].classes) == {"丙公司", "丁公司"}
    assert set(read[2].classes) == set(read[3].classes) == {"甲公司", "乙公司"}
    assert read[4] == read[0]  # the list reads one fold's lexicon, in turn
    assert set(shipped.classes) == {"甲公司", "乙公司", "丙公司", "丁公司"}  # no list names


def test_lexicon_marks_where_a_character_stands_in_every_name_found() -> None:
    lexicon = EntityLexicon({"北京大学": "ORGh", "北京": "PLACEh", "大学生": "ORGl"})
    marks = lexicon.marks("在北京大学生")
    assert marks[0] == []
    assert sorted(marks[1]) == ["xB=ORGh4", "xB=PLACEh2"]
    assert sorted(marks[2]) == ["xE=PLACEh2", "xI=ORGh"]
    assert sorted(marks[3]) == ["xB=ORGl3", "xI=ORGh"]
    assert sorted(marks[4]) == ["xE=ORGh4", "xI=ORGl"]
    assert marks[5] == ["xE=ORGl3"]
    assert EntityLexicon({"中华全国总工会": "ORGh"}).marks("中华全国总工会")[0] == ["xB=ORGh7"]
    assert NO_LEXICON.marks("北京") == [[], []]


def test_char_features_read_the_lexicon_only_when_given_and_only_add() -> None:
    text = "北京大学"
    plain = char_features(text)
    rows = char_features(text, lexicon=EntityLexicon({"北京大学": "ORGh"}))
    assert [row[:len(p)] for row, p in zip(rows, plain)] == plain
    assert [row[len(p):] for row, p in zip(rows, plain)] == [
        ["xB=ORGh4"], ["xI=ORGh"], ["xI=ORGh"], ["xE=ORGh4"]]
    assert char_features(text, lexicon=NO_LEXICON) == plain
    # Full-width text finds the names its ASCII form would: the lexicon's keys are folded.
    wide = char_features("ＩＢＭ公司", lexicon=EntityLexicon({"IBM公司": "ORGh"}))
    assert wide[0][-1] == "xB=ORGh5"


def test_fit_ships_the_lexicon_of_the_real_sentences_and_it_is_saved_with_the_model(
        tmp_path: Path) -> None:
    sentences = [_tagged("红星机械厂工会开会。", "红星机械厂工会", "ORG"),
                 _tagged("东风汽车公司成立。", "东风汽车公司", "ORG")] * 3
    sentences.append(Sentence("李红梅", ((0, 3, "PERSON"),)))  # a synthetic list
    settings = CrfSettings(max_iterations=5, char_clusters=0, lexicon_folds=2)
    model, _, lexicon = fit(sentences, settings, synthetic=1)
    assert set(lexicon.classes) == {"红星机械厂工会", "东风汽车公司"}
    crf = CrfNer("crf_ner", ["ORG"])
    crf.load_bytes(model, lexicon=lexicon)
    crf.to_disk(tmp_path / "saved")
    assert CrfNer("crf_ner", ["ORG"]).from_disk(tmp_path / "saved").lexicon == lexicon
    (tmp_path / "saved" / "lexicon.json").write_text('{"北京": 3}', encoding="utf-8")
    with pytest.raises(ModelError, match="not a lexicon file"):
        CrfNer("crf_ner", ["ORG"]).from_disk(tmp_path / "saved")
    (tmp_path / "saved" / "lexicon.json").unlink()  # a model fitted without the lexicon
    assert CrfNer("crf_ner", ["ORG"]).from_disk(tmp_path / "saved").lexicon == NO_LEXICON
    _, _, none = fit(sentences, CrfSettings(max_iterations=5, char_clusters=0, lexicon_folds=0))
    assert none == NO_LEXICON


def test_the_name_lists_are_counted_by_the_corpus_manifest(tmp_path: Path) -> None:
    assert name_lists_in(tmp_path) == 0  # one's own corpus, without a manifest, has none
    (tmp_path / "manifest.json").write_text('{"name_lists": 3000}', encoding="utf-8")
    assert name_lists_in(tmp_path) == 3000
    (tmp_path / "manifest.json").write_text("[3000]", encoding="utf-8")
    with pytest.raises(InputError, match="not a corpus manifest"):
        name_lists_in(tmp_path)
