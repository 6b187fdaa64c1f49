"""Corpus readers, segmentation check, conversion, and a few training steps end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from gonghui.errors import InputError
from gonghui.nlp.char_bigrams import CharBigrams, ner_actions
from training.convert import split_dev, write_docbin
from training.corpora import (
    MSRA_LABELS,
    Sentence,
    read_char_bio,
    read_cluener,
    read_uner,
)
from training.segmentation_check import char_segmenter, cut_rate
from training.train import ship, train

# Written for these tests, in the style of union news; not taken from any corpus.
TINY = [
    Sentence("省总工会主席王建国到红星机械厂走访慰问职工。", ((0, 4, "ORG"), (6, 9, "PERSON"), (10, 15, "ORG"))),
    Sentence("李红梅在杭州出席全省劳模座谈会。", ((0, 3, "PERSON"), (4, 6, "PLACE"))),
    Sentence("东风汽车公司工会组织技能比武。", ((0, 8, "ORG"),)),
    Sentence("张志强获得五一劳动奖章。", ((0, 3, "PERSON"),)),
    Sentence("市总工会在南昌举办职工运动会。", ((0, 4, "ORG"), (5, 7, "PLACE"))),
    Sentence("赵立新当选县工会副主席。", ((0, 3, "PERSON"), (5, 8, "ORG"))),
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["王\tB-PER", "强\tI-PER", "在\tO", "京\tB-LOC"], [("王强", "PERSON"), ("京", "PLACE")]),
        (["工\tB-ORG", "会\tI-ORG", "王\tB-PER"], [("工会", "ORG"), ("王", "PERSON")]),
        # a stray I- opens a span (MSRA has a few), a change of kind closes one
        (["强\tI-PER", "省\tI-LOC", "会\tO"], [("强", "PERSON"), ("省", "PLACE")]),
        (["会\tO", "议\tO"], []),
    ],
)
def test_corpora_char_bio_spans(tmp_path: Path, lines: list[str], expected: list) -> None:
    path = tmp_path / "x.txt"
    path.write_text("\n".join(lines) + "\n\n", encoding="utf-8")
    [sentence] = read_char_bio(path, MSRA_LABELS)
    assert [(sentence.text[s:e], label) for s, e, label in sentence.spans] == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [("name", "PERSON"), ("company", "ORG"), ("government", "ORG"), ("scene", "PLACE"),
     ("position", None), ("game", None)],
)
def test_corpora_cluener_maps_labels_end_inclusive(tmp_path: Path, label: str, expected) -> None:
    row = {"text": "甲乙丙丁戊", "label": {label: {"乙丙": [[1, 2]]}}}
    path = tmp_path / "c.json"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    [sentence] = read_cluener(path)
    assert sentence.spans == (((1, 3, expected),) if expected else ())


def test_corpora_uner_words_to_characters(tmp_path: Path) -> None:
    path = tmp_path / "u.iob2"
    path.write_text(
        "# sent_id = 1\n# text = 他在北京大学工作。\n"
        "1\t他\tO\t-\t-\n2\t在\tO\t-\t-\n3\t北京\tB-ORG\t-\t-\n4\t大学\tI-ORG\t-\t-\n"
        "5\t工作\tO\t-\t-\n6\t。\tO\t-\t-\n\n",
        encoding="utf-8",
    )
    [sentence] = read_uner(path)
    assert sentence.spans == ((2, 6, "ORG"),)


def test_corpora_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_cluener(tmp_path / "absent.json")


@pytest.mark.parametrize(
    ("segment", "cut"),
    [(char_segmenter, 0), (lambda t: [t[:3], t[3:]], 1), (lambda t: [t], 2)],
)
def test_segmentation_check_counts_cut_entities(segment, cut: int) -> None:
    sentences = [Sentence("王建国到工厂", ((0, 3, "PERSON"), (4, 6, "ORG")))]
    assert cut_rate(sentences, segment).cut == cut


def test_bigrams_norm_is_right_bigram() -> None:
    doc = CharBigrams()(spacy.blank("zh")("工会法"))
    assert [t.norm_ for t in doc] == ["工会", "会法", "法\u2403"]
    assert [t.text for t in doc] == ["工", "会", "法"]


def test_bigrams_ner_actions_cover_every_move() -> None:
    actions = ner_actions(["A", "B"])
    assert [sorted(actions[move]) for move in range(6)] == [
        [], ["A", "B"], ["A", "B"], ["A", "B"], ["", "A", "B"], [""]]


def test_convert_split_dev_is_disjoint_and_complete() -> None:
    items = [Sentence(str(i), ()) for i in range(100)]
    train_part, dev = split_dev(items, every=10)
    assert len(dev) == 10 and len(train_part) == 90
    assert not set(train_part) & set(dev)


def test_convert_docbin_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "tiny.spacy"
    assert write_docbin(TINY, path) == len(TINY)
    docs = list(DocBin().from_disk(path).get_docs(spacy.blank("zh").vocab))
    assert [(e.text, e.label_) for e in docs[0].ents] == [
        ("省总工会", "ORG"), ("王建国", "PERSON"), ("红星机械厂", "ORG")]


CONFIGS = Path(__file__).resolve().parents[2] / "training" / "configs"


def test_train_cnn_few_steps_then_ship(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_docbin(TINY, corpus / "train.spacy")
    write_docbin(TINY[:2], corpus / "dev.spacy")
    best = train(CONFIGS / "zh_gonghui_ner_cnn.cfg", corpus, tmp_path / "out",
                 {"training.max_steps": 6, "training.eval_frequency": 3})
    shipped = ship(best, tmp_path / "models" / "m", Path("zh_gonghui_ner_cnn.cfg"), {"dev": {}},
                   check_texts=[s.text for s in TINY])
    nlp = spacy.load(shipped)
    assert nlp.pipe_names == ["bigrams", "tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PERSON", "ORG", "PLACE"}
    meta = json.loads((shipped / "meta.json").read_text(encoding="utf-8"))
    assert meta["training_config"] == "training/configs/zh_gonghui_ner_cnn.cfg"
    assert "transition-based" in meta["description"]
    assert "performance" not in meta
    # The training's string table is not shipped: only the labels are kept.
    strings = json.loads((shipped / "vocab" / "strings.json").read_text(encoding="utf-8"))
    assert sorted(strings) == ["ORG", "PERSON", "PLACE"]


def test_bigrams_word_feature_marks_place_in_jieba_word() -> None:
    doc = CharBigrams(words=True)(spacy.blank("zh")("工会法。"))
    assert [t.lemma_ for t in doc] == ["工会法B", "工会法M", "工会法E", "。S"]
    assert [t.norm_ for t in doc] == ["工会", "会法", "法。", "。\u2403"]


def test_bigrams_word_feature_aligns_across_whitespace_tokens() -> None:
    doc = CharBigrams(words=True)(spacy.blank("zh")("工会\n\n法律"))
    assert [t.text for t in doc] == ["工", "会", "\n\n", "法", "律"]
    assert [t.lemma_[-1] for t in doc if not t.is_space] == ["B", "E", "B", "E"]


def test_train_config_runs_under_plain_spacy_train(tmp_path: Path) -> None:
    """The config's own comment promises `python -m spacy train` works with no `--code`: the
    components and the label table are found through gonghui's entry points."""
    import subprocess
    import sys

    write_docbin(TINY, tmp_path / "train.spacy")
    write_docbin(TINY[:2], tmp_path / "dev.spacy")
    run = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(CONFIGS / "zh_gonghui_ner_cnn.cfg"),
         "--output", str(tmp_path / "out"), "--paths.train", str(tmp_path / "train.spacy"),
         "--paths.dev", str(tmp_path / "dev.spacy"), "--training.max_steps", "2",
         "--training.eval_frequency", "1", "--components.bigrams.words", "true"],
        capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    assert (tmp_path / "out" / "model-best" / "config.cfg").is_file()


