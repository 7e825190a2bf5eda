"""The pipeline, top to bottom: load -> chunk -> extract -> ground -> align -> compare -> support -> write.

`diff` is the one entry point. With no model the offline engine runs; with a model, the stages that
need judgement (extract, adjudicate, write) ask it, and code keeps every guarantee: grounding,
slot checks, citation checks. A unit of work that fails is reported in `problems`, never fatal.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from . import __version__
from .adjudicate import adjudicate
from .align import align
from .attribution import core_text
from .chunking import chunk_article
from .compare import find_conflicts, merge_conflicts
from .corroborate import corroborated_facts
from .embed import BACKGROUND, Embedder, LocalEmbedder
from .errors import NoArticlesError
from .extract import extract_claims
from .extract_llm import extract_article
from .ground import verify_evidence
from .llm.client import LLMClient, UnitFailed, gather_units, run_sync
from .llm.config import LLMConfig
from .llm.local import LocalServer, resolve_gguf
from .llm.usage import Meter
from .load import Loaded, load
from .models import Article, Briefing, Claim, Problem, Unsupported, Usage
from .sentences import split_sentences
from .support import judge_support
from .write import write_brief
from .write_llm import write_with_model

Progress = Callable[[str, int, int], None]


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


_BACKGROUNDS: dict[str, np.ndarray] = {}


def _background(embedder: Embedder) -> np.ndarray:
    """The embedder's vectors of the background sentences, computed once per process."""
    if embedder.name not in _BACKGROUNDS:
        _BACKGROUNDS[embedder.name] = embedder.embed(BACKGROUND)
    return _BACKGROUNDS[embedder.name]


