#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring (the real Secret Service),
# isolated in its own XDG_DATA_HOME so the developer's login keyring is never touched. GNOME_KEYRING_CONTROL names the
# daemon's control directory, where a test that locked the keyring unlocks it again.
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
  # The daemon prints where its control socket is: a test that locked the keyring unlocks it there, as PAM does.
  GNOME_KEYRING_CONTROL=$(echo -n tfa-test-keyring | gnome-keyring-daemon --unlock --components=secrets 2>/dev/null | sed -n s/^GNOME_KEYRING_CONTROL=//p)
  export GNOME_KEYRING_CONTROL
  # The daemon claims org.freedesktop.secrets just after --unlock returns, and makes its login keyring the default
  # just after that. A client calling before then makes D-Bus start a second, empty daemon (no default keyring), so
  # wait for both (readiness, up to 20 s on a loaded machine), asking in a way that starts nothing.
  for _ in $(seq 200); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner \
      string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true" &&
      dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
        org.freedesktop.Secret.Service.ReadAlias string:default 2>/dev/null | grep -q collection/login && break
    sleep 0.1
  done
  exec "$@"
' run-with-keyring "$@" 2> >(grep -v "Failed to set fd limit" >&2)
