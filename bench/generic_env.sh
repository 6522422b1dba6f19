#!/usr/bin/env bash
# Create .venv-generic: a separate environment for the generic converter (pymupdf4llm) that
# bench/layouts.py scores beside the tracker. It is never a dependency of the package.
# Idempotent: re-running checks the pinned versions and installs only when they differ.
#
#     bash bench/generic_env.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PYMUPDF4LLM_VERSION=2.0
PYMUPDF_VERSION=2.0
VENV=.venv-generic
PY=${PYTHON:-python3}

if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
want="pymupdf4llm==$PYMUPDF4LLM_VERSION pymupdf==$PYMUPDF_VERSION"
have=$("$VENV/bin/python" - <<'PY' 2>/dev/null || true
from importlib.metadata import version
print(f"pymupdf4llm=={version('pymupdf4llm')} pymupdf=={version('pymupdf')}")
PY
)
if [ "$have" != "$want" ]; then
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $want
fi
"$VENV/bin/python" -c "import pymupdf4llm, pymupdf; print('pymupdf4llm', pymupdf4llm.__version__, 'pymupdf', pymupdf.__version__)"
