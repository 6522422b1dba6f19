#!/usr/bin/env bash
# Install what is missing, then lint and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check tracker tests bench
exec .venv/bin/python -m pytest -q "$@"
