#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a checking program that does not speak TAP as one TAP test: its
# output goes to stderr (the test log), its exit status becomes "ok",
# "not ok", or a skip for status 77.
#
# Usage: tap-run.sh PROGRAM [ARGUMENT...]

name=$(basename "$1")
echo "1..1"
"$@" >&2
status=$?
case $status in
  0) echo "ok 1 - $name" ;;
  77) echo "ok 1 - $name # SKIP" ;;
  *) echo "not ok 1 - $name (exit status $status)"; exit 1 ;;
esac
