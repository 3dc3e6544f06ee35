"""Command line: the only place that prints, exits, or turns exceptions into exit codes.

Exit codes: 0 ok, 1 some report failed (or strict mode found problems), 2 usage or config error,
141 the reader of the output closed the pipe (128 + SIGPIPE), 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import __version__
from briefing.errors import BriefingError, ConfigError
from briefing.model import DEFAULT_SEEDS, Severity

if TYPE_CHECKING:
    from briefing.analyze.tags import Taxonomy
    from briefing.config import Config
    from briefing.model import Briefing

log = logging.getLogger("briefing")


def _setup_logging(verbose: int) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    root = logging.getLogger("briefing")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING)


def _print_issues(issues) -> None:
    for issue in issues:
        print(str(issue), file=sys.stderr)


def _load(args: argparse.Namespace):
    from briefing.config import load_config

    return load_config(Path(args.project).resolve())


# --- build ------------------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    from briefing.build import BuildOptions, StrictModeError, build

    config = _load(args)
    if sys.stderr.isatty():
        print(f"Building the digest from {config.seeds_shown}/ …", file=sys.stderr)
    options = BuildOptions(
        strict=args.strict, jobs=args.jobs, site=not args.no_site, use_cache=not args.no_cache
    )
    try:
        result = build(config, options)
    except StrictModeError as exc:
        _print_issues(exc.result.issues)
        raise
    _print_issues(result.issues)
    print(result.summary_line())
    if not args.no_site:
        print(f"Site written to {config.site_dir.relative_to(config.root)}/index.html")
    return 1 if result.skipped else 0


# --- analyze ----------------------------------------------------------------------------------


def analysis_record(path_as_given: str, briefing, issues) -> dict:
    """The stable JSON contract of `briefing analyze` (evaluation scripts depend on it)."""
    from briefing.render import body_markdown

    record: dict = {"file": path_as_given}
    if briefing is None:
        record.update(
            {
                "title": None,
                "source": None,
                "authors": [],
                "date": None,
                "body": None,
                "summary": [],
                "description": None,
                "tags": [],
                "keyphrases": [],
                "figures": [],
            }
        )
    else:
        report = briefing.report
        record.update(
            {
                "title": report.title,
                "source": report.source,
                "authors": list(report.authors),
                "date": report.date.date().isoformat() if report.date_origin != "unknown" else None,
                "body": body_markdown(briefing),
                "summary": list(briefing.summary),
                "description": briefing.description,
                "tags": [t.name for t in briefing.tags],
                "keyphrases": list(briefing.keyphrases),
                "figures": [
                    {
                        "text": f.text,
                        "kind": f.kind,
                        "sentence": f.sentence,
                        "form": f.form,
                        "ends": list(f.ends),
                    }
                    for f in briefing.figures
                ],
            }
        )
    record["issues"] = [
        {"severity": i.severity.value, "message": i.message, "line": i.line} for i in issues
    ]
    return record


def _project_or_none(args: argparse.Namespace) -> Config | None:
    """The project's settings, or None where there is no project to read: analyze needs none."""
    try:
        return _load(args)
    except (ConfigError, OSError):
        return None


