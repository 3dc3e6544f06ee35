"""Where the digest's time goes: one in-process build under cProfile, summed by pipeline stage.

    python benchmarks/profile_build.py benchmarks/work/n1000/briefing [--cold] [--top 25]

It runs the digest step only (no MkDocs) with one process (`--jobs 1`), so the per-report stages
are all in this profile; `--cold` ignores the analysis cache, as a first build does. Stages are
matched by function name, so a stage whose implementation is replaced shows up as long as the
entry point keeps its name; anything else is in "other".
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
from pathlib import Path

# (label, module suffix, function) — cumulative time of each, from cProfile.
STAGES = [
    ("read seeds + cache keys", "briefing/build.py", "analyse_seeds"),
    ("cache reads", "briefing/build.py", "get"),
    ("cache writes", "briefing/build.py", "put"),
    ("ingest (decode, clean, metadata)", "briefing/ingest.py", "ingest"),
    ("analyze, all of it", "briefing/analyze/pipeline.py", "analyze"),
    ("  sentence splitting", "briefing/analyze/sentences.py", "split_sentences"),
    ("  summary", "briefing/analyze/summarize.py", "summarize"),
    ("  tags", "briefing/analyze/tags.py", "match_tags"),
    ("  keyphrases", "briefing/analyze/keyphrases.py", "extract_keyphrases"),
    ("  figures", "briefing/analyze/figures.py", "extract_figures"),
    ("corpus: ids", "briefing/corpus.py", "assign_ids"),
    ("corpus: related reports", "briefing/corpus.py", "related_reports"),
    ("render + feeds (generate)", "briefing/build.py", "generate"),
    ("  report pages", "briefing/render.py", "report_page"),
    ("  tag pages", "briefing/render.py", "tag_pages"),
    ("  archive pages", "briefing/render.py", "archive_pages"),
    ("  edition pages", "briefing/render.py", "edition_pages"),
    ("  front matter (YAML dump)", "briefing/render.py", "_dump"),
    ("  feeds", "briefing/feeds.py", "build_feeds"),
    ("write files", "briefing/output.py", "write_outputs"),
    ("whole build", "briefing/build.py", "build"),
]


def stage_times(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    """(label, cumulative seconds, calls) per stage; recursion-safe because cProfile is."""
    raw = stats.stats  # type: ignore[attr-defined]  # pstats keeps its table there; typeshed omits it
    out = []
    for label, module, function in STAGES:
        seconds, calls = 0.0, 0
        for (filename, _line, name), (_cc, nc, _tt, ct, _callers) in raw.items():
            if name == function and filename.replace("\\", "/").endswith(module):
                seconds += ct
                calls += nc
        out.append((label, seconds, calls))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--cold", action="store_true", help="ignore the analysis cache")
    parser.add_argument("--top", type=int, default=20, help="also list the N costliest functions")
    parser.add_argument("--save", type=Path, help="write the raw profile here (for snakeviz etc.)")
    args = parser.parse_args(argv)

    from briefing.build import BuildOptions, build
    from briefing.config import load_config

    config = load_config(args.project.resolve())
    # clean output first, so every page is rendered and written as in a build from clean
    from briefing.output import remove_outputs

    remove_outputs(config.docs_dir)
    shutil.rmtree(config.site_dir, ignore_errors=True)
    options = BuildOptions(jobs=1, site=False, use_cache=not args.cold)
    profiler = cProfile.Profile()
    result = profiler.runcall(build, config, options)
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler)
    n = len(result.briefings) or 1
    print(result.summary_line())
    print(f"\n{'stage':<36} {'seconds':>8} {'ms/report':>10} {'calls':>8}")
    for label, seconds, calls in stage_times(stats):
        print(f"{label:<36} {seconds:8.3f} {1000 * seconds / n:10.3f} {calls:8d}")
    if args.top:
        print()
        stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
