"""Fit the summarizer's weights on the dev splits and write ``briefing/analyze/summary_weights.json``.

Labels: for BBC a sentence is positive when it is part of the reference summary; for CNN/DM the
positives are a greedy ROUGE-1+2 oracle of up to three sentences against the highlights. The
model is an L2-regularised logistic regression over the features of ``summarize.FEATURES`` and
their copies scaled by the document's one-sentence-paragraph gate. With ``--pairwise`` (how the
committed weights were made) the BBC rows become within-article pairs (positive minus negative),
a ranking objective that suits choosing 42 % of the sentences; CNN/DM keeps per-sentence rows,
which measured better there because only ~3 oracle sentences are positive. Each benchmark gets the same
total sample weight, so neither dominates. Articles for which ``common.is_holdout`` is true are
left out of the fit, so the scorers can show how the weights do on articles they never saw.

Usage: python -m evaluation.fit_summary --pairwise [--data DIR] [--all] [--C 1.0]
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


def build_rows(
    data: Path, include_holdout: bool, pairwise: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Design matrix (features and gated features), labels and sample weights."""
    blocks: list[tuple[str, np.ndarray, np.ndarray]] = []
    for kind, articles in (("bbc", load_bbc(data)), ("cnndm", load_cnndm(data))):
        for article in articles:
            if is_holdout(article.key) and not include_holdout:
                continue
            document = document_for(kind, article.text)
            sentences = document.sentences
            if len(sentences) < 2:
                continue
            features, gate, _ = summarizer.sentence_features(document.paragraphs, document.title)
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
            rows = np.hstack([features, gate * features])
            if pairwise and kind == "bbc":
                rows, labels = _pairs(rows, labels)
                if len(labels) == 0:
                    continue
            blocks.append((kind, rows, labels))
    totals = Counter(kind for kind, _, _ in blocks)
    rows = np.vstack([x for _, x, _ in blocks])
    labels = np.concatenate([y for _, _, y in blocks])
    # Every document weighs the same within its benchmark; both benchmarks weigh the same.
    weights = np.concatenate(
        [np.full(len(y), 1.0 / (len(y) * totals[kind])) for kind, _, y in blocks]
    )
    return rows, labels, weights * len(labels) / weights.sum()


def fit(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray, c: float) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler(with_mean=False).fit(rows)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False)
    model.fit(rows / scale, labels, sample_weight=weights)
    return model.coef_.ravel() / scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--all", action="store_true", help="fit on the holdout articles too")
    parser.add_argument("--C", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument(
        "--pairwise", action="store_true", help="fit on within-document pairs (a ranking objective)"
    )
    parser.add_argument("--redundancy", type=float, default=0.8)
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "briefing" / "analyze" / "summary_weights.json"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    rows, labels, weights = build_rows(args.data, args.all, args.pairwise)
    logger.info("fitting on %d sentences (%.1f %% positive)", len(labels), 100 * labels.mean())
    coefficients = fit(rows, labels, weights, args.C)
    names = summarizer.FEATURES
    payload = {
        "about": (
            "Logistic weights of briefing.analyze.summarize, fitted by evaluation/fit_summary.py "
            "on the dev splits of the BBC News Summary and CNN/DailyMail benchmarks. "
            "'base' applies to every document; 'single_sentence_paragraphs' is added in "
            "proportion to how close the document is to one sentence per paragraph."
        ),
        "fitted_on": "dev, holdout included" if args.all else "dev minus the fixed holdout",
        "C": args.C,
        "objective": "pairwise" if args.pairwise else "pointwise",
        "redundancy_threshold": args.redundancy,
        "base": {name: round(float(v), 4) for name, v in zip(names, coefficients[: len(names)], strict=False)},
        "single_sentence_paragraphs": {
            name: round(float(v), 4) for name, v in zip(names, coefficients[len(names) :], strict=False)
        },
    }
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
