#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the Debian packages listed in tools/debian-packages.txt that are
# not installed yet. Needs root (or sudo); does nothing when all are there.
set -eu

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mapfile -t wanted < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$srcdir/tools/debian-packages.txt")

missing=()
for package in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [ "$status" = installed ] || missing+=("$package")
done

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

if [ ${#missing[@]} -eq 0 ]; then
  echo "All ${#wanted[@]} build and test packages are installed."
else
  echo "Installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The tests check that the programs speak French under a French locale.
if ! locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; then
  echo "Generating the fr_FR.UTF-8 locale"
  $sudo localedef -i fr_FR -f UTF-8 fr_FR.UTF-8
fi
