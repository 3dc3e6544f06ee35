"""The analyzers' small matrix products must run on one BLAS thread (see briefing/__init__.py):
a threaded BLAS multiplied the summarizer's CPU time by six. Checked in a fresh interpreter,
since this test process may have imported NumPy before briefing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json
import briefing.build
import briefing.analyze.pipeline  # what analysis (in `briefing build` and its workers) imports
from threadpoolctl import threadpool_info
print(json.dumps([(i["user_api"], i["num_threads"]) for i in threadpool_info()]))
"""


def _blas_threads(env: dict[str, str]) -> list[tuple[str, int]]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    ).stdout
    return [tuple(pair) for pair in json.loads(out)]


def _env_without_thread_settings() -> dict[str, str]:
    names = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
    return {k: v for k, v in os.environ.items() if k not in names}


def test_importing_briefing_limits_blas_to_one_thread() -> None:
    pools = _blas_threads(_env_without_thread_settings())
    blas = [threads for api, threads in pools if api == "blas"]
    assert blas, f"NumPy's BLAS not found by threadpoolctl: {pools}"
    assert blas == [1] * len(blas)


def test_a_users_own_setting_wins() -> None:
    env = dict(_env_without_thread_settings(), OPENBLAS_NUM_THREADS="2")
    blas = [threads for api, threads in _blas_threads(env) if api == "blas"]
    assert blas and all(threads == 2 for threads in blas)
