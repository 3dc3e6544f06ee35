"""The summary eval gate on real data (see evaluation/gate.py), run when the data is present."""

from __future__ import annotations

from conftest import shared_missing

from evaluation.common import DEFAULT_DATA
from evaluation.gate import failures, measure


def _data_present() -> bool:
    return (DEFAULT_DATA / "bbc-news-summary").is_dir() and (DEFAULT_DATA / "cnndm").is_dir()


def test_summary_quality_stays_above_pinned_floors() -> None:
    if not _data_present():
        message = (
            f"evaluation data not found at {DEFAULT_DATA.name}/ beside the repository "
            "(expected ../shared/eval with bbc-news-summary/ and cnndm/)"
        )
        shared_missing(message)
    problems = failures(measure(DEFAULT_DATA))
    assert not problems, "summary quality regressed:\n" + "\n".join(problems)


def test_gate_reports_a_broken_floor() -> None:
    good = {("bbc", "k3", "rouge1"): 99.0, ("cnndm", "k3", "lead_margin_rouge1"): 1.0}
    from evaluation import gate

    scores = {key: 99.0 for key in gate.FLOORS} | good
    assert failures(scores) == []
    scores[("bbc", "kref", "rouge2")] = -1.0
    scores[("cnndm", "k3", "lead_margin_rouge1")] = -5.0
    assert len(failures(scores)) == 2