def cmd_analyze(args: argparse.Namespace) -> int:
    from briefing.analyze.pipeline import AnalysisSettings
    from briefing.analyze.tags import load_taxonomy
    from briefing.build import _Job, _run_jobs, build_date_hints
    from briefing.ingest import DateHints
    from briefing.model import Seed

    if args.summary_sentences < 1:
        raise ConfigError("--summary-sentences must be at least 1")
    project = _project_or_none(args)
    if args.taxonomy:
        taxonomy_path = Path(args.taxonomy)
        if not taxonomy_path.is_file():  # named on purpose: no quiet fallback to no tags at all
            problem = "is not a file" if taxonomy_path.exists() else "does not exist"
            raise ConfigError(
                f"--taxonomy {args.taxonomy!r} {problem}; give the path of a taxonomy file, or "
                "leave --taxonomy out to use the project's"
            )
    elif project is not None:  # extra.digest.taxonomy, as build and check read it
        taxonomy_path = project.taxonomy_path
    else:
        taxonomy_path = Path(args.project) / "taxonomy.yml"
    shown = project.taxonomy_shown if project is not None and not args.taxonomy else None
    taxonomy, taxonomy_issues = load_taxonomy(taxonomy_path, shown)
    _print_issues(taxonomy_issues)
    settings = AnalysisSettings(summary_sentences=args.summary_sentences)
    folder = project.seeds_shown if project is not None else DEFAULT_SEEDS
    # The text listing says which date a build would give a report that states none (git's,
    # else the file's); JSON leaves it null: a scorer's results must not depend on a checkout.
    if args.format == "text":
        hints = build_date_hints(Path(name) for name in args.files)
    else:
        hints = [DateHints()] * len(args.files)
    jobs, unreadable = [], {}
    for name, dates in zip(args.files, hints, strict=True):
        try:
            data = Path(name).read_bytes()
        except OSError as exc:
            unreadable[name] = exc.strerror or str(exc)
            data = b""
        seed = Seed(Path(name).resolve(), name, data)
        jobs.append(
            _Job(seed, dates, args.max_bytes, settings, folder, max_bytes_setting="--max-bytes")
        )
    results, _ = _run_jobs(jobs, taxonomy, args.jobs or os.cpu_count() or 1)

    failed = 0
    records = []
    for name, (briefing, issues) in zip(args.files, results, strict=True):
        if name in unreadable:
            from briefing.model import Issue

            issues = (Issue(name, f"cannot be read ({unreadable[name]})"),)
        failed += briefing is None
        records.append((name, briefing, issues))

    if args.format == "json":
        json.dump(
            [analysis_record(n, b, i) for n, b, i in records],
            sys.stdout,
            ensure_ascii=False,
            indent=2,
        )
        print()
    elif args.format == "text":
        for name, briefing, issues in records:
            print(_explain(name, briefing, issues))
    else:
        for name, briefing, issues in records:
            print(json.dumps(analysis_record(name, briefing, issues), ensure_ascii=False))
    return 1 if failed else 0


def _at(issue) -> str:
    """Where in the file an issue is, for a listing whose heading names the file already."""
    if issue.line is None:
        return ""
    return f" at line {issue.line}" + (f", column {issue.column}" if issue.column else "")


def _date_shown(report) -> str:
    """The report's date and the rule that gave it; without one, what a build would do."""
    if report.date_origin == "unknown":  # no git or file date could be read
        return (
            "none stated (a build dates it by when git first added the file, else by the "
            "file's modification time)"
        )
    return f"{report.date.date().isoformat()} ({report.date_origin})"


def _figure_label(figure) -> str:
    """ "money", or "percent range", "money change" for a figure of two numbers."""
    return figure.kind if figure.form == "single" else f"{figure.kind} {figure.form}"


def _explain(name: str, briefing, issues) -> str:
    lines = [f"== {name}"]
    for issue in issues:
        lines.append(f"  {issue.severity.value}{_at(issue)}: {issue.message}")
    if briefing is None:
        lines.append("  (not analysed)")
        return "\n".join(lines)
    report = briefing.report
    lines += [
        f"  title:    {report.title}",
        f"  source:   {report.source or '(none stated)'}",
        f"  authors:  {', '.join(report.authors) or '(none found)'}",
        f"  date:     {_date_shown(report)}",
        f"  tags:     {', '.join(t.name for t in briefing.tags) or '(none)'}",
        f"  keyphrases: {', '.join(briefing.keyphrases)}",
        "  summary:",
        *[f"    - {s}" for s in briefing.summary],
        f"  description: {briefing.description}",
        "  figures:",
        *[f"    - {f.text} ({_figure_label(f)})" for f in briefing.figures],
        "  why:",
        *[f"    - {e}" for e in report.explanations],
    ]
    return "\n".join(lines)


