#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the real Secret Service),
# isolated in its own XDG_DATA_HOME so the developer's login keyring is never touched.
# Usage: test/run-with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "run-with-keyring: dbus-run-session or gnome-keyring-daemon is missing; install: apt-get install dbus gnome-keyring" >&2
  exit 3
fi
keyring_home=$(mktemp -d -t tfa-keyring.XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home"
export TFA_TEST_KEYRING=1
exec dbus-run-session -- bash -c '
  echo -n tfa-test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  exec "$@"
' run-with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
