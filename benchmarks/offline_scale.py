"""How the offline engine scales: wall time, peak memory and claims per second at ~50, 200 and 1000 articles.

Inputs are built from our example clusters and the 46 real articles of
../shared/datasets/nanco/documents_recession.json; each copy drops a random fifth of the
paragraphs and opens with a short dispatch line, so that no two inputs are identical.
Each size runs in a fresh process so peak memory (ru_maxrss) is its own.

    python benchmarks/offline_scale.py [--sizes 50,200,1000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NANCO = ROOT.parent / "shared" / "datasets" / "nanco" / "documents_recession.json"


def base_articles() -> list[dict[str, str]]:
    articles = []
    for path in sorted((ROOT / "examples").glob("*/*.txt")):
        articles.append({"text": path.read_text(encoding="utf-8"), "source": path.stem})
    if NANCO.exists():
        for record in json.loads(NANCO.read_text(encoding="utf-8")):
            articles.append(
                {"text": record["content"], "source": record.get("domain", "nanco"), "title": record.get("title", "")}
            )
    else:
        print(f"note: {NANCO} is absent; using the example clusters only", file=sys.stderr)
    return articles


def build(size: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    base = base_articles()
    out = []
    copy = 0
    while len(out) < size:
        for article in base:
            if len(out) >= size:
                break
            paragraphs = [p for p in article["text"].split("\n") if p.strip()]
            kept = [p for p in paragraphs if rng.random() > 0.2] or paragraphs[:1] if copy else paragraphs
            # A short dispatch line (too short to be a claim) keeps every copy distinct from the others.
            text = f"Dispatch {copy}.\n\n" + "\n\n".join(kept)
            out.append({**article, "text": text, "source": f"{article['source']}#{copy}"})
        copy += 1
    return out


def run_one(size: int) -> dict[str, float]:
    import factdiff

    articles = build(size)
    started = time.perf_counter()
    briefing = factdiff.diff(factdiff.load(articles))
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "articles": len(briefing.articles),
        "claims": len(briefing.claims),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb, 1),
        "claims_per_second": round(len(briefing.claims) / seconds, 1),
        "discrepancies": len(briefing.discrepancies),
        "facts": len(briefing.facts),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"{'articles':>9}{'claims':>8}{'seconds':>9}{'peak MB':>9}{'claims/s':>10}{'discrep.':>10}{'facts':>7}")
    for row in rows:
        print(
            f"{row['articles']:>9}{row['claims']:>8}{row['seconds']:>9}{row['peak_mb']:>9}"
            f"{row['claims_per_second']:>10}{row['discrepancies']:>10}{row['facts']:>7}"
        )


if __name__ == "__main__":
    main()