# --- check, serve, new, clean -----------------------------------------------------------------


def _print_tag_suggestions(taxonomy: Taxonomy, briefings: list[Briefing]) -> None:
    from briefing.analyze import tags

    counts: Counter[str] = Counter()
    texts: dict[str, list[str]] = {}  # keyphrase → the bodies of the reports that have it
    for b in briefings:
        body = "\n".join(block.text for block in b.report.body if block.kind != "repeat")
        for phrase in set(b.keyphrases):
            counts[phrase] += 1  # in how many reports each keyphrase occurs
            texts.setdefault(phrase, []).append(body)
    total = len(briefings)
    reasons: dict[str, str | None] = {}  # keyphrase → why it is no tag (None: it may be one)

    def is_topic(phrase: str) -> bool:
        if phrase not in reasons:
            reasons[phrase] = tags.not_a_tag(phrase, texts.get(phrase, []))
        return reasons[phrase] is None

    suggestions = tags.suggest_tags(taxonomy, counts, total_reports=total, is_topic=is_topic)
    print(f"Frequent keyphrases not in the taxonomy (add them to {taxonomy.file} to tag reports):")
    for suggestion in suggestions:
        print(f"  {suggestion.phrase} ({suggestion.reports} reports)")
    if not suggestions:
        print("  (none: every keyphrase shared by two or more reports is covered)")
    ranked = tags.suggest_tags(taxonomy, counts, limit=len(counts))
    common = [s.phrase for s in ranked if tags.too_common_to_tag(s.reports, total)]

    def left_out(*why: str) -> list[str]:
        return [s.phrase for s in ranked if reasons.get(s.phrase) in why]

    for label, phrases in (
        (f"in more than half of the {total} reports (a tag on most helps no one)", common),
        (
            "people every report names (tag the named ones instead)",
            left_out(tags.EVERYDAY_PEOPLE),
        ),
        ("parts of longer names (add the whole name)", left_out(tags.NAME_PART)),
        (
            "seldom used as nouns of their own (verbs, adjectives, modifiers)",
            left_out(tags.NOT_A_NOUN),
        ),
        (
            "amounts, days and months (they say how much or when, not what about)",
            left_out(tags.AMOUNT_OR_TIME),
        ),
    ):
        if phrases:
            more = f" and {len(phrases) - 10} more" if len(phrases) > 10 else ""
            print(f"Left out, {label}: {', '.join(phrases[:10])}{more}")


def cmd_check(args: argparse.Namespace) -> int:
    from briefing.analyze.tags import load_taxonomy
    from briefing.build import BuildOptions, analyse_seeds, discover_seeds
    from briefing.corpus import pinned_slug_clashes, shared_tag_pages

    config = _load(args)
    taxonomy_bytes = config.taxonomy_path.read_bytes() if config.taxonomy_path.exists() else b""
    taxonomy, issues = load_taxonomy(config.taxonomy_path, config.taxonomy_shown)
    broken_taxonomy = any(i.severity is Severity.ERROR for i in issues)
    paths, discovery = discover_seeds(config.seeds_dir, config.seeds_shown)
    refused = [i for i in discovery if i.severity is Severity.ERROR]  # not a second link's note
    issues = list(issues) + discovery
    # the analyses a build stored are used as they are (their keys hold the code and the
    # inputs), so a check after a build is quick; nothing new is stored: check writes nothing
    briefings, found, skipped, _ = analyse_seeds(
        config, paths, taxonomy, taxonomy_bytes, BuildOptions(), write_cache=False
    )
    if broken_taxonomy:  # it knows no tag at all: "not in the taxonomy" would name every one
        from briefing.analyze.pipeline import is_unknown_tag_issue

        found = [i for i in found if not is_unknown_tag_issue(i)]
    issues += found
    # what only the whole corpus shows, as a build warns of it
    issues += pinned_slug_clashes(briefings, config.seeds_shown) + shared_tag_pages(
        briefings, config.seeds_shown, config.taxonomy_shown
    )
    _print_issues(issues)
    if args.suggest_tags:
        _print_tag_suggestions(taxonomy, briefings)
    print(
        f"{len(briefings)} reports ok, {skipped + len(refused)} with errors, "
        f"{sum(1 for i in issues if i.severity.value == 'warning')} warnings"
    )
    return 1 if skipped or refused or broken_taxonomy else 0


