#!/usr/bin/env python3
"""EPUBs of the shared corpus through epubcheck: corpus.py FOLIO_BINARY SOURCE_ROOT

For every SOURCE_ROOT/../shared/corpus/readability/*/source.html, makes an
EPUB with mkepub --offline (nothing leaves this machine) and runs epubcheck
on it, two at a time. A page with no article is counted apart, not failed.
Prints the totals of errors and warnings, then "N passed, M failed"; exits
non-zero on any error or warning, 77 (skipped) when the corpus is absent.
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


def one(tool, checker, page, work):
    name = os.path.basename(os.path.dirname(page))
    out = os.path.join(work, name + ".epub")
    rc, err = build(tool, page, out)
    if rc != 0 or not os.path.exists(out):
        return name, None, err
    errors, warnings, text = checker(out)
    return name, (errors, warnings), text


def main():
    folio, root = sys.argv[1], sys.argv[2]
    tool = os.path.join(os.path.dirname(os.path.abspath(folio)), "tests", "mkepub")
    pages = sorted(glob.glob(os.path.join(root, "..", "shared", "corpus", "readability", "*",
                                          "source.html")))
    checker = epubcheck.find()
    if not pages or checker is None or not os.path.exists(tool):
        print("SKIP: no corpus, no epubcheck or no mkepub")
        sys.exit(77)
    passed = failed = skipped = errors = warnings = 0
    with tempfile.TemporaryDirectory() as work, \
            concurrent.futures.ThreadPoolExecutor(2) as ex:
        for name, res, text in ex.map(lambda p: one(tool, checker, p, work), pages):
            if res is None:
                skipped += 1
                print(f"no EPUB for {name}: {text.strip().splitlines()[-1:]}")
                continue
            e, w = res
            errors += max(e, 0)
            warnings += w
            if e == 0 and w == 0:
                passed += 1
            else:
                failed += 1
                lines = [l for l in text.splitlines() if l.startswith(("ERROR", "WARNING",
                                                                        "FATAL"))]
                print(f"FAIL: {name}: {e} errors, {w} warnings")
                for l in lines[:10]:
                    print("   ", l)
    print(f"corpus EPUBs: {passed + failed} made, {skipped} pages without an article; "
          f"epubcheck: {errors} errors, {warnings} warnings")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
