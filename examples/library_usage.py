"""Using factdiff from Python: load articles, diff them, read the findings, save the reports."""

from __future__ import annotations

import sys
from pathlib import Path

import factdiff

cluster = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent / "transit-levy"
loaded = factdiff.load(cluster)
for problem in loaded.problems:
    print(f"skipped {problem.path}: {problem.message}", file=sys.stderr)

briefing = factdiff.diff(loaded)
sources = {article.id: article.source for article in briefing.articles}
for discrepancy in briefing.discrepancies:
    print(f"{discrepancy.kind}: {discrepancy.topic}")
    for side in discrepancy.sides:
        print(f"   {', '.join(sources[a] for a in side.article_ids)} -> {side.value}")
for item in briefing.unsupported:
    print(f"{item.reason}: {briefing.claim(item.claim_id).text}")
briefing.save("out/library-usage", ("md", "json"))
