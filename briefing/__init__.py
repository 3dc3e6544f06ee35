"""Briefing Digest: plain-text field reports in, a briefing site and feeds out."""

import os

# The analyzers multiply matrices of a few dozen rows (one report's sentences or candidates).
# A threaded BLAS wakes its threads for each of them and spins while they wait: measured here,
# the summarizer took 5.9 ms of CPU per report with OpenBLAS' default threads and 1.0 ms with
# one. Builds get their parallelism from worker processes instead, one per core. Set before
# NumPy is first imported (nothing here imports it); an explicit setting by the user wins.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
del _name

# Note the package files' state before any other module of it loads: a long-running process
# must know whether the code it runs is still the code on disk (codestate.py).
import briefing.codestate  # noqa: E402, F401

__version__ = "0.1.0"
