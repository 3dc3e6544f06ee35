"""The performance benchmark: our build against MkDocs alone, Material's blog, Pelican and the
Python-Markdown floor, on the same synthetic reports, in one run.

    python benchmarks/run.py                    # N = 200, 1,000 and 5,000 (slow: ~15 min)
    python benchmarks/run.py --sizes 200 --skip-others

Everything it creates lives in benchmarks/work/ (ignored by git): one project folder per N for
each builder, and one virtualenv each for Material's blog and Pelican, so their dependencies never
touch ours. Results are appended to benchmarks/work/results.json and printed as Markdown tables.

Wall time is measured around each command; peak RSS is the largest resident set of any process
the command ran (the build, its analysis workers, MkDocs), read with os.wait4 as /usr/bin/time -v
does. Ratios are only meaningful between numbers of the same run: the machine may be busy.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


WORK = HERE / "work"
# Same versions as requirements.lock for what we share; Pelican at its current release.
MATERIAL_PINS = ["mkdocs==1.6.1", "mkdocs-material==9.8.1"]
PELICAN_PINS = ["pelican==4.12.0", "Markdown==3.11.3"]
PELICAN_WARM = "Pelican, its cache warm"
ONE_ADDED = "one report added, full (clean output, warm cache)"
EPOCH = "1735689600"  # 2025-01-01: a fixed "now", so every build of a size is the same build


@dataclass
class Measurement:
    case: str
    seconds: float
    peak_rss_mib: float
    cpu_seconds: float
    returncode: int
    output_tail: str = ""


def measure(case: str, command: list[str], cwd: Path, env: dict[str, str]) -> Measurement:
    """Run one command and read its wall time, CPU and peak RSS (of its whole process tree)."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    tail = "\n".join(output.strip().splitlines()[-4:])
    result = Measurement(
        case=case,
        seconds=round(seconds, 3),
        peak_rss_mib=round(usage.ru_maxrss / 1024, 1),
        cpu_seconds=round(usage.ru_utime + usage.ru_stime, 2),
        returncode=proc.returncode,
        output_tail=tail,
    )
    flag = "" if proc.returncode == 0 else f"  FAILED (exit {proc.returncode})\n{output[-3000:]}"
    print(f"  {case:<28} {seconds:8.2f} s  {result.peak_rss_mib:7.1f} MiB{flag}", flush=True)
    return result


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, PYTHONDONTWRITEBYTECODE="1")
    env.pop("PYTHONPATH", None)
    return env


def ensure_venv(name: str, packages: list[str], extra_args: list[str] = ()) -> Path:
    """A virtualenv of our own under work/, created once; its stamp names what it holds."""
    folder = WORK / name
    stamp = folder / ".installed"
    wanted = " ".join([*packages, *extra_args])
    if stamp.exists() and stamp.read_text() == wanted:
        return folder / "bin"
    shutil.rmtree(folder, ignore_errors=True)
    print(f"setting up {name} ({' '.join(packages)}) …", flush=True)
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    pip = [str(folder / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "wheel"], check=True)
    subprocess.run([*pip, "install", *packages, *extra_args], check=True)
    stamp.write_text(wanted)
    return folder / "bin"


# --- corpora -----------------------------------------------------------------------------------


def tracked_files(*folders: str) -> list[str]:
    """Hand-written files of the project (what a clean checkout has), never build output."""
    out = subprocess.run(
        ["git", "ls-files", "--", *folders], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [line for line in out.splitlines() if line]


def reset_docs(project: Path) -> None:
    """Clean output: docs/ as in a fresh checkout and no site/ (the analysis cache stays)."""
    shutil.rmtree(project / "docs", ignore_errors=True)
    shutil.rmtree(project / "site", ignore_errors=True)
    for rel in tracked_files("docs"):
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / rel, target)


def prepare_ours(n: int, reports: list[corpus.SyntheticReport]) -> Path:
    project = WORK / f"n{n}" / "briefing"
    project.mkdir(parents=True, exist_ok=True)
    for rel in ["mkdocs.yml", "taxonomy.yml", *tracked_files("overrides", "hooks")]:
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        corpus.write_if_changed(target, (ROOT / rel).read_text(encoding="utf-8"))
    seeds = project / "seeds"
    for report in reports:
        corpus.write_if_changed(seeds / f"{report.stem}.txt", corpus.seed_text(report))
    corpus.prune(seeds, {f"{r.stem}.txt" for r in reports})
    return project


