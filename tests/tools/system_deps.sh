#!/usr/bin/env bash
# Install the Debian packages the test suite drives: chromium (browser tests through Playwright,
# whose own browser download is not available here). Idempotent; needs root for apt-get.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${need[*]}." >&2
  echo "Install them as root (sudo apt-get install -y ${need[*]}) and run 'make test' again." >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
