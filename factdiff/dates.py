"""Date and time expressions: find them in a sentence and normalise them to ISO intervals.

`dateparser` resolves single expressions ("on Thursday", "last month", "Aug. 12, 2022") against
the article's date. What it does not cover, we add around it: ranges ("March 3 to 5",
"4-5 April"), "last August", seasons, the precision of each expression, the year of a
yearless date, and the news convention that a weekday equal to the dateline's weekday is that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import dateparser

Precision = Literal["day", "week", "month", "season", "year", "range"]

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11), "winter": (12, 2)}

_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b{_YEAR}-[01]\d-[0-3]\d\b"),
    ("md_range", rf"\b(?:from\s+)?{_MONTH}\s+{_DAY}\s*(?:-|–|to|and|through|until)\s*{_DAY}(?:,?\s+{_YEAR})?\b"),
    ("dm_range", rf"\b(?:from\s+)?{_DAY}\s*(?:-|–|to|and)\s*{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"),
    ("md", rf"\b{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?"),
    ("dm", rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR}\b)?"),
    ("my", rf"\b{_MONTH},?\s+{_YEAR}\b"),
    ("season", r"\b(?:last|this|next)\s+(?:spring|summer|autumn|fall|winter)\b"),
    ("rel_month", rf"\b(?:last|this|next|in|early|late|mid-?)\s+{_MONTH}(?!\s+\d)"),
    (
        "weekday",
        rf"\b(?:(?:last|next|this|on|late|early)\s+)?{_WEEKDAY}"
        r"(?:\s+(?:morning|afternoon|evening|night))?\b",
    ),
    (
        "relative",
        r"\b(?:yesterday|today|tomorrow|tonight|(?:last|this|next)\s+(?:week|month|year)|"
        r"(?:\d+|two|three|four|five|six|seven|ten)\s+(?:days|weeks|months|years)\s+ago)\b",
    ),
    ("year", rf"\b(?:in|since|until|by|from|of|early|late|mid|year)[\s-]+{_YEAR}\b"),
]
_FINDER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS), re.IGNORECASE)
_CLOCK = re.compile(r"\b(?P<h>1[0-2]|0?[1-9])(?::(?P<m>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?!\w)", re.IGNORECASE)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


@dataclass(frozen=True)
class DateValue:
    """A closed interval of days with the precision the text gave."""

    start: dt.date
    end: dt.date
    precision: Precision

    @property
    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.start.year:04d}"
        if self.precision == "month":
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def overlaps(self, other: DateValue) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str
    value: DateValue


def find_dates(text: str, reference: dt.date | None) -> Iterator[FoundDate]:
    """Every date expression in `text` that can be resolved (relative ones need `reference`)."""
    for match in _FINDER.finditer(text):
        kind = match.lastgroup or ""
        start, end = match.span()
        if kind == "year":
            start = end - 4
        expression = text[start:end]
        value = _resolve(kind, expression, reference)
        if value is not None:
            yield FoundDate(start, end, expression, value)


def parse_date_expression(text: str, reference: dt.date | None) -> DateValue | None:
    """Resolve one whole expression such as "March 31, 2023" or "last August"."""
    match = _FINDER.search(text)
    if match is None:
        return None
    return _resolve(match.lastgroup or "", match.group(), reference)


def find_clock_times(text: str) -> Iterator[tuple[int, int, str, int]]:
    """Explicit clock times: (start, end, text, minutes after midnight)."""
    for match in _CLOCK.finditer(text):
        hour = int(match.group("h")) % 12
        if match.group("ampm").lower().startswith("p"):
            hour += 12
        yield match.start(), match.end(), match.group(), hour * 60 + int(match.group("m") or 0)


def _month_number(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


def _month_interval(year: int, month: int) -> DateValue:
    last = calendar.monthrange(year, month)[1]
    return DateValue(dt.date(year, month, 1), dt.date(year, month, last), "month")


def _nearest_year(month: int, day: int, reference: dt.date | None) -> int | None:
    """News rarely mentions a date more than six months away without its year."""
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1, reference.year + 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if abs((candidate - reference).days) <= 183:
            return year
    return reference.year


def _parts(expression: str) -> tuple[list[int], list[int], int | None]:
    """Day numbers, month numbers and an explicit year in an expression."""
    year_match = re.search(rf"\b{_YEAR}\b", expression)
    year = int(year_match.group()) if year_match else None
    stripped = re.sub(rf"\b{_YEAR}\b", " ", expression)
    days = [int(d) for d in re.findall(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", stripped)]
    months = [_month_number(m) for m in re.findall(_MONTH, expression, flags=re.IGNORECASE)]
    return days, months, year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _resolve(kind: str, expression: str, reference: dt.date | None) -> DateValue | None:
    if kind == "iso":
        day = dt.date.fromisoformat(expression)
        return DateValue(day, day, "day")
    if kind in ("md_range", "dm_range", "md", "dm"):
        days, months, year = _parts(expression)
        if not days or not months:
            return None
        year = year or _nearest_year(months[0], days[0], reference)
        if year is None:
            return None
        first = _safe_date(year, months[0], days[0])
        last = _safe_date(year, months[-1], days[-1])
        if first is None or last is None or last < first:
            return None
        return DateValue(first, last, "day" if first == last else "range")
    if kind == "my":
        _, months, year = _parts(expression)
        return _month_interval(year, months[0]) if year and months else None
    if kind == "year":
        year = int(re.findall(r"\d{4}", expression)[-1])
        return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if reference is None:
        return None
    if kind == "season":
        return _season(expression, reference)
    if kind == "rel_month":
        return _relative_month(expression, reference)
    if kind == "weekday":
        return _weekday(expression, reference)
    return _relative(expression, reference)


def _season(expression: str, reference: dt.date) -> DateValue:
    modifier, name = expression.lower().split()
    first_month, last_month = _SEASONS[name]
    shift = {"last": -1, "this": 0, "next": 1}[modifier]
    year = reference.year + shift
    if modifier == "last" and reference.month > last_month and first_month <= last_month:
        year = reference.year
    end_year = year + 1 if last_month < first_month else year
    start = dt.date(year, first_month, 1)
    end = dt.date(end_year, last_month, calendar.monthrange(end_year, last_month)[1])
    return DateValue(start, end, "season")


def _relative_month(expression: str, reference: dt.date) -> DateValue | None:
    modifier, _, month_word = expression.partition(" ")
    modifier = modifier.lower().rstrip("-")
    if not month_word:
        return None
    month = _month_number(month_word.strip())
    if modifier == "last":
        year = reference.year if month < reference.month else reference.year - 1
    elif modifier == "next":
        year = reference.year if month > reference.month else reference.year + 1
    else:
        year = reference.year if month <= reference.month + 2 else reference.year - 1
    return _month_interval(year, month)


def _weekday(expression: str, reference: dt.date) -> DateValue | None:
    words = expression.lower().split()
    weekday_word = next(w for w in words if w.capitalize() in calendar.day_name)
    target = list(calendar.day_name).index(weekday_word.capitalize())
    if words[0] not in ("last", "next") and target == reference.weekday():
        return DateValue(reference, reference, "day")
    future = words[0] == "next"
    parsed = dateparser.parse(
        f"{'next ' if future else ''}{weekday_word}",
        languages=["en"],
        settings={"RELATIVE_BASE": _midnight(reference), "PREFER_DATES_FROM": "future" if future else "past"},
    )
    if parsed is None:
        return None
    return DateValue(parsed.date(), parsed.date(), "day")


def _relative(expression: str, reference: dt.date) -> DateValue | None:
    lowered = expression.lower()
    for word, number in _NUMBER_WORDS.items():
        lowered = re.sub(rf"\b{word}\b", str(number), lowered)
    if lowered in ("this week", "last week", "next week"):
        monday = reference - dt.timedelta(days=reference.weekday())
        monday += dt.timedelta(days=7 * {"this": 0, "last": -1, "next": 1}[lowered.split()[0]])
        return DateValue(monday, monday + dt.timedelta(days=6), "week")
    if lowered in ("this month", "last month", "next month"):
        month_index = reference.year * 12 + reference.month - 1 + {"this": 0, "last": -1, "next": 1}[lowered.split()[0]]
        return _month_interval(month_index // 12, month_index % 12 + 1)
    if lowered in ("this year", "last year", "next year"):
        year = reference.year + {"this": 0, "last": -1, "next": 1}[lowered.split()[0]]
        return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if lowered == "tonight":
        lowered = "today"
    parsed = dateparser.parse(lowered, languages=["en"], settings={"RELATIVE_BASE": _midnight(reference)})
    if parsed is None:
        return None
    precision: Precision = "day"
    if "month" in lowered:
        return _month_interval(parsed.year, parsed.month)
    if "year" in lowered:
        return DateValue(dt.date(parsed.year, 1, 1), dt.date(parsed.year, 12, 31), "year")
    return DateValue(parsed.date(), parsed.date(), precision)


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)
