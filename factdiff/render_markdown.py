"""Render a briefing as Markdown. Article text is escaped so it cannot inject HTML or links."""

from __future__ import annotations

import re

from .models import Briefing

_UNSAFE = re.compile(r"[<>&|\[\]`*_]")
REASON_LABELS = {
    "single_source": "single source",
    "anonymous_source": "anonymous sourcing",
    "contradicted": "contradicted",
    "ungrounded": "ungrounded",
}


def escape(text: str) -> str:
    """Neutralise Markdown and HTML syntax in untrusted text."""
    replacements = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
    return _UNSAFE.sub(lambda m: replacements.get(m.group(), "\\" + m.group()), " ".join(text.split()))


def render_markdown(briefing: Briefing) -> str:
    sources = {a.id: a.source for a in briefing.articles}
    claims = {c.id: c for c in briefing.claims}
    lines = ["# factdiff briefing", ""]
    lines.append(
        f"{len(briefing.articles)} articles, {len(briefing.claims)} claims, "
        f"{len(briefing.facts)} corroborated facts, {len(briefing.discrepancies)} discrepancies, "
        f"{len(briefing.unsupported)} unsupported assertions. Engine: `{briefing.engine}`."
    )
    lines += ["", "| id | source | title | published | claims |", "| --- | --- | --- | --- | --- |"]
    for article in briefing.articles:
        count = sum(1 for c in briefing.claims if c.article_id == article.id)
        lines.append(
            f"| {article.id} | {escape(article.source)} | {escape(article.title or '')} | "
            f"{article.published or 'unknown'} | {count} |"
        )
    lines += ["", "## Brief", "", _escaped_brief(briefing, sources), ""]

    lines += ["## Discrepancies", ""]
    if not briefing.discrepancies:
        lines += ["None found.", ""]
    for d in briefing.discrepancies:
        lines.append(f"### {d.id} · {d.kind}: {escape(d.topic)}")
        lines.append("")
        for side in d.sides:
            outlets = ", ".join(escape(sources[a]) for a in side.article_ids)
            lines.append(f"- **{outlets}** ({escape(side.value or '')}):")
            for claim_id in side.claim_ids:
                evidence = claims[claim_id].evidence[0]
                lines.append(f"  > {escape(evidence.quote)} — `{claim_id}`")
        lines += ["", f"*{escape(d.explanation)}*", ""]

    lines += ["## Unsupported assertions", ""]
    if not briefing.unsupported:
        lines += ["None found.", ""]
    for item in briefing.unsupported:
        claim = claims.get(item.claim_id)
        text = claim.text if claim else item.claim_id
        lines.append(
            f"- **{REASON_LABELS[item.reason]}** · {escape(sources.get(item.article_id, item.article_id))}: "
            f"{escape(text)} — {escape(item.explanation)} (`{item.claim_id}`)"
        )
    lines.append("")
    if briefing.problems or briefing.duplicates:
        lines += ["## Problems", ""]
        for problem in briefing.problems:
            lines.append(
                f"- {problem.stage}: {escape(problem.path or problem.article_id or '')}: {escape(problem.message)}"
            )
        for duplicate in briefing.duplicates:
            lines.append(
                f"- duplicate: {escape(duplicate.path or duplicate.source)} has the same text as "
                f"{duplicate.duplicate_of}; analysed once"
            )
        lines.append("")
    usage = briefing.usage
    lines.append(
        f"---\nfactdiff {briefing.factdiff_version} · {briefing.engine} · {usage.llm_calls} model calls "
        f"({usage.cached_calls} cached, {usage.failed_calls} failed) · "
        f"{usage.prompt_tokens + usage.completion_tokens} tokens · ${usage.cost_usd:.4f} · {usage.seconds:.1f} s"
    )
    return "\n".join(lines) + "\n"


def _escaped_brief(briefing: Briefing, sources: dict[str, str]) -> str:
    claims = {c.id: c for c in briefing.claims}
    out: list[str] = []
    section = None
    for sentence in briefing.brief.sentences:
        if sentence.section != section:
            section = sentence.section
            out += ["", f"### {escape(section)}", ""] if section else [""]
        cited = sorted({claims[c].article_id for c in sentence.claim_ids if c in claims}, key=lambda a: int(a[1:]))
        out.append(f"- {escape(sentence.text)} [{', '.join(escape(sources[a]) for a in cited)}]")
    return "\n".join(out).strip() or "Nothing to report."
