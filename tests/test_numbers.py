from __future__ import annotations

import pytest

from factdiff.compare import numbers_agree
from factdiff.models import Slot
from factdiff.numbers import find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NATO has 40 different partners", [("40", "partner", "number")]),
        ("These four countries joined", [("4", "country", "number")]),
        ("one of the sources said", []),
        ("No one was killed.", []),
        ("It cost $1.2 billion, up 8.5%", [("1.2e+09", "USD", "money"), ("8.5", "%", "percent")]),
        ("rates rose half a percentage point", [("0.5", "percentage point", "percent")]),
        ("more than 1,200 people", [(">1,200", "people", "number")]),
        ("over 20 years", [("20", "year", "number")]),
        ("about twenty-five firefighters", [("~25", "firefighter", "number")]),
        ("G20 talks and COVID-19 rules", []),
    ],
)
def test_find_quantities(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(q.display_value, q.unit, q.kind) for q in find_quantities(text)] == expected


def test_scores_keep_their_text() -> None:
    (score,) = find_quantities("The court ruled 7-2 on Monday")
    assert (score.text, score.unit) == ("7-2", "score")


@pytest.mark.parametrize(
    ("text", "value"), [("1,234", 1234), ("4.5 million", 4.5e6), ("a dozen", 12), ("ninety-nine", 99)]
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def _slot(value: str, text: str, unit: str = "worker") -> Slot:
    return Slot(kind="number", text=text, value=value, start=0, end=1, unit=unit)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        (("3", "three"), ("5", "five"), False),
        (("~80", "about 80"), ("82", "82"), True),
        ((">40", "more than 40"), ("42", "42"), True),
        ((">40", "more than 40"), ("38", "38"), False),
        (("1.2e+06", "1.2 million"), ("1.234e+06", "1,234,000"), True),
        (("<100", "nearly 100"), ("120", "120"), False),
    ],
)
def test_precision_is_not_a_conflict(a: tuple[str, str], b: tuple[str, str], agree: bool) -> None:
    assert numbers_agree(_slot(*a), _slot(*b)) is agree
