"""factdiff: what several news articles agree on, where they disagree, and what rests on one source."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import FactdiffError, InputError, NoArticlesError
from .llm.config import LLMConfig
from .load import Loaded, load
from .models import (
    Article,
    Brief,
    Briefing,
    BriefSentence,
    Claim,
    Discrepancy,
    Evidence,
    Fact,
    Problem,
    Side,
    Slot,
    Unsupported,
    Usage,
    briefing_schema,
)
from .pipeline import diff

__all__ = [
    "Article",
    "Brief",
    "BriefSentence",
    "Briefing",
    "Claim",
    "Discrepancy",
    "Evidence",
    "Fact",
    "FactdiffError",
    "InputError",
    "LLMConfig",
    "Loaded",
    "NoArticlesError",
    "Problem",
    "Side",
    "Slot",
    "Unsupported",
    "Usage",
    "__version__",
    "briefing_schema",
    "diff",
    "load",
]
