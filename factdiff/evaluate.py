"""Scoring a briefing against a gold file of planted (or annotated) discrepancies and unsupported claims.

A predicted discrepancy matches a gold one when the evidence of its claims overlaps the quotes of
at least two distinct gold sides. A predicted unsupported claim (single-source or anonymous)
matches when its evidence overlaps the gold quote. Matching is one-to-one and greedy, so a
duplicate prediction counts as a false positive; optional gold items are neither required nor
counted against precision.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from .errors import InputError
from .models import Briefing

SCORED_REASONS = ("single_source", "anonymous_source")


class GoldSide(BaseModel):
    article: str
    quote: str


class GoldDiscrepancy(BaseModel):
    id: str
    kind: str
    topic: str = ""
    sides: list[GoldSide]
    optional: bool = False


class GoldUnsupported(BaseModel):
    id: str
    article: str
    quote: str
    reason: str = "single_source"
    optional: bool = False


class GoldCorroborated(BaseModel):
    id: str
    topic: str = ""
    articles: list[str]


class Gold(BaseModel):
    cluster: str
    discrepancies: list[GoldDiscrepancy] = Field(default_factory=list)
    unsupported: list[GoldUnsupported] = Field(default_factory=list)
    corroborated: list[GoldCorroborated] = Field(default_factory=list)


def load_gold(path: str | Path) -> Gold:
    try:
        return Gold.model_validate_json(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "gold file not found") from None
    except ValueError as error:
        raise InputError(str(path), f"not a valid gold file: {error}") from None


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.true_positives,
            "fp": self.false_positives,
            "fn": self.false_negatives,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass
class Evaluation:
    discrepancies: dict[str, Score] = field(default_factory=dict)
    unsupported: dict[str, Score] = field(default_factory=dict)
    corroborated_recall: float = 1.0
    matches: list[dict[str, Any]] = field(default_factory=list)
    unmatched_predictions: list[dict[str, Any]] = field(default_factory=list)
    missed_gold: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "discrepancies": {k: v.as_dict() for k, v in self.discrepancies.items()},
            "unsupported": {k: v.as_dict() for k, v in self.unsupported.items()},
            "corroborated_recall": round(self.corroborated_recall, 3),
            "matches": self.matches,
            "unmatched_predictions": self.unmatched_predictions,
            "missed_gold": self.missed_gold,
        }


Span = tuple[str, int, int]  # article id, start, end


def _article_index(briefing: Briefing) -> dict[str, str]:
    """Gold names articles by file name; map names (and stems) to article ids."""
    index: dict[str, str] = {}
    for article in briefing.articles:
        for key in filter(None, (article.path, article.source)):
            name = Path(key).name
            index[name] = article.id
            index[Path(name).stem] = article.id
    return index


def _gold_span(briefing: Briefing, names: dict[str, str], article: str, quote: str) -> Span | None:
    article_id = names.get(Path(article).name) or names.get(Path(article).stem)
    if article_id is None:
        return None
    text = briefing.article(article_id).text
    start = text.find(quote)
    return (article_id, start, start + len(quote)) if start >= 0 else None


def _overlaps(spans: list[Span], target: Span | None) -> bool:
    return target is not None and any(a == target[0] and s < target[2] and target[1] < e for a, s, e in spans)


def _claim_spans(briefing: Briefing, claim_ids: list[str]) -> list[Span]:
    claims = {c.id: c for c in briefing.claims}
    return [(e.article_id, e.start, e.end) for cid in claim_ids if cid in claims for e in claims[cid].evidence]


def score(briefing: Briefing, gold: Gold) -> Evaluation:
    names = _article_index(briefing)
    result = Evaluation()
    overall_d = result.discrepancies.setdefault("all", Score())
    matched_gold: set[str] = set()

    gold_sides = {g.id: [_gold_span(briefing, names, s.article, s.quote) for s in g.sides] for g in gold.discrepancies}
    for predicted in briefing.discrepancies:
        side_spans = [_claim_spans(briefing, side.claim_ids) for side in predicted.sides]
        spans = [span for spans in side_spans for span in spans]
        hit = None
        for g in gold.discrepancies:
            if g.id in matched_gold:
                continue
            touched = {k for k, target in enumerate(gold_sides[g.id]) if _overlaps(spans, target)}
            if len(touched) >= 2:
                hit = g
                break
        kind_score = result.discrepancies.setdefault(predicted.kind, Score())
        if hit is None:
            optional = any(
                len({k for k, t in enumerate(gold_sides[g.id]) if _overlaps(spans, t)}) >= 2
                for g in gold.discrepancies
                if g.optional
            )
            if not optional:
                overall_d.false_positives += 1
                kind_score.false_positives += 1
                result.unmatched_predictions.append(
                    {"type": "discrepancy", "id": predicted.id, "kind": predicted.kind, "topic": predicted.topic}
                )
            continue
        matched_gold.add(hit.id)
        if not hit.optional:
            overall_d.true_positives += 1
            result.discrepancies.setdefault(hit.kind, Score()).true_positives += 1
        result.matches.append(
            {
                "type": "discrepancy",
                "predicted": predicted.id,
                "gold": hit.id,
                "kind_agrees": predicted.kind == hit.kind,
            }
        )
    for g in gold.discrepancies:
        if g.id not in matched_gold and not g.optional:
            overall_d.false_negatives += 1
            result.discrepancies.setdefault(g.kind, Score()).false_negatives += 1
            result.missed_gold.append({"type": "discrepancy", "id": g.id, "kind": g.kind, "topic": g.topic})

    overall_u = result.unsupported.setdefault("all", Score())
    gold_spans = {u.id: _gold_span(briefing, names, u.article, u.quote) for u in gold.unsupported}
    matched_u: set[str] = set()
    for item in briefing.unsupported:
        if item.reason not in SCORED_REASONS:
            continue
        spans = _claim_spans(briefing, [item.claim_id])
        hit_u = next(
            (u for u in gold.unsupported if u.id not in matched_u and _overlaps(spans, gold_spans[u.id])), None
        )
        reason_score = result.unsupported.setdefault(item.reason, Score())
        if hit_u is None:
            overall_u.false_positives += 1
            reason_score.false_positives += 1
            result.unmatched_predictions.append(
                {"type": "unsupported", "claim_id": item.claim_id, "reason": item.reason}
            )
            continue
        matched_u.add(hit_u.id)
        if not hit_u.optional:
            overall_u.true_positives += 1
            result.unsupported.setdefault(hit_u.reason, Score()).true_positives += 1
        result.matches.append({"type": "unsupported", "predicted": item.claim_id, "gold": hit_u.id})
    for u in gold.unsupported:
        if u.id not in matched_u and not u.optional:
            overall_u.false_negatives += 1
            result.unsupported.setdefault(u.reason, Score()).false_negatives += 1
            result.missed_gold.append({"type": "unsupported", "id": u.id, "reason": u.reason, "quote": u.quote})

    if gold.corroborated:
        found = 0
        for c in gold.corroborated:
            wanted = {names.get(Path(a).name) for a in c.articles}
            if any(len(wanted & set(f.article_ids)) >= 2 for f in briefing.facts):
                found += 1
        result.corroborated_recall = found / len(gold.corroborated)
    return result


def format_table(evaluation: Evaluation) -> str:
    rows = [f"{'':<28}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for title, table in (("discrepancies", evaluation.discrepancies), ("unsupported", evaluation.unsupported)):
        for kind, s in sorted(table.items(), key=lambda kv: (kv[0] != "all", kv[0])):
            rows.append(
                f"{title + ' / ' + kind:<28}{s.precision:>7.2f}{s.recall:>7.2f}{s.f1:>7.2f}"
                f"{s.true_positives:>5}{s.false_positives:>5}{s.false_negatives:>5}"
            )
    rows.append(f"corroborated facts recall: {evaluation.corroborated_recall:.2f}")
    return "\n".join(rows)


def dump(evaluation: Evaluation, path: str | Path) -> None:
    Path(path).write_text(json.dumps(evaluation.as_dict(), indent=2), encoding="utf-8")
