"""Stage 8, write: the extractive brief, every sentence citing the claims it rests on."""

from __future__ import annotations

from .models import Article, Brief, BriefSentence, Claim, Discrepancy, Fact, Side, Unsupported

MAX_FACTS = 12
MAX_SINGLE_SOURCE = 8


def check_citations(sentences: list[BriefSentence], claims: list[Claim]) -> list[BriefSentence]:
    """Keep only sentences that cite at least one claim, and only claims that exist."""
    known = {c.id for c in claims}
    return [s for s in sentences if s.claim_ids and all(c in known for c in s.claim_ids)]


def _outlets(article_ids: list[str], sources: dict[str, str]) -> str:
    return ", ".join(sources[a] for a in article_ids)


def _wording(side: Side) -> str:
    if side.words and side.value and side.words != side.value:
        return f"{side.words} ({side.value})"
    return side.words or side.value or side.statement


def write_brief(
    facts: list[Fact],
    discrepancies: list[Discrepancy],
    unsupported: list[Unsupported],
    claims: list[Claim],
    articles: list[Article],
) -> Brief:
    sources = {a.id: a.source for a in articles}
    by_id = {c.id: c for c in claims}
    agreed = [BriefSentence(text=f.statement, claim_ids=f.claim_ids) for f in facts[:MAX_FACTS]]
    disputed = []
    for d in discrepancies:
        sides = "; ".join(f"{_outlets(s.article_ids, sources)}: “{_wording(s)}”" for s in d.sides)
        disputed.append(
            BriefSentence(
                text=f"Sources disagree on the {d.kind} ({d.topic}): {sides}.",
                claim_ids=[c for s in d.sides for c in s.claim_ids],
            )
        )
    lonely = []

    def weight(item: Unsupported) -> tuple[int, int]:
        claim = by_id[item.claim_id]
        figures = sum(1 for s in claim.slots if s.kind in ("date", "time", "number", "money", "percent"))
        return (0 if item.reason == "anonymous_source" else 1, -figures)

    candidates = sorted((u for u in unsupported if u.reason in ("single_source", "anonymous_source")), key=weight)
    # Anonymous sourcing first, but never more than half the list: specific single-source facts matter too.
    anonymous = [u for u in candidates if u.reason == "anonymous_source"][: MAX_SINGLE_SOURCE // 2]
    single = [u for u in candidates if u.reason == "single_source"]
    for item in (anonymous + single)[:MAX_SINGLE_SOURCE]:
        claim = by_id[item.claim_id]
        qualifier = "citing unnamed sources" if item.reason == "anonymous_source" else "alone"
        lonely.append(
            BriefSentence(text=f"{sources[claim.article_id]} reports, {qualifier}: {claim.text}", claim_ids=[claim.id])
        )
    sections = [
        ("What the sources agree on", check_citations(agreed, claims)),
        ("Where they disagree", check_citations(disputed, claims)),
        ("Resting on one source", check_citations(lonely, claims)),
    ]
    lines: list[str] = []
    kept: list[BriefSentence] = []
    for heading, sentences in sections:
        if not sentences:
            continue
        lines.append(f"### {heading}\n")
        for sentence in sentences:
            cited = sorted({by_id[c].article_id for c in sentence.claim_ids}, key=lambda a: int(a[1:]))
            lines.append(f"- {sentence.text} [{', '.join(sources[a] for a in cited)}]")
        lines.append("")
        kept.extend(s.model_copy(update={"section": heading}) for s in sentences)
    return Brief(markdown="\n".join(lines).strip() + "\n", sentences=kept)
