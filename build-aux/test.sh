#!/usr/bin/env bash
# The whole test suite, from a fresh Debian 12 machine: installs what is
# missing, builds, and runs every test (but the slow and bench suites) under
# Xvfb, a private D-Bus session and an unlocked gnome-keyring.  Ends with
# "N passed, N failed, N skipped"; exits non-zero on any failure.
# Extra arguments go to `meson test` (e.g. --suite unit, or a test name).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${DOSSIER_BUILDDIR:-$top/build}

"$top/build-aux/install-deps.sh"
"$top/build-aux/setup-build.sh" "$builddir"

rm -f "$builddir/meson-logs/testlog.json"
status=0
xvfb-run -a -s '-screen 0 1280x1024x24' \
  dbus-run-session -- "$top/build-aux/test-session.sh" "$builddir" "$@" || status=$?

python3 "$top/build-aux/count-tests.py" "$builddir/meson-logs/testlog.json" || status=1
exit $status
