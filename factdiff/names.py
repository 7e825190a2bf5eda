"""Named people, organisations and places, found by capitalisation with documented heuristics.

A name is a run of capitalised words (with "of", "de", "al" inside). It is a person when a title
precedes it ("Ambassador", "spokesperson"), when it is credited with speech, or when it is two
or three title-case words with no organisation keyword. Within an article a surname alone
("Smith") resolves to the full name seen before it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pycountry

_FUNCTION_WORDS = {
    "a",
    "an",
    "the",
    "in",
    "on",
    "at",
    "for",
    "but",
    "and",
    "or",
    "however",
    "while",
    "during",
    "after",
    "before",
    "recently",
    "notably",
    "further",
    "interestingly",
    "asked",
    "speaking",
    "referring",
    "elaborating",
    "shedding",
    "talking",
    "regarding",
    "along",
    "according",
    "its",
    "it",
    "this",
    "that",
    "these",
    "those",
    "there",
    "he",
    "she",
    "they",
    "we",
    "i",
    "our",
    "his",
    "her",
    "their",
    "so",
    "many",
    "some",
    "other",
    "with",
    "from",
    "as",
    "if",
    "when",
    "then",
    "also",
    "yet",
    "still",
    "meanwhile",
    "despite",
    "although",
    "though",
    "unlike",
    "since",
    "by",
    "to",
    "of",
    "no",
    "not",
    "all",
    "both",
    "each",
    "every",
    "should",
    "would",
    "could",
    "will",
    "can",
    "might",
    "must",
    "various",
    "several",
    "certainly",
    "such",
    "any",
    "here",
    "now",
    "even",
    "only",
    "just",
    "most",
    "more",
    "given",
    "once",
    "one",
    "two",
    "three",
    "four",
    "five",
    "last",
    "next",
    "earlier",
    "later",
    "today",
    "yesterday",
    "tomorrow",
    "mr",
    "ms",
    "mrs",
    "dr",
    "said",
    "says",
    "what",
    "who",
    "why",
    "how",
    "where",
    "again",
    "new",
    "us",
    "my",
    "your",
    "you",
    "me",
    "him",
    "them",
    "be",
    "is",
    "was",
}
_CALENDAR = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}
TITLES = (
    r"President|Vice\s+President|Prime\s+Minister|Minister|Ambassador|Secretary|Spokesperson|Spokesman|"
    r"Spokeswoman|Envoy|Senator|Sen\.|Rep\.|Representative|Governor|Gov\.|Mayor|Judge|Justice|Chief|"
    r"General|Gen\.|Colonel|Col\.|Captain|Capt\.|Commissioner|Chairman|Chairwoman|Chair|Director|"
    r"Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Professor|Prof\.|CEO|Inspector|Sergeant|Sgt\.|Detective|Officer|Coach|"
    r"Lieutenant|Lt\.|Pope|King|Queen|Prince|Princess|Chancellor|Speaker|Attorney|Superintendent|"
    r"Manager|Leader|Councillor|Councilman|Councilwoman|Deputy|Economist|Analyst|Professor"
)
_TITLE_BEFORE = re.compile(
    rf"(?:\b(?:{TITLES})|\b(?:spokesperson|spokesman|spokeswoman|envoy|official|"
    r"minister|secretary|president|chief|director|head|leader|ambassador|"
    r"economist|analyst|coach|captain|manager|mayor|governor|founder|owner|"
    r"professor|researcher|resident|witness|engineer|doctor|lawyer|attorney))\s+$",
    re.IGNORECASE,
)
_ORG_WORDS = {
    "organisation",
    "organization",
    "ministry",
    "department",
    "council",
    "union",
    "party",
    "bank",
    "foundation",
    "stiftung",
    "institute",
    "university",
    "agency",
    "committee",
    "company",
    "inc",
    "ltd",
    "corp",
    "corporation",
    "group",
    "association",
    "alliance",
    "court",
    "police",
    "army",
    "navy",
    "force",
    "commission",
    "office",
    "dialogue",
    "summit",
    "treaty",
    "board",
    "authority",
    "service",
    "news",
    "times",
    "post",
    "journal",
    "express",
    "week",
    "house",
    "assembly",
    "parliament",
    "congress",
    "senate",
    "fund",
    "reserve",
    "federation",
    "league",
    "club",
    "fc",
    "hospital",
    "school",
    "college",
    "airlines",
    "airways",
    "motors",
    "systems",
    "technologies",
    "labs",
    "network",
    "centre",
    "center",
    "bureau",
    "administration",
    "government",
    "state",
    "states",
    "republic",
    "kingdom",
    "city",
    "county",
    "province",
    "region",
    "district",
    "river",
    "sea",
    "ocean",
    "island",
    "islands",
    "mountains",
    "street",
    "avenue",
    "road",
    "square",
    "airport",
    "station",
    "port",
    "bridge",
    "park",
    "concept",
    "conference",
    "war",
    "pacific",
    "atlantic",
    "strategic",
    "headquarters",
    "cooperation",
    "affairs",
    "external",
    "foreign",
}
_NAME_TOKEN = r"(?:[A-Z][\w'’.-]*|[A-Z]{2,}|al-[A-Z][\w'-]*|O’[A-Z]\w*)"
_NAME_RUN = re.compile(rf"{_NAME_TOKEN}(?:\s+(?:(?:of|de|del|da|di|van|von|der|bin|el|la|le|du)\s+)?{_NAME_TOKEN})*")


_REGIONS = {
    "africa",
    "asia",
    "europe",
    "america",
    "americas",
    "oceania",
    "antarctica",
    "arctic",
    "middle east",
    "gulf",
    "balkans",
    "caucasus",
    "sahel",
    "indo-pacific",
    "asia-pacific",
    "euro-atlantic",
    "scandinavia",
    "latin america",
    "south asia",
    "east asia",
    "southeast asia",
    "central asia",
    "west africa",
    "east africa",
    "north africa",
    "eastern europe",
    "western europe",
    "the west",
    "global south",
    "korea",
    "moscow",
    "beijing",
    "washington",
    "london",
    "paris",
    "berlin",
    "brussels",
    "tokyo",
    "kyiv",
    "kiev",
    "madrid",
    "rome",
    "new york",
    "los angeles",
    "san francisco",
    "chicago",
    "geneva",
    "new delhi",
    "islamabad",
}
_TITLE_WORDS = re.compile(rf"^(?:{TITLES}|Permanent|Representative|Envoy|Ambassador)$")


@functools.cache
def places() -> frozenset[str]:
    """Lower-cased names of countries, their common names, subdivisions and world regions."""
    names = set(_REGIONS)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value.lower())
    names.update(sub.name.lower() for sub in pycountry.subdivisions)
    return frozenset(names)


def is_place(name: str) -> bool:
    lowered = name.lower()
    known = places()
    return lowered in known or any(part in known for part in re.split(r"[\s-]+", lowered) if len(part) > 3)


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    text: str
    category: str  # person | org | place | other

    @property
    def surname(self) -> str:
        return self.text.split()[-1]


def _clean_words(run: str, at_sentence_start: bool) -> tuple[int, str]:
    """Drop leading function words and trailing possessives; returns (offset into run, text)."""
    words = list(re.finditer(r"\S+", run))
    first = 0
    while first < len(words) and (
        words[first].group().lower().strip(".,") in _FUNCTION_WORDS
        or words[first].group().lower().strip(".,") in _CALENDAR
    ):
        first += 1
    if first == len(words):
        return 0, ""
    offset = words[first].start()
    text = run[offset:]
    text = re.sub(r"(?:’s|'s|[.,;:’'])+$", "", text)
    trailing = text.split()
    while trailing and trailing[-1].lower() in _CALENDAR | _FUNCTION_WORDS:
        trailing.pop()
    return offset, " ".join(trailing)


def find_names(text: str, speakers: set[str] | None = None) -> Iterator[Name]:
    """Names in `text` (offsets relative to `text`)."""
    speakers = speakers or set()
    for match in _NAME_RUN.finditer(text):
        prefix = text[: match.start()]
        at_start = not prefix.strip(' “"‘(') or bool(re.search(r"[.!?:][\"”’]?\s*[\"“‘]?$", prefix))
        offset, name = _clean_words(match.group(), at_start)
        if not name:
            continue
        words = name.split()
        if len(words) == 1 and at_start and offset == 0 and not name.isupper() and name not in speakers:
            continue  # a lone capitalised word opening a sentence is usually not a name
        start = match.start() + offset
        pieces = list(re.finditer(r"\S+", name))
        titled = [i for i, piece in enumerate(pieces) if _TITLE_WORDS.match(piece.group())]
        if titled:
            # "NATO Ambassador Julianne Smith": an organisation, a title, then the person.
            cut = titled[-1]
            if cut + 1 < len(pieces):
                person_start = start + pieces[cut + 1].start()
                yield Name(person_start, start + len(name), name[pieces[cut + 1].start() :], "person")
            if titled[0] > 0:
                head = name[: pieces[titled[0] - 1].end()]
                yield Name(start, start + len(head), head, _category(head, text[:start], speakers))
            continue
        yield Name(start, start + len(name), name, _category(name, text[:start], speakers))


def _category(name: str, before: str, speakers: set[str]) -> str:
    words = name.split()
    lowered = {w.lower().strip(".,’'") for w in words}
    if lowered & _ORG_WORDS or (len(words) == 1 and name.isupper()):
        return "org"
    if is_place(name):
        return "place"
    if name in speakers or _TITLE_BEFORE.search(before[-40:]):
        return "person"
    if 2 <= len(words) <= 3 and all(w[0].isupper() and not w.isupper() for w in words):
        return "person"
    return "other"


def same_person(a: str, b: str) -> bool:
    """True when two person names can refer to one person ("Smith" and "Julianne Smith")."""
    a_words, b_words = a.lower().split(), b.lower().split()
    if not a_words or not b_words:
        return False
    if a_words[-1] != b_words[-1]:
        return False
    if len(a_words) == 1 or len(b_words) == 1:
        return True
    return a_words[0][0] == b_words[0][0]
