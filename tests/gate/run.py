#!/usr/bin/env python3
"""The quality gate: run.py FOLIO SOURCE_ROOT [--print]

Scores folio on the shared corpora with ../shared/bench/score.py and fails
when a figure falls under the floor pinned in tests/gate/floors.json. Floors
only go up: raise them when folio gets better, never lower them.

Where ../shared (next to the source root) is absent, it says so and skips
(exit 77, meson's "skipped"). Conversions run with --offline: the corpus
pages name real hosts and nothing may reach them.
"""
import json
import os
import re
import subprocess
import sys

SKIP = 77


def score(score_py, corpus, folio):
    cmd = [sys.executable, score_py, corpus, "--cmd", f"{folio} --offline -f json {{}}",
           "--json", "--bootstrap", "0", "--list-worst", "10"]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
    sys.stdout.write(res.stdout)
    sys.stderr.write(res.stderr)
    lines = [l for l in res.stdout.splitlines() if l.startswith("SCORE ")]
    if res.returncode != 0 or not lines:
        return None
    got = {k: v for k, v in re.findall(r"(\w+)=(\S+)", lines[-1])}
    empty = re.search(r"empty output from the others: (\d+)", res.stdout)
    got["empty"] = empty.group(1) if empty else "999999"
    return got


def main():
    folio, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    shared = os.path.join(os.path.abspath(root), "..", "shared")
    score_py = os.path.join(shared, "bench", "score.py")
    if not os.path.isfile(score_py):
        print(f"gate skipped: {os.path.normpath(shared)} is absent (no corpora to score)")
        sys.exit(SKIP)
    floors = json.load(open(os.path.join(root, "tests", "gate", "floors.json")))
    passed = failed = 0
    for corpus, want in floors.items():
        path = os.path.join(shared, "corpus", corpus)
        if not os.path.isdir(path):
            print(f"corpus {corpus} absent: skipped")
            continue
        got = score(score_py, path, folio)
        if got is None:
            print(f"FAIL {corpus}: score.py gave no SCORE line")
            failed += 1
            continue
        for key, floor in want.items():
            if key in ("max_failed", "max_empty"):
                value = int(got.get(key[4:], "999999"))
                ok = value <= floor
            else:
                value = float(got.get(key, "0"))
                ok = value + 1e-9 >= floor
            print(f"{'ok  ' if ok else 'FAIL'} {corpus} {key} = {value} (floor {floor})")
            passed += ok
            failed += not ok
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
