from __future__ import annotations

from pathlib import Path

import pytest

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
