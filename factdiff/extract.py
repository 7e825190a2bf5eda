"""Stage 3 (offline), extract: sentences become atomic, attributed, typed claims with slots.

Every claim's evidence is the exact span it came from; its `text` is the decontextualised
form (a leading "She" replaced by the person it refers to, discourse openers dropped).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .attribution import Attribution, find_attribution, mask_quotes, quoted_words
from .models import Article, Claim, ClaimKind, Evidence
from .names import find_names
from .sentences import Sentence, split_sentences
from .slots import find_slots

_SPLIT = re.compile(r";\s+|,\s+(?:but|while|whereas|although)\s+|\s+but\s+(?=[a-z])")
_OPENERS = re.compile(
    r"^(?:However|Notably|Interestingly|Further|Furthermore|Meanwhile|Moreover|Also|Additionally|Recently|"
    r"Indeed|In addition|On the other hand|Still|Separately|Earlier|Later),\s+"
)
_PRONOUN = re.compile(
    r"(?:(?<=^)|(?<=[,;:”\"]\s)|(?<=\bthat\s)|(?<=\band\s))(?:She|He|she|he)\b(?!\s+(?:is|was)\s+a\b)"
)
_OPINION = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel)\b|\bthere\s+is\s+a\s+sense\b|\bseems?\b|\bappears?\s+to\b|"
    r"\bperhaps\b|\barguably\b|\blikely\b|\bclearly\b|\bshould\b|\bin\s+(?:my|our)\s+view\b",
    re.IGNORECASE,
)
MIN_WORDS = 4


@dataclass
class _Context:
    """What the reader knows at this point of the article: people named so far."""

    last_person: str | None = None
    people: dict[str, str] = field(default_factory=dict)  # surname -> full name

    def see(self, text: str) -> str | None:
        """Record the people named in `text`; returns the last one named outside quotes."""
        outside = mask_quotes(text)
        speaker = None
        for name in find_names(text, set(self.people.values())):
            if name.category != "person":
                continue
            words = name.text.split()
            if len(words) >= 2:
                self.people[words[-1]] = name.text
                full = name.text
            elif name.text in self.people:
                full = self.people[name.text]
            else:
                continue
            if outside[name.start : name.end].strip():
                # People named only inside a quotation are rarely what a later "she" means.
                self.last_person = full
                speaker = full
        return speaker


def reference_date(article: Article, fallback: dt.date | None) -> dt.date | None:
    return article.published or fallback


def extract_claims(
    article: Article,
    fallback_date: dt.date | None = None,
    sentences: list[Sentence] | None = None,
) -> list[Claim]:
    """All claims of one article, in text order, duplicates within the article removed."""
    sentences = split_sentences(article) if sentences is None else sentences
    reference = reference_date(article, fallback_date)
    attributions = _attributions(article, sentences)
    context = _Context()
    claims: list[Claim] = []
    seen: set[str] = set()
    for sentence, attribution in zip(sentences, attributions, strict=True):
        speakers = set(context.people.values())
        subject = context.last_person
        context.see(sentence.text)
        if sentence.text.rstrip().endswith("?") and not quoted_words(sentence.text):
            continue
        for start, end in _parts(article.text, sentence):
            span_text = article.text[start:end]
            if len(span_text.split()) < MIN_WORDS:
                continue
            text = _decontextualise(span_text, subject or context.last_person)
            key = " ".join(text.lower().split())
            if key in seen:
                continue
            seen.add(key)
            claims.append(
                Claim(
                    id=f"{article.id}.{len(claims) + 1}",
                    article_id=article.id,
                    text=text,
                    kind=_kind(span_text, attribution),
                    attribution=attribution.speaker if attribution else None,
                    anonymous=bool(attribution and attribution.anonymous),
                    evidence=[Evidence(article_id=article.id, start=start, end=end, quote=span_text)],
                    slots=find_slots(article.text, start, end, reference, speakers | set(context.people.values())),
                )
            )
    return claims


def _attributions(article: Article, sentences: list[Sentence]) -> list[Attribution | None]:
    """Per-sentence attribution; a quotation running over several sentences shares one."""
    context = _Context()
    own: list[Attribution | None] = []
    for sentence in sentences:
        before = context.last_person
        named_here = context.see(sentence.text)
        own.append(find_attribution(sentence.text, named_here or before, context.people))
    result = list(own)
    for group in _quote_groups(sentences):
        shared = next((own[i] for i in group if own[i] is not None), None)
        previous = group[0] - 1
        if shared is None and previous >= 0 and sentences[previous].paragraph == sentences[group[0]].paragraph:
            shared = own[previous]
        for index in group:
            result[index] = result[index] or shared
    return result


def _quote_groups(sentences: list[Sentence]) -> list[list[int]]:
    """Runs of consecutive sentences inside one quotation (an open quote mark carries over)."""
    groups: list[list[int]] = []
    current: list[int] = []
    depth, straight_open = 0, False
    for index, sentence in enumerate(sentences):
        if current and sentences[current[-1]].paragraph != sentence.paragraph:
            groups.append(current)
            current, depth, straight_open = [], 0, False
        was_open = depth > 0 or straight_open
        depth = max(0, depth + sentence.text.count("“") - sentence.text.count("”"))
        if sentence.text.count('"') % 2:
            straight_open = not straight_open
        now_open = depth > 0 or straight_open
        if was_open or now_open:
            current.append(index)
        if current and not now_open:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [group for group in groups if len(group) > 1]


def _parts(text: str, sentence: Sentence) -> list[tuple[int, int]]:
    """Split a sentence that carries several assertions at clause boundaries outside quotes."""
    masked = mask_quotes(sentence.text)
    bounds, cursor = [], 0
    for match in _SPLIT.finditer(masked):
        left = masked[cursor : match.start()]
        right = masked[match.end() :]
        if len(left.split()) >= 6 and len(right.split()) >= 6:
            bounds.append((cursor, match.start()))
            cursor = match.end()
    bounds.append((cursor, len(sentence.text)))
    parts = []
    for start, end in bounds:
        segment = sentence.text[start:end]
        lead = len(segment) - len(segment.lstrip())
        trail = len(segment.rstrip())
        parts.append((sentence.start + start + lead, sentence.start + start + trail))
    return parts


def _decontextualise(text: str, person: str | None) -> str:
    text = _OPENERS.sub("", text)
    text = text[:1].upper() + text[1:]
    if person:
        outside = mask_quotes(text)
        pieces, cursor = [], 0
        for match in _PRONOUN.finditer(outside):
            pieces.append(text[cursor : match.start()])
            pieces.append(person)
            cursor = match.end()
        pieces.append(text[cursor:])
        text = "".join(pieces)
    return text


def _kind(text: str, attribution: Attribution | None) -> ClaimKind:
    if quoted_words(text) >= MIN_WORDS or (attribution and not mask_quotes(text).strip(" ,.")):
        return "quote"
    if _OPINION.search(mask_quotes(text)):
        return "opinion"
    return "fact"
