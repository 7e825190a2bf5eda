"""Public benchmarks as factdiff runs: each record becomes a few sources, each run a prediction.

- SummEdits (test): the document and the edited summary are two sources; "inconsistent" when a
  discrepancy side or an unsupported claim lies in the summary. Balanced accuracy, recall per edit type.
- WiCE (test, oracle chunks): the cited source and the claim; "not supported" when every claim of the
  claim article is unsupported or disputed, "partially" when some are. Balanced accuracy (partial
  counts as not supported) and 3-way macro-F1.
- FNC-1 (test headline clusters): the related bodies of one headline; a disagreement when a
  discrepancy shares two content words with the headline. Precision, recall and F1 over clusters.
- NAnCo: each answer to one question is a source; each answer takes the group of its first claim.
  B-cubed F1 and adjusted Rand index against `cluster_global`.
"""

from __future__ import annotations

import csv
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .align import align
from .attribution import core_text
from .embed import BACKGROUND, CachingEmbedder, Embedder, LocalEmbedder
from .errors import InputError
from .extract import extract_claims
from .llm.config import LLMConfig
from .load import load
from .models import Briefing, Claim, Discrepancy, Evidence
from .pipeline import diff
from .slots import content_words


@dataclass
class Harness:
    """What an adapter needs: a way to run the pipeline, the shared embedder, a progress callback."""

    run: Callable[[Any], Briefing]
    embedder: Embedder
    progress: Callable[[int, int], None]


@dataclass
class DatasetResult:
    dataset: str
    examples: int
    metrics: dict[str, float]
    seconds: float
    items: list[dict[str, Any]] = field(default_factory=list)
    notes: str = ""

    def table(self) -> str:
        rows = [f"{self.dataset}: {self.examples} examples in {self.seconds:.0f} s"]
        rows += [f"  {name:<34}{value:>8.3f}" for name, value in self.metrics.items()]
        if self.notes:
            rows.append(f"  {self.notes}")
        return "\n".join(rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "examples": self.examples,
            "metrics": self.metrics,
            "seconds": round(self.seconds, 1),
            "notes": self.notes,
            "items": self.items,
        }


def detect(path: Path) -> str | None:
    """Which dataset a folder holds, by its files."""
    if (path / "summedits_news.json").exists():
        return "summedits"
    if (path / "oracle_chunks_claim_test.jsonl").exists():
        return "wice"
    if (path / "DERIVED_fnc1_test_headline_clusters.jsonl").exists():
        return "fnc1"
    if (path / "nanco_dataset.json").exists():
        return "nanco"
    return None


def run_dataset(
    path: Path,
    limit: int | None = None,
    embedder: Embedder | None = None,
    progress: Callable[[int, int], None] | None = None,
    llm: LLMConfig | None = None,
) -> DatasetResult:
    name = detect(path)
    if name is None:
        raise InputError(
            str(path), "not a known dataset folder (summedits, wice, fnc1, nanco) nor a cluster with gold.json"
        )
    runner = {"summedits": summedits, "wice": wice, "fnc1": fnc1, "nanco": nanco}[name]
    shared = CachingEmbedder(embedder or LocalEmbedder())
    started = time.perf_counter()
    harness = Harness(
        run=lambda articles: diff(articles, embedder=shared, llm=llm),
        embedder=shared,
        progress=progress or (lambda done, total: None),
    )
    result = runner(path, limit, harness)
    result.seconds = time.perf_counter() - started
    return result


def balanced_accuracy(gold: list[bool], predicted: list[bool]) -> float:
    positives = [p for g, p in zip(gold, predicted, strict=True) if g]
    negatives = [not p for g, p in zip(gold, predicted, strict=True) if not g]
    rates = [sum(group) / len(group) for group in (positives, negatives) if group]
    return sum(rates) / len(rates) if rates else 0.0


def _prf(gold: list[bool], predicted: list[bool]) -> dict[str, float]:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _flagged_claims(briefing: Briefing, article_id: str) -> tuple[set[str], set[str]]:
    """(claims of the article that are disputed or unsupported, all claims of the article)."""
    own = {c.id for c in briefing.claims if c.article_id == article_id}
    flagged = {u.claim_id for u in briefing.unsupported if u.article_id == article_id}
    for d in briefing.discrepancies:
        for side in d.sides:
            flagged.update(c for c in side.claim_ids if c in own)
    return flagged & own, own