def fallback_date(articles: Sequence[Article]) -> dt.date | None:
    """The date assumed for undated articles' relative expressions: the median dateline of the others."""
    dates = sorted(a.published for a in articles if a.published)
    return dates[(len(dates) - 1) // 2] if dates else None


def diff(
    articles: Loaded | Iterable[Any],
    *,
    llm: LLMConfig | str | None = None,
    embedder: Embedder | None = None,
    max_chunk_tokens: int = 600,
    progress: Progress | None = None,
) -> Briefing:
    """Compare articles about one event and return a `Briefing`.

    `articles` is what `load` returned, or anything `load` accepts (paths, dicts, `Article`s).
    `llm` is an `LLMConfig`, or a model name read with the environment's key and base URL.
    """
    loaded = articles if isinstance(articles, Loaded) else load(articles)
    if not loaded.articles:
        raise NoArticlesError("no articles to analyse" + "".join(f"\n  {p.path}: {p.message}" for p in loaded.problems))
    config = LLMConfig.from_env(model=llm) if isinstance(llm, str) else llm
    return run_sync(
        lambda: _run(loaded, config, embedder or LocalEmbedder(), max_chunk_tokens, progress or _no_progress)
    )


async def _run(
    loaded: Loaded, config: LLMConfig | None, embedder: Embedder, max_chunk_tokens: int, report: Progress
) -> Briefing:
    if config is None:
        return await _stages(loaded, None, embedder, max_chunk_tokens, report)
    if config.gguf:
        with LocalServer(resolve_gguf(config.gguf)) as base_url:
            local = replace(config, base_url=base_url, api_key=None, gguf=None)
            async with LLMClient(local) as client:
                return await _stages(loaded, client, embedder, max_chunk_tokens, report)
    async with LLMClient(config) as client:
        return await _stages(loaded, client, embedder, max_chunk_tokens, report)


async def _stages(
    loaded: Loaded, client: LLMClient | None, embedder: Embedder, max_chunk_tokens: int, report: Progress
) -> Briefing:
    started = time.perf_counter()
    problems = list(loaded.problems)
    if len(loaded.articles) == 1:
        problems.append(
            Problem.about(
                loaded.articles[0], "load", "only one article: nothing to compare, so every claim is single-source"
            )
        )
    reference = fallback_date(loaded.articles)

    # chunk, extract, ground (articles go to the model together; the client bounds requests in flight)
    async def extract_one(article: Article) -> tuple[list[Claim], list[tuple[Claim, str]]]:
        sentences = split_sentences(article)
        if client is None:
            return extract_claims(article, reference, sentences), []
        chunks = chunk_article(article, max_tokens=max_chunk_tokens, sentences=sentences)
        return await extract_article(client, article, chunks, sentences, reference, problems)

    claims: list[Claim] = []
    ungrounded: list[tuple[Claim, str]] = []
    results = await gather_units([extract_one(article) for article in loaded.articles])
    for done, (article, result) in enumerate(zip(loaded.articles, results, strict=True), start=1):
        if isinstance(result, BaseException):  # one bad article must not sink the run
            if not isinstance(result, (UnitFailed, ValueError, LookupError, TypeError)):
                raise result
            problems.append(Problem.about(article, "extract", f"{type(result).__name__}: {result}"))
            continue
        extracted, rejected = result
        kept = verify_evidence(extracted, article, problems)
        if not kept:
            problems.append(
                Problem.about(article, "extract", "no claims found: the text is all page debris, headline or fragments")
            )
        claims.extend(kept)
        ungrounded.extend(rejected)
        report("extract", done, len(loaded.articles))

    # align
    texts = [core_text(claim.text) for claim in claims]
    report("embed", 0, len(claims))
    vectors = await client.embed(texts + BACKGROUND) if client is not None else None
    if vectors is None:
        vectors = np.vstack([embedder.embed(texts), _background(embedder)])
    report("embed", len(claims), len(claims))
    alignment = align(claims, vectors[: len(texts)], vectors[len(texts) :].mean(axis=0))
    report("align", len(alignment.groups), len(alignment.groups))

    # compare: code first, then the model on what code could not settle
    conflicts = find_conflicts(claims, alignment)
    if client is not None:
        conflicts += await adjudicate(client, claims, alignment, conflicts, loaded.articles, problems)
    discrepancies = merge_conflicts(conflicts, claims, {a.id: a.source for a in loaded.articles})
    report("compare", len(discrepancies), len(discrepancies))

    # support
    facts = corroborated_facts(claims, alignment, discrepancies)
    unsupported = judge_support(claims, alignment, discrepancies, loaded.articles)
    unsupported += [
        Unsupported(
            claim_id=c.id,
            article_id=c.article_id,
            reason="ungrounded",
            explanation=f"the model's claim was dropped: {why}",
        )
        for c, why in ungrounded
    ]
    report("support", len(unsupported), len(unsupported))

    # write
    brief = write_brief(facts, discrepancies, unsupported, claims, loaded.articles)
    if client is not None:
        try:
            brief = await write_with_model(
                client, facts, discrepancies, unsupported, claims, loaded.articles, problems, brief
            )
        except UnitFailed as error:
            problems.append(Problem(stage="write", message=f"model brief failed ({error}); extractive brief used"))
    report("write", 1, 1)

    seconds = time.perf_counter() - started
    usage = client.meter.summary(seconds) if client is not None else Usage(seconds=round(seconds, 3))
    if client is not None:
        _report_budget(client.meter, problems)
    return Briefing(
        factdiff_version=__version__,
        engine=f"llm:{client.config.model}" if client is not None else "offline",
        created_at=dt.datetime.now(dt.timezone.utc),
        articles=loaded.articles,
        claims=claims + [c for c, _ in ungrounded],
        facts=facts,
        discrepancies=discrepancies,
        unsupported=unsupported,
        brief=brief,
        usage=usage,
        problems=problems,
        duplicates=loaded.duplicates,
    )


def _report_budget(meter: Meter, problems: list[Problem]) -> None:
    skipped = {name: stage.skipped for name, stage in meter.stages.items() if stage.skipped}
    if skipped:
        detail = ", ".join(f"{count} {name} call(s)" for name, count in skipped.items())
        problems.append(
            Problem(
                stage="budget",
                message=f"budget cap reached: skipped {detail}; those units fell back to code or were left out",
            )
        )


__all__ = ["diff", "fallback_date"]
