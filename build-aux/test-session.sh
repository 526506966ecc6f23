#!/usr/bin/env bash
# Runs inside xvfb-run and dbus-run-session (see test.sh): a throwaway HOME,
# an unlocked keyring, then meson test.
set -euo pipefail
builddir=$1; shift

export HOME=$(mktemp -d /tmp/dossier-test-home-XXXXXX)
export XDG_DATA_HOME=$HOME/.local/share XDG_CONFIG_HOME=$HOME/.config XDG_CACHE_HOME=$HOME/.cache
export XDG_RUNTIME_DIR=$HOME/runtime
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
trap 'rm -rf "$HOME"' EXIT

# --unlock makes the login keyring with this password, so nothing ever prompts.
echo -n dossier-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
# Wait until the secret service owns its bus name, so no second daemon is activated.
for _ in $(seq 50); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
       | grep -q 'boolean true'; then break; fi
  sleep 0.1
done

args=("$@")
if [ ${#args[@]} -eq 0 ]; then args=(--no-suite slow --no-suite bench); fi
meson test -C "$builddir" --no-rebuild --print-errorlogs --num-processes 2 "${args[@]}"