def summedits(path: Path, limit: int | None, harness: Harness) -> DatasetResult:
    records = [r for r in json.loads((path / "summedits_news.json").read_text()) if r["split"] == "test"]
    records = records[:limit] if limit else records
    gold, predicted, items = [], [], []
    by_type: dict[str, list[bool]] = defaultdict(list)
    for done, record in enumerate(records, start=1):
        briefing = harness.run(
            load([{"text": record["doc"], "source": "document"}, {"text": record["summary"], "source": "summary"}])
        )
        summary_id = briefing.articles[-1].id if len(briefing.articles) == 2 else ""
        flagged, _ = _flagged_claims(briefing, summary_id)
        inconsistent = int(record["label"]) == 0
        gold.append(inconsistent)
        predicted.append(bool(flagged))
        for edit in record.get("edit_types") or []:
            if inconsistent:
                by_type[edit].append(bool(flagged))
        items.append({"id": record["id"], "gold_inconsistent": inconsistent, "predicted": bool(flagged)})
        harness.progress(done, len(records))
    metrics = {"balanced_accuracy": balanced_accuracy(gold, predicted)}
    metrics.update({f"recall/{edit}": sum(v) / len(v) for edit, v in sorted(by_type.items())})
    metrics["recall/consistent_kept"] = balanced_accuracy(
        [False] * gold.count(False), [p for g, p in zip(gold, predicted, strict=True) if not g]
    )
    return DatasetResult("summedits-news (test)", len(records), metrics, 0.0, items)


def _wice_claims(path: Path) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for line in (path / "oracle_chunks_claim_test.jsonl").read_text().splitlines():
        row = json.loads(line)
        entry = grouped.setdefault(row["meta"]["id"], {"claim": row["claim"], "label": row["label"], "evidence": []})
        for sentence in row["evidence"]:
            if sentence not in entry["evidence"]:
                entry["evidence"].append(sentence)
    return list(grouped.values())


def wice(path: Path, limit: int | None, harness: Harness) -> DatasetResult:
    claims = _wice_claims(path)
    claims = claims[:limit] if limit else claims
    gold3, pred3, items = [], [], []
    for done, entry in enumerate(claims, start=1):
        briefing = harness.run(
            load(
                [
                    {"text": "\n".join(entry["evidence"]), "source": "cited source"},
                    {"text": entry["claim"], "source": "claim"},
                ]
            )
        )
        claim_id = briefing.articles[-1].id
        flagged, own = _flagged_claims(briefing, claim_id)
        label = "supported" if not flagged else "not_supported" if flagged == own else "partially_supported"
        gold3.append(entry["label"])
        pred3.append(label)
        items.append({"claim": entry["claim"][:120], "gold": entry["label"], "predicted": label})
        harness.progress(done, len(claims))
    labels = ("supported", "partially_supported", "not_supported")
    f1s = []
    for label in labels:
        f1s.append(_prf([g == label for g in gold3], [p == label for p in pred3])["f1"])
    metrics = {
        "balanced_accuracy (supported vs not)": balanced_accuracy(
            [g != "supported" for g in gold3], [p != "supported" for p in pred3]
        ),
        "macro_f1 (3-way)": sum(f1s) / 3,
    }
    return DatasetResult(
        "wice (test, oracle chunks)",
        len(claims),
        metrics,
        0.0,
        items,
        notes="partially supported counts as not supported for the binary score",
    )


def _fnc_bodies(path: Path) -> dict[str, str]:
    with (path / "competition_test_bodies.csv").open(newline="", encoding="utf-8") as handle:
        return {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}


def fnc1(path: Path, limit: int | None, harness: Harness) -> DatasetResult:
    bodies = _fnc_bodies(path)
    clusters = [
        json.loads(line) for line in (path / "DERIVED_fnc1_test_headline_clusters.jsonl").read_text().splitlines()
    ]
    clusters = clusters[:limit] if limit else clusters
    gold, predicted, items = [], [], []
    for done, cluster in enumerate(clusters, start=1):
        records = [{"text": bodies[a["body_id"]], "source": f"body {a['body_id']}"} for a in cluster["articles"]]
        headline_words = set(content_words(cluster["headline_claim"]))
        loaded = load(records)
        found = False
        if len(loaded.articles) >= 2:
            briefing = harness.run(loaded)
            found = any(_about(d, briefing, headline_words) for d in briefing.discrepancies)
        gold.append(bool(cluster["has_agree_and_disagree"]))
        predicted.append(found)
        items.append({"cluster": cluster["cluster_id"], "gold": gold[-1], "predicted": found})
        harness.progress(done, len(clusters))
    metrics = _prf(gold, predicted)
    metrics["positive_rate_gold"] = sum(gold) / len(gold)
    metrics["positive_rate_predicted"] = sum(predicted) / len(predicted)
    return DatasetResult("fnc1 (test headline clusters)", len(clusters), metrics, 0.0, items)


