#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds, and plays: a server on the bundled
# French sample quiz and, when there is a display, the GTK client joined to
# it. Extra arguments go to the server (e.g. --players 3 --quiz FILE).
set -eu

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$srcdir/_build"
port=${PUPITRE_PORT:-50026}

"$srcdir/tools/deps.sh"
[ -f "$build/build.ninja" ] || meson setup "$build" "$srcdir"
meson compile -C "$build"

server="$build/src/server/pupitre-server"
client="$build/src/client/gtk/pupitre"
quiz="$srcdir/data/quizzes/culture-generale.fr.json"

# One player is enough to start when someone tries it alone; a class
# passes --players N.
"$server" --port "$port" --players 1 --quiz "$quiz" "$@" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null' EXIT

if [ -x "$client" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  GSETTINGS_SCHEMA_DIR="$build/data" "$client" --host localhost --port "$port" \
    --name "${USER:-Player}"
else
  echo "No display: the server runs on port $port. Play in a terminal with:"
  echo "  $build/src/client/console/pupitre-console --host localhost --port $port"
  echo "Press Ctrl+C to stop the server."
  wait "$server_pid"
fi
