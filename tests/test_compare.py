"""Comparison in code: real conflicts are found, differences of precision are not conflicts."""

from __future__ import annotations

import pytest

import factdiff


def _discrepancies(first: str, second: str) -> list[factdiff.Discrepancy]:
    briefing = factdiff.diff(factdiff.load([{"text": first, "source": "one"}, {"text": second, "source": "two"}]))
    return briefing.discrepancies


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Police said the raid on the warehouse began before dawn on Tuesday, March 3, 2026.",
            "Police said the raid on the warehouse began at 4 a.m. on Tuesday, March 3, 2026.",
        ),
        (
            "The ministers will meet in Brussels next week, officials said on Friday, March 31, 2023.",
            "The ministers will meet in Brussels on April 4-5, officials said on Friday, March 31, 2023.",
        ),
        (
            "About 80 firefighters fought the blaze at the Pier 7 warehouse on Tuesday, March 10, 2026.",
            "Exactly 82 firefighters fought the blaze at the Pier 7 warehouse on Tuesday, March 10, 2026.",
        ),
        (
            "More than 1,200 people were evacuated from the valley after the dam failed in May 2025.",
            "Some 1,350 people were evacuated from the valley after the dam failed in May 2025.",
        ),
    ],
    ids=["before-dawn-vs-4am", "next-week-vs-dates", "about-80-vs-82", "more-than-vs-exact"],
)
def test_more_or_less_precise_is_not_a_conflict(first: str, second: str) -> None:
    assert _discrepancies(first, second) == []


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        (
            "Police said the raid on the warehouse began at 4 a.m. on Tuesday, March 3, 2026.",
            "Police said the raid on the warehouse began at 9 a.m. on Tuesday, March 3, 2026.",
            "date",
        ),
        (
            "About 80 firefighters fought the blaze at the Pier 7 warehouse on Tuesday, March 10, 2026.",
            "About 140 firefighters fought the blaze at the Pier 7 warehouse on Tuesday, March 10, 2026.",
            "number",
        ),
        (
            "The Supreme Court ruled 7-2 on Monday, June 1, 2026 that the law was valid.",
            "The Supreme Court ruled 6-3 on Monday, June 1, 2026 that the law was valid.",
            "number",
        ),
    ],
    ids=["4am-vs-9am", "80-vs-140", "7-2-vs-6-3"],
)
def test_real_conflicts_are_found(first: str, second: str, kind: str) -> None:
    found = _discrepancies(first, second)
    assert [d.kind for d in found] == [kind]
    assert {a for side in found[0].sides for a in side.article_ids} == {"A1", "A2"}
