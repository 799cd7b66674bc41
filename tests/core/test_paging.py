"""Pages without a total: one row more tells whether another page follows; bad page numbers mean the first."""

from __future__ import annotations

import pytest

from core.paging import MAX_PAGE, page_number, page_of


class CountingRows(list[int]):
    """A list that remembers which slices were read from it."""

    def __init__(self, count: int) -> None:
        super().__init__(range(1, count + 1))
        self.read: list[slice] = []

    def __getitem__(self, index):
        if isinstance(index, slice):
            self.read.append(index)
        return super().__getitem__(index)


def test_a_page_reads_one_row_more_than_it_shows():
    rows = CountingRows(45)
    page = page_of(rows, number=2, size=20)
    assert page.items == list(range(21, 41))
    assert rows.read == [slice(20, 41)]
    assert page.has_previous and page.has_next and page.previous_number == 1 and page.next_number == 3


def test_the_last_page_knows_it_is_the_last():
    page = page_of(CountingRows(45), number=3, size=20)
    assert page.items == [41, 42, 43, 44, 45] and not page.has_next and page.start_index == 41


def test_one_page_of_few_rows_has_no_other_pages():
    page = page_of(CountingRows(3), number=1, size=20)
    assert page.items == [1, 2, 3] and not page.has_other_pages


def test_a_page_beyond_the_end_is_empty_but_links_back():
    page = page_of(CountingRows(3), number=5, size=20)
    assert page.items == [] and page.has_previous and page.start_index == 0


@pytest.mark.parametrize("asked", [None, "", "zwei", "-3", "0", "1.5"])
def test_anything_but_a_positive_whole_number_is_the_first_page(asked):
    assert page_number(asked) == 1


def test_very_deep_pages_are_not_read():
    assert page_number(str(10**12)) == MAX_PAGE
