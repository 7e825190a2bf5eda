"""Stage 7, support: claims that stand on one leg, and why."""

from __future__ import annotations

from .align import Alignment
from .corroborate import disputed_claims, minority_claims
from .models import Article, Claim, Discrepancy, Unsupported


def _specific(claim: Claim, other_texts: str) -> bool:
    """A claim a reader would want checked: it carries a figure, a date, or a name nobody else mentions."""
    if claim.kind == "opinion":
        return False
    for slot in claim.slots:
        if slot.kind in ("date", "time", "number", "money", "percent"):
            return True
        if slot.kind == "name" and slot.unit in ("person", "org") and slot.value.lower() not in other_texts:
            return True
    return False


def judge_support(
    claims: list[Claim],
    alignment: Alignment,
    discrepancies: list[Discrepancy],
    articles: list[Article],
) -> list[Unsupported]:
    sources = {a.id: a.source for a in articles}
    group_of = alignment.group_of()
    groups = alignment.groups
    # With a clear majority only the minority is contradicted; in a tie every side is.
    minority = minority_claims(discrepancies)
    tied = {c for d in discrepancies if len({len(s.article_ids) for s in d.sides}) == 1 for c in disputed_claims([d])}
    minority |= tied
    contradicting: dict[str, list[str]] = {}
    for discrepancy in discrepancies:
        for side in discrepancy.sides:
            others = [a for s in discrepancy.sides if s is not side for a in s.article_ids]
            for claim_id in side.claim_ids:
                contradicting.setdefault(claim_id, []).extend(others)
    texts = {a.id: a.text.lower() for a in articles}
    found: list[Unsupported] = []
    for index, claim in enumerate(claims):
        partners = [claims[m] for m in groups[group_of[index]] if claims[m].article_id != claim.article_id]
        source = sources[claim.article_id]
        if claim.id in minority:
            names = ", ".join(sorted({sources[a] for a in contradicting.get(claim.id, [])}))
            found.append(Unsupported(claim_id=claim.id, article_id=claim.article_id, reason="contradicted",
                                     explanation=f"{names} report otherwise"))
        elif claim.anonymous and not any(p.attribution and not p.anonymous for p in partners):
            found.append(Unsupported(claim_id=claim.id, article_id=claim.article_id, reason="anonymous_source",
                                     explanation=f"{source} attributes this to unnamed sources ({claim.attribution}); "
                                     "no named source elsewhere confirms it"))
        elif not partners:
            others = " ".join(t for a, t in texts.items() if a != claim.article_id)
            if _specific(claim, others):
                found.append(Unsupported(claim_id=claim.id, article_id=claim.article_id, reason="single_source",
                                         explanation=f"only {source} reports this"))
    return found
