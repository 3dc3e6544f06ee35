"""Data the browser tests share with their fixtures."""

from __future__ import annotations

from pathlib import Path

# Screenshots for a person to look at; the folder is ignored by git.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

HOSTILE_TITLE = (
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    " **bold** [click](javascript:window.__pwned=3) </title><script>window.__pwned=6</script>"
)
HOSTILE_SEED = f"""---
title: '{HOSTILE_TITLE}'
date: 2024-02-12
source: '<b>Evil</b> Source'
authors: ['<i>Mallory</i>']
---
<script>window.__pwned = 4</script>

A paragraph with <img src=x onerror="window.__pwned = 5"> an image tag, *emphasis*, a
[link](javascript:window.__pwned=7) and an attribute list {{: onclick="window.__pwned=8" }}.

--8<-- "home.md"
"""
