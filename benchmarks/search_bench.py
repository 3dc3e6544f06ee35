"""Search at scale (issue 11): what a reader downloads, and what indexing costs.

Usage:
    python benchmarks/search_bench.py PROJECT [--word WORD] [--json FILE]

PROJECT is a project folder whose digest has been generated (`briefing build --no-site` is
enough): this script runs `mkdocs build` itself, to time it alone, then the search index
(with --mkdocs-seconds S, a caller that timed `mkdocs build` on a built site skips that).
It prints, and writes as JSON with --json:

- `mkdocs build` alone on those pages, and the indexing step (`briefing search-index --force`)
  with its peak memory (largest process, Pagefind included), and the ratio of the two;
- the no-change re-index: run again with the bundle in place, and after every page is
  rewritten and `site/pagefind/` removed, as a new `mkdocs build` leaves them (every page is
  then read again, and the kept bundle linked back from the cache);
- in Chromium, served from 127.0.0.1 under the path of site_url: every request of opening the
  home page and a report page (bodies as served: nothing is compressed by the server), the part
  of it that is search, and the transfer of one query for WORD, a word of exactly one report
  (by default the first such word found in the generated pages), with that report's rank.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from briefing.config import load_config

ROOT = Path(__file__).resolve().parent.parent


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Peak RSS of a command and everything it waited for: run it under a tiny Python parent.
PEAK_WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.call(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
    "sys.exit(code)"
)
WORD = re.compile(r"[A-Za-z]{6,}")
KB = 1024


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of a command, which must succeed."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    peak_kib = int(done.stdout.strip().splitlines()[-1])
    return seconds, peak_kib * KB


def briefing(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "briefing", "--project", str(project), *args]


def one_report_word(project: Path) -> tuple[str, str]:
    """A word that occurs in exactly one generated report page, and that page's URL path."""
    seen: Counter[str] = Counter()
    where: dict[str, str] = {}
    docs = project / "docs"
    for md in sorted((docs / "reports").rglob("*.md")):
        text = md.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        words = {w.lower() for w in WORD.findall(text)}
        seen.update(words)
        for w in words:
            where[w] = md.relative_to(docs).with_suffix("").as_posix() + "/"
    unique = sorted(w for w, n in seen.items() if n == 1)
    if not unique:
        raise SystemExit("no word occurs in exactly one report; pass --word")
    return unique[0], where[unique[0]]


def page_of_word(project: Path, word: str) -> str:
    docs = project / "docs"
    hits = [
        md.relative_to(docs).with_suffix("").as_posix() + "/"
        for md in sorted((docs / "reports").rglob("*.md"))
        if word.lower() in md.read_text(encoding="utf-8").lower()
    ]
    if len(hits) != 1:
        raise SystemExit(f"{word!r} is in {len(hits)} reports, not exactly one")
    return hits[0]


