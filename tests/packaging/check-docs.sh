#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the documentation against the programs.
#
# Usage: check-docs.sh format MAN-DIR
#          every man page formats without a warning (lintian's own call);
#        check-docs.sh options MAN-PAGE PROGRAM [SERVER-CONF]
#          the man page describes every option PROGRAM --help lists; with
#          SERVER-CONF, that file lists them too, shows the defaults the
#          program announces, and is accepted with every line uncommented.

set -eu

status=0

if [ "$1" = format ]; then
  for page in "$2"/*.1; do
    warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 \
               man --warnings -E UTF-8 -l -Tutf8 -Z "$page" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
      echo "FAIL: $page:"
      echo "$warnings"
      status=1
    else
      echo "ok: $page formats cleanly"
    fi
  done
  exit "$status"
fi

page=$2
program=$3
conf=${4:-}

if [ ! -x "$program" ]; then
  echo "SKIP: $program is not built"
  exit 77
fi

help=$(LC_ALL=C "$program" --help)
options=$(echo "$help" \
          | sed -n -e 's/^ *\(-[a-zA-Z0-9], \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' | sort -u)
if [ -z "$options" ]; then
  echo "FAIL: no option found in $program --help"
  exit 1
fi

rendered=$(mktemp)
uncommented=$(mktemp)
trap 'rm -f "$rendered" "$uncommented"' EXIT
LC_ALL=C.UTF-8 MANWIDTH=80 man -E UTF-8 -l "$page" 2>/dev/null | col -b >"$rendered"

for option in $options; do
  case $option in
    help|help-all|help-gapplication) continue ;;
  esac
  # An option's paragraph starts with it, after its short form if any.
  if ! grep -Eq -- "^ {7}(-[a-zA-Z0-9], )?--$option( |,|\$)" "$rendered"; then
    echo "FAIL: the OPTIONS of $(basename "$page") do not describe --$option"
    status=1
  fi
done
[ "$status" = 0 ] && echo "ok: $(basename "$page") describes: $(echo $options)"
[ -n "$conf" ] || exit "$status"

for option in $options; do
  case $option in
    # --new-host-key is an action, not a setting: the file has no key for it.
    help|help-all|version|config|new-host-key) continue ;;
  esac
  if ! grep -q "^#$option=" "$conf"; then
    echo "FAIL: $(basename "$conf") does not list $option"
    status=1
  fi
  # "--port=PORT   TCP port to listen on (default 50026; ...)" against
  # "#port=50026".
  announced=$(echo "$help" \
              | sed -n -e "s/^ *\(-[a-zA-Z0-9], \)\{0,1\}--$option[= ].*(default \([0-9.]*\).*/\2/p")
  shown=$(sed -n -e "s/^#$option=//p" "$conf")
  if [ -n "$announced" ] && [ "$shown" != "$announced" ]; then
    echo "FAIL: $(basename "$conf") shows $option=$shown, the default is $announced"
    status=1
  fi
done

# --version is answered after the configuration is read: a bad one fails.
sed -e 's/^#\([a-z-]*=\)/\1/' "$conf" >"$uncommented"
if out=$(LC_ALL=C "$program" --config "$uncommented" --version 2>&1); then
  echo "ok: $(basename "$conf") lists every option at its default and is accepted uncommented"
else
  echo "FAIL: $program refuses $(basename "$conf") with every line uncommented: $out"
  status=1
fi
exit "$status"
