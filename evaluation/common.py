"""Shared pieces of the summary scorers: the protocol splitter, data loading, baselines, ROUGE.

Everything here follows the scoring protocol in the evaluation data's README, so that our numbers
and the maintainers' numbers are computed the same way. The data itself is read in place from
``../shared/eval`` (relative to the repo root) or ``--data``; nothing derived from it is written
into the repository.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "eval"

# ---------------------------------------------------------------------------------------------
# The protocol splitter (used for references, for baselines and for counting K).

_CLOSERS = "'\"\u2019\u201d)\\]"
_QUOTES = "'\"\u2018\u201c"
_GLUED_BEFORE_QUOTE = re.compile(rf"([.!?]+)(?=[{_QUOTES}][A-Z0-9])")
_GLUED_BEFORE_CAPITAL = re.compile(rf"([.!?]+[{_CLOSERS}]*)(?=[A-Z](?!\.))")
_SENTENCE_END = re.compile(rf"[.!?]+[{_CLOSERS}]*\s+")
_TITLES = frozenset(
    "Mr Mrs Ms Dr Prof St Jr Sr Gen Col Lt Sgt Rev Gov Sen Rep Capt Cllr vs No".split()  # noqa: SIM905
)
_LAST_TOKEN = re.compile(r"(\S+)$")


def protocol_split(text: str) -> list[str]:
    """Split text into sentences with the README's rule-based splitter (steps 1-4)."""
    sentences: list[str] = []
    for line in text.splitlines():
        line = _GLUED_BEFORE_QUOTE.sub(r"\1 ", line)
        line = _GLUED_BEFORE_CAPITAL.sub(r"\1 ", line)
        start = 0
        for match in _SENTENCE_END.finditer(line):
            end = match.end()
            if end < len(line) and line[end].islower():
                continue
            if match.group().rstrip() == ".":
                token = _LAST_TOKEN.search(line[start : match.start()])
                word = token.group(1) if token else ""
                if word in _TITLES or (len(word) == 1 and word.isupper()):
                    continue
            piece = line[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
        piece = line[start:].strip()
        if piece:
            sentences.append(piece)
    return sentences


# ---------------------------------------------------------------------------------------------
# Data


def read_text(path: Path) -> str:
    """Read UTF-8, falling back to cp1252 as the protocol's scorer does (one BBC file is Latin-1)."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


@dataclass(frozen=True)
class Article:
    """One evaluation article: where it is, its raw text and the reference sentences."""

    key: str  # e.g. "business/001" or the CNN/DM id
    path: Path
    text: str
    reference: tuple[str, ...]


def load_bbc(data: Path) -> list[Article]:
    root = data / "bbc-news-summary"
    articles = []
    for path in sorted((root / "articles").glob("*/*.txt")):
        rel = path.relative_to(root / "articles")
        summary = read_text(root / "summaries" / rel)
        key = str(rel.with_suffix("")).replace("\\", "/")
        articles.append(Article(key, path, read_text(path), tuple(protocol_split(summary))))
    return articles


def load_cnndm(data: Path) -> list[Article]:
    root = data / "cnndm"
    articles = []
    for path in sorted((root / "articles").glob("*.txt")):
        highlights = read_text(root / "highlights" / path.name)
        lines = tuple(line.strip() for line in highlights.splitlines() if line.strip())
        articles.append(Article(path.stem, path, read_text(path), lines))
    return articles


def bbc_body_sentences(text: str) -> list[str]:
    """Protocol sentences of a BBC article without its title line (baselines use these)."""
    lines = text.splitlines()
    return protocol_split("\n".join(lines[1:]))


def sample(articles: Sequence[Article], n: int | None, seed: int = 20260101) -> list[Article]:
    """A fixed random sample (the same for every system), or everything when n is None."""
    if n is None or n >= len(articles):
        return list(articles)
    picked = random.Random(seed).sample(range(len(articles)), n)
    return [articles[i] for i in sorted(picked)]


def is_holdout(key: str) -> bool:
    """Fixed split of the dev data used to check the fitted weights on articles they never saw."""
    import hashlib

    return hashlib.sha1(key.encode()).digest()[0] % 5 == 0


# ---------------------------------------------------------------------------------------------
# Baselines (they see the protocol sentences, as in the README)


def lead(sentences: Sequence[str], k: int) -> list[int]:
    return list(range(min(k, len(sentences))))


def textrank(sentences: Sequence[str], k: int) -> list[int]:
    """PageRank (d = 0.85) over TF-IDF cosine similarity, IDF over the article's sentences."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(sentences) <= k:
        return list(range(len(sentences)))
    try:
        matrix = TfidfVectorizer(stop_words="english").fit_transform(sentences)
    except ValueError:  # only stop words
        return lead(sentences, k)
    sim = (matrix @ matrix.T).toarray()
    np.fill_diagonal(sim, 0.0)
    rows = sim.sum(axis=1, keepdims=True)
    n = len(sentences)
    transition = np.divide(sim, rows, out=np.full_like(sim, 1.0 / n), where=rows > 0)
    scores = np.full(n, 1.0 / n)
    for _ in range(100):
        new = 0.15 / n + 0.85 * (transition.T @ scores)
        if np.abs(new - scores).sum() < 1e-8:
            scores = new
            break
        scores = new
    order = sorted(range(n), key=lambda i: (-scores[i], i))
    return sorted(order[:k])


class CentroidBaseline:
    """Sentences closest to the article's TF-IDF vector, IDF fitted over all articles of the split."""

    def __init__(self, documents: Sequence[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(stop_words="english").fit(documents)

    def __call__(self, sentences: Sequence[str], k: int) -> list[int]:
        if len(sentences) <= k:
            return list(range(len(sentences)))
        vectors = self.vectorizer.transform(sentences)
        centre = self.vectorizer.transform([" ".join(sentences)])
        scores = (vectors @ centre.T).toarray().ravel()
        order = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
        return sorted(order[:k])


# ---------------------------------------------------------------------------------------------
# Scoring


def make_scorer(types: Sequence[str]) -> Callable[[Sequence[str], Sequence[str]], dict[str, float]]:
    """ROUGE F1 ×100 with the Porter stemmer; sentences joined by newlines, reference as target."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(list(types), use_stemmer=True)

    def score(reference: Sequence[str], candidate: Sequence[str]) -> dict[str, float]:
        result = scorer.score("\n".join(reference), "\n".join(candidate))
        return {name: 100.0 * value.fmeasure for name, value in result.items()}

    return score


def bootstrap_interval(
    values: Sequence[float], rounds: int = 1000, seed: int = 12345
) -> tuple[float, float]:
    """95 % percentile bootstrap interval of the mean."""
    array = np.asarray(values, dtype=float)
    if len(array) == 0:
        return (0.0, 0.0)
    rng = np.random.default_rng(seed)
    means = array[rng.integers(0, len(array), size=(rounds, len(array)))].mean(axis=1)
    low, high = np.percentile(means, [2.5, 97.5])
    return float(low), float(high)
