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
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefing.errors import BuildLockedError, OwnershipError

MANIFEST = ".digest-manifest.json"


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()
LOCK = ".digest-lock"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def read_manifest(docs_dir: Path) -> set[str]:
    try:
        data = json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8"))
        return set(data.get("files", []))
    except (FileNotFoundError, ValueError, AttributeError):
        return set()


def check_ownership(docs_dir: Path, outputs: Mapping[str, bytes]) -> list[str]:
    """Paths we would write that hold a file we did not write: the user's, never to be replaced."""
    owned = read_manifest(docs_dir)
    return sorted(p for p in outputs if p not in owned and (docs_dir / p).exists())


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
        os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; a page is as readable as any file
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def write_outputs(docs_dir: Path, outputs: Mapping[str, bytes]) -> WriteStats:
    """Write every output, then the manifest, then remove what the old manifest had and we dropped.

    The manifest is written before stale files are removed and lists old and new files until then,
    so an interrupted build never forgets a file it owns.
    """
    conflicts = check_ownership(docs_dir, outputs)
    if conflicts:
        raise OwnershipError(
            "these files were not written by the digest but sit where it writes its pages: "
            + ", ".join(f"{docs_dir.name}/{p}" for p in conflicts)
            + ". Move or rename them (the digest never overwrites hand-written files)."
        )
    old = read_manifest(docs_dir)
    new = set(outputs)
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
        if target.is_file():
            target.unlink()
            removed += 1
            _prune_empty_dirs(target.parent, docs_dir)
    _write_manifest(docs_dir, new)
    return WriteStats(written, unchanged, removed)


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
        if target.is_file():
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
