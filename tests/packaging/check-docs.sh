#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the documentation: with a man folder alone, that every man page
# formats without a warning; with server.conf and the server too, that the
# server's man page and server.conf describe every option the server takes,
# that server.conf shows the defaults the server announces, and that the
# server accepts server.conf with every line uncommented.
#
# Usage: check-docs.sh MAN-DIR
#        check-docs.sh MAN-DIR SERVER-CONF SERVER-BINARY

set -eu

man_dir=$1
status=0

if [ $# -eq 1 ]; then
  # The same call lintian makes: any message on stderr is a defect.
  for page in "$man_dir"/*.1; do
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

server_conf=$2
server=$3

if [ ! -x "$server" ]; then
  echo "SKIP: $server is not built"
  exit 77
fi

options=$(LC_ALL=C "$server" --help \
          | sed -n -e 's/^ *\(-[a-zA-Z0-9], \)\{0,1\}--\([a-z][a-z-]*\).*/\2/p' | sort -u)
if [ -z "$options" ]; then
  echo "FAIL: no option found in $server --help"
  exit 1
fi

rendered=$(mktemp)
trap 'rm -f "$rendered"' EXIT
LC_ALL=C.UTF-8 MANWIDTH=80 man -E UTF-8 -l "$man_dir/pupitre-server.1" 2>/dev/null \
  | col -b >"$rendered"

for option in $options; do
  case $option in
    help|help-all|version) continue ;;
  esac
  # An option's paragraph starts with it, after its short form if any.
  if ! grep -Eq -- "^ {7}(-[a-zA-Z0-9], )?--$option( |,|\$)" "$rendered"; then
    echo "FAIL: the OPTIONS of pupitre-server.1 do not describe --$option"
    status=1
  fi
  case $option in
    config) continue ;;
  esac
  if ! grep -q "^#$option=" "$server_conf"; then
    echo "FAIL: server.conf does not list $option"
    status=1
  fi
done
[ "$status" = 0 ] && echo "ok: the man page and server.conf cover: $(echo $options)"

# "--port=PORT   TCP port to listen on (default 50026; ...)" against
# "#port=50026".
help=$(LC_ALL=C "$server" --help)
for option in $options; do
  announced=$(echo "$help" \
              | sed -n -e "s/^ *\(-[a-zA-Z0-9], \)\{0,1\}--$option[= ].*(default \([0-9.]*\).*/\2/p")
  [ -n "$announced" ] || continue
  shown=$(sed -n -e "s/^#$option=//p" "$server_conf")
  if [ "$shown" != "$announced" ]; then
    echo "FAIL: server.conf shows $option=$shown, the server's default is $announced"
    status=1
  fi
done

# --version is answered after the configuration is read: a bad one fails.
uncommented=$(mktemp)
trap 'rm -f "$rendered" "$uncommented"' EXIT
sed -e 's/^#\([a-z-]*=\)/\1/' "$server_conf" >"$uncommented"
if out=$(LC_ALL=C "$server" --config "$uncommented" --version 2>&1); then
  echo "ok: the server accepts server.conf with every line uncommented"
else
  echo "FAIL: the server refuses server.conf with every line uncommented: $out"
  status=1
fi
exit "$status"
