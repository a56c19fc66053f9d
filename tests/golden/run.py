#!/usr/bin/env python3
"""Golden tests: run.py FOLIO SOURCE_ROOT [--update] [CASE...]

Each case is a folder tests/golden/<case>/ holding a page written for the
project and what folio must make of it:
  input.html          the page
  args                optional: extra command-line arguments (one line, shell words)
  expected.md         `folio -f md --no-front-matter --offline [args] input.html`
  expected-meta.json  optional: keys that `folio --meta --offline [args] input.html`
                      must give with exactly these values (other keys are not compared)
  expected-exit       optional: the exit code (default 0); with a non-zero code
                      expected.md is not needed
--update rewrites expected.md from folio's current output (review the diff!).
"""
import difflib
import json
import os
import shlex
import subprocess
import sys


def run(folio, case_dir, extra, mode):
    args = [folio, "--offline"] + extra
    args += ["-f", "md", "--no-front-matter"] if mode == "md" else ["--meta"]
    args.append(os.path.join(case_dir, "input.html"))
    return subprocess.run(args, capture_output=True, timeout=60)


def check_case(folio, case_dir, update):
    failures = []
    extra = []
    if os.path.exists(os.path.join(case_dir, "args")):
        extra = shlex.split(open(os.path.join(case_dir, "args"), encoding="utf-8").read())
    want_exit = 0
    if os.path.exists(os.path.join(case_dir, "expected-exit")):
        want_exit = int(open(os.path.join(case_dir, "expected-exit")).read().strip())
    md = run(folio, case_dir, extra, "md")
    if md.returncode != want_exit:
        failures.append(f"exit {md.returncode}, expected {want_exit}: "
                        f"{md.stderr.decode('utf-8', 'replace').strip()}")
    expected_md = os.path.join(case_dir, "expected.md")
    if want_exit == 0:
        got = md.stdout.decode("utf-8", "replace")
        if update:
            with open(expected_md, "w", encoding="utf-8") as f:
                f.write(got)
        elif not os.path.exists(expected_md):
            failures.append("no expected.md (run with --update, then review it)")
        else:
            want = open(expected_md, encoding="utf-8").read()
            if got != want:
                diff = difflib.unified_diff(want.splitlines(), got.splitlines(),
                                            "expected.md", "folio", lineterm="", n=1)
                failures.append("Markdown differs:\n" + "\n".join(list(diff)[:40]))
    meta_path = os.path.join(case_dir, "expected-meta.json")
    if os.path.exists(meta_path):
        want = json.load(open(meta_path, encoding="utf-8"))
        res = run(folio, case_dir, extra, "meta")
        try:
            got = json.loads(res.stdout.decode("utf-8"))
        except ValueError:
            got = None
        if not isinstance(got, dict):
            failures.append(f"--meta did not print a JSON object (exit {res.returncode})")
        else:
            for key, value in want.items():
                if got.get(key) != value:
                    failures.append(f"meta {key}: got {got.get(key)!r}, expected {value!r}")
    return failures


def main():
    folio, root = sys.argv[1], sys.argv[2]
    rest = sys.argv[3:]
    update = "--update" in rest
    names = [a for a in rest if a != "--update"]
    top = os.path.join(root, "tests", "golden")
    cases = names or sorted(d for d in os.listdir(top)
                            if os.path.isfile(os.path.join(top, d, "input.html")))
    passed = failed = 0
    for name in cases:
        failures = check_case(folio, os.path.join(top, name), update)
        if failures:
            failed += 1
            print(f"FAIL {name}")
            for f in failures:
                print("  " + f.replace("\n", "\n  "))
        else:
            passed += 1
            print(f"ok   {name}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
