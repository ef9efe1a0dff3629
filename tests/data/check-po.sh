#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the message catalogues named in po/LINGUAS against the sources.
#
# Usage: check-po.sh valid [SOURCE_ROOT]
#          every catalogue passes msgfmt --check (syntax, header, formats)
#        check-po.sh complete [SOURCE_ROOT]
#          every catalogue has no fuzzy and no untranslated message
#        check-po.sh current [SOURCE_ROOT]
#          every catalogue translates every message the sources in
#          po/POTFILES mark today (msgcmp fails on a missing msgid)

set -eu

mode=${1:?usage: check-po.sh valid|complete|current [SOURCE_ROOT]}
srcdir=${2:-${PUPITRE_SOURCE_DIR:-.}}
cd "$srcdir"

tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT

languages=$(sed -e 's/#.*//' po/LINGUAS)
status=0

case "$mode" in
  valid)
    for lang in $languages; do
      if msgfmt --check -o /dev/null "po/$lang.po"; then
        echo "po/$lang.po is valid"
      else
        status=1
      fi
    done
    ;;
  complete)
    for lang in $languages; do
      stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "po/$lang.po" 2>&1)
      echo "po/$lang.po: $stats"
      case "$stats" in
        *fuzzy*|*untranslated*) status=1 ;;
      esac
    done
    ;;
  current)
    # The keywords of meson's 'glib' gettext preset, which po/meson.build uses.
    sed -e 's/#.*//' -e '/^[[:space:]]*$/d' po/POTFILES > "$tmpdir/POTFILES"
    xgettext --package-name=pupitre --from-code=UTF-8 \
      --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
      --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
      --files-from="$tmpdir/POTFILES" --output="$tmpdir/pupitre.pot"
    for lang in $languages; do
      if ! LC_ALL=C msgcmp --no-fuzzy-matching "po/$lang.po" "$tmpdir/pupitre.pot"; then
        echo "po/$lang.po lacks translations of messages the sources use:" >&2
        # Merged with the fresh template, the missing messages show with
        # the places in the sources that use them.
        msgmerge --quiet --no-fuzzy-matching --output-file="$tmpdir/$lang.po" \
          "po/$lang.po" "$tmpdir/pupitre.pot"
        msgattrib --untranslated --no-obsolete --no-wrap "$tmpdir/$lang.po" \
          | sed -e '1,/^$/d' >&2
        msgattrib --only-fuzzy --no-obsolete --no-wrap "$tmpdir/$lang.po" \
          | sed -e '1,/^$/d' >&2
        status=1
      else
        echo "po/$lang.po translates every message of po/POTFILES"
      fi
    done
    ;;
  *)
    echo "check-po.sh: unknown mode '$mode'" >&2
    exit 2
    ;;
esac

exit "$status"