def test_train_reproduce_on_own_splits_does_not_convert(tmp_path: Path) -> None:
    """A folder with one's own train.spacy and dev.spacy is trained on as it is: the staged
    corpora (here absent) are not read, and the shipped model says what it scored."""
    from training.convert import CorpusPaths
    from training.train import reproduce

    corpus = tmp_path / "mine"
    write_docbin(TINY, corpus / "train.spacy")
    write_docbin(TINY[:2], corpus / "dev.spacy")
    scores = reproduce(CorpusPaths(tmp_path / "no-corpora"), corpus, tmp_path / "out",
                       tmp_path / "models" / "m",
                       overrides={"crf.max_iterations": 5})
    assert scores == {}  # no report split in the folder: nothing to score
    assert (tmp_path / "models" / "m" / "config.cfg").is_file()


def test_crf_tags_round_trip_and_decode_strictly() -> None:
    from gonghui.nlp.crf_ner import bioes_tags, spans_from_tags

    spans = [(0, 1, "PERSON"), (2, 5, "ORG"), (6, 8, "PLACE")]
    assert spans_from_tags(bioes_tags(9, spans)) == spans
    # An entity must open with B and close with E of its own label; broken runs are dropped.
    assert spans_from_tags(["I-ORG", "E-ORG", "B-ORG", "I-PLACE", "E-PLACE", "B-ORG", "O"]) == []


