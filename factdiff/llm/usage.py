"""Token, call and cost accounting per stage, and the budget that stops calls before overspending."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from ..models import Usage


@dataclass
class StageUsage:
    calls: int = 0
    cached: int = 0
    failed: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    skipped: int = 0


@dataclass
class Meter:
    prices: dict[str, tuple[float, float]]
    model: str
    max_cost_usd: float | None = None
    max_tokens: int | None = None
    stages: dict[str, StageUsage] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _reserved_cost: float = 0.0
    _reserved_tokens: int = 0

    def _price(self) -> tuple[float, float]:
        for name in sorted(self.prices, key=len, reverse=True):
            if self.model == name or self.model.startswith(name + "-"):
                return self.prices[name]
        return (0.0, 0.0)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        price_in, price_out = self._price()
        return (prompt_tokens * price_in + completion_tokens * price_out) / 1_000_000

    def stage(self, name: str) -> StageUsage:
        with self._lock:
            return self.stages.setdefault(name, StageUsage())

    @property
    def spent_cost(self) -> float:
        return sum(s.cost_usd for s in self.stages.values())

    @property
    def spent_tokens(self) -> int:
        return sum(s.prompt_tokens + s.completion_tokens for s in self.stages.values())

    def reserve(self, prompt_tokens: int, completion_tokens: int) -> bool:
        """Claim room for one call at its worst case; False when it could pass a cap."""
        cost = self.cost(prompt_tokens, completion_tokens)
        tokens = prompt_tokens + completion_tokens
        with self._lock:
            if self.max_cost_usd is not None and self.spent_cost + self._reserved_cost + cost > self.max_cost_usd:
                return False
            if self.max_tokens is not None and self.spent_tokens + self._reserved_tokens + tokens > self.max_tokens:
                return False
            self._reserved_cost += cost
            self._reserved_tokens += tokens
            return True

    def release(self, prompt_tokens: int, completion_tokens: int) -> None:
        with self._lock:
            self._reserved_cost -= self.cost(prompt_tokens, completion_tokens)
            self._reserved_tokens -= prompt_tokens + completion_tokens

    def record(self, stage: str, prompt_tokens: int, completion_tokens: int, failed: bool = False) -> None:
        entry = self.stage(stage)
        with self._lock:
            entry.calls += 1
            entry.failed += int(failed)
            entry.prompt_tokens += prompt_tokens
            entry.completion_tokens += completion_tokens
            entry.cost_usd += self.cost(prompt_tokens, completion_tokens)

    def summary(self, seconds: float) -> Usage:
        stages = {name: {k: float(v) for k, v in vars(s).items()} for name, s in self.stages.items()}
        return Usage(
            llm_calls=sum(s.calls for s in self.stages.values()),
            cached_calls=sum(s.cached for s in self.stages.values()),
            failed_calls=sum(s.failed for s in self.stages.values()),
            prompt_tokens=sum(s.prompt_tokens for s in self.stages.values()),
            completion_tokens=sum(s.completion_tokens for s in self.stages.values()),
            cost_usd=round(self.spent_cost, 6),
            seconds=round(seconds, 3),
            stages=stages,
        )
