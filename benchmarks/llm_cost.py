"""Model-call cost and latency of the llm engine, against the scripted OpenAI-protocol test server.

For each concurrency (1, 4, 16) it runs the whole pipeline with a simulated per-call latency and
prints: calls per article, prompt tokens per article token, completion tokens, wall time against the
critical-path bound (each stage's calls in rounds of `concurrency`, times the latency), and the calls
of a cached re-run (expected: zero).

    python benchmarks/llm_cost.py [--latency 0.4] [--concurrency 1,4,16]
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import factdiff  # noqa: E402
from factdiff.llm.config import LLMConfig  # noqa: E402
from factdiff.sentences import analysed_regions  # noqa: E402
from factdiff.tokens import count_tokens  # noqa: E402
from tests.openai_server import OpenAIServer, Reply, Request, ScriptedModel  # noqa: E402


def inputs() -> list[Path]:
    paths = sorted((ROOT / "examples").glob("*/*.txt"))
    shared = ROOT.parent / "shared" / "corpus" / "nato-india-2023"
    return paths + sorted(shared.glob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--latency", type=float, default=0.4, help="seconds the server takes per call")
    parser.add_argument("--concurrency", default="1,4,16")
    args = parser.parse_args()

    loaded = factdiff.load(inputs())
    article_tokens = sum(
        count_tokens(a.text[s:e]) for a in loaded.articles for s, e in analysed_regions(a)
    )
    server = OpenAIServer()
    model = ScriptedModel(conflicts=("sprinkler", "levy"))

    def respond(request: Request) -> Reply:
        reply = model(request)
        reply.delay = args.latency
        return reply

    server.respond = respond
    print(f"{len(loaded.articles)} articles, {article_tokens} article tokens, latency {args.latency} s per call\n")
    print(f"{'conc.':>5}{'calls':>7}{'calls/art':>10}{'prompt/art tok':>15}{'completion':>11}"
          f"{'wall s':>8}{'bound s':>8}{'re-run calls':>13}")
    for concurrency in (int(c) for c in args.concurrency.split(",")):
        with tempfile.TemporaryDirectory() as cache:
            config = LLMConfig(model="test-model", base_url=server.base_url, concurrency=concurrency,
                               cache_dir=Path(cache))
            server.requests.clear()
            started = time.perf_counter()
            briefing = factdiff.diff(loaded, llm=config)
            wall = time.perf_counter() - started
            by_stage: dict[str, int] = {}
            for request in server.requests:
                by_stage[request.stage] = by_stage.get(request.stage, 0) + 1
            # The stages run one after another; inside a stage, calls go out `concurrency` at a time.
            bound = sum(math.ceil(n / concurrency) for n in by_stage.values()) * args.latency
            usage = briefing.usage
            server.requests.clear()
            again = factdiff.diff(loaded, llm=config)
            print(f"{concurrency:>5}{usage.llm_calls:>7}{usage.llm_calls / len(loaded.articles):>10.2f}"
                  f"{usage.prompt_tokens / article_tokens:>15.2f}{usage.completion_tokens:>11}"
                  f"{wall:>8.2f}{bound:>8.2f}{len(server.requests):>13}")
            assert again.usage.llm_calls == 0
    print(f"\ncalls by stage: {by_stage}")
    for name, stage in usage.stages.items():
        print(f"  {name:<10} prompt tokens {int(stage['prompt_tokens']):>7}  completion tokens "
              f"{int(stage['completion_tokens']):>6}")
    server.close()


if __name__ == "__main__":
    main()
