"""Fit the summarizer's weights on the dev splits and write ``briefing/analyze/summary_weights.json``.

Two models are fitted, one per regime, and stored so that the summarizer's one-sentence-paragraph
gate switches between them (``base`` for reports in paragraphs, ``base`` + ``single_sentence_
paragraphs`` for wire copy written one sentence per line):

- reports in paragraphs (BBC): a sentence is positive when it is part of the reference summary;
  rows are within-article pairs (positive minus negative), a ranking objective that suits
  choosing ~42 % of the sentences;
- one sentence per line (CNN/DM): the positives are a greedy ROUGE-1+2 oracle of up to three
  sentences against the highlights; rows are single sentences (only ~3 are positive).

Both are L2-regularised logistic regressions without intercept. Their log-odds say how likely a
sentence is to belong in the summary, not how much of the summary it covers; since a K-sentence
extract is judged by what it covers, a fixed bonus per unit of log length is added afterwards
(``--*-length-bonus``, chosen on the dev data). Articles for which ``common.is_holdout`` is true
are left out unless ``--all`` is given, so the scorers can show how the weights do on articles
they never saw.

Usage: python -m evaluation.fit_summary [--data DIR] [--all] [--bbc-C 1.0] [--cnndm-C 0.3]
       [--bbc-length-bonus 1.0] [--cnndm-length-bonus 0.0]
"""

from __future__ import annotations

import argparse
import json
import logging
from collections import Counter
from pathlib import Path

import numpy as np

from briefing.analyze import summarize as summarizer
from evaluation.common import DEFAULT_DATA, REPO_ROOT, is_holdout, load_bbc, load_cnndm
from evaluation.system import document_for

logger = logging.getLogger(__name__)


def _rouge_tokens(text: str, tokenizer: object, cache: dict[str, list[str]]) -> list[str]:
    if text not in cache:
        cache[text] = tokenizer.tokenize(text)  # type: ignore[attr-defined]
    return cache[text]


