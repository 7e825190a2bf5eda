"""The pipeline, top to bottom: load -> chunk -> extract -> ground -> align -> compare -> support -> write.

`diff` is the one entry point; the engine only changes who does the judging, not the stages.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import __version__
from .align import align
from .attribution import core_text
from .chunking import chunk_article
from .compare import compare
from .corroborate import corroborated_facts
from .embed import Embedder, LocalEmbedder
from .errors import NoArticlesError
from .extract import extract_claims
from .ground import verify_evidence
from .load import Loaded, load
from .models import Article, Briefing, Claim, Problem, Usage
from .sentences import split_sentences
from .support import judge_support
from .write import write_brief

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def fallback_date(articles: Sequence[Article]) -> dt.date | None:
    """The date assumed for undated articles' relative expressions: the median dateline of the others."""
    dates = sorted(a.published for a in articles if a.published)
    if not dates:
        return None
    return dates[(len(dates) - 1) // 2] if len(dates) % 2 else statistics.median_low(dates)


def diff(
    articles: Loaded | Iterable[Any],
    *,
    embedder: Embedder | None = None,
    max_chunk_tokens: int = 600,
    progress: Progress | None = None,
) -> Briefing:
    """Compare articles about one event and return a `Briefing`.

    `articles` is what `load` returned, or anything `load` accepts (paths, dicts, `Article`s).
    """
    started = time.perf_counter()
    report = progress or _no_progress
    loaded = articles if isinstance(articles, Loaded) else load(articles)
    if not loaded.articles:
        raise NoArticlesError("no articles to analyse" + "".join(f"\n  {p.path}: {p.message}" for p in loaded.problems))
    problems = list(loaded.problems)
    if len(loaded.articles) == 1:
        only = loaded.articles[0]
        problems.append(
            Problem(
                stage="load",
                path=only.path,
                article_id=only.id,
                message="only one article: nothing to compare, so every claim is single-source",
            )
        )
    undated_reference = fallback_date(loaded.articles)

    claims: list[Claim] = []
    for done, article in enumerate(loaded.articles, start=1):
        try:
            sentences = split_sentences(article)
            chunk_article(article, max_tokens=max_chunk_tokens, sentences=sentences)
            extracted = extract_claims(article, undated_reference, sentences)
            claims.extend(verify_evidence(extracted, article, problems))
        except Exception as error:  # one bad article must not sink the run
            problems.append(
                Problem(
                    stage="extract",
                    path=article.path,
                    article_id=article.id,
                    message=f"{type(error).__name__}: {error}",
                )
            )
        report("extract", done, len(loaded.articles))

    embedder = embedder or LocalEmbedder()
    report("embed", 0, len(claims))
    embeddings = embedder.embed([core_text(claim.text) for claim in claims])
    report("embed", len(claims), len(claims))
    alignment = align(claims, embeddings)
    report("align", len(alignment.groups), len(alignment.groups))
    discrepancies = compare(claims, alignment, loaded.articles)
    report("compare", len(discrepancies), len(discrepancies))
    facts = corroborated_facts(claims, alignment, discrepancies)
    unsupported = judge_support(claims, alignment, discrepancies, loaded.articles)
    report("support", len(unsupported), len(unsupported))
    brief = write_brief(facts, discrepancies, unsupported, claims, loaded.articles)
    report("write", 1, 1)
    return Briefing(
        factdiff_version=__version__,
        engine="offline",
        created_at=dt.datetime.now(dt.timezone.utc),
        articles=loaded.articles,
        claims=claims,
        facts=facts,
        discrepancies=discrepancies,
        unsupported=unsupported,
        brief=brief,
        usage=Usage(seconds=round(time.perf_counter() - started, 3)),
        problems=problems,
        duplicates=loaded.duplicates,
    )
