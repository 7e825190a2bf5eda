"""factdiff: what several news articles agree on, where they disagree, and what rests on one source."""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import FactdiffError, InputError, NoArticlesError  # noqa: E402
from .load import Loaded, load  # noqa: E402
from .models import (  # noqa: E402
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
from .pipeline import diff  # noqa: E402

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
