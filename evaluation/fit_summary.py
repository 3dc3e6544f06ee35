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
sentence is to belong in the summary, not how much of the summary it covers; the summarizer adds
a bonus per unit of log length (``--*-length-bonus``, scaled down as K approaches half the
document) and picks sentences with a novelty penalty (``--*-novelty``). These four settings and
the C values were chosen on the dev data: BBC on the fit/holdout split, CNN/DM by 2-fold
cross-validation (``--folds 2`` prints the out-of-fold scores beside lead-3). Articles for which
``common.is_holdout`` is true are left out unless ``--all`` is given, so the scorers can show
how the weights do on articles they never saw.

Usage: python -m evaluation.fit_summary [--data DIR] [--all] [--folds 2] [--bbc-C 1.0]
       [--cnndm-C 0.3] [--bbc-length-bonus B] [--cnndm-length-bonus B] [--bbc-novelty L]
       [--cnndm-novelty L]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from briefing.analyze import summarize as summarizer
from evaluation.common import (
    DEFAULT_DATA,
    REPO_ROOT,
    Article,
    is_holdout,
    load_bbc,
    load_cnndm,
    make_scorer,
    protocol_split,
)
from evaluation.system import product_document

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


@dataclass(frozen=True)
class Example:
    """One usable article: what the summarizer computes for it, and its labels."""

    article: Article
    sentences: list[str]
    features: np.ndarray
    gate: float
    similarity: np.ndarray
    covers: np.ndarray
    labels: np.ndarray
    repeats: np.ndarray  # copies the page printed again: features count them, never chosen


def article_rows(data: Path, include_holdout: bool) -> dict[str, list[Example]]:
    """Per benchmark, one ``Example`` per usable article."""
    out: dict[str, list[Example]] = {"bbc": [], "cnndm": []}
    for kind, articles in (("bbc", load_bbc(data)), ("cnndm", load_cnndm(data))):
        for article in articles:
            if is_holdout(article.key) and not include_holdout:
                continue
            document = product_document(article.path)
            sentences = document.sentences
            if len(sentences) < 2:
                continue
            found = summarizer.sentence_features(document.paragraphs, document.title)
            repeats = np.array(document.repeats, dtype=bool)
            if kind == "bbc":
                glued = _normalise("".join(article.reference))
                spaced = _normalise(" ".join(article.reference))
                labels = np.array(
                    [_normalise(s) in glued or _normalise(s) in spaced for s in sentences],
                    dtype=float,
                )
            else:
                shown = np.flatnonzero(~repeats)
                labels = np.zeros(len(sentences))
                best = greedy_oracle([sentences[i] for i in shown], list(article.reference))
                labels[shown[best]] = 1.0
            labels[repeats] = 0.0
            out[kind].append(
                Example(
                    article,
                    sentences,
                    found.features,
                    found.gate,
                    found.similarity,
                    found.covers,
                    labels,
                    repeats,
                )
            )
    return out


