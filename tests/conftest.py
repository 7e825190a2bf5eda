from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from factdiff.llm.config import LLMConfig

from .openai_server import OpenAIServer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
CLUSTERS = sorted(p for p in EXAMPLES.iterdir() if (p / "gold.json").exists())


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}); the shared corpus and datasets tests need it")
    return SHARED


@pytest.fixture(scope="session")
def example_briefings() -> dict[str, object]:
    import factdiff

    return {cluster.name: factdiff.diff(factdiff.load(cluster)) for cluster in CLUSTERS}


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    server = OpenAIServer()
    yield server
    server.close()


@pytest.fixture
def llm_config(openai_server: OpenAIServer, tmp_path: Path) -> LLMConfig:
    return LLMConfig(
        model="test-model",
        base_url=openai_server.base_url,
        api_key=SecretStr("sk-test-secret-key"),
        cache_dir=tmp_path / "cache",
        timeout=5.0,
        retry_wait_cap=2.0,
    )
