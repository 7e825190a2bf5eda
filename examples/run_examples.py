"""Generate the briefing of every example cluster and score it against its gold file.

python examples/run_examples.py            # writes out/<cluster>/briefing.{md,json}
"""

from __future__ import annotations

from pathlib import Path

import factdiff
from factdiff.evaluate import format_table, load_gold, score

HERE = Path(__file__).resolve().parent


def main() -> None:
    for cluster in sorted(p for p in HERE.iterdir() if (p / "gold.json").is_file()):
        briefing = factdiff.diff(factdiff.load(cluster))
        written = briefing.save(Path("out") / cluster.name, ("md", "json"))
        print(
            f"== {cluster.name}: {len(briefing.discrepancies)} discrepancies, "
            f"{len(briefing.unsupported)} unsupported; wrote {', '.join(map(str, written))}"
        )
        print(format_table(score(briefing, load_gold(cluster / "gold.json"))))


if __name__ == "__main__":
    main()
