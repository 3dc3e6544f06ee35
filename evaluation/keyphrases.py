"""Score keyphrase extraction on 500N-KPCrowd (dev split) as the eval README prescribes.

Our extractor is scored beside the TF-IDF unigram baseline and YAKE n=1 (when the ``yake``
package is installed) in the same run, so the comparison never mixes runs. The data is read
in place from ``../shared/eval`` (relative to the repository root) and never copied.

    python evaluation/keyphrases.py [--data DIR] [--limit N] [--sample-every K]
                                    [--system-cmd "briefing analyze --format jsonl"]
                                    [--markdown OUT.md]

Normalisation (README): lowercase, drop every character that is not a letter, digit or
whitespace, Porter-stem each word (nltk, default mode), join with single spaces. P@k counts
missing predictions as misses; scores are macro-averaged over documents and multiplied by 100.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import re
import shlex
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from briefing.analyze.keyphrases import STOPWORDS, extract_keyphrases

# Run with the project's virtualenv (briefing is installed there): python -m evaluation.keyphrases
REPO_ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger(__name__)
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval"
KS = (5, 10)

# --- normalisation and metrics -------------------------------------------------------------

_NOT_WORD = re.compile(r"[^\w\s]|_")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def normalise(phrase: str) -> str:
    """The README's normal form: letters/digits only, Porter-stemmed words, single spaces."""
    cleaned = _NOT_WORD.sub("", phrase.lower())
    return " ".join(_stemmer().stem(word) for word in cleaned.split())


def score_one(predicted: Sequence[str], gold: set[str]) -> dict[str, float]:
    """P/R/F1 at each k for one document (gold already normalised)."""
    seen: set[str] = set()
    ranked: list[str] = []
    for phrase in predicted:
        key = normalise(phrase)
        if key and key not in seen:
            seen.add(key)
            ranked.append(key)
    out: dict[str, float] = {}
    for k in KS:
        hits = sum(1 for key in ranked[:k] if key in gold)
        p = hits / k
        r = hits / len(gold) if gold else 0.0
        out[f"P@{k}"] = p
        out[f"R@{k}"] = r
        out[f"F1@{k}"] = 2 * p * r / (p + r) if p + r else 0.0
    return out


def macro(rows: Iterable[dict[str, float]]) -> dict[str, float]:
    rows = list(rows)
    return {key: 100 * sum(row[key] for row in rows) / len(rows) for key in rows[0]} if rows else {}


# --- data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    doc_id: str
    path: Path
    title: str
    body: str
    sentences: tuple[str, ...]  # the body split by the protocol's splitter
    gold: frozenset[str]


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        log.warning("%s is not UTF-8; decoding it as cp1252", path)
        return data.decode("cp1252")


def load_docs(data_dir: Path, limit: int | None = None, every: int = 1) -> list[Doc]:
    """Documents in sorted id order; ``every``/``limit`` pick a fixed, reproducible sample."""
    root = data_dir / "kpcrowd"
    paths = sorted((root / "docs").glob("*.txt"))[::every]
    if limit is not None:
        paths = paths[:limit]
    docs = []
    for path in paths:
        lines = _read_text(path).split("\n", 1)
        keys = _read_text(root / "keys" / f"{path.stem}.key").splitlines()
        gold = frozenset(filter(None, (normalise(key) for key in keys)))
        body = lines[1] if len(lines) > 1 else ""
        sentences = tuple(split_sentences(body))
        docs.append(Doc(path.stem, path, lines[0].strip(), body, sentences, gold))
    return docs


# --- the protocol's sentence splitter (used to feed our extractor) ---------------------------

_TITLE_TEXT = "Mr Mrs Ms Dr Prof St Jr Sr Gen Col Lt Sgt Rev Gov Sen Rep Capt Cllr vs No"
_TITLES = frozenset(_TITLE_TEXT.split())
_GLUED = re.compile(r"""([.!?]+['"”’)\]]*)(?=[A-Z](?!\.)|['"“‘][A-Z0-9])""")
_BREAK = re.compile(r"""[.!?]+['"”’)\]]*\s+(?=[^a-z\s])""")


def split_sentences(text: str) -> list[str]:
    """README splitter: line breaks, glued sentence ends, then terminal punctuation runs."""
    sentences: list[str] = []
    for line in text.split("\n"):
        line = _GLUED.sub(r"\1 ", line)
        start = 0
        for match in _BREAK.finditer(line):
            before = line[start : match.start() + 1]
            last = before.rstrip(".").split()[-1] if before.strip(". ") else ""
            lone_dot = match.group().rstrip().rstrip("'\"”’)]") == "."
            if lone_dot and (last in _TITLES or re.fullmatch(r"[A-Z]", last)):
                continue
            sentences.append(line[start : match.end()].strip())
            start = match.end()
        if line[start:].strip():
            sentences.append(line[start:].strip())
    return sentences


