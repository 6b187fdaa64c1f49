"""Docs to records: a page's locality from its articles' localities."""

from __future__ import annotations

import pytest

from gonghui.nlp.to_records import page_locality


@pytest.mark.parametrize(("articles", "page"), [
    (["高邮市"], "高邮市"),
    (["高邮市", "高邮市"], "高邮市"),
    (["高邮市", "宝应县"], "扬州市"),  # two counties of one city: the city's paper
    (["高邮市", "宝应县", "扬州市"], "扬州市"),
    (["高邮市", "射阳县"], "江苏省"),  # two cities of one province
    (["高邮市", "富顺县"], None),  # nothing holds them both
    ([], None),
])
def test_to_records_page_locality(articles: list[str], page: str | None) -> None:
    assert page_locality(articles) == page
