"""Fit the keyphrase ranking weights (``WEIGHTS`` in ``briefing/analyze/keyphrases.py``).

A logistic regression over each candidate's ``FEATURES`` predicts whether the crowd chose it
on the KPCrowd dev split; only the fitted numbers go into the package, never text or word
lists from the data. Cross-validation by document (a story that appears twice, under two
categories, stays on one side) is printed so the fit can be judged on unseen documents.

    python evaluation/fit_keyphrases.py [--data DIR] [--folds 5] [--write]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import keyphrases as ev  # the scorer beside this file

from briefing.analyze import keyphrases as kp

MODULE = ev.REPO_ROOT / "briefing" / "analyze" / "keyphrases.py"


@dataclass(frozen=True)
class Dataset:
    x: np.ndarray  # one feature row per candidate
    y: np.ndarray  # 1 where the candidate's normal form is a gold key
    owner: np.ndarray  # index of the candidate's document
    surfaces: list[str]


def dataset(docs: Sequence[ev.Doc]) -> Dataset:
    blocks, labels, owner, surfaces = [], [], [], []
    for index, doc in enumerate(docs):
        forms, matrix = kp.candidate_features(doc.title, doc.sentences)
        blocks.append(matrix)
        labels.extend(ev.normalise(form) in doc.gold for form in forms)
        owner.extend([index] * len(forms))
        surfaces.extend(forms)
    return Dataset(np.vstack(blocks), np.array(labels, float), np.array(owner), surfaces)


def fit(x: np.ndarray, y: np.ndarray, steps: int = 800, rate: float = 1.0) -> np.ndarray:
    """Plain L2-regularised logistic regression on standardised features, weights returned
    on the raw scale (the intercept is dropped: ranking within a document ignores it)."""
    mean, std = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= rate * (z.T @ (p - y) / len(y) + 1e-3 * np.r_[0, w[1:]])
    return w[1:] / std


def fold_of(docs: Sequence[ev.Doc], folds: int) -> np.ndarray:
    """Fold of each document; identical texts share a fold so none is scored on its twin."""
    groups: dict[str, int] = {}
    group = [groups.setdefault(doc.body, len(groups)) for doc in docs]
    shuffled = np.random.default_rng(0).permutation(len(groups))
    return np.array([shuffled[g] % folds for g in group])


def score_docs(weights: np.ndarray, data: Dataset, docs, which) -> dict[str, float]:
    scores = data.x @ weights
    results = []
    for index in which:
        rows = np.where(data.owner == index)[0]
        order = rows[np.argsort(-scores[rows], kind="stable")]
        results.append(ev.score_one([data.surfaces[i] for i in order[:20]], docs[index].gold))
    return ev.macro(results)


def cross_validate(data: Dataset, docs: Sequence[ev.Doc], folds: int) -> dict[str, float]:
    """Macro scores over all documents, each scored by weights fitted without its fold."""
    fold = fold_of(docs, folds)
    scores = np.zeros(len(data.y))
    for f in range(folds):
        train = fold[data.owner] != f
        scores[~train] = data.x[~train] @ fit(data.x[train], data.y[train])
    results = []
    for index in range(len(docs)):
        rows = np.where(data.owner == index)[0]
        order = rows[np.argsort(-scores[rows], kind="stable")]
        results.append(ev.score_one([data.surfaces[i] for i in order[:20]], docs[index].gold))
    return ev.macro(results)


def write_weights(weights: np.ndarray) -> None:
    source = MODULE.read_text(encoding="utf-8")
    body = "\n".join(
        "    " + " ".join(f"{w:.4f}," for w in weights[i : i + 8])
        for i in range(0, len(weights), 8)
    )
    source = re.sub(
        r"WEIGHTS: tuple\[float, \.\.\.\] = \(\n.*?\n\)",
        f"WEIGHTS: tuple[float, ...] = (\n{body}\n)",
        source,
        flags=re.DOTALL,
    )
    MODULE.write_text(source, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ev.DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds")
    parser.add_argument("--write", action="store_true", help="rewrite WEIGHTS in the module")
    args = parser.parse_args()
    docs = ev.load_docs(args.data)
    data = dataset(docs)
    m = cross_validate(data, docs, args.folds)
    print(
        f"{args.folds}-fold CV: F1@5 {m['F1@5']:.1f}  F1@10 {m['F1@10']:.1f}"
        f"  (P@5 {m['P@5']:.1f}, P@10 {m['P@10']:.1f})"
    )
    weights = fit(data.x, data.y)
    m = score_docs(weights, data, docs, range(len(docs)))
    print(f"fit on all, scored on all: F1@5 {m['F1@5']:.1f}  F1@10 {m['F1@10']:.1f}")
    for name, w in zip(kp.FEATURES, weights, strict=True):
        print(f"  {w:+8.4f}  {name}")
    if args.write:
        write_weights(weights)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