def stack(documents: list[Example], pairwise: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Design matrix, labels and sample weights; every document weighs the same."""
    blocks = []
    for example in documents:
        # a repeat is read for the features but never chosen: it is no example of either kind
        shown = ~example.repeats
        features, labels = example.features[shown], example.labels[shown]
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


def weights_of(
    paragraphs_model: np.ndarray, wire_model: np.ndarray, args: argparse.Namespace
) -> summarizer.Weights:
    """The summarizer's weights for two fitted models and the command-line settings."""
    return summarizer.Weights(
        base=paragraphs_model,
        gated=wire_model - paragraphs_model,
        length_bonus=(args.bbc_length_bonus, args.cnndm_length_bonus),
        novelty=(args.bbc_novelty, args.cnndm_novelty),
        redundancy_threshold=args.redundancy,
    )


def choose(example: Example, k: int, weights: summarizer.Weights) -> list[int]:
    """The summarizer's selection for a precomputed example (the same steps as ``summarize``)."""
    if len(example.sentences) - example.repeats.sum() <= k:
        return list(np.flatnonzero(~example.repeats))
    scores = summarizer._scores(example.features, example.gate, k, weights)
    lead_in = summarizer.lead_in_rows(example.sentences)
    furniture = summarizer.furniture_rows(example.features, example.gate) | lead_in
    dependent = np.array([summarizer.needs_antecedent(s) for s in example.sentences])
    novelty = summarizer._mix(weights.novelty, example.gate)
    chosen = summarizer._select(
        scores,
        example.similarity,
        dependent,
        furniture,
        k,
        novelty,
        weights.redundancy_threshold,
        example.repeats,
        example.covers,
        summarizer.linking_openers(example.sentences),
    )
    return summarizer.without_lead_ins(chosen, lead_in)


def fold_of(key: str, folds: int) -> int:
    return hashlib.sha1(key.encode()).digest()[1] % folds


def cross_validate(
    documents: dict[str, list[Example]],
    paragraphs_model: np.ndarray,
    args: argparse.Namespace,
) -> dict[str, tuple[float, float]]:
    """CNN/DM out-of-fold ROUGE: each fold summarised by a wire model fitted on the other folds.

    Returns per metric (ours, lead-3), lead-3 taken from the protocol sentences as the scorer
    does, so the margin is the one the targets are stated in.
    """
    score = make_scorer(("rouge1", "rouge2", "rougeLsum"))
    ours: dict[str, list[float]] = {}
    lead: dict[str, list[float]] = {}
    examples = documents["cnndm"]
    for fold in range(args.folds):
        train = [e for e in examples if fold_of(e.article.key, args.folds) != fold]
        wire_model = fit(*stack(train, pairwise=False), args.cnndm_C)
        weights = weights_of(paragraphs_model, wire_model, args)
        for example in examples:
            if fold_of(example.article.key, args.folds) != fold:
                continue
            summary = [example.sentences[i] for i in choose(example, 3, weights)]
            baseline = protocol_split(example.article.text)[:3]
            for metric, value in score(example.article.reference, summary).items():
                ours.setdefault(metric, []).append(value)
            for metric, value in score(example.article.reference, baseline).items():
                lead.setdefault(metric, []).append(value)
    return {m: (float(np.mean(ours[m])), float(np.mean(lead[m]))) for m in ours}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--all", action="store_true", help="fit on the holdout articles too")
    parser.add_argument("--bbc-C", type=float, default=1.0, help="BBC inverse regularisation")
    parser.add_argument("--cnndm-C", type=float, default=0.3, help="CNN/DM inverse regularisation")
    parser.add_argument("--bbc-length-bonus", type=float, default=3.5)
    parser.add_argument("--cnndm-length-bonus", type=float, default=0.5)
    parser.add_argument("--bbc-novelty", type=float, default=0.0)
    parser.add_argument("--cnndm-novelty", type=float, default=2.0)
    parser.add_argument("--redundancy", type=float, default=0.8)
    parser.add_argument(
        "--folds",
        type=int,
        default=0,
        help="also print CNN/DM out-of-fold ROUGE with this many folds (e.g. 2)",
    )
    parser.add_argument(
        "--out", type=Path, default=REPO_ROOT / "briefing" / "analyze" / "summary_weights.json"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    documents = article_rows(args.data, args.all)
    names = summarizer.FEATURES
    paragraphs_model = fit(*stack(documents["bbc"], pairwise=True), args.bbc_C)
    wire_model = fit(*stack(documents["cnndm"], pairwise=False), args.cnndm_C)
    if args.folds > 1:
        for metric, (ours, lead) in cross_validate(documents, paragraphs_model, args).items():
            logger.info(
                "CNN/DM %d-fold %s: ours %.2f, lead-3 %.2f, margin %+.2f",
                args.folds,
                metric,
                ours,
                lead,
                ours - lead,
            )
    payload = {
        "about": (
            "Weights of briefing.analyze.summarize, fitted by evaluation/fit_summary.py on the "
            "dev splits of the BBC News Summary (pairwise, reference membership) and "
            "CNN/DailyMail (pointwise, greedy oracle) benchmarks. 'base' is the model for "
            "reports written in paragraphs; 'single_sentence_paragraphs' is added in proportion "
            "to how close the report is to one sentence per paragraph. The length bonus (per "
            "unit of log length, scaled down as K approaches 40 % of the document) and the "
            "novelty penalty of the selection are mixed by the same gate."
        ),
        "fitted_on": "dev, holdout included" if args.all else "dev minus the fixed holdout",
        "C": {"bbc": args.bbc_C, "cnndm": args.cnndm_C},
        "length_bonus": {
            "paragraphs": args.bbc_length_bonus,
            "single_sentence_paragraphs": args.cnndm_length_bonus,
        },
        "novelty": {
            "paragraphs": args.bbc_novelty,
            "single_sentence_paragraphs": args.cnndm_novelty,
        },
        "redundancy_threshold": args.redundancy,
        "base": {name: round(float(v), 4) for name, v in zip(names, paragraphs_model, strict=True)},
        "single_sentence_paragraphs": {
            name: round(float(v), 4)
            for name, v in zip(names, wire_model - paragraphs_model, strict=True)
        },
    }
    args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s", args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
