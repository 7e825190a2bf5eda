"""Stage 6 (model), adjudicate: the model judges the aligned pairs that code could not settle.

Code-found slot conflicts stay as they are. Candidates are aligned cross-article pairs with no code
conflict that are not near-verbatim repeats, most similar first, capped; several go in one call.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from .align import Alignment
from .compare import Conflict
from .llm.client import LLMClient, UnitFailed, gather_units
from .llm.prompts import delimit, prompt
from .llm.schemas import Adjudication
from .models import Article, Claim, Problem
from .slots import content_words

ADJUDICATE_FLOOR = 0.45


def candidates(
    claims: list[Claim], alignment: Alignment, settled: set[tuple[int, int]], limit: int
) -> list[tuple[int, int]]:
    chosen: list[tuple[int, int]] = []
    for (i, j), score in sorted(alignment.pairs.items(), key=lambda item: -item[1]):
        if score < ADJUDICATE_FLOOR or len(chosen) >= limit:
            break
        if (i, j) in settled or fuzz.ratio(claims[i].text, claims[j].text) >= 92:
            continue
        chosen.append((i, j))
    return chosen


def _side(claim: Claim, sources: dict[str, str]) -> str:
    source = sources[claim.article_id]
    quote = claim.evidence[0].quote
    # When the claim is its quote, sending both would only double the tokens.
    stated = "" if fuzz.ratio(claim.text, quote) >= 90 else f" claims: {claim.text}"
    return f"- {source}{stated}\n{delimit(source, quote)}"


def _pair_text(number: int, a: Claim, b: Claim, sources: dict[str, str]) -> str:
    return f"Pair {number}:\n{_side(a, sources)}\n{_side(b, sources)}"


async def adjudicate(
    client: LLMClient,
    claims: list[Claim],
    alignment: Alignment,
    code_conflicts: list[Conflict],
    articles: list[Article],
    problems: list[Problem],
) -> list[Conflict]:
    sources = {a.id: a.source for a in articles}
    settled = {(c.left, c.right) for c in code_conflicts} | {(c.right, c.left) for c in code_conflicts}
    pairs = candidates(claims, alignment, settled, client.config.max_adjudications)
    size = max(1, client.config.adjudications_per_call)
    batches = [pairs[start : start + size] for start in range(0, len(pairs), size)]
    answers = await gather_units(
        [
            client.structured(
                "adjudicate",
                [
                    {"role": "system", "content": prompt("adjudicate")},
                    {
                        "role": "user",
                        "content": "\n\n".join(
                            _pair_text(n, claims[i], claims[j], sources) for n, (i, j) in enumerate(batch)
                        ),
                    },
                ],
                Adjudication,
            )
            for batch in batches
        ]
    )
    found: list[Conflict] = []
    for batch, answer in zip(batches, answers, strict=True):
        if isinstance(answer, BaseException):
            if not isinstance(answer, UnitFailed):
                raise answer
            problems.append(Problem(stage="adjudicate", message=f"{len(batch)} candidate pairs not judged: {answer}"))
            continue
        for verdict in answer.verdicts:
            if verdict.relation != "conflicting" or not 0 <= verdict.pair < len(batch):
                continue
            i, j = batch[verdict.pair]
            explanation = verdict.explanation or "the model judged these incompatible"
            found.append(
                Conflict(
                    verdict.kind or "fact",
                    i,
                    j,
                    claims[i].evidence[0].quote[:90],
                    claims[j].evidence[0].quote[:90],
                    _topic(claims[i], claims[j]),
                    f"model: {explanation}",
                    facet=f"model:{i}:{j}",
                )
            )
    return found


def _topic(a: Claim, b: Claim) -> str:
    shared = sorted(set(content_words(a.text)) & set(content_words(b.text)))
    return ", ".join(shared[:4]) or "claims judged incompatible"
