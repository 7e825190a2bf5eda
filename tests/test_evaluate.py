"""The scorer on hand-made briefings: exact match, partial overlap, wrong side, duplicates, optional items."""

from __future__ import annotations

import datetime as dt

from factdiff.evaluate import Gold, score
from factdiff.models import Article, Brief, Briefing, Claim, Discrepancy, Evidence, Side, Unsupported

A = "The fire started on Monday. Three workers were hurt. The chief was Dana Whitlock."
B = "The fire started on Tuesday. Five workers were hurt. Crews came from four stations."


def _claim(cid: str, article: Article, quote: str) -> Claim:
    start = article.text.index(quote)
    return Claim(
        id=cid,
        article_id=article.id,
        text=quote,
        kind="fact",
        evidence=[Evidence(article_id=article.id, start=start, end=start + len(quote), quote=quote)],
    )


def _briefing(pairs: list[tuple[str, str]], unsupported: list[str] | None = None) -> Briefing:
    a = Article(id="A1", source="a", path="a.txt", text=A)
    b = Article(id="A2", source="b", path="b.txt", text=B)
    claims = {
        "A1.1": _claim("A1.1", a, "The fire started on Monday."),
        "A1.2": _claim("A1.2", a, "Three workers were hurt."),
        "A1.3": _claim("A1.3", a, "The chief was Dana Whitlock."),
        "A2.1": _claim("A2.1", b, "The fire started on Tuesday."),
        "A2.2": _claim("A2.2", b, "Five workers were hurt."),
        "A2.3": _claim("A2.3", b, "Crews came from four stations."),
    }
    discrepancies = [
        Discrepancy(
            id=f"D{n}",
            topic="t",
            kind="date",
            explanation="",
            sides=[
                Side(statement="", claim_ids=[left], article_ids=["A1"]),
                Side(statement="", claim_ids=[right], article_ids=["A2"]),
            ],
        )
        for n, (left, right) in enumerate(pairs, start=1)
    ]
    return Briefing(
        factdiff_version="test",
        engine="offline",
        created_at=dt.datetime.now(dt.timezone.utc),
        articles=[a, b],
        claims=list(claims.values()),
        facts=[],
        discrepancies=discrepancies,
        unsupported=[
            Unsupported(claim_id=c, article_id=c[:2], reason="single_source", explanation="") for c in unsupported or []
        ],
        brief=Brief(markdown="", sentences=[]),
    )


GOLD = Gold.model_validate(
    {
        "cluster": "t",
        "discrepancies": [
            {
                "id": "G1",
                "kind": "date",
                "sides": [{"article": "a.txt", "quote": "on Monday"}, {"article": "b.txt", "quote": "on Tuesday"}],
            },
            {
                "id": "G2",
                "kind": "number",
                "sides": [
                    {"article": "a.txt", "quote": "Three workers"},
                    {"article": "b.txt", "quote": "Five workers"},
                ],
            },
        ],
        "unsupported": [
            {"id": "U1", "article": "b.txt", "quote": "from four stations"},
            {"id": "U2", "article": "a.txt", "quote": "Dana Whitlock", "optional": True},
        ],
    }
)


def test_exact_match_counts_per_kind() -> None:
    result = score(_briefing([("A1.1", "A2.1"), ("A1.2", "A2.2")]), GOLD)
    assert result.discrepancies["all"].as_dict()["tp"] == 2
    assert result.discrepancies["all"].precision == result.discrepancies["all"].recall == 1.0
    assert result.discrepancies["number"].recall == 1.0


def test_wrong_side_is_a_false_positive_and_a_miss() -> None:
    result = score(_briefing([("A1.1", "A2.2")]), GOLD)
    overall = result.discrepancies["all"]
    assert (overall.true_positives, overall.false_positives, overall.false_negatives) == (0, 1, 2)
    assert {m["id"] for m in result.missed_gold if m["type"] == "discrepancy"} == {"G1", "G2"}


def test_duplicate_prediction_counts_once() -> None:
    result = score(_briefing([("A1.1", "A2.1"), ("A1.1", "A2.1")]), GOLD)
    overall = result.discrepancies["all"]
    assert (overall.true_positives, overall.false_positives, overall.false_negatives) == (1, 1, 1)
    assert overall.precision == 0.5


def test_partial_overlap_of_unsupported_quote_matches_and_optional_is_free() -> None:
    result = score(_briefing([], unsupported=["A2.3", "A1.3"]), GOLD)
    overall = result.unsupported["all"]
    assert (overall.true_positives, overall.false_positives, overall.false_negatives) == (1, 0, 0)


def test_missing_optional_item_is_not_a_miss() -> None:
    result = score(_briefing([], unsupported=["A2.3"]), GOLD)
    assert result.unsupported["all"].recall == 1.0
    assert result.unsupported["all"].precision == 1.0
