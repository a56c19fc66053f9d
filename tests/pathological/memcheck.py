#!/usr/bin/env python3
"""valgrind memcheck: memcheck.py FOLIO SOURCE_ROOT [-j N] [--quick]

Runs folio under `valgrind --error-exitcode=1 --leak-check=full` over the
golden pages (tests/golden/*/input.html) and the fuzz seeds
(tests/fuzz/corpus/*), in every format: md, text, json, html, epub (written
to a temporary file) and --meta, all --offline. Then the fuzz replay driver
(BUILD/tests/fuzz_replay, when built) over the whole corpus in one process,
which also builds each EPUB in memory. Any memory error or any definite,
indirect or possible leak fails the run. Too slow for every `meson test`;
tests/all.sh runs it.

-j N runs N valgrind processes at once (default 2); --quick does md and epub
only. Prints one line per failure and "N passed, M failed".
"""
import glob
import os
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

VALGRIND = ["valgrind", "--quiet", "--error-exitcode=99", "--leak-check=full",
            "--show-leak-kinds=definite,indirect,possible",
            "--errors-for-leak-kinds=definite,indirect,possible", "--track-origins=yes",
            "--num-callers=30"]
FORMATS = [["-f", "md"], ["-f", "text"], ["-f", "json"], ["-f", "html"], ["-f", "epub"],
           ["--meta"]]
TIMEOUT = 600  # seconds per run: valgrind is slow, big seeds are slower


def run(cmd, tmp):
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    try:
        p = subprocess.run(VALGRIND + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           cwd=tmp, env=env, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return cmd, None, f"over {TIMEOUT} s"
    return cmd, p.returncode, p.stderr.decode("utf-8", "replace")


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        print(__doc__)
        return 2
    folio, root = os.path.abspath(args[0]), os.path.abspath(args[1])
    jobs = int(args[args.index("-j") + 1]) if "-j" in args else 2
    formats = [["-f", "md"], ["-f", "epub"]] if "--quick" in args else FORMATS
    pages = sorted(glob.glob(os.path.join(root, "tests", "golden", "*", "input.html")))
    pages += sorted(p for p in glob.glob(os.path.join(root, "tests", "fuzz", "corpus", "*"))
                    if os.path.isfile(p))
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="folio-memcheck-") as tmp:
        cmds = []
        for i, page in enumerate(pages):
            for k, fmt in enumerate(formats):
                out = os.path.join(tmp, f"out-{i}-{k}")
                cmds.append([folio, "--offline", *fmt, "-o", out, page]
                            if fmt != ["--meta"] else [folio, "--offline", "--meta", page])
        replay = os.path.join(os.path.dirname(folio), "tests", "fuzz_replay")
        if os.access(replay, os.X_OK):
            cmds.append([replay, os.path.join(root, "tests", "fuzz", "corpus")])
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            for cmd, code, err in pool.map(lambda c: run(c, tmp), cmds):
                # exit codes 0..5 are folio's answers; 99 is valgrind's
                if code is not None and code != 99 and "==" not in err:
                    passed += 1
                    continue
                failed += 1
                print("FAIL", " ".join(os.path.relpath(a, root) if a.startswith(root) else a
                                       for a in cmd))
                for line in err.strip().splitlines()[:40]:
                    print("   ", line)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
