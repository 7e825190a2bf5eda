from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factdiff.dates import find_clock_times, find_dates, parse_date_expression

FRIDAY = dt.date(2023, 3, 31)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("on the sidelines, on March 30.", "2023-03-30"),
        ("the dialogue from March 3 to 5 was a start", "2023-03-03/2023-03-05"),
        ("on April 4-5, 2023 in Brussels", "2023-04-04/2023-04-05"),
        ("held on April 4 and 5, she said", "2023-04-04/2023-04-05"),
        ("in Brussels from 4-5 April", "2023-04-04/2023-04-05"),
        ("the conference starting next week", "2023-04-03/2023-04-09"),
        ("reported last August that", "2022-08"),
        ("in December 2019.", "2019-12"),
        ("on August 12, 2022 that", "2022-08-12"),
        ("met on Thursday, sources said", "2023-03-30"),
        ("spoke on Friday night", "2023-03-31"),
        ("Monday night", "2023-03-27"),
        ("rolled out last summer", "2022-06-01/2022-08-31"),
        ("the summit last year", "2022"),
        ("a review since 2019", "2019"),
        ("the vote on Dec. 2", "2022-12-02"),
    ],
)
def test_expressions_resolve_against_the_dateline(text: str, iso: str) -> None:
    found = list(find_dates(text, FRIDAY))
    assert [f.value.iso for f in found] == [iso]
    assert text[found[0].start : found[0].end] == found[0].text


def test_relative_expressions_need_a_reference() -> None:
    assert list(find_dates("on Thursday and next week", None)) == []
    assert [f.value.iso for f in find_dates("on March 3, 2021", None)] == ["2021-03-03"]


def test_whole_expressions_with_a_lead_word() -> None:
    assert parse_date_expression("By 1913 the firm had closed", None) == parse_date_expression("in 1913", None)
    value = parse_date_expression("Published March 31, 2023", None)
    assert value is not None and value.iso == "2023-03-31"


def test_modal_may_is_not_a_month() -> None:
    assert list(find_dates("The council may vote soon.", FRIDAY)) == []


def test_clock_times() -> None:
    assert [(t, m) for _, _, t, m in find_clock_times("at 4 a.m. and 10:30 pm")] == [
        ("4 a.m.", 240),
        ("10:30 pm", 1350),
    ]


@given(st.text(alphabet=st.sampled_from(list("abc MarchJuly0123456789,-on Thursday")), max_size=60))
def test_found_spans_always_index_the_text(text: str) -> None:
    for found in find_dates(text, FRIDAY):
        assert text[found.start : found.end] == found.text
        assert found.value.start <= found.value.end
