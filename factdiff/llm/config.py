"""How to reach a model: arguments first, then the environment (OPENAI_API_KEY, OPENAI_BASE_URL, FACTDIFF_MODEL)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import SecretStr

OutputMode = Literal["auto", "json_schema", "json_object_schema", "json_object", "prompt"]
LADDER: tuple[OutputMode, ...] = ("json_schema", "json_object_schema", "json_object", "prompt")

# USD per million tokens (input, output), from the providers' public price pages; override per run.
DEFAULT_PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "gpt-4.1": (2.00, 8.00),
}


def default_cache_dir() -> Path:
    if os.environ.get("FACTDIFF_CACHE_DIR"):
        return Path(os.environ["FACTDIFF_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "factdiff"


@dataclass
class LLMConfig:
    """Settings of the model engine. `api_key` is kept secret: it never reaches logs, cache or output."""

    model: str
    base_url: str | None = None
    api_key: SecretStr | None = None
    concurrency: int = 4
    timeout: float = 60.0
    transport_attempts: int = 4
    reasks: int = 2
    max_completion_tokens: int = 2048
    temperature: float = 0.0
    output_mode: OutputMode = "auto"
    use_cache: bool = True
    cache_dir: Path = field(default_factory=default_cache_dir)
    max_cost_usd: float | None = None
    max_tokens: int | None = None
    prices: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(DEFAULT_PRICES))
    embeddings_model: str | None = None
    gguf: str | None = None  # a local GGUF file (or "smollm2"), served by llama.cpp for this run
    max_adjudications: int = 60
    adjudications_per_call: int = 6
    retry_wait_cap: float = 30.0

    @classmethod
    def from_env(cls, model: str | None = None, base_url: str | None = None, **overrides: object) -> LLMConfig | None:
        """A config from arguments and the environment, or None when no model is configured."""
        gguf = overrides.get("gguf")
        chosen = model or os.environ.get("FACTDIFF_MODEL") or (Path(str(gguf)).stem if gguf else None)
        if not chosen:
            return None
        key = os.environ.get("OPENAI_API_KEY")
        config = cls(
            model=chosen,
            base_url=base_url or os.environ.get("OPENAI_BASE_URL"),
            api_key=SecretStr(key) if key else None,
        )
        for name, value in overrides.items():
            if value is not None:
                setattr(config, name, value)
        return config

    def __repr__(self) -> str:
        return f"LLMConfig(model={self.model!r}, base_url={self.base_url!r}, api_key={'***' if self.api_key else None})"
