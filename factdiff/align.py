"""Stage 5, align: group claims from different articles that state the same thing.

Candidate pairs come from blocking, never from all pairs on a large input: random-hyperplane
hashing of the (centred) embeddings plus an inverted index of shared rare slots (names,
numbers, dates). Only candidate pairs are scored. Groups then form by average linkage, so a
chain of loosely similar claims does not collapse into one group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from .embed import centred
from .models import Claim

DENSE_LIMIT = 1500  # below this many claims, scoring every cross-article pair is cheaper than hashing
EDGE_THRESHOLD = 0.45  # centred cosine: above it two claims are about the same thing (calibrated on examples/)
LINK_THRESHOLD = 0.40  # mean centred cosine needed to merge two groups
CANDIDATE_FLOOR = 0.30  # pairs kept for the comparison stage
SLOT_BONUS = 0.05  # per shared specific slot value, up to three


@dataclass
class Alignment:
    """Scored cross-article pairs and the groups built from them."""

    vectors: np.ndarray
    pairs: dict[tuple[int, int], float] = field(default_factory=dict)
    groups: list[list[int]] = field(default_factory=list)

    def group_of(self) -> dict[int, int]:
        return {member: index for index, group in enumerate(self.groups) for member in group}


def _slot_keys(claim: Claim) -> set[str]:
    keys = set()
    for slot in claim.slots:
        if slot.kind == "name" and slot.unit in ("person", "org", "place", "other"):
            keys.add(f"name:{slot.value.lower()}")
        elif slot.kind in ("number", "money", "percent"):
            keys.add(f"{slot.kind}:{slot.unit}:{slot.value}")
        elif slot.kind == "date":
            keys.add(f"date:{slot.value}")
    return keys


def candidate_pairs(claims: list[Claim], vectors: np.ndarray, seed: int = 13) -> set[tuple[int, int]]:
    """Cross-article pairs worth scoring, found by hashing and shared rare slots."""
    articles = [c.article_id for c in claims]
    n = len(claims)
    if n <= DENSE_LIMIT:
        return {(i, j) for i in range(n) for j in range(i + 1, n) if articles[i] != articles[j]}
    pairs: set[tuple[int, int]] = set()
    rng = np.random.default_rng(seed)
    tables, bits, bucket_cap = 12, 12, 400
    for _ in range(tables):
        planes = rng.standard_normal((vectors.shape[1], bits)).astype(np.float32)
        codes = (vectors @ planes > 0).astype(np.int64) @ (1 << np.arange(bits))
        buckets: dict[int, list[int]] = defaultdict(list)
        for index, code in enumerate(codes.tolist()):
            buckets[code].append(index)
        for members in buckets.values():
            pairs.update(_pairs_within(members[:bucket_cap], articles))
    by_key: dict[str, list[int]] = defaultdict(list)
    for position, claim in enumerate(claims):
        for key in _slot_keys(claim):
            by_key[key].append(position)
    rare = max(20, int(0.01 * n))
    for members in by_key.values():
        if len(members) <= rare:
            pairs.update(_pairs_within(members, articles))
    return pairs


def _pairs_within(members: list[int], articles: list[str]) -> Iterable[tuple[int, int]]:
    for a_index, a in enumerate(members):
        for b in members[a_index + 1 :]:
            if articles[a] != articles[b]:
                yield (a, b) if a < b else (b, a)


def align(claims: list[Claim], embeddings: np.ndarray, background: np.ndarray | None = None) -> Alignment:
    vectors = centred(embeddings, background)
    alignment = Alignment(vectors=vectors)
    if len(claims) < 2:
        alignment.groups = [[i] for i in range(len(claims))]
        return alignment
    keys = [_slot_keys(c) for c in claims]
    for (i, j), score in _scored_pairs(claims, vectors):
        bonus = SLOT_BONUS * min(3, len(keys[i] & keys[j])) if keys[i] and keys[j] else 0.0
        if score + bonus >= CANDIDATE_FLOOR:
            alignment.pairs[(i, j)] = float(score + bonus)
    alignment.groups = _average_linkage(len(claims), alignment.pairs, vectors)
    return alignment


def _scored_pairs(claims: list[Claim], vectors: np.ndarray) -> Iterable[tuple[tuple[int, int], float]]:
    """Cosine of every candidate pair that could pass the floor (the slot bonus is at most 0.15)."""
    floor = CANDIDATE_FLOOR - 3 * SLOT_BONUS
    if len(claims) <= DENSE_LIMIT:
        articles = np.array([c.article_id for c in claims])
        scores = vectors @ vectors.T
        keep = np.triu(scores >= floor, k=1) & (articles[:, None] != articles[None, :])
        for i, j in zip(*np.nonzero(keep), strict=True):
            yield (int(i), int(j)), float(scores[i, j])
        return
    candidates = sorted(candidate_pairs(claims, vectors))
    for offset in range(0, len(candidates), 50_000):
        batch = candidates[offset : offset + 50_000]
        left = np.array([p[0] for p in batch])
        right = np.array([p[1] for p in batch])
        scores = np.einsum("ij,ij->i", vectors[left], vectors[right])
        for pair, score in zip(batch, scores.tolist(), strict=True):
            if score >= floor:
                yield pair, score


def _average_linkage(n: int, pairs: dict[tuple[int, int], float], vectors: np.ndarray) -> list[list[int]]:
    parent = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (i, j), score in sorted(pairs.items(), key=lambda item: -item[1]):
        if score < EDGE_THRESHOLD:
            break
        a, b = root(i), root(j)
        if a == b:
            continue
        link = float(np.mean(vectors[members[a]] @ vectors[members[b]].T))
        if link >= LINK_THRESHOLD:
            parent[b] = a
            members[a].extend(members.pop(b))
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])
