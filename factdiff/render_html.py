"""Render a briefing as one self-contained HTML file: inline CSS, a few lines of inline JS, no fetches.

All article-derived text goes through `html.escape`, so a hostile article stays inert text.
"""

from __future__ import annotations

from html import escape

from .models import Article, Briefing, Claim, Fact

_CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#d9dde5; --bg:#fbfbfd; --accent:#2450a6; --warn:#a33a1f;
        --ok:#2f7a3e; --mark:#fff6cc; --target:#ffc94d; }
* { box-sizing: border-box; }
body { margin:0; font:16px/1.55 Georgia, 'Times New Roman', serif; color:var(--ink); background:var(--bg); }
header, main, footer { max-width: 980px; margin: 0 auto; padding: 0 1rem; }
header h1 { font-size:1.6rem; margin:1.2rem 0 .2rem; }
h2 { font-size:1.25rem; border-bottom:2px solid var(--line); padding-bottom:.2rem; margin-top:2rem; }
h3 { font-size:1.02rem; margin:1rem 0 .4rem; }
.meta, .muted { color:var(--muted); font-size:.9rem; }
ul.brief li { margin:.35rem 0; }
a.chip { display:inline-block; font:600 .72rem/1.6 system-ui, sans-serif; padding:0 .45rem; margin:0 .15rem;
         border-radius:999px; background:#e7edf9; color:var(--accent); text-decoration:none; white-space:nowrap; }
a.chip:hover, a.chip:focus { background:var(--accent); color:#fff; }
table.matrix { border-collapse:collapse; width:100%; font:.85rem/1.4 system-ui, sans-serif; }
table.matrix th, table.matrix td { border:1px solid var(--line); padding:.3rem .4rem; vertical-align:top; }
table.matrix td.reports { background:#e5f3e8; color:var(--ok); text-align:center; }
table.matrix td.contradicts { background:#fbe6e0; color:var(--warn); text-align:center; font-weight:600; }
table.matrix td.silent { color:#aab; text-align:center; }
.scroll { overflow-x:auto; }
.card { border:1px solid var(--line); border-left:4px solid var(--warn); background:#fff; padding:.6rem .9rem;
        margin:.8rem 0; border-radius:4px; break-inside:avoid; }
.card .sides { display:grid; grid-template-columns:repeat(auto-fit, minmax(240px, 1fr)); gap:.6rem; }
.side { background:#fafafa; border:1px solid var(--line); padding:.5rem; border-radius:4px; }
.side .value { font:700 .85rem system-ui, sans-serif; color:var(--warn); }
blockquote { margin:.3rem 0; padding-left:.6rem; border-left:3px solid var(--line); }
.reason { font:600 .75rem system-ui, sans-serif; text-transform:uppercase; letter-spacing:.03em; color:var(--warn); }
article.source { background:#fff; border:1px solid var(--line); padding:.6rem 1rem; margin:1rem 0; border-radius:4px; }
article.source .text { white-space:pre-wrap; }
mark.claim { background:var(--mark); padding:0 .05rem; border-radius:2px; }
mark.claim:target, mark.claim.active { background:var(--target); outline:2px solid var(--warn); }
.ignored { color:#9aa0aa; }
footer { border-top:1px solid var(--line); margin-top:2rem; padding:1rem; }
@media (max-width: 600px) { body { font-size:15px; } header h1 { font-size:1.3rem; } }
@media print { a.chip { background:none; border:1px solid #999; color:#000; }
               .card, article.source { break-inside:avoid; }
               mark.claim { background:none; text-decoration:underline; } }
"""

# Marks the cited span when a chip is followed, also where :target is not applied (some print paths).
_JS = """
document.addEventListener('click', function (event) {
  var link = event.target.closest && event.target.closest('a.chip');
  if (!link) { return; }
  var target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) { return; }
  document.querySelectorAll('mark.claim.active').forEach(function (m) { m.classList.remove('active'); });
  target.classList.add('active');
});
"""


def _chip(claim: Claim, sources: dict[str, str]) -> str:
    return (
        f'<a class="chip" href="#claim-{escape(claim.id)}" title="{escape(claim.text)}">'
        f"{escape(sources[claim.article_id])}</a>"
    )


def _chips(claim_ids: list[str], claims: dict[str, Claim], sources: dict[str, str]) -> str:
    # One chip per source: the first claim of each article is the one linked.
    first: dict[str, Claim] = {}
    for claim_id in claim_ids:
        claim = claims.get(claim_id)
        if claim is not None and claim.article_id not in first:
            first[claim.article_id] = claim
    return "".join(_chip(c, sources) for c in first.values())


def _matrix(briefing: Briefing, sources: dict[str, str]) -> str:
    articles = briefing.articles
    head = "".join(f'<th scope="col">{escape(a.source)}</th>' for a in articles)
    rows = []
    for fact in briefing.facts:
        contradicting = _contradicting(fact, briefing)
        cells = []
        for article in articles:
            if article.id in fact.article_ids:
                cells.append('<td class="reports" title="reports">reports</td>')
            elif article.id in contradicting:
                cells.append('<td class="contradicts" title="contradicts">contradicts</td>')
            else:
                cells.append('<td class="silent" title="silent">·</td>')
        rows.append(f'<tr><th scope="row">{escape(fact.id)} {escape(_short(fact.statement))}</th>{"".join(cells)}</tr>')
    for d in briefing.discrepancies:
        cells = []
        for article in articles:
            side = next((s for s in d.sides if article.id in s.article_ids), None)
            if side is None:
                cells.append('<td class="silent">·</td>')
            else:
                cells.append(f'<td class="contradicts">{escape(side.value or "")}</td>')
        rows.append(f'<tr><th scope="row">{escape(d.id)} {escape(d.kind)}: {escape(d.topic)}</th>{"".join(cells)}</tr>')
    if not rows:
        return '<p class="muted">Nothing corroborated or disputed.</p>'
    return (
        f'<div class="scroll"><table class="matrix"><thead><tr><th scope="col">finding</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _contradicting(fact: Fact, briefing: Briefing) -> set[str]:
    found: set[str] = set()
    for d in briefing.discrepancies:
        if any(set(s.claim_ids) & set(fact.claim_ids) for s in d.sides):
            found.update(a for s in d.sides for a in s.article_ids if a not in fact.article_ids)
    return found


def _short(text: str, limit: int = 110) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _article_text(article: Article, claims: list[Claim]) -> str:
    """The article's text with every claim's evidence span wrapped in an addressable <mark>."""
    spans = sorted(
        ((e.start, e.end, c) for c in claims for e in c.evidence if e.article_id == article.id),
        key=lambda item: (item[0], -item[1]),
    )
    ignored = sorted((s.start, s.end) for s in article.ignored)
    out: list[str] = []
    cursor = 0
    anchored: set[str] = set()

    def plain(start: int, end: int) -> None:
        # Ignored stretches are shown dimmed, so the reader sees what was left out and why.
        position = start
        for low, high in ignored:
            if high <= position or low >= end:
                continue
            if low > position:
                out.append(escape(article.text[position:low]))
            out.append(f'<span class="ignored">{escape(article.text[max(low, position) : min(high, end)])}</span>')
            position = min(high, end)
        if position < end:
            out.append(escape(article.text[position:end]))

    for start, end, claim in spans:
        element_id = f"claim-{claim.id}" if claim.id not in anchored else ""
        anchored.add(claim.id)
        if start < cursor:  # overlaps an earlier span: keep an anchor so citations still land
            if element_id:
                out.append(f'<mark class="claim" id="{escape(element_id)}"></mark>')
            continue
        plain(cursor, start)
        id_attribute = f' id="{escape(element_id)}"' if element_id else ""
        out.append(
            f'<mark class="claim"{id_attribute} title="{escape(claim.id)} · {escape(claim.kind)}">'
            f"{escape(article.text[start:end])}</mark>"
        )
        cursor = end
    plain(cursor, len(article.text))
    return "".join(out)


def render_html(briefing: Briefing) -> str:
    sources = {a.id: a.source for a in briefing.articles}
    claims = {c.id: c for c in briefing.claims}
    parts: list[str] = []
    title = "factdiff briefing"
    parts.append(
        f'<header><h1>{title}</h1><p class="meta">{len(briefing.articles)} articles · {len(briefing.claims)} claims · '
        f"{len(briefing.facts)} corroborated facts · {len(briefing.discrepancies)} discrepancies · "
        f"{len(briefing.unsupported)} unsupported · engine <code>{escape(briefing.engine)}</code></p></header><main>"
    )

    parts.append('<section id="brief"><h2>Brief</h2>')
    section = None
    for sentence in briefing.brief.sentences:
        if sentence.section != section:
            if section is not None:
                parts.append("</ul>")
            section = sentence.section
            parts.append(f'<h3>{escape(section or "")}</h3><ul class="brief">')
        parts.append(f"<li>{escape(sentence.text)} {_chips(sentence.claim_ids, claims, sources)}</li>")
    if section is not None:
        parts.append("</ul>")
    if not briefing.brief.sentences:
        parts.append('<p class="muted">Nothing to report.</p>')
    parts.append("</section>")

    parts.append(f'<section id="matrix"><h2>Source matrix</h2>{_matrix(briefing, sources)}</section>')

    parts.append('<section id="discrepancies"><h2>Discrepancies</h2>')
    if not briefing.discrepancies:
        parts.append('<p class="muted">None found.</p>')
    dates = {a.id: (a.published.isoformat() if a.published else "date unknown") for a in briefing.articles}
    for d in briefing.discrepancies:
        sides = []
        for side in d.sides:
            quotes = "".join(
                f"<blockquote>{escape(e.quote)} {_chip(claims[cid], sources)}</blockquote>"
                for cid in side.claim_ids
                if cid in claims
                for e in claims[cid].evidence[:1]
            )
            outlets = ", ".join(f"{escape(sources[a])} ({escape(dates[a])})" for a in side.article_ids)
            sides.append(
                f'<div class="side"><div class="value">{escape(side.value or "")}</div>'
                f'<div class="muted">{outlets}</div>{quotes}</div>'
            )
        parts.append(
            f'<div class="card" id="{escape(d.id)}"><h3>{escape(d.id)} · {escape(d.kind)}: {escape(d.topic)}</h3>'
            f'<div class="sides">{"".join(sides)}</div><p class="muted">{escape(d.explanation)}</p></div>'
        )
    parts.append("</section>")

    parts.append('<section id="unsupported"><h2>Unsupported assertions</h2>')
    if not briefing.unsupported:
        parts.append('<p class="muted">None found.</p>')
    else:
        parts.append("<ul>")
        for item in briefing.unsupported:
            claim = claims.get(item.claim_id)
            text = escape(claim.text) if claim else escape(item.claim_id)
            chip = _chip(claim, sources) if claim and claim.grounded else ""  # an ungrounded claim has no span
            parts.append(
                f'<li><span class="reason">{escape(item.reason.replace("_", " "))}</span> {text} {chip}'
                f'<div class="muted">{escape(item.explanation)}</div></li>'
            )
        parts.append("</ul>")
    parts.append("</section>")

    parts.append('<section id="articles"><h2>Articles</h2>')
    for article in briefing.articles:
        own = [c for c in briefing.claims if c.article_id == article.id]
        heading = escape(article.title or article.source)
        meta = " · ".join(escape(x) for x in (article.source, dates[article.id], article.path or article.url or ""))
        parts.append(
            f'<article class="source" id="article-{escape(article.id)}"><h3>{escape(article.id)} · {heading}</h3>'
            f'<p class="muted">{meta}</p><div class="text">{_article_text(article, own)}</div></article>'
        )
    parts.append("</section>")
    if briefing.problems:
        parts.append('<section id="problems"><h2>Problems</h2><ul>')
        parts.extend(
            f"<li>{escape(p.stage)}: {escape(p.path or p.article_id or '')}: {escape(p.message)}</li>"
            for p in briefing.problems
        )
        parts.append("</ul></section>")
    usage = briefing.usage
    parts.append(
        f'</main><footer class="muted">factdiff {escape(briefing.factdiff_version)} · engine '
        f"{escape(briefing.engine)} · {usage.llm_calls} model calls ({usage.cached_calls} cached, "
        f"{usage.failed_calls} failed) · {usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens · "
        f"${usage.cost_usd:.4f} · {usage.seconds:.1f} s · {escape(briefing.created_at.isoformat())}</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>{title}</title><style>{_CSS}</style></head><body>{''.join(parts)}<script>{_JS}</script></body></html>\n"
    )
