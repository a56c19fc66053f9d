#!/usr/bin/env python3
"""Issue 5's properties on every page of the shared corpora.

run.py FOLIO SOURCE_ROOT [ROUNDTRIP] [PAGE...]

For each page of SOURCE_ROOT/../shared/corpus/readability/*/source.html and
.../trafilatura/*.html, folio is run with --offline in the md, text, json and
html formats, and three properties are checked:
  round trip  cmark parses folio's Markdown (front matter removed) back; the
              text of what it parsed (tests/formats/roundtrip.c, built next to
              this directory's outputs) equals folio's text output; the JSON's
              text and markdown equal the text and Markdown outputs; and the
              Markdown made with --wrap 40 --link-style reference parses back
              to the same text
  front matter  the front matter loads as YAML (python3-yaml) with the same
              values as the JSON (absent = null); skipped without PyYAML
  safety      no script, iframe, object, embed, form or style element, no on*
              attribute, no javascript:, vbscript: or data:text URL: in the
              Markdown's raw HTML and link destinations (parsed by cmark), in
              every tag of the HTML page (whose own <style> in <head> is the
              only style allowed); text has no markup
Pages where folio finds no article (exit 1) hold every property trivially
and are counted apart. Prints each failure, the count of pages each
property held on, and "N passed, M failed"; exits non-zero on a failure.
Skips (and passes) when ../shared is absent.
"""
import concurrent.futures
import glob
import html.parser
import json
import os
import subprocess
import sys

try:
    import yaml
except ImportError:
    yaml = None

FM_KEYS = ["title", "author", "date", "site", "source", "lang", "description", "image"]
BAD_TAGS = {"script", "iframe", "object", "embed", "form", "style"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text")
# The round trip is checked a second time with these options.
WRAPPED = ("--no-front-matter", "--wrap", "40", "--link-style", "reference")
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "xlink:href", "cite"}


def pages(root):
    shared = os.path.join(root, "..", "shared", "corpus")
    found = sorted(glob.glob(os.path.join(shared, "readability", "*", "source.html")))
    found += sorted(glob.glob(os.path.join(shared, "trafilatura", "*.html")))
    return found


def folio(binary, fmt, page, extra=()):
    r = subprocess.run([binary, "--offline", "-f", fmt, *extra, page], capture_output=True,
                       timeout=120)
    return r.returncode, r.stdout.decode("utf-8", "strict")


def split_front_matter(md):
    """(front matter text or None, body) of folio's Markdown."""
    if not md.startswith("---\n"):
        return None, md
    end = md.find("\n---\n", 3)
    if end < 0:
        return "", md
    body = md[end + 5:]
    if body.startswith("\n"):
        body = body[1:]
    return md[4:end + 1], body