MATERIAL_CONFIG = """\
site_name: Benchmark blog
site_url: https://example.org/blog/
theme:
  name: material
  font: false
plugins:
  - blog
  - tags
  - search
nav:
  - Blog: blog/index.md
  - Tags: tags.md
"""


def prepare_material(n: int, reports: list[corpus.SyntheticReport]) -> Path:
    project = WORK / f"n{n}" / "material"
    posts = project / "docs" / "blog" / "posts"
    corpus.write_if_changed(project / "mkdocs.yml", MATERIAL_CONFIG)
    corpus.write_if_changed(project / "docs" / "blog" / "index.md", "# Blog\n")
    corpus.write_if_changed(project / "docs" / "tags.md", "# Tags\n\n<!-- material/tags -->\n")
    for report in reports:
        corpus.write_if_changed(posts / f"{report.stem}.md", corpus.material_post(report))
    corpus.prune(posts, {f"{r.stem}.md" for r in reports})
    return project


PELICAN_CONFIG = """\
AUTHOR = "Benchmark"
SITENAME = "Benchmark"
SITEURL = "https://example.org/pelican"
FEED_DOMAIN = SITEURL
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
FEED_ALL_ATOM = "feeds/all.atom.xml"
FEED_ALL_RSS = "feeds/all.rss.xml"
TAG_FEED_ATOM = "feeds/tag/{slug}.atom.xml"
TAG_FEED_RSS = "feeds/tag/{slug}.rss.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 50
DEFAULT_PAGINATION = 10
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def prepare_pelican(n: int, reports: list[corpus.SyntheticReport]) -> Path:
    project = WORK / f"n{n}" / "pelican"
    content = project / "content"
    corpus.write_if_changed(project / "pelicanconf.py", PELICAN_CONFIG)
    for report in reports:
        corpus.write_if_changed(content / f"{report.stem}.md", corpus.pelican_article(report))
    corpus.prune(content, {f"{r.stem}.md" for r in reports})
    return project


def without_hooks(config_text: str) -> str:
    """mkdocs.yml with its `hooks:` list taken out (the list is a top-level key)."""
    out, skipping = [], False
    for line in config_text.splitlines(keepends=True):
        if line.startswith("hooks:"):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


# --- one size ----------------------------------------------------------------------------------

SUMMARY = re.compile(r"(\d+) published.*?; (\d+) analysed, (\d+) from cache")


def parse_summary(text: str) -> dict[str, int] | None:
    match = SUMMARY.search(text)
    if not match:
        return None
    published, analysed, cached = (int(g) for g in match.groups())
    return {"published": published, "analysed": analysed, "from_cache": cached}


def run_size(n: int, args: argparse.Namespace) -> dict:
    print(f"\nN = {n:,}", flush=True)
    reports = list(corpus.reports(n, ROOT / "taxonomy.yml", seed=args.seed))
    words = sum(len(" ".join(r.paragraphs).split()) for r in reports) / n
    project = prepare_ours(n, reports)
    env = base_env()
    py = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
    build = [py, str(ROOT / "build_digest.py"), *(["--jobs", str(args.jobs)] if args.jobs else [])]
    results: list[Measurement] = []
    summaries: dict[str, dict[str, int] | None] = {}

    def ours(case: str, command: list[str]) -> Measurement:
        m = measure(case, command, project, env)
        summaries[case] = parse_summary(m.output_tail)
        results.append(m)
        return m

    # (a) cold: no cache, clean output
    shutil.rmtree(project / ".cache", ignore_errors=True)
    reset_docs(project)
    ours("full build, cold cache", build)
    # (a) clean output, warm cache: what CI does with a restored cache
    reset_docs(project)
    ours("full build, warm cache", build)
    # (b) MkDocs alone on the pages we generated, without our optional hook (hooks/): the
    # MkDocs + Material floor for these pages, as any MkDocs site would build them
    shutil.rmtree(project / "site")
    floor_config = project / "mkdocs-floor.yml"
    floor_config.write_text(without_hooks((project / "mkdocs.yml").read_text(encoding="utf-8")))
    results.append(
        measure(
            "mkdocs build alone",
            [py, "-m", "mkdocs", "build", "-q", "-f", floor_config.name],
            project,
            env,
        )
    )
    # (c) nothing changed
    ours("no-op rebuild, digest only", [*build, "--no-site"])
    ours("no-op rebuild, full", build)
    # (d) one report edited: exactly one must be re-analysed
    victim = sorted((project / "seeds").iterdir())[n // 2]
    original = victim.read_bytes()
    victim.write_bytes(original + b"\nOne more sentence was added by the benchmark.\n")
    try:
        ours("one report edited, digest only", [*build, "--no-site"])
    finally:
        victim.write_bytes(original)
    # (d') what a CI job does after a push that adds one report: clean output, cache restored,
    # one new seed; the whole build, MkDocs included
    reset_docs(project)
    added = project / "seeds" / "zz-added-by-the-benchmark.txt"
    added.write_bytes(original.replace(b"title: ", b"title: Added ", 1))
    try:
        ours(ONE_ADDED, build)
    finally:
        added.unlink()
    # (f) Python-Markdown alone on the same pages
    floor = measure(
        "python-markdown alone",
        [py, str(HERE / "markdown_floor.py"), "docs", "mkdocs.yml"],
        project,
        env,
    )
    floor_json = json.loads(floor.output_tail.splitlines()[-1]) if floor.returncode == 0 else {}
    results.append(floor)

    if not args.skip_others:
        # (e) Material's blog + tags + search, and Pelican with per-tag feeds
        material_bin = ensure_venv(
            "venv-material", MATERIAL_PINS, ["-c", str(ROOT / "requirements.lock")]
        )
        material = prepare_material(n, reports)
        shutil.rmtree(material / "site", ignore_errors=True)
        results.append(
            measure(
                "Material blog+tags+search",
                [str(material_bin / "python"), "-m", "mkdocs", "build", "-q"],
                material,
                env,
            )
        )
        pelican_bin = ensure_venv("venv-pelican", PELICAN_PINS)
        pelican = prepare_pelican(n, reports)
        pelican_build = [
            str(pelican_bin / "pelican"),
            *("content", "-s", "pelicanconf.py", "-o", "output", "-q"),
        ]
        # as our cold and warm builds: first without its content cache, then from clean output
        # with the cache the first run left (Pelican then skips reading unchanged articles)
        shutil.rmtree(pelican / "output", ignore_errors=True)
        shutil.rmtree(pelican / "cache", ignore_errors=True)
        results.append(measure("Pelican + per-tag feeds", pelican_build, pelican, env))
        shutil.rmtree(pelican / "output", ignore_errors=True)
        results.append(measure(PELICAN_WARM, pelican_build, pelican, env))
    return {
        "n": n,
        "words_per_report": round(words),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "jobs": args.jobs or os.cpu_count(),
        "pages_rendered_by_markdown": floor_json.get("pages"),
        "markdown_seconds_in_process": floor_json.get("seconds"),
        "summaries": summaries,
        "measurements": [asdict(m) for m in results],
    }


# --- reporting ---------------------------------------------------------------------------------


def by_case(run: dict) -> dict[str, dict]:
    return {m["case"]: m for m in run["measurements"]}


def ratios(run: dict) -> list[tuple[str, float | None, float | None, str]]:
    """(what, by wall time, by CPU time, target) for the issue's targets that one size can show.

    CPU time (user + system of the whole process tree) is shown beside wall time because other
    work on a shared machine stretches wall times unevenly; CPU time is what each build costs.
    """
    m = by_case(run)

    def t(case: str, field: str) -> float | None:
        return m[case][field] if case in m and m[case]["returncode"] == 0 else None

    def div(a: str, b: str, field: str) -> float | None:
        x, y = t(a, field), t(b, field)
        return round(x / y, 3) if x is not None and y else None

    full, cold, floor = "full build, warm cache", "full build, cold cache", "mkdocs build alone"
    pelican, material = "Pelican + per-tag feeds", "Material blog+tags+search"
    noop = "no-op rebuild, digest only"
    pairs = [
        ("full (warm) / mkdocs alone", full, floor, "≤ 1.3"),
        ("full (cold) / mkdocs alone", cold, floor, "≤ 1.8"),
        ("Pelican / full (warm)", pelican, full, "> 1"),
        ("Pelican, its cache warm / full (warm)", PELICAN_WARM, full, "> 1"),
        ("Material blog / full (warm)", material, full, "≥ 3.5"),
        ("Material blog / full (cold)", material, cold, "≥ 2"),
        ("no-op digest / full (warm)", noop, full, "≤ 0.05"),
    ]
    rows = [
        (what, div(a, b, "seconds"), div(a, b, "cpu_seconds"), tgt) for what, a, b, tgt in pairs
    ]
    peak = max((m[c]["peak_rss_mib"] for c in (full, cold) if c in m), default=None)
    rows.append(("peak RSS of our build, MiB", peak, None, "≤ 400"))
    return rows


def table(run: dict) -> str:
    n = run["n"]
    lines = [
        f"#### N = {n:,} ({run['words_per_report']} words per report, --jobs {run['jobs']})",
        "",
        "| case | wall s | ms/report | peak RSS MiB | CPU s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for m in run["measurements"]:
        failed = "" if m["returncode"] == 0 else " (failed)"
        lines.append(
            f"| {m['case']}{failed} | {m['seconds']:.2f} | {1000 * m['seconds'] / n:.2f} | "
            f"{m['peak_rss_mib']:.0f} | {m['cpu_seconds']:.1f} |"
        )
    lines += ["", "| ratio | by wall time | by CPU time | target |", "| --- | ---: | ---: | --- |"]
    lines += [
        f"| {what} | {_num(wall)} | {_num(cpu)} | {target} |"
        for what, wall, cpu, target in ratios(run)
    ]
    edit = run["summaries"].get("one report edited, digest only")
    if edit:
        lines += [
            "",
            f"One report edited: {edit['analysed']} analysed, {edit['from_cache']} from cache "
            f"({edit['published']} published).",
        ]
    added = run["summaries"].get(ONE_ADDED)
    if added:
        lines += [
            f"One report added: {added['analysed']} analysed, {added['from_cache']} from cache "
            f"({added['published']} published).",
        ]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:g}"


def scaling(runs: dict[int, dict]) -> str:
    """time(5,000) / time(1,000) of our full builds, by wall and by CPU time."""
    if 1000 not in runs or 5000 not in runs:
        return ""
    small, large = by_case(runs[1000]), by_case(runs[5000])
    parts = []
    for case in ("full build, warm cache", "full build, cold cache"):
        if case in small and case in large:
            wall = large[case]["seconds"] / small[case]["seconds"]
            cpu = large[case]["cpu_seconds"] / small[case]["cpu_seconds"]
            parts.append(f"{case}: {wall:.2f} by wall time, {cpu:.2f} by CPU time")
    return "Scaling, time(5,000) / time(1,000) (target ≤ 5.5): " + "; ".join(parts) + ".\n"


def versions() -> str:
    import importlib.metadata as md

    names = ["mkdocs", "mkdocs-material", "Markdown", "PyYAML", "feedgen", "python-frontmatter"]
    found = []
    for name in names:
        with contextlib.suppress(md.PackageNotFoundError):
            found.append(f"{name} {md.version(name)}")
    return (
        f"Python {platform.python_version()}, {', '.join(found)}; Pelican {PELICAN_PINS[0].split('==')[1]} "
        f"(own venv); {os.cpu_count()} cores, {platform.machine()}, {platform.system()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="200,1000,5000", help="comma-separated N values")
    parser.add_argument(
        "--jobs", type=int, default=None, help="--jobs for our build (default: cores)"
    )
    parser.add_argument("--seed", type=int, default=2024, help="corpus seed (default: 2024)")
    parser.add_argument(
        "--skip-others", action="store_true", help="skip Material's blog and Pelican"
    )
    parser.add_argument(
        "--report", action="store_true", help="only print the tables of the stored results"
    )
    args = parser.parse_args(argv)
    WORK.mkdir(parents=True, exist_ok=True)
    results_file = WORK / "results.json"
    stored: dict[str, dict] = json.loads(results_file.read_text()) if results_file.exists() else {}
    for n in [] if args.report else (int(s) for s in args.sizes.split(",")):
        stored[str(n)] = run_size(n, args)
        results_file.write_text(json.dumps(stored, indent=1) + "\n")
    runs = {int(k): v for k, v in stored.items()}
    print("\n" + versions() + "\n")
    for n in sorted(runs):
        print(table(runs[n]))
    print(scaling(runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
