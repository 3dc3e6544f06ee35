"""What a per-report analysis depends on besides the report and the taxonomy: its settings and
the analyzers' version. Kept apart from the analyzers so a build can tell whether its cache is
current without importing them (and NumPy): a rebuild with nothing to do stays quick."""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Bump when the summarizer's output changes for the same input (summarize.py re-exports it).
SUMMARIZER_VERSION = "6"

_PACKAGE = Path(__file__).resolve().parent.parent
# The ingest and analyze stages: every module a cached analysis is made by, and their data.
_STAGE_MODULES = (
    "ingest.py",
    "decode.py",
    "frontmatter_in.py",
    "text.py",
    "model.py",
    "lexicon.py",
)
_STAGE_LIBRARIES = ("sentencex", "charset-normalizer", "python-frontmatter", "PyYAML", "numpy")


def is_stage_file(name: str) -> bool:
    """Whether a file, by its path in the package, is part of the ingest or analyze stage."""
    return name in _STAGE_MODULES or name.startswith("analyze/")


def stage_files() -> list[Path]:
    files = [_PACKAGE / name for name in _STAGE_MODULES]
    return files + sorted(
        p for p in (_PACKAGE / "analyze").rglob("*") if p.suffix in {".py", ".json", ".tsv"}
    )


def stage_fingerprint() -> str:
    """A digest of the code, data and library versions that make a report's analysis.

    The analysis cache is keyed on it, so any change to how a report is read or analysed
    invalidates the cached results; a hand-bumped version number was forgotten more than once
    (a new title rule served old titles from the cache). Reading the files costs about a
    millisecond, once per process.
    """
    digest = hashlib.blake2b(digest_size=10)
    # text normalisation uses the Unicode tables of the running Python
    digest.update(f"{sys.version_info[:2]} {unicodedata.unidata_version}\0".encode())
    from importlib import metadata  # not at import: the package imports this module

    for path in stage_files():
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        try:
            digest.update(path.read_bytes() + b"\0")
        except OSError:  # an install without sources: still a key, just a coarser one
            digest.update(b"unreadable\0")
    for name in _STAGE_LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=?\0".encode())
    return digest.hexdigest()


def analyzer_version_on_disk() -> str:
    """The version of the analyzers as their files are now (read afresh on every call)."""
    return f"{stage_fingerprint()}/{SUMMARIZER_VERSION}"


NEVER_CURRENT = "changed-while-loading"


def loaded_version() -> str:
    """The version of the analyzers this process has loaded, for the analyzers to record once
    every stage module and data file is in memory. The fingerprint is read after loading, so a
    file that changed since the package was imported (its code loaded before or after the
    change, no telling) gives a version no cache key has: nothing made here is cached."""
    from briefing import codestate

    version = analyzer_version_on_disk()
    return version if codestate.unchanged_since_start(is_stage_file) else NEVER_CURRENT


@lru_cache(maxsize=1)
def analyzer_version() -> str:
    """Part of every analysis cache key: the stages' fingerprint and the summarizer's version.
    Computed on first use, once per process: commands that analyse nothing never read the files.
    The analyzers record the version they were loaded as (pipeline.LOADED_VERSION); results are
    cached only when the two agree."""
    return analyzer_version_on_disk()


@dataclass(frozen=True)
class AnalysisSettings:
    summary_sentences: int = 3
    keyphrases: int = 10
