"""Evaluation scripts for Briefing Digest (run from the repo root; data lives outside the repo)."""