def _seed_state(folder: Path) -> tuple:
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for p in folder.rglob("*")
            if p.is_file()
        )
    )


def cmd_serve(args: argparse.Namespace) -> int:
    # This process rebuilds for as long as it serves. Every stage is loaded before the first
    # build reads the code's fingerprints, so the pages and analyses it records are keyed on
    # the code it runs even if the files change under it later (a no-op first build would
    # otherwise load the renderer or the analyzers only at the first change).
    import briefing.analyze.pipeline
    import briefing.feeds
    import briefing.ingest
    import briefing.render  # noqa: F401
    from briefing.build import BuildOptions, build

    config = _load(args)
    result = build(config, BuildOptions(site=False))
    _print_issues(result.issues)
    print(result.summary_line())

    def watch() -> None:
        state = _seed_state(config.seeds_dir)
        while True:
            time.sleep(1.0)
            current = _seed_state(config.seeds_dir)
            if current != state:
                state = current
                try:
                    rebuilt = build(config, BuildOptions(site=False))
                    _print_issues(rebuilt.issues)
                    print(f"{config.seeds_shown}/ changed: {rebuilt.summary_line()}", flush=True)
                except BriefingError as exc:
                    print(f"error: {exc}", file=sys.stderr, flush=True)

    threading.Thread(target=watch, daemon=True).start()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    path = (config.site_url or "/").split("//", 1)[-1].partition("/")[2]
    print(f"Serving at http://{args.dev_addr}/{path} (Ctrl-C stops)", flush=True)
    try:
        return subprocess.call(command, cwd=config.root, env=env)
    except KeyboardInterrupt:
        return 0


def cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    import yaml

    from briefing.ingest import TEMPLATE_PLACEHOLDER
    from briefing.text import slugify

    config = _load(args)
    target = config.seeds_dir / f"{slugify(args.title)}.txt"
    if target.exists():
        raise ConfigError(
            f"{config.seeds_shown}/{target.name} already exists; choose another title"
        )
    today = dt.datetime.now(dt.UTC).date().isoformat()
    front = yaml.safe_dump(
        {
            "title": args.title,
            # pinned, so editing the title later does not move the page (and break links to it)
            "slug": target.stem,
            "date": today,
            "source": args.source or "",
            "authors": [],
            "tags": [],
        },
        sort_keys=False,
        allow_unicode=True,
    )
    target.write_text(f"---\n{front}---\n\n{TEMPLATE_PLACEHOLDER}\n", encoding="utf-8")
    print(f"Created {config.seeds_shown}/{target.name}")
    return 0


def cmd_clean(args: argparse.Namespace) -> int:
    from briefing.output import build_lock, remove_outputs

    config = _load(args)
    with build_lock(config.docs_dir):
        count = remove_outputs(config.docs_dir)
    print(
        f"Removed {count} generated files from {config.docs_dir.name}/ (the analysis cache is kept)"
    )
    return 0


# --- search-index -----------------------------------------------------------------------------


def cmd_search_index(args: argparse.Namespace) -> int:
    from briefing.search import index_site

    config = _load(args)
    if args.cpus is not None and args.cpus < 0:
        raise ConfigError("--cpus must be 0 (all) or more")
    result = index_site(
        config.site_dir, config.cache_dir / "search", force=args.force, cpus=args.cpus or None
    )
    print(result.summary_line())
    return 0