# --- systems -------------------------------------------------------------------------------

System = Callable[[Sequence[Doc]], list[list[str]]]


def ours(docs: Sequence[Doc]) -> list[list[str]]:
    return [extract_keyphrases(d.title, d.sentences, n=10) for d in docs]


def ours_raw(docs: Sequence[Doc]) -> list[list[str]]:
    """Ablation: the model's ranking without showing name fragments as whole names."""
    return [extract_keyphrases(d.title, d.sentences, n=10, expand_fragments=False) for d in docs]


_ALPHA = re.compile(r"[A-Za-z]+")


def tfidf_unigrams(docs: Sequence[Doc]) -> list[list[str]]:
    """Baseline: top 10 words (alphabetic, ≥ 2 letters, not stop words) by tf·idf, IDF from
    the documents being scored (the same split)."""
    bags = []
    for d in docs:
        words = [w.lower() for w in _ALPHA.findall(f"{d.title} {d.body}")]
        bags.append(Counter(w for w in words if len(w) >= 2 and w not in STOPWORDS))
    df = Counter(word for bag in bags for word in bag)
    n = len(docs)
    out = []
    for bag in bags:
        scored = sorted(bag, key=lambda w: (-bag[w] * math.log(n / df[w]), w))
        out.append(scored[:10])
    return out


def yake_unigrams(docs: Sequence[Doc]) -> list[list[str]]:
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=1, top=10)
    return [[kw for kw, _ in extractor.extract_keywords(f"{d.title}\n{d.body}")] for d in docs]


def external(command: str, batch: int = 200) -> System:
    """Score an external command that prints ``{"file": ..., "keyphrases": [...]}`` lines."""

    def run(docs: Sequence[Doc]) -> list[list[str]]:
        found: dict[str, list[str]] = {}
        for start in range(0, len(docs), batch):
            files = [str(d.path) for d in docs[start : start + batch]]
            proc = subprocess.run(
                [*shlex.split(command), *files], capture_output=True, text=True, check=False
            )
            if proc.returncode not in (0, 1):
                log.error("system command exited %s: %s", proc.returncode, proc.stderr[-500:])
            for line in proc.stdout.splitlines():
                if line.strip():
                    obj = json.loads(line)
                    found[obj["file"]] = list(obj.get("keyphrases") or [])
        missing = sum(1 for d in docs if str(d.path) not in found)
        if missing:
            log.warning("%d files missing from the system output score 0", missing)
        return [found.get(str(d.path), []) for d in docs]

    return run


def evaluate(docs: Sequence[Doc], system: System) -> tuple[dict[str, float], float]:
    """Macro scores and milliseconds per document: this process's CPU time, so an external
    command (whose work happens in a child process) shows only its I/O overhead here."""
    start = time.process_time()
    predictions = system(docs)
    ms = 1000 * (time.process_time() - start) / max(len(docs), 1)
    return macro(score_one(p, d.gold) for p, d in zip(predictions, docs, strict=True)), ms


def systems(system_cmd: str | None) -> dict[str, System]:
    table: dict[str, System] = {
        "ours (extract_keyphrases)": ours,
        "ours, name fragments not expanded": ours_raw,
    }
    if system_cmd:
        table[f"`{system_cmd}`"] = external(system_cmd)
    table["TF-IDF unigrams"] = tfidf_unigrams
    try:
        import yake  # noqa: F401

        table["YAKE n=1"] = yake_unigrams
    except ImportError:
        log.warning("yake is not installed: YAKE n=1 is not scored in this run")
    return table


def markdown_table(results: dict[str, tuple[dict[str, float], float]], n_docs: int) -> str:
    lines = [
        f"| KPCrowd dev, {n_docs} docs (×100) | P@5 | R@5 | F1@5 | P@10 | R@10 | F1@10 | CPU ms/doc |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, (m, ms) in results.items():
        cells = [m[f"{x}@{k}"] for k in KS for x in ("P", "R", "F1")]
        lines.append(f"| {name} | " + " | ".join(f"{c:.1f}" for c in cells) + f" | {ms:.2f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Keyphrase F1@5/@10 on KPCrowd dev.")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="eval folder")
    parser.add_argument("--limit", type=int, help="score only the first N documents")
    parser.add_argument("--sample-every", type=int, default=1, help="take every K-th document")
    parser.add_argument("--system-cmd", help="also score this command's JSON Lines output")
    parser.add_argument("--markdown", type=Path, help="write the results table here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    if not (args.data / "kpcrowd").is_dir():
        parser.error(f"no kpcrowd/ folder under {args.data}; pass --data DIR")
    docs = load_docs(args.data, args.limit, args.sample_every)
    ours(docs[:50])  # load the word table and warm per-word caches, as a long build would
    results = {name: evaluate(docs, system) for name, system in systems(args.system_cmd).items()}
    table = markdown_table(results, len(docs))
    sys.stdout.write(table + "\n")
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
