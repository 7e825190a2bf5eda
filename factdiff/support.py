"""Stage 7, support: claims that stand on one leg, and why."""

from __future__ import annotations

from .align import EDGE_THRESHOLD, Alignment
from .compare import COMPARE_FLOOR, numbers_agree
from .corroborate import corroborates, disputed_claims, minority_claims
from .models import Article, Claim, Discrepancy, Unsupported


def _specific(claim: Claim, name_articles: dict[str, set[str]]) -> bool:
    """A claim a reader would want checked: it carries a figure, a date, or a name nobody else mentions."""
    if claim.kind == "opinion":
        return False
    for slot in claim.slots:
        if slot.kind in ("date", "time", "number", "money", "percent"):
            return True
        mentioned_by = name_articles.get(slot.value.lower(), set())
        if slot.kind == "name" and slot.unit in ("person", "org") and mentioned_by <= {claim.article_id}:
            return True
    return False


def _same_quantity(a: Claim, b: Claim) -> bool:
    return any(
        x.kind == y.kind and x.unit == y.unit and x.unit and numbers_agree(x, y)
        for x in a.slots
        if x.kind in ("number", "money", "percent")
        for y in b.slots
        if y.kind == x.kind
    )


def judge_support(
    claims: list[Claim],
    alignment: Alignment,
    discrepancies: list[Discrepancy],
    articles: list[Article],
) -> list[Unsupported]:
    sources = {a.id: a.source for a in articles}
    group_of = alignment.group_of()
    groups = alignment.groups
    # A name spelled two ways does not make the rest of those claims doubtful.
    discrepancies = [d for d in discrepancies if not (d.kind == "name" and d.topic.startswith("spelling"))]
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
    name_articles: dict[str, set[str]] = {}
    for claim in claims:
        for slot in claim.slots:
            if slot.kind == "name":
                name_articles.setdefault(slot.value.lower(), set()).add(claim.article_id)
    found: list[Unsupported] = []
    direct: dict[int, list[int]] = {}
    for (i, j), score in alignment.pairs.items():
        # A looser match counts when both claims carry the same figure ("about 80" and "82" firefighters).
        if score >= EDGE_THRESHOLD or (score >= COMPARE_FLOOR and _same_quantity(claims[i], claims[j])):
            direct.setdefault(i, []).append(j)
            direct.setdefault(j, []).append(i)
    for index, claim in enumerate(claims):
        grouped = {m for m in groups[group_of[index]] if claims[m].article_id != claim.article_id}
        partners = [claims[m] for m in grouped | set(direct.get(index, [])) if corroborates(claim, claims[m])]
        source = sources[claim.article_id]
        if claim.id in minority:
            names = ", ".join(sorted({sources[a] for a in contradicting.get(claim.id, [])}))
            found.append(
                Unsupported(
                    claim_id=claim.id,
                    article_id=claim.article_id,
                    reason="contradicted",
                    explanation=f"{names} report otherwise",
                )
            )
        elif claim.anonymous and not any(p.attribution and not p.anonymous for p in partners):
            found.append(
                Unsupported(
                    claim_id=claim.id,
                    article_id=claim.article_id,
                    reason="anonymous_source",
                    explanation=f"{source} attributes this to unnamed sources ({claim.attribution}); "
                    "no named source elsewhere confirms it",
                )
            )
        elif not partners and _specific(claim, name_articles):
            found.append(
                Unsupported(
                    claim_id=claim.id,
                    article_id=claim.article_id,
                    reason="single_source",
                    explanation=f"only {source} reports this",
                )
            )
    return found
