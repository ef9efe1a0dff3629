#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the libFuzzer targets of tests/fuzz/ with clang and runs each for a
# bounded time on a copy of its seed corpus. Exits non-zero when a target
# crashes, leaks, hangs or breaks one of its checks, and says where the
# input that did it is: copy that file into tests/fuzz/corpus/NAME/ once the
# bug is fixed, and it is replayed by every build's unit tests.
#
# Usage: tools/check-fuzz.sh [SECONDS-PER-TARGET]   (default 60, or $FUZZ_SECONDS)
# Environment: FUZZ_BUILD_DIR (default _build-fuzz), FUZZ_KEEP=1 keeps the work folder.
set -u
set -o pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$srcdir"

seconds=${1:-${FUZZ_SECONDS:-60}}
build=${FUZZ_BUILD_DIR:-_build-fuzz}
targets=(message quiz)

if ! command -v clang >/dev/null; then
  echo "clang is missing: apt-get install clang libclang-rt-14-dev" >&2
  exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" -Dfuzzing=true -Dtests=true -Dgtk=disabled -Dbench=false \
    -Dbuildtype=debugoptimized >/dev/null || { echo "Setting up $build failed" >&2; exit 1; }
else
  meson configure "$build" -Dfuzzing=true -Dtests=true >/dev/null ||
    { echo "Configuring $build failed" >&2; exit 1; }
fi
if ! meson compile -C "$build" "${targets[@]/#/fuzz-}" >"$build/fuzz-compile.log" 2>&1; then
  cat "$build/fuzz-compile.log" >&2
  echo "Building the fuzz targets failed" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pupitre-fuzz.XXXXXX")
if [ "${FUZZ_KEEP:-0}" != 1 ]; then
  trap 'rm -rf "$work"' EXIT
fi

status=0
for name in "${targets[@]}"; do
  corpus="$work/$name/corpus"
  artifacts="$work/$name/found/"
  mkdir -p "$corpus" "$artifacts"
  # The fuzzer adds what it finds to its corpus: a copy keeps the tree clean.
  cp tests/fuzz/corpus/"$name"/* "$corpus"/

  echo "== fuzz-$name: $seconds s"
  start=$(date +%s)
  # Leaks are checked at the end of each input (detect_leaks), a slow input
  # counts as a hang after 10 s, and one process runs at a time: the
  # machine's other core is for the rest of the test run.
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz-$name" \
      -max_total_time="$seconds" -max_len=70000 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts" "$corpus" \
      >"$work/$name/log" 2>&1
  rc=$?
  grep -E '^(stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb)' "$work/$name/log" | sed 's/^/   /'
  echo "   $(( $(date +%s) - start )) s, exit status $rc"

  found=("$artifacts"*)
  if [ "$rc" -ne 0 ] || [ -e "${found[0]}" ]; then
    status=1
    saved="$srcdir/$build/fuzz-findings/$name"
    mkdir -p "$saved"
    cp "$work/$name/log" "$saved/log"
    [ -e "${found[0]}" ] && cp "${found[@]}" "$saved/"
    echo "fuzz-$name FAILED; the fuzzer's report:" >&2
    grep -E -A30 '^(==[0-9]+==ERROR|\*\*|.*runtime error|ERROR: libFuzzer|==[0-9]+== ERROR)' "$work/$name/log" | head -60 >&2
    echo "The input and the whole log are in $saved/" >&2
    echo "Replay it: $build/tests/fuzz/fuzz-$name $saved/<file>" >&2
  fi
done

exit $status
