#!/usr/bin/env bash
# The main job: install what is missing, then source_pdfs/ -> extracted/ -> check -> site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/tracker build "$@"
