"""The pipeline's knowledge: gazetteers given through the config, loaded at initialize, saved with
the pipeline, and the only vocabulary its components read."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest
import spacy
from spacy.util import registry

from gonghui.nlp.crf_ner import VOCABULARY_FILES, VOCABULARY_META, check_vocabulary, vocabulary_record
from gonghui.nlp.gazetteers import titles
from gonghui.nlp.knowledge import Gazetteers, of_pipeline, shipped, using
from gonghui.nlp.patterns.programs import festival_heads
from gonghui.nlp.patterns.words import run_cues, weak_org_heads
from gonghui.nlp.relations.posts import byline_roles
from gonghui.records import HoldsPosition
from gonghui.nlp.pipeline import build_pipeline
from gonghui.nlp.segmentation import words_of
from gonghui.resources import gazetteer_dir, shipped_model_dir

# An invented program and post title, in no shipped gazetteer.
PROGRAM, TITLE = "青禾暖心", "首席联络员"
TEXT = f"富顺县总工会开展{PROGRAM}，为困难职工送去慰问金。"
# Three edits of the pattern rules' word lists (words/): a run cue more, 协会 no longer a weak
# organization head (one that names a body only after a place), and 关爱月 a festival head (a
# program in common words). Invented sentences that each edit changes: a quoted phrase after the
# cue is a program run; a 协会 named by no place a body; a 关爱月 held a program.
CUE, WEAK_HEAD, FESTIVAL_HEAD = "倡导", "协会", "关爱月"
WORD_TEXTS = ("富顺县总工会倡导“青禾互助”，为困难职工排忧解难。", "青禾摄影协会举办职工摄影展。",
              "富顺县总工会举办全县职工关爱月，为一线职工送去清凉。")
# A byline credit more (words/byline_roles.txt), which the relation stage reads: in an invented
# byline, 主播 is then a credit, not a name after 记者.
ROLE, BYLINE = "主播", "富顺县总工会举办职工书画展。（记者 林晓雯 主播 郑海涛）"
# A common word the segmenter is told to keep whole (words/whole_words.txt), and a sentence with it.
WHOLE_WORD, WHOLE_TEXT = "驿站点位", "全县建成驿站点位12个。"


@pytest.fixture(scope="module")
def own_gazetteers(tmp_path_factory) -> Path:
    """The shipped gazetteers with one program and one title more, one run cue, one festival head,
    one byline credit and one word kept whole more, and one weak organization head less."""
    folder = tmp_path_factory.mktemp("knowledge") / "gazetteers"
    shutil.copytree(gazetteer_dir(), folder)
    with (folder / "programs.tsv").open("a", encoding="utf-8") as out:
        out.write(f"{PROGRAM}\n")
    with (folder / "titles.tsv").open("a", encoding="utf-8") as out:
        out.write(f"{TITLE}\n")
    with (folder / "words" / "run_cues.txt").open("a", encoding="utf-8") as out:
        out.write(f"{CUE}\n")
    with (folder / "words" / "whole_words.txt").open("a", encoding="utf-8") as out:
        out.write(f"{WHOLE_WORD}\n")
    with (folder / "words" / "festival_heads.txt").open("a", encoding="utf-8") as out:
        out.write(f"{FESTIVAL_HEAD}\n")
    with (folder / "words" / "byline_roles.txt").open("a", encoding="utf-8") as out:
        out.write(f"{ROLE}\n")
    weak = folder / "words" / "weak_org_heads.txt"
    lines = weak.read_text(encoding="utf-8").splitlines(keepends=True)
    assert f"{WEAK_HEAD}\n" in lines  # the edit must remove something
    weak.write_text("".join(line for line in lines if line != f"{WEAK_HEAD}\n"), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def own_nlp(own_gazetteers: Path):
    return build_pipeline(model="none", gazetteers=own_gazetteers)


def _programs(nlp, text: str = TEXT) -> set[str]:
    return {e.text for e in nlp(text).ents if e.label_ == "PROGRAM"}


def test_knowledge_is_a_registered_loader_of_a_directory(own_gazetteers: Path) -> None:
    load = registry.misc.get("gonghui.gazetteers.v1")(path=str(own_gazetteers))
    loaded = load()
    assert isinstance(loaded, Gazetteers) and PROGRAM in "\n".join(loaded.lines("programs.tsv"))
    assert registry.misc.get("gonghui.gazetteers.v1")()() is shipped()
    assert "words/stop_words.txt" in loaded.files and loaded.sha256() != shipped().sha256()


def test_knowledge_a_pipeline_reads_the_gazetteers_it_was_given(own_nlp, nlp_rules) -> None:
    assert PROGRAM in _programs(own_nlp)
    assert PROGRAM not in _programs(nlp_rules)  # the shipped pipeline, in the same process
    assert of_pipeline(own_nlp) is not of_pipeline(nlp_rules)
    # what is derived from the files follows the knowledge, not the process
    with using(of_pipeline(own_nlp)):
        assert TITLE in titles()
    assert TITLE not in titles()


def test_knowledge_is_saved_with_the_pipeline(own_nlp, own_gazetteers: Path, tmp_path: Path) -> None:
    own_nlp.to_disk(tmp_path / "pipeline")
    saved = tmp_path / "pipeline" / "gonghui_gazetteer" / "gazetteers" / "programs.tsv"
    assert PROGRAM in saved.read_text(encoding="utf-8")
    moved = tmp_path / "moved"
    shutil.move(own_gazetteers, moved)  # the directory it was read from is gone
    try:
        loaded = spacy.load(tmp_path / "pipeline")
        assert PROGRAM in _programs(loaded)
    finally:
        shutil.move(moved, own_gazetteers)


def test_knowledge_a_missing_directory_is_a_one_line_error(tmp_path: Path) -> None:
    from gonghui.errors import ModelError

    with pytest.raises(ModelError, match="no gazetteer directory"):
        build_pipeline(model="none", gazetteers=tmp_path / "nowhere")


def test_knowledge_a_folder_without_every_file_is_refused_before_the_run(tmp_path: Path) -> None:
    from gonghui.errors import ModelError

    folder = tmp_path / "gazetteers"
    shutil.copytree(gazetteer_dir(), folder)
    (folder / "titles.tsv").unlink()
    with pytest.raises(ModelError, match=r"not a whole gazetteer folder \(no titles\.tsv;"):
        build_pipeline(model="none", gazetteers=folder)


def _word_list_finds(nlp) -> set[tuple[str, str]]:
    return {(e.label_, e.text) for text in WORD_TEXTS for e in nlp(text).ents}


def test_knowledge_the_pattern_rules_read_the_word_lists_of_their_pipeline(own_nlp, nlp_rules) -> None:
    """A pipeline given an edited ``words/`` extracts by it, and the shipped pipeline beside it
    in the same process keeps its own words, whichever of the two runs first."""
    shipped_before = _word_list_finds(nlp_rules)
    own = _word_list_finds(own_nlp)
    edited = {("PROGRAM", "“青禾互助”"), ("ORG", "青禾摄影协会"), ("PROGRAM", "职工关爱月")}
    assert edited <= own and not edited & shipped_before
    assert _word_list_finds(nlp_rules) == shipped_before  # after the edited pipeline ran
    assert _word_list_finds(own_nlp) == own  # after the shipped one ran again
    # the lists themselves, and what is derived from them, follow the knowledge
    with using(of_pipeline(own_nlp)):
        assert CUE in run_cues() and WEAK_HEAD not in weak_org_heads()
        assert FESTIVAL_HEAD in festival_heads()
    assert CUE not in run_cues() and WEAK_HEAD in weak_org_heads()
    assert FESTIVAL_HEAD not in festival_heads()


def _posts(nlp, text: str) -> set[tuple[str, str]]:
    return {(r.relation.person, r.relation.position) for r in nlp(text)._.relations
            if isinstance(r.relation, HoldsPosition)}


def test_knowledge_the_relation_stage_reads_the_word_lists_of_its_pipeline(own_nlp, nlp_rules) -> None:
    own, shipped_posts = _posts(own_nlp, BYLINE), _posts(nlp_rules, BYLINE)
    assert ("郑海涛", ROLE) in own and ("郑海涛", ROLE) not in shipped_posts
    assert ("林晓雯", "记者") in own & shipped_posts
    assert _posts(nlp_rules, BYLINE) == shipped_posts  # after the edited pipeline ran
    with using(of_pipeline(own_nlp)):
        assert ROLE in byline_roles()
    assert ROLE not in byline_roles()


def test_knowledge_the_segmenter_keeps_the_pipelines_own_words_whole(own_nlp, nlp_rules) -> None:
    with using(of_pipeline(own_nlp)):
        assert WHOLE_WORD in words_of(WHOLE_TEXT).words
    with using(of_pipeline(nlp_rules)):
        assert WHOLE_WORD not in words_of(WHOLE_TEXT).words


def _model(record: dict) -> spacy.language.Language:
    model = spacy.blank("zh")
    model.meta[VOCABULARY_META] = record
    return model


def test_knowledge_a_model_warns_when_its_vocabulary_differs(tmp_path: Path, caplog) -> None:
    ours = shipped()
    with caplog.at_level(logging.WARNING, logger="gonghui"):
        assert check_vocabulary(_model(vocabulary_record(ours)), ours)
        assert check_vocabulary(spacy.blank("zh"), ours)  # nothing recorded: nothing to say
    assert not caplog.records
    changed = Gazetteers({**ours.files, "titles.tsv": ours.files["titles.tsv"] + f"{TITLE}\n"})
    with caplog.at_level(logging.WARNING, logger="gonghui"):
        assert not check_vocabulary(_model(vocabulary_record(ours)), changed)
    (message,) = [r.getMessage() for r in caplog.records]
    assert "titles.tsv" in message and "surnames.txt" not in message and "\n" not in message
    # a comment is not vocabulary
    commented = Gazetteers({**ours.files, "titles.tsv": "# a note\n" + ours.files["titles.tsv"]})
    assert commented.sha256(VOCABULARY_FILES) == ours.sha256(VOCABULARY_FILES)


def test_knowledge_the_shipped_model_records_its_vocabulary() -> None:
    import json

    meta = json.loads((shipped_model_dir() / "meta.json").read_text(encoding="utf-8"))
    record = meta[VOCABULARY_META]
    assert set(record["files"]) == set(VOCABULARY_FILES)
    assert all(len(digest) == 64 for digest in (record["sha256"], *record["files"].values()))


def test_knowledge_a_saved_pipeline_carries_it_into_a_fresh_interpreter(own_nlp, tmp_path: Path) -> None:
    """spaCy finds gonghui's components and ``gonghui.gazetteers.v1`` through their entry points;
    the saved gazetteers, not the shipped ones, are what the loaded pipeline reads."""
    import subprocess
    import sys

    own_nlp.to_disk(tmp_path / "pipeline")
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "print(sorted(e.text for e in nlp(sys.argv[2]).ents if e.label_ == 'PROGRAM'))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "pipeline"), TEXT],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert PROGRAM in done.stdout
