"""Run our summarizer and the baselines over one benchmark and macro-average ROUGE.

Used by ``score_bbc.py``, ``score_cnndm.py`` and the eval gate. Baselines and our system are
scored in the same run on the same articles, so margins between them are meaningful.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from evaluation.common import (
    Article,
    CentroidBaseline,
    bbc_body_sentences,
    bootstrap_interval,
    is_holdout,
    lead,
    make_scorer,
    protocol_split,
    textrank,
)
from evaluation.system import command_summaries, our_summary

logger = logging.getLogger(__name__)

SYSTEMS = ("lead", "textrank", "centroid", "ours")
METRICS = {"bbc": ("rouge1", "rouge2", "rougeL"), "cnndm": ("rouge1", "rouge2", "rougeLsum")}

_state: dict[str, object] = {}


@dataclass
class Result:
    """Per-article scores of every system at one K setting."""

    scores: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    wrong_length: dict[str, int] = field(default_factory=dict)

    def mean(self, system: str, metric: str) -> float:
        return float(np.mean(self.scores[system][metric]))

    def interval(self, system: str, metric: str) -> tuple[float, float]:
        return bootstrap_interval(self.scores[system][metric])


def _init(kind: str, centroid: CentroidBaseline) -> None:
    _state["kind"] = kind
    _state["centroid"] = centroid
    _state["scorer"] = make_scorer(METRICS[kind])


def _k_values(kind: str, article: Article) -> dict[str, int]:
    if kind == "cnndm":
        return {"k3": 3}
    return {"k3": 3, "kref": len(article.reference)}


def _score_one(job: tuple[Article, dict[str, dict[str, list[str]]]]) -> dict[str, dict]:
    """Score every system on one article; ``given`` holds summaries from an external command."""
    article, given = job
    kind = str(_state["kind"])
    scorer = _state["scorer"]
    centroid = _state["centroid"]
    sentences = bbc_body_sentences(article.text) if kind == "bbc" else protocol_split(article.text)
    out: dict[str, dict] = {}
    for setting, k in _k_values(kind, article).items():
        candidates = {
            "lead": [sentences[i] for i in lead(sentences, k)],
            "textrank": [sentences[i] for i in textrank(sentences, k)],
            "centroid": [sentences[i] for i in centroid(sentences, k)],  # type: ignore[operator]
        }
        if given:
            candidates["ours"] = given.get(setting, {}).get(str(article.path), [])
        else:
            candidates["ours"] = our_summary(article.path, k)
        out[setting] = {
            name: (scorer(article.reference, summary), len(summary) != min(k, len(sentences)))  # type: ignore[operator]
            for name, summary in candidates.items()
        }
    return out


def _external(
    kind: str, command: str, articles: Sequence[Article]
) -> list[dict[str, dict[str, list[str]]]]:
    """Call the CLI once per K group, as the maintainers' scorer does."""
    per_article: list[dict[str, dict[str, list[str]]]] = [{} for _ in articles]
    groups: dict[tuple[str, int], list[int]] = {}
    for index, article in enumerate(articles):
        for setting, k in _k_values(kind, article).items():
            groups.setdefault((setting, k), []).append(index)
    for (setting, k), indices in sorted(groups.items()):
        summaries = command_summaries(command, [articles[i].path for i in indices], k)
        for i in indices:
            per_article[i].setdefault(setting, {}).update(summaries)
    return per_article


def run(
    kind: str,
    articles: Sequence[Article],
    idf_documents: Sequence[str],
    *,
    workers: int = 2,
    system_cmd: str | None = None,
) -> dict[str, Result]:
    """Score all systems; returns one ``Result`` per K setting ("k3", and "kref" for BBC)."""
    centroid = CentroidBaseline(idf_documents)
    given = _external(kind, system_cmd, articles) if system_cmd else [{} for _ in articles]
    jobs = list(zip(articles, given, strict=False))
    if workers > 1:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_init, initargs=(kind, centroid)) as pool:
            rows = pool.map(_score_one, jobs, chunksize=8)
    else:
        _init(kind, centroid)
        rows = [_score_one(job) for job in jobs]
    results: dict[str, Result] = {}
    for row in rows:
        for setting, systems in row.items():
            result = results.setdefault(setting, Result())
            for name, (scores, wrong) in systems.items():
                bucket = result.scores.setdefault(name, {})
                for metric, value in scores.items():
                    bucket.setdefault(metric, []).append(value)
                result.wrong_length[name] = result.wrong_length.get(name, 0) + int(wrong)
    return results


def select(articles: Sequence[Article], subset: str) -> list[Article]:
    if subset == "holdout":
        return [a for a in articles if is_holdout(a.key)]
    if subset == "fit":
        return [a for a in articles if not is_holdout(a.key)]
    return list(articles)


def table(kind: str, results: dict[str, Result], with_interval: bool) -> str:
    """A Markdown table: one row per system, one column per metric and K setting."""
    metrics = METRICS[kind]
    short = {"rouge1": "R1", "rouge2": "R2", "rougeL": "RL", "rougeLsum": "RLsum"}
    settings = [s for s in ("k3", "kref") if s in results]
    header = ["system"] + [
        f"{short[m]} {'K=3' if s == 'k3' else 'K=ref'}" for s in settings for m in metrics
    ]
    lines = ["| " + " | ".join(header) + " |", "|---" + "|---:" * (len(header) - 1) + "|"]
    labels = {
        "lead": "lead-K",
        "textrank": "TextRank-K",
        "centroid": "TF-IDF centroid-K",
        "ours": "**ours**",
    }
    for system in SYSTEMS:
        cells = []
        for setting in settings:
            for metric in metrics:
                value = results[setting].mean(system, metric)
                if with_interval:
                    low, high = results[setting].interval(system, metric)
                    cells.append(f"{value:.2f} [{low:.1f}, {high:.1f}]")
                else:
                    cells.append(f"{value:.2f}")
        lines.append(f"| {labels[system]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def margins(kind: str, results: dict[str, Result]) -> dict[str, dict[str, float]]:
    """Our score minus the best baseline (BBC) or minus lead (CNN/DM), per setting and metric."""
    out: dict[str, dict[str, float]] = {}
    for setting, result in results.items():
        out[setting] = {}
        for metric in METRICS[kind]:
            ours = result.mean("ours", metric)
            if kind == "bbc":
                best = max(result.mean(s, metric) for s in ("lead", "textrank", "centroid"))
            else:
                best = result.mean("lead", metric)
            out[setting][metric] = ours - best
    return out


def add_common_arguments(parser: object, default_data: Path) -> None:
    parser.add_argument(
        "--data",
        type=Path,
        default=default_data,  # type: ignore[attr-defined]
        help="evaluation data folder (default: ../shared/eval from the repo root)",
    )
    parser.add_argument("--limit", type=int, default=None, help="score a fixed random sample")  # type: ignore[attr-defined]
    parser.add_argument(
        "--subset",
        choices=("all", "fit", "holdout"),
        default="all",  # type: ignore[attr-defined]
        help="all articles, or only those the weights were / were not fitted on",
    )
    parser.add_argument("--workers", type=int, default=2)  # type: ignore[attr-defined]
    parser.add_argument(
        "--system-cmd",
        default=None,  # type: ignore[attr-defined]
        help="score a CLI instead, called as CMD --summary-sentences K FILE...",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the means as JSON")  # type: ignore[attr-defined]
