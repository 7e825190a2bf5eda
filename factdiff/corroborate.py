"""Agreements: aligned groups that at least two articles support become `Fact`s."""

from __future__ import annotations

from .align import Alignment
from .compare import numbers_agree
from .models import Claim, Discrepancy, Fact, Slot

_FIGURES = ("date", "time", "number", "money", "percent")


def _backs(mine: Slot, other: Claim) -> bool:
    for theirs in other.slots:
        if theirs.kind != mine.kind:
            continue
        if mine.kind in ("number", "money", "percent"):
            if mine.unit == theirs.unit and numbers_agree(mine, theirs):
                return True
        elif mine.value == theirs.value:
            return True
    return False


def corroborates(claim: Claim, other: Claim, every_figure: bool = False) -> bool:
    """Whether `other` backs the figures of `claim`: any of them, or with `every_figure` all of them.

    A claim without figures needs none.
    """
    figures = [s for s in claim.slots if s.kind in _FIGURES]
    if not figures:
        return True
    test = all if every_figure else any
    return test(_backs(mine, other) for mine in figures)


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


def _rank(claim: Claim) -> tuple[int, int]:
    # Prefer a plain reported fact of moderate length: it reads best as a summary line.
    words = len(claim.text.split())
    return ({"fact": 0, "quote": 1, "opinion": 2}[claim.kind], abs(words - 22))


def corroborated_facts(claims: list[Claim], alignment: Alignment, discrepancies: list[Discrepancy]) -> list[Fact]:
    """Each group's best statement that at least two articles back, figure for figure.

    Claims on the losing side of a discrepancy, or on either side of a tie, are not evidence of agreement.
    """
    tied = {c for d in discrepancies if len({len(s.article_ids) for s in d.sides}) == 1 for c in disputed_claims([d])}
    excluded = minority_claims(discrepancies) | tied
    facts = []
    for group in alignment.groups:
        members = [claims[i] for i in group if claims[i].id not in excluded]
        for candidate in sorted(members, key=_rank):
            backers = [
                m
                for m in members
                if m.article_id != candidate.article_id and corroborates(candidate, m, every_figure=True)
            ]
            articles = sorted({candidate.article_id} | {m.article_id for m in backers}, key=lambda a: int(a[1:]))
            if len(articles) >= 2:
                facts.append(
                    Fact(
                        id="",
                        statement=candidate.text,
                        claim_ids=[candidate.id] + [m.id for m in backers],
                        article_ids=articles,
                    )
                )
                break
    facts.sort(key=lambda f: (-len(f.article_ids), claims_position(f.claim_ids[0])))
    for number, fact in enumerate(facts, start=1):
        fact.id = f"F{number}"
    return facts


def claims_position(claim_id: str) -> tuple[int, int]:
    article, _, index = claim_id.partition(".")
    return int(article[1:]), int(index)
