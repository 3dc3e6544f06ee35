"""`briefing serve` (what `make serve` runs), as a user meets it: a live preview on a port that
has search, and picks up a report dropped into seeds/ without a restart."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.config import load_config
from tests.conftest import EPOCH, ROOT

NEW_REPORT = """---
title: Ferry timetable changes in Sinuiju
date: 2024-03-02
source: Test Wire
---

Ferry operators in Sinuiju cut two sailings a day this week. Traders said the change
raised the cost of moving goods across the river.
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def _wait_for(url: str, contains: bytes = b"", seconds: float = 90) -> bytes:
    """The body once `url` answers 200 (and contains `contains`); fails after `seconds`."""
    deadline = time.monotonic() + seconds
    status, body = 0, b""
    while time.monotonic() < deadline:
        status, body = _fetch(url)
        if status == 200 and contains in body:
            return body
        time.sleep(0.5)
    pytest.fail(f"{url} did not answer 200 with {contains!r} within {seconds} s (last: {status})")


@pytest.fixture
def served(project: Path) -> Iterator[tuple[str, Path]]:
    with _serving(project, ["briefing", "serve"]) as base:
        yield base, project


@contextlib.contextmanager
def _serving(project: Path, command: list[str]) -> Iterator[str]:
    """`python -m <command> --dev-addr …` running in `project`; yields the preview's address."""
    port = _free_port()
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", *command, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so the MkDocs child is stopped with it
    )
    site_path = load_config(project).site_url.split("//", 1)[-1].partition("/")[2]
    try:
        yield f"http://127.0.0.1:{port}/{site_path}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_the_preview_has_search_and_picks_up_a_new_report(served: tuple[str, Path]) -> None:
    base, project = served
    home = _wait_for(base)
    assert b"data-pagefind" in home or b"digest-search" in home  # the site's own search box
    # the preview's search bundle, indexed by hooks/search_preview.py, not by `make site`
    _wait_for(base + "pagefind/pagefind.js")
    entry = _wait_for(base + "pagefind/pagefind-entry.json")
    assert b'"page_count":4' in entry.replace(b" ", b""), entry[:200]

    (project / "seeds" / "ferry.txt").write_text(NEW_REPORT, encoding="utf-8")
    _wait_for(base, contains=b"Ferry timetable changes in Sinuiju")
    entry = _wait_for(base + "pagefind/pagefind-entry.json", contains=b'"page_count":5')
    assert not (project / "site").exists(), "a preview must not write the published site"


def test_mkdocs_serve_clean_has_search_too(project: Path) -> None:
    """`--clean` tells hooks its first build is a "build"; the preview still gets its index."""
    from tests.conftest import run_briefing

    run_briefing(project, "build", "--no-site", check=True)
    with _serving(project, ["mkdocs", "serve", "--clean"]) as base:
        entry = _wait_for(base + "pagefind/pagefind-entry.json")
    assert b'"page_count":4' in entry.replace(b" ", b""), entry[:200]


def _preview_hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "search_preview", ROOT / "hooks/search_preview.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("command", "reports", "indexed"),
    [
        ("serve", 3, True),
        ("serve", 4, False),
        ("build", 3, False),
    ],
)
def test_the_preview_hook_indexes_only_previews_of_a_modest_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, reports: int, indexed: bool
) -> None:
    import briefing.search

    hook = _preview_hook()
    monkeypatch.setattr(hook, "PREVIEW_LIMIT", 3)
    calls: list[Path] = []

    def index_site(site: Path, cache: Path) -> briefing.search.IndexResult:
        calls.append(site)
        return briefing.search.IndexResult(reports, True, 0.0, "")

    monkeypatch.setattr(briefing.search, "index_site", index_site)
    site = tmp_path / "site"
    for number in range(reports):
        page = site / "reports" / f"r{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html></html>", encoding="utf-8")
    config = {"extra": {}, "config_file_path": str(tmp_path / "mkdocs.yml"), "site_dir": str(site)}
    hook.on_startup(command, dirty=False)
    hook.on_post_build(config)
    assert calls == ([site] if indexed else [])


def test_the_preview_hook_indexes_a_clean_preview_once_serving_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs calls `serve --clean`'s first build a "build" and only then starts serving."""
    import briefing.search

    hook = _preview_hook()
    calls: list[Path] = []

    def index_site(site: Path, cache: Path) -> briefing.search.IndexResult:
        calls.append(site)
        return briefing.search.IndexResult(1, True, 0.0, "")

    monkeypatch.setattr(briefing.search, "index_site", index_site)
    site = tmp_path / "site"
    config = {"extra": {}, "config_file_path": str(tmp_path / "mkdocs.yml"), "site_dir": str(site)}
    hook.on_startup("build", dirty=False)
    hook.on_post_build(config)  # the first build
    assert calls == []
    server = object()
    assert hook.on_serve(server, config=config, builder=None) is server
    assert calls == [site]  # the first build, indexed as serving starts
    hook.on_post_build(config)  # a rebuild after an edit
    assert calls == [site, site]
