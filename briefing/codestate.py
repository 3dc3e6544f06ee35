"""Whether the code this process runs is still the code on disk.

A long-running process (`briefing serve`, or a tool that calls `build()` in a loop) keeps the
modules it imported while the files under it change, and imports some modules only when first
needed. What it caches must be keyed on the code it runs; a key computed from the files is only
that code's key while no file changed since the process imported the package. So the package
notes each file's inode, modification time and size when it is imported
(`briefing/__init__.py`), before any other module of it loads, and the caches ask here before
they store anything. A few dozen stat calls: about 0.1 ms.

What a stat cannot see: a rewrite in place that keeps the size, within one tick of the file
system's clock. Editors and `git checkout` replace files or change their size or time, so in
practice that leaves a same-length edit saved twice within a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = {".py", ".json", ".tsv"}  # code, and the data the analyzers read

FileStates = dict[str, tuple[int, int, int]]
MISSING = (-1, -1, -1)


def package_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*") if p.suffix in _SUFFIXES)


def file_states() -> FileStates:
    """Each file of the package, by its path in the package: (inode, modification time in ns,
    size); MISSING for a file that vanished between listing and reading it."""
    states: FileStates = {}
    for path in package_files():
        try:
            found = path.stat()
            state = (found.st_ino, found.st_mtime_ns, found.st_size)
        except OSError:
            state = MISSING
        states[path.relative_to(PACKAGE).as_posix()] = state
    return states


AT_START = file_states()


def unchanged_since_start(among: Callable[[str], bool] | None = None) -> bool:
    """True when no file of the package (or none whose package path ``among`` accepts) was
    changed, added or removed since the package was imported."""
    now = file_states()
    if among is None:
        return now == AT_START
    return {n: s for n, s in now.items() if among(n)} == {
        n: s for n, s in AT_START.items() if among(n)
    }
