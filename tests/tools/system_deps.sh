#!/usr/bin/env bash
# Install the Debian packages the test suite drives: chromium (browser tests through Playwright,
# whose own browser download is not available here). Idempotent; apt-get needs root, or sudo
# without a password prompt.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  # sudo only when it needs no password: this runs without a terminal in CI
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "Missing Debian packages: ${need[*]}; the browser tests need them." >&2
    echo "Install them as root (sudo apt-get install -y ${need[*]}) and run 'make test' again." >&2
    exit 1
  fi
fi
echo "Installing Debian packages: ${need[*]}"
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
