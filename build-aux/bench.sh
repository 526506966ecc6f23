#!/usr/bin/env bash
# The benchmarks of DESIGN.md section 5, from a fresh Debian 12 machine:
# installs what is missing, builds, and runs the `bench` suite under Xvfb, a
# private D-Bus session and an unlocked gnome-keyring (as test.sh runs the
# tests), one program at a time.  Ends with every result line,
#   BENCH name: value unit target: bound met|missed
# and exits non-zero only when something could not be measured.
#
# Scale: DOSSIER_BENCH_CASES (default 100000), DOSSIER_BENCH_NOTES (10000),
# DOSSIER_BENCH_SEED (1); e.g. DOSSIER_BENCH_CASES=10000 for a quick run.
# The first run at a scale generates the sample replica and fills a server
# store with its changes (about an hour and 26 GB at full scale); both are
# cached in BUILDDIR/bench-data (DOSSIER_BENCH_DATA puts them elsewhere) and
# reused.  Remove that folder to free the space.  Extra arguments go to
# `meson test` (e.g. bench-local for one program).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${DOSSIER_BUILDDIR:-$top/build}

"$top/build-aux/install-deps.sh"
"$top/build-aux/setup-build.sh" "$builddir"

args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(--suite bench); fi
log="$builddir/meson-logs/bench-output.txt"
mkdir -p "$(dirname "$log")"
set +e
xvfb-run -a -s '-screen 0 1280x1024x24' dbus-run-session -- \
  "$top/build-aux/test-session.sh" "$builddir" --verbose --num-processes 1 \
  --timeout-multiplier 0 "${args[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

echo
echo "Benchmarks ($(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
     "${DOSSIER_BENCH_CASES:-100000} cases, ${DOSSIER_BENCH_NOTES:-10000} policy notes):"
grep -E '^BENCH' "$log" || true
exit "$status"
