"""Write generated files safely: atomically, only when changed, and only where we own the path.

The manifest (docs/.digest-manifest.json) lists every file the generator wrote. It is how stale
files are found (never by globbing) and how a hand-written file at a generated path is told apart
from our own output, so a user's page is never overwritten.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from briefing.errors import BuildLockedError, OwnershipError

MANIFEST = ".digest-manifest.json"


LOCK = ".digest-lock"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# mkstemp creates files readable by their owner only; generated pages and feeds are published,
# so they get the permissions any new file would get (MkDocs copies feeds with their mode).
_FILE_MODE = 0o666 & ~_umask()
# mkstemp's names: "." + target name + "." + 8 random characters + ".tmp"
_TEMP_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")


def safe_relpath(relpath: str) -> bool:
    """A manifest entry we may delete or overwrite: inside docs/, never the manifest or lock."""
    path = PurePosixPath(relpath)
    return (
        bool(relpath)
        and not path.is_absolute()
        and ".." not in path.parts
        and "\\" not in relpath
        and path.as_posix() == relpath
        and relpath not in (MANIFEST, LOCK)
    )


def read_manifest(docs_dir: Path) -> set[str]:
    """The files a previous build wrote. Entries that point outside docs/ are ignored: only a
    hand-edited manifest has them, and following them could delete the user's files."""
    try:
        text = (docs_dir / MANIFEST).read_text(encoding="utf-8")
    except FileNotFoundError:
        return set()
    try:
        data = json.loads(text)
        files = data["files"]
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise OwnershipError(
            f"{docs_dir.name}/{MANIFEST} is damaged, so the digest cannot tell its own files from "
            f"yours; delete it, then build again (files identical to the digest's output are "
            "taken over; any other file at a generated path stops the build and is named)"
        ) from None
    return {f for f in files if safe_relpath(f)}


def check_ownership(docs_dir: Path, outputs: Mapping[str, bytes]) -> list[str]:
    """Paths we would write that hold something we did not write: the user's, never replaced.

    A file whose bytes are exactly what we would write is not a conflict (nothing can be lost), so
    a build whose manifest was lost takes its own earlier output over. A file (or link) where we
    need a folder is a conflict too.
    """
    owned = read_manifest(docs_dir)
    conflicts: set[str] = set()
    for relpath, data in outputs.items():
        target = docs_dir / relpath
        for parent in PurePosixPath(relpath).parents:
            if (
                parent.parts
                and os.path.lexists(docs_dir / parent)
                and not ((docs_dir / parent).is_dir() and not (docs_dir / parent).is_symlink())
            ):
                conflicts.add(parent.as_posix())
        if relpath in owned or not os.path.lexists(target):
            continue
        if target.is_symlink() or not target.is_file() or target.read_bytes() != data:
            conflicts.add(relpath)
    return sorted(conflicts)


def atomic_write(path: Path, data: bytes) -> bool:
    """Write via a temporary file and rename, so readers see the old or the new file, never half.

    No fsync: everything written here is rebuilt from seeds/ by the next build, so surviving a
    power cut is not worth the cost (an fsync per file was most of a 5,000-report write). The
    rename alone keeps a crashed or concurrent build from leaving a half-written page.
    """
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            # mkstemp makes 0600; a page is as readable as any other file
            os.fchmod(handle.fileno(), _FILE_MODE)
        # No fsync: rename already keeps readers (and a killed build) from seeing half a file,
        # and fsyncing thousands of pages cost more than the rest of writing them put together.
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def remove_stale_temp_files(docs_dir: Path, relpaths: Iterable[str]) -> int:
    """Delete temporary files a killed build left next to files we own (never anything else)."""
    by_folder: dict[Path, set[str]] = {}
    for relpath in relpaths:
        target = docs_dir / relpath
        by_folder.setdefault(target.parent, set()).add(target.name)
    removed = 0
    for folder, names in sorted(by_folder.items()):
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            match = _TEMP_NAME.fullmatch(entry.name)
            if match and match.group("target") in names and entry.is_file():
                entry.unlink()
                removed += 1
    return removed


def write_outputs(
    docs_dir: Path, outputs: Mapping[str, bytes], made_from: Mapping[str, str] | None = None
) -> WriteStats:
    """Write every output, then the manifest, then remove what the old manifest had and we dropped.

    The manifest is written before stale files are removed and lists old and new files until then,
    so an interrupted build never forgets a file it owns. ``made_from`` names the seed of each
    report page, so a hand-written file in a page's place is named with the report that wants it.
    """
    conflicts = check_ownership(docs_dir, outputs)
    if conflicts:
        made_from = made_from or {}
        named = [
            f"{docs_dir.name}/{p}" + (f" (the page of {made_from[p]})" if p in made_from else "")
            for p in conflicts
        ]
        raise OwnershipError(
            "these files were not written by the digest but sit where it writes its pages: "
            + ", ".join(named)
            + ". Move or rename them (the digest never overwrites hand-written files)"
            + (
                ", or give the report another 'slug:'."
                if made_from.keys() & set(conflicts)
                else "."
            )
        )
    old = read_manifest(docs_dir)
    new = set(outputs)
    remove_stale_temp_files(docs_dir, old | new | {MANIFEST})
    _write_manifest(docs_dir, old | new)
    written = unchanged = 0
    for relpath in sorted(outputs):
        if atomic_write(docs_dir / relpath, outputs[relpath]):
            written += 1
        else:
            unchanged += 1
    removed = 0
    for relpath in sorted(old - new):
        target = docs_dir / relpath
        if _deletable(docs_dir, target):
            target.unlink()
            removed += 1
            _prune_empty_dirs(target.parent, docs_dir)
    _write_manifest(docs_dir, new)
    return WriteStats(written, unchanged, removed)


def _deletable(docs_dir: Path, target: Path) -> bool:
    """A file we wrote, still really inside docs/: if the user replaced one of our folders with a
    link to somewhere else, what is behind the link is theirs."""
    if not (target.is_file() or target.is_symlink()):
        return False
    return target.parent.resolve().is_relative_to(docs_dir.resolve())


def _write_manifest(docs_dir: Path, files: set[str]) -> None:
    data = {"generator": "briefing-digest", "files": sorted(files)}
    atomic_write(docs_dir / MANIFEST, (json.dumps(data, indent=1) + "\n").encode())


def _prune_empty_dirs(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def remove_outputs(docs_dir: Path) -> int:
    """Delete everything the manifest lists (for `make clean`), then the manifest itself."""
    count = 0
    for relpath in sorted(read_manifest(docs_dir)):
        target = docs_dir / relpath
        if _deletable(docs_dir, target):
            target.unlink()
            count += 1
            _prune_empty_dirs(target.parent, docs_dir)
    with contextlib.suppress(FileNotFoundError):
        (docs_dir / MANIFEST).unlink()
    return count


@contextlib.contextmanager
def build_lock(docs_dir: Path) -> Iterator[None]:
    """One build at a time per docs folder; the OS releases the lock even if the build is killed."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    with open(docs_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLockedError(
                f"another build is writing to {docs_dir.name}/ right now; wait for it to finish "
                "and run this build again"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def content_hash(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()
