#!/usr/bin/env python3
"""The reader view in a real browser: run.py FOLIO SOURCE_ROOT

Renders tests/html/page.html (a page written for this test) with
`folio --offline -f html`, loads the result in headless Chromium (Debian's
chromium package) with every host name unresolvable, so nothing can leave
the machine, and checks that the page's title is in the rendered DOM (in
<title> and in the header's <h1>), that no script ran, and that Chromium
logged no console message (errors, blocked resources, CSP violations).
Skips (and passes) when chromium is not installed.
"""
import os
import shutil
import subprocess
import sys
import tempfile

TITLE = "Reading Without Distraction: A Field Guide"


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name) or (f"/usr/bin/{name}" if os.path.exists(f"/usr/bin/{name}")
                                      else None)
        if path:
            return path
    return None


def main():
    folio, root = sys.argv[1], sys.argv[2]
    browser = chromium()
    if not browser:
        print("html-chromium: chromium is not installed (apt-get install chromium); skipped")
        print("0 passed, 0 failed")
        return 0
    failures, passed = [], 0
    page = os.path.join(root, "tests", "html", "page.html")
    r = subprocess.run([folio, "--offline", "-f", "html", page], capture_output=True, timeout=60)
    if r.returncode != 0:
        print(f"FAIL folio exit {r.returncode}: {r.stderr.decode(errors='replace').strip()}")
        print("0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "page.html")
        with open(out, "wb") as f:
            f.write(r.stdout)
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", "--disable-extensions",
               "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={tmp}/profile",
               "--enable-logging=stderr", "--v=0", "--dump-dom", "file://" + out]
        b = subprocess.run(cmd, capture_output=True, timeout=120)
    dom = b.stdout.decode("utf-8", "replace")
    log = b.stderr.decode("utf-8", "replace")
    checks = [
        ("chromium exits 0", b.returncode == 0),
        ("title in <title>", f"<title>{TITLE}</title>" in dom),
        ("title in the header", f'<h1 class="folio-title">{TITLE}</h1>' in dom),
        ("the page's script did not survive", "changed" not in dom and "<script" not in dom),
        ("the body is there", "What stays" in dom and "<table>" in dom),
        ("no console message", not [l for l in log.splitlines() if "CONSOLE" in l]),
        ("nothing refused by the security policy", "Refused to" not in log),
    ]
    for name, ok in checks:
        if ok:
            passed += 1
        else:
            failures.append(name)
            print(f"FAIL {name}")
    if failures:
        print("chromium log:\n" + "\n".join(log.splitlines()[-20:]))
    print(f"{passed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
