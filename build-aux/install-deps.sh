#!/usr/bin/env bash
# Installs what Dossier needs to build, run and test on Debian 12 (bookworm).
# Idempotent: installs only what is missing, and adds bookworm-backports (for
# SQLCipher 4) to the existing Debian source entry only once.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  meson ninja-build pkg-config gcc
  libglib2.0-dev libglib2.0-dev-bin libgtk-3-dev libsoup-3.0-dev libjson-glib-dev
  libsecret-1-dev libpq-dev libargon2-dev
  gnome-keyring dbus dbus-x11 xvfb xauth at-spi2-core
  python3 python3-dogtail python3-pyatspi
  postgresql openssl gettext appstream desktop-file-utils imagemagick
  fonts-dejavu-core fonts-wqy-zenhei adwaita-icon-theme
)
backports=(libsqlcipher-dev sqlcipher)

missing=()
for p in "${packages[@]}" "${backports[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing: ${missing[*]}"

export DEBIAN_FRONTEND=noninteractive
sources=/etc/apt/sources.list.d/debian.sources
if [ -f "$sources" ] && ! grep -q 'bookworm-backports' "$sources"; then
  $SUDO sed -i 's/^Suites: bookworm bookworm-updates$/& bookworm-backports/' "$sources"
fi
if [ -f /etc/apt/sources.list ] && ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  # Images that keep the Debian entry in sources.list: the same mirror, one more suite.
  line=$(grep -E '^deb\s+\S+\s+bookworm\s' /etc/apt/sources.list | head -n 1 || true)
  if [ -n "$line" ]; then
    echo "$line" | sed -E 's/\sbookworm\s/ bookworm-backports /' | $SUDO tee -a /etc/apt/sources.list >/dev/null
  fi
fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports "${backports[@]}"
$SUDO apt-get install -y -q --no-install-recommends "${packages[@]}"