@contextmanager
def serve(site: Path, prefix: str) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve the site under /prefix/; yield its address and a log of (path, body bytes) sent.

    Sizes are counted where they leave the server, so requests made by Pagefind's web worker,
    which the browser's page events do not report, are counted too.
    """
    sent: list[tuple[str, int]] = []
    with tempfile.TemporaryDirectory() as tmp:
        mount = Path(tmp) / prefix
        mount.parent.mkdir(parents=True, exist_ok=True)
        mount.symlink_to(site.resolve(), target_is_directory=True)

        class Counting(http.server.SimpleHTTPRequestHandler):
            def send_header(self, keyword: str, value: str) -> None:
                if keyword.lower() == "content-length" and self.command == "GET":
                    sent.append((urlparse(self.path).path, int(value)))
                super().send_header(keyword, value)

            def log_message(self, format: str, *args: object) -> None:
                pass

        handler = functools.partial(Counting, directory=tmp)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        path = f"/{prefix}/" if prefix else "/"
        try:
            yield f"http://127.0.0.1:{server.server_port}{path}", sent
        finally:
            server.shutdown()
            server.server_close()


def settle(page, sent: list, quiet_s: float = 0.8) -> None:
    """Wait until the page is idle and the server has sent nothing for `quiet_s` seconds."""
    page.wait_for_load_state("networkidle")
    seen, since = len(sent), time.perf_counter()
    while time.perf_counter() - since < quiet_s:
        time.sleep(0.1)
        if len(sent) != seen:
            seen, since = len(sent), time.perf_counter()


def is_search(path: str) -> bool:
    return "/pagefind/" in path or path.endswith(("/search.js", "/search.css"))


def transfer(sent: list[tuple[str, int]], foreign: list[str]) -> dict[str, object]:
    """Bytes of response bodies as served (nothing is compressed), in total and for search."""
    return {
        "requests": len(sent),
        "bytes": sum(size for _, size in sent),
        "search_bytes": sum(size for path, size in sent if is_search(path)),
        "foreign": list(foreign),
        "largest": sorted(((size, path) for path, size in sent), reverse=True)[:4],
    }


def browser_measurements(
    site: Path, prefix: str, word: str, target: str, common: str
) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {}
    with serve(site, prefix) as (base, sent), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, url in (("home", base), ("report", base + target)):
            context = browser.new_context()  # empty cache: a first visit
            foreign: list[str] = []
            context.on(
                "request",
                lambda r, sink=foreign: (
                    sink.append(r.url)
                    if urlparse(r.url).hostname not in (None, "127.0.0.1")
                    else None
                ),
            )
            page = context.new_page()
            sent.clear()
            page.goto(url)
            settle(page, sent)
            out[f"load_{name}"] = transfer(sent, foreign)
            if name == "home":
                sent.clear()
                page.keyboard.press("/")
                page.keyboard.type(word)
                page.wait_for_selector("#digest-search-results .digest-search__result")
                settle(page, sent)
                titles = page.locator("#digest-search-results a").evaluate_all(
                    "links => links.map(a => new URL(a.href).pathname)"
                )
                query = transfer(sent, foreign)
                query["word"] = word
                query["shown"] = len(titles)
                wanted = urlparse(base).path + target
                query["rank"] = titles.index(wanted) + 1 if wanted in titles else None
                query["status"] = page.locator("#digest-search-status").inner_text()
                out["query"] = query
                # a second, broad query in the same tab: the runtime is loaded already
                sent.clear()
                page.locator("#digest-search-input").fill(common)
                page.wait_for_function(
                    "w => document.getElementById('digest-search-status').textContent.includes(w)",
                    arg=common,
                )
                settle(page, sent)
                second = transfer(sent, foreign)
                second["word"] = common
                second["status"] = page.locator("#digest-search-status").inner_text()
                out["second_query"] = second
            context.close()
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--word", help="a word of exactly one report (default: found)")
    parser.add_argument(
        "--common", default="said", help="a frequent word for the second query (default: said)"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument(
        "--mkdocs-seconds",
        type=float,
        help="time of `mkdocs build` alone, when the caller measured it (site/ must be built)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="no-change runs (default: 3)")
    args = parser.parse_args(argv)

    project = args.project.resolve()
    config = load_config(project)
    site = config.site_dir
    reports = sum(1 for _ in (project / "docs" / "reports").rglob("*.md"))
    if args.word:
        word, target = args.word, page_of_word(project, args.word)
    else:
        word, target = one_report_word(project)
    print(f"{reports} reports; query word {word!r} (only in {target})", flush=True)

    if args.mkdocs_seconds is None:
        mkdocs_s, mkdocs_peak = timed(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")],
            project,
        )
        print(f"mkdocs build alone: {mkdocs_s:.1f} s, peak {mkdocs_peak / KB**3:.2f} GiB")
    else:  # measured by the caller on the same pages; site/ is already built
        mkdocs_s = args.mkdocs_seconds
    index_s, index_peak = timed(briefing(project, "search-index", "--force"), project)
    print(f"search-index --force: {index_s:.1f} s, peak {index_peak / KB**3:.2f} GiB", flush=True)
    noop = [timed(briefing(project, "search-index"), project)[0] for _ in range(args.repeat)]
    restore = []
    for _ in range(args.repeat):
        # what `mkdocs build` leaves: every page rewritten (same bytes, new times), no bundle
        shutil.rmtree(site / "pagefind")
        for page in site.rglob("*.html"):
            page.touch()
        restore.append(timed(briefing(project, "search-index"), project)[0])
    bundle = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
    files = sum(1 for p in (site / "pagefind").rglob("*") if p.is_file())
    prefix = urlparse(config.site_url or "/").path.strip("/")
    web = browser_measurements(site, prefix, word, target, args.common)

    results = {
        "reports": reports,
        "mkdocs_build_s": round(mkdocs_s, 2),
        "index_s": round(index_s, 2),
        "index_vs_mkdocs": round(index_s / mkdocs_s, 3),
        "index_peak_bytes": index_peak,
        "noop_index_s": [round(s, 3) for s in noop],
        "noop_after_site_rebuild_s": [round(s, 3) for s in restore],
        "bundle_bytes": bundle,
        "bundle_files": files,
        **web,
    }
    print(render(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def render(r: dict) -> str:
    """The numbers as the Markdown table kept in benchmarks/SEARCH.md."""

    def kb(n: int) -> str:
        return f"{n / KB:.0f} KB"

    q, q2 = r["query"], r["second_query"]
    rows = [
        ("Reports", str(r["reports"]), ""),
        ("`mkdocs build` alone", f"{r['mkdocs_build_s']:.1f} s", ""),
        (
            "Indexing (`briefing search-index --force`)",
            f"{r['index_s']:.1f} s = {r['index_vs_mkdocs']:.2f} × mkdocs",
            "≤ 0.75 ×",
        ),
        ("Indexing peak memory", f"{r['index_peak_bytes'] / KB**3:.2f} GiB", "≤ 2 GiB"),
        ("Re-index, nothing changed", f"{max(r['noop_index_s']):.2f} s (worst of runs)", "≤ 1 s"),
        (
            "Re-index after `mkdocs build` emptied `site/`",
            f"{max(r['noop_after_site_rebuild_s']):.2f} s",
            "≤ 1 s",
        ),
        (
            "Index bundle on disk",
            f"{r['bundle_bytes'] / KB**2:.1f} MB, {r['bundle_files']} files",
            "",
        ),
    ]
    for name in ("home", "report"):
        load = r[f"load_{name}"]
        rows.append(
            (
                f"Open the {name} page",
                f"{kb(load['bytes'])} in {load['requests']} requests, "
                f"of which search {kb(load['search_bytes'])}",
                "≤ 500 KB, search ≤ 200 KB",
            )
        )
    rows.append(
        (
            f"First query “{html.escape(q['word'])}” (loads the search runtime)",
            f"{kb(q['bytes'])} in {q['requests']} requests; rank {q['rank']} of {q['shown']} shown",
            "≤ 300 KB, on the first page",
        )
    )
    rows.append(
        (
            f"Then a broad query “{html.escape(q2['word'])}” ({q2['status'].rstrip('.')})",
            f"{kb(q2['bytes'])} in {q2['requests']} requests",
            "",
        )
    )
    foreign = sum(len(r[k]["foreign"]) for k in ("load_home", "load_report", "query"))
    rows.append(("Requests to another host", str(foreign), "0"))
    lines = ["| measure | result | target |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
