"""Recall and precision on our planted-conflict clusters, per kind, against their gold files."""

from __future__ import annotations

from typing import Any

import pytest

from factdiff.evaluate import load_gold, score
from factdiff.models import DISCREPANCY_KINDS

from .conftest import CLUSTERS


@pytest.fixture(scope="module")
def evaluations(example_briefings: dict[str, Any]) -> dict[str, Any]:
    return {c.name: score(example_briefings[c.name], load_gold(c / "gold.json")) for c in CLUSTERS}


def _pooled(evaluations: dict[str, Any], table: str, key: str) -> tuple[int, int, int]:
    tp = fp = fn = 0
    for evaluation in evaluations.values():
        entry = getattr(evaluation, table).get(key)
        if entry:
            tp, fp, fn = tp + entry.true_positives, fp + entry.false_positives, fn + entry.false_negatives
    return tp, fp, fn


def test_there_are_at_least_two_clusters_covering_every_kind() -> None:
    assert len(CLUSTERS) >= 2
    kinds = {d.kind for c in CLUSTERS for d in load_gold(c / "gold.json").discrepancies}
    assert kinds == set(DISCREPANCY_KINDS)


def test_discrepancies_overall(evaluations: dict[str, Any]) -> None:
    tp, fp, fn = _pooled(evaluations, "discrepancies", "all")
    assert tp / (tp + fn) >= 0.85, f"recall {tp}/{tp + fn}"
    assert tp / max(1, tp + fp) >= 0.85, f"precision {tp}/{tp + fp}"


@pytest.mark.parametrize("kind", DISCREPANCY_KINDS)
def test_discrepancies_per_kind(evaluations: dict[str, Any], kind: str) -> None:
    tp, fp, fn = _pooled(evaluations, "discrepancies", kind)
    assert tp + fn > 0
    assert tp / (tp + fn) >= 0.5, f"{kind} recall {tp}/{tp + fn}"
    assert tp / max(1, tp + fp) >= 0.75, f"{kind} precision {tp}/{tp + fp}"


@pytest.mark.parametrize("reason", ["single_source", "anonymous_source"])
def test_unsupported_per_reason(evaluations: dict[str, Any], reason: str) -> None:
    tp, fp, fn = _pooled(evaluations, "unsupported", reason)
    assert tp / (tp + fn) >= 0.75, f"{reason} recall {tp}/{tp + fn}"
    assert tp / max(1, tp + fp) >= 0.75, f"{reason} precision {tp}/{tp + fp}"


def test_every_evidence_span_is_exact_and_every_brief_sentence_cites(example_briefings: dict[str, Any]) -> None:
    for briefing in example_briefings.values():
        texts = {a.id: a.text for a in briefing.articles}
        claim_ids = {c.id for c in briefing.claims}
        for claim in briefing.claims:
            for evidence in claim.evidence:
                assert texts[evidence.article_id][evidence.start : evidence.end] == evidence.quote
        for sentence in briefing.brief.sentences:
            assert sentence.claim_ids and set(sentence.claim_ids) <= claim_ids
        for discrepancy in briefing.discrepancies:
            assert len({a for side in discrepancy.sides for a in side.article_ids}) >= 2