def test_crf_features_describe_every_character() -> None:
    from gonghui.nlp.crf_ner import char_features

    text = "主席王建国 到厂。"
    rows = char_features(text)
    assert len(rows) == len(text)
    wang = dict(f.split("=", 1) for f in rows[2] if "=" in f)
    assert wang["c0"] == "王" and wang["c-1"] == "席" and wang["w-1"] == "主席"
    assert wang["wc-1"].startswith("title|")  # 主席 is a post title in the gazetteer
    assert dict(f.split("=", 1) for f in rows[5] if "=" in f)["shape"] == "HWH"
    # Full-width digits and letters read as ASCII: the characters' own features are the same.
    wide, narrow = char_features("１９９８年ＩＢＭ"), char_features("1998年IBM")
    assert [r[1:8] for r in wide] == [r[1:8] for r in narrow]


def test_crf_train_then_load_finds_training_entities(tmp_path: Path) -> None:
    """A CRF fitted on a few sentences, saved as a pipeline and loaded by spaCy, finds in them
    what it was taught; the pipeline it writes reloads without the trainer."""
    corpus = tmp_path / "corpus"
    write_docbin(TINY * 3, corpus / "train.spacy")
    write_docbin(TINY[:2], corpus / "dev.spacy")
    best = train(CONFIGS / "zh_gonghui_ner.cfg", corpus, tmp_path / "out", {"crf.max_iterations": 50})
    nlp = spacy.load(best)
    assert nlp.pipe_names == ["crf_ner"]
    doc = nlp(TINY[0].text)
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == list(TINY[0].spans)
    shipped = ship(best, tmp_path / "models" / "m", CONFIGS / "zh_gonghui_ner.cfg", {},
                   check_texts=[s.text for s in TINY])
    meta = json.loads((shipped / "meta.json").read_text(encoding="utf-8"))
    assert "CRF" in meta["description"] and meta["training_config"] == "training/configs/zh_gonghui_ner.cfg"


def test_crf_unknown_setting_is_an_input_error(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_docbin(TINY, corpus / "train.spacy")
    write_docbin(TINY[:2], corpus / "dev.spacy")
    with pytest.raises(InputError, match=r"\[crf\].*word_clusters"):
        train(CONFIGS / "zh_gonghui_ner.cfg", corpus, tmp_path / "out", {"crf.word_clusters": 0})


def test_crf_model_file_missing_or_broken_is_a_model_error(tmp_path: Path) -> None:
    from gonghui.errors import ModelError
    from gonghui.nlp.crf_ner import CrfNer

    crf = CrfNer("crf_ner", ["PERSON"])
    with pytest.raises(ModelError, match="not found"):
        crf.from_disk(tmp_path)
    (tmp_path / "model.crfsuite").write_bytes(b"not a model")
    with pytest.raises(ModelError, match="not a CRFsuite model"):
        crf.from_disk(tmp_path)
    with pytest.raises(ModelError, match="no CRF model loaded"):
        CrfNer("crf_ner", ["PERSON"])(spacy.blank("zh")("王建国"))


def test_convert_name_lists_are_seeded_lists_of_training_names() -> None:
    from training.convert import name_lists

    sentences = [*TINY, Sentence("阿依古丽·买买提发言。", ((0, 8, "PERSON"),)),
                 Sentence("司马相如和王二小麻子", ((0, 4, "PERSON"), (5, 10, "PERSON")))]
    lists = name_lists(sentences, 50)
    assert lists == name_lists(sentences, 50)  # reproducible
    names = {s.text[a:b] for s in lists for a, b, _ in s.spans}
    # Only people, and only name-shaped ones: 王二小麻子 (five characters, no dot) is left out.
    assert names == {"王建国", "李红梅", "张志强", "赵立新", "阿依古丽·买买提", "司马相如"}
    for sentence in lists:
        assert 3 <= len(sentence.spans) <= 20
        # Names abut or are parted by a note such as （女） or （藏族）, nothing else.
        gaps = [sentence.text[e:s] for (_, e, _), (s, _, _) in zip(sentence.spans, sentence.spans[1:])]
        assert all(g == "" or g.startswith("（") and g.endswith("）") for g in gaps)


def test_convert_staged_corpora_writes_splits_and_manifest(tmp_path: Path, shared_dir: Path) -> None:
    from training.convert import CorpusPaths, convert

    docs = convert(CorpusPaths(shared_dir / "corpora"), tmp_path, limit=20, lists=5)
    # train: 20 MSRA sentences (no CLUENER by default) and the 5 synthetic lists.
    assert docs["train"] == 25 and docs["dev"] == 20
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["train"] == ["MSRA"] and manifest["name_lists"] == 5
    assert manifest["docs"] == docs
    assert {p.name for p in tmp_path.glob("*.spacy")} == {f"{s}.spacy" for s in docs}
