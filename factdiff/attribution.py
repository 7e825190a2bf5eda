"""Who asserts a sentence: a named speaker, anonymous sourcing, or the outlet itself (None)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import find_names

SPEECH_VERBS = (
    r"said|says|say|told|tells|stated|states|added|adds|noted|notes|confirmed|confirms|asserted|asserts|"
    r"claimed|claims|explained|explains|replied|mentioned|stressed|affirmed|announced|announces|argued|"
    r"argues|insisted|warned|warns|wrote|writes|acknowledged|conveyed|denied|denies|maintained|observed|"
    r"remarked|emphasised|emphasized|reiterated|disclosed|revealed|admitted|suggested|predicted|"
    r"estimated|characterised|characterized|told\s+reporters|said\s+in\s+a\s+statement"
)
_SOURCE_NOUN = r"(?:sources?|insiders?|people|persons?|officials?|diplomats?|aides?|individuals?)"
_ANONYMOUS = [
    re.compile(
        rf"\b(?:(?:one|some|two|three|several|many|a\s+few)\s+of\s+the\s+)?(?:a\s+|an\s+)?(?:unnamed\s+|anonymous\s+|"
        rf"senior\s+|top\s+|government\s+|military\s+|security\s+)?{_SOURCE_NOUN}\b(?:\s+[\w,-]+){{0,4}}?\s+"
        r"(?:closely\s+)?(?:familiar\s+with|close\s+to|with\s+knowledge\s+of|who\s+(?:spoke|declined|requested|asked|"
        r"did\s+not\s+want)|on\s+(?:the\s+)?condition\s+of\s+anonymity|not\s+authori[sz]ed|briefed\s+on|aware\s+of)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:sources?|insiders?)\s+(?:have\s+|had\s+)?(?:told|said|say|says|tell|added|indicated|suggested)\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?:according\s+to|told\s+by)\s+(?:a\s+|an\s+|one\s+|two\s+|several\s+|some\s+)?(?:unnamed\s+|anonymous\s+|"
        rf"senior\s+)?{_SOURCE_NOUN}\b(?!\s+(?:at|from|of)\s+[A-Z])",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:it\s+is\s+learnt|it\s+is\s+understood|it\s+has\s+been\s+learnt|reportedly)\b", re.IGNORECASE),
]
_NAMED_BEFORE = re.compile(
    r"(?P<speaker>(?:[A-Z][\w.'’-]*\s+(?:(?:of|to|the|for)\s+)?){0,6}[A-Z][\w.'’-]*|\b[Hh]e|\b[Ss]he|\b[Tt]hey|"
    r"\b[Tt]he\s+(?:[\w-]+\s+){0,3}(?:envoy|ambassador|official|minister|spokesperson|spokesman|spokeswoman|"
    r"diplomat|president|secretary|statement|report|ministry|agency|police|company|chief|director|coach|"
    r"economist|analyst|governor|mayor|prosecutor|judge))"
    rf"\s*,?\s+(?:also\s+|further\s+|then\s+|later\s+|had\s+|has\s+)?(?:{SPEECH_VERBS})\b"
)
_NAMED_AFTER = re.compile(
    rf"\b(?:{SPEECH_VERBS})\s+(?P<speaker>(?:[A-Z][\w.'’-]*\s*){{1,5}}|the\s+(?:[\w-]+\s+){{0,3}}"
    r"(?:envoy|ambassador|official|minister|spokesperson|spokesman|spokeswoman|diplomat|president|secretary))"
)
_ACCORDING = re.compile(r"\baccording\s+to\s+(?:the\s+)?(?P<speaker>[^,.;:“”\"]{3,80})", re.IGNORECASE)
_REPORTED_BY = re.compile(r"\bas\s+reported\s+by\s+(?P<speaker>[^,.;:“”\"]{2,60})", re.IGNORECASE)
_ROLE = re.compile(
    r"^the\s+(?:[\w-]+\s+){0,3}(?:envoy|ambassador|official|minister|spokesperson|spokesman|"
    r"spokeswoman|diplomat|president|secretary)$",
    re.IGNORECASE,
)


_TITLE_ONLY = re.compile(
    r"\b(?:Representative|Ambassador|Envoy|Secretary|Minister|Spokes\w+)\s*(?:(?:to|of|for)\s+[A-Z]\w+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Attribution:
    speaker: str
    anonymous: bool


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted passages of a sentence, including a quote opened before it or left open after it."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char == '"':
            previous = text[index - 1] if index else " "
            char = "“" if previous.isspace() or previous in "([—–-:" else "”"
        if char == "“" and opened is None:
            opened = index
        elif char == "”":
            spans.append((0 if opened is None else opened, index + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    spans.extend(m.span() for m in re.finditer(r"‘[^’]{12,}’", text))
    return spans


def mask_quotes(text: str) -> str:
    """The text with quoted passages blanked out (same length, so offsets survive)."""
    chars = list(text)
    for start, end in quote_spans(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def quoted_words(text: str) -> int:
    return sum(len(text[start:end].split()) for start, end in quote_spans(text))


def find_attribution(text: str, last_person: str | None, known_people: dict[str, str]) -> Attribution | None:
    """The attribution of one sentence, resolving pronouns and roles to `last_person`."""
    outside = mask_quotes(text)
    for pattern in _ANONYMOUS:
        match = pattern.search(outside)
        if match:
            return Attribution(speaker=" ".join(match.group().split()), anonymous=True)
    for pattern in (_ACCORDING, _NAMED_BEFORE, _NAMED_AFTER, _REPORTED_BY):
        match = pattern.search(outside)
        if match:
            speaker = _resolve(match.group("speaker").strip(), last_person, known_people)
            if speaker:
                return Attribution(speaker=speaker, anonymous=False)
    return None


def _resolve(phrase: str, last_person: str | None, known_people: dict[str, str]) -> str | None:
    phrase = re.sub(r"\s+", " ", phrase).strip(" ,.;:")
    lowered = phrase.lower()
    if lowered in ("he", "she", "they") or _ROLE.match(phrase) or _TITLE_ONLY.search(phrase):
        return last_person or phrase
    names = list(find_names(phrase, set(known_people.values())))
    for name in reversed(names):
        if len(name.text.split()) == 1 and name.text in known_people:
            return known_people[name.text]
        if name.category == "person":
            return name.text
    words = phrase.split()
    if len(words) == 1 and phrase in known_people:
        return known_people[phrase]
    if words and words[0].lower() in ("it", "this", "that", "which", "what", "there"):
        return None
    return phrase


_TRAILING_CREDIT = re.compile(
    rf",?\s*(?:according\s+to\s+[^,.;]+|(?:[\w'’.-]+\s+){{0,7}}?(?:{SPEECH_VERBS})(?:\s+(?:in\s+a\s+statement|on\s+\w+|"
    r"after\s+the\s+vote|reporters))?|as\s+reported\s+by\s+[^,.;]+|(?:state\s+)?records\s+show)\s*[.!]?$",
    re.IGNORECASE,
)
_LEADING_CREDIT = re.compile(rf"^(?:[A-Z][\w'’.-]*\s+){{0,6}}(?:{SPEECH_VERBS})(?:\s+that)?[,:]?\s+", re.IGNORECASE)


def core_text(text: str) -> str:
    """The assertion without its credit line ("..., the fire department said."), for similarity."""
    stripped = _TRAILING_CREDIT.sub("", text.strip())
    stripped = _LEADING_CREDIT.sub("", stripped)
    return stripped if len(stripped.split()) >= 3 else text
