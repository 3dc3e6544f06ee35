"""Browser fixtures: the built site served from 127.0.0.1 under site_url's path, and Chromium.

Playwright's own browser download is not available here, so the tests drive Debian's `chromium`
package. Without it the tests fail (never skip) and say how to install it.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from conftest import make_project, run_briefing

from .site_data import HOSTILE_SEED


def site_path(project: Path) -> str:
    """The path part of site_url ("/briefing/"): the site is served there, as on GitHub Pages."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    # mkdocs.yml uses !ENV [NAME, default]; read tagged values as plain lists, on a private
    # loader class so the shared yaml.SafeLoader is left as it was.
    loader = type("_TagsAsLists", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda ld, _suffix, node: ld.construct_sequence(node))
    url = yaml.load(text, Loader=loader)["site_url"]
    if isinstance(url, list):
        url = os.environ.get(url[0], url[-1])
    return urlparse(url).path or "/"


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves site/ under a path prefix and answers unknown paths with the site's 404 page."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        clean = urlparse(path).path
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / "\0missing")
        return super().translate_path("/" + clean[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass
class Server:
    base: str  # e.g. http://127.0.0.1:PORT/briefing/

    def url(self, path: str = "") -> str:
        return self.base + path.lstrip("/")


def serve(site_dir: Path, prefix: str) -> tuple[ThreadingHTTPServer, str]:
    handler = type("Handler", (_SiteHandler,), {"prefix": prefix})
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir))
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[Server]:
    httpd, base = serve(built_site / "site", site_path(built_site))
    yield Server(base)
    httpd.shutdown()
    httpd.server_close()


@dataclass
class Visit:
    """A page plus everything that went wrong while it was open."""

    page: object
    console_errors: list[str]
    foreign_requests: list[str]


@pytest.fixture
def visit(browser: object, site_server: Server) -> Iterator[object]:
    """Open a fresh page; collect console errors and requests that leave 127.0.0.1."""
    contexts = []

    def open_page(
        path: str = "",
        *,
        width: int = 1280,
        height: int = 900,
        scheme: str = "light",
        settle: bool = False,
    ) -> Visit:
        """`settle` waits until the network is idle, for checks of late requests and errors."""
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        contexts.append(context)
        page = context.new_page()
        errors: list[str] = []
        foreign: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "request",
            lambda r: (
                foreign.append(r.url)
                if urlparse(r.url).hostname not in ("127.0.0.1", None)
                and not r.url.startswith("data:")
                else None
            ),
        )
        page.goto(site_server.url(path), wait_until="networkidle" if settle else "load")
        return Visit(page, errors, foreign)

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Server]]:
    """A project whose only report is made of markup, built and served once."""
    project = make_project(tmp_path_factory.mktemp("hostile") / "project", seeds=[])
    (project / "seeds" / "hostile.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    result = run_briefing(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    httpd, base = serve(project / "site", site_path(project))
    yield project, Server(base)
    httpd.shutdown()
    httpd.server_close()
