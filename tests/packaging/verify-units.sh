#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the server's systemd units with systemd-analyze, as installed but
# pointing at the server just built, and holds the service's exposure to 2.0.
#
# Usage: verify-units.sh SERVICE.in SOCKET MAN-DIR SERVER-BINARY

set -eu

service_in=$1
socket=$2
man_dir=$3
server=$4

if [ ! -x "$server" ]; then
  echo "SKIP: $server is not built"
  exit 77
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# verify wants ExecStart= to exist, and the man page Documentation= names.
sed -e "s|@bindir@/pupitre-server|$server|g" -e "s|@sysconfdir@|/etc|g" \
  -e "s|@service_type@|notify|g" \
  "$service_in" >"$stage/pupitre-server.service"
cp "$socket" "$stage/pupitre-server.socket"
mkdir -p "$stage/man/man1"
cp "$man_dir"/*.1 "$stage/man/man1/"

if grep -n '@[a-z]*@' "$stage/pupitre-server.service"; then
  echo "FAIL: a placeholder is left in the unit"
  exit 1
fi

# Without man-db, verify cannot look the pages up: it then checks the rest.
man_option=
command -v man >/dev/null || man_option=--man=no

cd "$stage"
MANPATH=$stage/man systemd-analyze verify $man_option ./pupitre-server.service ./pupitre-server.socket
echo "ok: systemd-analyze verify"

systemd-analyze security --offline=true ./pupitre-server.service >security.txt 2>&1 || true
exposure=$(sed -n -e 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' security.txt)
if [ -z "$exposure" ] || ! awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }'; then
  cat security.txt
  echo "FAIL: exposure ${exposure:-unknown}, more than 2.0"
  exit 1
fi
echo "ok: exposure $exposure"
