"""Whether the code this process runs is still the code on disk.

A long-running process (`briefing serve`, or a tool that calls `build()` in a loop) keeps the
modules it imported while the files under it change, and imports some modules only when first
needed. What it caches must be keyed on the code it runs; a key computed from the files is only
that code's key while no file changed since the process imported the package. So the package
notes each file's modification time and size when it is imported (`briefing/__init__.py`),
before any other module of it loads, and the caches ask here before they store anything.
A few dozen stat calls: about 0.1 ms.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_SUFFIXES = {".py", ".json", ".tsv"}  # code, and the data the analyzers read

FileStates = dict[str, tuple[int, int]]


def package_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*") if p.suffix in _SUFFIXES)


def file_states(paths: Iterable[Path]) -> FileStates:
    """Each file's (modification time in ns, size); (-1, -1) for a file that cannot be read."""
    states: FileStates = {}
    for path in paths:
        try:
            found = path.stat()
            state = (found.st_mtime_ns, found.st_size)
        except OSError:
            state = (-1, -1)
        states[path.relative_to(PACKAGE).as_posix()] = state
    return states


AT_START = file_states(package_files())


def unchanged_since_start(paths: Iterable[Path] | None = None) -> bool:
    """True when none of ``paths`` (default: every file of the package, including files added
    since) changed since the package was imported."""
    if paths is None:
        return file_states(package_files()) == AT_START
    return all(AT_START.get(name) == state for name, state in file_states(paths).items())
