"""Stage 8 (model), write: a fluent brief from checked findings, then checked again in code.

A sentence survives only if every claim id it cites exists and every number, date and name it
states is found in the claims it cites. If nothing survives, the extractive brief stands.
"""

from __future__ import annotations

from .dates import find_dates
from .ground import lexical_support
from .llm.client import LLMClient
from .llm.prompts import prompt
from .llm.schemas import WrittenBrief
from .models import Article, Brief, BriefSentence, Claim, Discrepancy, Fact, Problem, Unsupported
from .names import find_names
from .numbers import find_quantities
from .write import MAX_FACTS, MAX_SINGLE_SOURCE

MIN_SUPPORT = 0.5  # share of a brief sentence's content words found in the claims it cites


def _findings(
    facts: list[Fact],
    discrepancies: list[Discrepancy],
    unsupported: list[Unsupported],
    claims: dict[str, Claim],
    sources: dict[str, str],
) -> str:
    def line(claim_id: str) -> str:
        claim = claims[claim_id]
        return f"  [{claim.id}] {sources[claim.article_id]}: {claim.text}"

    parts = ["AGREED (each backed by two or more outlets):"]
    for fact in facts[:MAX_FACTS]:
        parts.append(f"- {fact.id}:")
        parts += [line(c) for c in fact.claim_ids[:4]]
    parts.append("DISAGREEMENTS:")
    for d in discrepancies:
        parts.append(f"- {d.id} ({d.kind}):")
        parts += [line(c) for side in d.sides for c in side.claim_ids[:2]]
    parts.append("ONE SOURCE ONLY:")
    parts += [line(u.claim_id) for u in unsupported if u.reason in ("single_source", "anonymous_source")][
        :MAX_SINGLE_SOURCE
    ]
    return "\n".join(parts)


def unsupported_details(sentence: str, cited: list[Claim]) -> list[str]:
    """Numbers, dates and names of a brief sentence that none of its cited claims contain."""
    evidence = " ".join(c.text + " " + " ".join(e.quote for e in c.evidence) for c in cited)
    lowered = evidence.lower()
    numbers = {q.value for q in find_quantities(evidence)}
    missing = [q.text for q in find_quantities(sentence) if q.value not in numbers]
    dates = {d.value.iso for d in find_dates(evidence, None)}
    missing += [d.text for d in find_dates(sentence, None) if d.value.iso not in dates]
    missing += [
        n.text
        for n in find_names(sentence)
        if n.category in ("person", "org", "place") and n.text.lower() not in lowered
    ]
    return missing


def check_sentences(written: WrittenBrief, claims: dict[str, Claim], problems: list[Problem]) -> list[BriefSentence]:
    kept = []
    for sentence in written.sentences:
        unknown = [c for c in sentence.claim_ids if c not in claims]
        if not sentence.claim_ids or unknown:
            problems.append(
                Problem(
                    stage="write",
                    message=f"brief sentence removed (cites {unknown or 'nothing'}): {sentence.text[:120]}",
                )
            )
            continue
        cited = [claims[c] for c in sentence.claim_ids]
        missing = unsupported_details(sentence.text, cited)
        support = lexical_support(sentence.text, " ".join(c.text for c in cited))
        if not missing and support < MIN_SUPPORT:
            missing = [f"only {support:.0%} of its words"]
        if missing:
            problems.append(
                Problem(
                    stage="write",
                    message=f"brief sentence removed ({', '.join(missing)} not in its "
                    f"cited claims): {sentence.text[:120]}",
                )
            )
            continue
        kept.append(BriefSentence(text=sentence.text, claim_ids=sentence.claim_ids, section="Brief"))
    return kept


async def write_with_model(
    client: LLMClient,
    facts: list[Fact],
    discrepancies: list[Discrepancy],
    unsupported: list[Unsupported],
    claims: list[Claim],
    articles: list[Article],
    problems: list[Problem],
    fallback: Brief,
) -> Brief:
    by_id = {c.id: c for c in claims if c.grounded}
    sources = {a.id: a.source for a in articles}
    written = await client.structured(
        "write",
        [
            {"role": "system", "content": prompt("brief")},
            {"role": "user", "content": _findings(facts, discrepancies, unsupported, by_id, sources)},
        ],
        WrittenBrief,
    )
    kept = check_sentences(written, by_id, problems)
    if not kept:
        problems.append(
            Problem(stage="write", message="no model-written sentence passed the checks; the extractive brief is used")
        )
        return fallback
    lines = ["### Brief\n"]
    for sentence in kept:
        cited = sorted({by_id[c].article_id for c in sentence.claim_ids}, key=lambda a: int(a[1:]))
        lines.append(f"- {sentence.text} [{', '.join(sources[a] for a in cited)}]")
    return Brief(markdown="\n".join(lines) + "\n", sentences=kept)