def _about(discrepancy: Discrepancy, briefing: Briefing, words: set[str]) -> bool:
    """Whether a discrepancy concerns the headline: its claims share two content words with it."""
    claims = {c.id: c for c in briefing.claims}
    texts = " ".join(claims[i].text for side in discrepancy.sides for i in side.claim_ids if i in claims)
    return len(words & set(content_words(texts))) >= 2


def bcubed_f1(gold: list[Any], predicted: list[Any]) -> float:
    n = len(gold)
    precision = recall = 0.0
    for i in range(n):
        same_pred = [j for j in range(n) if predicted[j] == predicted[i]]
        same_gold = [j for j in range(n) if gold[j] == gold[i]]
        both = sum(1 for j in same_pred if gold[j] == gold[i])
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    precision, recall = precision / n, recall / n
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def adjusted_rand_index(gold: list[Any], predicted: list[Any]) -> float:
    def comb2(x: np.ndarray | int) -> Any:
        return x * (x - 1) / 2

    gold_ids = {g: i for i, g in enumerate(sorted(set(map(str, gold))))}
    pred_ids = {p: i for i, p in enumerate(sorted(set(map(str, predicted))))}
    table = np.zeros((len(gold_ids), len(pred_ids)))
    for g, p in zip(gold, predicted, strict=True):
        table[gold_ids[str(g)], pred_ids[str(p)]] += 1
    index = comb2(table).sum()
    rows, cols, total = comb2(table.sum(axis=1)).sum(), comb2(table.sum(axis=0)).sum(), comb2(len(gold))
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    return float((index - expected) / (maximum - expected)) if maximum != expected else 1.0


def nanco(path: Path, limit: int | None, harness: Harness) -> DatasetResult:
    questions = json.loads((path / "nanco_dataset.json").read_text())
    questions = questions[:limit] if limit else questions
    all_gold, all_pred, bcubed, aris, items = [], [], [], [], []
    for done, question in enumerate(questions, start=1):
        answers = question["answers"]
        gold = [str(a["cluster_global"]) for a in answers]
        predicted = _group_answers([a["Answer"] for a in answers], harness.embedder)
        bcubed.append(bcubed_f1(gold, predicted))
        aris.append(adjusted_rand_index(gold, predicted))
        all_gold += [f"{done}:{g}" for g in gold]
        all_pred += [f"{done}:{p}" for p in predicted]
        items.append(
            {
                "question": question["question"],
                "answers": len(answers),
                "bcubed_f1": bcubed[-1],
                "ari": aris[-1],
                "gold_groups": len(set(gold)),
                "predicted_groups": len(set(predicted)),
            }
        )
        harness.progress(done, len(questions))
    metrics = {
        "bcubed_f1 (mean over questions)": float(np.mean(bcubed)),
        "ari (mean over questions)": float(np.mean(aris)),
        "bcubed_f1 (pooled)": bcubed_f1(all_gold, all_pred),
    }
    return DatasetResult(
        "nanco (answer consolidation)",
        sum(len(q["answers"]) for q in questions),
        metrics,
        0.0,
        items,
        notes=f"{len(questions)} questions; each answer is one source",
    )


def _group_answers(answers: list[str], embedder: Embedder) -> list[int]:
    """Align the answers as one-claim sources; each answer takes the group of its claim."""
    loaded = load([{"text": a if a.strip() else "(empty)", "source": f"answer {i}"} for i, a in enumerate(answers)])
    claims = []
    owner = []
    for article in loaded.articles:
        extracted = extract_claims(article) or []
        if not extracted:
            extracted = [
                Claim(
                    id=f"{article.id}.1",
                    article_id=article.id,
                    text=article.text.strip(),
                    kind="fact",
                    evidence=[Evidence(article_id=article.id, start=0, end=len(article.text), quote=article.text)],
                )
            ]
        claims.append(extracted[0])
        owner.append(article.id)
    vectors = embedder.embed([core_text(c.text) for c in claims] + BACKGROUND)
    alignment = align(claims, vectors[: len(claims)], vectors[len(claims) :].mean(axis=0))
    group_of = alignment.group_of()
    by_article = {claims[i].article_id: group_of[i] for i in range(len(claims))}
    # Duplicated answers were merged by the loader: they share their original's group.
    text_to_article = {a.text: a.id for a in loaded.articles}
    return [by_article[text_to_article.get(a if a.strip() else "(empty)", owner[0])] for a in answers]
