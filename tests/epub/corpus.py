#!/usr/bin/env python3
"""EPUBs of many pages through epubcheck: corpus.py FOLIO_BINARY SOURCE_ROOT

For every SOURCE_ROOT/../shared/corpus/readability/*/source.html (when
../shared exists), every golden page (tests/golden/*/input.html) and every
fuzz seed (tests/fuzz/corpus/*), makes an EPUB with mkepub --offline
(nothing leaves this machine) and runs epubcheck on it, two at a time. A
page with no article is counted apart, not failed. Prints the totals of
errors and warnings per set, then "N passed, M failed"; exits non-zero on
any error or warning, 77 (skipped) without epubcheck or mkepub.
"""
import concurrent.futures
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import epubcheck  # noqa: E402


def build(tool, page, out):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000")
    p = subprocess.run([tool, "--offline", "-o", out, page], capture_output=True, text=True,
                       env=env, timeout=120)
    return p.returncode, p.stderr


def one(tool, checker, page, work, index):
    name = os.path.relpath(page, os.path.dirname(os.path.dirname(os.path.dirname(page))))
    out = os.path.join(work, f"{index:04d}.epub")
    rc, err = build(tool, page, out)
    if rc != 0 or not os.path.exists(out):
        return name, None, err
    errors, warnings, text = checker(out)
    return name, (errors, warnings), text


def page_sets(root):
    shared = os.path.join(root, "..", "shared", "corpus", "readability", "*", "source.html")
    return [("readability corpus", sorted(glob.glob(shared))),
            ("golden pages", sorted(glob.glob(os.path.join(root, "tests", "golden", "*",
                                                            "input.html")))),
            ("fuzz seeds", sorted(glob.glob(os.path.join(root, "tests", "fuzz", "corpus", "*"))))]


def run_set(tool, checker, label, pages, work):
    """Checks one set; returns (passed, failed)."""
    passed = failed = skipped = errors = warnings = 0
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        jobs = [(p, i) for i, p in enumerate(pages)]
        for name, res, text in ex.map(lambda j: one(tool, checker, j[0], work, j[1]), jobs):
            if res is None:
                skipped += 1
                continue
            e, w = res
            errors += max(e, 0) if e >= 0 else 1
            warnings += w
            if e == 0 and w == 0:
                passed += 1
                continue
            failed += 1
            print(f"FAIL: {name}: {e} errors, {w} warnings")
            for line in [l for l in text.splitlines()
                         if l.startswith(("ERROR", "WARNING", "FATAL"))][:10]:
                print("   ", line)
    print(f"{label}: {passed + failed} EPUBs made, {skipped} pages without an article; "
          f"epubcheck: {errors} errors, {warnings} warnings", flush=True)
    return passed, failed


def main():
    folio, root = sys.argv[1], sys.argv[2]
    tool = os.path.join(os.path.dirname(os.path.abspath(folio)), "tests", "mkepub")
    checker = epubcheck.find()
    if checker is None or not os.path.exists(tool):
        print("SKIP: no epubcheck or no mkepub")
        sys.exit(77)
    passed = failed = 0
    with tempfile.TemporaryDirectory() as work:
        for label, pages in page_sets(root):
            if not pages:
                print(f"{label}: absent, skipped")
                continue
            p, f = run_set(tool, checker, label, pages, work)
            passed += p
            failed += f
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
