#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Plays a game under Xvfb with the real window and server, and saves a PNG
# of each screen (connect, lobby, countdown, question, results, over, and the
# check of a secure server's certificate) to docs/screenshots.
#
# Usage: tests/ui/take-screenshots.sh [BUILD_DIR]    (default: _build)
set -eu

source_dir=$(cd "$(dirname "$0")/../.." && pwd)
build_dir=$(cd "${1:-$source_dir/_build}" && pwd)
output_dir="$source_dir/docs/screenshots"

meson compile -C "$build_dir" tests/ui/test-window tests/ui/test-layout src/server/pupitre-server >/dev/null
# The settings schema, compiled into the build tree for the tests.
meson compile -C "$build_dir" >/dev/null

mkdir -p "$output_dir"

# The same environment as the test suite, in English, at the default
# window size of 720×560.
env \
  GSETTINGS_BACKEND=memory \
  GSETTINGS_SCHEMA_DIR="$build_dir/data" \
  GTK_A11Y=none \
  NO_AT_BRIDGE=1 \
  LANGUAGE=C \
  LC_ALL=C.UTF-8 \
  PUPITRE_SOURCE_DIR="$source_dir" \
  PUPITRE_SERVER="$build_dir/src/server/pupitre-server" \
  PUPITRE_SCREENSHOT_DIR="$output_dir" \
  xvfb-run -a -s "-screen 0 1280x1024x24" \
  "$build_dir/tests/ui/test-window" --verbose \
    -p /ui/window/screenshots \
    -p /ui/window/secure-server-asks-to-check-its-fingerprint

ls -l "$output_dir"/*.png

# The student's pages at 800×600 and 1920×1080, in English and French, on
# a screen as large as the widest: NAME-WxH-LANG.png.
for lang in en fr; do
  if [ "$lang" = fr ]; then locale=fr_FR.UTF-8; language=fr; else locale=C.UTF-8; language=C; fi
  env \
    GSETTINGS_BACKEND=memory \
    GSETTINGS_SCHEMA_DIR="$build_dir/data" \
    GTK_A11Y=none \
    NO_AT_BRIDGE=1 \
    LANGUAGE="$language" \
    LC_ALL="$locale" \
    PUPITRE_SOURCE_DIR="$source_dir" \
    PUPITRE_LOCALEDIR="$build_dir/po" \
    PUPITRE_SERVER="$build_dir/src/server/pupitre-server" \
    PUPITRE_SCREENSHOT_DIR="$output_dir" \
    xvfb-run -a -s "-screen 0 1920x1080x24" \
    "$build_dir/tests/ui/test-layout"
done

ls -l "$output_dir"/*-*x*-*.png

# The teacher's host window and the projector's view, in English and French:
# host-SCREEN[-projector]-LANG.png.
for lang in en fr; do
  if [ "$lang" = fr ]; then locale=fr_FR.UTF-8; language=fr; else locale=C.UTF-8; language=C; fi
  env \
    GSETTINGS_BACKEND=memory \
    GSETTINGS_SCHEMA_DIR="$build_dir/data" \
    GTK_A11Y=none \
    NO_AT_BRIDGE=1 \
    LANGUAGE="$language" \
    LC_ALL="$locale" \
    PUPITRE_SOURCE_DIR="$source_dir" \
    PUPITRE_LOCALEDIR="$build_dir/po" \
    PUPITRE_SERVER="$build_dir/src/server/pupitre-server" \
    PUPITRE_SCREENSHOT_DIR="$output_dir" \
    xvfb-run -a -s "-screen 0 1920x1080x24" \
    "$build_dir/tests/ui/test-host-window"
done

ls -l "$output_dir"/host-*.png
