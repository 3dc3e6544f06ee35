"""hooks/prerendered.py is only an accelerator: the site must be the same bytes without it."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

from tests.conftest import EPOCH, ROOT, TAXONOMY_FILE, make_project, run_briefing

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus
from run import without_hooks

REPORTS = 40  # above the hook's batch threshold, so its workers and cache are used


def _differences(left: Path, right: Path) -> list[str]:
    out: list[str] = []
    compared = filecmp.dircmp(left, right)
    out += [f"only in one: {name}" for name in compared.left_only + compared.right_only]
    out += [f"differs: {left / name}" for name in compared.diff_files]
    for name in compared.common_dirs:
        out += _differences(left / name, right / name)
    return out


def _mkdocs(project: Path, *args: str) -> None:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", *args], cwd=project, env=env, check=True
    )


def test_report_pages_come_out_the_same_with_and_without_the_hook(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=[])
    for report in corpus.reports(REPORTS, TAXONOMY_FILE, seed=7):
        (project / "seeds" / f"{report.stem}.txt").write_text(corpus.seed_text(report), "utf-8")
    run_briefing(project, "build", "--strict", check=True)
    cached = list((project / ".cache/briefing/html").rglob("*.pickle"))
    generated = [
        page
        for folder in ("reports", "tags", "archive", "editions")
        for page in (project / "docs" / folder).rglob("*.md")
    ]
    assert len([p for p in generated if p.parts[-3] == "reports"]) == REPORTS
    # every generated page was converted by the hook's workers
    assert len(cached) == len(generated)

    (project / "plain.yml").write_text(without_hooks((project / "mkdocs.yml").read_text()))
    _mkdocs(project, "-f", "plain.yml", "-d", "site-plain")
    assert _differences(project / "site", project / "site-plain") == []

    # and from the cache, with the HTML MkDocs no longer converts itself
    _mkdocs(project, "-d", "site-warm")
    assert _differences(project / "site-warm", project / "site-plain") == []

    # third build: whole pages (theme templates included) come from the store
    pages_store = project / ".cache/briefing/html/pages"
    stored = sorted(pages_store.rglob("*.html.z"))
    in_nav = {"tags/index.md", "archive/index.md", "editions/index.md"}
    outside_nav = [p for p in generated if p.relative_to(project / "docs").as_posix() not in in_nav]
    assert len(stored) == len(outside_nav)
    _mkdocs(project, "-d", "site-whole")
    assert _differences(project / "site-whole", project / "site-plain") == []
    assert sorted(pages_store.rglob("*.html.z")) == stored  # nothing new: every page was a hit

    # the stored output really is what gets written (so the comparison above tested the store)
    stored[0].write_bytes(zlib.compress(b"<p>stored page</p>"))
    _mkdocs(project, "-d", "site-probe")
    probes = [
        p
        for p in (project / "site-probe").rglob("index.html")
        if p.read_bytes() == b"<p>stored page</p>"
    ]
    assert len(probes) == 1


def test_a_config_or_template_change_is_never_served_from_stored_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=[])
    for report in corpus.reports(REPORTS, TAXONOMY_FILE, seed=11):
        (project / "seeds" / f"{report.stem}.txt").write_text(corpus.seed_text(report), "utf-8")
    run_briefing(project, "build", check=True)
    _mkdocs(project)  # every page now stored whole
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("site_name: Briefing Digest", "site_name: Hyesan Watch")
    )
    overrides = project / "overrides" / "main.html"
    edited = overrides.read_text().replace(
        "{% block extrahead %}", "{% block extrahead %}<!-- edited template -->"
    )
    overrides.write_text(edited)
    (project / "plain.yml").write_text(without_hooks(config.read_text()))
    _mkdocs(project, "-d", "site-warm")
    _mkdocs(project, "-f", "plain.yml", "-d", "site-plain")
    assert _differences(project / "site-warm", project / "site-plain") == []
    report_page = next((project / "site-warm" / "reports").rglob("index.html")).read_text()
    assert "Hyesan Watch" in report_page and "<!-- edited template -->" in report_page

    # only a nav page's front matter changes: the theme shows its subtitle on every page
    about = project / "docs" / "about.md"
    about.write_text("---\nsubtitle: Who we are\n---\n\n" + about.read_text())
    _mkdocs(project, "-d", "site-warm2")
    _mkdocs(project, "-f", "plain.yml", "-d", "site-plain2")
    assert _differences(project / "site-warm2", project / "site-plain2") == []
    report_page = next((project / "site-warm2" / "reports").rglob("index.html")).read_text()
    assert "Who we are" in report_page


def test_a_change_to_the_hook_s_own_code_stores_pages_afresh(tmp_path: Path) -> None:
    """Stored HTML is what this hook's code made of a page: new hook code must not be served
    what the old code stored (it was keyed on a hand-bumped number alone)."""
    project = make_project(tmp_path / "project", seeds=[])
    for report in corpus.reports(REPORTS, TAXONOMY_FILE, seed=13):
        (project / "seeds" / f"{report.stem}.txt").write_text(corpus.seed_text(report), "utf-8")
    run_briefing(project, "build", "--no-site", check=True)
    _mkdocs(project)
    store = project / ".cache/briefing/html"
    before = set(store.rglob("*.pickle"))
    assert before
    hook = project / "hooks" / "prerendered.py"
    hook.write_text(hook.read_text() + "\n# a new version of the hook\n")
    _mkdocs(project)
    after = set(store.rglob("*.pickle"))
    assert len(after - before) == len(before)  # every page converted and stored again


def test_stored_pages_no_build_uses_go_after_a_week(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", seeds=[])
    for report in corpus.reports(REPORTS, TAXONOMY_FILE, seed=5):
        (project / "seeds" / f"{report.stem}.txt").write_text(corpus.seed_text(report), "utf-8")
    run_briefing(project, "build", check=True)
    _mkdocs(project)  # every page now stored whole as well
    store = project / ".cache/briefing/html"
    week_ago = time.time() - 8 * 86400
    in_use = sorted(store.glob("[0-9a-f][0-9a-f]/*.pickle"))
    in_use += sorted(store.glob("pages/[0-9a-f][0-9a-f]/*.html.z"))
    for path in in_use:  # used by every build: their age does not matter
        os.utime(path, (week_ago, week_ago))
    planted = {
        "old page html": (store / "ab" / f"{'a' * 64}.pickle", week_ago),
        "old whole page": (store / "pages" / "cd" / f"{'c' * 64}.html.z", week_ago),
        "recent page html": (store / "ab" / f"{'b' * 64}.pickle", time.time() - 86400),
    }
    for path, when in planted.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"from a page that no longer exists")
        os.utime(path, (when, when))

    _mkdocs(project, "--dirty")  # sees only changed pages: it must not decide what is unused
    assert all(path.exists() for path, _ in planted.values())
    _mkdocs(project)
    assert not planted["old page html"][0].exists()
    assert not planted["old whole page"][0].exists()
    assert planted["recent page html"][0].exists()
    assert all(path.exists() for path in in_use)


def _load_hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location("prerendered", ROOT / "hooks/prerendered.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rebuilds_under_mkdocs_serve_clean_are_treated_as_serve_s(tmp_path: Path) -> None:
    """`mkdocs serve --clean` tells hooks it is a "build", then serves: a preview's rebuild runs
    beside the server's threads (no forked workers) and must not prune the stores."""
    old = tmp_path / "ab" / f"{'a' * 64}.pickle"
    week_ago = time.time() - 8 * 86400
    for serving in (True, False):
        old.parent.mkdir(exist_ok=True)
        old.write_bytes(b"from a page no build uses")
        os.utime(old, (week_ago, week_ago))
        hook = _load_hook()
        hook.on_startup("build", dirty=False)  # what `serve --clean` says at startup
        if serving:
            server = object()
            assert hook.on_serve(server, config={}, builder=None) is server
        hook._state.folder = tmp_path  # as on_config sets it; this build used no entry
        hook.on_post_build({})
        assert old.exists() == serving