# --- parser -----------------------------------------------------------------------------------


def _one_or_more(what: str, option: str, default: str) -> Callable[[str], int]:
    """An argparse type for a count of at least 1: "--jobs 0" meant one per core and
    "--max-bytes 0" refused every file, each silently."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(
                f"expected {what}, 1 or more (got {text!r}); leave {option} out for {default}"
            )
        return value

    return parse


_worker_count = _one_or_more("a number of worker processes", "--jobs", "one per core")
_byte_limit = _one_or_more("a size in bytes", "--max-bytes", "2 MB")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing", description="Turn field reports into a briefing site and feeds."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more detail (-vv: debug)"
    )
    parser.add_argument(
        "--project", default=".", help="project folder holding mkdocs.yml (default: .)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build pages, feeds and the site from seeds/")
    p.add_argument(
        "--strict",
        action="store_true",
        help="fail on any error or warning, before writing anything",
    )
    p.add_argument(
        "--no-site", action="store_true", help="stop after writing docs/ and feeds (skip MkDocs)"
    )
    p.add_argument(
        "--jobs",
        type=_worker_count,
        default=None,
        metavar="N",
        help="worker processes (default: one per core)",
    )
    p.add_argument("--no-cache", action="store_true", help="re-analyse every report")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("analyze", help="print what the analyzer makes of report files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument(
        "--format",
        choices=("jsonl", "json", "text"),
        default="jsonl",
        help="output format (default: jsonl)",
    )
    p.add_argument(
        "--summary-sentences", type=int, default=3, metavar="K", help="summary length (default: 3)"
    )
    p.add_argument(
        "--taxonomy", default=None, help="taxonomy file (default: taxonomy.yml of the project)"
    )
    p.add_argument(
        "--jobs",
        type=_worker_count,
        default=None,
        metavar="N",
        help="worker processes (default: one per core)",
    )
    p.add_argument(
        "--max-bytes",
        type=_byte_limit,
        default=2 * 1024 * 1024,
        help="refuse larger files (default: 2 MB)",
    )
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("check", help="validate seeds, taxonomy and config without writing")
    p.add_argument(
        "--suggest-tags",
        action="store_true",
        help="list frequent keyphrases missing from the taxonomy",
    )
    p.set_defaults(func=cmd_check)

    p = sub.add_parser(
        "serve", help="build, then preview with mkdocs serve, rebuilding when seeds/ change"
    )
    p.add_argument(
        "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)"
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "new", help="create a new report file in seeds/ with front matter to fill in"
    )
    p.add_argument("title")
    p.add_argument("--source", default=None)
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("search-index", help="index the built site's reports for search (Pagefind)")
    p.add_argument("--force", action="store_true", help="rebuild even when no report page changed")
    p.add_argument(
        "--cpus",
        type=int,
        default=1,
        metavar="N",
        help="CPUs for Pagefind (default: 1, which keeps its memory lowest; 0: all)",
    )
    p.set_defaults(func=cmd_search_index)

    p = sub.add_parser("clean", help="remove generated pages and feeds (listed in the manifest)")
    p.set_defaults(func=cmd_clean)
    return parser


# 128 + SIGPIPE, the status a shell reports for a command ended by a closed pipe (as 130 is for
# Ctrl-C).
_CLOSED_PIPE_EXIT = 141


def _discard_output() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):  # either can be the closed pipe (2>&1 | head)
        with contextlib.suppress(OSError, ValueError):  # not a file (replaced, or closed)
            os.dup2(devnull, stream.fileno())
    os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.verbose)
    try:
        status = args.func(args)
        sys.stdout.flush()  # a reader that left shows here, not in the interpreter's last flush
        return status
    except BrokenPipeError:
        # `briefing analyze … | head -1`: the reader has all it wanted. Later writes, and the
        # flush at exit, go nowhere instead of raising again.
        _discard_output()
        return _CLOSED_PIPE_EXIT
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
