"""CPU time per pipeline stage, without a profiler's overhead: what each stage really costs.

    python benchmarks/stage_times.py benchmarks/work/n1000/briefing [--limit 300] [--repeat 3]

cProfile (`profile_build.py`) says where the time goes but roughly doubles it; this script runs
each stage on its own over the project's seeds, in one process, and reads `time.process_time()`
around it, so its numbers hold on a machine shared with other jobs (CPU time is not stretched by
waiting). Each stage runs `--repeat` times and the fastest run is kept. Analyzers that take the
output of another stage get that output precomputed, so every line is that stage alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from briefing import render
from briefing.analyze import pipeline
from briefing.analyze.figures import extract_figures
from briefing.analyze.keyphrases import extract_keyphrases
from briefing.analyze.summarize import summarize
from briefing.analyze.tags import load_taxonomy, match_tags
from briefing.build import discover_seeds, generate
from briefing.config import load_config
from briefing.corpus import assign_ids, related_reports
from briefing.ingest import ingest
from briefing.model import Seed

HERE = Path(__file__).resolve().parent


def clear_caches() -> None:
    """Empty the package's memo caches, so a repeated run costs what a fresh build's does."""
    for name, module in list(sys.modules.items()):
        if name.startswith("briefing"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def cpu(fn: Callable[[], object], repeat: int) -> float:
    """Fastest CPU seconds of `repeat` runs, each from empty memo caches."""
    best = float("inf")
    for _ in range(repeat):
        clear_caches()
        started = time.process_time()
        fn()
        best = min(best, time.process_time() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--limit", type=int, default=0, help="only the first N seeds (0: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only", default="", help="comma-separated words: stages whose label has one"
    )
    args = parser.parse_args(argv)

    config = load_config(args.project.resolve())
    taxonomy, _ = load_taxonomy(config.taxonomy_path)
    paths, _ = discover_seeds(config.seeds_dir)
    if args.limit:
        paths = paths[: args.limit]
    seeds = [Seed(p, p.relative_to(config.seeds_dir).as_posix(), p.read_bytes()) for p in paths]
    settings = pipeline.AnalysisSettings(summary_sentences=config.summary_sentences)
    reports = [r for r in (ingest(s).report for s in seeds) if r is not None]
    paragraphs = [pipeline.paragraph_sentences(r) for r in reports]
    sentences = [[s for p in ps for s in p] for ps in paragraphs]
    texts = ["\n".join(s) for s in sentences]
    briefings = related_reports(
        assign_ids([pipeline.analyze(r, taxonomy, settings) for r in reports])
    )
    n = len(reports)

    stages: list[tuple[str, Callable[[], object]]] = [
        ("ingest", lambda: [ingest(s) for s in seeds]),
        ("sentence split", lambda: [pipeline.paragraph_sentences(r) for r in reports]),
        (
            "summary",
            lambda: [
                summarize(p, settings.summary_sentences, title=r.title)
                for p, r in zip(paragraphs, reports, strict=True)
            ],
        ),
        (
            "tags",
            lambda: [match_tags(taxonomy, r.title, t) for r, t in zip(reports, texts, strict=True)],
        ),
        (
            "keyphrases",
            lambda: [
                extract_keyphrases(r.title, s, settings.keyphrases)
                for r, s in zip(reports, sentences, strict=True)
            ],
        ),
        ("figures", lambda: [extract_figures(s) for s in sentences]),
        ("analyze, all of it", lambda: [pipeline.analyze(r, taxonomy, settings) for r in reports]),
        ("corpus: ids + related", lambda: related_reports(assign_ids(briefings))),
        (
            "report pages",
            lambda: [render.report_page(b, filed=render.FIRST_PAGES) for b in briefings],
        ),
        ("generate (pages + feeds)", lambda: generate(config, briefings)),
    ]
    print(f"{n} reports, {sum(len(t.split()) for t in texts) / max(n, 1):.0f} words each")
    print(f"{'stage':<28} {'CPU s':>8} {'ms/report':>10}")
    wanted = [w for w in args.only.split(",") if w]
    for label, fn in stages:
        if wanted and not any(w in label for w in wanted):
            continue
        seconds = cpu(fn, args.repeat)
        print(f"{label:<28} {seconds:8.3f} {1000 * seconds / max(n, 1):10.3f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
