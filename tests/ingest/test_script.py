"""Traditional characters: the simplified view, its offset map, and names given back."""

from __future__ import annotations

import pytest

from gonghui.ingest.mapped import MappedText
from gonghui.ingest.script import Native, is_traditional, simplify, to_simplified

TRADITIONAL = "縣總工會黨組書記、主席韓麗萍在職工服務中心舉行“金秋助學”發放儀式。"
SIMPLIFIED = "县总工会党组书记、主席韩丽萍在职工服务中心举行“金秋助学”发放仪式。"


@pytest.mark.parametrize(("text", "expected"), [
    (TRADITIONAL, True),
    (SIMPLIFIED, False),
    # simplified, quoting a short name in traditional characters: too few changed to convert
    ("香港工联会（香港職工會聯合會）会长出席", False),
    ("他在乾隆年间的著名老宅里发现一本书。", False),  # simplified, with characters OpenCC keeps
    ("2024年9月3日 ABC", False),
])
def test_script_is_traditional(text: str, expected: bool) -> None:
    assert is_traditional(text) is expected


def test_script_simplify_keeps_each_characters_offset() -> None:
    view = simplify(MappedText.of(TRADITIONAL + "\n" + TRADITIONAL, start=40))
    assert view.text == SIMPLIFIED + "\n" + SIMPLIFIED
    assert view.offsets == tuple(range(40, 40 + 2 * len(TRADITIONAL) + 1))


def test_script_simplify_aligns_a_phrase_that_changes_length() -> None:
    # Taiwan's 記憶體 is the mainland's 内存 (tw2sp): three characters become two, the rest stays
    # aligned one for one on either side.
    text = "他買了一條記憶體和電腦。"
    view = simplify(MappedText.of(text), config="tw2sp")
    assert view.text == "他买了一条内存和电脑。"
    assert view.offsets[:5] == (0, 1, 2, 3, 4)
    assert set(view.offsets[5:7]) <= {5, 6, 7}
    assert view.offsets[7:] == (8, 9, 10, 11)
    native = Native(text, view)
    assert native("内存") == "記憶體"
    assert native("一条内存") == "一條記憶體"


def test_script_native_gives_names_in_the_texts_own_characters() -> None:
    native = Native(TRADITIONAL, simplify(MappedText.of(TRADITIONAL)))
    assert native("韩丽萍") == "韓麗萍"
    assert native("县总工会") == "縣總工會"
    # A name the text never writes whole is given back character by character, as the text
    # writes each character.
    assert native("韩丽萍主席") == "韓麗萍主席"
    assert native(to_simplified("職工服務中心")) == "職工服務中心"
