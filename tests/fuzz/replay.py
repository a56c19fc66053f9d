#!/usr/bin/env python3
"""Fuzz corpus replay: replay.py FOLIO SOURCE_ROOT

Runs BUILD/tests/fuzz_replay (the libFuzzer harness fuzz_folio.c with a plain
main, built by tests/meson.build next to the folio binary) over every file of
tests/fuzz/corpus/, one process per file so a crash names its input, each with
a time limit. Passes when every input returns 0 within the limit.
"""
import os
import subprocess
import sys
import time

TIME_LIMIT = 20  # seconds per input; the harness uses small limits


def find_replay(folio):
    build = os.path.dirname(os.path.abspath(folio))
    for cand in (os.path.join(build, "tests", "fuzz_replay"),
                 os.path.join(build, "fuzz_replay")):
        if os.access(cand, os.X_OK):
            return cand
    return None


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    folio, root = sys.argv[1], sys.argv[2]
    replay = find_replay(folio)
    if not replay:
        print("fuzz_replay not built next to", folio)
        return 1
    corpus = os.path.join(root, "tests", "fuzz", "corpus")
    files = sorted(f for f in os.listdir(corpus) if not f.startswith("."))
    failed = 0
    slow = []
    for name in files:
        path = os.path.join(corpus, name)
        t0 = time.monotonic()
        try:
            r = subprocess.run([replay, path], capture_output=True, timeout=TIME_LIMIT)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: over {TIME_LIMIT} s")
            failed += 1
            continue
        dt = time.monotonic() - t0
        if r.returncode != 0:
            failed += 1
            err = r.stderr.decode("utf-8", "replace").strip().splitlines()
            print(f"FAIL {name}: exit {r.returncode}")
            for line in err[-25:]:
                print("   ", line)
        elif dt > 2:
            slow.append(f"{name} {dt:.1f}s")
    if slow:
        print("slow:", ", ".join(slow))
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
