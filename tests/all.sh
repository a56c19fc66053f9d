#!/bin/sh
# tests/all.sh — the whole test suite, as README.md and .ci/run give it.
#
# 1. the normal build (build/): unit, golden, CLI, network, pathological,
#    fuzz replay, format properties, epubcheck, Chromium, the quality gate;
# 2. a second build with AddressSanitizer and UndefinedBehaviorSanitizer
#    (build-asan/) running the same suite but the gate and the corpus-wide
#    format check (the normal build runs those);
# 3. valgrind memcheck over the golden pages and fuzz seeds, when valgrind
#    is installed.
# Run from the source root. Exits non-zero when anything fails.
set -eu
cd "$(dirname "$0")/.."

[ -d build ] || meson setup build
ninja -C build
meson test -C build --print-errorlogs --num-processes 2

[ -d build-asan ] || CC="${CC:-cc}" meson setup build-asan -Db_sanitize=address,undefined \
    -Db_lundef=false -Dbuildtype=debug
ninja -C build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-asan --print-errorlogs --num-processes 2 --no-suite gate --no-suite formats

if [ -f tests/pathological/memcheck.py ] && command -v valgrind >/dev/null 2>&1; then
    python3 tests/pathological/memcheck.py build/folio .
fi
echo "all test stages passed"
