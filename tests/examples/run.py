#!/usr/bin/env python3
"""The examples stay true: run.py FOLIO SOURCE_ROOT [--update]

For every page examples/<name>.html, folio's output in each format must equal
the committed examples/<name>.{md,txt,json,html,epub}. The EPUB is made with
--offline and a fixed SOURCE_DATE_EPOCH, so it must be byte-identical.
--update rewrites the committed outputs (review the diff before committing).
"""
import os
import subprocess
import sys
import tempfile

FORMATS = [("md", "md"), ("text", "txt"), ("json", "json"), ("html", "html"), ("epub", "epub")]
EPOCH = "1735689600"  # 2025-01-01T00:00:00Z


def render(folio, page, fmt, tmp):
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    out = os.path.join(tmp, "out." + fmt)
    res = subprocess.run([folio, "--offline", "-q", "-f", fmt, "-o", out, page],
                         capture_output=True, env=env, timeout=120)
    if res.returncode != 0:
        return None, res.stderr.decode("utf-8", "replace").strip()
    with open(out, "rb") as f:
        return f.read(), None


def main():
    folio, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    update = "--update" in sys.argv[3:]
    ex = os.path.join(root, "examples")
    # the pages; what folio makes of page.html in html goes to page.reader.html
    pages = sorted(p for p in os.listdir(ex)
                   if p.endswith(".html") and not p.endswith(".reader.html"))
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            name = page[:-5]
            for fmt, ext in FORMATS:
                target = os.path.join(ex, f"{name}.{'reader.html' if ext == 'html' else ext}")
                got, err = render(folio, os.path.join(ex, page), fmt, tmp)
                if got is None:
                    print(f"FAIL {page} -f {fmt}: {err}")
                    failed += 1
                    continue
                if update:
                    with open(target, "wb") as f:
                        f.write(got)
                want = open(target, "rb").read() if os.path.exists(target) else None
                if want == got:
                    passed += 1
                    print(f"ok   {page} -f {fmt}")
                else:
                    failed += 1
                    print(f"FAIL {page} -f {fmt}: differs from {os.path.relpath(target, root)}"
                          " (run with --update and review)")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
