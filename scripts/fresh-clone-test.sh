#!/usr/bin/env bash
# Developer tool (not run by CI): run scripts/test.sh the way a fresh machine would.
# Clones the committed HEAD (uncommitted changes are left out) into a temporary folder, with the
# corpus reachable as ../shared beside the clone, and runs the tests there with fontconfig limited to
# the DejaVu fonts, so a test that depends on other installed fonts fails here too.
#   bash scripts/fresh-clone-test.sh [pytest args...]     KEEP=1 keeps the temporary folder
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$src/../shared" 2>/dev/null && pwd) || { echo "no $src/../shared (the corpus checkout)" >&2; exit 1; }
dejavu=/usr/share/fonts/truetype/dejavu  # Debian's fonts-dejavu-core (scripts/bootstrap.sh installs it)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/isf-fresh-clone.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

git clone --quiet --no-hardlinks "$src" "$tmp/main"
ln -s "$shared" "$tmp/shared"
echo "testing $(git -C "$tmp/main" log -1 --format='%h %s') in $tmp/main"

mkdir -p "$tmp/fontconfig"
cat > "$tmp/fontconfig/fonts.conf" <<CONF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <dir>$dejavu</dir>
  <cachedir>$tmp/fontconfig/cache</cachedir>
</fontconfig>
CONF

cd "$tmp/main"
FONTCONFIG_FILE="$tmp/fontconfig/fonts.conf" bash scripts/test.sh "$@"
