"""Stage 4, ground: every claim points at exact character spans of its article.

`locate` finds a quoted passage in a text: exactly, then with whitespace and quote marks
normalised, then by bounded fuzzy alignment (rapidfuzz). Offline claims are spans by
construction; `verify_evidence` still checks them, because the contract promises it.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from .models import Article, Claim, Problem
from .slots import content_words

FUZZY_MIN_SCORE = 90.0
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‛": "'", "–": "-", "—": "-"})


def _normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with runs of whitespace folded and quote marks unified, plus an index map."""
    chars: list[str] = []
    positions: list[int] = []
    previous_space = False
    for index, char in enumerate(text.translate(_QUOTE_MARKS)):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
        chars.append(char.lower())
        positions.append(index)
    return "".join(chars), positions


def locate(quote: str, text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """The span of `text[start:end]` that holds `quote`, or None if it is not there."""
    end = len(text) if end is None else end
    quote = quote.strip()
    if not quote:
        return None
    exact = text.find(quote, start, end)
    if exact >= 0:
        return exact, exact + len(quote)
    window = text[start:end]
    norm_window, positions = _normalise_with_map(window)
    norm_quote, _ = _normalise_with_map(quote)
    norm_quote = norm_quote.strip()
    found = norm_window.find(norm_quote)
    if found >= 0:
        return start + positions[found], start + positions[found + len(norm_quote) - 1] + 1
    if len(norm_quote) < 12:
        return None
    alignment = fuzz.partial_ratio_alignment(norm_quote, norm_window, score_cutoff=FUZZY_MIN_SCORE)
    if alignment is None or alignment.dest_end <= alignment.dest_start:
        return None
    if (alignment.dest_end - alignment.dest_start) < 0.8 * len(norm_quote):
        return None
    first = start + positions[alignment.dest_start]
    last = start + positions[alignment.dest_end - 1] + 1
    while first < last and text[first].isspace():
        first += 1
    return first, last


def verify_evidence(claims: list[Claim], article: Article, problems: list[Problem]) -> list[Claim]:
    """Claims whose every evidence span is exactly in the article text; reports the rest."""
    kept = []
    for claim in claims:
        valid = bool(claim.evidence) and all(
            e.article_id == article.id
            and 0 <= e.start < e.end <= len(article.text)
            and article.text[e.start : e.end] == e.quote
            for e in claim.evidence
        )
        if valid:
            kept.append(claim)
        else:
            problems.append(
                Problem.about(article, "ground", f"claim {claim.id} dropped: its evidence is not in the text")
            )
    return kept


def lexical_support(statement: str, evidence: str) -> float:
    """Share of the statement's content words that the evidence contains (0..1)."""
    wanted = set(content_words(statement))
    if not wanted:
        return 1.0
    return len(wanted & set(content_words(evidence))) / len(wanted)
