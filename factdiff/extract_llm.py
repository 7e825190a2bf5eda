"""Stage 3 (model), extract: each chunk's claims from the model, then grounded in code.

A model claim is kept only when its quote is found in its chunk (exact, normalised, or bounded
fuzzy), lies outside the ignored parts of the article, and every number and date of the claim
appears in that quote (names may come from the surrounding chunk: that is decontextualisation).
Anything else is kept aside as `ungrounded`. The model adds to the code path, it does not replace
it: every sentence that no grounded model claim covers keeps its offline claims, so a failed call
(reported) or a model that skips or invents loses nothing of the text.
"""

from __future__ import annotations

import datetime as dt
import re

from .attribution import find_attribution
from .dates import find_dates
from .extract import extract_claims
from .ground import lexical_support, locate
from .llm.client import LLMClient, UnitFailed, gather_units
from .llm.prompts import delimit, prompt
from .llm.schemas import ExtractedClaim, Extraction
from .models import Article, Chunk, Claim, Evidence, Problem
from .names import find_names
from .numbers import find_quantities
from .sentences import Sentence
from .slots import find_slots

MIN_SUPPORT = 0.6  # share of a claim's content words that its quote (or, for context, its chunk) must hold


def _names_in(article: Article, chunk: Chunk) -> str:
    """Capitalised words of the analysed part of a chunk: what decontextualisation may bring into a claim."""
    words = re.finditer(r"\b[A-Z][\w'’-]+", chunk.text)
    return " ".join(
        w.group() for w in words if not _inside_ignored(article, chunk.start + w.start(), chunk.start + w.end())
    )


def _inside_ignored(article: Article, start: int, end: int) -> bool:
    return any(span.start < end and start < span.end for span in article.ignored)


def _missing_details(claim_text: str, quote: str, context: str, reference: dt.date | None) -> list[str]:
    """Numbers and dates of the claim that its quote lacks, and names its chunk lacks."""
    quote_numbers = {q.value for q in find_quantities(quote)}
    missing = [q.text for q in find_quantities(claim_text) if q.value not in quote_numbers]
    quote_dates = {d.value.iso for d in find_dates(quote, reference)}
    missing += [d.text for d in find_dates(claim_text, reference) if d.value.iso not in quote_dates]
    lowered = context.lower()
    missing += [
        n.text for n in find_names(claim_text) if n.category in ("person", "org") and n.text.lower() not in lowered
    ]
    return missing


async def extract_article(
    client: LLMClient,
    article: Article,
    chunks: list[Chunk],
    sentences: list[Sentence],
    fallback_date: dt.date | None,
    problems: list[Problem],
) -> tuple[list[Claim], list[tuple[Claim, str]]]:
    """(grounded claims, ungrounded claims with the reason) of one article."""
    reference = article.published or fallback_date
    answers = await gather_units(
        [
            client.structured(
                "extract",
                [
                    {"role": "system", "content": prompt("extract")},
                    {"role": "user", "content": delimit(article.source, chunk.text)},
                ],
                Extraction,
            )
            for chunk in chunks
        ]
    )
    located: list[tuple[int, int, ExtractedClaim]] = []
    rejected: list[tuple[ExtractedClaim, str]] = []
    for chunk, answer in zip(chunks, answers, strict=True):
        if isinstance(answer, BaseException):
            if not isinstance(answer, UnitFailed):
                raise answer
            problems.append(
                Problem.about(article, "extract", f"chunk {chunk.index}: {answer}; offline claims used instead")
            )
            continue
        for item in answer.claims:
            span = locate(item.quote, article.text, chunk.start, chunk.end)
            if span is None:
                rejected.append((item, "its quote is not in the article"))
            elif _inside_ignored(article, *span):
                rejected.append((item, "its quote lies in text left out of the analysis"))
            elif missing := _missing_details(item.text, article.text[span[0] : span[1]], chunk.text, reference):
                rejected.append((item, f"{', '.join(missing)} not in its quoted evidence"))
            elif (
                lexical_support(item.text, article.text[span[0] : span[1]] + " " + _names_in(article, chunk))
                < MIN_SUPPORT
            ):
                rejected.append((item, "its quote does not say what the claim says"))
            else:
                located.append((span[0], span[1], item))
    fallback = [
        claim
        for claim in extract_claims(article, fallback_date, sentences)
        if not any(start < claim.evidence[0].end and claim.evidence[0].start < end for start, end, _ in located)
    ]
    return _number(article, located, fallback, rejected, reference)


def _number(
    article: Article,
    located: list[tuple[int, int, ExtractedClaim]],
    fallback: list[Claim],
    rejected: list[tuple[ExtractedClaim, str]],
    reference: dt.date | None,
) -> tuple[list[Claim], list[tuple[Claim, str]]]:
    seen: set[tuple[int, int]] = set()
    texts: set[str] = set()
    ordered: list[tuple[int, int, ExtractedClaim | Claim]] = [(s, e, i) for s, e, i in located]
    ordered += [(c.evidence[0].start, c.evidence[0].end, c) for c in fallback]
    claims: list[Claim] = []
    for start, end, item in sorted(ordered, key=lambda x: (x[0], x[1])):
        key = " ".join(item.text.lower().split())
        if (start, end) in seen and key in texts:
            continue  # overlapping chunks gave the same claim twice
        seen.add((start, end))
        texts.add(key)
        claim_id = f"{article.id}.{len(claims) + 1}"
        if isinstance(item, Claim):
            claims.append(item.model_copy(update={"id": claim_id}))
            continue
        quote = article.text[start:end]
        coded = find_attribution(quote, None, {})
        claims.append(
            Claim(
                id=claim_id,
                article_id=article.id,
                text=item.text,
                kind=item.kind,
                attribution=item.attribution or (coded.speaker if coded else None),
                anonymous=item.anonymous or bool(coded and coded.anonymous),
                evidence=[Evidence(article_id=article.id, start=start, end=end, quote=quote)],
                slots=find_slots(article.text, start, end, reference, set()),
            )
        )
    ungrounded = [
        (
            Claim(
                id=f"{article.id}.u{n}",
                article_id=article.id,
                text=item.text,
                kind=item.kind,
                attribution=item.attribution,
                anonymous=item.anonymous,
                evidence=[],
                grounded=False,
            ),
            reason,
        )
        for n, (item, reason) in enumerate(rejected, start=1)
    ]
    return claims, ungrounded
