#!/usr/bin/env bash
# From a fresh Debian 12 machine: installs what is missing, builds, starts a
# local sync server with a demo account, fills a demo replica with sample data
# and syncs it the first time, and starts Dossier; the server stops with it.
#
# The demo replica is kept apart from your own (DOSSIER_REPLICA overrides it).
# The demo server listens on 127.0.0.1 only (DOSSIER_DEMO_PORT, default 18089)
# and keeps its store under the build folder, with the demo user's password,
# generated once, in a file only you can read (demo-server/demo-password):
# type it in Account… to log in again after logging out.
# Without a display (a server, CI), the application runs under Xvfb with a
# private session bus and keyring, and a screenshot is saved so you can see it.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${DOSSIER_BUILDDIR:-$top/build}
cases=${DOSSIER_DEMO_CASES:-2000}

"$top/build-aux/install-deps.sh"
"$top/build-aux/setup-build.sh" "$builddir"

export GSETTINGS_SCHEMA_DIR="$builddir/resources"
export DOSSIER_LOCALEDIR="$builddir/po"

# The demo sync server ---------------------------------------------------------
server_bin="$builddir/sync/server/dossier-server"
demo_dir="$builddir/demo-server"
demo_store="sqlite:$demo_dir/server.db"
demo_url="http://127.0.0.1:${DOSSIER_DEMO_PORT:-18089}"
export DOSSIER_DEMO_DIR="$demo_dir" DOSSIER_DEMO_URL="$demo_url"

# Once: an office, a user "demo" with a random password (read from a 0600 file,
# never put on a command line) and its membership.
if [ ! -f "$demo_dir/office-id" ] || [ ! -f "$demo_dir/server.db" ]; then
  mkdir -p "$demo_dir"
  chmod 700 "$demo_dir"
  rm -f "$demo_dir/server.db" "$demo_dir/synced-replicas"
  (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=\n' > "$demo_dir/demo-password")
  "$server_bin" admin --store="$demo_store" add-office "Demo office" > "$demo_dir/office-id.new"
  "$server_bin" admin --store="$demo_store" add-user demo < "$demo_dir/demo-password" > /dev/null
  "$server_bin" admin --store="$demo_store" add-member demo "Demo office" > /dev/null
  mv "$demo_dir/office-id.new" "$demo_dir/office-id"
fi

if (exec 3<>"/dev/tcp/127.0.0.1/${DOSSIER_DEMO_PORT:-18089}") 2>/dev/null; then
  echo "Port ${DOSSIER_DEMO_PORT:-18089} is taken (is another demo running?); choose another" \
       "with DOSSIER_DEMO_PORT." >&2
  exit 1
fi
"$server_bin" --listen="127.0.0.1:${DOSSIER_DEMO_PORT:-18089}" --store="$demo_store" \
  > "$demo_dir/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/${DOSSIER_DEMO_PORT:-18089}") 2>/dev/null; then break; fi
  kill -0 "$server_pid" 2>/dev/null || { cat "$demo_dir/server.log" >&2; exit 1; }
  sleep 0.1
done
echo "Demo sync server: $demo_url (user demo, password in $demo_dir/demo-password)"

# Fills the demo replica the first time, with its cases in the demo office, and
# logs it in and syncs it once, so that Dossier starts synced.  Runs where the
# keyring is (inside the private session without a display).
prepare_replica() {
  local builddir=$1 cases=$2
  if [ ! -e "$DOSSIER_REPLICA" ]; then
    "$builddir/app/dossier-sample-data" --cases "$cases" --replica "$DOSSIER_REPLICA" \
      --office "$(cat "$DOSSIER_DEMO_DIR/office-id")"
  fi
  if ! grep -qxF "$DOSSIER_REPLICA" "$DOSSIER_DEMO_DIR/synced-replicas" 2>/dev/null; then
    echo "First sync of the demo replica with $DOSSIER_DEMO_URL…"
    if "$builddir/app/dossier-sync-login" --replica "$DOSSIER_REPLICA" --server "$DOSSIER_DEMO_URL" \
         --user demo < "$DOSSIER_DEMO_DIR/demo-password"; then
      echo "$DOSSIER_REPLICA" >> "$DOSSIER_DEMO_DIR/synced-replicas"
    else
      echo "The demo replica is not logged in; use Account… in Dossier's menu." >&2
    fi
  fi
}

# The application -------------------------------------------------------------
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  export DOSSIER_REPLICA=${DOSSIER_REPLICA:-${XDG_DATA_HOME:-$HOME/.local/share}/dossier/demo-replica.db}
  mkdir -p "$(dirname "$DOSSIER_REPLICA")"
  prepare_replica "$builddir" "$cases"
  "$builddir/app/dossier"
  exit
fi

# Headless: everything lives under the build folder, so a second run finds it again.
demo_home="$builddir/demo-home"
mkdir -p "$demo_home"
export HOME="$demo_home" XDG_DATA_HOME="$demo_home/.local/share" XDG_CONFIG_HOME="$demo_home/.config"
export DOSSIER_REPLICA="$XDG_DATA_HOME/dossier/demo-replica.db"
export DOSSIER_SCREENSHOT="$builddir/dossier-screenshot.png"
mkdir -p "$(dirname "$DOSSIER_REPLICA")"
echo "No display: running Dossier under Xvfb (screenshot: $DOSSIER_SCREENSHOT; Ctrl+C to stop)"
# (xvfb-run is a POSIX shell script, which drops exported functions: the
# function's text goes in with the commands.)
xvfb-run -a -s '-screen 0 1440x900x24' dbus-run-session -- bash -c "$(declare -f prepare_replica)"'
  set -euo pipefail
  echo -n dossier-demo | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  prepare_replica "$0" "$1"
  "$0/app/dossier" &
  app=$!
  sleep 6
  import -window root "$DOSSIER_SCREENSHOT" && echo "Screenshot saved: $DOSSIER_SCREENSHOT"
  wait $app' "$builddir" "$cases"
