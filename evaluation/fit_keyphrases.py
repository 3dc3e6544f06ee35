"""Fit the keyphrase ranking weights (``WEIGHTS`` in ``briefing/analyze/keyphrases.py``).

A logistic regression over each candidate's features predicts whether the crowd chose it on
the KPCrowd dev split; only the fitted numbers go into the package, never text or word lists
from the data. Two-fold cross-validation (by document) is printed so the fit can be judged on
documents it did not see.

    python evaluation/fit_keyphrases.py [--data DIR] [--write]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import keyphrases as ev  # the scorer beside this file

from briefing.analyze import keyphrases as kp

MODULE = ev.REPO_ROOT / "briefing" / "analyze" / "keyphrases.py"


def dataset(docs: Sequence[ev.Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    rows, labels, owner, surfaces = [], [], [], []
    for index, doc in enumerate(docs):
        for surface, features in kp.candidate_features(doc.title, doc.sentences):
            rows.append(features)
            labels.append(ev.normalise(surface) in doc.gold)
            owner.append(index)
            surfaces.append(surface)
    return np.array(rows, float), np.array(labels, float), np.array(owner), surfaces


def fit(x: np.ndarray, y: np.ndarray, steps: int = 600, rate: float = 2.0) -> np.ndarray:
    """Plain L2-regularised logistic regression on standardised features, weights returned
    on the raw scale (the intercept is dropped: ranking within a document ignores it)."""
    mean, std = x.mean(0), x.std(0) + 1e-9
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / std])
    w = np.zeros(z.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-z @ w))
        w -= rate * (z.T @ (p - y) / len(y) + 1e-3 * np.r_[0, w[1:]])
    return w[1:] / std


def score_docs(weights: np.ndarray, x, owner, surfaces, docs, which) -> dict[str, float]:
    scores = x @ weights
    results = []
    for index in which:
        rows = np.where(owner == index)[0]
        order = rows[np.argsort(-scores[rows], kind="stable")]
        results.append(ev.score_one([surfaces[i] for i in order[:10]], docs[index].gold))
    return ev.macro(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ev.DEFAULT_DATA)
    parser.add_argument("--write", action="store_true", help="rewrite WEIGHTS in the module")
    args = parser.parse_args()
    docs = ev.load_docs(args.data)
    x, y, owner, surfaces = dataset(docs)
    for fold in (0, 1):
        train = owner % 2 != fold
        weights = fit(x[train], y[train])
        held = [i for i in range(len(docs)) if i % 2 == fold]
        m = score_docs(weights, x, owner, surfaces, docs, held)
        print(f"fold {fold}: held-out F1@5 {m['F1@5']:.1f}  F1@10 {m['F1@10']:.1f}")
    weights = fit(x, y)
    text = ", ".join(f"{w:.4f}" for w in weights)
    print(f"WEIGHTS = ({text})")
    if args.write:
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
