"""Briefing Digest: plain-text field reports in, a briefing site and feeds out."""

__version__ = "0.1.0"
