"""Agreements: aligned groups that at least two articles support become `Fact`s."""

from __future__ import annotations

from .align import Alignment
from .models import Claim, Discrepancy, Fact


def minority_claims(discrepancies: list[Discrepancy]) -> set[str]:
    """Claims on a side backed by fewer articles than another side of the same discrepancy."""
    minority: set[str] = set()
    for discrepancy in discrepancies:
        largest = max(len(side.article_ids) for side in discrepancy.sides)
        for side in discrepancy.sides:
            if len(side.article_ids) < largest:
                minority.update(side.claim_ids)
    return minority


def disputed_claims(discrepancies: list[Discrepancy]) -> set[str]:
    """Every claim on any side of a discrepancy: each is contradicted by another source."""
    return {claim_id for d in discrepancies for side in d.sides for claim_id in side.claim_ids}


def _statement(members: list[Claim]) -> Claim:
    # Prefer a plain reported fact of moderate length: it reads best as a summary line.
    def rank(claim: Claim) -> tuple[int, int]:
        words = len(claim.text.split())
        return ({"fact": 0, "quote": 1, "opinion": 2}[claim.kind], abs(words - 22))

    return min(members, key=rank)


def corroborated_facts(claims: list[Claim], alignment: Alignment, discrepancies: list[Discrepancy]) -> list[Fact]:
    minority = minority_claims(discrepancies)
    facts = []
    for group in alignment.groups:
        members = [claims[i] for i in group if claims[i].id not in minority]
        articles = sorted({c.article_id for c in members}, key=lambda a: int(a[1:]))
        if len(articles) < 2:
            continue
        facts.append(
            Fact(id="", statement=_statement(members).text, claim_ids=[c.id for c in members], article_ids=articles)
        )
    facts.sort(key=lambda f: (-len(f.article_ids), claims_position(f.claim_ids[0])))
    for number, fact in enumerate(facts, start=1):
        fact.id = f"F{number}"
    return facts


def claims_position(claim_id: str) -> tuple[int, int]:
    article, _, index = claim_id.partition(".")
    return int(article[1:]), int(index)
