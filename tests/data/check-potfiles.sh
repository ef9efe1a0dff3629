#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks that po/POTFILES names every file with translatable strings, once, and nothing else.
#
# Usage: check-potfiles.sh [SOURCE_ROOT]
# A file needs translating when it marks strings for gettext (_(), N_(),
# C_(), NC_(), ngettext) or in a GtkBuilder file (translatable="yes"), or
# when it is a desktop entry, AppStream metainfo or a GSettings schema,
# whose texts are translatable by nature.

set -eu

srcdir=${1:-${PUPITRE_SOURCE_DIR:-.}}
cd "$srcdir"

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

# POTFILES lines, without comments and blank lines.
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES | sort -u > "$tmpdir/listed"

{
  grep -rlIE \
    -e '(^|[^[:alnum:]_])(_|N_|C_|NC_)[[:space:]]*\(' \
    -e 'ngettext[[:space:]]*\(' \
    -e 'translatable="yes"' \
    src data || true
  find src data -type f \
    \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \)
} | sort -u > "$tmpdir/needed"

status=0

for path in $(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES | sort | uniq -d); do
  echo "po/POTFILES names $path more than once" >&2
  status=1
done

for path in $(comm -23 "$tmpdir/needed" "$tmpdir/listed"); do
  echo "po/POTFILES lacks $path, which has translatable strings" >&2
  status=1
done

while read -r path; do
  if [ ! -f "$path" ]; then
    echo "po/POTFILES names $path, which does not exist" >&2
    status=1
  fi
done < "$tmpdir/listed"

if [ "$status" -eq 0 ]; then
  echo "po/POTFILES lists all $(wc -l < "$tmpdir/needed") files with translatable strings"
fi
exit "$status"
