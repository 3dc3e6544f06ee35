"""Render every generated page with Python-Markdown alone: the floor under any Markdown site builder.

Usage: python benchmarks/markdown_floor.py DOCS_DIR MKDOCS_YML

It uses the Markdown extensions that mkdocs.yml lists (those Python-Markdown can load without
MkDocs), strips front matter the way MkDocs does, and prints one JSON line with the page count
and the time spent rendering (reading files is included, writing HTML is not).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import markdown
import yaml


def extensions_of(config_path: Path) -> tuple[list[str], dict[str, dict]]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    raw = yaml.load(config_path.read_text(encoding="utf-8"), Loader=Loader) or {}
    names: list[str] = []
    configs: dict[str, dict] = {}
    for item in raw.get("markdown_extensions", []):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name.startswith("pymdownx.snippets"):  # needs MkDocs' docs folder layout; not a renderer
            continue
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def main(argv: list[str]) -> int:
    docs, config = Path(argv[0]), Path(argv[1])
    names, configs = extensions_of(config)
    pages = sorted(p for p in docs.rglob("*.md") if "_digest" not in p.parts)
    renderer = markdown.Markdown(extensions=names, extension_configs=configs)
    started = time.perf_counter()
    size = 0
    for page in pages:
        size += len(renderer.reset().convert(strip_front_matter(page.read_text(encoding="utf-8"))))
    seconds = time.perf_counter() - started
    print(json.dumps({"pages": len(pages), "seconds": seconds, "html_chars": size}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
