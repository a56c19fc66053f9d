#!/bin/sh
# run.sh SECONDS — fuzz folio with libFuzzer for SECONDS (default 60).
#
# Builds the clang target in build-fuzz/ (clang, -fsanitize=fuzzer,address,
# undefined; the library itself with address,undefined), copies the seed
# corpus to a scratch directory so the committed seeds stay small, and runs
# one nice'd fuzzing process. Crashes, leaks and timeouts are written to
# tests/fuzz/crashes/ (not committed): replay one with
#   build-hostile/tests/fuzz_replay tests/fuzz/crashes/crash-...
# then fix it and add the input to tests/fuzz/corpus/.
# Environment: FUZZ_BUILD (build dir, default build-fuzz), FUZZ_WORK
# (scratch corpus, default build-fuzz/corpus-work), FUZZ_ARGS (extra flags).
set -eu
secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD:-$root/build-fuzz}
work=${FUZZ_WORK:-$build/corpus-work}
crashes=$here/crashes

CC=${CC:-clang}
export CC
if [ ! -f "$build/build.ninja" ]; then
    # fuzzer-no-link: the library gets libFuzzer's coverage instrumentation
    meson setup "$build" "$root" -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debugoptimized -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
ninja -C "$build" libfolio_core.a >/dev/null || { echo "run.sh: the library does not build" >&2; exit 1; }

# The library is built by meson; the harness is linked here with libFuzzer.
libs="$(pkg-config --libs gumbo libzip libcmark) -ldl" # libcurl is opened at run time (curl_lazy.c)
"$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -I"$root/include" -I"$root/src" \
    "$here/fuzz_folio.c" "$build/libfolio_core.a" $libs -lpthread -o "$build/fuzz_folio"

mkdir -p "$work" "$crashes"
cp -n "$here"/corpus/* "$work"/ 2>/dev/null || true
log=$build/fuzz-$(date +%Y%m%d-%H%M%S).log
echo "fuzzing for $secs s; log: $log"
set +e
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
nice -n 19 "$build/fuzz_folio" -max_total_time="$secs" -max_len=65536 -timeout=25 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
    -dict="$here/html.dict" ${FUZZ_ARGS:-} "$work" >"$log" 2>&1
rc=$?
set -e
grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|SUMMARY|==[0-9]+==ERROR)" "$log" || true
tail -n 3 "$log"
echo "exit $rc; crashes so far: $(ls "$crashes" | wc -l)"
exit $rc
