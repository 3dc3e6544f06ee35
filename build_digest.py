#!/usr/bin/env python3
"""Build the digest and the site: `python build_digest.py [build options]` (see `briefing build --help`)."""

import sys

from briefing.cli import main

if __name__ == "__main__":
    sys.exit(main(["build", *sys.argv[1:]]))
