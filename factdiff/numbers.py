"""Numbers in text: digits and number words, money, percentages, scores, with the unit they count.

A number's unit is the noun that follows it ("40 different partners" -> partner); a hedge
before it ("about", "more than", "nearly") makes it approximate or a bound, which the comparison
stage treats as compatible with nearby exact values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_UNITS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "k": 1e3,
    "lakh": 1e5,
    "crore": 1e7,
}
_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|lakh|crore|m|k)\b"
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?(?:\s*{_SCALE})?"
    rf"|(?:(?:{'|'.join(_TENS)})(?:[-\s](?:{'|'.join(_UNITS)}))?|(?:{_WORD}))\b(?:\s+{_SCALE})?"
    r"|a\s+dozen|half\s+a|a\s+half"
)
_HEDGE = (
    r"(?P<hedge>about|around|roughly|nearly|almost|approximately|some|more\s+than|over|at\s+least|"
    r"up\s+to|fewer\s+than|less\s+than|under|close\s+to|an\s+estimated|as\s+many\s+as|just\s+over|"
    r"just\s+under|below|above|upwards\s+of)\s+"
)
_FINDER = re.compile(
    rf"(?<![\w.,-])(?:{_HEDGE})?(?P<currency>US\$|\$|€|£|¥|Rs\.?\s?|INR\s?)?(?P<number>{_NUMBER})"
    r"(?P<score>-\d{1,3}(?!\d))?"
    r"(?P<percent>\s?(?:%|percent\b|per\s+cent\b|percentage\s+points?\b))?",
    re.IGNORECASE,
)
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "rupee": "INR",
    "rupees": "INR",
    "yen": "JPY",
}
_CURRENCY_SIGNS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "rs": "INR",
    "rs.": "INR",
    "inr": "INR",
}
_FILLER = {
    "different",
    "more",
    "other",
    "new",
    "additional",
    "extra",
    "separate",
    "of",
    "the",
    "such",
    "major",
    "key",
    "main",
    "senior",
    "top",
    "local",
    "foreign",
    "former",
    "small",
    "large",
    "big",
    "times",
    "per",
    "a",
    "an",
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "than",
}
_NOT_AFTER_ONE = {
    "was",
    "is",
    "has",
    "had",
    "of",
    "who",
    "that",
    "which",
    "would",
    "will",
    "could",
    "can",
    "another",
    "said",
    "more",
    "day",
    "way",
    "time",
    "in",
    "on",
    "at",
    "to",
    "and",
    "or",
    "but",
    "says",
}
_DURATIONS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "decade", "decades", "hours", "hour"}
_LOWER_BOUNDS = ("more than", "over", "at least", "just over", "above", "upwards of")
_UPPER_BOUNDS = ("fewer than", "less than", "under", "up to", "nearly", "almost", "just under", "below", "as many as")


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str
    kind: str  # number | money | percent
    bound: str  # "=" exact, "~" approximate, ">" lower bound, "<" upper bound

    @property
    def display_value(self) -> str:
        number = f"{self.value:,.6g}" if self.value < 1e15 else f"{self.value:.3e}"
        return number if self.bound == "=" else f"{self.bound}{number}"


def singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def parse_number(text: str) -> float | None:
    """The value of a number phrase: "1,234", "4.5 million", "twenty-five", "a dozen", "half a"."""
    phrase = " ".join(text.lower().replace("-", " ").split())
    if phrase in ("a dozen",):
        return 12.0
    if phrase in ("half a", "a half"):
        return 0.5
    match = re.fullmatch(r"([\d,]+(?:\.\d+)?)\s*([a-z]+)?", phrase)
    if match:
        base = float(match.group(1).replace(",", ""))
        scale = _SCALES.get(match.group(2) or "", 1.0) if match.group(2) else 1.0
        return base * scale
    total, current = 0.0, 0.0
    for word in phrase.split():
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word in _SCALES:
            current = max(current, 1.0) * _SCALES[word]
            if _SCALES[word] >= 1e3:
                total, current = total + current, 0.0
        else:
            return None
    return total + current


def find_quantities(text: str, skip: list[tuple[int, int]] | None = None) -> Iterator[Quantity]:
    """Quantities in `text`, except those overlapping the `skip` ranges (dates, times)."""
    skip = skip or []
    for match in _FINDER.finditer(text):
        start, end = match.span()
        if any(start < b and a < end for a, b in skip):
            continue
        number_text = match.group("number")
        value = parse_number(number_text)
        if value is None:
            continue
        following = text[end : end + 60]
        if _is_not_a_count(number_text, value, following, text[:start]):
            continue
        hedge = " ".join((match.group("hedge") or "").lower().split())
        bound = ">" if hedge in _LOWER_BOUNDS else "<" if hedge in _UPPER_BOUNDS else "~" if hedge else "="
        if hedge == "over" and _unit_after(following) in _DURATIONS:
            bound = "="  # "over 20 years" is a span of time, not "more than 20"
        currency = (match.group("currency") or "").strip().lower()
        if match.group("score"):
            kind, unit = "number", "score"
            value_text = f"{number_text}{match.group('score')}"
            yield Quantity(start, end, match.group(), _score_value(value_text), unit, kind, bound)
            continue
        if match.group("percent"):
            points = "point" in match.group("percent").lower()
            kind, unit = "percent", "percentage point" if points else "%"
        elif currency:
            kind, unit = "money", _CURRENCY_SIGNS.get(currency, currency.upper())
        else:
            unit_word = _unit_after(following)
            if unit_word in ("percentage", "percent"):
                kind, unit = "percent", "percentage point"
            elif unit_word in _CURRENCY_WORDS:
                kind, unit = "money", _CURRENCY_WORDS[unit_word]
            else:
                kind, unit = "number", singular(unit_word) if unit_word else ""
        if kind == "number" and not unit:
            continue
        yield Quantity(start, end, text[start:end], value, unit, kind, bound)


def _score_value(text: str) -> float:
    # A score such as 7-2 is kept as a single comparable number: 7.002.
    left, right = text.split("-")
    return float(parse_number(left) or 0) + int(right) / 1000


def _unit_after(following: str) -> str:
    for word in re.findall(r"[A-Za-z][A-Za-z'’-]*", following)[:4]:
        lowered: str = word.lower()
        if lowered in _FILLER:
            continue
        return lowered
    return ""


def _is_not_a_count(number_text: str, value: float, following: str, before: str) -> bool:
    lowered = number_text.lower()
    if re.match(r"\s+of\s+(?:the|its|his|her|their|them|us|those|these)\b", following) and value == 1:
        return True  # "one of the sources"
    if lowered == "one":
        next_word = (re.findall(r"[a-z]+", following.lower())[:1] or [""])[0]
        previous_word = (re.findall(r"[a-z]+", before.lower())[-1:] or [""])[0]
        if next_word in _NOT_AFTER_ONE or not next_word or previous_word in ("no", "any", "every", "some", "each"):
            return True
    if re.fullmatch(r"(?:19|20)\d{2}", lowered) and not re.match(r"\s*(?:people|votes|troops|cases|deaths)", following):
        return True  # a year, already read by the date finder
    return bool(re.search(r"(?:No\.|number|#|page|article|section|chapter|Track)\s*$", before, re.IGNORECASE))