def _f1(candidate: Counter, reference: Counter) -> float:
    overlap = sum((candidate & reference).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(candidate.values())
    recall = overlap / sum(reference.values())
    return 2 * precision * recall / (precision + recall)


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def greedy_oracle(sentences: list[str], reference: list[str], k: int = 3) -> list[int]:
    """Greedily add the sentence that most raises ROUGE-1 F + ROUGE-2 F; stop when none does."""
    from rouge_score.tokenizers import DefaultTokenizer

    stemmer = DefaultTokenizer(use_stemmer=True)
    cache: dict[str, list[str]] = {}
    ref_tokens = _rouge_tokens(" ".join(reference), stemmer, cache)
    ref1, ref2 = _ngrams(ref_tokens, 1), _ngrams(ref_tokens, 2)
    sent_tokens = [_rouge_tokens(s, stemmer, cache) for s in sentences]
    chosen: list[int] = []
    best = 0.0
    while len(chosen) < k:
        best_index, best_score = -1, best
        for i in range(len(sentences)):
            if i in chosen:
                continue
            tokens = [t for j in sorted([*chosen, i]) for t in sent_tokens[j]]
            score = _f1(_ngrams(tokens, 1), ref1) + _f1(_ngrams(tokens, 2), ref2)
            if score > best_score:
                best_index, best_score = i, score
        if best_index < 0:
            break
        chosen.append(best_index)
        best = best_score
    return sorted(chosen)


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _pairs(rows: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Within-document differences (positive minus negative, and the reverse) for a ranking fit."""
    positive, negative = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
    if len(positive) == 0 or len(negative) == 0:
        return np.zeros((0, rows.shape[1])), np.zeros(0)
    p, q = np.meshgrid(positive, negative, indexing="ij")
    diff = rows[p.ravel()] - rows[q.ravel()]
    return np.vstack([diff, -diff]), np.concatenate([np.ones(len(diff)), np.zeros(len(diff))])


def article_rows(
    data: Path, include_holdout: bool
) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """Per benchmark, one (features, labels) pair per usable article."""
    out: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {"bbc": [], "cnndm": []}
    for kind, articles in (("bbc", load_bbc(data)), ("cnndm", load_cnndm(data))):
        for article in articles:
            if is_holdout(article.key) and not include_holdout:
                continue
            document = document_for(kind, article.text)
            sentences = document.sentences
            if len(sentences) < 2:
                continue
            features, _, _ = summarizer.sentence_features(document.paragraphs, document.title)
            if kind == "bbc":
                glued = _normalise("".join(article.reference))
                spaced = _normalise(" ".join(article.reference))
                labels = np.array(
                    [_normalise(s) in glued or _normalise(s) in spaced for s in sentences],
                    dtype=float,
                )
            else:
                labels = np.zeros(len(sentences))
                labels[greedy_oracle(sentences, list(article.reference))] = 1.0
            out[kind].append((features, labels))
    return out


def stack(
    documents: list[tuple[np.ndarray, np.ndarray]], pairwise: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Design matrix, labels and sample weights; every document weighs the same."""
    blocks = []
    for features, labels in documents:
        rows, targets = _pairs(features, labels) if pairwise else (features, labels)
        if len(targets):
            blocks.append((rows, targets))
    rows = np.vstack([x for x, _ in blocks])
    labels = np.concatenate([y for _, y in blocks])
    weights = np.concatenate([np.full(len(y), 1.0 / len(y)) for _, y in blocks])
    return rows, labels, weights * len(labels) / weights.sum()


def fit(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray, c: float) -> np.ndarray:
    """L2 logistic regression without intercept on features scaled to unit root mean square."""
    from sklearn.linear_model import LogisticRegression

    scale = np.sqrt((rows**2).mean(axis=0))
    scale = np.where(scale > 0, scale, 1.0)
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
    model.fit(rows / scale, labels, sample_weight=weights)
    return model.coef_.ravel() / scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--all", action="store_true", help="fit on the holdout articles too")
    parser.add_argument("--bbc-C", type=float, default=1.0, help="BBC inverse regularisation")
    parser.add_argument("--cnndm-C", type=float, default=0.3, help="CNN/DM inverse regularisation")
    parser.add_argument("--bbc-length-bonus", type=float, default=1.0)
    parser.add_argument("--cnndm-length-bonus", type=float, default=0.0)
    parser.add_argument("--redundancy", type=float, default=0.8)
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "briefing" / "analyze" / "summary_weights.json"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    documents = article_rows(args.data, args.all)
    names = summarizer.FEATURES
    log_length = names.index("log_length")
    paragraphs_model = fit(*stack(documents["bbc"], pairwise=True), args.bbc_C)
    wire_model = fit(*stack(documents["cnndm"], pairwise=False), args.cnndm_C)
    paragraphs_model[log_length] += args.bbc_length_bonus
    wire_model[log_length] += args.cnndm_length_bonus
    gated = wire_model - paragraphs_model
    payload = {
        "about": (
            "Weights of briefing.analyze.summarize, fitted by evaluation/fit_summary.py on the "
            "dev splits of the BBC News Summary (pairwise, reference membership) and "
            "CNN/DailyMail (pointwise, greedy oracle) benchmarks. 'base' is the model for "
            "reports written in paragraphs; 'single_sentence_paragraphs' is added in proportion "
            "to how close the report is to one sentence per paragraph. Each includes a fixed "
            "length bonus on log_length (see the fitting script)."
        ),
        "fitted_on": "dev, holdout included" if args.all else "dev minus the fixed holdout",
        "C": {"bbc": args.bbc_C, "cnndm": args.cnndm_C},
        "length_bonus": {"bbc": args.bbc_length_bonus, "cnndm": args.cnndm_length_bonus},
        "redundancy_threshold": args.redundancy,
        "base": {name: round(float(v), 4) for name, v in zip(names, paragraphs_model, strict=True)},
        "single_sentence_paragraphs": {
            name: round(float(v), 4) for name, v in zip(names, gated, strict=True)
        },
    }
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