class SafetyScan(html.parser.HTMLParser):
    """Collects what is unsafe in the HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.in_head = False
        self.styles = 0

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        if tag == "body":
            self.in_head = False
        if tag == "style" and self.in_head and self.styles == 0:
            self.styles += 1
        elif tag in BAD_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} attribute on <{tag}>")
            if name in URL_ATTRS and value:
                v = "".join(c for c in value if ord(c) > 32).lower()
                if v.startswith(BAD_SCHEMES):
                    self.problems.append(f"{value[:40]} in <{tag} {name}>")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def first_difference(a, b):
    al, bl = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return f"line {i + 1}: text {x[:100]!r} / parsed {y[:100]!r}"
    return f"{len(al)} lines / {len(bl)} lines"


def check_roundtrip(helper, body, text, js):
    r = subprocess.run([helper], input=body.encode("utf-8"), capture_output=True, timeout=60)
    if r.returncode != 0:
        return f"roundtrip helper exit {r.returncode}"
    parsed = r.stdout.decode("utf-8")
    if parsed != text:
        return "text differs: " + first_difference(text, parsed)
    if js is None:
        return None
    if js.get("text") != text:
        return "json text differs from the text output"
    if js.get("markdown") != body:
        return "json markdown differs from the Markdown output"
    return None


def check_front_matter(fm, js):
    try:
        data = yaml.safe_load(fm) if fm else {}
    except yaml.YAMLError as e:
        return f"YAML does not load: {str(e).splitlines()[0]}"
    data = data or {}
    if not isinstance(data, dict):
        return "front matter is not a mapping"
    for k in FM_KEYS:
        if data.get(k) != js.get(k):
            return f"{k}: YAML {data.get(k)!r} / JSON {js.get(k)!r}"
    extra = set(data) - set(FM_KEYS)
    return f"unexpected keys {sorted(extra)}" if extra else None


def check_safety(helper, body, page_html):
    problems = []
    r = subprocess.run([helper, "--safety"], input=body.encode("utf-8"), capture_output=True,
                       timeout=60)
    if r.returncode != 0:
        problems += ["markdown: " + x for x in r.stdout.decode("utf-8").splitlines()]
    scan = SafetyScan()
    scan.feed(page_html)
    scan.close()
    problems += ["html: " + x for x in scan.problems]
    return "; ".join(problems[:5]) if problems else None


def check_page(binary, helper, page):
    """{property: None (held) | message}, or "no article"."""
    try:
        rc, md = folio(binary, "md", page)
        if rc == 1:
            return "no article"
        if rc != 0:
            return {"run": f"folio -f md exit {rc}"}
        outs = {}
        for fmt in ("text", "json", "html"):
            rc, outs[fmt] = folio(binary, fmt, page)
            if rc != 0:
                return {"run": f"folio -f {fmt} exit {rc}"}
        rc, outs["md-wrap"] = folio(binary, "md", page, WRAPPED)
        if rc != 0:
            return {"run": f"folio -f md {' '.join(WRAPPED)} exit {rc}"}
    except (subprocess.TimeoutExpired, UnicodeDecodeError, OSError) as e:
        return {"run": str(e)[:200]}
    lines = outs["json"].splitlines()
    try:
        js = json.loads(lines[0]) if len(lines) == 1 else None
    except ValueError as e:
        js = None
    if js is None:
        return {"run": "json output is not one valid JSON line"}
    fm, body = split_front_matter(md)
    trip = check_roundtrip(helper, body, outs["text"], js)
    if not trip:
        trip = check_roundtrip(helper, outs["md-wrap"], outs["text"], None)
        trip = trip and f"with {' '.join(WRAPPED)}: {trip}"
    res = {"round trip": trip,
           "safety": check_safety(helper, body, outs["html"])}
    if yaml is not None:
        res["front matter"] = check_front_matter(fm, js)
    return res


def main():
    binary, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    args = sys.argv[3:]
    helper = None
    if args and not args[0].endswith(".html"):
        helper = args.pop(0)
    if helper is None:
        helper = os.path.join(os.path.dirname(binary), "tests", "roundtrip")
    todo = args or pages(root)
    if not todo:
        print("formats: ../shared/corpus is absent; skipped")
        print("0 passed, 0 failed")
        return 0
    if not os.path.exists(helper):
        print(f"formats: no round-trip helper at {helper}")
        print("0 passed, 1 failed")
        return 1
    if yaml is None:
        print("formats: python3-yaml is missing: the front matter property is skipped")
    props = ["round trip", "front matter", "safety"] if yaml else ["round trip", "safety"]
    held = {p: 0 for p in props}
    failed_pages, no_article = 0, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda p: (p, check_page(binary, helper, p)), todo)
        for page, res in results:
            name = os.path.relpath(page, os.path.join(root, "..", "shared", "corpus"))
            if res == "no article":
                no_article += 1
                continue
            bad = {k: v for k, v in res.items() if v}
            for p in props:
                if p in res and not res[p]:
                    held[p] += 1
            if bad:
                failed_pages += 1
                for k, v in bad.items():
                    print(f"FAIL {name}: {k}: {v}")
    checked = len(todo) - no_article
    for p in props:
        print(f"{p}: held on {held[p]} of {checked} pages with an article")
    print(f"{no_article} of {len(todo)} pages had no article (every property holds trivially)")
    print(f"{len(todo) - failed_pages} passed, {failed_pages} failed")
    return 1 if failed_pages else 0


if __name__ == "__main__":
    sys.exit(main())
