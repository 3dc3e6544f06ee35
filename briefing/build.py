"""Orchestration: discover seeds → ingest + analyze (cached, parallel) → corpus steps → render →
feeds → write → MkDocs.

Like MkDocs' own build, it gathers everything first and writes last: every page and feed is known
before any file is touched, so a failure while reading leaves the previous output as it was.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import pickle
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import codestate
from briefing.analyze.settings import AnalysisSettings, analyzer_version, is_stage_file
from briefing.analyze.tags import Taxonomy, load_taxonomy
from briefing.cachedir import prune
from briefing.config import Config
from briefing.corpus import (
    assign_ids,
    moved_pages,
    pinned_slug_clashes,
    related_reports,
    shared_tag_pages,
)
from briefing.errors import BuildError, ConfigError
from briefing.model import (
    DATE_STATED,
    DEFAULT_SEEDS,
    DEFAULT_TAXONOMY,
    MAX_BYTES_SETTING,
    Briefing,
    DateHints,
    Issue,
    Seed,
    Severity,
)
from briefing.output import (
    MANIFEST,
    WriteStats,
    atomic_write,
    build_lock,
    content_hash,
    write_outputs,
)

if TYPE_CHECKING:
    from briefing import feeds
    from briefing.render import Filed, RelatedLink

log = logging.getLogger(__name__)

REPORT_SUFFIXES = (".txt", ".md", ".text")
_IGNORED_NAMES = (".DS_Store", "Thumbs.db", "desktop.ini")
_PARALLEL_THRESHOLD = 64  # below this, starting worker processes costs more than it saves


@dataclass(frozen=True)
class BuildOptions:
    strict: bool = False
    jobs: int | None = None  # None: one per core
    site: bool = True  # run MkDocs after writing docs/
    use_cache: bool = True


@dataclass
class BuildResult:
    # empty when the build found nothing changed: it then never loads a briefing
    briefings: list[Briefing] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    published: int = 0
    skipped: int = 0
    analysed: int = 0  # seeds analysed in this build
    from_cache: int = 0  # seeds whose analysis this build did not redo
    stats: WriteStats | None = None
    seconds: float = 0.0

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity is Severity.WARNING)

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity is Severity.ERROR)

    def summary_line(self) -> str:
        line = f"{self.published} published, {self.skipped} skipped"
        if self.skipped:
            line += " (see above)"
        line += f", {self.warnings} warnings; {self.analysed} analysed, "
        line += f"{self.from_cache} from cache"
        if self.stats:
            line += f"; {self.stats.written} files written, {self.stats.removed} removed"
        return line + f" in {self.seconds:.1f} s"


# --- discovery --------------------------------------------------------------------------------


def is_report_file(path: Path) -> bool:
    name = path.name
    if (
        name.startswith(".")
        or name in _IGNORED_NAMES
        or name.endswith(("~", ".swp", ".swo", ".tmp", ".bak"))
    ):
        return False
    return path.suffix.lower() in REPORT_SUFFIXES


def _relative(path: Path, folder: Path) -> str:
    """`path.relative_to(folder).as_posix()`, by string when it can (5,000 paths: 40 ms saved)."""
    text, start = str(path), str(folder) + os.sep
    if text.startswith(start):
        return text[len(start) :].replace(os.sep, "/")
    return path.relative_to(folder).as_posix()


# Text-direction controls (in a file name they make "txt.exe" display as "exe.txt"), invisible
# characters that make two names look alike, and line and paragraph separators.
_BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
    "\u200b\u200c\u200d\u2060\ufeff\u2028\u2029"
)


def _unreadable(char: str) -> bool:
    """A control character, a text-direction control, or a surrogate (Python's stand-in for a
    byte of a file name that is not UTF-8)."""
    code = ord(char)
    return code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or char in _BIDI_CONTROLS


def _shown_name(rel: str) -> str:
    """A file name as messages may print it, every unreadable character as an escape: a name
    can neither garble a terminal nor pose as another."""
    return "".join(
        (f"\\x{ord(c) & 0xFF:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else ascii(c)[1:-1])
        if _unreadable(c)
        else c
        for c in rel
    )


def _name_problem(rel: str) -> str | None:
    """Why a seed's path cannot be a report's identity, or None. Its path is its cache key,
    its feed GUID and a line in the page footer: it must be text a person can read and type."""
    if any(0xD800 <= ord(char) < 0xE000 for char in rel):
        return "its name is not valid UTF-8 (not published); rename the file"
    if any(_unreadable(char) for char in rel):
        return (
            "its name contains a control, invisible or text-direction character (not published); "
            "rename the file"
        )
    return None


def discover_seeds(seeds_dir: Path, folder: str = DEFAULT_SEEDS) -> tuple[list[Path], list[Issue]]:
    """Report files under `seeds_dir`, in path order; links that leave it are refused, and so are
    names that are not readable text. Messages name the folder `folder` (Config.seeds_shown)."""
    if not seeds_dir.is_dir():
        raise ConfigError(f"{folder}/: folder not found; create it and put report .txt files in it")
    root = seeds_dir.resolve()
    found: list[Path] = []
    links: dict[Path, Path] = {}  # a link among the found → the file it leads to
    issues: list[Issue] = []
    for path in sorted(seeds_dir.rglob("*")):
        rel = _relative(path, seeds_dir)
        if rel.startswith(".") or "/." in rel:  # a hidden file, or one in a hidden folder
            log.debug("%s/%s: hidden file (ignored)", folder, rel)
            continue
        if path.is_symlink():
            try:
                target = path.resolve()
            except (OSError, RuntimeError):  # a link that leads back to itself
                issues.append(
                    Issue(
                        f"{folder}/{_shown_name(rel)}",
                        "is a symbolic link that leads back to itself (not published); "
                        "delete the link or point it at a report file",
                    )
                )
                continue
            if not target.is_relative_to(root):
                issues.append(
                    Issue(
                        f"{folder}/{_shown_name(rel)}",
                        f"is a symbolic link to something outside {folder}/ "
                        f"(not published); copy the file into {folder}/ instead",
                    )
                )
                continue
            if not target.exists():
                issues.append(
                    Issue(
                        f"{folder}/{_shown_name(rel)}",
                        "is a symbolic link to a file that does not exist (not published); "
                        "delete the link or restore its target",
                    )
                )
                continue
            links[path] = target
        if not path.is_file():
            continue
        if not is_report_file(path):
            log.debug("%s/%s: not a report file (ignored)", folder, _shown_name(rel))
            continue
        problem = _name_problem(rel)
        if problem:
            issues.append(Issue(f"{folder}/{_shown_name(rel)}", problem))
            continue
        found.append(path)
    if links:  # most projects have none, and then nothing more is asked of the file system
        found = _without_second_copies(found, links, root, seeds_dir, folder, issues)
    return found, issues


def _without_second_copies(
    found: list[Path],
    links: dict[Path, Path],
    root: Path,
    seeds_dir: Path,
    folder: str,
    issues: list[Issue],
) -> list[Path]:
    """A link to a report that is published under its own name (or through an earlier link) is
    left out, with a warning: one report must not make two pages, two feed items and two ids.
    A file found under its own name is at `root`/its path: rglob never enters a linked folder."""
    first = {
        root / _relative(p, seeds_dir): _relative(p, seeds_dir) for p in found if p not in links
    }
    kept = []
    for path in found:
        rel = _relative(path, seeds_dir)
        if path in links:
            shown = first.setdefault(links[path], rel)
            if shown != rel:
                issues.append(
                    Issue(
                        f"{folder}/{_shown_name(rel)}",
                        f"is a link to {folder}/{_shown_name(shown)}, which is published already "
                        "(not published twice); delete the link",
                        Severity.WARNING,
                    )
                )
                continue
        kept.append(path)
    return kept


def source_date_epoch() -> dt.datetime | None:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if not value:
        return None
    try:
        return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)
    except ValueError:
        raise ConfigError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds (got {value!r})"
        ) from None


def git_added_dates(seeds_dir: Path) -> dict[str, dt.datetime]:
    """When git first saw each seed (needs full history: CI checks out with fetch-depth 0).

    Read with -z: without it git quotes any name outside ASCII ("seeds/\\353\\263…"), and a
    report named in Korean would lose its date to the checkout time on every deploy.

    In a shallow clone (a host's default checkout) every older seed shows up as added in the
    commit where the history was cut, which is the newest push, not when it was added: each
    deploy would give those reports a new date and move them to the top of every feed. Such
    seeds get no git date (a warning says why), so they fall back like any undated seed."""
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=seeds_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        out = subprocess.run(
            [
                "git",
                "log",
                "-z",
                "--diff-filter=A",
                "--format=%x00%H %aI",
                "--name-only",
                "--no-renames",
                "--",
                ".",
            ],
            cwd=seeds_dir,
            capture_output=True,
            check=True,
        ).stdout.decode("utf-8", "surrogateescape")  # as os.fsdecode names the files we find
    except (OSError, subprocess.CalledProcessError):
        return {}
    prefix = seeds_dir.resolve().relative_to(Path(top).resolve()).as_posix()
    cut = _shallow_boundary(seeds_dir)
    dates: dict[str, dt.datetime] = {}
    at_cut: set[str] = set()
    # Each commit is NUL, its date, NUL, a newline, then its file names each ended by NUL; newest
    # commit first, so overwriting leaves the oldest date.
    when: dt.datetime | None = None
    in_cut = expect_date = first_name = False
    for token in out.split("\x00"):
        if expect_date:
            commit, _, stamp = token.partition(" ")
            when = dt.datetime.fromisoformat(stamp).astimezone(dt.UTC)
            in_cut = commit in cut
            expect_date, first_name = False, True
            continue
        if first_name:
            token, first_name = token.removeprefix("\n"), False
        if not token:  # the NUL that opens the next commit
            expect_date = True
            continue
        if when is not None:
            rel = (
                token[len(prefix) + 1 :]
                if prefix != "." and token.startswith(prefix + "/")
                else token
            )
            dates[rel] = when
            if in_cut:
                at_cut.add(rel)
            else:
                at_cut.discard(rel)
    if at_cut:
        _shallow_history.warn(
            f"git history is shallow: {len(at_cut)} seed(s) seem added in its oldest commit, "
            "which is where the clone cut it off, not when they were added, so they get no git "
            "date. Fetch the full history (git fetch --unshallow, or fetch-depth: 0 for "
            "actions/checkout) or give each a 'date:' in its front matter"
        )
    return {rel: when for rel, when in dates.items() if rel not in at_cut}


def _shallow_boundary(folder: Path) -> frozenset[str]:
    """Commits where a shallow clone's history was cut (empty for a full clone)."""
    try:
        listed = subprocess.run(
            ["git", "rev-parse", "--git-path", "shallow"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return frozenset((folder / listed).read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError, subprocess.CalledProcessError):
        return frozenset()  # no such file: not shallow


# --- per-report work (runs in worker processes) -----------------------------------------------

_worker_taxonomy: Taxonomy | None = None
_Result = tuple[Briefing | None, tuple[Issue, ...]]


def _init_worker(taxonomy: Taxonomy) -> None:
    global _worker_taxonomy
    _worker_taxonomy = taxonomy


@dataclass(frozen=True)
class _Job:
    seed: Seed
    hints: DateHints
    max_bytes: int
    settings: AnalysisSettings
    folder: str = DEFAULT_SEEDS  # the seeds folder as messages name it (Config.seeds_shown)
    taxonomy_file: str = DEFAULT_TAXONOMY  # and the taxonomy (Config.taxonomy_shown)
    max_bytes_setting: str = MAX_BYTES_SETTING  # what set max_bytes, as the user can raise it


def _run_job(
    job: _Job, taxonomy: Taxonomy | None = None
) -> tuple[Briefing | None, tuple[Issue, ...]]:
    # imported here: a build with nothing to analyse never needs ingest, the analyzers or NumPy
    from briefing.analyze.pipeline import analyze, unknown_tag_issues
    from briefing.ingest import ingest

    taxonomy = taxonomy if taxonomy is not None else _worker_taxonomy
    assert taxonomy is not None
    result = ingest(
        job.seed,
        folder=job.folder,
        max_bytes=job.max_bytes,
        max_bytes_setting=job.max_bytes_setting,
        dates=job.hints,
    )
    path = f"{job.folder}/{job.seed.relpath}"
    issues = result.issues + unknown_tag_issues(result.tags, taxonomy, path, result.tags_line)
    if result.report is None:
        return None, issues
    return analyze(result.report, taxonomy, job.settings), issues


def _run_job_versioned(job: _Job) -> tuple[_Result, str]:
    result = _run_job(job)
    from briefing.analyze.pipeline import LOADED_VERSION

    return result, LOADED_VERSION


def _run_jobs(
    jobs: list[_Job], taxonomy: Taxonomy, workers: int
) -> tuple[list[_Result], frozenset[str]]:
    """Each job's result, and the version of the analyzers each process that ran jobs recorded
    when it loaded them (pipeline.LOADED_VERSION): this process's when it ran them itself, else
    each worker's. Workers that load the analyzers after their files changed record another
    version, or NEVER_CURRENT."""
    if not jobs:
        return [], frozenset()
    if workers <= 1 or len(jobs) < _PARALLEL_THRESHOLD:
        results = [_run_job(job, taxonomy) for job in jobs]
        from briefing.analyze.pipeline import LOADED_VERSION

        return results, frozenset({LOADED_VERSION})
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        max_workers=workers, initializer=_init_worker, initargs=(taxonomy,)
    ) as pool:
        chunksize = max(1, len(jobs) // (workers * 8))
        ran = list(pool.map(_run_job_versioned, jobs, chunksize=chunksize))
    return [result for result, _ in ran], frozenset(version for _, version in ran)


_CACHE_FORMAT = b"2"  # bump when the layout of a cache entry changes


def _folder_key(folder: str) -> tuple[bytes, ...]:
    """What the seeds folder's name adds to a cache key (an analysis, a report page): what they
    keep names the folder (messages, the page's `seed:` field), so another name is another
    entry. Nothing for the default folder, whose keys stay as they were before it was named."""
    return () if folder == DEFAULT_SEEDS else (folder.encode("utf-8", "surrogatepass"),)


def _taxonomy_key(shown: str) -> tuple[bytes, ...]:
    """What the taxonomy's name adds to an analysis key: its messages name the file ("add it to
    vocab/tags.yml"). Nothing for the default name."""
    return (
        () if shown == DEFAULT_TAXONOMY else (b"taxonomy", shown.encode("utf-8", "surrogatepass"))
    )


class AnalysisCache:
    """Per-report analysis keyed by everything it depends on; any change means a new key.

    The key leaves out the date hints (git's first-added date, the file's mtime): a fresh CI
    checkout gives every file a new mtime, and keying on it would make a restored cache useless.
    An entry whose date did come from a hint stores that hint and is a miss when it changed.
    """

    def __init__(self, folder: Path, enabled: bool = True, writable: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled
        self.writable = writable  # `briefing check` reads what builds stored, and writes nothing

    def key(self, job: _Job, taxonomy_bytes: bytes) -> str:
        settings = repr((job.max_bytes, job.settings)).encode()
        return content_hash(
            _CACHE_FORMAT,
            analyzer_version().encode(),
            job.seed.relpath.encode(),
            job.seed.data,
            taxonomy_bytes,
            settings,
            *_folder_key(job.folder),
            *_taxonomy_key(job.taxonomy_file),
        )

    @staticmethod
    def salt(config: Config, taxonomy_bytes: bytes) -> str:
        """What every key shares besides the seed itself: a key recorded under the same salt
        for a seed whose size and mtime have not changed is still that seed's key."""
        settings = repr((config.max_report_bytes, analysis_settings(config))).encode()
        return content_hash(
            _CACHE_FORMAT,
            analyzer_version().encode(),
            taxonomy_bytes,
            settings,
            *_folder_key(config.seeds_shown),
            *_taxonomy_key(config.taxonomy_shown),
        )

    def get(self, key: str, hints: DateHints) -> _Result | None:
        if not self.enabled:
            return None
        try:
            with open(self.folder / key[:2] / key, "rb") as handle:
                depends_on, value = pickle.load(handle)
        except Exception:  # a missing, truncated or outdated entry is simply a miss
            return None
        return value if depends_on is None or depends_on == hints else None

    def put(self, key: str, value: _Result, hints: DateHints) -> None:
        if not self.enabled or not self.writable:
            return
        briefing = value[0]
        # a date the report stated itself does not depend on git history or the file's time
        self_contained = briefing is None or briefing.report.date_origin in DATE_STATED
        entry = (None if self_contained else hints, value)
        try:
            atomic_write(
                self.folder / key[:2] / key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
            )
        except OSError as exc:  # a read-only cache slows the next build down; never fails it
            log.warning("could not write the analysis cache (%s); builds will re-analyse", exc)


@dataclass(frozen=True)
class _Found:
    """A seed as its directory entry describes it, before its bytes are read."""

    path: Path
    relpath: str
    entry: tuple[int, int, int]  # size, mtime and ctime in ns: what changes when the file does
    hints: DateHints


def stat_seeds(config: Config, paths: Iterable[Path]) -> tuple[list[_Found], list[Issue]]:
    """Each seed's size, modification time and date hints; files too large to read, and second
    names of one file (hard links), become issues here."""
    git_dates = git_added_dates(config.seeds_dir)
    epoch = source_date_epoch()
    folder = config.seeds_shown
    found: list[_Found] = []
    problems: list[Issue] = []
    linked: dict[tuple[int, int], str] = {}  # a file with several names → the first one found
    for path in paths:
        rel = _relative(path, config.seeds_dir)
        info = path.stat()
        if info.st_nlink > 1:  # one report must not make two pages, two feed items and two ids
            first = linked.setdefault((info.st_dev, info.st_ino), rel)
            if first != rel:
                problems.append(
                    Issue(
                        f"{folder}/{_shown_name(rel)}",
                        f"is a hard link to {folder}/{_shown_name(first)}, which is published "
                        "already (not published twice); delete one of the two names",
                        Severity.WARNING,
                    )
                )
                continue
        if info.st_size > config.max_report_bytes:  # refused unread: it could be gigabytes
            from briefing.ingest import oversize_issue

            problems.append(
                oversize_issue(f"{folder}/{rel}", info.st_size, config.max_report_bytes)
            )
            continue
        hints = DateHints(git_added=git_dates.get(rel), mtime=_file_time(info, epoch))
        entry = (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        found.append(_Found(path, rel, entry, hints))
    return found, problems


def _file_time(info: os.stat_result, epoch: dt.datetime | None) -> dt.datetime:
    """A file's modification time as a report's date: never after SOURCE_DATE_EPOCH, so two
    builds of one input stay identical however recently the file was touched."""
    mtime = dt.datetime.fromtimestamp(int(info.st_mtime), tz=dt.UTC)
    return mtime if epoch is None else min(mtime, epoch)


def build_date_hints(paths: Iterable[Path]) -> list[DateHints]:
    """The date hints a build would give each file as a seed where it lies: when git first
    added it, and its modification time. For `analyze --format text`, which says what date a
    build would use for a report that states none; git is asked once per folder."""
    epoch = source_date_epoch()
    git_dates: dict[Path, dict[str, dt.datetime]] = {}
    hints: list[DateHints] = []
    for path in paths:
        folder = path.resolve().parent
        if folder not in git_dates:
            git_dates[folder] = git_added_dates(folder)
        try:
            mtime: dt.datetime | None = _file_time(path.stat(), epoch)
        except OSError:
            mtime = None  # unreadable too: analyze says so
        hints.append(DateHints(git_added=git_dates[folder].get(path.name), mtime=mtime))
    return hints


def _errors(issues: Iterable[Issue]) -> int:
    """How many of these issues kept a report from being published."""
    return sum(issue.severity is Severity.ERROR for issue in issues)


def read_found(config: Config, found: Iterable[_Found]) -> tuple[list[_Job], list[Issue]]:
    """One job per seed that can be read; the others become issues."""
    settings = analysis_settings(config)
    folder = config.seeds_shown
    jobs: list[_Job] = []
    unreadable: list[Issue] = []
    for seed in found:
        try:
            data = seed.path.read_bytes()
        except OSError as exc:
            unreadable.append(Issue(f"{folder}/{seed.relpath}", f"cannot be read ({exc.strerror})"))
            continue
        seed_in = Seed(seed.path, seed.relpath, data)
        jobs.append(
            _Job(
                seed_in,
                seed.hints,
                config.max_report_bytes,
                settings,
                folder,
                config.taxonomy_shown,
            )
        )
    return jobs, unreadable


def read_seeds(config: Config, paths: Iterable[Path]) -> tuple[list[_Job], list[Issue]]:
    """One job per readable seed, with the date hints its analysis may need; files too large or
    unreadable become issues here."""
    found, problems = stat_seeds(config, paths)
    jobs, unreadable = read_found(config, found)
    return jobs, problems + unreadable


def analysis_settings(config: Config) -> AnalysisSettings:
    return AnalysisSettings(summary_sentences=config.summary_sentences)


@dataclass
class Analysed:
    briefings: list[Briefing]
    issues: list[Issue]
    skipped: int  # seeds that could not become a briefing
    analysed: int  # seeds analysed in this run (the rest came from the cache)
    # False when analyzers loaded after the keys' version was fixed made some results: neither
    # they nor a record of this build may be taken back under those keys
    cacheable: bool = True


class _WarnOnce:
    """A warning said once per process: a long-running one would repeat it on every rebuild."""

    def __init__(self) -> None:
        self.said = False

    def warn(self, message: str) -> None:
        if not self.said:
            self.said = True
            log.warning(message)


_analyses_not_cached = _WarnOnce()
_shallow_history = _WarnOnce()


def analyse_jobs(
    jobs: list[_Job],
    keys: list[str],
    cache: AnalysisCache,
    taxonomy: Taxonomy,
    options: BuildOptions,
) -> Analysed:
    """Every job's briefing, from the cache where its key is there, else analysed (in parallel)."""
    results: list[_Result | None] = [
        cache.get(k, job.hints) for k, job in zip(keys, jobs, strict=True)
    ]
    missing = [i for i, r in enumerate(results) if r is None]
    workers = options.jobs or os.cpu_count() or 1
    fresh, versions = _run_jobs([jobs[i] for i in missing], taxonomy, workers)
    # Cached only if every process that made them ran the code the keys name. This process
    # counts even when workers ran the jobs: they were given the taxonomy it parsed.
    keep = versions <= {analyzer_version()} and codestate.unchanged_since_start(is_stage_file)
    if missing and not keep and cache.enabled and cache.writable:
        _analyses_not_cached.warn(
            "the ingest or analysis code changed on disk while this process was running: its "
            "analyses are not cached; start the command again to use the new code throughout"
        )
    for index, result in zip(missing, fresh, strict=True):
        results[index] = result
        if keep:
            cache.put(keys[index], result, jobs[index].hints)

    out = Analysed([], [], 0, len(missing), cacheable=keep)
    for job, result in zip(jobs, results, strict=True):
        assert result is not None
        briefing, found = result
        out.issues.extend(found)
        if briefing is None:
            out.skipped += 1
        elif briefing.report.draft:
            log.info("%s/%s: draft (not published)", job.folder, briefing.report.relpath)
        else:
            out.briefings.append(briefing)
    return out


def analyse_seeds(
    config: Config,
    paths: Iterable[Path],
    taxonomy: Taxonomy,
    taxonomy_bytes: bytes,
    options: BuildOptions,
    *,
    write_cache: bool = True,
) -> tuple[list[Briefing], list[Issue], int, int]:
    """Ingest and analyse every seed, from the cache where possible; returns briefings, issues,
    the number of skipped reports and the number analysed in this run."""
    jobs, unreadable = read_seeds(config, paths)
    cache = AnalysisCache(config.cache_dir, enabled=options.use_cache, writable=write_cache)
    keys = [cache.key(job, taxonomy_bytes) for job in jobs]
    done = analyse_jobs(jobs, keys, cache, taxonomy, options)
    return (
        done.briefings,
        unreadable + done.issues,
        _errors(unreadable) + done.skipped,
        done.analysed,
    )


# --- generation ------------------------------------------------------------------------------


def feed_config(config: Config) -> feeds.FeedConfig | None:
    from briefing import feeds

    if not config.feeds_enabled or config.site_url is None:
        return None
    return feeds.FeedConfig(
        site_url=config.site_url,
        title=config.feed_name,
        description=config.site_description or f"Latest reports from {config.site_name}",
        language=config.language,
        limit=config.feed_limit,
        formats=config.feed_formats,
        icon=config.icon,
        ids_from=config.feed_ids_from,
    )


def cached_body_html(
    folder: Path | None, used: set[str] | None = None
) -> Callable[[Briefing], str]:
    """`render.body_html`, remembered on disk by the body's Markdown: feeds carry each report's
    HTML, and converting it is most of what a feed costs; a body that did not change is not
    converted again. `folder` None: no cache. Each key looked up is added to `used`."""
    import markdown

    from briefing import markdown_safe, render
    from briefing.markdown_safe import render_html

    # keyed on the converter's code too: a change to the extensions must not serve old HTML
    try:
        converter = Path(markdown_safe.__file__).read_bytes()
    except OSError:  # an install without sources: the library's version still counts
        converter = b""
    salt = content_hash(b"2", markdown.__version__.encode(), converter).encode()

    def body_html(b: Briefing) -> str:
        if folder is None:
            return render.body_html(b)
        text = render.body_markdown(b)
        key = content_hash(salt, text.encode("utf-8", "surrogatepass"))
        if used is not None:
            used.add(key)
        path = folder / key[:2] / key
        try:
            return path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        html = render_html(text)
        try:
            atomic_write(path, html.encode("utf-8"))
        except OSError as exc:
            log.debug("could not cache a report's HTML (%s)", exc)
        return html

    return body_html


class PageMemo:
    """Report pages of the last build, by a key of everything a page is made from.

    A report page is a function of its briefing, its related reports' links (title, path,
    date, source), the list pages that show it, the seeds folder's name (its `seed:` field) and
    our code (`render.report_page`'s signature says so). Pushing one new
    report to a large archive changes few of them, so each page whose key the last build
    recorded is taken back from the store of generated files instead of being rendered again:
    rendering is most of what generating costs.
    """

    def __init__(
        self, keys: dict[str, str], hashes: dict[str, str], store: OutputStore | None
    ) -> None:
        self._previous = keys  # page → key, as the last build recorded them
        self._hashes = hashes  # page → content hash of the last build's bytes
        self._store = store
        self._salt = code_fingerprint() if store is not None else b""
        self.keys: dict[str, str] = {}  # this build's, to record
        self.rendered = 0

    def page(
        self,
        path: str,
        b: Briefing,
        related: list[RelatedLink],
        filed: Filed,
        folder: str = DEFAULT_SEEDS,
    ) -> bytes:
        from briefing import render

        if self._store is None:  # nothing to take pages back from: no key to compute either
            self.rendered += 1
            return render.report_page(b, related, filed=filed, folder=folder).encode("utf-8")
        key = content_hash(
            self._salt,
            repr((b, related, filed)).encode("utf-8", "surrogatepass"),
            *_folder_key(folder),
        )
        self.keys[path] = key
        if self._previous.get(path) == key and path in self._hashes:
            data = self._store.get(self._hashes[path])
            if data is not None:
                return data
        self.rendered += 1
        return render.report_page(b, related, filed=filed, folder=folder).encode("utf-8")


def generate(
    config: Config,
    briefings: list[Briefing],
    *,
    html_cache: Path | None = None,
    html_used: set[str] | None = None,
    memo: PageMemo | None = None,
) -> dict[str, bytes]:
    """Every generated file, by path relative to docs/; `html_cache` is where report bodies'
    HTML for the feeds is remembered between builds (None: converted every time), and the keys
    this build used are added to `html_used`; `memo` gives back report pages whose inputs did
    not change since the last build (None: every page is rendered)."""
    # imported here: a rebuild with nothing changed never generates, and skips their imports
    from briefing import feeds, render

    fcfg = feed_config(config)
    tag_names = {t.slug: t.name for b in briefings for t in b.tags}
    links = render.SiteLinks(
        feed_links=tuple(feeds.feed_links(fcfg)) if fcfg else (),
        tag_feed_links={s: tuple(feeds.feed_links(fcfg, s, n)) for s, n in tag_names.items()}
        if fcfg
        else {},
        archive_page_size=config.archive_page_size,
        home_reports=config.home_reports,
    )
    by_id = {b.id: b for b in briefings}
    filed = render.filed_pages(briefings, config.archive_page_size)
    memo = memo or PageMemo({}, {}, None)
    outputs: dict[str, bytes] = {}
    for b in briefings:
        related = [render.related_link(by_id[r]) for r in b.related if r in by_id]
        path = render.report_path(b)
        outputs[path] = memo.page(path, b, related, filed[b.id], config.seeds_shown)
    pages: dict[str, str] = {}
    pages[render.HOME_PARTIAL] = render.home_partial(briefings, links, config.seeds_shown)
    pages.update(render.tag_pages(briefings, links))
    pages.update(render.archive_pages(briefings, links))
    pages.update(render.edition_pages(briefings, links))
    # each page's text is let go as soon as it is encoded: at N = 5,000 the pages are ~100 MB,
    # and holding both forms at once is what sets this process's peak memory
    for path in list(pages):
        outputs[path] = pages.pop(path).encode("utf-8")
    if fcfg:
        feed_files = feeds.build_feeds(
            briefings,
            fcfg,
            page_path=lambda b: render.page_url(render.report_path(b)),
            content_html=cached_body_html(html_cache, html_used),
        )
        outputs.update(feed_files)
        outputs.update(feeds.tag_sitemaps(feed_files, fcfg.site_url))
    return outputs


LAST_BUILD = "last-build.json"


@lru_cache(maxsize=1)
def code_fingerprint() -> bytes:
    """Every source file of this package plus the versions of the libraries and the Python that
    shape output: any change to how pages are made must count as a change.

    Read once per process: the code a process runs is the code it imported, so `briefing
    serve`, which rebuilds in one process, keeps keying its pages on that code even when the
    files on disk change under it (keying them on the new files would record pages made by the
    old code as the new code's)."""
    import importlib.metadata
    import unicodedata

    import yaml

    package = Path(__file__).resolve().parent
    parts = [
        p.relative_to(package).as_posix().encode() + p.read_bytes()
        for p in sorted(package.rglob("*.py"))
    ]
    parts.append(
        f"{sys.version_info[:2]} {unicodedata.unidata_version} {yaml.__with_libyaml__}".encode()
    )
    for name in ("PyYAML", "python-frontmatter", "feedgen", "Markdown"):
        try:
            parts.append(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            parts.append(name.encode())
    return content_hash(*parts).encode()


class OutputStore:
    """Every generated file by content hash, in the cache folder.

    A CI job restores the cache into a clean checkout: the inputs are those of the last build,
    but docs/ has none of the generated pages. With this store such a build writes the last
    build's files back instead of generating them again (render and feeds are most of a warm
    digest step). Only the current build's files are kept: the rest are removed after each
    generation, so the store stays one site's worth.
    """

    def __init__(self, folder: Path, enabled: bool = True) -> None:
        self.folder = folder
        self.enabled = enabled

    def _path(self, digest: str) -> Path:
        return self.folder / digest[:2] / digest

    def put_all(self, outputs: dict[str, bytes]) -> dict[str, str]:
        """Store what is not stored yet and forget the rest; returns path → content hash."""
        if not self.enabled:
            return {}
        hashes = {relpath: content_hash(data) for relpath, data in outputs.items()}
        try:
            for relpath, digest in hashes.items():
                target = self._path(digest)
                if not target.exists():
                    atomic_write(target, outputs[relpath])
            keep = set(hashes.values())
            for entry in self.folder.glob("*/*"):
                if entry.name not in keep:
                    entry.unlink(missing_ok=True)
        except OSError as exc:  # a read-only cache only makes the next clean build slower
            log.warning("could not store generated files in the cache (%s)", exc)
            return {}
        return hashes

    def get(self, digest: str) -> bytes | None:
        """One stored file, or None if it is missing or damaged."""
        try:
            data = self._path(digest).read_bytes()
        except (OSError, ValueError):  # ValueError: a damaged record's digest with a NUL in it
            return None
        return data if content_hash(data) == digest else None

    def get_all(self, hashes: dict[str, str]) -> dict[str, bytes] | None:
        """The stored files, or None if any is missing or damaged."""
        if not self.enabled or not hashes:
            return None
        outputs = {}
        for relpath, digest in hashes.items():
            data = self.get(digest)
            if data is None:
                return None
            outputs[relpath] = data
        return outputs


class LastBuild:
    """What the previous build found and generated, so a rebuild with nothing changed neither
    reads a seed's text, loads a briefing nor writes a file.

    The key is made of what the briefings are made from (each seed's analysis-cache key and date
    hints), the settings and our code, so it is known before any cache entry is read: deciding
    "nothing changed" costs a hash of N short strings. Each seed's key is recorded with its size
    and modification time (as make and git decide what changed), so a seed whose directory entry
    is unchanged is not read again to find its key. The record keeps each output's size and
    mtime as written, so a deleted or hand-edited output is noticed and pages are generated
    again, and the issues the briefings carried, so a no-op build reports them as the last did.
    """

    def __init__(self, path: Path, enabled: bool = True) -> None:
        self.path = path
        self.enabled = enabled
        self.files: dict[str, list[int]] = {}
        self.hashes: dict[str, str] = {}  # output → content hash, as the store holds it
        self.issues: list[Issue] = []
        self.published = 0
        self.skipped = 0
        self._saved: dict | None = None

    def _load(self) -> dict:
        if self._saved is None:
            try:
                saved = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                saved = {}
            self._saved = saved if isinstance(saved, dict) else {}
        return self._saved

    def recorded_keys(self, found: list[_Found], salt: str) -> list[str] | None:
        """Each seed's cache key as the last build computed it, if no seed's size or mtime (nor
        the taxonomy, settings or analyzer) changed since; else None: read the seeds."""
        if not self.enabled:
            return None
        saved = self._load()
        try:
            if saved["salt"] != salt:
                return None
            seeds = saved["seeds"]
            keys = []
            for seed in found:
                *entry, key = seeds[seed.relpath]
                if tuple(entry) != seed.entry:
                    return None
                keys.append(key)
        except (KeyError, TypeError, ValueError):
            return None
        return keys

    def recorded_addresses(self) -> dict[str, str]:
        """The last build's page address of each published report, by seed path."""
        saved = self._load() if self.enabled else {}
        addresses = saved.get("addresses")
        return addresses if isinstance(addresses, dict) else {}

    def recorded_pages(self) -> tuple[dict[str, str], dict[str, str]]:
        """The last build's report pages: page → PageMemo key, and page → content hash."""
        saved = self._load() if self.enabled else {}
        pages, hashes = saved.get("pages"), saved.get("hashes")
        if not isinstance(pages, dict) or not isinstance(hashes, dict):
            return {}, {}
        return (
            {str(k): str(v) for k, v in pages.items()},
            {str(k): str(v) for k, v in hashes.items()},
        )

    def recorded_hinted(self) -> frozenset[str]:
        """Seeds whose published date came from a date hint in the last build."""
        hinted = self._load().get("hinted", [])
        if isinstance(hinted, list) and all(isinstance(h, str) for h in hinted):
            return frozenset(hinted)
        return frozenset()

    def key(
        self,
        config: Config,
        relpaths: list[str],
        cache_keys: list[str],
        hints: list[DateHints],
        hinted: frozenset[str],
    ) -> str:
        """`hinted`: the seeds whose date came from git or the file's mtime. Only their hints
        are part of the key, so a fresh checkout (new mtimes everywhere) of seeds that state
        their dates can still find the last build unchanged."""
        if not self.enabled:
            return ""
        inputs = "\n".join(
            f"{k} {h!r}" if rel in hinted else k
            for rel, k, h in zip(relpaths, cache_keys, hints, strict=True)
        )
        # the empty feed's date, and the clamp on mtimes, come from SOURCE_DATE_EPOCH
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "").encode()
        return content_hash(code_fingerprint(), repr(config).encode(), epoch, inputs.encode())

    def compare(self, key: str, docs_dir: Path) -> str:
        """Returns "unchanged" (same inputs, every output as written), "outputs" (same inputs,
        but some output is missing or was edited) or "inputs" (what pages are made from changed)."""
        if not self.enabled:
            return "inputs"
        saved = self._load()
        try:
            if saved["key"] != key or saved["docs_dir"] != str(docs_dir):
                return "inputs"
            files = {rel: (int(size), int(mtime)) for rel, (size, mtime) in saved["files"].items()}
            hashes = {str(rel): str(digest) for rel, digest in saved["hashes"].items()}
            issues = [
                Issue(path, message, Severity(severity), line, column)
                for path, message, severity, line, column in saved["issues"]
            ]
            published, skipped = int(saved["published"]), int(saved["skipped"])
        except (ValueError, KeyError, TypeError, AttributeError):  # damaged: build as usual
            return "inputs"
        self.files, self.hashes, self.issues = files, hashes, issues
        self.published, self.skipped = published, skipped
        for relpath, (size, mtime_ns) in self.files.items():
            try:
                info = (docs_dir / relpath).stat()
            except OSError:
                return "outputs"
            if info.st_size != size or info.st_mtime_ns != mtime_ns:
                return "outputs"
        if not (docs_dir / MANIFEST).is_file():  # without it, clean and the next build are lost
            return "outputs"
        return "unchanged"

    def forget(self) -> None:
        """This build's pages may not be what its key says: the next build starts afresh."""
        if not self.enabled:  # `--no-cache` neither reads nor changes the record
            return
        self._saved = None
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:  # the pages are written; only the next no-op check is at stake
            log.warning(
                "could not remove the build record %s (%s); remove it by hand", self.path, exc
            )

    def refresh_seeds(self, seeds: dict[str, list[int | str]]) -> None:
        """Seeds were read (their file times changed) but made the same build: remember their
        new times, so the next no-op does not read them again."""
        saved = self._load()
        if not self.enabled or not saved or saved.get("seeds") == seeds:
            return
        saved["seeds"] = seeds
        try:
            atomic_write(self.path, json.dumps(saved, ensure_ascii=False).encode())
        except OSError as exc:
            log.warning("could not record this build in the cache (%s)", exc)

    def record(
        self,
        key: str,
        docs_dir: Path,
        outputs: dict[str, bytes],
        analysed: Analysed | None,
        seeds: dict[str, list[int | str]],
        salt: str,
        hashes: dict[str, str],
        hinted: frozenset[str],
        pages: dict[str, str] | None = None,
        addresses: dict[str, str] | None = None,
    ) -> None:
        """`seeds`: relpath → [size, mtime, ctime, cache key] of every seed read in this build;
        `addresses`: relpath → page address (None: as the last build recorded them)."""
        if not self.enabled:
            return
        files = {}
        for relpath in outputs:
            info = (docs_dir / relpath).stat()
            files[relpath] = [info.st_size, info.st_mtime_ns]
        data = {
            "key": key,
            "docs_dir": str(docs_dir),
            "salt": salt,
            "published": len(analysed.briefings) if analysed else self.published,
            "skipped": analysed.skipped if analysed else self.skipped,
            "issues": [
                [i.path, i.message, i.severity.value, i.line, i.column]
                for i in (analysed.issues if analysed else self.issues)
            ],
            "seeds": seeds,
            "hashes": hashes,
            "hinted": sorted(hinted),
            "files": files,
            # report page → PageMemo key; kept as they were when the pages came from the store
            "pages": self._load().get("pages", {}) if pages is None else pages,
            "addresses": self.recorded_addresses() if addresses is None else addresses,
        }
        try:
            atomic_write(self.path, json.dumps(data, ensure_ascii=False).encode())
        except OSError as exc:
            log.warning("could not record this build in the cache (%s)", exc)
        self._saved = None


# A line of MkDocs' log ("WARNING -  Doc file 'about.md' contains a link …"); lines without a
# level continue the message above them.
_MKDOCS_LINE = re.compile(r"(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s+-\s+(.*)")
_mkdocs_log = logging.getLogger("briefing.mkdocs")


def run_mkdocs(config: Config, strict: bool) -> None:
    """Run `mkdocs build`, passing its messages on through logging at their own level: its
    warnings (a broken link in a hand-written page) are shown, its progress only with -v.
    MkDocs' `--quiet` is not used: it drops warnings before `--strict` counts them, so a
    strict build passed with them."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--config-file",
        str(config.root / "mkdocs.yml"),
    ]
    if strict:
        command.append("--strict")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with subprocess.Popen(
        command,
        cwd=config.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    ) as child:
        assert child.stdout is not None
        level = logging.WARNING  # what comes before any level (a traceback) is shown
        for line in child.stdout:
            text = line.rstrip()
            if found := _MKDOCS_LINE.match(text):
                level, text = logging.getLevelName(found.group(1)), found.group(2)
            if text.strip():
                _mkdocs_log.log(level, "mkdocs: %s", text)
    if child.returncode != 0:
        raise BuildError(f"mkdocs build failed (exit {child.returncode}); its messages are above")


def build(config: Config, options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    result = BuildResult()
    taxonomy_bytes = config.taxonomy_path.read_bytes() if config.taxonomy_path.exists() else b""
    taxonomy, taxonomy_issues = load_taxonomy(config.taxonomy_path, config.taxonomy_shown)
    errors = [i for i in taxonomy_issues if i.severity is Severity.ERROR]
    if errors:  # printed after "error: ", so each says only where and what
        raise ConfigError("; ".join(f"{i.where}: {i.message}" for i in errors))
    result.issues.extend(taxonomy_issues)

    paths, discovery_issues = discover_seeds(config.seeds_dir, config.seeds_shown)
    result.issues.extend(discovery_issues)
    found, stat_issues = stat_seeds(config, paths)
    result.issues.extend(stat_issues)
    cache = AnalysisCache(config.cache_dir, enabled=options.use_cache)
    salt = cache.salt(config, taxonomy_bytes)
    stamp = LastBuild(config.cache_dir / LAST_BUILD, enabled=options.use_cache)
    # a second name of a published report is a warning: the report is published, not skipped
    result.skipped = _errors(discovery_issues) + _errors(stat_issues)

    def read_all() -> tuple[list[_Job], list[str]]:
        jobs, unreadable = read_found(config, found)
        result.issues.extend(unreadable)
        result.skipped += len(unreadable)
        return jobs, [cache.key(job, taxonomy_bytes) for job in jobs]

    # No seed's directory entry changed since the last build: the keys it recorded still hold,
    # and no seed is read unless the build turns out to have something to do.
    jobs: list[_Job] | None = None
    keys = stamp.recorded_keys(found, salt)
    if keys is None:
        jobs, keys = read_all()

    def key_of(jobs: list[_Job] | None, keys: list[str], hinted: frozenset[str]) -> str:
        if jobs is not None:
            relpaths, hints = [j.seed.relpath for j in jobs], [j.hints for j in jobs]
        else:
            relpaths, hints = [s.relpath for s in found], [s.hints for s in found]
        return stamp.key(config, relpaths, keys, hints, hinted)

    hinted = stamp.recorded_hinted()
    key = key_of(jobs, keys, hinted)

    # Read-only until strict mode has had its say: a strict build with problems creates nothing.
    store = OutputStore(config.cache_dir / "outputs", enabled=options.use_cache)
    status = stamp.compare(key, config.docs_dir)
    # Same inputs, but docs/ lost or changed some of its generated files (a clean checkout with
    # a restored cache): the last build's files come back from the store.
    restored = store.get_all(stamp.hashes) if status == "outputs" else None
    if status == "unchanged" or restored is not None:
        result.issues.extend(stamp.issues)
        result.published = stamp.published
        result.skipped += stamp.skipped
        result.from_cache = len(keys)
        result.stats = WriteStats(0, len(stamp.files), 0)
    else:
        if jobs is None:  # the keys came from the record, but something else changed
            jobs, keys = read_all()
        analysed = analyse_jobs(jobs, keys, cache, taxonomy, options)
        hinted = frozenset(
            b.report.relpath for b in analysed.briefings if b.report.date_origin not in DATE_STATED
        )
        key = key_of(jobs, keys, hinted)
        result.issues.extend(analysed.issues)
        result.skipped += analysed.skipped
        result.analysed = analysed.analysed
        # every seed read counts once: skipped ones and drafts are analysed or cached like others
        result.from_cache = len(jobs) - analysed.analysed
        from briefing.render import newest_first, page_url, report_path

        previous = stamp.recorded_addresses()  # who had which address: they keep it
        # and without that record, the seed git saw first; not file times, which a checkout
        # sets (a shallow clone leaves old seeds without a git date: they come after, by path)
        first_seen = {j.seed.relpath: j.hints.git_added for j in jobs if j.hints.git_added}
        ids = assign_ids(analysed.briefings, previous, first_seen)
        result.briefings = newest_first(related_reports(ids))
        folder = config.seeds_shown
        shared = pinned_slug_clashes(
            result.briefings, folder, previous, first_seen
        ) + shared_tag_pages(result.briefings, folder, config.taxonomy_shown)
        analysed.issues.extend(shared)  # recorded with the build: a no-op rebuild says it again
        result.issues.extend(shared)
        addresses = {b.report.relpath: page_url(report_path(b)) for b in result.briefings}
        # said once, by the build that moved them: not recorded with the build's issues
        result.issues.extend(moved_pages(previous, addresses, folder))
        result.published = len(result.briefings)
    if options.strict and (result.errors or result.warnings):
        result.seconds = time.perf_counter() - started
        raise StrictModeError(result)

    with build_lock(config.docs_dir):
        seeds = _seed_record(found, jobs, keys)
        if status == "unchanged" and jobs is not None:
            stamp.refresh_seeds(seeds)
        if restored is not None:
            made_from = _pages_made_from(stamp.recorded_addresses(), config.seeds_shown)
            result.stats = write_outputs(config.docs_dir, restored, made_from)
            stamp.record(key, config.docs_dir, restored, None, seeds, salt, stamp.hashes, hinted)
        elif status != "unchanged":
            # a process running code older than its files neither reads nor fills these stores
            reuse = options.use_cache and _runs_the_code_on_disk()
            html_cache = config.cache_dir / "body-html" if reuse else None
            html_used: set[str] = set()
            memo = PageMemo(*stamp.recorded_pages(), store) if reuse else None
            outputs = generate(
                config, result.briefings, html_cache=html_cache, html_used=html_used, memo=memo
            )
            made_from = _pages_made_from(addresses, config.seeds_shown)
            result.stats = write_outputs(config.docs_dir, outputs, made_from)
            hashes = store.put_all(outputs)
            pages = memo.keys if memo is not None else {}
            if analysed.cacheable and reuse and _runs_the_code_on_disk():
                stamp.record(
                    key,
                    config.docs_dir,
                    outputs,
                    analysed,
                    seeds,
                    salt,
                    hashes,
                    hinted,
                    pages,
                    addresses,
                )
            else:
                stamp.forget()
            if options.use_cache:  # every entry this build needs is known: forget old others
                prune(config.cache_dir, set(keys))
                prune(config.cache_dir / "body-html", html_used)
        if options.site:
            run_mkdocs(config, strict=options.strict)
    result.seconds = time.perf_counter() - started
    return result


def _pages_made_from(addresses: dict[str, str], folder: str) -> dict[str, str]:
    """Each report page's docs path → its seed as messages name it, from seed path → page
    address: a hand-written file in a page's place is named with the report that wants it,
    whether this build generated the pages or restored the last build's. A report page's
    address is its path with "/" for ".md" (render.page_url: a report is never an index)."""
    return {f"{url.removesuffix('/')}.md": f"{folder}/{rel}" for rel, url in addresses.items()}


_code_changed = _WarnOnce()


def _runs_the_code_on_disk() -> bool:
    """False once a file of the package changed since this process imported it: its pages were
    made by the code it loaded, which the files (and so the key this build would be recorded
    under) may no longer describe."""
    if codestate.unchanged_since_start():
        return True
    _code_changed.warn(
        "briefing's code changed on disk since this process started; it goes on with the "
        "code it loaded, and its builds are not recorded for reuse: start it again to use "
        "the new code"
    )
    return False


def _seed_record(
    found: list[_Found], jobs: list[_Job] | None, keys: list[str]
) -> dict[str, list[int | str]]:
    """relpath → [size, mtime, ctime, cache key] for LastBuild; `keys` follow `jobs` when the
    seeds were read, else `found`."""
    entries = {seed.relpath: seed.entry for seed in found}
    relpaths = [j.seed.relpath for j in jobs] if jobs is not None else list(entries)
    return {rel: [*entries[rel], k] for rel, k in zip(relpaths, keys, strict=True)}


class StrictModeError(BuildError):
    """Strict mode found problems: they are all in `result.issues`, and nothing was written."""

    def __init__(self, result: BuildResult) -> None:
        super().__init__(
            f"strict mode: {result.errors} errors and {result.warnings} warnings "
            "(listed above); nothing was written"
        )
        self.result = result
