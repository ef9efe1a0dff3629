#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing, builds with warnings as errors, and runs every
# check: the whole meson test suite (UI tests in a real window under Xvfb),
# the unit and integration suites again under AddressSanitizer and
# UndefinedBehaviorSanitizer, a second compiler's warnings (clang), and the
# Debian packages built, linted, installed and removed. Ends with the line
# "N passed, N failed".
#
# One factor scales every test deadline: PUPITRE_TEST_TIMEOUT_FACTOR (an
# integer, 1 unless set) for the main run, three times it for the
# sanitizer run; meson's own timeouts get the same multiplier.
set -u
set -o pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$srcdir"

passed=0
failed=0
failures=()

# Adds a meson run's results (from its JSON log) to the totals.
count_meson ()
{
  local log=$1 label=$2 p f
  [ -f "$log" ] || { failed=$((failed + 1)); failures+=("$label: no test log"); return; }
  p=$(grep -c '"result": "OK"' "$log" || true)
  f=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$log" || true)
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$f" -eq 0 ] || failures+=("$label: $f failed")
  echo "== $label: $p passed, $f failed"
}

step ()
{
  local label=$1
  shift
  echo "== $label"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failures+=("$label")
  fi
}

factor=${PUPITRE_TEST_TIMEOUT_FACTOR:-1}
asan_factor=$((factor * 3))

tools/deps.sh || { echo "Installing the build dependencies failed"; echo "0 passed, 1 failed"; exit 1; }

# The main build: warnings are errors, every suite runs.
build=_build-test
if [ -f "$build/build.ninja" ]; then
  meson setup --reconfigure "$build" -Dwerror=true >/dev/null
else
  meson setup "$build" -Dwerror=true
fi
if ! meson compile -C "$build"; then
  echo "The build failed"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi
rm -f "$build/meson-logs/testlog.json"
PUPITRE_TEST_TIMEOUT_FACTOR=$factor xvfb-run -a -s "-screen 0 1280x1024x24" \
  meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 \
    --timeout-multiplier "$factor"
count_meson "$build/meson-logs/testlog.json" "meson test"
# tests/proxy (HAProxy in front of three nodes) ran in that suite; it
# skips only without haproxy, which tools/deps.sh installs: say it here.
if ! command -v haproxy >/dev/null; then
  echo "== tests/proxy was skipped: haproxy is not installed"
fi

# The same code under the sanitizers: memory errors, leaks and undefined
# behaviour fail the run.
asan=_build-asan
if [ ! -f "$asan/build.ninja" ]; then
  meson setup "$asan" -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbench=false -Dbuildtype=debug >/dev/null
fi
if meson compile -C "$asan" >/dev/null; then
  rm -f "$asan/meson-logs/testlog.json"
  # intercept_tls_get_addr=0: with Debian 12's glibc, LeakSanitizer's
  # tracer otherwise crashes in processes whose threads use TLS (GIO's
  # resolver and TLS threads). The slow unwinder lets suppressions match
  # frames inside GLib, which has no frame pointers.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0:fast_unwind_on_malloc=0 \
  LSAN_OPTIONS=suppressions="$srcdir/tools/lsan.supp" \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  PUPITRE_TEST_TIMEOUT_FACTOR=$asan_factor \
    meson test -C "$asan" --no-rebuild --print-errorlogs --num-processes 2 \
      --suite unit --suite integration --timeout-multiplier "$asan_factor"
  count_meson "$asan/meson-logs/testlog.json" "sanitizers"
else
  failed=$((failed + 1))
  failures+=("sanitizer build")
fi

# A second compiler's warnings, as errors: the whole tree, tests included.
clang_build ()
{
  local dir=_build-clang
  if [ ! -f "$dir/build.ninja" ]; then
    CC=clang meson setup "$dir" -Dwerror=true >/dev/null || return 1
  fi
  meson compile -C "$dir"
}
if command -v clang >/dev/null; then
  step "clang -Dwerror=true" clang_build
fi

if [ -x tools/check-fuzz.sh ]; then
  step "fuzzing" tools/check-fuzz.sh
fi

step "Debian packages" tools/check-packages.sh

if [ ${#failures[@]} -gt 0 ]; then
  printf 'Failed: %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
