#!/usr/bin/env bash
# The README's promise on a machine that has only Node: clone, `npm ci`, `npm test`, nothing else.
# Run by hand (as root, Linux): it hides the system's Chromium and Prometheus in a private mount
# namespace, clones this repository's committed HEAD into a temp folder, installs and tests there, and
# prints the test summary line. Nothing outside the namespace and the temp folder is changed.
#
#   sudo scripts/fresh-machine.sh                      # npm ci && npm test, the whole suite
#   sudo scripts/fresh-machine.sh test/e2e/popover.test.ts test/integration/prometheus-scrape.test.ts
#                                                      # the same, npm test running only these files
#   sudo scripts/fresh-machine.sh --reuse-modules ...  # link this checkout's node_modules instead of
#                                                      # npm ci (a quick check of everything else)
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
hidden=(chromium chromium-browser google-chrome google-chrome-stable prometheus promtool)

if [ "${FRESH_MACHINE_INSIDE:-}" != 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "fresh-machine: needs root for a private mount namespace (unshare -m): run it with sudo" >&2
    exit 2
  fi
  FRESH_MACHINE_INSIDE=1 exec unshare --mount --propagation private "$0" "$@"
fi

reuse_modules=0
if [ "${1:-}" = --reuse-modules ]; then
  reuse_modules=1
  shift
fi

work="$(mktemp -d /tmp/egpu-fresh-machine.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# What a fresh machine lacks: an empty, non-executable file over each such program, here and on PATH.
: > "$work/nothing"
chmod 644 "$work/nothing"
for name in "${hidden[@]}"; do
  for file in "/usr/bin/$name" "$(command -v "$name" 2>/dev/null || true)"; do
    if [ -n "$file" ] && [ -e "$file" ] && ! mountpoint -q "$file"; then
      mount --bind "$work/nothing" "$file"
      echo "fresh-machine: hid $file"
    fi
  done
done

git clone --quiet "$repo" "$work/egpu-companion"
cd "$work/egpu-companion"
echo "fresh-machine: testing $(git log -1 --format='%h %s') in $work/egpu-companion"

# A fresh temp folder too, so the npm-shipped Chromium is decompressed as on a new machine.
mkdir "$work/tmp"
export TMPDIR="$work/tmp"
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
unset CHROMIUM_PATH CI

if [ "$reuse_modules" = 1 ]; then
  ln -s "$(readlink -f "$repo/node_modules")" node_modules
else
  npm ci --no-audit --no-fund
fi

status=0
npm test -- "$@" 2>&1 | tee "$work/test.log" || status=$?
echo
echo "fresh-machine: npm test exited with $status; its summary line:"
grep -a '^Tests: ' "$work/test.log" | tail -1 || echo "(no summary line: npm test stopped before the tests ran)"
exit "$status"
