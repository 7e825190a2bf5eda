"""Typed slots of a claim: dates, clock times, quantities and names, with their context words."""

from __future__ import annotations

import datetime as dt
import re

from .dates import find_clock_times, find_dates
from .models import Slot
from .names import find_names
from .numbers import find_quantities, singular

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "that",
        "this",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "them",
        "his",
        "her",
        "their",
        "we",
        "our",
        "you",
        "your",
        "i",
        "me",
        "my",
        "not",
        "no",
        "so",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "own",
        "same",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "would",
        "could",
        "may",
        "might",
        "must",
        "also",
        "into",
        "over",
        "under",
        "about",
        "after",
        "before",
        "between",
        "during",
        "through",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "said",
        "says",
        "say",
        "told",
        "added",
        "according",
        "while",
        "since",
        "until",
        "upon",
        "per",
        "via",
        "us",
        "one",
    ]
)


def content_words(text: str) -> list[str]:
    return [singular(w) for w in re.findall(r"[a-z][a-z'’-]+", text.lower()) if w not in STOPWORDS and len(w) > 2]


def _context(text: str, start: int, end: int, width: int = 6, reach: int = 80) -> list[str]:
    # Windows are cut back to whole words, so no clipped word ("mprising") enters the context.
    left = text[max(0, start - reach) : start]
    if start > reach:
        left = left.split(" ", 1)[-1]
    right = text[end : end + reach]
    if end + reach < len(text):
        right = right.rsplit(" ", 1)[0]
    return list(dict.fromkeys(content_words(left)[-width:] + content_words(right)[:width]))


def find_slots(text: str, start: int, end: int, reference: dt.date | None, speakers: set[str]) -> list[Slot]:
    """Slots of `text[start:end]`, with offsets into `text`."""
    segment = text[start:end]
    slots: list[Slot] = []
    taken: list[tuple[int, int]] = []
    for found in find_dates(segment, reference):
        taken.append((found.start, found.end))
        slots.append(_slot(segment, start, "date", found.start, found.end, found.value.iso, None, False))
    for time_start, time_end, _time_text, minutes in find_clock_times(segment):
        taken.append((time_start, time_end))
        value = f"{minutes // 60:02d}:{minutes % 60:02d}"
        slots.append(_slot(segment, start, "time", time_start, time_end, value, None, False))
    for quantity in find_quantities(segment, taken):
        value = quantity.text if quantity.unit == "score" else quantity.display_value
        kind = quantity.kind if quantity.kind in ("money", "percent") else "number"
        slots.append(
            _slot(segment, start, kind, quantity.start, quantity.end, value, quantity.unit, quantity.bound != "=")  # type: ignore[arg-type]
        )
    for name in find_names(segment, speakers):
        if any(a <= name.start < b for a, b in taken):
            continue
        slots.append(_slot(segment, start, "name", name.start, name.end, name.text, name.category, False))
    return sorted(slots, key=lambda s: s.start)


def _slot(
    segment: str, offset: int, kind: str, start: int, end: int, value: str, unit: str | None, approximate: bool
) -> Slot:
    return Slot(
        kind=kind,  # type: ignore[arg-type]
        text=segment[start:end],
        value=value,
        start=offset + start,
        end=offset + end,
        unit=unit,
        approximate=approximate,
        context=_context(segment, start, end),
    )
