#!/usr/bin/env bash
# Installs what is missing on a fresh Debian machine: system packages and a virtualenv.
# Idempotent: a second run installs nothing and takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-nor   # OCR engine and its Norwegian model (offline)
  poppler-utils img2pdf             # pdftoppm, pdffonts + img2pdf: tests build scanned PDFs
  wnorwegian                        # Norwegian word list: OCR quality scoring
  chromium                          # headless browser for the site test
  fontconfig                        # fc-list: the OCR test checks its DejaVu-only font set-up
  fonts-dejavu-core                 # /usr/share/fonts/truetype/dejavu: the fonts a fresh machine has
  python3-venv                      # python3 -m venv below (Debian splits it from python3)
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing system packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# constraints.txt pins every Python package to the version the tests ran with.
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/pip install -q --upgrade pip
  .venv/bin/pip install -q -c constraints.txt -e '.[dev]'
  rm -f .venv/.installed-*
  touch "$stamp"
fi
