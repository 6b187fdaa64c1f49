"""``gonghui.workflow`` used as a library: a failed build or add lets go of its store.

The texts are invented for the test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from gonghui import workflow

ARTICLES = {
    "x1.txt": "丁县总工会主席周明出席会议。丁县总工会开展送温暖活动。",
    "x2.txt": "戊市总工会举办职工技能大赛，副主席吴芳为获奖职工颁奖。",
}


class ProgressBroke(RuntimeError):
    """What the caller's progress callback raises after the first file."""


def breaking_progress(items: Iterable, total: int, unit: str) -> Iterator:
    for number, item in enumerate(items):
        if number == 1:
            raise ProgressBroke("the caller's progress bar broke")
        yield item


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def open_files_under(folder: Path) -> list[str]:
    """This process's open files (deleted ones too) under ``folder``."""
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith(str(folder.resolve())):
            found.append(target)
    return found


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="reads /proc (Linux)")
def test_workflow_failed_build_keeps_no_file_of_its_store_open(tmp_path: Path, nlp_rules) -> None:
    news, out = write_articles(tmp_path / "news"), tmp_path / "graphs"
    with pytest.raises(ProgressBroke) as failed:
        workflow.run_build([news], out, progress=breaking_progress, jobs=1, nlp=nlp_rules)
    assert failed.value.__traceback__ is not None  # the caller still holds the exception
    assert open_files_under(out) == []
    assert not any(out.iterdir())  # and nothing was written


def test_workflow_failed_add_leaves_the_store_free_to_open(tmp_path: Path, built: Path,
                                                           nlp_rules) -> None:
    out = tmp_path / "graphs"
    shutil.copytree(built, out)
    news = write_articles(tmp_path / "news")
    with pytest.raises(ProgressBroke) as failed:
        workflow.run_add([news], out, progress=breaking_progress, jobs=1, nlp=nlp_rules)
    assert failed.value.__traceback__ is not None
    store = ox.Store(str(workflow.store_path(out)))  # RocksDB refuses a second opener's lock
    assert len(store) > 0
